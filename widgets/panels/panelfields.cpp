#include "panels/panelfields.h"

#include <QLocale>

#include <cmath>
#include <map>
#include <tuple>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

constexpr std::array kHeatmapFields { Field::Count, Field::Min, Field::P50, Field::P90, Field::P95, Field::P99,
    Field::P999, Field::Max };

bool linesMatch(const std::vector<layout::Query>& queries, const PanelData& data)
{
    for (const PanelLine& line : data.lines) {
        if (line.queryIndex < 0 || static_cast<std::size_t>(line.queryIndex) >= queries.size())
            return false;
        if (queries[static_cast<std::size_t>(line.queryIndex)].field != line.field)
            return false;
    }
    return true;
}

QString unitSuffix(const layout::Unit& unit)
{
    switch (unit.kind) {
    case layout::UnitKind::None:
        return {};
    case layout::UnitKind::Percent:
        return u"%"_s;
    case layout::UnitKind::Seconds:
        return u" s"_s;
    case layout::UnitKind::Milliseconds:
        return u" ms"_s;
    case layout::UnitKind::Microseconds:
        return u" µs"_s;
    case layout::UnitKind::Bytes:
        return u" B"_s;
    case layout::UnitKind::BitsPerSecond:
        return u" b/s"_s;
    case layout::UnitKind::RequestsPerSecond:
        return u" req/s"_s;
    case layout::UnitKind::Custom:
        return unit.customSuffix.isEmpty() ? QString() : u" "_s + unit.customSuffix;
    }
    return {};
}

} // namespace

std::vector<layout::Query> expandQueries(const std::vector<layout::Query>& queries, std::span<const Field> fields)
{
    std::vector<layout::Query> expanded;
    expanded.reserve(queries.size() * fields.size());
    for (const layout::Query& query : queries)
        for (const Field field : fields) {
            expanded.push_back(query);
            expanded.back().field = field;
        }
    return expanded;
}

std::span<const Field> heatmapFields()
{
    return kHeatmapFields;
}

std::vector<layout::Query> queriesToEvaluate(const layout::Panel& panel)
{
    switch (panel.type) {
    case layout::PanelType::Table:
        return expandQueries(panel.queries, panel.options.columns);
    case layout::PanelType::Heatmap:
        return expandQueries(panel.queries, heatmapFields());
    default:
        return panel.queries;
    }
}

std::vector<SeriesLines> groupLinesBySeries(const layout::Panel& panel, const PanelData& data)
{
    // Prefer the expanded list: it is what the render tick evaluates for these panels.
    std::vector<layout::Query> queries = queriesToEvaluate(panel);
    if (!linesMatch(queries, data))
        queries = panel.queries;
    const bool haveQueries = linesMatch(queries, data);

    using Key = std::tuple<std::string, QString, std::int64_t, std::int64_t, QString, int>;
    std::map<Key, std::size_t> index;
    std::vector<SeriesLines> groups;
    for (const PanelLine& line : data.lines) {
        Key key;
        if (haveQueries) {
            const layout::Query& query = queries[static_cast<std::size_t>(line.queryIndex)];
            key = { query.selector.text(), query.groupBy, query.window.sizeMs, query.window.slideMs, line.groupValue,
                0 };
        } else {
            // Unknown provenance: one row per line.
            key = { {}, line.label, 0, 0, line.groupValue, line.queryIndex };
        }
        auto [it, isNew] = index.try_emplace(key, groups.size());
        if (isNew) {
            groups.emplace_back();
            groups.back().label = line.label;
            groups.back().groupValue = line.groupValue;
            groups.back().type = line.type;
        }
        SeriesLines& group = groups[it->second];
        auto& slot = group.byField[static_cast<std::size_t>(line.field)];
        if (!slot)
            slot = &line;
    }
    return groups;
}

int thresholdIndex(const std::vector<layout::Threshold>& thresholds, double value)
{
    if (std::isnan(value))
        return -1;
    int found = -1;
    for (std::size_t i = 0; i < thresholds.size(); ++i) {
        if (thresholds[i].value <= value)
            found = static_cast<int>(i);
        else
            break;
    }
    return found;
}

const layout::ValueMapping* findValueMapping(const layout::Panel& panel, double value)
{
    for (const layout::ValueMapping& mapping : panel.valueMappings) {
        if (mapping.isRange ? (value >= mapping.from && value <= mapping.to) : value == mapping.value)
            return &mapping;
    }
    return nullptr;
}

QColor thresholdColor(const layout::Threshold& threshold, const Theme& theme)
{
    const QColor own = QColor::fromString(threshold.color);
    return own.isValid() ? own : theme.severityColor(threshold.severity);
}

QString formatPanelValue(const layout::Panel& panel, double value)
{
    if (const layout::ValueMapping* mapping = findValueMapping(panel, value); mapping && !mapping->text.isEmpty())
        return mapping->text;
    if (std::isnan(value))
        return u"–"_s;
    int decimals = 0;
    if (panel.decimals) {
        decimals = *panel.decimals;
    } else {
        const double magnitude = std::abs(value);
        decimals = magnitude == 0 || magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
    }
    return QLocale().toString(value, 'f', decimals) + unitSuffix(panel.unit);
}

} // namespace pulse::ui
