#include "api/apiserver.h"

#include "api/apiservercore.h"

#include <QDateTime>
#include <QThread>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <variant>

Q_LOGGING_CATEGORY(lcApi, "pulse.api", QtWarningMsg)

namespace pulse::api {

bool constantTimeEquals(std::string_view candidate, std::string_view expected)
{
    unsigned diff = candidate.size() != expected.size() ? 1u : 0u;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const unsigned char c = i < candidate.size() ? static_cast<unsigned char>(candidate[i]) : 0;
        diff |= c ^ static_cast<unsigned char>(expected[i]);
    }
    return diff == 0;
}

namespace {

/** Binds and listens on the calling thread so a taken port fails start() at once; the fd or an error. */
std::variant<int, std::string> bindListener(const std::string& host, std::uint16_t port)
{
    const std::string literal = host == "localhost" ? std::string("127.0.0.1") : host;
    sockaddr_storage address {};
    socklen_t length = 0;
    int family = AF_INET;
    if (auto* v4 = reinterpret_cast<sockaddr_in*>(&address); inet_pton(AF_INET, literal.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        length = sizeof(sockaddr_in);
    } else if (auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
               inet_pton(AF_INET6, literal.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        length = sizeof(sockaddr_in6);
        family = AF_INET6;
    } else {
        return "'" + host + "' is not an IP address";
    }
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return std::string("socket: ") + std::strerror(errno);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) != 0 || ::listen(fd, SOMAXCONN) != 0) {
        const std::string error = std::strerror(errno);
        ::close(fd);
        return "cannot listen on " + host + ":" + std::to_string(port) + ": " + error;
    }
    return fd;
}

std::uint16_t boundPort(int fd)
{
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return 0;
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
}

} // namespace

/**
 * The pipeline side: runs on the aggregation thread and only copies shared pointers into a queued call (closed windows
 * and the live edge alike), so ingest never waits for a socket. Series a batch mentions that were never announced are
 * announced from the registry first.
 */
class ApiServer::Sink : public WindowSink {
public:
    void setCore(ApiServerCore* core)
    {
        std::lock_guard lock(m_mutex);
        m_core = core;
        // A new core (the server started again) knows no series yet: announce each again as it comes.
        m_isForgetRequested.store(true, std::memory_order_release);
    }
    void onNewSeries(std::span<const SeriesInfoPtr> series) override
    {
        std::vector<SeriesInfoPtr> copy(series.begin(), series.end());
        for (const SeriesInfoPtr& s : copy)
            markKnown(s->id);
        post([copy = std::move(copy)](ApiServerCore* core) { core->onNewSeries(copy); });
    }
    void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry) override
    {
        std::vector<SeriesInfoPtr> unannounced;
        for (const WindowBatchPtr& b : batches)
            for (const WindowResult& r : b->results)
                if (r.series < registry.size() && !isKnown(r.series)) {
                    markKnown(r.series);
                    unannounced.push_back(registry.infoPtr(r.series));
                }
        if (!unannounced.empty())
            onNewSeries(unannounced);
        post([copy = std::vector<WindowBatchPtr>(batches.begin(), batches.end())](
                 ApiServerCore* core) { core->onBatches(copy); });
    }
    /** The live edge: the aggregation thread announced its series before (Aggregator::announceNewSeries()). */
    void onProvisional(const WindowBatchPtr& batch) override
    {
        post([batch](ApiServerCore* core) { core->onProvisional(batch); });
    }

private:
    bool isKnown(SeriesId id)
    {
        if (m_isForgetRequested.exchange(false, std::memory_order_acq_rel))
            m_known.clear();
        return id < m_known.size() && m_known[id];
    }
    void markKnown(SeriesId id)
    {
        if (m_known.size() <= id)
            m_known.resize(static_cast<std::size_t>(id) + 1, false);
        m_known[id] = true;
    }
    template <class F> void post(F&& f)
    {
        std::lock_guard lock(m_mutex);
        if (m_core)
            QMetaObject::invokeMethod(
                m_core, [core = m_core, f = std::forward<F>(f)] { f(core); }, Qt::QueuedConnection);
    }

    std::mutex m_mutex; // guards m_core only; held for the time of posting an event
    ApiServerCore* m_core = nullptr;
    std::vector<bool> m_known; // aggregation thread only
    std::atomic<bool> m_isForgetRequested { false };
};

ApiServer::ApiServer(ApiServerConfig config, std::shared_ptr<const GraphqlService> service)
    : m_config(std::move(config))
    , m_service(std::move(service))
    , m_sink(std::make_unique<Sink>())
{ }

ApiServer::~ApiServer()
{
    stop();
}

WindowSink& ApiServer::sink()
{
    return *m_sink;
}

std::optional<std::string> ApiServer::start()
{
    if (m_thread)
        return std::string("already started");
    if (!m_service)
        return std::string("no GraphQL service");
    auto bound = bindListener(m_config.host, m_config.port);
    if (auto* error = std::get_if<std::string>(&bound))
        return *error;
    const int fd = std::get<int>(bound);
    m_port = boundPort(fd);
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("pulse-api"));
    m_core = new ApiServerCore(m_config, m_service, m_metrics, fd, m_startedMs);
    m_core->moveToThread(m_thread.get());
    QMetaObject::invokeMethod(
        m_core, [core = m_core] { core->begin(); }, Qt::QueuedConnection);
    m_sink->setCore(m_core);
    m_thread->start();
    qCInfo(lcApi) << "serving on" << m_config.host.c_str() << m_port;
    return std::nullopt;
}

void ApiServer::stop()
{
    if (!m_thread)
        return;
    m_sink->setCore(nullptr);
    QMetaObject::invokeMethod(
        m_core,
        [core = m_core] {
            core->shutdown();
            delete core;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
    m_thread.reset();
    m_core = nullptr;
}

std::string ApiServer::metricsText() const
{
    const double uptime
        = m_startedMs ? static_cast<double>(QDateTime::currentMSecsSinceEpoch() - m_startedMs) / 1000.0 : 0.0;
    return m_metrics.prometheusText(uptime);
}

} // namespace pulse::api
