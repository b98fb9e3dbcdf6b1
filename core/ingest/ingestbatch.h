#pragma once

#include "model/clock.h"
#include "model/seriesregistry.h"
#include "window/windowresult.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pulse {

/** How the bytes of a batch are to be parsed; Json = one JSON metric event per payload (parse/jsonevent.h). */
enum class PayloadFormat : std::uint8_t { Statsd, Influx, Json };

/** One received payload inside IngestBatch::bytes. */
struct PayloadSlice {
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
    TimestampMs arrivalMs = 0;
    bool isTruncated = false; ///< the datagram was larger than the receive buffer (MSG_TRUNC)
};

/** A ready-made measurement (system collector, self-metrics): no parsing needed. */
struct PointSample {
    std::string name;
    std::vector<Tag> tags; ///< any order; the ingestor sorts
    MetricType type = MetricType::Gauge;
    double value = 0;
    TimestampMs timeMs = 0;
};

/**
 * A window aggregated elsewhere (client mode: a closed window or live-edge pane a Pulseboard server sent), stored as
 * it is instead of being aggregated again. The aggregator interns its series and hands it to the sinks at the store
 * resolution whose step equals the window's length.
 */
struct RemoteWindow {
    std::string name;
    std::vector<Tag> tags; ///< any order; the ingestor sorts
    bool isProvisional = false; ///< the window is still open (a live-edge pane, finest resolution only)
    /** series, specIndex and quantiles are filled in by the aggregator; the rest as the server computed it. */
    WindowResult result;
    /** (q, value) for the quantiles the server sent; mapped onto the pipeline's quantiles, the others NaN. */
    std::vector<std::pair<double, double>> quantiles;
};

/**
 * A unit of work for the aggregation thread: many payloads from one source, or ready points.
 * Batches are recycled through IngestQueue so steady-state ingest allocates nothing.
 */
struct IngestBatch {
    std::uint16_t sourceIndex = 0;
    PayloadFormat format = PayloadFormat::Statsd;
    std::vector<char> bytes;
    std::vector<PayloadSlice> payloads;
    std::vector<PointSample> points;
    std::vector<RemoteWindow> windows;
    /**
     * The windows are kept elsewhere already (read back from the history database, or a Pulseboard server's):
     * sinks that persist windows (PgWindowSink) skip what they produce, so history is never written twice.
     */
    bool isPersisted = false;
    /** Called on the aggregation thread once every payload of the batch is aggregated (at-least-once sources). */
    std::function<void()> onIngested;

    void clear()
    {
        bytes.clear();
        payloads.clear();
        points.clear();
        windows.clear();
        isPersisted = false;
        onIngested = nullptr;
    }
    bool isEmpty() const { return payloads.empty() && points.empty() && windows.empty(); }
};

using IngestBatchPtr = std::unique_ptr<IngestBatch>;

} // namespace pulse
