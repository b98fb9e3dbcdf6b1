#pragma once

#include "ingest/ingestqueue.h"
#include "pipeline/ingestor.h"
#include "pipeline/windowsink.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pulse {

struct AggregatorConfig {
    EngineConfig engine;
    std::size_t maxSeries = 50'000;
    IngestLimits limits;
    std::chrono::milliseconds advanceInterval { 100 };
    std::chrono::milliseconds selfMetricsInterval { 1000 };
    /**
     * Live edge: open panes that changed are published at most this often while batches keep coming, and as soon as
     * the queue runs dry once provisionalIdleGap has passed (so a lone datagram is not held back); <= 0 turns it off.
     * Both are stretched so publishing takes at most about a tenth of the aggregation thread.
     */
    std::chrono::milliseconds provisionalInterval { 20 };
    std::chrono::milliseconds provisionalIdleGap { 5 };
    std::vector<std::string> sourceNames; ///< by source index, for the `source` tag of self-metrics
    /** Whether the `pulse.*` self-metrics go into the pipeline as series (stats() is published either way). */
    bool isSelfMetricsStored = true;
    /**
     * Event time instead of the wall clock for closing windows and stamping self-metrics (exactly-once Kafka: see
     * KafkaStreamProgress::eventClockMs); called on the aggregation thread with the wall clock. Below -2^53 while
     * unknown: nothing closes and no self-metrics are stored until it is known.
     */
    std::function<TimestampMs(TimestampMs wallNowMs)> eventClock;
};

/** What the aggregation thread publishes about itself once per self-metrics interval. */
struct AggregatorStats {
    TimestampMs atMs = 0;
    std::vector<SourceCounters> sources; ///< by source index
    std::uint64_t acceptedSamples = 0;
    std::uint64_t lateSamples = 0;
    std::size_t seriesCount = 0;
    std::size_t foldedSeries = 0;
    std::size_t queueDepth = 0;
    std::size_t openPanes = 0;
    std::int64_t maxLagMs = 0; ///< longest wait of a payload between arrival and aggregation
    std::uint64_t provisionalBatches = 0; ///< live-edge batches handed to the sinks so far
    TimestampMs watermarkMs = 0;
};

/**
 * The aggregation thread: takes batches from the queue, parses and aggregates them (Ingestor +
 * WindowEngine), advances the watermark every advanceInterval and hands closed windows to the
 * sinks. Every selfMetricsInterval it feeds its own counters back in as `pulse.*` series.
 */
class Aggregator {
public:
    /** Extra self-metrics (e.g. receivers' kernel drops), gathered on the aggregation thread. */
    using SelfMetricsProvider = std::function<void(std::vector<PointSample>& out, TimestampMs nowMs)>;

    Aggregator(AggregatorConfig config, IngestQueue& queue, const Clock& clock);
    ~Aggregator();

    /** Before start(). Sinks are not owned. */
    void addSink(WindowSink* sink) { m_sinks.push_back(sink); }
    void setSelfMetricsProvider(SelfMetricsProvider provider) { m_provider = std::move(provider); }
    /** Before start(): accepted lines of `sources` (all when empty) go to `sink` (see Ingestor::setLineSink). */
    void setLineSink(LineSink* sink, std::vector<bool> sources = {})
    {
        m_ingestor.setLineSink(sink, std::move(sources));
    }
    /** The registry of the aggregation thread; only before start() (e.g. to intern series for a history backfill). */
    SeriesRegistry& registry() { return m_registry; }

    void start();
    /** Drains the queue, closes every open window, delivers it, tells the sinks, joins. Idempotent. */
    void stop();

    AggregatorStats stats() const;
    const EngineConfig& engineConfig() const { return m_engine.config(); }

private:
    void run();
    void step(std::vector<IngestBatchPtr>& batches);
    void deliver(std::vector<WindowBatchPtr> batches);
    /** Hands a batch's remote windows (client mode) to the sinks as they are. */
    void deliverRemote(const IngestBatch& batch);
    void announceNewSeries();
    void publishProvisional(TimestampMs nowMs);
    /** When the live edge may go out next: while batches keep coming, or once the queue ran dry. */
    TimestampMs provisionalDueMs(bool isIdle) const;
    void emitSelfMetrics(TimestampMs nowMs);
    void publishStats(TimestampMs nowMs);

    AggregatorConfig m_config;
    IngestQueue& m_queue;
    const Clock& m_clock;
    SeriesRegistry m_registry;
    WindowEngine m_engine;
    Ingestor m_ingestor;
    std::vector<WindowSink*> m_sinks;
    SelfMetricsProvider m_provider;

    std::thread m_thread;
    std::atomic<bool> m_isStopRequested { false };
    bool m_isStarted = false;
    bool m_isStopped = false;

    TimestampMs m_nextAdvanceMs = 0;
    TimestampMs m_nextSelfMs = 0;
    TimestampMs m_lastProvisionalMs = 0;
    std::int64_t m_provisionalSpacingMs = 0; // from the last publish's cost
    std::uint64_t m_provisionalBatches = 0;
    std::int64_t m_maxLagMs = 0;
    std::vector<SourceCounters> m_lastEmitted;
    std::uint64_t m_lastLate = 0;
    std::vector<PointSample> m_selfPoints;

    mutable std::mutex m_statsMutex;
    AggregatorStats m_stats;
};

} // namespace pulse
