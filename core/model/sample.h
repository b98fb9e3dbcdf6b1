#pragma once

#include "model/clock.h"
#include "model/metrictype.h"

#include <cstdint>

namespace pulse {

/** Compact id of an interned series (name + sorted tags + type). */
using SeriesId = std::uint32_t;
inline constexpr SeriesId kInvalidSeries = 0xffffffffu;

/** One measurement of one series, ready for the window engine. */
struct Sample {
    SeriesId series = kInvalidSeries;
    MetricType type = MetricType::Gauge;
    double value = 0.0; ///< not used for sets (see setMemberHash)
    double sampleRate = 1.0; ///< (0, 1]; counters and timers are weighted by 1 / rate
    TimestampMs eventTimeMs = 0; ///< from the input when it has one, arrival time otherwise
    bool isDelta = false; ///< gauges only: value is added to the current value
    std::uint64_t setMemberHash = 0; ///< sets only: hash of the member string
};

} // namespace pulse
