#pragma once

#include "ingest/ingestqueue.h"
#include "ingest/listenaddress.h"
#include "ingest/udpreceiver.h"
#include "pipeline/aggregator.h"
#include "store/rollingstore.h"

#include <condition_variable>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace pulse {

/** Everything that shapes one in-process pipeline (pulseboard-server and the desktop app). */
struct PipelineConfig {
    std::vector<ListenAddress> udp; ///< UDP listeners; none is fine (e.g. a pure system monitor)
    int rcvBufBytes = 8 * 1024 * 1024;
    /** Windows computed on top of the store's resolutions (e.g. --window/--slide for --print). */
    std::vector<WindowSpec> outputWindows;
    std::int64_t allowedLatenessMs = 2000;
    std::size_t maxSeries = 50'000;
    bool hasSystemCollector = true;
    std::string procRoot = "/proc";
    std::vector<double> quantiles { 0.5, 0.9, 0.95, 0.99, 0.999 };
    StoreConfig store;
    IngestLimits limits;
    std::size_t queueBatches = 64;
};

/** One input of the pipeline, as the health display and self-metrics name it. */
struct SourceInfo {
    std::string name; ///< "pulse", "system", "udp:127.0.0.1:8125/statsd"
    std::uint16_t index = 0;
};

/**
 * Sources → queue → aggregation thread → sinks (the rolling store always; more by addSink). Owns
 * every thread of the pipeline; start() binds all listeners or fails whole, stop() closes and
 * delivers every open window.
 */
class Pipeline {
public:
    explicit Pipeline(PipelineConfig config, const Clock& clock = SystemClock::instance());
    ~Pipeline();

    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    /** Before start(); not owned. */
    void addSink(WindowSink* sink);
    /** nullopt when every source started; otherwise the first error, and nothing is left running. */
    [[nodiscard]] std::optional<std::string> start();
    /** Stops sources, drains, flushes every open window to the sinks. Idempotent. */
    void stop();

    /** The engine spec index of config().outputWindows[i]. */
    std::uint16_t outputSpecIndex(std::size_t i) const { return m_outputSpecIndexes.at(i); }
    const PipelineConfig& config() const { return m_config; }
    const std::vector<SourceInfo>& sources() const { return m_sources; }
    /** Ports actually bound, by listener (useful with port 0). */
    std::vector<std::uint16_t> udpPorts() const;
    std::vector<UdpReceiverSnapshot> udpSnapshots() const;
    const RollingStore& store() const { return *m_store; }
    /** Published once a second by the aggregation thread; empty before start(). */
    AggregatorStats stats() const { return m_aggregator ? m_aggregator->stats() : AggregatorStats {}; }

    /** The engine specs for a config: the store's resolutions first (tumbling), then output windows. */
    static EngineConfig engineConfigFor(const PipelineConfig& config, std::vector<std::uint16_t>* outputIndexes);

private:
    class StoreSink;
    void runSystemCollector();
    void addReceiverMetrics(std::vector<PointSample>& out, TimestampMs nowMs);

    PipelineConfig m_config;
    const Clock& m_clock;
    IngestQueue m_queue;
    std::vector<std::uint16_t> m_outputSpecIndexes;
    std::unique_ptr<RollingStore> m_store;
    std::unique_ptr<StoreSink> m_storeSink;
    EngineConfig m_engineConfig;
    std::vector<WindowSink*> m_sinks;
    std::unique_ptr<Aggregator> m_aggregator;
    std::vector<std::unique_ptr<UdpReceiver>> m_receivers;
    std::vector<SourceInfo> m_sources;
    std::vector<UdpReceiverSnapshot> m_lastReceiverSnapshots;

    std::thread m_systemThread;
    std::mutex m_systemMutex;
    std::condition_variable m_systemWake;
    bool m_isSystemStopRequested = false;
    bool m_isStarted = false;
    bool m_isStopped = false;
};

} // namespace pulse
