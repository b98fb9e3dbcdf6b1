#include "pipeline/pipeline.h"

#include "system/systemcollector.h"

#include <QLoggingCategory>

#include <algorithm>

namespace pulse {

Q_LOGGING_CATEGORY(lcPipeline, "pulse.ingest")

namespace {
constexpr std::uint16_t kSelfSource = 0;
constexpr std::uint16_t kSystemSource = 1;
constexpr std::uint16_t kFirstUdpSource = 2;
} // namespace

/** Feeds the store: each store resolution is one tumbling engine spec with the same index. */
class Pipeline::StoreSink final : public WindowSink {
public:
    explicit StoreSink(RollingStore& store)
        : m_store(store)
    { }
    void onNewSeries(std::span<const SeriesInfoPtr> series) override
    {
        for (const SeriesInfoPtr& s : series)
            m_store.addSeries(s);
    }
    void onSeriesSources(std::span<const SeriesSources> changes) override
    {
        for (const SeriesSources& c : changes)
            m_store.setSourceMask(c.series, c.sourceMask);
    }
    void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry&) override
    {
        for (const WindowBatchPtr& b : batches)
            if (b->specIndex < m_store.config().resolutions.size())
                m_store.append(b->specIndex, *b);
    }
    void onProvisional(const WindowBatchPtr& batch) override
    {
        if (batch->specIndex < m_store.config().resolutions.size())
            m_store.setProvisional(batch->specIndex, *batch);
    }

private:
    RollingStore& m_store;
};

EngineConfig Pipeline::engineConfigFor(const PipelineConfig& config, std::vector<std::uint16_t>* outputIndexes)
{
    EngineConfig e;
    e.allowedLatenessMs = config.allowedLatenessMs;
    e.quantiles = config.quantiles;
    e.maxSeries = config.maxSeries + kMetricTypeCount + 1;
    for (const StoreResolution& r : config.store.resolutions)
        e.specs.push_back(WindowSpec { r.stepMs, r.stepMs, false });
    for (const WindowSpec& w : config.outputWindows) {
        // An output window equal to a store resolution shares its spec: computed once (with a digest if either wants
        // it).
        auto it = std::find_if(e.specs.begin(), e.specs.end(),
            [&](const WindowSpec& s) { return s.sizeMs == w.sizeMs && s.slideMs == w.slideMs; });
        if (it == e.specs.end()) {
            e.specs.push_back(w);
            it = e.specs.end() - 1;
        }
        it->keepDigest = it->keepDigest || w.keepDigest;
        if (outputIndexes)
            outputIndexes->push_back(static_cast<std::uint16_t>(it - e.specs.begin()));
    }
    if (config.hasRollupDigests) {
        for (WindowSpec& s : e.specs)
            s.keepDigest = s.keepDigest || (s.isTumbling() && s.sizeMs >= 10'000);
    }
    return e;
}

Pipeline::Pipeline(PipelineConfig config, const Clock& clock)
    : m_config(std::move(config))
    , m_clock(clock)
    , m_queue(m_config.queueBatches)
{
    m_config.store.quantiles = m_config.quantiles;
    m_store = std::make_unique<RollingStore>(m_config.store);
    m_storeSink = std::make_unique<StoreSink>(*m_store);

    m_engineConfig = engineConfigFor(m_config, &m_outputSpecIndexes);
    m_sources.push_back({ "pulse", kSelfSource });
    m_sources.push_back({ "system", kSystemSource });
    for (std::size_t i = 0; i < m_config.udp.size(); ++i)
        m_sources.push_back({ "udp:" + m_config.udp[i].toString(), static_cast<std::uint16_t>(kFirstUdpSource + i) });

    for (std::size_t i = 0; i < m_config.udp.size(); ++i) {
        UdpReceiverConfig rc;
        rc.address = m_config.udp[i];
        rc.sourceIndex = static_cast<std::uint16_t>(kFirstUdpSource + i);
        rc.rcvBufBytes = m_config.rcvBufBytes;
        m_receivers.push_back(std::make_unique<UdpReceiver>(rc, m_queue, m_clock));
    }
    m_lastReceiverSnapshots.resize(m_receivers.size());
    m_firstAddedSource = static_cast<std::uint16_t>(kFirstUdpSource + m_config.udp.size());
}

Pipeline::~Pipeline()
{
    stop();
}

void Pipeline::addSink(WindowSink* sink)
{
    m_sinks.push_back(sink);
}

std::uint16_t Pipeline::addSource(const PipelineSourceFactory& factory)
{
    Q_ASSERT(!m_isStarted);
    const auto index = static_cast<std::uint16_t>(m_firstAddedSource + m_addedSources.size());
    std::unique_ptr<PipelineSource> source = factory(m_queue, index, m_clock);
    Q_ASSERT(source);
    m_sources.push_back({ source->name(), index });
    m_addedSources.push_back(std::move(source));
    return index;
}

PipelineSource* Pipeline::addedSource(std::uint16_t sourceIndex) const
{
    if (sourceIndex < m_firstAddedSource || sourceIndex - m_firstAddedSource >= int(m_addedSources.size()))
        return nullptr;
    return m_addedSources[sourceIndex - m_firstAddedSource].get();
}

void Pipeline::addSelfMetricsProvider(Aggregator::SelfMetricsProvider provider)
{
    m_providers.push_back(std::move(provider));
}

std::optional<std::string> Pipeline::start()
{
    if (m_isStarted)
        return std::nullopt;
    const bool isRetrying = m_config.udpRetryInterval.count() > 0;
    for (std::size_t i = 0; i < m_receivers.size(); ++i) {
        if (auto error = m_receivers[i]->start()) {
            if (isRetrying) {
                qCWarning(lcPipeline, "udp %s: %s; retrying every %lld ms", m_config.udp[i].toString().c_str(),
                    error->c_str(), static_cast<long long>(m_config.udpRetryInterval.count()));
                continue;
            }
            for (std::size_t j = 0; j < i; ++j)
                m_receivers[j]->stop();
            return "udp " + m_config.udp[i].toString() + ": " + *error;
        }
        const auto snap = m_receivers[i]->snapshot();
        if (!snap.rcvBufWarning.empty())
            qCWarning(lcPipeline) << "udp" << m_config.udp[i].toString().c_str() << snap.rcvBufWarning.c_str();
    }
    // Names carry the bound port (port 0 asks the kernel for one); a listener still to be retried keeps its own.
    for (std::size_t i = 0; i < m_receivers.size(); ++i) {
        ListenAddress bound = m_config.udp[i];
        if (m_receivers[i]->boundPort() != 0)
            bound.port = m_receivers[i]->boundPort();
        m_sources[kFirstUdpSource + i].name = "udp:" + bound.toString();
    }
    AggregatorConfig ac;
    ac.engine = m_engineConfig;
    ac.maxSeries = m_config.maxSeries;
    ac.limits = m_config.limits;
    ac.provisionalInterval = m_config.provisionalInterval;
    ac.isSelfMetricsStored = m_config.hasSelfMetrics;
    ac.eventClock = m_config.eventClock;
    for (const SourceInfo& s : m_sources)
        ac.sourceNames.push_back(s.name);
    m_aggregator = std::make_unique<Aggregator>(std::move(ac), m_queue, m_clock);
    m_aggregator->addSink(m_storeSink.get());
    for (WindowSink* sink : m_sinks)
        m_aggregator->addSink(sink);
    m_aggregator->setSelfMetricsProvider([this](std::vector<PointSample>& out, TimestampMs nowMs) {
        addReceiverMetrics(out, nowMs);
        for (const auto& source : m_addedSources)
            source->addSelfMetrics(out, nowMs);
        for (const auto& provider : m_providers)
            provider(out, nowMs);
    });
    const auto fail = [this](std::string error) -> std::optional<std::string> {
        for (auto& r : m_receivers)
            r->stop();
        m_aggregator.reset();
        return error;
    };
    if (m_startHook) {
        if (auto error = m_startHook(*m_store, m_aggregator->registry()))
            return fail(std::move(*error));
    }
    if (m_lineSink) {
        // Only what arrived over UDP is forwarded: relaying lines read from Kafka back into Kafka would loop.
        std::vector<bool> forwarded(m_firstAddedSource, false);
        for (std::size_t i = 0; i < m_receivers.size(); ++i)
            forwarded[kFirstUdpSource + i] = true;
        m_aggregator->setLineSink(m_lineSink, std::move(forwarded));
    }
    for (std::size_t i = 0; i < m_addedSources.size(); ++i) {
        if (auto error = m_addedSources[i]->start()) {
            for (std::size_t j = 0; j < i; ++j)
                m_addedSources[j]->stop();
            return fail(m_addedSources[i]->name() + ": " + *error);
        }
    }
    m_isStarted = true;
    m_aggregator->start();
    if (m_config.hasSystemCollector)
        m_systemThread = std::thread([this] { runSystemCollector(); });
    if (isRetrying && !m_receivers.empty())
        m_retryThread = std::thread([this] { runUdpRetries(); });
    return std::nullopt;
}

void Pipeline::stop()
{
    if (!m_isStarted || m_isStopped)
        return;
    m_isStopped = true;
    {
        std::lock_guard lock(m_systemMutex);
        m_isSystemStopRequested = true;
    }
    m_systemWake.notify_all();
    if (m_retryThread.joinable()) // before the receivers stop, so none is bound again behind their back
        m_retryThread.join();
    for (auto& r : m_receivers)
        r->stop();
    if (m_systemThread.joinable())
        m_systemThread.join();
    // Before the aggregation thread stops: at-least-once sources wait for it to take what they handed over.
    stopAddedSources();
    m_aggregator->stop();
}

void Pipeline::stopAddedSources()
{
    if (m_addedSources.size() <= 1) {
        for (auto& source : m_addedSources)
            source->stop();
        return;
    }
    // Each stop is bounded; in parallel the bounds do not add up.
    std::vector<std::thread> stoppers;
    for (auto& source : m_addedSources)
        stoppers.emplace_back([s = source.get()] { s->stop(); });
    for (std::thread& t : stoppers)
        t.join();
}

std::vector<std::uint16_t> Pipeline::udpPorts() const
{
    std::vector<std::uint16_t> ports;
    for (const auto& r : m_receivers)
        ports.push_back(r->boundPort());
    return ports;
}

std::vector<UdpReceiverSnapshot> Pipeline::udpSnapshots() const
{
    std::vector<UdpReceiverSnapshot> out;
    for (const auto& r : m_receivers)
        out.push_back(r->snapshot());
    return out;
}

void Pipeline::addReceiverMetrics(std::vector<PointSample>& out, TimestampMs nowMs)
{
    for (std::size_t i = 0; i < m_receivers.size(); ++i) {
        const UdpReceiverSnapshot now = m_receivers[i]->snapshot();
        UdpReceiverSnapshot& before = m_lastReceiverSnapshots[i];
        const std::vector<Tag> tags { { "source", m_sources[kFirstUdpSource + i].name } };
        const auto counter = [&](const char* name, std::uint64_t a, std::uint64_t b) {
            out.push_back(PointSample { name, tags, MetricType::Counter, double(a - b), nowMs });
        };
        counter("pulse.udp.datagrams", now.datagrams, before.datagrams);
        counter("pulse.udp.kernel_drops", now.kernelDrops, before.kernelDrops);
        counter("pulse.udp.truncated", now.truncated, before.truncated);
        out.push_back(PointSample { "pulse.udp.up", tags, MetricType::Gauge,
            now.state == UdpReceiverSnapshot::State::Running ? 1.0 : 0.0, nowMs });
        before = now;
    }
}

std::vector<SourceHealth> Pipeline::sourceHealth() const
{
    std::vector<SourceHealth> health(m_sources.size());
    for (std::size_t i = 0; i < m_receivers.size(); ++i) {
        if (m_receivers[i]->state() != UdpReceiverSnapshot::State::Failed)
            continue;
        SourceHealth& h = health[kFirstUdpSource + i];
        h.state = SourceHealth::State::Failed;
        h.message = m_receivers[i]->snapshot().errorMessage;
    }
    for (std::size_t i = 0; i < m_addedSources.size() && m_firstAddedSource + i < health.size(); ++i)
        health[m_firstAddedSource + i] = m_addedSources[i]->health();
    return health;
}

SourceStatus Pipeline::sourceStatus() const
{
    SourceStatus status;
    const std::vector<SourceHealth> health = sourceHealth();
    status.names.resize(m_sources.size());
    status.messages.resize(m_sources.size());
    status.nextRetryMs.resize(m_sources.size());
    for (const SourceInfo& source : m_sources) {
        status.names[source.index] = QString::fromStdString(source.name);
        if (source.index >= kFirstUdpSource)
            status.ingestMask |= sourceBit(source.index);
        const SourceHealth& h = health[source.index];
        status.messages[source.index] = QString::fromStdString(h.message);
        if (h.state == SourceHealth::State::Failed)
            status.failedMask |= sourceBit(source.index);
        else if (h.state == SourceHealth::State::Disconnected)
            status.disconnectedMask |= sourceBit(source.index);
        else if (h.state == SourceHealth::State::Loading)
            status.loadingMask |= sourceBit(source.index);
        else if (h.state == SourceHealth::State::Reconnecting) {
            status.reconnectingMask |= sourceBit(source.index);
            status.nextRetryMs[source.index] = h.nextRetryMs;
        }
    }
    return status;
}

void Pipeline::runUdpRetries()
{
    std::unique_lock lock(m_systemMutex);
    while (!m_systemWake.wait_for(lock, m_config.udpRetryInterval, [&] { return m_isSystemStopRequested; })) {
        lock.unlock();
        for (std::size_t i = 0; i < m_receivers.size(); ++i) {
            if (m_receivers[i]->state() != UdpReceiverSnapshot::State::Failed)
                continue;
            if (!m_receivers[i]->restart())
                qCInfo(lcPipeline, "udp %s: listening again", m_config.udp[i].toString().c_str());
        }
        lock.lock();
    }
}

void Pipeline::runSystemCollector()
{
    SystemCollector collector(m_config.procRoot);
    std::unique_lock lock(m_systemMutex);
    while (!m_isSystemStopRequested) {
        lock.unlock();
        const TimestampMs now = m_clock.nowMs();
        IngestBatchPtr batch = m_queue.acquire();
        batch->sourceIndex = kSystemSource;
        batch->points = collector.collect(now);
        while (!batch->points.empty() && !m_queue.push(batch, std::chrono::milliseconds(100))) {
            std::lock_guard check(m_systemMutex);
            if (m_isSystemStopRequested)
                break;
        }
        lock.lock();
        // Wake on the next wall-clock second (+50 ms so the reading lands inside that pane).
        const auto untilNext = std::chrono::milliseconds(1000 - m_clock.nowMs() % 1000 + 50);
        m_systemWake.wait_for(lock, untilNext, [&] { return m_isSystemStopRequested; });
    }
}

} // namespace pulse
