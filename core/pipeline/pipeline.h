#pragma once

#include "ingest/ingestqueue.h"
#include "ingest/listenaddress.h"
#include "ingest/udpreceiver.h"
#include "pipeline/aggregator.h"
#include "query/sourcestatus.h"
#include "store/rollingstore.h"

#include <condition_variable>
#include <functional>
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
    /** Attach the merged t-digest to tumbling windows of 10 s and longer (history rollups in PostgreSQL). */
    bool hasRollupDigests = false;
    /** Live edge: how often open panes that changed reach the store (AggregatorConfig::provisionalInterval); 0 off. */
    std::chrono::milliseconds provisionalInterval { 20 };
    /**
     * 0: a UDP listener that cannot bind fails start(). Otherwise start() goes on without it, reports it Failed in
     * sourceHealth() and binds it again every interval until it can; likewise after it fails while receiving.
     */
    std::chrono::milliseconds udpRetryInterval { 0 };
    /**
     * Whether the aggregation thread's `pulse.*` self-metrics become series. Off in client mode, where the `pulse.*`
     * series are the server's (the same names would collide); the heartbeat strip still shows this process's health.
     */
    bool hasSelfMetrics = true;
    /** Event time for closing windows (AggregatorConfig::eventClock); empty: the wall clock. */
    std::function<TimestampMs(TimestampMs wallNowMs)> eventClock;
};

/** Whether a source is delivering, as panels fed by it and the health strip show it. */
struct SourceHealth {
    enum class State : std::uint8_t {
        Up, ///< delivering (or able to: a listener that is bound)
        Disconnected, ///< alive but cut off from its peers, retrying (a network source): its series go stale
        Failed, ///< not delivering at all (a listener whose port is taken): its panels show ERROR
        Reconnecting, ///< its connection is lost and it waits to retry (client mode): its panels show RECONNECTING
        Loading, ///< delivering history (database backfill): panels without live data yet show LOADING
    };
    State state = State::Up;
    std::string message; ///< why, when not Up
    TimestampMs nextRetryMs = 0; ///< with Reconnecting: when the next attempt starts (wall clock); 0 unknown
};

/** One input of the pipeline, as the health display and self-metrics name it. */
struct SourceInfo {
    std::string name; ///< "pulse", "system", "udp:127.0.0.1:8125/statsd"
    std::uint16_t index = 0;
};

/**
 * An input with its own thread that pushes IngestBatches into the pipeline's queue (a Kafka consumer, say).
 * The pipeline starts it after the UDP listeners and stops it before the aggregation thread drains.
 */
class PipelineSource {
public:
    virtual ~PipelineSource() = default;
    /** Its name in health displays and in the `source` tag of self-metrics, e.g. "kafka:HOST:9092/metrics/statsd". */
    virtual std::string name() const = 0;
    /** Starts pushing; nullopt on success, else why not (nothing left running). */
    [[nodiscard]] virtual std::optional<std::string> start() = 0;
    /** Stops pushing within a bounded time; the aggregation thread still takes batches meanwhile. Idempotent. */
    virtual void stop() = 0;
    /** Any thread, cheap: whether it is delivering. Default: Up. */
    virtual SourceHealth health() const { return {}; }
    /** Its own self-metrics, once per interval on the aggregation thread; must not block. */
    virtual void addSelfMetrics(std::vector<PointSample>& out, TimestampMs nowMs)
    {
        (void)out;
        (void)nowMs;
    }
};

/** Makes a source that pushes batches tagged `sourceIndex` into `queue`. */
using PipelineSourceFactory
    = std::function<std::unique_ptr<PipelineSource>(IngestQueue& queue, std::uint16_t sourceIndex, const Clock& clock)>;

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
    /** Before start(): adds a source made by `factory` (called at once); returns its source index. */
    std::uint16_t addSource(const PipelineSourceFactory& factory);
    /** The source added with that index by addSource(), or nullptr. */
    PipelineSource* addedSource(std::uint16_t sourceIndex) const;
    /** Before start() or in its start hook: every accepted StatsD/Influx line of the UDP listeners goes to `sink` (not
     * owned; e.g. the Kafka relay). Called on the aggregation thread until stop() returns. */
    void setLineSink(LineSink* sink) { m_lineSink = sink; }
    /** Before start(): more self-metrics, gathered on the aggregation thread once a second (must not block). */
    void addSelfMetricsProvider(Aggregator::SelfMetricsProvider provider);

    /**
     * Runs inside start() on the calling thread once every UDP listener is bound (sources() names the bound ports)
     * and before any sample is aggregated: it may fill the store and the aggregation registry (history backfill), and
     * set the line sink (e.g. a relay keyed by the bound listener names). A message makes start() fail with it.
     */
    using StartHook = std::function<std::optional<std::string>(RollingStore& store, SeriesRegistry& registry)>;
    /** Before start(). */
    void setStartHook(StartHook hook) { m_startHook = std::move(hook); }
    /**
     * nullopt when every source started (or, with udpRetryInterval, every source but listeners that will be retried);
     * otherwise the first error, and nothing is left running.
     */
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
    /** Any thread, after start(): the health of every source, indexed like sources(). */
    std::vector<SourceHealth> sourceHealth() const;
    /** Any thread, after start(): sourceHealth() as panel queries use it (PanelQuery::evaluate). */
    SourceStatus sourceStatus() const;
    const RollingStore& store() const { return *m_store; }
    /** The window engine's specs: the store's resolutions, then the output windows (shared where equal). */
    const EngineConfig& engineConfig() const { return m_engineConfig; }
    /** Published once a second by the aggregation thread; empty before start(). */
    AggregatorStats stats() const { return m_aggregator ? m_aggregator->stats() : AggregatorStats {}; }

    /** The engine specs for a config: the store's resolutions first (tumbling), then output windows. */
    static EngineConfig engineConfigFor(const PipelineConfig& config, std::vector<std::uint16_t>* outputIndexes);

private:
    class StoreSink;
    void runSystemCollector();
    void runUdpRetries();
    void addReceiverMetrics(std::vector<PointSample>& out, TimestampMs nowMs);
    void stopAddedSources();

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
    std::vector<std::unique_ptr<PipelineSource>> m_addedSources; // source index = m_firstAddedSource + position
    std::uint16_t m_firstAddedSource = 0;
    LineSink* m_lineSink = nullptr;
    std::vector<Aggregator::SelfMetricsProvider> m_providers;
    StartHook m_startHook;

    std::thread m_systemThread;
    std::thread m_retryThread; // with udpRetryInterval: binds failed listeners again
    std::mutex m_systemMutex;
    std::condition_variable m_systemWake;
    bool m_isSystemStopRequested = false;
    bool m_isStarted = false;
    bool m_isStopped = false;
};

} // namespace pulse
