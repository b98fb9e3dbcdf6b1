// API fan-out: N loopback graphql-transport-ws subscribers (raw sockets on one epoll thread of this process) on an
// ApiServer with the real MetricsGraphqlService; 1,000 series (100 names x 10 sources) close a 1 s window every
// second; subscriber k subscribes to metricUpdated(name: "bench.m<k % 100>"), i.e. a panel of 10 series. Measures
// delivery latency (WindowSink::onWindows called, as the aggregation thread does at window close → frame parsed
// by the client), the server thread's CPU and the memory per connection. Issue target: p99 <= 50 ms.
// Plain program: bench_apifanout [seconds per run, default 10]; runs 100 and 1,000 subscribers.
#include "api/apiserver.h"
#include "api/metricsgraphqlservice.h"
#include "api/metricsschema.h"
#include "net/websocketframe.h"
#include "store/rollingstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <functional>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sstream>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

using namespace pulse;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr int kNames = 100;
constexpr int kSources = 10;

/** utime + stime of this process's thread with that name, in seconds. */
double threadCpuSeconds(const char* name)
{
    DIR* dir = opendir("/proc/self/task");
    double seconds = 0;
    while (dirent* e = dir ? readdir(dir) : nullptr) {
        if (e->d_name[0] == '.')
            continue;
        const std::string base = std::string("/proc/self/task/") + e->d_name;
        std::ifstream comm(base + "/comm");
        std::string c;
        std::getline(comm, c);
        if (c != name)
            continue;
        std::ifstream stat(base + "/stat");
        std::string s((std::istreambuf_iterator<char>(stat)), {});
        const auto close = s.rfind(')');
        std::vector<std::string> fields;
        std::string f;
        for (std::size_t i = close + 2; i < s.size(); ++i) {
            if (s[i] == ' ') {
                fields.push_back(f);
                f.clear();
            } else {
                f.push_back(s[i]);
            }
        }
        // Fields after the name start at 3 (state): utime is 14, stime 15.
        seconds += (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    if (dir)
        closedir(dir);
    return seconds;
}

long rssKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}

std::string maskedText(const std::string& text)
{
    return net::encodeWsFrame(net::WsOpcode::Text, text, true, 0x1234567u);
}

/** All subscriber sockets on one epoll thread; records one latency per received `next`. */
class Subscribers {
public:
    /** `opening(k)`: the bytes subscriber k sends first (its upgrade request and first frames). */
    Subscribers(std::uint16_t port, int count, const std::function<std::string(int)>& opening, bool isAckOnUpgrade)
        : m_isAckOnUpgrade(isAckOnUpgrade)
    {
        m_epoll = epoll_create1(0);
        for (int k = 0; k < count; ++k) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in a {};
            a.sin_family = AF_INET;
            a.sin_port = htons(port);
            inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
            if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
                std::perror("connect");
                std::exit(1);
            }
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            const std::string out = opening(k);
            (void)::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
            m_conns.push_back(
                Conn { fd, {}, net::WsFrameDecoder(net::WsLimits { 1 << 20, 1 << 20, 16, false }), false });
            epoll_event ev {};
            ev.events = EPOLLIN;
            ev.data.u32 = static_cast<std::uint32_t>(k);
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        }
        m_thread = std::thread([this] { run(); });
    }
    ~Subscribers()
    {
        m_isStopping = true;
        m_thread.join();
        for (const Conn& c : m_conns)
            ::close(c.fd);
        ::close(m_epoll);
    }
    /** Announces that the batch with this window start was handed to the sink at `at`. */
    void sent(const std::string& timestamp, SteadyClock::time_point at)
    {
        std::lock_guard lock(m_mutex);
        m_sentAt[timestamp] = at;
    }
    std::vector<double> takeLatenciesMs()
    {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_latenciesMs, {});
    }
    std::uint64_t acks() const { return m_acks; }
    void sendToFirst(const std::string& bytes)
    {
        (void)::send(m_conns.front().fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }
    std::uint64_t received() const { return m_received; }

private:
    struct Conn {
        int fd;
        std::string head;
        net::WsFrameDecoder decoder;
        bool isUpgraded;
    };
    void run()
    {
        std::vector<epoll_event> events(256);
        std::vector<net::WsMessage> messages;
        char buf[1 << 16];
        while (!m_isStopping) {
            const int n = epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), 50);
            for (int i = 0; i < n; ++i) {
                Conn& c = m_conns[events[i].data.u32];
                const ssize_t got = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
                if (got <= 0)
                    continue;
                const SteadyClock::time_point now = SteadyClock::now();
                std::string_view data(buf, static_cast<std::size_t>(got));
                if (!c.isUpgraded) {
                    c.head.append(data);
                    const auto end = c.head.find("\r\n\r\n");
                    if (end == std::string::npos)
                        continue;
                    c.isUpgraded = true;
                    if (m_isAckOnUpgrade)
                        ++m_acks;
                    data = std::string_view(c.head).substr(end + 4);
                }
                messages.clear();
                c.decoder.feed(data, messages);
                for (const net::WsMessage& m : messages) {
                    if (m.payload.find("\"connection_ack\"") != std::string::npos) {
                        ++m_acks;
                        continue;
                    }
                    const auto at = m.payload.find("\"timestamp\":\"");
                    if (at == std::string::npos)
                        continue;
                    ++m_received;
                    const std::string ts = m.payload.substr(at + 13, 24);
                    std::lock_guard lock(m_mutex);
                    if (const auto it = m_sentAt.find(ts); it != m_sentAt.end())
                        m_latenciesMs.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
                }
                if (c.isUpgraded && !c.head.empty())
                    c.head.clear();
            }
        }
    }

    bool m_isAckOnUpgrade;
    int m_epoll;
    std::vector<Conn> m_conns;
    std::thread m_thread;
    std::atomic<bool> m_isStopping { false };
    std::atomic<std::uint64_t> m_acks { 0 };
    std::atomic<std::uint64_t> m_received { 0 };
    std::mutex m_mutex;
    std::unordered_map<std::string, SteadyClock::time_point> m_sentAt;
    std::vector<double> m_latenciesMs;
};

double percentile(std::vector<double>& v, double q)
{
    if (v.empty())
        return 0;
    const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

std::string upgradeRequest(const char* path, const char* protocol)
{
    std::string out = std::string("GET ") + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (*protocol)
        out += std::string("Sec-WebSocket-Protocol: ") + protocol + "\r\n";
    return out + "\r\n";
}

struct Figures {
    std::vector<double> latenciesMs;
    double elapsedSeconds = 0;
};

/** One window close per second for `seconds` (+1 warm-up): `publish(windowStart)` hands the batch to the server. */
Figures measure(Subscribers& clients, int seconds, const std::function<void(TimestampMs)>& publish)
{
    Figures f;
    const auto start = SteadyClock::now();
    TimestampMs windowStart = 1'800'000'000'000;
    for (int second = 0; second <= seconds; ++second) {
        clients.sent(api::formatTimestamp(windowStart).toStdString(), SteadyClock::now());
        publish(windowStart);
        windowStart += 1000;
        std::this_thread::sleep_until(start + std::chrono::seconds(second + 1));
        std::vector<double> latencies = clients.takeLatenciesMs();
        if (second > 0) // the first second warms up caches and allocators
            f.latenciesMs.insert(f.latenciesMs.end(), latencies.begin(), latencies.end());
    }
    f.elapsedSeconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    return f;
}

void report(const char* server, int subscribers, int seconds, Figures& f, double cpuSeconds, double kibPerConnection)
{
    const auto expected = static_cast<unsigned long long>(subscribers) * kSources * static_cast<unsigned>(seconds);
    const double max = f.latenciesMs.empty() ? 0 : *std::max_element(f.latenciesMs.begin(), f.latenciesMs.end());
    const std::size_t got = f.latenciesMs.size();
    const double p50 = percentile(f.latenciesMs, 0.5);
    const double p99 = percentile(f.latenciesMs, 0.99);
    std::printf("%-10s subscribers=%-5d series=%d updates=%zu/%llu p50=%.2fms p99=%.2fms max=%.2fms "
                "server_cpu=%.1f%% rss_per_connection=%.1fKiB\n",
        server, subscribers, kNames * kSources, got, expected, p50, p99, max, 100.0 * cpuSeconds / f.elapsedSeconds,
        kibPerConnection);
    std::fflush(stdout);
}

void runPulse(int subscribers, int seconds)
{
    RollingStore store;
    auto service = std::make_shared<api::MetricsGraphqlService>(
        store, std::vector<WindowSpec> { { 1000, 1000, false }, { 10'000, 10'000, false } });
    api::ApiServerConfig config;
    config.port = 0;
    config.maxConnections = subscribers + 16;
    api::ApiServer server(config, service);
    if (const auto error = server.start()) {
        std::fprintf(stderr, "%s\n", error->c_str());
        std::exit(1);
    }
    SeriesRegistry registry;
    std::vector<SeriesInfoPtr> infos;
    for (int n = 0; n < kNames; ++n) {
        for (int s = 0; s < kSources; ++s) {
            const std::string name = "bench.m" + std::to_string(n);
            const std::string source = "host-" + std::to_string(s);
            const TagView tag { "source", source };
            const SeriesId id = registry.intern(MetricType::Timer, name, std::span<const TagView>(&tag, 1));
            infos.push_back(registry.infoPtr(id));
        }
    }
    server.sink().onNewSeries(infos);

    const long rssBefore = rssKb();
    Subscribers clients(
        server.port(), subscribers,
        [](int k) {
            return upgradeRequest("/graphql", "graphql-transport-ws") + maskedText(R"({"type":"connection_init"})")
                + maskedText(
                    R"({"id":"p","type":"subscribe","payload":{"query":"subscription { metricUpdated(name: \"bench.m)"
                    + std::to_string(k % kNames) + R"(\") { timestamp value p95 p99 } }"}})");
        },
        false);
    while (clients.acks() < static_cast<std::uint64_t>(subscribers)
        || server.stats().subscriptionsActive < static_cast<std::uint64_t>(subscribers))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const long rssAfter = rssKb();

    const double cpuBefore = threadCpuSeconds("pulse-api");
    Figures f = measure(clients, seconds, [&](TimestampMs windowStart) {
        auto batch = std::make_shared<WindowBatch>();
        batch->specIndex = 0;
        batch->spec = { 1000, 1000, false };
        batch->quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
        for (const SeriesInfoPtr& info : infos) {
            WindowResult r;
            r.series = info->id;
            r.type = MetricType::Timer;
            r.startMs = windowStart;
            r.endMs = windowStart + 1000;
            r.count = 100;
            r.sum = 1234.5;
            r.min = 1;
            r.max = 99;
            r.mean = 12.345;
            r.quantileCount = 5;
            r.quantiles = { 10, 20, 30, 40, 50 };
            batch->results.push_back(r);
        }
        const WindowBatchPtr ptr = batch;
        server.sink().onWindows(std::span<const WindowBatchPtr>(&ptr, 1), registry);
    });
    report("pulseboard", subscribers, seconds, f, threadCpuSeconds("pulse-api") - cpuBefore,
        static_cast<double>(rssAfter - rssBefore) / subscribers);
    const api::ApiServerStats stats = server.stats();
    if (stats.conflatedUpdates || stats.slowClientDisconnects)
        std::printf("  conflated=%llu slow_disconnects=%llu\n", static_cast<unsigned long long>(stats.conflatedUpdates),
            static_cast<unsigned long long>(stats.slowClientDisconnects));
    server.stop();
}

double processCpuSeconds(qint64 pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(stat)), {});
    const auto close = s.rfind(')');
    if (close == std::string::npos)
        return 0;
    std::istringstream fields(s.substr(close + 2));
    std::string f;
    double utime = 0;
    double stime = 0;
    for (int i = 3; fields >> f; ++i) {
        if (i == 14)
            utime = std::stod(f);
        if (i == 15) {
            stime = std::stod(f);
            break;
        }
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long processRssKb(qint64 pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}

/** The same load through a minimal Node `ws` broadcast server (bench/api/ws-broadcast.mjs). */
void runNode(int subscribers, int seconds, const std::string& root)
{
    const QString peers = QString::fromStdString(root + "/tests/peers/node");
    if (!QFileInfo::exists(peers + QStringLiteral("/node_modules/ws/package.json"))) {
        std::printf("node-ws    skipped: run `npm ci` in tests/peers/node for the reference\n");
        return;
    }
    QProcess node;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PULSE_PEERS_DIR"), peers);
    node.setProcessEnvironment(env);
    node.start(QStringLiteral("node"), { QString::fromStdString(root + "/bench/api/ws-broadcast.mjs") });
    QByteArray out;
    while (!out.contains('\n') && node.waitForReadyRead(10'000))
        out += node.readAllStandardOutput();
    if (!out.startsWith("port ")) {
        std::printf(
            "node-ws    skipped: the reference server did not start (%s)\n", node.readAllStandardError().constData());
        return;
    }
    const auto port = static_cast<std::uint16_t>(out.mid(5).trimmed().toUInt());
    const long rssBefore = processRssKb(node.processId());
    Subscribers clients(
        port, subscribers,
        [](int k) {
            return upgradeRequest("/", "")
                + maskedText(R"({"subscribe":"bench.m)" + std::to_string(k % kNames) + "\"}");
        },
        true);
    Subscribers publisher(
        port, 1, [](int) { return upgradeRequest("/", ""); }, true);
    while (clients.acks() < static_cast<std::uint64_t>(subscribers) || publisher.acks() < 1)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the subscribe messages are read
    const long rssAfter = processRssKb(node.processId());
    const double cpuBefore = processCpuSeconds(node.processId());
    Figures f = measure(clients, seconds, [&](TimestampMs windowStart) {
        publisher.sendToFirst(maskedText(R"({"publish":")" + api::formatTimestamp(windowStart).toStdString() + "\"}"));
    });
    report("node-ws", subscribers, seconds, f, processCpuSeconds(node.processId()) - cpuBefore,
        static_cast<double>(rssAfter - rssBefore) / subscribers);
    node.kill();
    node.waitForFinished(5'000);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int seconds = argc > 1 ? std::max(2, std::atoi(argv[1])) : 10;
    rlimit files {};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    // The source tree: PULSE_SOURCE_DIR, else three levels above build/<preset>/bin.
    std::string root = qEnvironmentVariable("PULSE_SOURCE_DIR").toStdString();
    if (root.empty())
        root = QDir(QCoreApplication::applicationDirPath() + QStringLiteral("/../../..")).canonicalPath().toStdString();
    std::printf("API fan-out: 100 names x %d sources = %d series, one 1 s window each per second; subscriber k "
                "follows name k %% 100 (%d series); %d s per run\n",
        kSources, kNames * kSources, kSources, seconds);
    for (const int n : { 100, 1000 }) {
        runPulse(n, seconds);
        runNode(n, seconds, root);
    }
    return 0;
}
