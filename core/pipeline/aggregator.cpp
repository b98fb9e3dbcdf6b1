#include "pipeline/aggregator.h"

#include <QLoggingCategory>

#include <chrono>

namespace pulse {

Q_LOGGING_CATEGORY(lcAggregator, "pulse.window")

namespace {
// Publishing the live edge waits this many times its own last duration, so it stays near a tenth of the thread.
constexpr std::int64_t kProvisionalCostFactor = 9;
} // namespace

Aggregator::Aggregator(AggregatorConfig config, IngestQueue& queue, const Clock& clock)
    : m_config(std::move(config))
    , m_queue(queue)
    , m_clock(clock)
    , m_registry(m_config.maxSeries)
    , m_engine(m_config.engine)
    , m_ingestor(m_registry, m_engine, m_config.limits)
{
    if (m_engine.configError())
        qCWarning(lcAggregator) << "window config rejected:" << m_engine.configError()->c_str();
    if (m_config.sourceNames.empty())
        m_config.sourceNames.emplace_back("pulse");
}

Aggregator::~Aggregator()
{
    stop();
}

void Aggregator::start()
{
    if (m_isStarted)
        return;
    m_isStarted = true;
    const TimestampMs now = m_clock.nowMs();
    m_nextAdvanceMs = now;
    m_nextSelfMs = (now / 1000 + 1) * 1000;
    m_thread = std::thread([this] { run(); });
}

void Aggregator::stop()
{
    if (!m_isStarted || m_isStopped)
        return;
    m_isStopped = true;
    m_isStopRequested.store(true, std::memory_order_release);
    m_queue.close();
    if (m_thread.joinable())
        m_thread.join();
}

void Aggregator::run()
{
    std::vector<IngestBatchPtr> batches;
    while (!m_isStopRequested.load(std::memory_order_acquire))
        step(batches);
    // Drain what the sources delivered before they stopped, then close every open window.
    m_queue.popAll(batches, std::chrono::milliseconds(0));
    step(batches);
    emitSelfMetrics(m_clock.nowMs());
    deliver(m_engine.flush());
    publishStats(m_clock.nowMs());
    for (WindowSink* sink : m_sinks)
        sink->onStopped();
}

void Aggregator::step(std::vector<IngestBatchPtr>& batches)
{
    TimestampMs now = m_clock.nowMs();
    TimestampMs wakeMs = m_nextAdvanceMs;
    const bool isLiveEdgeOn = m_config.provisionalInterval.count() > 0;
    if (isLiveEdgeOn && m_engine.provisionalSeries() > 0)
        wakeMs = std::min(wakeMs, provisionalDueMs(true));
    const auto wait = std::chrono::milliseconds(std::clamp<std::int64_t>(wakeMs - now, 0, 50));
    if (batches.empty())
        m_queue.popAll(batches, wait);
    for (IngestBatchPtr& b : batches) {
        if (!b->payloads.empty())
            m_maxLagMs = std::max(m_maxLagMs, m_clock.nowMs() - b->payloads.front().arrivalMs);
        m_ingestor.ingest(*b);
        if (!b->windows.empty())
            deliverRemote(*b);
        if (b->onIngested)
            b->onIngested();
        m_queue.recycle(std::move(b));
    }
    batches.clear();
    now = m_clock.nowMs();
    if (now >= m_nextSelfMs) {
        emitSelfMetrics(now);
        publishStats(now);
        m_nextSelfMs = (now / m_config.selfMetricsInterval.count() + 1) * m_config.selfMetricsInterval.count();
    }
    if (now >= m_nextAdvanceMs) {
        deliver(m_engine.advance(m_config.eventClock ? m_config.eventClock(now) : now));
        m_nextAdvanceMs = now + m_config.advanceInterval.count();
    }
    if (isLiveEdgeOn && m_engine.provisionalSeries() > 0) {
        // More batches waiting means a stream: coalesce at the interval. A dry queue means this is all for now.
        if (now >= provisionalDueMs(false) || (now >= provisionalDueMs(true) && m_queue.depth() == 0))
            publishProvisional(now);
    }
}

TimestampMs Aggregator::provisionalDueMs(bool isIdle) const
{
    const std::int64_t gapMs = isIdle ? m_config.provisionalIdleGap.count() : m_config.provisionalInterval.count();
    return m_lastProvisionalMs + std::max(gapMs, m_provisionalSpacingMs);
}

void Aggregator::publishProvisional(TimestampMs nowMs)
{
    const auto started = std::chrono::steady_clock::now();
    if (WindowBatchPtr batch = m_engine.takeProvisional()) {
        announceNewSeries();
        for (WindowSink* sink : m_sinks)
            sink->onProvisional(batch);
        ++m_provisionalBatches;
    }
    const auto costUs
        = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    m_lastProvisionalMs = nowMs;
    m_provisionalSpacingMs = costUs * kProvisionalCostFactor / 1000;
}

void Aggregator::announceNewSeries()
{
    const std::vector<SeriesId> fresh = m_registry.takeNewSeries();
    if (!fresh.empty()) {
        std::vector<SeriesInfoPtr> infos;
        infos.reserve(fresh.size());
        for (SeriesId id : fresh)
            infos.push_back(m_registry.infoPtr(id));
        for (WindowSink* sink : m_sinks)
            sink->onNewSeries(infos);
    }
    // After the announcement: sinks learn a series before they learn who feeds it.
    const std::vector<SeriesSources> sources = m_ingestor.takeSourceChanges();
    if (!sources.empty()) {
        for (WindowSink* sink : m_sinks)
            sink->onSeriesSources(sources);
    }
}

void Aggregator::deliverRemote(const IngestBatch& batch)
{
    std::vector<std::shared_ptr<WindowBatch>> closed;
    std::shared_ptr<WindowBatch> provisional;
    m_ingestor.ingestWindows(batch, closed, provisional);
    std::vector<WindowBatchPtr> ready;
    for (std::shared_ptr<WindowBatch>& b : closed)
        if (b)
            ready.push_back(std::move(b));
    deliver(std::move(ready)); // announces new series first, also when only live-edge panes came
    if (provisional) {
        const WindowBatchPtr edge = std::move(provisional);
        for (WindowSink* sink : m_sinks)
            sink->onProvisional(edge);
    }
}

void Aggregator::deliver(std::vector<WindowBatchPtr> batches)
{
    announceNewSeries();
    if (batches.empty())
        return;
    for (WindowSink* sink : m_sinks)
        sink->onWindows(batches, m_registry);
}

namespace {

void addPoint(std::vector<PointSample>& out, const char* name, MetricType type, double value, TimestampMs t,
    std::vector<Tag> tags = {})
{
    PointSample p;
    p.name = name;
    p.type = type;
    p.value = value;
    p.timeMs = t;
    p.tags = std::move(tags);
    out.push_back(std::move(p));
}

} // namespace

void Aggregator::emitSelfMetrics(TimestampMs nowMs)
{
    if (m_config.eventClock) {
        // Stamped in event time, so they never push the watermark past samples still to come from a replay.
        nowMs = m_config.eventClock(nowMs);
        if (nowMs < -WindowEngine::kMaxAbsTimeMs)
            return; // not known yet: the counters carry over to the next round
    }
    std::vector<PointSample>& out = m_selfPoints;
    out.clear();
    const auto all = m_ingestor.allCounters();
    if (m_lastEmitted.size() < all.size())
        m_lastEmitted.resize(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i == 0)
            continue; // the self-metrics source itself
        const SourceCounters& c = all[i];
        SourceCounters& last = m_lastEmitted[i];
        const std::string source = i < m_config.sourceNames.size() ? m_config.sourceNames[i] : std::to_string(i);
        const auto counter = [&](const char* name, std::uint64_t now, std::uint64_t before) {
            addPoint(out, name, MetricType::Counter, double(now - before), nowMs, { { "source", source } });
        };
        counter("pulse.ingest.payloads", c.payloads, last.payloads);
        counter("pulse.ingest.bytes", c.bytes, last.bytes);
        counter("pulse.ingest.lines", c.acceptedLines, last.acceptedLines);
        counter("pulse.ingest.samples", c.samples, last.samples);
        counter("pulse.ingest.rejected", c.rejectedLines, last.rejectedLines);
        const auto perReason = [&](std::string_view reason, std::uint64_t now, std::uint64_t before) {
            if (now == 0)
                return;
            addPoint(out, "pulse.ingest.rejected_by_reason", MetricType::Counter, double(now - before), nowMs,
                { { "source", source }, { "reason", std::string(reason) } });
        };
        for (int r = 0; r < kStatsdRejectCount; ++r)
            perReason(statsdRejectName(static_cast<StatsdReject>(r)), c.statsdRejects[r], last.statsdRejects[r]);
        for (std::size_t r = 0; r < kInfluxRejectCount; ++r)
            perReason(influxRejectName(static_cast<InfluxReject>(r)), c.influxRejects[r], last.influxRejects[r]);
        for (int r = 0; r < kIngestRejectCount; ++r)
            perReason(ingestRejectName(static_cast<IngestReject>(r)), c.ingestRejects[r], last.ingestRejects[r]);
        last = c;
    }
    const std::uint64_t late = m_engine.lateSamples();
    addPoint(out, "pulse.window.late_samples", MetricType::Counter, double(late - m_lastLate), nowMs);
    m_lastLate = late;
    addPoint(out, "pulse.series.count", MetricType::Gauge, double(m_registry.size()), nowMs);
    addPoint(out, "pulse.series.folded", MetricType::Gauge, double(m_registry.foldedSeries()), nowMs);
    addPoint(out, "pulse.queue.depth", MetricType::Gauge, double(m_queue.depth()), nowMs);
    addPoint(out, "pulse.window.open_panes", MetricType::Gauge, double(m_engine.openPanes()), nowMs);
    addPoint(out, "pulse.aggregation.lag_ms", MetricType::Gauge, double(m_maxLagMs), nowMs);
    if (m_provider)
        m_provider(out, nowMs);
    if (m_config.isSelfMetricsStored)
        m_ingestor.ingestPoints(out, 0);
}

void Aggregator::publishStats(TimestampMs nowMs)
{
    AggregatorStats s;
    s.atMs = nowMs;
    const auto all = m_ingestor.allCounters();
    s.sources.assign(all.begin(), all.end());
    s.acceptedSamples = m_engine.acceptedSamples();
    s.lateSamples = m_engine.lateSamples();
    s.seriesCount = m_registry.size();
    s.foldedSeries = m_registry.foldedSeries();
    s.queueDepth = m_queue.depth();
    s.openPanes = m_engine.openPanes();
    s.maxLagMs = m_maxLagMs;
    s.provisionalBatches = m_provisionalBatches;
    s.watermarkMs = m_engine.watermarkMs();
    m_maxLagMs = 0;
    std::lock_guard lock(m_statsMutex);
    m_stats = std::move(s);
}

AggregatorStats Aggregator::stats() const
{
    std::lock_guard lock(m_statsMutex);
    return m_stats;
}

} // namespace pulse
