#pragma once

#include "model/clock.h"
#include "model/sample.h"

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace pulse {

class TDigest;

inline constexpr int kMaxQuantiles = 8;

/** A window definition: tumbling when slideMs == sizeMs; both multiples of 1000. */
struct WindowSpec {
    std::int64_t sizeMs = 1000;
    std::int64_t slideMs = 1000;
    bool keepDigest = false; ///< attach the merged digest to results (storage rollups)
    bool isTumbling() const { return sizeMs == slideMs; }
    friend bool operator==(const WindowSpec&, const WindowSpec&) = default;
};

/**
 * The aggregate of one series over one closed window. Fields that do not apply to the type are NaN.
 * - counters: count = samples weighted by 1/rate, sum = Σ value/rate, rate = sum per second
 * - gauges: last (deltas applied), min, max, count, sum, mean of the values seen in the window
 * - timers/histograms/distributions: count (weighted), sum, min, max, mean, quantiles from the merged digest
 * - sets: count (samples), distinct (estimated distinct members)
 */
struct WindowResult {
    SeriesId series = kInvalidSeries;
    MetricType type = MetricType::Gauge;
    std::uint16_t specIndex = 0;
    TimestampMs startMs = 0;
    TimestampMs endMs = 0;
    double count = 0;
    double sum = std::numeric_limits<double>::quiet_NaN();
    double min = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();
    double mean = std::numeric_limits<double>::quiet_NaN();
    double last = std::numeric_limits<double>::quiet_NaN();
    double rate = std::numeric_limits<double>::quiet_NaN();
    double distinct = std::numeric_limits<double>::quiet_NaN();
    std::uint8_t quantileCount = 0;
    std::array<double, kMaxQuantiles> quantiles {}; ///< values for EngineConfig::quantiles, in order
    std::shared_ptr<const TDigest> digest; ///< only when the spec has keepDigest
};

/** Everything one engine step closed for one spec; immutable once published. */
struct WindowBatch {
    std::uint16_t specIndex = 0;
    WindowSpec spec;
    std::vector<double> quantiles; ///< the q values behind WindowResult::quantiles
    std::vector<WindowResult> results;
    /** From IngestBatch::isPersisted: stored elsewhere already; persisting sinks skip the batch. */
    bool isPersisted = false;
};

using WindowBatchPtr = std::shared_ptr<const WindowBatch>;

} // namespace pulse
