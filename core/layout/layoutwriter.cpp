#include "layout/layoutwriter.h"

#include "model/duration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace pulse::layout {

using namespace Qt::StringLiterals;

namespace {

QString durationText(std::int64_t ms)
{
    return QString::fromStdString(formatDurationMs(ms));
}
QString fieldText(Field field)
{
    return QString::fromLatin1(fieldName(field));
}

QJsonObject sourceJson(const Source& source)
{
    QJsonObject object { { u"type"_s, name(source.type) } };
    switch (source.type) {
    case SourceType::Udp:
        object.insert(u"listen"_s, QString::fromStdString(source.listen.toString()));
        break;
    case SourceType::System:
        object.insert(u"interval"_s, durationText(source.intervalMs));
        break;
    case SourceType::Kafka:
    case SourceType::Backend:
    case SourceType::Postgres:
        object.insert(u"url"_s, QString::fromStdString(source.url));
        break;
    }
    return object;
}

QJsonObject queryJson(const Query& query)
{
    QJsonObject window { { u"type"_s, name(query.window.kind) }, { u"size"_s, durationText(query.window.sizeMs) } };
    if (query.window.kind == WindowKind::Sliding)
        window.insert(u"slide"_s, durationText(query.window.slideMs));
    QJsonObject object {
        { u"selector"_s, QString::fromStdString(query.selector.text()) },
        { u"field"_s, fieldText(query.field) },
        { u"window"_s, window },
    };
    if (!query.groupBy.isEmpty())
        object.insert(u"groupBy"_s, query.groupBy);
    if (!query.legend.isEmpty())
        object.insert(u"legend"_s, query.legend);
    return object;
}

QJsonValue optionsJson(const Panel& panel)
{
    switch (panel.type) {
    case PanelType::Bargauge:
        return QJsonObject { { u"orientation"_s, name(panel.options.orientation) } };
    case PanelType::Text:
        return QJsonObject { { u"content"_s, panel.options.content } };
    case PanelType::Table: {
        QJsonArray columns;
        for (Field field : panel.options.columns)
            columns.append(fieldText(field));
        return QJsonObject { { u"columns"_s, columns } };
    }
    default:
        return QJsonValue::Undefined;
    }
}

QJsonObject panelJson(const Panel& panel)
{
    QJsonObject object {
        { u"type"_s, name(panel.type) },
        { u"title"_s, panel.title },
        { u"x"_s, panel.x },
        { u"y"_s, panel.y },
        { u"w"_s, panel.w },
        { u"h"_s, panel.h },
        { u"autoScale"_s, panel.isAutoScaled },
    };
    if (!panel.description.isEmpty())
        object.insert(u"description"_s, panel.description);
    if (!panel.queries.empty()) {
        QJsonArray queries;
        for (const Query& query : panel.queries)
            queries.append(queryJson(query));
        object.insert(u"queries"_s, queries);
    }
    if (panel.unit.kind == UnitKind::Custom)
        object.insert(u"unit"_s, QJsonObject { { u"custom"_s, panel.unit.customSuffix } });
    else
        object.insert(u"unit"_s, name(panel.unit.kind));
    if (panel.decimals)
        object.insert(u"decimals"_s, *panel.decimals);
    if (panel.min)
        object.insert(u"min"_s, *panel.min);
    if (panel.max)
        object.insert(u"max"_s, *panel.max);
    if (!panel.thresholds.empty()) {
        QJsonArray thresholds;
        for (const Threshold& t : panel.thresholds) {
            QJsonObject threshold { { u"value"_s, t.value }, { u"severity"_s, name(t.severity) } };
            if (!t.color.isEmpty())
                threshold.insert(u"color"_s, t.color);
            thresholds.append(threshold);
        }
        object.insert(u"thresholds"_s, thresholds);
    }
    if (!panel.valueMappings.empty()) {
        QJsonArray mappings;
        for (const ValueMapping& m : panel.valueMappings) {
            QJsonObject mapping;
            if (m.isRange) {
                mapping.insert(u"from"_s, m.from);
                mapping.insert(u"to"_s, m.to);
            } else {
                mapping.insert(u"value"_s, m.value);
            }
            if (!m.text.isEmpty() || m.color.isEmpty())
                mapping.insert(u"text"_s, m.text);
            if (!m.color.isEmpty())
                mapping.insert(u"color"_s, m.color);
            mappings.append(mapping);
        }
        object.insert(u"valueMappings"_s, mappings);
    }
    if (panel.staleAfterMs)
        object.insert(u"staleAfter"_s, durationText(*panel.staleAfterMs));
    if (const QJsonValue options = optionsJson(panel); !options.isUndefined())
        object.insert(u"options"_s, options);
    return object;
}

} // namespace

QJsonObject toJson(const Dashboard& dashboard)
{
    QJsonArray sources;
    for (const Source& source : dashboard.sources)
        sources.append(sourceJson(source));
    for (const QJsonObject& unknown : dashboard.unknownSources)
        sources.append(unknown);
    QJsonArray panels;
    for (const Panel& panel : dashboard.panels)
        panels.append(panelJson(panel));
    QJsonValue display = name(dashboard.display.kind);
    if (dashboard.display.kind == DisplayProfile::Kind::Custom)
        display = QJsonObject { { u"minTextMm"_s, dashboard.display.minTextMm } };
    return QJsonObject {
        { u"schemaVersion"_s, kSchemaVersion },
        { u"title"_s, dashboard.title },
        { u"timeRange"_s, QJsonObject { { u"last"_s, durationText(dashboard.timeRangeMs) } } },
        { u"renderRateHz"_s, dashboard.renderRateHz },
        { u"theme"_s, name(dashboard.theme) },
        { u"display"_s, display },
        { u"sources"_s, sources },
        { u"panels"_s, panels },
    };
}

QByteArray serializeLayout(const Dashboard& dashboard)
{
    // QJsonObject keeps keys sorted, which makes the output canonical without extra work.
    return QJsonDocument(toJson(dashboard)).toJson(QJsonDocument::Indented);
}

LayoutSaveResult saveLayoutFile(const Dashboard& dashboard, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return { false, u"cannot write \""_s + path + u"\": "_s + file.errorString() };
    const QByteArray bytes = serializeLayout(dashboard);
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return { false, u"cannot write \""_s + path + u"\": "_s + reason };
    }
    if (!file.commit())
        return { false, u"cannot save \""_s + path + u"\": "_s + file.errorString() };
    return { true, {} };
}

} // namespace pulse::layout
