#include "charts/timechart.h"
#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "panels/timeseriespanel.h"
#include "store/rollingstore.h"

#include <QScrollBar>
#include <QTest>

#include <optional>
#include <set>

using namespace Qt::StringLiterals;
using namespace pulse;
using namespace pulse::ui;

namespace {

constexpr TimestampMs kT0 = 1'700'000'000'000;

/** `count` time-series panels of 6 × 6 cells, four to a row, each reading `load.pN`. */
layout::Dashboard chartPanels(int count)
{
    layout::Dashboard dashboard;
    for (int i = 0; i < count; ++i) {
        layout::Panel panel;
        panel.type = layout::PanelType::Timeseries;
        panel.title = u"Panel %1"_s.arg(i);
        panel.x = (i % 4) * 6;
        panel.y = (i / 4) * 6;
        panel.w = 6;
        panel.h = 6;
        layout::Query query;
        query.selector = *SeriesSelector::parse("load.p" + std::to_string(i)).selector;
        query.field = Field::Last;
        panel.queries = { query };
        dashboard.panels.push_back(std::move(panel));
    }
    return dashboard;
}

/** A store with gauges load.p0 … load.pN-1; appendSecond() stores one 1 s window of each (new data everywhere). */
class Gauges {
public:
    explicit Gauges(int count)
        : m_count(count)
    {
        for (int i = 0; i < count; ++i) {
            auto info = std::make_shared<SeriesInfo>();
            info->id = SeriesId(i);
            info->type = MetricType::Gauge;
            info->name = "load.p" + std::to_string(i);
            store.addSeries(info);
        }
    }
    void appendSecond(TimestampMs startMs, std::optional<int> only = std::nullopt)
    {
        WindowBatch batch;
        batch.spec = { 1000, 1000, false };
        batch.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
        for (int i = 0; i < m_count; ++i) {
            if (only && *only != i)
                continue;
            WindowResult r;
            r.series = SeriesId(i);
            r.type = MetricType::Gauge;
            r.startMs = startMs;
            r.endMs = startMs + 1000;
            r.min = r.max = r.last = r.mean = r.sum = double(startMs / 1000 % 100);
            r.count = 1;
            batch.results.push_back(r);
        }
        store.append(0, batch);
    }

    RollingStore store { StoreConfig {} };

private:
    int m_count;
};

TimeseriesPanel* chartPanel(const DashboardView& view, int index)
{
    return qobject_cast<TimeseriesPanel*>(view.panelWidget(index));
}

/** Panels whose data changed since `before` (one entry per panel and data object). */
std::set<int> changedSince(const DashboardView& view, const std::vector<const PanelData*>& before)
{
    std::set<int> changed;
    for (int i = 0; i < view.panelCount(); ++i)
        if (view.panelWidget(i)->data().get() != before[static_cast<std::size_t>(i)])
            changed.insert(i);
    return changed;
}

std::vector<const PanelData*> dataOf(const DashboardView& view)
{
    std::vector<const PanelData*> data;
    for (int i = 0; i < view.panelCount(); ++i)
        data.push_back(view.panelWidget(i)->data().get());
    return data;
}

/**
 * `count` chart panels (chartPanels) in a view of `size`, their gauges with one second stored before kT0, and a
 * renderer on a manual clock at kT0 reading that store. show() must succeed before the renderer is used.
 */
struct Rig {
    Rig(int count, QSize size)
        : gauges(count)
    {
        gauges.appendSecond(kT0 - 1000); // the newest data ends at kT0
        view.resize(size);
        view.setDashboard(chartPanels(count));
    }
    bool show()
    {
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            return false;
        renderer.setStore(&gauges.store);
        renderer.syncPanels();
        return true;
    }

    ManualClock clock { kT0 };
    Gauges gauges;
    DashboardView view;
    DashboardRenderer renderer { &view, clock };
};

} // namespace

class TestDashboardRenderer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void panelsOutOfViewBuildTheirChartWhenScrolledIn()
    {
        DashboardView view;
        view.resize(800, 400); // 33 px columns, 17 px rows: 100 px tall panels, four rows on screen
        view.setDashboard(chartPanels(40));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(chartPanel(view, 0)->isOnScreen());
        QVERIFY(chartPanel(view, 0)->hasChart());
        QVERIFY(!chartPanel(view, 39)->isOnScreen());
        QVERIFY(!chartPanel(view, 39)->hasChart());

        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
        QVERIFY(chartPanel(view, 39)->isOnScreen());
        QTRY_VERIFY(chartPanel(view, 39)->hasChart());
        QVERIFY(!chartPanel(view, 0)->isOnScreen());
        QVERIFY(chartPanel(view, 0)->hasChart()); // built once, kept
    }

    void aChartBuiltLateDrawsTheDataItAlreadyHas()
    {
        TimeseriesPanel panel;
        panel.setOnScreen(false);
        panel.resize(400, 240);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto data = std::make_shared<PanelData>();
        data->fromMs = kT0;
        data->toMs = kT0 + 9000;
        data->stamp = 7;
        PanelLine line;
        line.label = u"a"_s;
        line.stepMs = 1000;
        for (int s : { 0, 1, 2, 6, 7, 8 }) // a gap from 3 to 5 s: two segments
            line.points.push_back({ kT0 + s * 1000, double(s) });
        data->lines = { line };
        panel.setData(data);
        QVERIFY(!panel.hasChart());

        panel.setOnScreen(true);
        QTRY_VERIFY(panel.hasChart());
        QCOMPARE(panel.chart()->visibleSegmentCount(), 2);
        QCOMPARE(panel.chart()->lineUpdateCount(), std::uint64_t(1));
        QCOMPARE(panel.legendRows().size(), 1);
    }

    void offScreenPanelsWaitUntilTheyAreInView()
    {
        Rig rig(40, { 800, 400 });
        QVERIFY(rig.show());
        auto& [clock, gauges, view, renderer] = rig;
        renderer.renderNow(true); // a load evaluates what is on screen
        QVERIFY(chartPanel(view, 0)->data());
        QVERIFY(!chartPanel(view, 39)->data());

        clock.advanceMs(1000);
        gauges.appendSecond(kT0);
        auto before = dataOf(view);
        for (int tick = 0; tick < 5; ++tick)
            renderer.renderNow();
        for (int i : changedSince(view, before))
            QVERIFY2(view.panelWidget(i)->isOnScreen(), qPrintable(u"panel %1 is off screen"_s.arg(i)));
        QVERIFY(changedSince(view, before).contains(0));
        QVERIFY(!changedSince(view, before).contains(39));

        // Scrolled into view: evaluated on the next ticks, without waiting for its age.
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
        before = dataOf(view);
        for (int tick = 0; tick < DashboardRenderer::kSpreadTicks; ++tick)
            renderer.renderNow();
        QVERIFY(changedSince(view, before).contains(39));
    }

    void aRedrawOfEveryPanelIsSpreadOverTicks()
    {
        Rig rig(16, { 1600, 1000 }); // all 16 panels on screen
        QVERIFY(rig.show());
        auto& [clock, gauges, view, renderer] = rig;
        renderer.renderNow(true);
        for (int tick = 0; tick < 3; ++tick) { // charts laid out, widths settled
            QCoreApplication::processEvents();
            renderer.renderNow();
        }
        const int budget = renderer.redrawBudget();
        QCOMPARE(budget, 4); // a quarter of 16

        // New data for every panel at once: each tick takes the budget, the next one goes on from there.
        clock.advanceMs(1000);
        gauges.appendSecond(kT0);
        const auto before = dataOf(view);
        std::set<int> seen;
        for (int tick = 0; tick < DashboardRenderer::kSpreadTicks; ++tick) {
            const auto tickBefore = dataOf(view);
            renderer.renderNow();
            const std::set<int> changed = changedSince(view, tickBefore);
            QVERIFY2(int(changed.size()) <= budget, qPrintable(u"tick %1: %2 panels"_s.arg(tick).arg(changed.size())));
            for (int i : changed)
                QVERIFY2(seen.insert(i).second, qPrintable(u"panel %1 redrawn twice"_s.arg(i)));
        }
        QCOMPARE(int(changedSince(view, before).size()), 16);
        QVERIFY(renderer.stats().deferredEvaluations > 0);
    }

    void onlyPanelsWithSomethingNewAreEvaluated()
    {
        Rig rig(4, { 1600, 1000 });
        QVERIFY(rig.show());
        auto& [clock, gauges, view, renderer] = rig;
        renderer.renderNow(true);
        for (int tick = 0; tick < 3; ++tick) {
            QCoreApplication::processEvents();
            renderer.renderNow();
        }
        // Nothing new: a tick evaluates nothing (until the time axis is due to move on, once a second).
        clock.advanceMs(30);
        auto before = dataOf(view);
        const std::uint64_t evaluations = renderer.stats().panelEvaluations;
        renderer.renderNow();
        QCOMPARE(renderer.stats().panelEvaluations, evaluations);
        QVERIFY(changedSince(view, before).empty());
        // A window of one series: only its panel, on the next tick.
        gauges.appendSecond(kT0, 2);
        clock.advanceMs(30);
        renderer.renderNow();
        QCOMPARE(changedSince(view, before), std::set<int> { 2 });
        QCOMPARE(renderer.stats().panelEvaluations, evaluations + 1);
        // The live edge of another series counts as new data too.
        before = dataOf(view);
        WindowBatch edge;
        edge.spec = { 1000, 1000, false };
        edge.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
        WindowResult open;
        open.series = SeriesId(1);
        open.type = MetricType::Gauge;
        open.startMs = kT0;
        open.endMs = kT0 + 1000;
        open.min = open.max = open.last = open.mean = open.sum = 42;
        open.count = 1;
        edge.results.push_back(open);
        QCOMPARE(gauges.store.setProvisional(0, edge), std::size_t(1));
        clock.advanceMs(30);
        renderer.renderNow();
        QCOMPARE(changedSince(view, before), std::set<int> { 1 });
        // A second later every panel is evaluated again: the time axis moves on.
        before = dataOf(view);
        clock.advanceMs(1000);
        renderer.renderNow(true);
        QCOMPARE(int(changedSince(view, before).size()), 4);
    }

    void everyPanelTurnsStaleOnTheTickOfItsDeadline()
    {
        Rig rig(16, { 1600, 1000 }); // all 16 on screen: more than one tick's redraw budget
        QVERIFY(rig.show());
        auto& [clock, gauges, view, renderer] = rig;
        const TimestampMs deadlineMs = kT0 + chartPanels(16).panels[0].effectiveStaleAfterMs() + 1;
        clock.setMs(deadlineMs - 300);
        renderer.renderNow(true);
        QCoreApplication::processEvents(); // charts laid out, every panel known to be on screen
        renderer.renderNow(true);
        for (int i = 0; i < 16; ++i)
            QCOMPARE(view.panelWidget(i)->freshness(), PanelFreshness::Live);

        clock.setMs(deadlineMs - 1);
        renderer.renderNow();
        QCOMPARE(view.panelWidget(0)->freshness(), PanelFreshness::Live); // not a millisecond early

        clock.setMs(deadlineMs); // one tick later every panel says STALE, budget or not
        renderer.renderNow();
        QVERIFY(renderer.redrawBudget() < 16);
        for (int i = 0; i < 16; ++i)
            QVERIFY2(view.panelWidget(i)->freshness() == PanelFreshness::Stale, qPrintable(u"panel %1"_s.arg(i)));
    }
};

QTEST_MAIN(TestDashboardRenderer)
#include "tst_dashboardrenderer.moc"
