#include "layout/layoutmigration.h"

#include "layout/dashboard.h"

#include <QJsonArray>
#include <QJsonValue>

namespace pulse::layout {

using namespace Qt::StringLiterals;

namespace {

/**
 * Schema 0 (pre-release): `name`, `widgets` on a 12-column grid with `col`/`row`/`width`/`height`,
 * `kind` (graph, singlestat or a schema-1 type name) and one `metric` selector per widget.
 * Schema 1 doubles the horizontal resolution, so x and w double while rows keep their height.
 */
QJsonObject migrate0to1(QJsonObject layout)
{
    if (layout.contains(u"name"_s) && !layout.contains(u"title"_s))
        layout.insert(u"title"_s, layout.value(u"name"_s));
    layout.remove(u"name"_s);

    const QJsonValue widgets = layout.value(u"widgets"_s);
    layout.remove(u"widgets"_s);
    if (!widgets.isArray()) {
        // Keep the mistake visible to validation instead of silently dropping it.
        if (!widgets.isUndefined())
            layout.insert(u"panels"_s, widgets);
        return layout;
    }
    QJsonArray panels;
    for (const QJsonValue& value : widgets.toArray()) {
        if (!value.isObject()) {
            panels.append(value);
            continue;
        }
        QJsonObject panel = value.toObject();
        const auto moveKey = [&panel](const QString& from, const QString& to, double factor) {
            if (!panel.contains(from))
                return;
            QJsonValue v = panel.take(from);
            if (v.isDouble())
                v = v.toDouble() * factor;
            panel.insert(to, v);
        };
        moveKey(u"col"_s, u"x"_s, 2);
        moveKey(u"row"_s, u"y"_s, 1);
        moveKey(u"width"_s, u"w"_s, 2);
        moveKey(u"height"_s, u"h"_s, 1);
        if (panel.contains(u"kind"_s)) {
            const QJsonValue kind = panel.take(u"kind"_s);
            if (kind == QJsonValue(u"graph"_s))
                panel.insert(u"type"_s, u"timeseries"_s);
            else if (kind == QJsonValue(u"singlestat"_s))
                panel.insert(u"type"_s, u"stat"_s);
            else
                panel.insert(u"type"_s, kind);
        }
        if (panel.contains(u"metric"_s)) {
            QJsonObject query;
            query.insert(u"selector"_s, panel.take(u"metric"_s));
            panel.insert(u"queries"_s, QJsonArray { query });
        }
        panels.append(panel);
    }
    layout.insert(u"panels"_s, panels);
    return layout;
}

} // namespace

const std::vector<LayoutMigration>& layoutMigrations()
{
    static const std::vector<LayoutMigration> migrations { { 0, &migrate0to1 } };
    return migrations;
}

QJsonObject migrateLayout(QJsonObject layout, int fromVersion)
{
    const auto& migrations = layoutMigrations();
    for (int version = fromVersion; version < kSchemaVersion; ++version) {
        layout = migrations[static_cast<std::size_t>(version)].apply(std::move(layout));
        layout.insert(u"schemaVersion"_s, version + 1);
    }
    return layout;
}

} // namespace pulse::layout
