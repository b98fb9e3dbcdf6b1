// Event to screen (issue 3 §8: p99 ≤ 50 ms): a real Pipeline with a UDP listener on loopback, a DashboardView with
// one panel on `probe.latency` (field last) and a DashboardRenderer at 30 Hz. A sender thread sends
// `probe.latency:<send time>|g` every ~20 ms; for each datagram the benchmark takes the time from its send to the end
// of the first dispatch (paint and flush of the window) in which the panel shows that value or a newer one.
//
// The value is the send time in µs since the run started, modulo 2^24: the store keeps float32 cells, which hold
// integers exactly only up to 2^24, so a full epoch time would not survive the trip. Run under Xvfb or with
// QT_QPA_PLATFORM=offscreen:
//   bench_eventtoscreen [--datagrams N] [--interval-ms 20] [--panel stat|timeseries] [--window-ms 10000]
//                       [--range-s 3600] [--live-edge-ms 20] [--render-hz 30]
// --live-edge-ms 0 turns the live edge off (closed windows only), for comparison.
// `bench_eventtoscreen --cost` instead measures what the live edge costs the aggregation thread: WindowEngine::
// takeProvisional() + RollingStore::setProvisional() every 20 ms of event time, per changed pane, without a GUI.

#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "panels/panelwidget.h"
#include "pipeline/pipeline.h"

#include <QApplication>
#include <QLabel>
#include <QTimer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

constexpr std::int64_t kValueModulo = std::int64_t(1) << 24; // float32 integers are exact below this
constexpr int kWarmUpDatagrams = 25; // the series is created by the first ones: not measured

using SteadyClock = std::chrono::steady_clock;

struct Options {
    int datagrams = 550;
    int intervalMs = 20;
    layout::PanelType panel = layout::PanelType::Stat;
    std::int64_t windowMs = 10'000; // the layout default for a new query
    std::int64_t rangeMs = 3'600'000; // the layout default time range
    int liveEdgeMs = 20;
    int renderHz = 30;
};

bool parseOptions(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* value = nullptr;
        if (arg == "--datagrams" && (value = next()))
            o.datagrams = std::atoi(value);
        else if (arg == "--interval-ms" && (value = next()))
            o.intervalMs = std::atoi(value);
        else if (arg == "--window-ms" && (value = next()))
            o.windowMs = std::atoll(value);
        else if (arg == "--range-s" && (value = next()))
            o.rangeMs = std::atoll(value) * 1000;
        else if (arg == "--live-edge-ms" && (value = next()))
            o.liveEdgeMs = std::atoi(value);
        else if (arg == "--render-hz" && (value = next()))
            o.renderHz = std::atoi(value);
        else if (arg == "--panel" && (value = next())
            && (std::strcmp(value, "stat") == 0 || std::strcmp(value, "timeseries") == 0))
            o.panel = std::strcmp(value, "stat") == 0 ? layout::PanelType::Stat : layout::PanelType::Timeseries;
        else {
            if (arg != "--help")
                std::fprintf(stderr, "unknown or incomplete argument: %s\n", arg.c_str());
            std::fprintf(stderr,
                "usage: bench_eventtoscreen [--datagrams N] [--interval-ms MS] [--panel stat|timeseries] "
                "[--window-ms MS] [--range-s S] [--live-edge-ms MS] [--render-hz HZ]\n"
                "       bench_eventtoscreen --cost\n");
            return false;
        }
    }
    if (o.datagrams < 1 || o.intervalMs < 1 || o.windowMs < 1000 || o.rangeMs < 1000 || o.liveEdgeMs < 0
        || o.renderHz < 1) {
        std::fprintf(stderr, "arguments out of range\n");
        return false;
    }
    return true;
}

std::int64_t microsSince(SteadyClock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
}

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(fraction * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

/** Datagrams sent and not yet seen on screen, by send time (µs since the run start). */
class Ledger {
public:
    void sent(std::int64_t sendUs, bool isMeasured)
    {
        std::lock_guard lock(m_mutex);
        m_pending.emplace(sendUs, isMeasured);
        ++m_sent;
    }
    /** The panel shows the value sent at `shownSendUs`, painted by `paintEndUs`: settles it and every older one. */
    void shown(std::int64_t shownSendUs, std::int64_t paintEndUs)
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_pending.begin(); it != m_pending.end() && it->first <= shownSendUs;) {
            if (it->second) {
                const double ms = double(paintEndUs - it->first) / 1000.0;
                m_latenciesMs.push_back(ms);
                if (it->first == shownSendUs)
                    m_ownValueMs.push_back(ms);
            }
            it = m_pending.erase(it);
        }
    }
    /** The send time whose value is `value` (modulo 2^24), among those still pending or the newest shown. */
    std::optional<std::int64_t> sendTimeOf(std::int64_t value) const
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_pending.rbegin(); it != m_pending.rend(); ++it) {
            if (it->first % kValueModulo == value)
                return it->first;
        }
        return std::nullopt;
    }
    std::size_t pending() const
    {
        std::lock_guard lock(m_mutex);
        return m_pending.size();
    }
    std::size_t sentCount() const
    {
        std::lock_guard lock(m_mutex);
        return m_sent;
    }
    std::vector<double> latenciesMs() const
    {
        std::lock_guard lock(m_mutex);
        return m_latenciesMs;
    }
    std::vector<double> ownValueMs() const
    {
        std::lock_guard lock(m_mutex);
        return m_ownValueMs;
    }

private:
    mutable std::mutex m_mutex;
    std::map<std::int64_t, bool> m_pending; // send µs → measured
    std::vector<double> m_latenciesMs;
    std::vector<double> m_ownValueMs;
    std::size_t m_sent = 0;
};

/**
 * Notes when a paint event reaches the watched panel's content (any descendant but the header labels) and, at the
 * end of the outermost dispatch around it (paint and flush of the window), hands the shown value to a callback.
 */
class ProbeApplication : public QApplication {
public:
    ProbeApplication(int& argc, char** argv)
        : QApplication(argc, argv)
    { }
    ui::PanelWidget* watched = nullptr;
    std::function<void(std::int64_t paintEndUs)> onPanelPainted;
    SteadyClock::time_point start = SteadyClock::now();

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (watched && m_depth > 0 && event->type() == QEvent::Paint && receiver->isWidgetType()) {
            const auto* widget = static_cast<QWidget*>(receiver);
            if (widget != watched && watched->isAncestorOf(widget) && !qobject_cast<const QLabel*>(widget))
                m_isPanelPainted = true;
        }
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        if (m_depth == 0 && m_isPanelPainted) {
            m_isPanelPainted = false;
            if (onPanelPainted)
                onPanelPainted(microsSince(start));
        }
        return result;
    }

private:
    int m_depth = 0;
    bool m_isPanelPainted = false;
};

layout::Dashboard probeDashboard(const Options& o)
{
    layout::Query query;
    query.selector = *SeriesSelector::parse("probe.latency").selector;
    query.field = Field::Last;
    query.window = { layout::WindowKind::Tumbling, o.windowMs, o.windowMs };
    layout::Panel panel;
    panel.type = o.panel;
    panel.title = u"probe"_s;
    panel.w = 12;
    panel.h = 8;
    panel.queries = { query };
    layout::Dashboard dashboard;
    dashboard.title = u"event to screen"_s;
    dashboard.timeRangeMs = o.rangeMs;
    dashboard.renderRateHz = o.renderHz;
    dashboard.panels = { panel };
    return dashboard;
}

int sendSocket(std::uint16_t port, sockaddr_in& to)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return fd;
}

/** Engine + store at a 20 ms live-edge cadence (event time), for a few series shapes; prints ns per changed pane. */
int measureCost()
{
    struct Shape {
        MetricType type;
        int series;
        int samplesPerTick;
    };
    const Shape shapes[] = { { MetricType::Counter, 1000, 10 }, { MetricType::Gauge, 10'000, 2 },
        { MetricType::Counter, 100'000, 1 }, { MetricType::Timer, 1000, 10 } };
    std::printf("live edge cost: takeProvisional + setProvisional every 20 ms, 200 ticks\n");
    for (const Shape& shape : shapes) {
        EngineConfig engineConfig;
        engineConfig.specs = { { 1000, 1000 }, { 10'000, 10'000 }, { 60'000, 60'000 } };
        WindowEngine engine(engineConfig);
        StoreConfig storeConfig;
        storeConfig.maxSeries = std::size_t(shape.series);
        TimestampMs t = 1'700'000'000'000;
        ManualClock clock(t);
        RollingStore store(storeConfig, clock);
        for (int i = 0; i < shape.series; ++i) {
            auto info = std::make_shared<SeriesInfo>();
            info->id = SeriesId(i);
            info->type = shape.type;
            info->name = std::to_string(i);
            store.addSeries(info);
        }
        double addNs = 0;
        double liveNs = 0;
        std::size_t panes = 0;
        for (int tick = 0; tick < 200; ++tick) {
            t += 20;
            clock.setMs(t);
            const auto a = SteadyClock::now();
            for (int i = 0; i < shape.series; ++i) {
                for (int k = 0; k < shape.samplesPerTick; ++k) {
                    Sample sample;
                    sample.series = SeriesId(i);
                    sample.type = shape.type;
                    sample.value = double(k);
                    sample.eventTimeMs = t;
                    engine.add(sample);
                }
            }
            const auto b = SteadyClock::now();
            if (tick % 5 == 0) {
                for (const WindowBatchPtr& batch : engine.advance(t))
                    store.append(batch->specIndex, *batch);
            }
            const auto c = SteadyClock::now();
            if (const WindowBatchPtr live = engine.takeProvisional()) {
                panes += live->results.size();
                store.setProvisional(0, *live);
            }
            const auto d = SteadyClock::now();
            addNs += double(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
            liveNs += double(std::chrono::duration_cast<std::chrono::nanoseconds>(d - c).count());
        }
        std::printf(
            "  %-8s %6d series, %2d samples each per 20 ms: %5.0f ns per changed pane (%zu), add() %.1f ns/sample\n",
            metricTypeName(shape.type).data(), shape.series, shape.samplesPerTick, liveNs / double(panes), panes,
            addNs / (200.0 * shape.series * shape.samplesPerTick));
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 2 && std::strcmp(argv[1], "--cost") == 0)
        return measureCost();
    Options options;
    if (!parseOptions(argc, argv, options))
        return 2;
    // Without a display (scripts/bench starts Xvfb only for bench_desktop*), draw offscreen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    ProbeApplication app(argc, argv);

    PipelineConfig config;
    ListenAddress address;
    address.host = "127.0.0.1";
    address.port = 0;
    config.udp.push_back(address);
    config.provisionalInterval = std::chrono::milliseconds(options.liveEdgeMs);
    Pipeline pipeline(config);
    if (auto error = pipeline.start()) {
        std::fprintf(stderr, "pipeline: %s\n", error->c_str());
        return 1;
    }

    ui::DashboardView view;
    const layout::Dashboard dashboard = probeDashboard(options);
    view.setDashboard(dashboard);
    view.resize(1280, 800);
    view.show();
    ui::DashboardRenderer renderer(&view);
    renderer.setStore(&pipeline.store());
    renderer.setTimeRangeMs(dashboard.timeRangeMs);
    renderer.setRenderRateHz(dashboard.renderRateHz);
    renderer.syncPanels();
    renderer.start();

    Ledger ledger;
    ui::PanelWidget* panel = view.panelWidget(0);
    std::int64_t provisionalPaints = 0;
    std::int64_t paints = 0;
    app.watched = panel;
    app.onPanelPainted = [&](std::int64_t paintEndUs) {
        const auto& data = panel->data();
        if (!data || data->lines.empty() || !data->lines.front().lastValue)
            return;
        ++paints;
        if (data->lines.front().hasProvisional)
            ++provisionalPaints;
        const auto value = static_cast<std::int64_t>(std::llround(*data->lines.front().lastValue));
        if (const auto sendUs = ledger.sendTimeOf(value))
            ledger.shown(*sendUs, paintEndUs);
    };

    std::atomic<bool> isSenderDone { false };
    std::thread sender([&] {
        sockaddr_in to {};
        const int fd = sendSocket(pipeline.udpPorts().at(0), to);
        const auto first = SteadyClock::now();
        const int total = kWarmUpDatagrams + options.datagrams;
        for (int i = 0; i < total; ++i) {
            std::this_thread::sleep_until(first + std::chrono::milliseconds(std::int64_t(i) * options.intervalMs));
            const std::int64_t sendUs = microsSince(app.start);
            const std::string payload = "probe.latency:" + std::to_string(sendUs % kValueModulo) + "|g";
            ledger.sent(sendUs, i >= kWarmUpDatagrams);
            ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
        }
        ::close(fd);
        isSenderDone = true;
    });

    // Quit once everything sent was shown, or 10 s after the last send.
    QTimer finish;
    std::int64_t doneAtUs = -1;
    QObject::connect(&finish, &QTimer::timeout, &app, [&] {
        if (!isSenderDone)
            return;
        if (doneAtUs < 0)
            doneAtUs = microsSince(app.start);
        if (ledger.pending() == 0 || microsSince(app.start) - doneAtUs > 10'000'000)
            app.quit();
    });
    finish.start(50);
    app.exec();
    sender.join();
    renderer.stop();
    pipeline.stop();

    const std::vector<double> all = ledger.latenciesMs();
    const std::vector<double> own = ledger.ownValueMs();
    const char* panelName = options.panel == layout::PanelType::Stat ? "stat" : "timeseries";
    std::printf("event to screen: %s panel, field last, window %lld ms, range %lld s, render %d Hz, live edge %s\n",
        panelName, static_cast<long long>(options.windowMs), static_cast<long long>(options.rangeMs / 1000),
        options.renderHz, options.liveEdgeMs > 0 ? (std::to_string(options.liveEdgeMs) + " ms").c_str() : "off");
    std::printf("  datagrams sent %zu (measured %d, every %d ms), shown %zu, never shown %zu\n", ledger.sentCount(),
        options.datagrams, options.intervalMs, all.size(), ledger.pending());
    std::printf("  paints of the panel %lld, of them ending in the live edge %lld\n", static_cast<long long>(paints),
        static_cast<long long>(provisionalPaints));
    std::printf("  send -> painted, every datagram (superseded ones at the first paint of a newer value):\n");
    std::printf("    p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms\n", percentile(all, 0.5), percentile(all, 0.9),
        percentile(all, 0.99), percentile(all, 1.0));
    std::printf("  send -> painted, datagrams whose own value was painted (%zu):\n", own.size());
    std::printf("    p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms\n", percentile(own, 0.5), percentile(own, 0.9),
        percentile(own, 0.99), percentile(own, 1.0));
    const bool isMet = all.size() >= std::size_t(std::min(options.datagrams, 500)) && percentile(all, 0.99) <= 50.0;
    std::printf("  target p99 <= 50 ms over >= 500 datagrams: %s\n", isMet ? "met" : "NOT met");
    return 0;
}
