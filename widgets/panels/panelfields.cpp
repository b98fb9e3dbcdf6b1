#include "panels/panelfields.h"

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

} // namespace pulse::ui
