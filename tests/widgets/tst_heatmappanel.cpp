#include "panels/heatmappanel.h"

#include <QTest>

#include <numeric>

using namespace Qt::StringLiterals;
using namespace pulse;
using namespace pulse::ui;

namespace {

DistributionColumn uniform(TimestampMs t, double count, double lo, double hi)
{
    const double mid = (lo + hi) / 2;
    return { t, count, lo, hi, { { 0.5, mid }, { 0.99, lo + (hi - lo) * 0.99 } } };
}

PanelLine fieldLine(Field field, std::vector<StorePoint> points)
{
    PanelLine line;
    line.label = u"latency"_s;
    line.field = field;
    line.type = MetricType::Timer;
    line.stepMs = 1000;
    line.points = std::move(points);
    return line;
}

} // namespace

class TestHeatmapPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cdfIsPiecewiseLinearThroughTheQuantiles_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("expected");
        QTest::addRow("below min") << -1.0 << 0.0;
        QTest::addRow("at min") << 0.0 << 0.0;
        QTest::addRow("halfway to p50") << 5.0 << 0.25;
        QTest::addRow("at p50") << 10.0 << 0.5;
        QTest::addRow("halfway p50 to p90") << 20.0 << 0.7;
        QTest::addRow("at p90") << 30.0 << 0.9;
        QTest::addRow("halfway p90 to max") << 65.0 << 0.95;
        QTest::addRow("at max") << 100.0 << 1.0;
    }
    void cdfIsPiecewiseLinearThroughTheQuantiles()
    {
        QFETCH(double, x);
        QFETCH(double, expected);
        const DistributionColumn column { 0, 100, 0, 100, { { 0.5, 10 }, { 0.9, 30 } } };
        QCOMPARE(distributionCdf(column, x), expected);
    }

    void bucketsKeepTheCountAndFollowTheShape()
    {
        const DistributionColumn column { 0, 1000, 0, 100, { { 0.5, 10 }, { 0.9, 30 } } };
        const std::vector<double> edges { 0, 10, 30, 100 };
        const auto counts = bucketCounts(column, edges);
        QCOMPARE(counts.size(), std::size_t(3));
        QCOMPARE(counts[0], 500.0); // QCOMPARE on doubles is fuzzy
        QCOMPARE(counts[1], 400.0);
        QCOMPARE(counts[2], 100.0);
        const std::vector<double> fine { 0, 25, 50, 75, 100 };
        const auto fineCounts = bucketCounts(column, fine);
        QCOMPARE(std::accumulate(fineCounts.begin(), fineCounts.end(), 0.0), 1000.0);
    }

    void singleValueWindowFallsInOneBucket()
    {
        const DistributionColumn column { 0, 7, 5, 5, { { 0.5, 5 } } };
        const auto grid = buildHeatmapGrid({ { column } }, 4);
        QCOMPARE(grid.times.size(), std::size_t(1));
        QCOMPARE(std::accumulate(grid.counts[0].begin(), grid.counts[0].end(), 0.0), 7.0);
    }

    void severalSeriesAddUpAndQuantilesComeFromTheMergedHistogram()
    {
        const auto grid = buildHeatmapGrid({ { uniform(0, 100, 0, 100) }, { uniform(0, 100, 0, 100) } }, 10);
        QCOMPARE(grid.counts.size(), std::size_t(1));
        QCOMPARE(std::accumulate(grid.counts[0].begin(), grid.counts[0].end(), 0.0), 200.0);
        QVERIFY(grid.p50[0]);
        QCOMPARE(*grid.p50[0], 50.0);
    }

    void columnsNeedCountMinAndMax()
    {
        PanelData data;
        data.lines = { fieldLine(Field::Count, { { 0, 10 } }), fieldLine(Field::Min, { { 0, 1 } }) };
        layout::Panel panel;
        panel.type = layout::PanelType::Heatmap;
        const auto groups = groupLinesBySeries(panel, data);
        QCOMPARE(groups.size(), std::size_t(1));
        QVERIFY(distributionColumns(groups[0]).empty());
    }

    void rendersCellsQuantileLinesAndGaps()
    {
        HeatmapPanel panel;
        panel.resize(640, 320);
        layout::Panel definition;
        definition.type = layout::PanelType::Heatmap;
        layout::Query query;
        definition.queries = { query };
        panel.setPanel(definition);

        // Windows at 0..3 s and 7..9 s; 4..6 s are missing.
        std::vector<StorePoint> count, min, max, p50, p90, p99;
        for (TimestampMs t : { 0, 1000, 2000, 3000, 7000, 8000, 9000 }) {
            count.push_back({ t, 100 });
            min.push_back({ t, 0 });
            max.push_back({ t, 100 });
            p50.push_back({ t, 20 });
            p90.push_back({ t, 60 });
            p99.push_back({ t, 90 });
        }
        auto data = std::make_shared<PanelData>();
        data->fromMs = 0;
        data->toMs = 10'000;
        data->stamp = 3;
        data->freshness = PanelFreshness::Live;
        // Line i comes from expanded query i: count, min, p50, p90, p95, p99, p999, max.
        data->lines = { fieldLine(Field::Count, count), fieldLine(Field::Min, min), fieldLine(Field::P50, p50),
            fieldLine(Field::P90, p90), fieldLine(Field::P99, p99), fieldLine(Field::Max, max) };
        const int queryIndex[] = { 0, 1, 2, 3, 5, 7 };
        for (std::size_t i = 0; i < data->lines.size(); ++i)
            data->lines[i].queryIndex = queryIndex[i];
        panel.setData(data);
        QCOMPARE(panel.grid().times.size(), std::size_t(7));
        QCOMPARE(panel.grid().stepMs, std::int64_t(1000));

        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QWidget* canvas = panel.findChild<QWidget*>(u"heatmapCanvas"_s);
        QVERIFY(canvas);
        const QImage image = canvas->grab().toImage();
        const QColor background = panel.theme().panelBackground;

        // Most samples sit between 0 and 20 (half of them): that bucket is hotter than the top one.
        const int x = panel.xForTime(1500);
        const QColor low = image.pixelColor(x, panel.yForValue(5));
        const QColor high = image.pixelColor(x, panel.yForValue(97));
        QVERIFY(low != background);
        QVERIFY(high != background);
        QVERIFY(low != high);
        // The gap stays background, top to bottom.
        for (int y = panel.yForValue(95); y <= panel.yForValue(5); y += 3)
            QCOMPARE(image.pixelColor(panel.xForTime(5000), y), background);
        // p99 line at 90, p50 line at 20.
        QCOMPARE(image.pixelColor(x, panel.yForValue(90)), panel.p99Color());
        QCOMPARE(image.pixelColor(x, panel.yForValue(20)), panel.p50Color());
    }
};

QTEST_MAIN(TestHeatmapPanel)
#include "tst_heatmappanel.moc"
