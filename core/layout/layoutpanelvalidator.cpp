#include "layout/layoutvalidator.h"

#include "model/duration.h"
#include "window/windowengine.h"

#include <algorithm>
#include <cmath>

namespace pulse::layout::detail {

using namespace Qt::StringLiterals;

std::optional<Panel> Reader::readPanel(const QJsonValue& value, const QString& path)
{
    const auto object = this->object(value, path, u"panel");
    if (!object)
        return std::nullopt;
    checkKeys(*object, path,
        { u"type", u"title", u"description", u"x", u"y", u"w", u"h", u"queries", u"unit", u"autoScale", u"decimals",
            u"min", u"max", u"thresholds", u"valueMappings", u"staleAfter", u"options" });
    Panel panel;
    bool isDropped = false;

    if (!object->contains(u"type"_s)) {
        error(member(path, u"type"_s), u"missing; panel dropped"_s);
        isDropped = true;
    } else if (const auto typeName = string(*object, u"type"_s, path)) {
        if (const auto type = parsePanelType(*typeName)) {
            panel.type = *type;
        } else {
            error(member(path, u"type"_s), u"unknown panel type "_s + quoted(*typeName) + u"; panel dropped"_s);
            isDropped = true;
        }
    } else {
        isDropped = true;
    }
    if (auto title = string(*object, u"title"_s, path))
        panel.title = *title;
    if (auto description = string(*object, u"description"_s, path))
        panel.description = *description;

    // The grid position is required: without it the panel has no place on the dashboard.
    const auto gridValue = [&](const QString& key, int min, int max, int& target) {
        if (!object->contains(key)) {
            error(member(path, key), u"missing; panel dropped"_s);
            isDropped = true;
        } else if (const auto v = integer(*object, key, path, min, max, u"panel dropped")) {
            target = *v;
        } else {
            isDropped = true;
        }
    };
    gridValue(u"x"_s, 0, kGridColumns - 1, panel.x);
    gridValue(u"y"_s, 0, kGridMaxRows - 1, panel.y);
    gridValue(u"w"_s, 1, kGridColumns, panel.w);
    gridValue(u"h"_s, 1, kGridMaxRows, panel.h);
    if (panel.x + panel.w > kGridColumns) {
        error(member(path, u"w"_s),
            u"x + w must be at most %1, got %2 + %3; panel dropped"_s.arg(kGridColumns).arg(panel.x).arg(panel.w));
        isDropped = true;
    }
    if (panel.y + panel.h > kGridMaxRows) {
        error(member(path, u"h"_s),
            u"y + h must be at most %1, got %2 + %3; panel dropped"_s.arg(kGridMaxRows).arg(panel.y).arg(panel.h));
        isDropped = true;
    }

    const bool usesQueries = panel.type != PanelType::Text && panel.type != PanelType::Clock;
    if (const auto queries = array(*object, u"queries"_s, path, kMaxQueriesPerPanel)) {
        if (!usesQueries && !isDropped) {
            warn(member(path, u"queries"_s), u"not used by a "_s + name(panel.type) + u" panel; ignored"_s);
        } else {
            for (qsizetype i = 0; i < queries->size(); ++i)
                if (auto query = readQuery(queries->at(i), index(member(path, u"queries"_s), i)))
                    panel.queries.push_back(std::move(*query));
        }
    } else if (usesQueries && !isDropped && !object->contains(u"queries"_s)) {
        warn(member(path, u"queries"_s), u"missing; the panel shows no data"_s);
    }

    readUnit(*object, path, panel);
    if (auto isAutoScaled = boolean(*object, u"autoScale"_s, path))
        panel.isAutoScaled = *isAutoScaled;
    panel.decimals = integer(*object, u"decimals"_s, path, 0, 10);
    panel.min = real(*object, u"min"_s, path);
    panel.max = real(*object, u"max"_s, path);
    if (panel.min && panel.max && *panel.min >= *panel.max) {
        error(member(path, u"max"_s),
            u"must be greater than min, got min %1 and max %2; both ignored"_s.arg(
                number(*panel.min), number(*panel.max)));
        panel.min.reset();
        panel.max.reset();
    }
    readThresholds(*object, path, panel);
    readValueMappings(*object, path, panel);
    panel.staleAfterMs = duration(*object, u"staleAfter"_s, path);
    readOptions(*object, path, panel);
    if (isDropped)
        return std::nullopt;
    return panel;
}

std::optional<Query> Reader::readQuery(const QJsonValue& value, const QString& path)
{
    const auto object = this->object(value, path, u"query");
    if (!object)
        return std::nullopt;
    checkKeys(*object, path, { u"selector", u"field", u"window", u"groupBy", u"legend" });
    Query query;
    bool isDropped = false;
    if (!object->contains(u"selector"_s)) {
        error(member(path, u"selector"_s), u"missing; query dropped"_s);
        isDropped = true;
    } else if (const auto text = string(*object, u"selector"_s, path)) {
        SelectorParse parsed = SeriesSelector::parse(utf8(*text));
        if (parsed.isOk()) {
            query.selector = std::move(*parsed.selector);
        } else {
            error(member(path, u"selector"_s),
                u"invalid selector "_s + quoted(*text) + u": "_s + QString::fromStdString(parsed.error)
                    + u"; query dropped"_s);
            isDropped = true;
        }
    } else {
        isDropped = true;
    }
    if (const auto fieldName = string(*object, u"field"_s, path)) {
        if (const auto field = parseField(utf8(*fieldName)))
            query.field = *field;
        else
            error(member(path, u"field"_s), u"unknown field "_s + quoted(*fieldName));
    }
    if (object->contains(u"window"_s))
        if (auto window = readWindow(object->value(u"window"_s), member(path, u"window"_s)))
            query.window = *window;
    if (auto groupBy = string(*object, u"groupBy"_s, path)) {
        if (groupBy->trimmed().isEmpty() || groupBy->trimmed() != *groupBy)
            error(
                member(path, u"groupBy"_s), u"must be a tag key without surrounding spaces, got "_s + quoted(*groupBy));
        else
            query.groupBy = *groupBy;
    }
    if (auto legend = string(*object, u"legend"_s, path)) {
        // Every "{{" needs a matching "}}" around a non-empty tag key.
        bool isValid = true;
        for (qsizetype at = legend->indexOf(u"{{"_s); at >= 0 && isValid; at = legend->indexOf(u"{{"_s, at)) {
            const qsizetype close = legend->indexOf(u"}}"_s, at + 2);
            isValid = close > at + 2 && !QStringView(*legend).sliced(at + 2, close - at - 2).trimmed().isEmpty();
            at = close;
        }
        if (isValid)
            query.legend = *legend;
        else
            error(member(path, u"legend"_s), u"unclosed or empty {{tag}} in "_s + quoted(*legend));
    }
    if (isDropped)
        return std::nullopt;
    return query;
}

std::optional<QueryWindow> Reader::readWindow(const QJsonValue& value, const QString& path)
{
    if (!value.isObject()) {
        error(path, u"expected an object, got "_s + describe(value));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    checkKeys(object, path, { u"type", u"size", u"slide" });
    QueryWindow window;
    bool isValid = true;
    if (const auto kindName = string(object, u"type"_s, path)) {
        if (const auto kind = parseWindowKind(*kindName)) {
            window.kind = *kind;
        } else {
            error(member(path, u"type"_s),
                u"unknown window type "_s + quoted(*kindName) + u" (expected tumbling or sliding)"_s);
            isValid = false;
        }
    }
    const auto checkMs = [&](const QString& key, std::int64_t ms) {
        if (ms % WindowEngine::kPaneMs != 0 || ms > WindowEngine::kMaxWindowSizeMs) {
            error(member(path, key),
                u"must be whole seconds and at most 31d, got "_s + QString::fromStdString(formatDurationMs(ms)));
            isValid = false;
        }
    };
    if (const auto sizeMs = duration(object, u"size"_s, path)) {
        window.sizeMs = *sizeMs;
        checkMs(u"size"_s, *sizeMs);
    } else if (object.contains(u"size"_s)) {
        isValid = false;
    }
    window.slideMs = window.sizeMs;
    if (window.kind == WindowKind::Tumbling) {
        if (object.contains(u"slide"_s))
            warn(member(path, u"slide"_s), u"not used by a tumbling window; ignored"_s);
    } else if (!object.contains(u"slide"_s)) {
        error(member(path, u"slide"_s), u"missing (a sliding window needs one)"_s);
        isValid = false;
    } else if (const auto slideMs = duration(object, u"slide"_s, path)) {
        window.slideMs = *slideMs;
        checkMs(u"slide"_s, *slideMs);
        if (isValid
            && (window.sizeMs % *slideMs != 0 || window.sizeMs / *slideMs > WindowEngine::kMaxBlocksPerWindow)) {
            error(member(path, u"slide"_s),
                u"must divide the size into at most %1 steps, got size %2 and slide %3"_s.arg(
                    QString::number(WindowEngine::kMaxBlocksPerWindow),
                    QString::fromStdString(formatDurationMs(window.sizeMs)),
                    QString::fromStdString(formatDurationMs(*slideMs))));
            isValid = false;
        }
    } else {
        isValid = false;
    }
    if (!isValid)
        return std::nullopt;
    return window;
}

void Reader::readUnit(const QJsonObject& object, const QString& path, Panel& panel)
{
    const QJsonValue unit = object.value(u"unit"_s);
    const QString unitPath = member(path, u"unit"_s);
    if (unit.isUndefined())
        return;
    if (unit.isString()) {
        if (const auto kind = parseUnitKind(unit.toString()))
            panel.unit.kind = *kind;
        else
            error(unitPath, u"unknown unit "_s + quoted(unit.toString()));
        return;
    }
    if (!unit.isObject()) {
        error(unitPath, u"expected a string or {\"custom\": \"suffix\"}, got "_s + describe(unit));
        return;
    }
    const QJsonObject custom = unit.toObject();
    checkKeys(custom, unitPath, { u"custom" });
    if (!custom.contains(u"custom"_s)) {
        error(member(unitPath, u"custom"_s), u"missing"_s);
    } else if (const auto suffix = string(custom, u"custom"_s, unitPath)) {
        if (suffix->size() > 32)
            error(member(unitPath, u"custom"_s), u"longer than 32 characters"_s);
        else
            panel.unit = { UnitKind::Custom, *suffix };
    }
}

void Reader::readThresholds(const QJsonObject& object, const QString& path, Panel& panel)
{
    const QString listPath = member(path, u"thresholds"_s);
    const auto thresholds = array(object, u"thresholds"_s, path, kMaxThresholds);
    if (!thresholds)
        return;
    for (qsizetype i = 0; i < thresholds->size(); ++i) {
        const QString itemPath = index(listPath, i);
        const auto item = this->object(thresholds->at(i), itemPath, u"threshold");
        if (!item)
            continue;
        checkKeys(*item, itemPath, { u"value", u"color", u"severity" });
        Threshold threshold;
        bool isValid = true;
        if (!item->contains(u"value"_s)) {
            error(member(itemPath, u"value"_s), u"missing; threshold dropped"_s);
            isValid = false;
        }
        if (const auto value = real(*item, u"value"_s, itemPath))
            threshold.value = *value;
        else
            isValid = false;
        // Without a colour the threshold takes its severity's colour from the theme.
        if (item->contains(u"color"_s)) {
            if (const auto colour = color(*item, u"color"_s, itemPath))
                threshold.color = *colour;
            else
                isValid = false;
        }
        if (const auto severityName = string(*item, u"severity"_s, itemPath)) {
            if (const auto severity = parseThresholdSeverity(*severityName))
                threshold.severity = *severity;
            else
                error(member(itemPath, u"severity"_s),
                    u"unknown severity "_s + quoted(*severityName) + u" (expected ok, warning or critical)"_s);
        }
        if (isValid && !panel.thresholds.empty() && threshold.value <= panel.thresholds.back().value) {
            error(member(itemPath, u"value"_s),
                u"must be greater than the previous threshold's value %1; threshold dropped"_s.arg(
                    number(panel.thresholds.back().value)));
            isValid = false;
        }
        if (isValid)
            panel.thresholds.push_back(threshold);
    }
}

void Reader::readValueMappings(const QJsonObject& object, const QString& path, Panel& panel)
{
    const QString listPath = member(path, u"valueMappings"_s);
    const auto mappings = array(object, u"valueMappings"_s, path, kMaxValueMappings);
    if (!mappings)
        return;
    for (qsizetype i = 0; i < mappings->size(); ++i) {
        const QString itemPath = index(listPath, i);
        const auto item = this->object(mappings->at(i), itemPath, u"mapping");
        if (!item)
            continue;
        checkKeys(*item, itemPath, { u"value", u"from", u"to", u"text", u"color" });
        ValueMapping mapping;
        bool isValid = true;
        const bool hasValue = item->contains(u"value"_s);
        const bool hasRange = item->contains(u"from"_s) || item->contains(u"to"_s);
        if (hasValue == hasRange) {
            error(itemPath, u"needs either \"value\" or \"from\" and \"to\"; mapping dropped"_s);
            isValid = false;
        } else if (hasValue) {
            const auto v = real(*item, u"value"_s, itemPath);
            isValid = v.has_value();
            mapping.value = v.value_or(0);
        } else {
            mapping.isRange = true;
            for (const QString& key : { u"from"_s, u"to"_s })
                if (!item->contains(key)) {
                    error(member(itemPath, key), u"missing; mapping dropped"_s);
                    isValid = false;
                }
            const auto from = real(*item, u"from"_s, itemPath);
            const auto to = real(*item, u"to"_s, itemPath);
            if (from && to && *from > *to) {
                error(member(itemPath, u"to"_s),
                    u"must not be less than from, got from %1 and to %2; mapping dropped"_s.arg(
                        number(*from), number(*to)));
                isValid = false;
            }
            isValid = isValid && from && to;
            mapping.from = from.value_or(0);
            mapping.to = to.value_or(0);
        }
        if (auto text = string(*item, u"text"_s, itemPath))
            mapping.text = *text;
        if (auto colour = color(*item, u"color"_s, itemPath))
            mapping.color = *colour;
        if (!item->contains(u"text"_s) && !item->contains(u"color"_s)) {
            error(itemPath, u"needs \"text\" or \"color\"; mapping dropped"_s);
            isValid = false;
        }
        if (isValid)
            panel.valueMappings.push_back(mapping);
    }
}

void Reader::readOptions(const QJsonObject& object, const QString& path, Panel& panel)
{
    const QJsonValue value = object.value(u"options"_s);
    const QString optionsPath = member(path, u"options"_s);
    if (value.isUndefined())
        return;
    if (!value.isObject()) {
        error(optionsPath, u"expected an object, got "_s + describe(value));
        return;
    }
    const QJsonObject options = value.toObject();
    switch (panel.type) {
    case PanelType::Bargauge:
        checkKeys(options, optionsPath, { u"orientation" });
        if (const auto text = string(options, u"orientation"_s, optionsPath)) {
            if (const auto orientation = parseOrientation(*text))
                panel.options.orientation = *orientation;
            else
                error(member(optionsPath, u"orientation"_s),
                    u"unknown orientation "_s + quoted(*text) + u" (expected horizontal or vertical)"_s);
        }
        break;
    case PanelType::Text:
        checkKeys(options, optionsPath, { u"content" });
        if (auto content = string(options, u"content"_s, optionsPath))
            panel.options.content = *content;
        break;
    case PanelType::Table:
        checkKeys(options, optionsPath, { u"columns" });
        if (const auto columns = array(options, u"columns"_s, optionsPath, kFieldCount)) {
            std::vector<Field> fields;
            for (qsizetype i = 0; i < columns->size(); ++i) {
                const QString columnPath = index(member(optionsPath, u"columns"_s), i);
                const QJsonValue column = columns->at(i);
                const auto field = column.isString() ? parseField(utf8(column.toString())) : std::nullopt;
                if (!column.isString())
                    error(columnPath, u"expected a string, got "_s + describe(column));
                else if (!field)
                    error(columnPath, u"unknown field "_s + quoted(column.toString()));
                else
                    fields.push_back(*field);
            }
            if (!fields.empty())
                panel.options.columns = std::move(fields);
        }
        break;
    default:
        warn(optionsPath, u"not used by a "_s + name(panel.type) + u" panel; ignored"_s);
        break;
    }
}

} // namespace pulse::layout::detail
