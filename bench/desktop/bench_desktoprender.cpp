// Render cost of the dashboard in the real window (MainWindow, its render tick, status strip and panels)
// under X11 (Xvfb, xcb): 16 time-series panels × 4 gauge series with an hour of 1 s points, a writer thread
// storing one 1 s window per series per second (plus the 10 s / 1 min windows, as the pipeline does), a 30 Hz
// render tick, a 1600 × 1000 window.
//
//   bench_desktoprender                   runs every mode PULSE_BENCH_REPS times (default 3), interleaved, each in
//                                         its own process, and prints medians and ratios to the default
//   bench_desktoprender --mode M [--seconds S] [--screenshot PNG]   one measurement (M: default, nodecimation,
//                                         opengl, opengl-nodecimation)
//
// Figures: GUI-thread CPU (CLOCK_THREAD_CPUTIME_ID over the measured seconds, % of one core; process CPU too) and
// frame times. A frame is an event-loop busy span (dispatches less than 1 ms apart) that holds a render tick, from
// its first dispatch's start to its last one's end: the tick, the posted chart updates and the window paints (each
// flushed to the X server). Frames in which the charts got new data are "redraw" frames. The time between ticks
// is reported as well; with OpenGL under llvmpipe the loop may never go idle, and then there are no frames to time.
// PULSE_BENCH_DESKTOP_SECONDS changes the measured seconds (default 20). Nothing is asserted.
#include "desktopbench.h"

#include "charts/decimation.h"
#include "charts/timechart.h"
#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "dashboard/panelregistration.h"
#include "document/dashboarddocument.h"
#include "mainwindow.h"
#include "panels/timeseriespanel.h"

#include <QImage>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QOpenGLWidget>
#include <QPixmap>
#include <QScreen>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace pulse;
using namespace pulse::bench;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWarmupMs = 3000;
constexpr int kDefaultSeconds = 20;
/** Dispatches closer than this belong to one busy span (the loop did not go back to waiting in between). */
constexpr std::int64_t kGapNs = 1'000'000;
const char* const kModes[] = { "default", "nodecimation", "opengl", "opengl-nodecimation" };

std::int64_t wallMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/** The single writer after the history was filled: one 1 s window per series each second, 20 ms after it closes. */
class Writer {
public:
    Writer(RollingStore& store, std::int64_t firstSecond)
        : m_thread([this, &store, firstSecond] {
            for (std::int64_t second = firstSecond; !m_isStopping.load();) {
                if (wallMs() < (second + 1) * 1000 + 20) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                    continue;
                }
                BenchData::appendSecond(store, second++);
            }
        })
    { }
    ~Writer()
    {
        m_isStopping.store(true);
        m_thread.join();
    }

private:
    std::atomic<bool> m_isStopping { false };
    std::thread m_thread;
};

std::vector<ui::TimeseriesPanel*> timeseriesPanels(const desktop::MainWindow& window)
{
    std::vector<ui::TimeseriesPanel*> panels;
    for (int i = 0; i < window.view()->panelCount(); ++i)
        if (auto* panel = qobject_cast<ui::TimeseriesPanel*>(window.view()->panelWidget(i)))
            panels.push_back(panel);
    return panels;
}

QString openGlRenderer()
{
    QOpenGLContext context;
    if (!context.create())
        return u"no OpenGL context"_s;
    QOffscreenSurface surface;
    surface.setFormat(context.format());
    surface.create();
    if (!context.makeCurrent(&surface))
        return u"context cannot be made current"_s;
    const auto* text = reinterpret_cast<const char*>(context.functions()->glGetString(GL_RENDERER));
    QString renderer = text ? QString::fromLatin1(text) : u"unknown"_s;
    context.doneCurrent();
    return renderer;
}

/** Pixels of the window as the X server has them that are close to `color` (the first line's colour). */
int linePixels(const QImage& image, const QColor& color)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto* row = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = row[x];
            if (std::abs(qRed(p) - color.red()) < 24 && std::abs(qGreen(p) - color.green()) < 24
                && std::abs(qBlue(p) - color.blue()) < 24)
                ++count;
        }
    }
    return count;
}

struct TickInfo {
    bool isRedraw = false; ///< some panel got new data (its chart was refilled and repainted)
};

int runOne(int argc, char** argv, const std::string& mode, int seconds, const QString& screenshotPath)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY")) {
        std::fprintf(stderr, "bench_desktoprender: needs an X display (run it through scripts/bench or xvfb-run)\n");
        return 2;
    }
    qputenv("QT_QPA_PLATFORM", "xcb");
    const bool isOpenGl = mode.find("opengl") != std::string::npos;
    const bool isDecimated = mode.find("nodecimation") == std::string::npos;

    BenchApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"PulseboardBench"_s);
    QCoreApplication::setApplicationName(u"bench_desktoprender"_s);
    QStandardPaths::setTestModeEnabled(true);
    ui::registerMorePanelTypes();
    ui::setDecimationEnabled(isDecimated);

    RollingStore store(BenchData::storeConfig());
    BenchData::addSeries(store);
    const std::int64_t firstLiveSecond = wallMs() / 1000;
    BenchData::fillHistory(store, firstLiveSecond);
    Writer writer(store, firstLiveSecond);

    desktop::SourceOverrides overrides;
    overrides.udp = std::vector<ListenAddress> {};
    overrides.isSystemDisabled = true;
    desktop::MainWindow window(overrides);
    window.document()->reset(renderDashboard(), QString());
    ui::DashboardRenderer* renderer = window.controller()->renderer();
    renderer->setStore(&store);
    window.resize(1600, 1000);
    window.show();

    const std::vector<ui::TimeseriesPanel*> panels = timeseriesPanels(window);
    std::vector<const PanelData*> shownData(panels.size(), nullptr);
    std::vector<TickInfo> ticks;
    bool isRecording = false;
    QObject::connect(renderer, &ui::DashboardRenderer::ticked, &window, [&] {
        app.markTick();
        TickInfo info;
        for (std::size_t i = 0; i < panels.size(); ++i) {
            const PanelData* now = panels[i]->data().get();
            info.isRedraw = info.isRedraw || now != shownData[i];
            shownData[i] = now;
        }
        if (isRecording)
            ticks.push_back(info);
    });

    int openGlCharts = 0;
    if (isOpenGl) {
        // The lines are a painted item, not QXYSeries, so Qt Charts' per-series OpenGL switch does not apply: the
        // whole chart scene goes through OpenGL instead, with a QOpenGLWidget as each chart view's viewport.
        QTimer::singleShot(500, &window, [&] {
            for (ui::TimeseriesPanel* panel : panels)
                panel->chart()->setViewport(new QOpenGLWidget);
        });
    }

    std::int64_t cpuStartNs = 0;
    std::int64_t wallStartNs = 0;
    std::int64_t cpuNs = 0;
    std::int64_t processCpuStartNs = 0;
    std::int64_t processCpuNs_ = 0;
    std::int64_t wallNs = 0;
    std::uint64_t evaluationsAtStart = 0;
    std::uint64_t evaluations = 0;
    QImage shown;
    QTimer::singleShot(kWarmupMs, &window, [&] {
        evaluationsAtStart = renderer->stats().panelEvaluations;
        isRecording = true;
        app.setRecording(true);
        wallStartNs = monotonicNs();
        cpuStartNs = threadCpuNs();
        processCpuStartNs = processCpuNs();
    });
    QTimer::singleShot(kWarmupMs + seconds * 1000, &window, [&] {
        cpuNs = threadCpuNs() - cpuStartNs;
        processCpuNs_ = processCpuNs() - processCpuStartNs;
        wallNs = monotonicNs() - wallStartNs;
        app.setRecording(false);
        isRecording = false;
        evaluations = renderer->stats().panelEvaluations - evaluationsAtStart;
        // What the X server shows (with OpenGL series, what the GL widgets presented).
        shown = window.screen()->grabWindow(window.winId()).toImage().convertToFormat(QImage::Format_RGB32);
        QCoreApplication::quit();
    });
    QApplication::exec();

    // Frames: busy spans of the event loop (dispatches less than kGapNs apart) that contain a render tick, from
    // the first dispatch's start to the last one's end: the tick, the posted chart updates and the window paint.
    const auto& d = app.dispatches();
    std::vector<double> frameMs;
    std::vector<double> redrawMs;
    std::vector<double> idleMs;
    std::vector<double> redrawTickMs;
    std::vector<double> redrawPaintMs;
    std::vector<double> redrawOtherMs;
    int paintsPerFrameMax = 0;
    int ticksPerFrameMax = 0;
    std::vector<double> tickIntervalMs;
    std::int64_t previousTickNs = -1;
    std::size_t windowPaints = 0;
    for (const BenchApplication::Dispatch& dispatch : d) {
        if (dispatch.isTick) {
            if (previousTickNs >= 0)
                tickIntervalMs.push_back(double(dispatch.beginNs - previousTickNs) / 1e6);
            previousTickNs = dispatch.beginNs;
        }
        windowPaints += dispatch.isPaint ? 1 : 0;
    }
    std::size_t tickIndex = 0;
    for (std::size_t i = 0; i < d.size();) {
        std::size_t j = i;
        int tickCount = 0;
        int paints = 0;
        bool isRedraw = false;
        double tickMs = 0;
        double paintMs = 0;
        double otherMs = 0;
        for (; j < d.size() && (j == i || d[j].beginNs - d[j - 1].endNs < kGapNs); ++j) {
            const double ms = double(d[j].endNs - d[j].beginNs) / 1e6;
            if (d[j].isTick) {
                ++tickCount;
                isRedraw = isRedraw || (tickIndex < ticks.size() && ticks[tickIndex].isRedraw);
                ++tickIndex;
                tickMs += ms;
            } else {
                otherMs += ms;
            }
            if (d[j].isPaint) {
                ++paints;
                const double painting = double(d[j].paintNs) / 1e6;
                paintMs += painting;
                (d[j].isTick ? tickMs : otherMs) -= painting;
            }
        }
        if (tickCount > 0) {
            const double ms = double(d[j - 1].endNs - d[i].beginNs) / 1e6;
            frameMs.push_back(ms);
            (isRedraw ? redrawMs : idleMs).push_back(ms);
            paintsPerFrameMax = std::max(paintsPerFrameMax, paints);
            ticksPerFrameMax = std::max(ticksPerFrameMax, tickCount);
            if (isRedraw) {
                redrawTickMs.push_back(tickMs);
                redrawPaintMs.push_back(paintMs);
                redrawOtherMs.push_back(otherMs);
            }
        }
        i = j;
    }

    // What reaches the charts, and whether it is on screen.
    double storePoints = 0;
    double chartPoints = 0;
    int lineCount = 0;
    int glWidgets = 0;
    for (ui::TimeseriesPanel* panel : panels) {
        if (panel->data())
            for (const PanelLine& line : panel->data()->lines)
                storePoints += double(line.points.size());
        if (panel->data())
            lineCount += static_cast<int>(panel->data()->lines.size());
        chartPoints += panel->chart()->pointCount();
        openGlCharts += panel->chart()->viewport()->inherits("QOpenGLWidget") ? 1 : 0;
        for (QWidget* child : panel->chart()->findChildren<QWidget*>())
            glWidgets += child->inherits("QOpenGLWidget") ? 1 : 0;
    }
    const QColor firstLine = panels.empty() ? QColor() : window.controller()->theme().seriesColor(0);
    const int pixels = linePixels(shown, firstLine);
    if (!screenshotPath.isEmpty())
        shown.save(screenshotPath);

    const double cpuPct = wallNs > 0 ? 100.0 * double(cpuNs) / double(wallNs) : 0;
    const double processCpuPct = wallNs > 0 ? 100.0 * double(processCpuNs_) / double(wallNs) : 0;
    const double wallS = double(wallNs) / 1e9;
    std::printf("RESULT mode=%s cpu=%.2f process_cpu=%.2f p50=%.3f p99=%.3f max=%.3f frames=%zu ticks_per_s=%.1f "
                "tick_interval_p50=%.2f tick_interval_p99=%.2f paints_per_s=%.1f redraws=%zu "
                "redraw_p50=%.3f redraw_max=%.3f redraw_tick_p50=%.3f redraw_paint_p50=%.3f redraw_other_p50=%.3f "
                "idle_p50=%.3f evaluations_per_s=%.1f store_points=%.0f "
                "chart_points=%.0f lines=%d paints_per_frame_max=%d ticks_per_frame_max=%d gl_charts=%d gl_widgets=%d "
                "line_pixels=%d "
                "window=%dx%d plot_width=%d\n",
        mode.c_str(), cpuPct, processCpuPct, percentile(frameMs, 0.5), percentile(frameMs, 0.99),
        percentile(frameMs, 1.0), frameMs.size(), double(tickIndex) / wallS, percentile(tickIntervalMs, 0.5),
        percentile(tickIntervalMs, 0.99), double(windowPaints) / wallS, redrawMs.size(), percentile(redrawMs, 0.5),
        percentile(redrawMs, 1.0), percentile(redrawTickMs, 0.5), percentile(redrawPaintMs, 0.5),
        percentile(redrawOtherMs, 0.5), percentile(idleMs, 0.5), double(evaluations) / wallS,
        lineCount ? storePoints / lineCount : 0, lineCount ? chartPoints / lineCount : 0, lineCount, paintsPerFrameMax,
        ticksPerFrameMax, openGlCharts, glWidgets, pixels, window.width(), window.height(),
        panels.empty() ? 0 : panels.front()->plotWidthPx());
    if (isOpenGl)
        std::printf("GL renderer=%s\n", qPrintable(openGlRenderer()));
    std::fflush(stdout);
    return 0;
}

/** The 1-minute load average, for the machine note. */
std::string loadAverage()
{
    char text[64] = {};
    if (FILE* file = std::fopen("/proc/loadavg", "r")) {
        if (!std::fgets(text, sizeof text, file))
            text[0] = 0;
        std::fclose(file);
    }
    std::string first(text);
    return first.substr(0, first.find(' '));
}

/** key=value pairs of a RESULT line. */
std::map<std::string, std::string> parseResult(const std::string& line)
{
    std::map<std::string, std::string> out;
    std::istringstream in(line.substr(std::strlen("RESULT ")));
    std::string item;
    while (in >> item)
        if (const auto eq = item.find('='); eq != std::string::npos)
            out[item.substr(0, eq)] = item.substr(eq + 1);
    return out;
}

int runAll(const char* self)
{
    const int reps = qEnvironmentVariableIsSet("PULSE_BENCH_REPS")
        ? std::max(1, qEnvironmentVariableIntValue("PULSE_BENCH_REPS"))
        : 3;
    const int seconds = qEnvironmentVariableIsSet("PULSE_BENCH_DESKTOP_SECONDS")
        ? std::max(1, qEnvironmentVariableIntValue("PULSE_BENCH_DESKTOP_SECONDS"))
        : kDefaultSeconds;
    std::printf("16 time-series panels x 4 series x 3,600 points (1 h at 1 s), writer at 1 Hz, 30 Hz render tick, "
                "1600x1000 window; %d s measured after %d ms warm-up, %d repetitions interleaved\n",
        seconds, kWarmupMs, reps);
    const std::string loadBefore = loadAverage();
    std::map<std::string, std::vector<std::map<std::string, std::string>>> runs;
    std::map<std::string, std::string> glRenderer;
    for (int rep = 0; rep < reps; ++rep) {
        for (const char* mode : kModes) {
            const std::string command = std::string(self) + " --mode " + mode + " --seconds " + std::to_string(seconds);
            FILE* pipe = popen(command.c_str(), "r");
            if (!pipe) {
                std::perror("popen");
                return 1;
            }
            char buffer[4096];
            while (std::fgets(buffer, sizeof buffer, pipe)) {
                std::string line(buffer);
                if (!line.empty() && line.back() == '\n')
                    line.pop_back();
                if (line.rfind("RESULT ", 0) == 0) {
                    runs[mode].push_back(parseResult(line));
                    std::printf("  run %d %s\n", rep + 1, line.c_str() + 7);
                } else if (line.rfind("GL renderer=", 0) == 0) {
                    glRenderer[mode] = line.substr(std::strlen("GL renderer="));
                }
            }
            if (const int status = pclose(pipe); status != 0)
                std::printf("  run %d %s: exit status %d\n", rep + 1, mode, status);
            std::fflush(stdout);
        }
    }

    const auto med = [&](const std::string& mode, const char* key) {
        std::vector<double> values;
        for (const auto& run : runs[mode])
            if (auto it = run.find(key); it != run.end())
                values.push_back(std::atof(it->second.c_str()));
        return median(values);
    };
    std::printf(
        "\nmedians of %d runs; load average before %s, after %s\n", reps, loadBefore.c_str(), loadAverage().c_str());
    std::printf("%-20s %7s %7s %8s %8s %8s %8s %8s %7s %7s %7s %7s %7s %7s\n", "mode", "GUI CPU", "process", "p50 ms",
        "p99 ms", "redraw", "tick p50", "tick p99", "ticks/s", "chart", "CPU x", "proc x", "p99 x", "tick99 x");
    for (const char* mode : kModes) {
        if (runs[mode].empty()) {
            std::printf("%-20s no result\n", mode);
            continue;
        }
        // A saturated loop (never idle between ticks) has no frame boundaries: its "frame" is the whole run.
        const bool isSaturated = med(mode, "frames") < 0.5 * med(mode, "ticks_per_s") * seconds;
        const auto frame = [&](const char* key) {
            char text[32];
            if (isSaturated)
                std::snprintf(text, sizeof text, "%s", "busy");
            else
                std::snprintf(text, sizeof text, "%.2f", med(mode, key));
            return std::string(text);
        };
        std::printf("%-20s %6.1f%% %6.1f%% %8s %8s %8s %8.2f %8.2f %7.1f %7.0f %7.2f %7.2f %7s %7.2f\n", mode,
            med(mode, "cpu"), med(mode, "process_cpu"), frame("p50").c_str(), frame("p99").c_str(),
            frame("redraw_p50").c_str(), med(mode, "tick_interval_p50"), med(mode, "tick_interval_p99"),
            med(mode, "ticks_per_s"), med(mode, "chart_points"), med(mode, "cpu") / med("default", "cpu"),
            med(mode, "process_cpu") / med("default", "process_cpu"),
            isSaturated ? "-" : std::to_string(med(mode, "p99") / med("default", "p99")).substr(0, 5).c_str(),
            med(mode, "tick_interval_p99") / med("default", "tick_interval_p99"));
    }
    std::printf("p50/p99: frames = event-loop busy spans holding a render tick (\"busy\": the loop never went idle, "
                "so there are no frames to time); redraw: median frame in which the charts got new data; tick: time "
                "between render ticks; chart: points per line handed to Qt Charts\n");
    std::printf("redraw frame split (median ms): ");
    for (const char* mode : kModes)
        std::printf("%s tick %.1f + paint %.1f + other %.1f; ", mode, med(mode, "redraw_tick_p50"),
            med(mode, "redraw_paint_p50"), med(mode, "redraw_other_p50"));
    std::printf("\n");
    for (const auto& [mode, renderer] : glRenderer)
        std::printf("%s: OpenGL renderer %s, %.0f of %zu charts on an OpenGL viewport, line pixels on screen %.0f "
                    "(default %.0f)\n",
            mode.c_str(), renderer.c_str(), med(mode, "gl_charts"), std::size_t(kPanels), med(mode, "line_pixels"),
            med("default", "line_pixels"));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    std::string mode;
    int seconds = kDefaultSeconds;
    QString screenshot;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--mode" && i + 1 < argc)
            mode = argv[++i];
        else if (arg == "--seconds" && i + 1 < argc)
            seconds = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--screenshot" && i + 1 < argc)
            screenshot = QString::fromLocal8Bit(argv[++i]);
        else if (arg == "--help") {
            std::printf("usage: bench_desktoprender [--mode default|nodecimation|opengl|opengl-nodecimation] "
                        "[--seconds S] [--screenshot PNG]\n");
            return 0;
        }
    }
    if (mode.empty())
        return runAll(argv[0]);
    if (std::find(std::begin(kModes), std::end(kModes), mode) == std::end(kModes)) {
        std::fprintf(stderr, "bench_desktoprender: unknown mode %s\n", mode.c_str());
        return 2;
    }
    return runOne(argc, argv, mode, seconds, screenshot);
}
