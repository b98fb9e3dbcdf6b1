#include "storage/pghistorysource.h"

#include "storage/pgconnection.h"
#include "storage/pghistory.h"
#include "store/seriesselector.h"

#include <algorithm>
#include <chrono>
#include <tuple>

namespace pulse {

namespace {

/** "history:HOST:PORT/DB" from a URL (no user, password or parameters). */
std::string historyName(const std::string& url)
{
    std::string_view rest = url;
    if (const auto scheme = rest.find("://"); scheme != std::string_view::npos)
        rest.remove_prefix(scheme + 3);
    if (const auto query = rest.find('?'); query != std::string_view::npos)
        rest = rest.substr(0, query);
    if (const auto at = rest.rfind('@'); at != std::string_view::npos)
        rest.remove_prefix(at + 1);
    return "history:" + std::string(rest.empty() ? std::string_view("local") : rest);
}

/** Windows pushed per queue batch: small enough that live batches interleave with a long backfill. */
constexpr std::size_t kWindowsPerPush = 2048;

} // namespace

PgHistorySource::PgHistorySource(
    PgHistorySourceConfig config, IngestQueue& queue, std::uint16_t sourceIndex, const Clock& clock)
    : m_config(std::move(config))
    , m_queue(queue)
    , m_sourceIndex(sourceIndex)
    , m_clock(clock)
    , m_name(historyName(m_config.url))
{ }

PgHistorySource::~PgHistorySource()
{
    stop();
}

std::optional<std::string> PgHistorySource::start()
{
    if (m_thread.joinable())
        return std::nullopt;
    {
        std::lock_guard lock(m_mutex);
        m_startMs = m_clock.nowMs();
    }
    m_history = std::make_unique<PgHistory>(m_config.url);
    m_isStopRequested = false;
    m_thread = std::thread([this] { run(); });
    return std::nullopt;
}

void PgHistorySource::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_isStopRequested = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

SourceHealth PgHistorySource::health() const
{
    std::lock_guard lock(m_mutex);
    return m_health;
}

PgHistorySourceStats PgHistorySource::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void PgHistorySource::addSelfMetrics(std::vector<PointSample>& out, TimestampMs nowMs)
{
    const PgHistorySourceStats s = stats();
    const std::vector<Tag> tags { { "source", m_name } };
    out.push_back(PointSample { "pulse.history.windows", tags, MetricType::Counter,
        double(s.windows - std::min(s.windows, m_reportedWindows)), nowMs });
    out.push_back(PointSample { "pulse.history.loading", tags, MetricType::Gauge, s.isLoaded ? 0.0 : 1.0, nowMs });
    m_reportedWindows = s.windows;
}

void PgHistorySource::setRequest(std::vector<std::string> selectors, std::int64_t rangeMs)
{
    std::sort(selectors.begin(), selectors.end());
    selectors.erase(std::unique(selectors.begin(), selectors.end()), selectors.end());
    {
        std::lock_guard lock(m_mutex);
        if (selectors == m_selectors && rangeMs == m_rangeMs)
            return;
        m_selectors = std::move(selectors);
        m_rangeMs = std::max<std::int64_t>(0, rangeMs);
        m_isRequestChanged = true;
        // Until the worker looked at it, panels must not read "no data" as a verdict.
        const bool isNew
            = m_rangeMs > 0 && std::any_of(m_selectors.begin(), m_selectors.end(), [&](const std::string& selector) {
                  const auto loaded = m_loadedFrom.find(selector);
                  return loaded == m_loadedFrom.end() || (m_startMs != 0 && m_startMs - m_rangeMs < loaded->second);
              });
        if (isNew && m_health.state == SourceHealth::State::Up) {
            m_health = { SourceHealth::State::Loading, "reading history", 0 };
            m_stats.isLoaded = false;
        }
    }
    m_wake.notify_all();
}

std::vector<PgHistorySource::Work> PgHistorySource::pendingWork() const
{
    std::vector<Work> work;
    const TimestampMs toMs = m_startMs;
    const TimestampMs fromMs = toMs - m_rangeMs;
    if (m_rangeMs <= 0)
        return work;
    for (const std::string& selector : m_selectors) {
        const auto loaded = m_loadedFrom.find(selector);
        if (loaded == m_loadedFrom.end())
            work.push_back({ selector, fromMs, toMs, std::nullopt });
        else if (fromMs < loaded->second)
            work.push_back({ selector, fromMs, toMs, loaded->second }); // the range grew: only the older part is new
    }
    return work;
}

void PgHistorySource::run()
{
    Backoff backoff(m_config.retryBaseMs, m_config.retryCapMs);
    TimestampMs retryAtMs = 0;
    for (;;) {
        std::vector<Work> work;
        {
            std::unique_lock lock(m_mutex);
            const auto waitFor = [&] {
                const TimestampMs now = m_clock.nowMs();
                return std::chrono::milliseconds(
                    retryAtMs > now ? std::min<TimestampMs>(retryAtMs - now, 200) : TimestampMs { 200 });
            };
            while (!m_isStopRequested) {
                work = pendingWork();
                if (!work.empty() && m_clock.nowMs() >= retryAtMs)
                    break;
                if (work.empty()) {
                    if (m_health.state != SourceHealth::State::Up)
                        m_health = { SourceHealth::State::Up, {}, 0 };
                    m_stats.isLoaded = true;
                }
                m_isRequestChanged = false;
                m_wake.wait_for(lock, waitFor(), [this] { return m_isStopRequested || m_isRequestChanged; });
            }
            if (m_isStopRequested)
                return;
            m_isRequestChanged = false;
            m_stats.isLoaded = false;
            m_health = { SourceHealth::State::Loading,
                "reading history of " + std::to_string(work.size()) + (work.size() == 1 ? " query" : " queries"), 0 };
        }
        // One read per range: the database is asked once for the series all the selectors match.
        std::sort(work.begin(), work.end(), [](const Work& a, const Work& b) {
            return std::tie(a.fromMs, a.toMs, a.loadedFromMs) < std::tie(b.fromMs, b.toMs, b.loadedFromMs);
        });
        std::string error;
        for (auto first = work.begin(); first != work.end() && error.empty();) {
            const auto last = std::find_if(first, work.end(), [&](const Work& w) {
                return w.fromMs != first->fromMs || w.toMs != first->toMs || w.loadedFromMs != first->loadedFromMs;
            });
            if (m_isStopRequested.load(std::memory_order_acquire))
                return;
            load(std::span<const Work>(first, last), &error);
            first = last;
        }
        if (m_isStopRequested.load(std::memory_order_acquire))
            return;
        if (!error.empty()) {
            const std::int64_t delayMs = backoff.nextDelayMs();
            retryAtMs = m_clock.nowMs() + delayMs;
            std::lock_guard lock(m_mutex);
            ++m_stats.failedReads;
            m_health = { SourceHealth::State::Disconnected, "history not loaded: " + pgErrorLine(error), 0 };
        } else {
            backoff.reset();
            retryAtMs = 0;
        }
    }
}

bool PgHistorySource::load(std::span<const Work> work, std::string* error)
{
    std::vector<SeriesSelector> selectors;
    for (const Work& w : work)
        if (auto parsed = SeriesSelector::parse(w.selector); parsed.selector)
            selectors.push_back(std::move(*parsed.selector));
    // (A selector that does not parse was let through by no validator; it is simply not backfilled.)
    std::vector<RemoteWindow> pending;
    std::uint64_t pushed = 0;
    const auto flush = [&] {
        const std::size_t n = pending.size();
        if (!pushWindows(m_queue, m_sourceIndex, pending, true, m_isStopRequested, kWindowsPerPush))
            return false;
        pushed += n;
        return true;
    };
    const BackfillResult r = m_history->readWindows(
        m_config.store, selectors, work.front().fromMs, work.front().toMs, m_config.maxSeriesPerSelector,
        [&](std::size_t, const SeriesInfo& info, WindowBatch& batch) {
            for (WindowResult& w : batch.results) {
                RemoteWindow& remote = pending.emplace_back();
                remote.name = info.name;
                remote.tags = info.tags;
                remote.quantiles.reserve(w.quantileCount);
                for (std::size_t q = 0; q < w.quantileCount && q < batch.quantiles.size(); ++q)
                    remote.quantiles.emplace_back(batch.quantiles[q], w.quantiles[q]);
                remote.result = w;
            }
            return pending.size() < kWindowsPerPush || flush();
        },
        &m_isStopRequested, work.front().loadedFromMs);
    const bool isPushed = flush();
    std::lock_guard lock(m_mutex);
    m_stats.windows += pushed;
    if (!r.isOk()) {
        *error = r.error;
        return false;
    }
    if (!isPushed)
        return false; // stopping
    ++m_stats.reads;
    m_stats.series += r.seriesAdded;
    for (const Work& w : work) {
        auto [it, isNew] = m_loadedFrom.try_emplace(w.selector, w.fromMs);
        if (!isNew)
            it->second = std::min(it->second, w.fromMs);
    }
    return true;
}

} // namespace pulse
