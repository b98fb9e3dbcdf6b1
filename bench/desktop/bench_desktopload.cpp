// Loading a layout into the dashboard under X11 (Xvfb, xcb), in-process: layout::loadLayoutFile (read, parse,
// validate), DashboardView::setDashboard (build every panel), DashboardRenderer::syncPanels + renderNow(true)
// (evaluate the panels on screen against a store holding the 64 series × 1 h at 1 s and hand the data to
// them), then the event loop until it goes idle: the posted layout and chart updates and the window paints they
// cause (each flushed to the X server) until the loop settles. "total" ends with the last of those paints, "1st paint"
// with the first.
// The view is 1600 × 1000, so with 200 panels only the first five rows are on screen: every panel widget is built,
// but the others put off their chart and their evaluation until they are scrolled into view (DashboardView tells
// panels whether they are on screen; DashboardRenderer skips those that are not).
//
// Each load starts from an empty dashboard (tearing the previous one down is not timed). The first load of a
// layout in the process is reported apart ("cold": font, style and chart set-up that the app pays once).
//
//   bench_desktopload    PULSE_BENCH_REPS warm loads per layout (default 7)
#include "desktopbench.h"

#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "dashboard/panelregistration.h"
#include "layout/layoutreader.h"
#include "layout/layoutwriter.h"

#include <QEventLoop>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QWindow>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace pulse;
using namespace pulse::bench;
using namespace Qt::StringLiterals;

namespace {

layout::Query lineQuery(int group, int line)
{
    layout::Query query;
    const std::string selector = "bench.load{line=l" + std::to_string(line) + ",panel=p" + (group < 10 ? "0" : "")
        + std::to_string(group) + "}";
    query.selector = *SeriesSelector::parse(selector).selector;
    query.field = Field::Last;
    query.window = { layout::WindowKind::Tumbling, 1000, 1000 };
    return query;
}

/** `count` panels of 6 × 6 cells, four to a row, each reading one of the 16 bench groups. */
layout::Dashboard manyPanels(int count, bool isMixed)
{
    layout::Dashboard dashboard;
    dashboard.title = u"Load benchmark"_s;
    dashboard.timeRangeMs = 3'600'000;
    for (int i = 0; i < count; ++i) {
        const int group = i % kPanels;
        layout::Panel panel = timeseriesPanel(group, (i % 4) * 6, (i / 4) * 6, 6, 6);
        panel.title = u"Panel %1"_s.arg(i);
        // Mixed: per 20 panels 10 time series, 4 stat, 2 gauge, 2 bar gauge, 1 table, 1 text.
        switch (isMixed ? i % 20 : 0) {
        case 10:
        case 11:
        case 12:
        case 13:
            panel.type = layout::PanelType::Stat;
            panel.queries = { lineQuery(group, 0) };
            break;
        case 14:
        case 15:
            panel.type = layout::PanelType::Gauge;
            panel.queries = { lineQuery(group, 1) };
            panel.min = 0;
            panel.max = 100;
            break;
        case 16:
        case 17:
            panel.type = layout::PanelType::Bargauge;
            panel.min = 0;
            panel.max = 100;
            break;
        case 18:
            panel.type = layout::PanelType::Table;
            panel.queries.front().groupBy = u"__series__"_s;
            break;
        case 19:
            panel.type = layout::PanelType::Text;
            panel.queries.clear();
            panel.options.content = u"Notes for panel %1"_s.arg(i);
            break;
        default:
            break;
        }
        dashboard.panels.push_back(std::move(panel));
    }
    return dashboard;
}

struct Phases {
    double loadMs = 0;
    double buildMs = 0;
    double evaluateMs = 0;
    double firstPaintMs = 0; ///< load start → end of the first window paint
    double totalMs = 0; ///< load start → end of the last window paint before the event loop went idle
    int paints = 0;
};

class Runner {
public:
    Runner(BenchApplication& app, const RollingStore& store)
        : m_app(app)
        , m_renderer(&m_view)
    {
        m_renderer.setStore(&store);
        m_renderer.setTimeRangeMs(3'600'000);
        m_view.resize(1600, 1000);
        m_view.show();
        const std::int64_t until = monotonicNs() + 5'000'000'000;
        while (!(m_view.windowHandle() && m_view.windowHandle()->isExposed()) && monotonicNs() < until)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        m_app.setRecording(true);
    }
    ~Runner() { m_app.setRecording(false); }

    Phases load(const QString& path)
    {
        clear();
        Phases phases;
        const std::int64_t t0 = monotonicNs();
        const layout::LayoutLoadResult result = layout::loadLayoutFile(path);
        const std::int64_t t1 = monotonicNs();
        if (!result.dashboard || result.errorCount() > 0) {
            std::fprintf(stderr, "bench_desktopload: %s does not load cleanly\n", qPrintable(path));
            std::exit(1);
        }
        m_view.setDashboard(*result.dashboard);
        const std::int64_t t2 = monotonicNs();
        m_renderer.syncPanels();
        m_renderer.renderNow(true);
        const std::int64_t t3 = monotonicNs();
        const std::size_t first = m_app.dispatches().size();
        settle();

        // Everything dispatched after renderNow until the loop settled: the posted layout and chart updates and the
        // window paints they cause. Nothing else runs here (no render timer), so every paint belongs to the load; a
        // gap in between (the process preempted on a busy machine) does not cut the measurement short.
        const auto& d = m_app.dispatches();
        std::int64_t firstPaintNs = 0;
        std::int64_t lastPaintNs = 0;
        for (std::size_t i = first; i < d.size(); ++i) {
            if (d[i].isPaint) {
                firstPaintNs = firstPaintNs ? firstPaintNs : d[i].endNs;
                lastPaintNs = d[i].endNs;
                ++phases.paints;
            }
        }
        if (!firstPaintNs) {
            std::fprintf(stderr, "bench_desktopload: the window was not painted after loading %s\n", qPrintable(path));
            std::exit(1);
        }
        phases.loadMs = double(t1 - t0) / 1e6;
        phases.buildMs = double(t2 - t1) / 1e6;
        phases.evaluateMs = double(t3 - t2) / 1e6;
        phases.firstPaintMs = double(firstPaintNs - t0) / 1e6;
        phases.totalMs = double(lastPaintNs - t0) / 1e6;
        return phases;
    }

private:
    /** Runs the event loop until nothing was dispatched for 300 ms. */
    void settle()
    {
        for (;;) {
            const std::size_t before = m_app.dispatches().size();
            const std::int64_t until = monotonicNs() + 300'000'000;
            while (monotonicNs() < until)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            if (m_app.dispatches().size() == before)
                return;
        }
    }

    /** Back to an empty, painted dashboard, with every deferred deletion done. */
    void clear()
    {
        m_view.setDashboard(layout::Dashboard {});
        m_renderer.syncPanels();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        settle();
        m_app.clearDispatches();
    }

    BenchApplication& m_app;
    ui::DashboardView m_view;
    ui::DashboardRenderer m_renderer;
};

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && std::strcmp(argv[1], "--help") == 0) {
        std::printf("usage: bench_desktopload (needs DISPLAY)\n");
        return 0;
    }
    if (qEnvironmentVariableIsEmpty("DISPLAY")) {
        std::fprintf(stderr, "bench_desktopload: needs an X display (run it through scripts/bench or xvfb-run)\n");
        return 2;
    }
    qputenv("QT_QPA_PLATFORM", "xcb");
    const int reps = qEnvironmentVariableIsSet("PULSE_BENCH_REPS")
        ? std::max(1, qEnvironmentVariableIntValue("PULSE_BENCH_REPS"))
        : 7;
    BenchApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"PulseboardBench"_s);
    QCoreApplication::setApplicationName(u"bench_desktopload"_s);
    QStandardPaths::setTestModeEnabled(true);
    ui::registerMorePanelTypes();

    RollingStore store(BenchData::storeConfig());
    BenchData::addSeries(store);
    BenchData::fillHistory(store,
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());

    QTemporaryDir dir;
    struct Case {
        const char* name;
        layout::Dashboard dashboard;
        QString path;
    };
    std::vector<Case> cases { { "200 time-series panels", manyPanels(200, false), {} },
        { "200 panels, mixed types", manyPanels(200, true), {} },
        { "16 time-series panels", manyPanels(16, false), {} } };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        cases[i].path = dir.filePath(u"layout%1.json"_s.arg(i));
        if (const auto saved = layout::saveLayoutFile(cases[i].dashboard, cases[i].path); !saved.isOk) {
            std::fprintf(stderr, "bench_desktopload: %s\n", qPrintable(saved.error));
            return 1;
        }
    }

    Runner runner(app, store);
    std::printf(
        "layout load to settled first frame under X11, 1600x1000 view, median of %d warm loads (cold = first load of "
        "that layout in the process)\n",
        reps);
    std::printf("%-26s %9s %9s %9s %9s %9s %9s %9s %7s\n", "layout", "cold ms", "total ms", "1st paint", "file ms",
        "build ms", "eval ms", "paint ms", "paints");
    for (const Case& c : cases) {
        const Phases cold = runner.load(c.path);
        std::vector<double> total, firstPaint, file, build, evaluate, paint, paints;
        for (int rep = 0; rep < reps; ++rep) {
            const Phases p = runner.load(c.path);
            total.push_back(p.totalMs);
            firstPaint.push_back(p.firstPaintMs);
            file.push_back(p.loadMs);
            build.push_back(p.buildMs);
            evaluate.push_back(p.evaluateMs);
            paint.push_back(p.totalMs - p.loadMs - p.buildMs - p.evaluateMs);
            paints.push_back(p.paints);
        }
        std::printf("%-26s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %7.0f\n", c.name, cold.totalMs, median(total),
            median(firstPaint), median(file), median(build), median(evaluate), median(paint), median(paints));
        std::fflush(stdout);
    }
    return 0;
}
