#include "api/apiservercore.h"

#include "api/apiconnection.h"
#include "net/httprequestparser.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace pulse::api {

void appendUpdateFrame(QByteArray& out, const QByteArray& quotedId, const QByteArray& payload)
{
    static constexpr char kHead[] = "{\"id\":";
    static constexpr char kMiddle[] = ",\"type\":\"next\",\"payload\":";
    constexpr auto headSize = qsizetype(sizeof kHead - 1);
    constexpr auto middleSize = qsizetype(sizeof kMiddle - 1);
    const qsizetype length
        = quotedId.isEmpty() ? payload.size() : headSize + quotedId.size() + middleSize + payload.size() + 1;
    std::string header; // at most 10 bytes: no allocation
    net::appendWsFrameHeader(header, net::WsOpcode::Text, static_cast<std::uint64_t>(length));
    if (out.isEmpty()) // appending to a batch: QByteArray's own growth is geometric, an exact reserve is not
        out.reserve(static_cast<qsizetype>(header.size()) + length);
    out.append(header.data(), static_cast<qsizetype>(header.size()));
    if (quotedId.isEmpty()) {
        out.append(payload);
        return;
    }
    out.append(kHead, headSize);
    out.append(quotedId);
    out.append(kMiddle, middleSize);
    out.append(payload);
    out.append('}');
}

QByteArray wsTextFrame(const QByteArray& payload)
{
    QByteArray frame;
    appendUpdateFrame(frame, {}, payload);
    return frame;
}

ApiServerCore::ApiServerCore(const ApiServerConfig& config, std::shared_ptr<const GraphqlService> service,
    ApiServerMetrics& metrics, qintptr listenFd, std::int64_t startedMs)
    : m_config(config)
    , m_service(std::move(service))
    , m_metrics(metrics)
    , m_listenFd(listenFd)
    , m_startedMs(startedMs)
{ }

ApiServerCore::~ApiServerCore() = default;

void ApiServerCore::begin()
{
    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(std::max(30, m_config.maxConnections));
    if (!m_server->setSocketDescriptor(m_listenFd))
        qCWarning(lcApi) << "cannot serve the bound socket:" << m_server->errorString();
    connect(m_server, &QTcpServer::newConnection, this, &ApiServerCore::onNewConnection);
}

void ApiServerCore::shutdown()
{
    if (m_server)
        m_server->close();
    const std::vector<ApiConnection*> open = m_connections;
    for (ApiConnection* c : open) {
        c->closeWebSocket(net::wsclose::GoingAway, u"server shutting down"_s);
        c->flush();
    }
    // Whatever is still open is dropped with the QObject tree; the counters say so.
    m_metrics.connectionsOpen.store(0, std::memory_order_relaxed);
    m_metrics.subscriptionsActive.store(0, std::memory_order_relaxed);
}

void ApiServerCore::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        m_metrics.add(m_metrics.connectionsTotal);
        m_metrics.add(m_metrics.connectionsOpen);
        auto* connection = new ApiConnection(*this, socket);
        connection->setParent(this);
        m_connections.push_back(connection);
        if (static_cast<int>(m_connections.size()) > m_config.maxConnections)
            connection->refuse(503, "too many connections", { "Retry-After: 5" });
    }
}

void ApiServerCore::connectionFinished(ApiConnection* connection)
{
    const auto it = std::find(m_connections.begin(), m_connections.end(), connection);
    if (it == m_connections.end())
        return;
    m_connections.erase(it);
    m_metrics.sub(m_metrics.connectionsOpen);
}

double ApiServerCore::uptimeSeconds() const
{
    return static_cast<double>(QDateTime::currentMSecsSinceEpoch() - m_startedMs) / 1000.0;
}

std::string ApiServerCore::healthJson() const
{
    char uptime[32];
    std::snprintf(uptime, sizeof uptime, "%.3f", uptimeSeconds());
    return std::string(R"({"status":"ok","version":)") + net::jsonQuote(PULSE_VERSION) + ",\"uptimeSeconds\":" + uptime
        + ",\"connections\":" + std::to_string(m_metrics.connectionsOpen.load(std::memory_order_relaxed))
        + ",\"subscriptions\":" + std::to_string(m_metrics.subscriptionsActive.load(std::memory_order_relaxed))
        + ",\"series\":" + std::to_string(m_series.size()) + "}\n";
}

SubscribeResult ApiServerCore::subscribe(const GraphqlRequest& request)
{
    const QString key = request.query + QChar(0x1f)
        + QString::fromUtf8(QJsonDocument(request.variables).toJson(QJsonDocument::Compact)) + QChar(0x1f)
        + request.operationName;
    if (const auto it = m_shapeByKey.constFind(key); it != m_shapeByKey.constEnd()) {
        SubscribeResult shared;
        shared.subscription = m_shapes.at(*it).prepared;
        return shared;
    }
    SubscribeResult r = m_service->subscribe(request);
    if (r.subscription) {
        Shape& shape = m_shapes[r.subscription.get()];
        if (!shape.prepared) {
            shape.prepared = r.subscription;
            shape.cacheKey = key;
            m_shapeByKey.insert(key, r.subscription.get());
        }
    }
    return r;
}

std::shared_ptr<const PreparedSubscription> ApiServerCore::stream(const QString& name, const QString& sourceId)
{
    const QString key = u"/metrics/stream"_s + QChar(0x1f) + name + QChar(0x1f) + sourceId;
    if (const auto it = m_shapeByKey.constFind(key); it != m_shapeByKey.constEnd())
        return m_shapes.at(*it).prepared;
    std::shared_ptr<const PreparedSubscription> prepared = m_service->stream(name, sourceId);
    if (prepared) {
        Shape& shape = m_shapes[prepared.get()];
        if (!shape.prepared) {
            shape.prepared = prepared;
            shape.cacheKey = key;
            m_shapeByKey.insert(key, prepared.get());
        }
    }
    return prepared;
}

std::uint64_t ApiServerCore::addSubscriber(
    ApiConnection* connection, QByteArray quotedId, std::shared_ptr<const PreparedSubscription> prepared)
{
    const std::uint64_t key = m_nextKey++;
    Shape& shape = m_shapes[prepared.get()];
    if (!shape.prepared)
        shape.prepared = prepared;
    shape.subscribers.push_back(Subscriber { connection, std::move(quotedId), key });
    m_shapeBySubscriber.insert(key, prepared.get());
    m_metrics.add(m_metrics.subscriptionsActive);
    return key;
}

void ApiServerCore::removeSubscriber(std::uint64_t key)
{
    const auto it = m_shapeBySubscriber.find(key);
    if (it == m_shapeBySubscriber.end())
        return;
    const auto shapeIt = m_shapes.find(*it);
    m_shapeBySubscriber.erase(it);
    m_metrics.sub(m_metrics.subscriptionsActive);
    if (shapeIt == m_shapes.end())
        return;
    auto& subs = shapeIt->second.subscribers;
    subs.erase(std::remove_if(subs.begin(), subs.end(), [&](const Subscriber& s) { return s.key == key; }), subs.end());
    if (subs.empty()) {
        if (!shapeIt->second.cacheKey.isEmpty())
            m_shapeByKey.remove(shapeIt->second.cacheKey);
        m_shapes.erase(shapeIt);
    }
}

void ApiServerCore::onNewSeries(const std::vector<SeriesInfoPtr>& series)
{
    for (const SeriesInfoPtr& s : series) {
        if (!s || s->id == kInvalidSeries)
            continue;
        if (m_series.size() <= s->id)
            m_series.resize(static_cast<std::size_t>(s->id) + 1);
        m_series[s->id] = s;
    }
}

void ApiServerCore::onBatches(const std::vector<WindowBatchPtr>& batches)
{
    m_metrics.add(m_metrics.batchesIn, batches.size());
    if (m_shapes.empty())
        return;
    std::vector<Work> work;
    for (const WindowBatchPtr& batch : batches)
        fanOut(*batch, false, work);
}

void ApiServerCore::onProvisional(const WindowBatchPtr& batch)
{
    if (m_shapes.empty() || !batch)
        return;
    std::vector<Work> work;
    fanOut(*batch, true, work);
}

void ApiServerCore::fanOut(const WindowBatch& batch, bool isProvisional, std::vector<Work>& work)
{
    // Writing may close a connection and so remove subscribers and shapes: work on copies.
    work.clear();
    for (const auto& [raw, shape] : m_shapes)
        if (shape.prepared->specIndex() == batch.specIndex && (!isProvisional || shape.prepared->isLive()))
            work.push_back(Work { shape.prepared, shape.subscribers, shape.wants });
    for (const auto& [prepared, subscribers, wants] : work) {
        if (wants->size() < m_series.size())
            wants->resize(m_series.size(), 0);
        for (const WindowResult& result : batch.results) {
            if (result.series >= m_series.size() || !m_series[result.series]) {
                m_metrics.add(m_metrics.unknownSeries);
                continue;
            }
            const SeriesInfo& info = *m_series[result.series];
            std::uint8_t& wanted = (*wants)[result.series];
            if (wanted == 0)
                wanted = prepared->wants(info) ? 1 : 2;
            if (wanted != 1)
                continue;
            const QByteArray payload = prepared->renderJson(info, result, batch, isProvisional);
            for (const Subscriber& s : subscribers)
                if (m_shapeBySubscriber.contains(s.key))
                    s.connection->sendUpdate(s.key, result.series, s.quotedId, payload);
        }
        // Written as soon as this subscription's updates are queued, not after the whole batch: the first
        // clients need not wait for the rendering of the others.
        for (const Subscriber& s : subscribers)
            if (m_shapeBySubscriber.contains(s.key))
                s.connection->sendUpdates();
    }
}

} // namespace pulse::api
