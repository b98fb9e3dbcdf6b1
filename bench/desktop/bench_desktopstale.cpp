// Stale transition: how many render ticks pass between a panel's staleness deadline (its newest data plus the
// panel's stale-after timeout) and the frame that shows it STALE, and what that frame costs.
//
// The render dashboard (16 time-series panels × 4 series, an hour at 1 s, 30 Hz tick) in a real
// DashboardView under X11, driven by a manual clock: each transition stores a new second for every series,
// renders it LIVE, then steps the clock one tick period at a time (the deadline at a different phase of the tick
// each round) through renderNow() — the same path the tick timer takes — and paints every frame. For every panel
// it notes the first tick whose time is at or past the deadline and the tick whose frame says STALE.
//
//   bench_desktopstale    PULSE_BENCH_TRANSITIONS rounds (default 200) × 16 panels
#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "dashboard/panelregistration.h"
#include "desktopbench.h"
#include "model/clock.h"
#include "panels/panelwidget.h"

#include <QGuiApplication>
#include <QWindow>

using namespace pulse;
using namespace pulse::bench;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (QGuiApplication::platformName() != u"xcb"_s) {
        std::fprintf(stderr, "bench_desktopstale: needs an X display (run it through scripts/bench or xvfb-run)\n");
        return 2;
    }
    ui::registerMorePanelTypes();
    const int rounds = qEnvironmentVariableIsSet("PULSE_BENCH_TRANSITIONS")
        ? std::max(1, qEnvironmentVariableIntValue("PULSE_BENCH_TRANSITIONS"))
        : 200;

    const layout::Dashboard dashboard = renderDashboard();
    const std::int64_t tickMs = 1000 / dashboard.renderRateHz;
    std::int64_t second = 1'700'000'000;
    RollingStore store(BenchData::storeConfig());
    BenchData::addSeries(store);
    BenchData::fillHistory(store, second);
    ManualClock clock(second * 1000);

    ui::DashboardView view;
    view.resize(1600, 1000);
    view.setDashboard(dashboard);
    view.show();
    const std::int64_t until = monotonicNs() + 10'000'000'000;
    while (!(view.windowHandle() && view.windowHandle()->isExposed()) && monotonicNs() < until)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!view.windowHandle()->isExposed()) {
        std::fprintf(stderr, "bench_desktopstale: the window was never shown\n");
        return 1;
    }
    ui::DashboardRenderer renderer(&view, clock);
    renderer.setStore(&store);
    renderer.setTimeRangeMs(dashboard.timeRangeMs);
    renderer.syncPanels();
    renderer.renderNow(true);
    QCoreApplication::processEvents();

    std::vector<double> lateTicks;
    std::vector<double> lateMs;
    std::vector<double> frameMs;
    int misses = 0;
    for (int round = 0; round < rounds; ++round) {
        BenchData::appendSecond(store, second);
        ++second;
        clock.setMs(second * 1000);
        renderer.renderNow(true);
        QCoreApplication::processEvents();
        std::vector<TimestampMs> deadlines(kPanels, 0);
        for (int i = 0; i < kPanels; ++i) {
            const ui::PanelWidget* panel = view.panelWidget(i);
            if (panel->freshness() != PanelFreshness::Live || !panel->data() || !panel->data()->lastUpdateMs) {
                std::fprintf(stderr, "bench_desktopstale: panel %d is not live after new data\n", i);
                return 1;
            }
            // STALE once more than stale-after has passed since the newest data.
            deadlines[std::size_t(i)] = *panel->data()->lastUpdateMs + panel->panel().effectiveStaleAfterMs() + 1;
        }
        const TimestampMs deadline = *std::min_element(deadlines.begin(), deadlines.end());
        // The first tick lands at a different phase before the deadline each round.
        const std::int64_t phase = (round * 7) % tickMs;
        TimestampMs nowMs = deadline - 3 * tickMs + phase;
        std::vector<int> firstDueTick(kPanels, -1);
        std::vector<bool> isDone(kPanels, false);
        int done = 0;
        for (int tick = 0; done < kPanels && tick < 1000; ++tick, nowMs += tickMs) {
            clock.setMs(nowMs);
            const std::int64_t startNs = monotonicNs();
            renderer.renderNow();
            QCoreApplication::processEvents(); // the frame: every repaint the tick asked for
            const double spentMs = double(monotonicNs() - startNs) / 1e6;
            bool isTransitionFrame = false;
            for (int i = 0; i < kPanels; ++i) {
                const auto k = std::size_t(i);
                if (isDone[k])
                    continue;
                if (firstDueTick[k] < 0 && nowMs >= deadlines[k])
                    firstDueTick[k] = tick;
                if (view.panelWidget(i)->freshness() != PanelFreshness::Stale)
                    continue;
                if (firstDueTick[k] < 0) {
                    ++misses; // STALE before its deadline
                    firstDueTick[k] = tick;
                }
                lateTicks.push_back(tick - firstDueTick[k]);
                lateMs.push_back(double(nowMs - deadlines[k]));
                isDone[k] = true;
                isTransitionFrame = true;
                ++done;
            }
            if (isTransitionFrame)
                frameMs.push_back(spentMs);
        }
        if (done < kPanels) {
            std::fprintf(stderr, "bench_desktopstale: a panel never turned STALE in round %d\n", round);
            return 1;
        }
    }
    std::printf("stale transitions: %d rounds x %d panels, %d Hz tick (%lld ms), deadline phase varied per round\n",
        rounds, kPanels, dashboard.renderRateHz, static_cast<long long>(tickMs));
    std::printf("ticks from the first tick at/after the deadline to the frame showing STALE: median %.0f, p99 %.0f, "
                "max %.0f (%d early)\n",
        median(lateTicks), percentile(lateTicks, 0.99), percentile(lateTicks, 1.0), misses);
    std::printf("ms from the deadline to that tick: median %.1f, p99 %.1f, max %.1f (bounded by the tick period)\n",
        median(lateMs), percentile(lateMs, 0.99), percentile(lateMs, 1.0));
    std::printf("transition frame (tick + paint, wall ms): median %.2f, p99 %.2f over %zu frames\n", median(frameMs),
        percentile(frameMs, 0.99), frameMs.size());
    return 0;
}
