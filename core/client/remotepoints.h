#pragma once

#include "ingest/ingestbatch.h"

#include <QJsonObject>

#include <optional>
#include <string>

namespace pulse::client {

/** The MetricPoint fields the client selects: every statistic the store keeps, and whether the window is still open. */
inline constexpr char kPointSelection[]
    = "timestamp provisional value count sum min max mean rate p50 p90 p95 p99 p999";
/** The Series fields the client selects. */
inline constexpr char kSeriesSelection[] = "name type tags { key value }";

/** A series as the server names it. */
struct RemoteSeries {
    std::string name;
    std::vector<Tag> tags;
    MetricType type = MetricType::Gauge;
};

/** A `Series` object (name, type, tags); nullopt with `error` when a field is missing or of the wrong kind. */
std::optional<RemoteSeries> seriesFromJson(const QJsonObject& series, std::string& error);

/**
 * One `MetricPoint` of `series` as a window [timestamp, timestamp + stepMs): the statistics that apply to the type,
 * NaN where the server sent null; nullopt with `error` when the timestamp or a statistic is malformed.
 */
std::optional<RemoteWindow> windowFromPoint(
    const QJsonObject& point, const RemoteSeries& series, std::int64_t stepMs, std::string& error);

} // namespace pulse::client
