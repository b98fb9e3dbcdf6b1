#pragma once

#include "graphql/executor.h"
#include "store/rollingstore.h"

#include <QJsonObject>
#include <QString>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace pulse::api {

/** The MetricPoint fields that read a store field, in schema order from `value`. */
struct PointField {
    QStringView name;
    Field field;
};
inline constexpr std::array<PointField, 12> kPointFields { { { u"value", Field::Value }, { u"p95", Field::P95 },
    { u"p99", Field::P99 }, { u"count", Field::Count }, { u"min", Field::Min }, { u"max", Field::Max },
    { u"mean", Field::Mean }, { u"p50", Field::P50 }, { u"sum", Field::Sum }, { u"rate", Field::Rate },
    { u"p90", Field::P90 }, { u"p999", Field::P999 } } };
/** /metrics/stream points carry the first this many of kPointFields (not p90/p999, which came later). */
inline constexpr std::size_t kStreamPointFieldCount = 10;

/** `name{k=v}|g`: the Series.id of a series. */
QString seriesId(const SeriesInfo& info);

/** A Series object; `info` must outlive it unless `keepAlive` holds it. */
graphql::ObjectPtr makeSeriesObject(
    const SeriesInfo& info, SeriesInfoPtr keepAlive, std::optional<TimestampMs> lastUpdateMs);

/** A statistic of a closed window as the store's field would give it; NaN when absent or not applicable. */
double windowField(const WindowResult& result, std::span<const double> quantiles, Field field);

/**
 * A MetricPoint over one window of a subscription: closed, or still open when `isProvisional` (the live edge).
 * `series`, `result` and `batch` must outlive it.
 */
graphql::ObjectPtr makeWindowPoint(const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch,
    const RollingStore* store, bool isProvisional = false);

/** How a query asks for points: a resolution index of the store, or the finest that fits. */
struct PointRange {
    TimestampMs fromMs = 0;
    TimestampMs toMs = 0;
    std::size_t resolution = 0;
};

/** A MetricPoint with the start of its window, for merging several series by time. */
struct TimedPoint {
    TimestampMs timeMs = 0;
    graphql::Resolved point;
};

/**
 * The closed windows of one series over a range at one store resolution, as MetricPoint objects: one per window
 * with a `value` (a window without data is absent; `provisional` is false); the other fields are read from the store
 * when first asked.
 */
std::vector<TimedPoint> readPoints(const RollingStore& store, const CatalogEntry& entry, const PointRange& range);

/** Bare JSON point for /metrics/stream: timestamp, series and every statistic that has a value. */
QJsonObject windowPointJson(const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch);

} // namespace pulse::api
