#pragma once

#include "api/apiservermetrics.h"
#include "api/graphqlservice.h"
#include "net/httprequestparser.h"
#include "net/websocketframe.h"
#include "pipeline/windowsink.h"

#include <QLoggingCategory>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcApi)

class QThread;

namespace pulse::api {

class ApiServerCore;

/** Everything that shapes the API server; the defaults are the production ones. */
struct ApiServerConfig {
    std::string host = "127.0.0.1"; ///< an IPv4/IPv6 literal or "localhost"
    std::uint16_t port = 8080; ///< 0: any free port (see ApiServer::port())
    std::string token; ///< bearer token; empty: no authentication
    std::vector<std::string> allowedOrigins; ///< empty: any Origin
    int maxConnections = 1024; ///< further connections get 503
    net::WsLimits wsLimits { 1024 * 1024, 1024 * 1024, 1024, true };
    net::HttpLimits httpLimits;
    int handshakeTimeoutMs = 10'000; ///< the HTTP head (and body) must arrive within this
    int connectionInitTimeoutMs = 10'000; ///< graphql-transport-ws: connection_init within this, else 4408
    int keepaliveIntervalMs = 30'000; ///< server ping every so often; 0 disables
    int pongTimeoutMs = 10'000; ///< no pong (or any frame) this long after a ping: connection dropped
    /** Over this many unsent bytes a client gets only the latest update per series and subscription. */
    std::int64_t softSendCapBytes = 256 * 1024;
    /** Unsent bytes plus held-back updates over this: closed with 1013 at once. */
    std::int64_t hardSendCapBytes = 8 * 1024 * 1024;
    /** Over the soft cap without interruption for this long: closed with 1013. */
    int slowClientGraceMs = 5'000;
    int closeTimeoutMs = 2'000; ///< after our close frame, how long the peer may take before the socket is dropped
    int sendBufferBytes = 0; ///< SO_SNDBUF of accepted sockets; 0 keeps the kernel's
};

/**
 * The API server: HTTP and WebSocket on one port, served by a QObject on its own thread (see ApiServerCore).
 * Closed windows come in through sink() from the aggregation thread without blocking it. start() and stop() are
 * called on the owner's thread.
 */
class ApiServer {
public:
    ApiServer(ApiServerConfig config, std::shared_ptr<const GraphqlService> service);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    /** Binds and starts serving; nullopt on success, else why not (nothing left running). */
    [[nodiscard]] std::optional<std::string> start();
    /** Closes every connection (1001) and stops the thread. Idempotent. */
    void stop();
    /** The bound port (useful with port 0); 0 before start(). */
    std::uint16_t port() const { return m_port; }
    const ApiServerConfig& config() const { return m_config; }
    /** Attach to the pipeline (Pipeline::addSink) before it starts; safe to call from the aggregation thread. */
    WindowSink& sink();
    ApiServerStats stats() const { return m_metrics.snapshot(); }
    /** The Prometheus text served on /metrics. */
    std::string metricsText() const;

private:
    class Sink;
    ApiServerConfig m_config;
    std::shared_ptr<const GraphqlService> m_service;
    ApiServerMetrics m_metrics;
    std::unique_ptr<Sink> m_sink;
    std::unique_ptr<QThread> m_thread;
    ApiServerCore* m_core = nullptr; // lives on m_thread, deleted there
    std::uint16_t m_port = 0;
    std::int64_t m_startedMs = 0;
};

/** Whether `candidate` equals `expected`, in time that depends on the length of `expected` only. */
bool constantTimeEquals(std::string_view candidate, std::string_view expected);

} // namespace pulse::api
