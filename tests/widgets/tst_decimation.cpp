#include "charts/decimation.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace pulse;
using namespace pulse::ui;

namespace {

constexpr TimestampMs kT0 = 1'700'000'000'000;

std::vector<StorePoint> noisy(int count, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(100, 20);
    std::vector<StorePoint> points;
    for (int i = 0; i < count; ++i)
        points.push_back({ kT0 + i * 1000, noise(rng) });
    return points;
}

std::size_t totalPoints(const std::vector<ChartSegment>& segments)
{
    std::size_t n = 0;
    for (const auto& s : segments)
        n += s.size();
    return n;
}

} // namespace

class TestDecimation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsEveryColumnsMinAndMax_data()
    {
        QTest::addColumn<int>("pointCount");
        QTest::addColumn<int>("widthPx");
        QTest::addRow("3600 points into 300 px") << 3600 << 300;
        QTest::addRow("3600 points into 1000 px") << 3600 << 1000;
        QTest::addRow("86400 points into 1920 px") << 86'400 << 1920;
        QTest::addRow("fewer points than pixels") << 100 << 800;
    }
    void keepsEveryColumnsMinAndMax()
    {
        QFETCH(int, pointCount);
        QFETCH(int, widthPx);
        const auto points = noisy(pointCount, 7);
        const TimestampMs toMs = kT0 + (pointCount - 1) * 1000;
        const auto segments = decimate(points, 1000, kT0, toMs, widthPx);
        QCOMPARE(segments.size(), std::size_t(1));
        QVERIFY(totalPoints(segments) <= std::size_t(2 * widthPx + 2));
        QVERIFY(totalPoints(segments) <= std::size_t(pointCount));

        // Recompute each column's extremes independently and find both among the output points.
        const double span = double(toMs - kT0);
        std::vector<double> lo(std::size_t(widthPx), std::numeric_limits<double>::infinity());
        std::vector<double> hi(std::size_t(widthPx), -std::numeric_limits<double>::infinity());
        for (const StorePoint& p : points) {
            auto c = std::size_t(std::min<double>(widthPx - 1, double(p.timeMs - kT0) / span * widthPx));
            if (double(p.timeMs - kT0) / span * widthPx >= widthPx)
                c = std::size_t(widthPx); // the last point sits on the right edge
            if (c >= std::size_t(widthPx))
                continue;
            lo[c] = std::min(lo[c], p.value);
            hi[c] = std::max(hi[c], p.value);
        }
        const ChartSegment& out = segments.front();
        for (int c = 0; c < widthPx; ++c) {
            if (std::isinf(lo[std::size_t(c)]))
                continue;
            const auto has = [&](double v) {
                return std::any_of(out.begin(), out.end(), [v](const QPointF& p) { return p.y() == v; });
            };
            QVERIFY2(has(lo[std::size_t(c)]), qPrintable(QStringLiteral("column %1 lost its min").arg(c)));
            QVERIFY2(has(hi[std::size_t(c)]), qPrintable(QStringLiteral("column %1 lost its max").arg(c)));
        }
        QVERIFY(
            std::is_sorted(out.begin(), out.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); }));
    }

    void splitsAtGapsAndNeverJoins_data()
    {
        QTest::addColumn<QList<int>>("presentSeconds");
        QTest::addColumn<int>("widthPx");
        QTest::addColumn<int>("segments");
        QTest::addRow("no gap") << QList<int> { 0, 1, 2, 3, 4 } << 100 << 1;
        QTest::addRow("one missing window splits") << QList<int> { 0, 1, 3, 4 } << 100 << 2;
        QTest::addRow("two gaps give three runs") << QList<int> { 0, 1, 5, 6, 9 } << 100 << 3;
        QTest::addRow("gaps survive reduction") << QList<int> { 0, 1, 2, 50, 51, 99 } << 10 << 3;
        QTest::addRow("gaps split without reduction") << QList<int> { 0, 2 } << 0 << 2;
    }
    void splitsAtGapsAndNeverJoins()
    {
        QFETCH(QList<int>, presentSeconds);
        QFETCH(int, widthPx);
        QFETCH(int, segments);
        std::vector<StorePoint> points;
        for (int s : presentSeconds)
            points.push_back({ kT0 + s * 1000, double(s) });
        const auto out = decimate(points, 1000, kT0, kT0 + presentSeconds.back() * 1000, widthPx);
        QCOMPARE(int(out.size()), segments);
        for (std::size_t i = 1; i < out.size(); ++i)
            QVERIFY(out[i].front().x() - out[i - 1].back().x() > 1500);
    }

    void nonFiniteValuesAreGaps()
    {
        const std::vector<StorePoint> points { { kT0, 1 }, { kT0 + 1000, std::numeric_limits<double>::quiet_NaN() },
            { kT0 + 2000, 3 } };
        const auto out = decimate(points, 1000, kT0, kT0 + 2000, 100);
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(totalPoints(out), std::size_t(2));
    }

    void pointsOutsideTheRangeKeepOnlyEdgeNeighbours()
    {
        std::vector<StorePoint> points;
        for (int s = 0; s < 100; ++s)
            points.push_back({ kT0 + s * 1000, double(s) });
        const auto out = decimate(points, 1000, kT0 + 40'000, kT0 + 60'000, 1000);
        QCOMPARE(out.size(), std::size_t(1));
        QCOMPARE(out.front().front().x(), double(kT0 + 39'000));
        QCOMPARE(out.front().back().x(), double(kT0 + 61'000));
        QCOMPARE(out.front().size(), std::size_t(23));
    }

    void switchedOffKeepsEveryPointButStillSplitsGaps()
    {
        auto points = noisy(3600, 3);
        points.erase(points.begin() + 1000); // one missing window
        setDecimationEnabled(false);
        const auto out = decimate(points, 1000, kT0, kT0 + 3599 * 1000, 300);
        setDecimationEnabled(true);
        QVERIFY(isDecimationEnabled());
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(totalPoints(out), points.size());
        QVERIFY(totalPoints(decimate(points, 1000, kT0, kT0 + 3599 * 1000, 300)) <= std::size_t(2 * 300 + 2));
    }
};

QTEST_GUILESS_MAIN(TestDecimation)
#include "tst_decimation.moc"
