#include "client/backendsource.h"

#include "api/graphqlwsprotocol.h"
#include "client/reconnectbackoff.h"
#include "client/remotepoints.h"
#include "client/tcpstream.h"
#include "client/wsclient.h"
#include "model/duration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace pulse::client {

Q_LOGGING_CATEGORY(lcBackend, "pulse.client")

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr std::size_t kWindowsPerBatch = 2048;
/** A coarse window is asked for this long after it closed: the server's allowed lateness plus its advance tick. */
constexpr std::int64_t kCoarseGraceMs = 2500;

const QString& subscriptionDocument()
{
    static const QString doc
        = u"subscription PulseboardLive($match: String!) { seriesUpdated(match: $match, live: true) { "_s
        + QString::fromLatin1(kPointSelection) + u" series { "_s + QString::fromLatin1(kSeriesSelection) + u" } } }"_s;
    return doc;
}

const QString& queryDocument()
{
    static const QString doc = u"query PulseboardBackfill($match: String!, $from: String!, $to: String!, "
                               u"$resolution: String!) { seriesMetrics(match: $match, from: $from, to: $to, "
                               u"resolution: $resolution) { series { "_s
        + QString::fromLatin1(kSeriesSelection) + u" } points { "_s + QString::fromLatin1(kPointSelection)
        + u" } } }"_s;
    return doc;
}

QJsonObject queryPayload(const std::string& selector, TimestampMs fromMs, TimestampMs toMs, std::int64_t stepMs)
{
    QJsonObject variables { { u"match"_s, QString::fromStdString(selector) }, { u"from"_s, QString::number(fromMs) },
        { u"to"_s, QString::number(toMs) }, { u"resolution"_s, QString::fromStdString(formatDurationMs(stepMs)) } };
    return QJsonObject { { u"query"_s, queryDocument() }, { u"variables"_s, variables } };
}

std::string message(const char* type, const QString& id = {}, const QJsonObject& payload = {})
{
    QJsonObject o { { u"type"_s, QString::fromLatin1(type) } };
    if (!id.isEmpty())
        o.insert(u"id"_s, id);
    if (!payload.isEmpty())
        o.insert(u"payload"_s, payload);
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

std::string firstErrorMessage(const QJsonValue& errors)
{
    const QJsonArray list = errors.isArray() ? errors.toArray() : QJsonArray { errors };
    if (list.isEmpty())
        return "unknown error";
    const QString text = list.first().toObject().value("message"_L1).toString();
    return text.isEmpty() ? std::string("unknown error") : text.toStdString();
}

std::chrono::milliseconds since(SteadyClock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t);
}

} // namespace

/** One connection's bookkeeping: which selector each subscription serves, which step each query asked for. */
struct BackendSource::Session {
    std::map<std::string, QString> subscriptionBySelector;
    std::map<QString, std::int64_t> queryStepById;
    std::uint64_t nextId = 1;
    std::uint64_t selectorsVersion = ~std::uint64_t(0);
    std::vector<TimestampMs> coarseDueMs;
    /** Steps whose query the server answered with errors (a resolution it does not keep): not asked for again. */
    std::vector<std::int64_t> refusedSteps;

    QString newId(const char* prefix) { return QString::fromLatin1(prefix) + QString::number(nextId++); }
};

BackendSource::BackendSource(BackendConfig config, IngestQueue& queue, std::uint16_t sourceIndex, const Clock& clock,
    std::vector<StoreResolution> resolutions, std::int64_t backfillRangeMs)
    : m_config(std::move(config))
    , m_queue(queue)
    , m_sourceIndex(sourceIndex)
    , m_clock(clock)
    , m_backfillRangeMs(backfillRangeMs)
{
    std::erase_if(resolutions, [](const StoreResolution& r) { return r.stepMs <= 0 || r.spanMs < r.stepMs; });
    std::sort(resolutions.begin(), resolutions.end(),
        [](const StoreResolution& a, const StoreResolution& b) { return a.stepMs < b.stepMs; });
    if (resolutions.empty())
        resolutions.push_back({});
    for (const StoreResolution& r : resolutions) {
        if (!m_steps.empty() && m_steps.back() == r.stepMs)
            continue;
        m_steps.push_back(r.stepMs);
        m_spans.push_back(r.spanMs);
    }
    m_lastEndMs.assign(m_steps.size(), 0);
    m_health = { SourceHealth::State::Disconnected, "connecting to " + m_config.authority(), 0 };
}

BackendSource::~BackendSource()
{
    stop();
}

std::string BackendSource::name() const
{
    return "backend:" + m_config.authority() + m_config.path;
}

std::optional<std::string> BackendSource::start()
{
    if (m_thread.joinable())
        return std::string("already started");
    m_thread = std::thread([this] { run(); });
    return std::nullopt;
}

void BackendSource::stop()
{
    m_isStopRequested.store(true, std::memory_order_release);
    if (m_thread.joinable())
        m_thread.join();
}

SourceHealth BackendSource::health() const
{
    std::lock_guard lock(m_mutex);
    return m_health;
}

BackendStats BackendSource::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void BackendSource::setSelectors(std::vector<std::string> selectors)
{
    std::sort(selectors.begin(), selectors.end());
    selectors.erase(std::unique(selectors.begin(), selectors.end()), selectors.end());
    std::lock_guard lock(m_mutex);
    if (selectors == m_selectors)
        return;
    m_selectors = std::move(selectors);
    ++m_selectorsVersion;
}

void BackendSource::setBackfillRangeMs(std::int64_t rangeMs)
{
    m_backfillRangeMs.store(std::max<std::int64_t>(rangeMs, 0));
}

std::vector<std::string> BackendSource::selectors(std::uint64_t* version) const
{
    std::lock_guard lock(m_mutex);
    if (version)
        *version = m_selectorsVersion;
    return m_selectors;
}

TimestampMs BackendSource::queryFromMs(std::size_t res, TimestampMs nowMs, bool isBackfill) const
{
    const std::int64_t back = std::min(m_backfillRangeMs.load(), m_spans[res] - m_steps[res]);
    return isBackfill ? nowMs - back : std::max(m_lastEndMs[res] - m_steps[res], nowMs - back);
}

void BackendSource::setHealth(SourceHealth health)
{
    std::lock_guard lock(m_mutex);
    m_health = std::move(health);
}

bool BackendSource::sleepFor(std::chrono::milliseconds duration)
{
    const auto until = SteadyClock::now() + duration;
    while (!m_isStopRequested.load(std::memory_order_acquire)) {
        const auto left = until - SteadyClock::now();
        if (left <= SteadyClock::duration::zero())
            return true;
        std::this_thread::sleep_for(std::min<SteadyClock::duration>(left, std::chrono::milliseconds(50)));
    }
    return false;
}

bool BackendSource::push(std::vector<RemoteWindow>& windows)
{
    // The server keeps its windows (and writes them to its own database): a local history database skips them.
    return pushWindows(m_queue, m_sourceIndex, windows, true, m_isStopRequested, kWindowsPerBatch);
}

void BackendSource::takeSeriesPoints(const QJsonArray& list, std::int64_t stepMs, std::vector<RemoteWindow>& out)
{
    const std::size_t before = out.size();
    std::uint64_t rejected = 0;
    const std::size_t res
        = static_cast<std::size_t>(std::find(m_steps.begin(), m_steps.end(), stepMs) - m_steps.begin());
    for (const QJsonValue& item : list) {
        std::string error;
        const std::optional<RemoteSeries> series = seriesFromJson(item.toObject().value("series"_L1).toObject(), error);
        const QJsonArray points = item.toObject().value("points"_L1).toArray();
        if (!series) {
            rejected += std::max<qsizetype>(points.size(), 1);
            qCDebug(lcBackend) << "skipped a series:" << error.c_str();
            continue;
        }
        for (const QJsonValue& p : points) {
            std::optional<RemoteWindow> w = windowFromPoint(p.toObject(), *series, stepMs, error);
            if (!w || w->isProvisional) {
                ++rejected;
                continue;
            }
            if (res < m_lastEndMs.size())
                m_lastEndMs[res] = std::max(m_lastEndMs[res], w->result.endMs);
            out.push_back(std::move(*w));
        }
    }
    std::lock_guard lock(m_mutex);
    m_stats.rejectedPoints += rejected;
    m_stats.backfilledWindows += out.size() - before;
}

void BackendSource::run()
{
    ReconnectBackoff backoff(m_config.backoffBase, m_config.backoffCap, m_config.backoffResetAfter);
    while (!m_isStopRequested.load(std::memory_order_acquire)) {
        SessionResult result = runSession();
        if (result.end == End::Stopped)
            break;
        if (result.end == End::Refused) {
            // The server answers HTTP but not WebSocket (a proxy that blocks upgrades, say): poll instead.
            qCInfo(lcBackend, "%s: %s; polling over HTTP", name().c_str(), result.error.c_str());
            result = runPolling(result.error);
            if (result.end == End::Stopped)
                break;
            if (result.end == End::Refused)
                continue; // time to try the WebSocket again
        }
        {
            std::lock_guard lock(m_mutex);
            ++m_stats.failedAttempts;
        }
        const std::chrono::milliseconds delay = backoff.next(result.upFor);
        qCInfo(lcBackend, "%s: %s; next attempt in %lld ms", name().c_str(), result.error.c_str(),
            static_cast<long long>(delay.count()));
        setHealth({ SourceHealth::State::Reconnecting, result.error, m_clock.nowMs() + delay.count() });
        if (!sleepFor(delay))
            break;
    }
}

BackendSource::SessionResult BackendSource::runSession()
{
    const std::atomic<bool>& stop = m_isStopRequested;
    WsClient ws(m_config.maxMessageBytes);
    const WsClient::OpenResult opened = ws.open(m_config, api::kGraphqlTransportWs, stop);
    if (stop.load())
        return { End::Stopped, {}, {} };
    if (!opened.isOpen)
        return { opened.httpStatus != 0 ? End::Refused : End::Failed, opened.error, {} };

    // connection_init, then wait for the ack.
    QJsonObject initPayload;
    if (!m_config.token.empty())
        initPayload.insert(u"token"_s, QString::fromStdString(m_config.token));
    if (std::string error = ws.sendText(message("connection_init", {}, initPayload), stop); !error.empty())
        return { End::Failed, error, {} };
    const auto ackDeadline = SteadyClock::now() + m_config.connectTimeout;
    std::vector<std::string> texts;
    bool isAcked = false;
    while (!isAcked) {
        if (stop.load())
            return { End::Stopped, {}, {} };
        if (SteadyClock::now() >= ackDeadline)
            return { End::Failed, "no connection_ack within the timeout", {} };
        std::string error;
        const WsClient::ReadStatus status = ws.read(texts, std::chrono::milliseconds(100), error, stop);
        if (status != WsClient::ReadStatus::Ok)
            return { End::Failed, error, {} };
        for (const std::string& text : texts) {
            const QJsonObject m = QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
            if (m.value("type"_L1).toString() == u"connection_ack"_s)
                isAcked = true;
            else if (m.value("type"_L1).toString() == u"ping"_s)
                (void)ws.sendText(message("pong"), stop);
        }
        texts.clear();
    }
    const auto upSince = SteadyClock::now();
    {
        std::lock_guard lock(m_mutex);
        ++m_stats.connects;
        m_stats.isPolling = false;
    }
    setHealth({});
    qCInfo(lcBackend, "%s: connected", name().c_str());

    Session session;
    session.coarseDueMs.assign(m_steps.size(), 0);
    const auto fail = [&](std::string error) {
        ws.close(net::wsclose::GoingAway, "", stop);
        return SessionResult { stop.load() ? End::Stopped : End::Dropped, std::move(error), since(upSince) };
    };
    const auto sendQuery = [&](const std::string& selector, std::size_t res, bool isBackfill) {
        const TimestampMs now = m_clock.nowMs();
        const std::int64_t step = m_steps[res];
        if (std::find(session.refusedSteps.begin(), session.refusedSteps.end(), step) != session.refusedSteps.end())
            return std::string();
        const TimestampMs from = queryFromMs(res, now, isBackfill);
        const QString id = session.newId("q");
        session.queryStepById[id] = step;
        return ws.sendText(message("subscribe", id, queryPayload(selector, from, now, step)), stop);
    };
    bool isSubscriptionRefused = false;
    std::string refusal;
    auto lastPing = upSince;

    while (true) {
        if (stop.load()) {
            ws.close(net::wsclose::Normal, "", stop);
            return { End::Stopped, {}, since(upSince) };
        }
        // Subscribe for new selectors first, then backfill them, so nothing falls between the two.
        std::uint64_t version = 0;
        const std::vector<std::string> wanted = selectors(&version);
        if (version != session.selectorsVersion) {
            session.selectorsVersion = version;
            for (auto it = session.subscriptionBySelector.begin(); it != session.subscriptionBySelector.end();) {
                if (std::binary_search(wanted.begin(), wanted.end(), it->first)) {
                    ++it;
                    continue;
                }
                if (std::string error = ws.sendText(message("complete", it->second), stop); !error.empty())
                    return fail(error);
                it = session.subscriptionBySelector.erase(it);
            }
            for (const std::string& selector : wanted) {
                if (session.subscriptionBySelector.contains(selector))
                    continue;
                const QString id = session.newId("s");
                session.subscriptionBySelector[selector] = id;
                const QJsonObject payload { { u"query"_s, subscriptionDocument() },
                    { u"variables"_s, QJsonObject { { u"match"_s, QString::fromStdString(selector) } } } };
                if (std::string error = ws.sendText(message("subscribe", id, payload), stop); !error.empty())
                    return fail(error);
                // The whole range for every selector of a new connection: what the server holds for an outage,
                // and all of it for a selector a panel just started to need.
                for (std::size_t res = m_steps.size(); res-- > 0;)
                    if (std::string error = sendQuery(selector, res, true); !error.empty())
                        return fail(error);
            }
        }
        // Coarser resolutions: asked for as their windows close (the subscription carries the finest).
        const TimestampMs now = m_clock.nowMs();
        for (std::size_t res = 1; res < m_steps.size(); ++res) {
            const std::int64_t step = m_steps[res];
            if (session.coarseDueMs[res] == 0)
                session.coarseDueMs[res] = (now / step + 1) * step + kCoarseGraceMs;
            if (now < session.coarseDueMs[res])
                continue;
            session.coarseDueMs[res] = (now / step + 1) * step + kCoarseGraceMs;
            for (const auto& [selector, id] : session.subscriptionBySelector)
                if (std::string error = sendQuery(selector, res, false); !error.empty())
                    return fail(error);
        }
        // Keepalive: a ping after a quiet spell, and the connection given up after twice as long.
        const auto quiet = since(ws.lastReceived());
        if (quiet > 2 * m_config.keepalive)
            return fail("no answer from the server for " + std::to_string(quiet.count() / 1000) + " s");
        if (quiet > m_config.keepalive && since(lastPing) > m_config.keepalive) {
            lastPing = SteadyClock::now();
            if (std::string error = ws.sendText(message("ping"), stop); !error.empty())
                return fail(error);
        }

        std::string error;
        texts.clear();
        const WsClient::ReadStatus status = ws.read(texts, std::chrono::milliseconds(100), error, stop);
        std::vector<RemoteWindow> live;
        std::vector<RemoteWindow> queried;
        std::uint64_t rejected = 0;
        std::uint64_t serverErrors = 0;
        for (const std::string& text : texts) {
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &parseError);
            if (!doc.isObject())
                return fail("the server sent a message that is not a JSON object");
            const QJsonObject m = doc.object();
            const QString type = m.value("type"_L1).toString();
            const QString id = m.value("id"_L1).toString();
            if (type == u"next"_s) {
                const QJsonObject payload = m.value("payload"_L1).toObject();
                const auto step = session.queryStepById.find(id);
                if (payload.contains("errors"_L1)) {
                    ++serverErrors;
                    const bool isNewRefusal = step != session.queryStepById.end()
                        && std::find(session.refusedSteps.begin(), session.refusedSteps.end(), step->second)
                            == session.refusedSteps.end();
                    if (isNewRefusal || step == session.queryStepById.end())
                        qCWarning(
                            lcBackend, "%s: %s", name().c_str(), firstErrorMessage(payload.value("errors"_L1)).c_str());
                    if (isNewRefusal)
                        session.refusedSteps.push_back(step->second);
                }
                const QJsonObject data = payload.value("data"_L1).toObject();
                if (step != session.queryStepById.end()) {
                    takeSeriesPoints(data.value("seriesMetrics"_L1).toArray(), step->second, queried);
                    continue;
                }
                const QJsonObject point = data.value("seriesUpdated"_L1).toObject();
                std::optional<RemoteSeries> series = seriesFromJson(point.value("series"_L1).toObject(), error);
                std::optional<RemoteWindow> w
                    = series ? windowFromPoint(point, *series, m_steps.front(), error) : std::nullopt;
                if (!w) {
                    ++rejected;
                    continue;
                }
                if (!w->isProvisional)
                    m_lastEndMs.front() = std::max(m_lastEndMs.front(), w->result.endMs);
                live.push_back(std::move(*w));
            } else if (type == u"complete"_s) {
                session.queryStepById.erase(id);
            } else if (type == u"error"_s) {
                ++serverErrors;
                if (session.queryStepById.erase(id) == 0) {
                    // A subscription the server will not run while queries may still work: poll instead.
                    isSubscriptionRefused = true;
                    refusal = "the subscription was refused: " + firstErrorMessage(m.value("payload"_L1));
                }
            } else if (type == u"ping"_s) {
                if (std::string e = ws.sendText(message("pong"), stop); !e.empty())
                    return fail(e);
            } else if (type != u"pong"_s) {
                return fail("the server sent an unexpected message type \"" + type.toStdString() + "\"");
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_stats.rejectedPoints += rejected;
            m_stats.serverErrors += serverErrors;
            m_stats.liveWindows += live.size();
        }
        if (!push(queried) || !push(live)) {
            ws.close(net::wsclose::Normal, "", stop);
            return { End::Stopped, {}, since(upSince) };
        }
        if (isSubscriptionRefused) {
            ws.close(net::wsclose::Normal, "", stop);
            return { End::Refused, refusal, since(upSince) };
        }
        if (status != WsClient::ReadStatus::Ok)
            return { stop.load() ? End::Stopped : End::Dropped, error, since(upSince) };
    }
}

BackendSource::SessionResult BackendSource::runPolling(const std::string& why)
{
    const auto started = SteadyClock::now();
    const auto retryAt = started + m_config.pollRetryWebSocket;
    std::vector<TimestampMs> dueMs(m_steps.size(), 0);
    std::uint64_t seenVersion = ~std::uint64_t(0);
    std::vector<std::string> backfilled; // selectors this polling spell has read over the whole range
    bool isAnnounced = false;
    while (true) {
        if (m_isStopRequested.load())
            return { End::Stopped, {}, since(started) };
        if (SteadyClock::now() >= retryAt)
            return { End::Refused, why, since(started) };
        std::uint64_t version = 0;
        const std::vector<std::string> wanted = selectors(&version);
        const bool isFullPass = version != seenVersion;
        if (isFullPass) {
            seenVersion = version;
            std::fill(dueMs.begin(), dueMs.end(), 0); // new selectors: backfill every resolution now
        }
        const TimestampMs now = m_clock.nowMs();
        for (std::size_t res = m_steps.size(); res-- > 0;) {
            if (now < dueMs[res])
                continue;
            const std::int64_t step = m_steps[res];
            dueMs[res] = res == 0 ? now + m_config.pollInterval.count() : (now / step + 1) * step + kCoarseGraceMs;
            for (const std::string& selector : wanted) {
                const bool isBackfill = std::find(backfilled.begin(), backfilled.end(), selector) == backfilled.end();
                const TimestampMs from = queryFromMs(res, now, isBackfill);
                const QByteArray body
                    = QJsonDocument(queryPayload(selector, from, now, step)).toJson(QJsonDocument::Compact);
                const HttpResult r = httpPostJson(m_config.host, m_config.port, m_config.path, body.toStdString(),
                    m_config.token, m_config.connectTimeout, m_config.maxMessageBytes, m_isStopRequested);
                if (m_isStopRequested.load())
                    return { End::Stopped, {}, since(started) };
                if (!r.error.empty() || r.status != 200)
                    return { End::Failed,
                        "polling over HTTP failed: " + (r.error.empty() ? "HTTP " + std::to_string(r.status) : r.error),
                        since(started) };
                const QJsonObject response = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
                std::vector<RemoteWindow> windows;
                takeSeriesPoints(
                    response.value("data"_L1).toObject().value("seriesMetrics"_L1).toArray(), step, windows);
                {
                    std::lock_guard lock(m_mutex);
                    ++m_stats.polls;
                    m_stats.isPolling = true;
                    if (response.contains("errors"_L1))
                        ++m_stats.serverErrors;
                }
                if (!push(windows))
                    return { End::Stopped, {}, since(started) };
            }
        }
        if (isFullPass)
            backfilled = wanted;
        if (!isAnnounced) {
            isAnnounced = true;
            setHealth({ SourceHealth::State::Up, "polling over HTTP (" + why + ")", 0 });
        }
        if (!sleepFor(std::chrono::milliseconds(100)))
            return { End::Stopped, {}, since(started) };
    }
}

} // namespace pulse::client
