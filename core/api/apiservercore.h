#pragma once

#include "api/apiserver.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <unordered_map>
#include <vector>

class QTcpServer;

namespace pulse::api {

class ApiConnection;

/**
 * The server's QObject on its own thread: accepts connections, keeps the series table and the subscriptions, and
 * fans closed windows (and, to live subscriptions, the live edge) out to them. Each payload is rendered once per
 * (prepared subscription, series); clients with the same subscription share the prepared one.
 */
class ApiServerCore : public QObject {
public:
    ApiServerCore(const ApiServerConfig& config, std::shared_ptr<const GraphqlService> service,
        ApiServerMetrics& metrics, qintptr listenFd, std::int64_t startedMs);
    ~ApiServerCore() override;

    /** On the server thread, first: takes over the listening socket. */
    void begin();
    /** On the server thread, last: closes every connection with 1001. */
    void shutdown();

    void onNewSeries(const std::vector<SeriesInfoPtr>& series);
    void onBatches(const std::vector<WindowBatchPtr>& batches);
    /** The live edge (provisional results of open windows): only to live subscriptions of the batch's spec. */
    void onProvisional(const WindowBatchPtr& batch);

    const ApiServerConfig& config() const { return m_config; }
    const GraphqlService& service() const { return *m_service; }
    ApiServerMetrics& metrics() { return m_metrics; }
    double uptimeSeconds() const;
    std::string healthJson() const;
    std::string metricsText() const { return m_metrics.prometheusText(uptimeSeconds()); }

    /** graphql-transport-ws subscribe: a prepared subscription shared with identical requests, or the service's answer.
     */
    SubscribeResult subscribe(const GraphqlRequest& request);
    /** `/metrics/stream`: the service's prepared stream, shared with identical requests; null when refused. */
    std::shared_ptr<const PreparedSubscription> stream(const QString& name, const QString& sourceId);
    /** Registers a subscriber; returns its key. `quotedId` empty for a stream (bare points). */
    std::uint64_t addSubscriber(
        ApiConnection* connection, QByteArray quotedId, std::shared_ptr<const PreparedSubscription> prepared);
    void removeSubscriber(std::uint64_t key);
    /** The socket is gone: forget it (it deletes itself). */
    void connectionFinished(ApiConnection* connection);

private:
    struct Subscriber {
        ApiConnection* connection = nullptr;
        QByteArray quotedId; // empty: stream
        std::uint64_t key = 0;
    };
    /** wants() by SeriesId: 0 not asked yet, 1 yes, 2 no (SeriesInfo is immutable, so the answer is too). */
    using WantsCache = std::vector<std::uint8_t>;
    struct Shape {
        std::shared_ptr<const PreparedSubscription> prepared;
        QString cacheKey;
        std::vector<Subscriber> subscribers;
        std::shared_ptr<WantsCache> wants = std::make_shared<WantsCache>();
    };
    struct Work {
        std::shared_ptr<const PreparedSubscription> prepared;
        std::vector<Subscriber> subscribers;
        std::shared_ptr<WantsCache> wants;
    };
    void onNewConnection();
    /** Renders one batch for every shape of its spec (only live ones when `isProvisional`) and queues it. */
    void fanOut(const WindowBatch& batch, bool isProvisional, std::vector<Work>& work);

    ApiServerConfig m_config;
    std::shared_ptr<const GraphqlService> m_service;
    ApiServerMetrics& m_metrics;
    qintptr m_listenFd;
    std::int64_t m_startedMs;
    QTcpServer* m_server = nullptr;
    std::vector<ApiConnection*> m_connections;
    std::vector<SeriesInfoPtr> m_series; // by SeriesId
    std::unordered_map<const PreparedSubscription*, Shape> m_shapes;
    QHash<QString, const PreparedSubscription*> m_shapeByKey;
    QHash<std::uint64_t, const PreparedSubscription*> m_shapeBySubscriber;
    std::uint64_t m_nextKey = 1;
};

/** A text frame holding `payload`, as the server sends it (unmasked). */
QByteArray wsTextFrame(const QByteArray& payload);
/**
 * Appends an update as one unmasked text frame to `out`: `{"id":<quotedId>,"type":"next","payload":<payload>}`
 * for a graphql-transport-ws subscriber, the bare `payload` for a stream subscriber (empty `quotedId`).
 */
void appendUpdateFrame(QByteArray& out, const QByteArray& quotedId, const QByteArray& payload);

} // namespace pulse::api
