#pragma once

// A Pulseboard server in the test process (pipeline with a loopback UDP listener, API server on a fixed port) and a
// client pipeline whose only source is a BackendSource, as `pulseboard --connect` builds it.

#include "api/apiserver.h"
#include "api/metricsgraphqlservice.h"
#include "client/backendsource.h"
#include "pipeline/pipeline.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

namespace pulse::test {

/** A loopback TCP port that was free a moment ago. */
inline std::uint16_t freeTcpPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t length = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
    ::close(fd);
    return ntohs(a.sin_port);
}

/** Sends StatsD datagrams to 127.0.0.1:port. */
class UdpSender {
public:
    explicit UdpSender(std::uint16_t port)
        : m_fd(::socket(AF_INET, SOCK_DGRAM, 0))
    {
        m_to.sin_family = AF_INET;
        m_to.sin_port = htons(port);
        m_to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    ~UdpSender() { ::close(m_fd); }
    UdpSender(const UdpSender&) = delete;
    UdpSender& operator=(const UdpSender&) = delete;
    void send(const std::string& payload)
    {
        ::sendto(m_fd, payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&m_to), sizeof m_to);
    }

private:
    int m_fd;
    sockaddr_in m_to {};
};

/** Store resolutions both ends use: 1 s for 5 min, 10 s for 1 h. */
inline StoreConfig testStore()
{
    StoreConfig s;
    s.resolutions = { { 1000, 5 * 60 * 1000 }, { 10'000, 3600 * 1000 } };
    return s;
}

/** The server end: UDP in, windows in the rolling store, the API on `apiPort`. */
struct TestServer {
    std::unique_ptr<Pipeline> pipeline;
    std::unique_ptr<api::ApiServer> api;
    std::uint16_t udpPort = 0;

    std::optional<std::string> start(std::uint16_t apiPort)
    {
        PipelineConfig c;
        ListenAddress a;
        a.host = "127.0.0.1";
        a.port = 0;
        c.udp.push_back(a);
        c.hasSystemCollector = false;
        c.allowedLatenessMs = 300;
        c.store = testStore();
        pipeline = std::make_unique<Pipeline>(c);
        api::ApiServerConfig config;
        config.port = apiPort;
        api = std::make_unique<api::ApiServer>(
            config, std::make_shared<api::MetricsGraphqlService>(pipeline->store(), pipeline->engineConfig().specs));
        pipeline->addSink(&api->sink());
        if (auto error = pipeline->start())
            return error;
        udpPort = pipeline->udpPorts().front();
        return api->start();
    }
    void stop()
    {
        if (api)
            api->stop();
        if (pipeline)
            pipeline->stop();
    }
};

/** The client end: no local ingest, one BackendSource. */
struct TestClient {
    std::unique_ptr<Pipeline> pipeline;
    client::BackendSource* backend = nullptr;
    std::uint16_t backendIndex = 0;

    std::optional<std::string> start(client::BackendConfig config, std::vector<std::string> selectors)
    {
        PipelineConfig c;
        c.hasSystemCollector = false;
        c.hasSelfMetrics = false;
        c.store = testStore();
        pipeline = std::make_unique<Pipeline>(c);
        backendIndex = pipeline->addSource([&](IngestQueue& queue, std::uint16_t index, const Clock& clock) {
            auto source = std::make_unique<client::BackendSource>(
                config, queue, index, clock, c.store.resolutions, 5 * 60 * 1000);
            backend = source.get();
            return source;
        });
        backend->setSelectors(std::move(selectors));
        return pipeline->start();
    }
    void stop()
    {
        if (pipeline)
            pipeline->stop();
    }
};

inline client::BackendConfig backendAt(std::uint16_t port)
{
    client::BackendConfigResult parsed = client::parseBackendUrl("ws://127.0.0.1:" + std::to_string(port) + "/graphql");
    client::BackendConfig config = *parsed.config;
    config.backoffBase = std::chrono::milliseconds(200);
    config.backoffCap = std::chrono::milliseconds(1000);
    return config;
}

/** The series of a store with this display name, or nullptr. */
inline SeriesInfoPtr findSeries(const RollingStore& store, const std::string& displayName)
{
    for (const CatalogEntry& e : store.catalog())
        if (e.info && e.info->displayName() == displayName)
            return e.info;
    return nullptr;
}

/** Every closed 1 s point of one field. */
inline std::vector<StorePoint> pointsOf(const RollingStore& store, SeriesId id, Field field)
{
    RangeQuery q { id, field, 0, std::numeric_limits<TimestampMs>::max() / 4, 100'000 };
    const TimestampMs now = SystemClock::instance().nowMs();
    q.fromMs = now - 4 * 60 * 1000;
    q.toMs = now + 1000;
    return store.read(q).points;
}

} // namespace pulse::test
