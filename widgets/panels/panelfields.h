#pragma once

#include "layout/dashboard.h"
#include "query/paneldata.h"

#include <QString>

#include <array>
#include <optional>
#include <span>
#include <vector>

namespace pulse::ui {

/**
 * Table and heatmap panels show several fields of each series, but a layout query names one field. The render
 * tick evaluates queriesToEvaluate(panel) instead of panel.queries: each query repeated once per needed field
 * (query-major), and the panel regroups the resulting lines with groupLinesBySeries().
 */
std::vector<layout::Query> expandQueries(const std::vector<layout::Query>& queries, std::span<const Field> fields);

/** The fields a heatmap needs to rebuild a distribution: count, min, the quantiles, max. */
std::span<const Field> heatmapFields();

/** The queries the render tick evaluates for a panel: expanded for table and heatmap panels, as-is otherwise. */
std::vector<layout::Query> queriesToEvaluate(const layout::Panel& panel);

/** The lines of one series (or one group-by value of a query), one slot per field. */
struct SeriesLines {
    QString label; ///< the first line's label
    QString groupValue;
    MetricType type = MetricType::Gauge;
    std::array<const PanelLine*, kFieldCount> byField {};
    const PanelLine* line(Field field) const { return byField[static_cast<std::size_t>(field)]; }
};

/**
 * Regroups data evaluated either from queriesToEvaluate(panel) or from panel.queries: lines whose query has the
 * same selector, window and group-by tag and the same group value belong together. Order: first appearance.
 */
std::vector<SeriesLines> groupLinesBySeries(const layout::Panel& panel, const PanelData& data);

} // namespace pulse::ui
