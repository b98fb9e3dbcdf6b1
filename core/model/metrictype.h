#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace pulse {

/** The kind of a metric, as StatsD names them; Influx fields become gauges. */
enum class MetricType : std::uint8_t { Counter, Gauge, Timer, Histogram, Distribution, Set };

inline constexpr int kMetricTypeCount = 6;

/** StatsD spelling of a type: "c", "g", "ms", "h", "d", "s". */
constexpr std::string_view statsdTypeName(MetricType t)
{
    switch (t) {
    case MetricType::Counter:
        return "c";
    case MetricType::Gauge:
        return "g";
    case MetricType::Timer:
        return "ms";
    case MetricType::Histogram:
        return "h";
    case MetricType::Distribution:
        return "d";
    case MetricType::Set:
        return "s";
    }
    return "?";
}

/** Human spelling of a type: "counter", "gauge", ... */
constexpr std::string_view metricTypeName(MetricType t)
{
    switch (t) {
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Timer:
        return "timer";
    case MetricType::Histogram:
        return "histogram";
    case MetricType::Distribution:
        return "distribution";
    case MetricType::Set:
        return "set";
    }
    return "?";
}

constexpr std::optional<MetricType> metricTypeFromStatsd(std::string_view s)
{
    if (s == "c")
        return MetricType::Counter;
    if (s == "g")
        return MetricType::Gauge;
    if (s == "ms")
        return MetricType::Timer;
    if (s == "h")
        return MetricType::Histogram;
    if (s == "d")
        return MetricType::Distribution;
    if (s == "s")
        return MetricType::Set;
    return std::nullopt;
}

/** Timers, histograms and distributions keep a t-digest per pane. */
constexpr bool hasDigest(MetricType t)
{
    return t == MetricType::Timer || t == MetricType::Histogram || t == MetricType::Distribution;
}

} // namespace pulse
