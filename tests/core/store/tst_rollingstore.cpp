#include "store/rollingstore.h"

#include <QTest>

#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

using namespace pulse;

namespace {

constexpr TimestampMs kT0 = 1'699'999'980'000; // a multiple of 60 s
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/** Three resolutions of 60 points each: 1 s for 1 min, 10 s for 10 min, 60 s for 1 h. */
StoreConfig smallConfig()
{
    StoreConfig c;
    c.resolutions = { { 1000, 60'000 }, { 10'000, 600'000 }, { 60'000, 3'600'000 } };
    return c;
}

SeriesInfoPtr makeSeries(SeriesId id, MetricType type, std::string name = "m", std::vector<Tag> tags = {})
{
    auto info = std::make_shared<SeriesInfo>();
    info->id = id;
    info->type = type;
    info->name = std::move(name);
    info->tags = std::move(tags);
    return info;
}

WindowResult gauge(SeriesId id, TimestampMs startMs, std::int64_t stepMs, double v)
{
    WindowResult r;
    r.series = id;
    r.type = MetricType::Gauge;
    r.startMs = startMs;
    r.endMs = startMs + stepMs;
    r.last = v;
    r.min = v - 1;
    r.max = v + 1;
    r.mean = v + 0.5;
    r.count = 1;
    return r;
}

WindowBatch batchOf(std::int64_t stepMs, std::vector<WindowResult> results)
{
    WindowBatch b;
    b.spec = WindowSpec { stepMs, stepMs, false };
    b.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
    b.results = std::move(results);
    return b;
}

QList<int> windowsOf(const RangeResult& r, TimestampMs originMs)
{
    QList<int> out;
    for (const StorePoint& p : r.points)
        out.append(int((p.timeMs - originMs) / r.stepMs));
    return out;
}

/** One window of each type with known values, stored at 10 s so per-second rates are visible. */
WindowResult sampleResult(MetricType type)
{
    WindowResult r;
    r.series = 0;
    r.type = type;
    r.startMs = kT0;
    r.endMs = kT0 + 10'000;
    switch (type) {
    case MetricType::Counter:
        r.sum = 30;
        r.count = 12;
        r.rate = 3;
        break;
    case MetricType::Gauge:
        r.last = 5;
        r.min = 1;
        r.max = 9;
        r.mean = 4.5;
        r.count = 4;
        break;
    case MetricType::Set:
        r.count = 7;
        r.distinct = 3;
        break;
    default: // digest types
        r.count = 20;
        r.mean = 2.5;
        r.sum = 50;
        r.min = 0.5;
        r.max = 10;
        r.quantileCount = 5;
        r.quantiles = { 1, 2, 3, 4, 5 };
        break;
    }
    return r;
}

/** The value each applicable field must read back from sampleResult(); nullopt when it does not apply. */
std::optional<double> expectedField(MetricType type, Field f)
{
    using Expected = std::vector<std::pair<Field, double>>;
    static const Expected counter { { Field::Value, 3 }, { Field::Rate, 3 }, { Field::Count, 12 }, { Field::Sum, 30 } };
    static const Expected gaugeFields { { Field::Value, 5 }, { Field::Last, 5 }, { Field::Min, 1 }, { Field::Max, 9 },
        { Field::Mean, 4.5 } };
    static const Expected set { { Field::Value, 3 }, { Field::Distinct, 3 }, { Field::Count, 7 } };
    static const Expected digest { { Field::Value, 2.5 }, { Field::Mean, 2.5 }, { Field::Rate, 2 } /* 20 in 10 s */,
        { Field::Count, 20 }, { Field::Sum, 50 }, { Field::Min, 0.5 }, { Field::Max, 10 }, { Field::P50, 1 },
        { Field::P90, 2 }, { Field::P95, 3 }, { Field::P99, 4 }, { Field::P999, 5 } };
    const Expected& table = type == MetricType::Counter ? counter
        : type == MetricType::Gauge                     ? gaugeFields
        : type == MetricType::Set                       ? set
                                                        : digest;
    for (const auto& [field, value] : table) {
        if (field == f)
            return value;
    }
    return std::nullopt;
}

/** A live-edge query: the read plus its provisional points. */
RangeQuery liveQuery(
    SeriesId id, Field field, TimestampMs fromMs, TimestampMs toMs, std::size_t maxPoints, TimestampMs nowMs)
{
    RangeQuery q { id, field, fromMs, toMs, maxPoints };
    q.hasLiveEdge = true;
    q.nowMs = nowMs;
    return q;
}

QList<double> valuesOf(const RangeResult& r)
{
    QList<double> out;
    for (const StorePoint& p : r.points)
        out.append(p.value);
    return out;
}

enum class Scenario {
    UnknownSeries,
    TypeMismatch,
    BadResolution,
    WrongStep,
    SlidingWindow,
    FutureWindow,
    FarOutOfRange,
    Misaligned,
    TooOld,
    Duplicate,
    NullSeries,
    IdBeyondMax,
    IdReused
};

} // namespace

class TestRollingStore : public QObject {
    Q_OBJECT
private:
    ManualClock m_clock { kT0 + 86'400'000 };

private Q_SLOTS:
    void fieldNamesRoundTrip()
    {
        for (int i = 0; i < kFieldCount; ++i) {
            const auto f = static_cast<Field>(i);
            QCOMPARE(parseField(fieldName(f)), std::optional<Field>(f));
        }
        QCOMPARE(fieldName(Field::P999), std::string_view("p999"));
        QCOMPARE(parseField("P95"), std::nullopt);
        QCOMPARE(parseField("p75"), std::nullopt);
        QCOMPARE(parseField(""), std::nullopt);
        QCOMPARE(fieldQuantile(Field::P999), std::optional<double>(0.999));
        QCOMPARE(fieldQuantile(Field::Mean), std::nullopt);
    }

    void ringWrapsAroundKeepingTheLastSpan_data()
    {
        QTest::addColumn<int>("resolution");
        QTest::addColumn<int>("written");
        QTest::addRow("1 s ring below capacity") << 0 << 59;
        QTest::addRow("1 s ring exactly full") << 0 << 60;
        QTest::addRow("1 s ring one past capacity") << 0 << 61;
        QTest::addRow("1 s ring lapped many times") << 0 << 1000;
        QTest::addRow("10 s ring wrapped") << 1 << 150;
        QTest::addRow("60 s ring wrapped") << 2 << 200;
    }

    void ringWrapsAroundKeepingTheLastSpan()
    {
        QFETCH(int, resolution);
        QFETCH(int, written);
        RollingStore store(smallConfig(), m_clock);
        QVERIFY(store.addSeries(makeSeries(0, MetricType::Gauge)));
        const std::int64_t step = smallConfig().resolutions[std::size_t(resolution)].stepMs;
        for (int k = 0; k < written; ++k)
            QCOMPARE(store.append(std::size_t(resolution), batchOf(step, { gauge(0, kT0 + k * step, step, k) })),
                std::size_t(1));

        const RangeResult r = store.read({ 0, Field::Last, kT0, kT0 + (written - 1) * step, 100'000 });
        QVERIFY2(r.isOk(), r.error.c_str());
        QCOMPARE(r.stepMs, step);
        const int kept = std::min(written, 60);
        QCOMPARE(int(r.points.size()), kept);
        for (int i = 0; i < kept; ++i) {
            const int k = written - kept + i; // the oldest were dropped
            QCOMPARE(r.points[std::size_t(i)], (StorePoint { kT0 + k * step, double(k) }));
        }
        QCOMPARE(r.hasMissing, written > 60);
        QCOMPARE(store.latest(0, Field::Last), std::optional(StorePoint { kT0 + (written - 1) * step, written - 1.0 }));
    }

    void picksTheFinestResolutionThatFitsAndReachesBack_data()
    {
        QTest::addColumn<int>("fromS"); // relative to the end of the data
        QTest::addColumn<int>("toS");
        QTest::addColumn<int>("maxPoints");
        QTest::addColumn<int>("expectedStepS");
        QTest::addColumn<int>("expectedPoints");
        QTest::addColumn<bool>("expectedMissing");
        QTest::addColumn<bool>("expectedTruncated");
        QTest::addRow("30 s in 100 points: 1 s") << -30 << -1 << 100 << 1 << 30 << false << false;
        QTest::addRow("30 s in 10 points: 10 s") << -30 << -1 << 10 << 10 << 3 << false << false;
        QTest::addRow("60 windows in 60 points: still 1 s") << -60 << -1 << 60 << 1 << 60 << false << false;
        QTest::addRow("60 windows in 59 points: 10 s") << -60 << -1 << 59 << 10 << 6 << false << false;
        QTest::addRow("5 min: 1 s ring does not reach back, 10 s") << -300 << -1 << 1000 << 10 << 30 << false << false;
        QTest::addRow("30 min: 10 s ring does not reach back, 60 s")
            << -1800 << -1 << 1000 << 60 << 30 << false << false;
        QTest::addRow("2 h: none reaches back, the one reaching furthest")
            << -7200 << -1 << 1000 << 60 << 60 << true << false;
        QTest::addRow("too many windows even at 60 s: newest kept") << -3600 << -1 << 5 << 60 << 5 << false << true;
    }

    void picksTheFinestResolutionThatFitsAndReachesBack()
    {
        QFETCH(int, fromS);
        QFETCH(int, toS);
        QFETCH(int, maxPoints);
        QFETCH(int, expectedStepS);
        QFETCH(int, expectedPoints);
        QFETCH(bool, expectedMissing);
        QFETCH(bool, expectedTruncated);
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        const TimestampMs endMs = kT0 + 7'200'000;
        for (std::size_t res = 0; res < 3; ++res) {
            const std::int64_t step = smallConfig().resolutions[res].stepMs;
            for (TimestampMs t = kT0; t < endMs; t += step) // value = seconds since kT0, at every resolution
                store.append(res, batchOf(step, { gauge(0, t, step, double(t - kT0) / 1000) }));
        }
        const RangeResult r
            = store.read({ 0, Field::Last, endMs + fromS * 1000, endMs + toS * 1000, std::size_t(maxPoints) });
        QVERIFY2(r.isOk(), r.error.c_str());
        QCOMPARE(r.stepMs, expectedStepS * 1000);
        QCOMPARE(int(r.points.size()), expectedPoints);
        QCOMPARE(r.hasMissing, expectedMissing);
        QCOMPARE(r.isTruncated, expectedTruncated);
        for (std::size_t i = 0; i < r.points.size(); ++i) {
            QCOMPARE(r.points[i].value, double(r.points[i].timeMs - kT0) / 1000);
            if (i > 0)
                QCOMPARE(r.points[i].timeMs - r.points[i - 1].timeMs, r.stepMs);
        }
        QCOMPARE(r.points.back().timeMs, endMs - r.stepMs); // the newest window is always included here
        QCOMPARE(store.latest(0, Field::Last), std::optional(StorePoint { endMs - 1000, 7199.0 }));
    }

    void gapsStayGaps_data()
    {
        QTest::addColumn<QList<int>>("written");
        QTest::addColumn<bool>("othersReport"); // another series closes windows 0..9
        QTest::addColumn<QList<int>>("expectedWindows");
        QTest::addColumn<bool>("expectedMissing");
        const QList<int> all { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        QTest::addRow("nothing missing") << all << true << all << false;
        QTest::addRow("gap in the middle is absent, not zero")
            << QList<int> { 0, 1, 2, 5, 6, 7, 8, 9 } << true << QList<int> { 0, 1, 2, 5, 6, 7, 8, 9 } << true;
        QTest::addRow("series started late")
            << QList<int> { 4, 5, 6, 7, 8, 9 } << true << QList<int> { 4, 5, 6, 7, 8, 9 } << true;
        QTest::addRow("series silent while others report")
            << QList<int> { 0, 1, 2, 3, 4, 5 } << true << QList<int> { 0, 1, 2, 3, 4, 5 } << true;
        QTest::addRow("silent at the end but no window closed since")
            << QList<int> { 0, 1, 2, 3, 4, 5 } << false << QList<int> { 0, 1, 2, 3, 4, 5 } << false;
        QTest::addRow("out-of-order window fills a gap")
            << QList<int> { 0, 1, 3, 4, 5, 6, 7, 8, 9, 2 } << true << all << false;
    }

    void gapsStayGaps()
    {
        QFETCH(QList<int>, written);
        QFETCH(bool, othersReport);
        QFETCH(QList<int>, expectedWindows);
        QFETCH(bool, expectedMissing);
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge, "a"));
        store.addSeries(makeSeries(1, MetricType::Gauge, "other"));
        if (othersReport) {
            for (int k = 0; k < 10; ++k)
                store.append(0, batchOf(1000, { gauge(1, kT0 + k * 1000, 1000, 1) }));
        }
        for (int k : written)
            QCOMPARE(store.append(0, batchOf(1000, { gauge(0, kT0 + k * 1000, 1000, k + 1) })), std::size_t(1));
        const RangeResult r = store.read({ 0, Field::Value, kT0, kT0 + 9000, 100 });
        QVERIFY2(r.isOk(), r.error.c_str());
        QCOMPARE(windowsOf(r, kT0), expectedWindows);
        for (const StorePoint& p : r.points)
            QCOMPARE(p.value, double((p.timeMs - kT0) / 1000 + 1)); // never a filled-in value
        QCOMPARE(r.hasMissing, expectedMissing);
    }

    void everyFieldOfEveryType_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("field");
        QTest::addColumn<double>("expected"); // NaN: the field does not apply
        for (int t = 0; t < kMetricTypeCount; ++t) {
            const auto type = static_cast<MetricType>(t);
            for (int f = 0; f < kFieldCount; ++f) {
                const auto field = static_cast<Field>(f);
                const std::optional<double> v = expectedField(type, field);
                QTest::addRow("%s %s", metricTypeName(type).data(), fieldName(field).data())
                    << t << f << v.value_or(kNaN);
            }
        }
    }

    void everyFieldOfEveryType()
    {
        QFETCH(int, type);
        QFETCH(int, field);
        QFETCH(double, expected);
        const auto metricType = static_cast<MetricType>(type);
        const auto f = static_cast<Field>(field);
        QCOMPARE(fieldAppliesTo(f, metricType), !std::isnan(expected));
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, metricType));
        QCOMPARE(store.append(1, batchOf(10'000, { sampleResult(metricType) })), std::size_t(1));
        const RangeResult r = store.read({ 0, f, kT0, kT0 + 59'000, 100 });
        if (std::isnan(expected)) {
            QVERIFY(!r.isOk());
            QVERIFY2(
                r.error.find("does not apply to a " + std::string(metricTypeName(metricType))) != std::string::npos,
                r.error.c_str());
            QVERIFY(r.points.empty());
            QCOMPARE(store.latest(0, f), std::nullopt);
            return;
        }
        QVERIFY2(r.isOk(), r.error.c_str());
        QCOMPARE(r.stepMs, 10'000);
        QCOMPARE(r.points.size(), std::size_t(1));
        QCOMPARE(r.points[0], (StorePoint { kT0, expected }));
        QCOMPARE(store.latest(0, f), std::optional(StorePoint { kT0, expected }));
    }

    void quantilesFollowTheConfigurationAndTheBatch()
    {
        StoreConfig c = smallConfig();
        c.quantiles = { 0.99, 0.5, 0.999 }; // another order than the engine's
        RollingStore store(c, m_clock);
        store.addSeries(makeSeries(0, MetricType::Timer));
        WindowBatch b = batchOf(10'000, { sampleResult(MetricType::Timer) });
        b.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.75 }; // the engine lacks 0.999
        store.append(1, b);
        const auto read = [&](Field f) { return store.read({ 0, f, kT0, kT0, 10 }); };
        QCOMPARE(read(Field::P50).points, (std::vector<StorePoint> { { kT0, 1.0 } }));
        QCOMPARE(read(Field::P99).points, (std::vector<StorePoint> { { kT0, 4.0 } }));
        QCOMPARE(
            read(Field::P95).error, std::string("field 'p95' is not kept by the store (quantiles: 0.99, 0.5, 0.999)"));
        const RangeResult missing = read(Field::P999);
        QVERIFY(missing.isOk());
        QVERIFY(missing.points.empty()); // NaN is absent, never zero
        QVERIFY(missing.hasMissing);
        QCOMPARE(store.latest(0, Field::P999), std::nullopt);
    }

    void float32CellsRoundBeyond2To24_data()
    {
        QTest::addColumn<double>("sum");
        QTest::addColumn<double>("expected");
        QTest::addRow("2^24 is exact") << 16'777'216.0 << 16'777'216.0;
        QTest::addRow("2^24 + 1 rounds") << 16'777'217.0 << 16'777'216.0;
        QTest::addRow("small integers are exact") << 12345.0 << 12345.0;
        QTest::addRow("beyond float range saturates") << 1e300 << std::numeric_limits<double>::infinity();
    }

    void float32CellsRoundBeyond2To24()
    {
        QFETCH(double, sum);
        QFETCH(double, expected);
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Counter));
        WindowResult r = sampleResult(MetricType::Counter);
        r.sum = sum;
        store.append(1, batchOf(10'000, { r }));
        QCOMPARE(store.latest(0, Field::Sum)->value, expected);
    }

    void rejectionsAreCountedAndTheRestGoesThrough_data()
    {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<int>("reason");
        QTest::addColumn<int>("expectedRejected");
        QTest::addColumn<int>("expectedStored"); // by the last append, which also carries one good result
        const auto row = [](const char* name, Scenario s, StoreRejection r, int rejected, int stored) {
            QTest::addRow("%s", name) << int(s) << int(r) << rejected << stored;
        };
        row("unknown series", Scenario::UnknownSeries, StoreRejection::UnknownSeries, 1, 1);
        row("type differs from the series", Scenario::TypeMismatch, StoreRejection::TypeMismatch, 1, 1);
        row("resolution index out of range", Scenario::BadResolution, StoreRejection::BadResolution, 2, 0);
        row("window size is not the step", Scenario::WrongStep, StoreRejection::SpecMismatch, 2, 0);
        row("sliding window", Scenario::SlidingWindow, StoreRejection::SpecMismatch, 2, 0);
        row("window in the future", Scenario::FutureWindow, StoreRejection::FutureWindow, 1, 1);
        row("absurd start time", Scenario::FarOutOfRange, StoreRejection::OutOfRange, 1, 1);
        row("start off the step grid", Scenario::Misaligned, StoreRejection::Misaligned, 1, 1);
        row("older than the ring", Scenario::TooOld, StoreRejection::TooOld, 1, 1);
        row("same window twice", Scenario::Duplicate, StoreRejection::Duplicate, 1, 1);
        row("null series", Scenario::NullSeries, StoreRejection::BadSeries, 1, 1);
        row("id beyond maxSeries", Scenario::IdBeyondMax, StoreRejection::BadSeries, 1, 1);
        row("id reused by another series", Scenario::IdReused, StoreRejection::BadSeries, 1, 1);
    }

    void rejectionsAreCountedAndTheRestGoesThrough()
    {
        QFETCH(int, scenario);
        QFETCH(int, reason);
        QFETCH(int, expectedRejected);
        QFETCH(int, expectedStored);
        StoreConfig c = smallConfig();
        c.maxSeries = 100;
        RollingStore store(c, m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge, "bad"));
        store.addSeries(makeSeries(1, MetricType::Gauge, "good"));
        const TimestampMs t = kT0 + 100'000;
        store.append(0, batchOf(1000, { gauge(0, t, 1000, 1) }));
        const std::uint64_t storedBefore = store.stats().pointsStored;
        WindowResult bad = gauge(0, t + 1000, 1000, 2);
        std::size_t resolution = 0;
        WindowSpec spec { 1000, 1000, false };
        switch (static_cast<Scenario>(scenario)) {
        case Scenario::UnknownSeries:
            bad.series = 7;
            break;
        case Scenario::TypeMismatch:
            bad.type = MetricType::Counter;
            break;
        case Scenario::BadResolution:
            resolution = 5;
            break;
        case Scenario::WrongStep:
            spec = { 2000, 2000, false };
            break;
        case Scenario::SlidingWindow:
            spec = { 1000, 500, false };
            break;
        case Scenario::FutureWindow:
            bad.startMs = m_clock.nowMs() + 11 * 60'000;
            break;
        case Scenario::FarOutOfRange:
            bad.startMs = TimestampMs(1) << 60;
            break;
        case Scenario::Misaligned:
            bad.startMs = t + 1500;
            break;
        case Scenario::TooOld:
            bad.startMs = t - 60'000;
            break;
        case Scenario::Duplicate:
            bad.startMs = t;
            break;
        case Scenario::NullSeries:
            QVERIFY(!store.addSeries(nullptr));
            break;
        case Scenario::IdBeyondMax:
            QVERIFY(!store.addSeries(makeSeries(100, MetricType::Gauge, "far")));
            break;
        case Scenario::IdReused:
            QVERIFY(!store.addSeries(makeSeries(0, MetricType::Counter, "impostor")));
            QVERIFY(store.addSeries(makeSeries(0, MetricType::Gauge, "bad"))); // the same series again is fine
            break;
        }
        WindowBatch b = batchOf(1000, { bad, gauge(1, t + 1000, 1000, 3) });
        b.spec = spec;
        const bool isSeriesScenario = scenario >= int(Scenario::NullSeries);
        if (isSeriesScenario)
            b.results.erase(b.results.begin()); // the series rejection is the bad input here
        QCOMPARE(int(store.append(resolution, b)), expectedStored);
        const StoreStats stats = store.stats();
        QCOMPARE(int(stats.rejectedFor(static_cast<StoreRejection>(reason))), expectedRejected);
        QCOMPARE(int(stats.totalRejected()), expectedRejected);
        QCOMPARE(int(stats.pointsStored - storedBefore), expectedStored);
        QCOMPARE(store.seriesCount(), std::size_t(2));
        QCOMPARE(store.latest(0, Field::Last), std::optional(StorePoint { t, 1.0 })); // untouched by bad input
        QVERIFY(!storeRejectionName(static_cast<StoreRejection>(reason)).empty());
    }

    void catalogListsSeriesWithTypeAndLastUpdate()
    {
        RollingStore store(smallConfig(), m_clock);
        QVERIFY(store.addSeries(makeSeries(0, MetricType::Counter, "req.count", { { "host", "a" } })));
        QVERIFY(store.addSeries(makeSeries(5, MetricType::Gauge, "cpu", { { "core", "0" } })));
        QVERIFY(store.addSeries(makeSeries(2000, MetricType::Timer, "http.latency"))); // another chunk
        WindowResult counter = sampleResult(MetricType::Counter);
        store.append(1, batchOf(10'000, { counter }));
        store.append(0, batchOf(1000, { gauge(5, kT0 + 3000, 1000, 1), gauge(5, kT0 + 4000, 1000, 1) }));

        const std::vector<CatalogEntry> entries = store.catalog();
        QCOMPARE(entries.size(), std::size_t(3));
        QCOMPARE(store.seriesCount(), std::size_t(3));
        QCOMPARE(entries[0].info->displayName(), std::string("req.count{host=a}"));
        QCOMPARE(entries[0].info->type, MetricType::Counter);
        QCOMPARE(entries[0].lastUpdateMs, std::optional<TimestampMs>(kT0 + 10'000));
        QCOMPARE(entries[1].info->type, MetricType::Gauge);
        QCOMPARE(entries[1].lastUpdateMs, std::optional<TimestampMs>(kT0 + 5000));
        QCOMPARE(entries[2].info->id, SeriesId(2000));
        QCOMPARE(entries[2].lastUpdateMs, std::nullopt);
        QCOMPARE(store.entry(5)->info->name, std::string("cpu"));
        QCOMPARE(store.entry(6), std::nullopt);
        QCOMPARE(store.read({ 2000, Field::Mean, kT0, kT0 + 1000, 10 }).points.size(), std::size_t(0));
    }

    void findsSeriesBySelector_data()
    {
        QTest::addColumn<QByteArray>("selector");
        QTest::addColumn<QList<int>>("expectedIds");
        QTest::addRow("everything") << QByteArray("*") << QList<int> { 0, 1, 2, 3, 4, 5 };
        QTest::addRow("name and tags") << QByteArray("http.latency{service=api,host=*}") << QList<int> { 0 };
        QTest::addRow("name glob and tag") << QByteArray("http.*{host=web-1}") << QList<int> { 0, 2 };
        QTest::addRow("not-equals") << QByteArray("cpu{core!=total}") << QList<int> { 3 };
        QTest::addRow("has tag, any name") << QByteArray("{host}") << QList<int> { 0, 1, 2, 3, 4 };
        QTest::addRow("no tags at all") << QByteArray("queue.depth") << QList<int> { 5 };
        QTest::addRow("nothing matches") << QByteArray("nothing{x=y}") << QList<int> {};
    }

    void findsSeriesBySelector()
    {
        QFETCH(QByteArray, selector);
        QFETCH(QList<int>, expectedIds);
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(
            makeSeries(0, MetricType::Timer, "http.latency", { { "host", "web-1" }, { "service", "api" } }));
        store.addSeries(
            makeSeries(1, MetricType::Timer, "http.latency", { { "host", "web-2" }, { "service", "web" } }));
        store.addSeries(makeSeries(2, MetricType::Counter, "http.requests", { { "host", "web-1" } }));
        store.addSeries(makeSeries(3, MetricType::Gauge, "cpu", { { "core", "0" }, { "host", "web-1" } }));
        store.addSeries(makeSeries(4, MetricType::Gauge, "cpu", { { "core", "total" }, { "host", "web-1" } }));
        store.addSeries(makeSeries(5, MetricType::Gauge, "queue.depth"));
        const SelectorParse parsed = SeriesSelector::parse(std::string_view(selector.constData(), selector.size()));
        QVERIFY2(parsed.isOk(), parsed.error.c_str());
        QList<int> ids;
        for (const SeriesInfoPtr& info : store.findSeries(*parsed.selector))
            ids.append(int(info->id));
        QCOMPARE(ids, expectedIds);
    }

    void badQueriesAreRejectedWithAReason_data()
    {
        QTest::addColumn<int>("series");
        QTest::addColumn<int>("fromS");
        QTest::addColumn<int>("toS");
        QTest::addColumn<int>("maxPoints");
        QTest::addColumn<QByteArray>("expectedError");
        QTest::addRow("no points allowed") << 0 << 0 << 10 << 0 << QByteArray("maxPoints must be at least 1");
        QTest::addRow("from after to") << 0 << 10 << 0 << 10 << QByteArray("fromMs is after toMs");
        QTest::addRow("unknown series") << 42 << 0 << 10 << 10 << QByteArray("unknown series 42");
        QTest::addRow("series without data is not an error") << 0 << 0 << 10 << 100 << QByteArray();
    }

    void badQueriesAreRejectedWithAReason()
    {
        QFETCH(int, series);
        QFETCH(int, fromS);
        QFETCH(int, toS);
        QFETCH(int, maxPoints);
        QFETCH(QByteArray, expectedError);
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        const RangeResult r = store.read(
            { SeriesId(series), Field::Value, kT0 + fromS * 1000, kT0 + toS * 1000, std::size_t(maxPoints) });
        QCOMPARE(QByteArray::fromStdString(r.error), expectedError);
        QVERIFY(r.points.empty());
        if (r.isOk())
            QCOMPARE(r.stepMs, 1000);
    }

    void configurationIsValidated_data()
    {
        QTest::addColumn<int>("caseIndex");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("defaults are valid") << 0 << QByteArray();
        QTest::addRow("zero step") << 1 << QByteArray("resolution 0: stepMs must be positive");
        QTest::addRow("span shorter than step") << 2 << QByteArray("resolution 1: spanMs must be at least stepMs");
        QTest::addRow("ring too large") << 3 << QByteArray("resolution 0: spanMs / stepMs exceeds 4194304 points");
        QTest::addRow("quantile outside (0, 1)") << 4 << QByteArray("quantile 1 must be in (0, 1)");
        QTest::addRow("no resolutions") << 5 << QByteArray("no resolutions configured");
        QTest::addRow("no series allowed") << 6 << QByteArray("maxSeries must be in [1, 4294967295]");
    }

    void configurationIsValidated()
    {
        QFETCH(int, caseIndex);
        QFETCH(QByteArray, expected);
        StoreConfig c;
        switch (caseIndex) {
        case 1:
            c.resolutions[0].stepMs = 0;
            break;
        case 2:
            c.resolutions[1].spanMs = 1000;
            break;
        case 3:
            c.resolutions[0].spanMs = 5'000'000'000;
            break;
        case 4:
            c.quantiles = { 0.5, 1.5 };
            break;
        case 5:
            c.resolutions.clear();
            break;
        case 6:
            c.maxSeries = 0;
            break;
        default:
            break;
        }
        QCOMPARE(QByteArray::fromStdString(c.validate()), expected);
        RollingStore store(c, m_clock); // an unusable configuration still makes a store that rejects, not crashes
        if (c.maxSeries == 0)
            return;
        store.addSeries(makeSeries(0, MetricType::Gauge));
        store.append(0, batchOf(1000, { gauge(0, kT0, 1000, 1) }));
        if (caseIndex == 1 || caseIndex == 3 || caseIndex == 5)
            QCOMPARE(store.stats().rejectedFor(StoreRejection::BadResolution), std::uint64_t(1));
    }

    void bytesPerSeriesFollowsTheConfiguration_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("cells");
        QTest::addRow("counter") << int(MetricType::Counter) << 2;
        QTest::addRow("gauge") << int(MetricType::Gauge) << 4;
        QTest::addRow("timer") << int(MetricType::Timer) << 9;
        QTest::addRow("histogram") << int(MetricType::Histogram) << 9;
        QTest::addRow("distribution") << int(MetricType::Distribution) << 9;
        QTest::addRow("set") << int(MetricType::Set) << 2;
    }

    void bytesPerSeriesFollowsTheConfiguration()
    {
        QFETCH(int, type);
        QFETCH(int, cells);
        const auto metricType = static_cast<MetricType>(type);
        const std::size_t points = 900 + 2160 + 2880; // defaults: 15 min at 1 s, 6 h at 10 s, 48 h at 1 min
        const std::size_t bytes = RollingStore::bytesPerSeries(StoreConfig {}, metricType);
        QVERIFY(bytes >= points * (4 + 4 * std::size_t(cells)));
        QVERIFY(bytes < points * (4 + 4 * std::size_t(cells)) + 1024);

        RollingStore store(StoreConfig {}, m_clock);
        store.addSeries(makeSeries(0, metricType));
        for (std::size_t res = 0; res < 3; ++res) {
            const std::int64_t step = StoreConfig {}.resolutions[res].stepMs;
            WindowResult r = sampleResult(metricType);
            r.startMs = kT0;
            store.append(res, batchOf(step, { r }));
        }
        QCOMPARE(store.stats().ringCount, std::size_t(3));
        QVERIFY(store.stats().ringBytes <= bytes);
        QVERIFY(store.stats().ringBytes >= points * (4 + 4 * std::size_t(cells)));
    }

    void readersSeeOnlyConsistentPointsWhileTheWriterRuns()
    {
        // A small ring is lapped constantly, so readers race with overwrites at its old end.
        StoreConfig c;
        c.resolutions = { { 1000, 64'000 } };
        RollingStore store(c, m_clock);
        constexpr int kSeries = 4;
        constexpr int kWindows = 30'000;
        for (SeriesId s = 0; s < kSeries; ++s)
            store.addSeries(makeSeries(s, MetricType::Gauge, "g" + std::to_string(s)));
        const auto expected = [](Field f, std::int64_t k, SeriesId s) {
            const double v = double(k) + s * 0.25;
            switch (f) {
            case Field::Min:
                return double(float(v - 1));
            case Field::Max:
                return double(float(v + 1));
            case Field::Mean:
                return double(float(v + 0.5));
            default:
                return double(float(v));
            }
        };
        std::atomic<bool> isDone { false };
        std::atomic<int> inconsistencies { 0 };
        std::atomic<long> pointsChecked { 0 };
        std::atomic<int> reads { 0 };

        std::thread reader([&] {
            const Field fields[] = { Field::Last, Field::Min, Field::Max, Field::Mean };
            int round = 0;
            while (!isDone.load(std::memory_order_acquire) || round < 50) {
                ++round;
                for (SeriesId s = 0; s < kSeries; ++s) {
                    const Field f = fields[(round + s) % 4];
                    const RangeResult r = store.read({ s, f, kT0, kT0 + kWindows * 1000, 1'000'000 });
                    reads.fetch_add(1, std::memory_order_relaxed);
                    if (!r.isOk() || r.points.size() > 64)
                        inconsistencies.fetch_add(1);
                    TimestampMs previous = std::numeric_limits<TimestampMs>::min();
                    for (const StorePoint& p : r.points) {
                        const std::int64_t k = (p.timeMs - kT0) / 1000;
                        if (p.timeMs <= previous || (p.timeMs - kT0) % 1000 != 0 || p.value != expected(f, k, s))
                            inconsistencies.fetch_add(1);
                        previous = p.timeMs;
                    }
                    pointsChecked.fetch_add(long(r.points.size()), std::memory_order_relaxed);
                    if (const auto last = store.latest(s, Field::Last)) {
                        if (last->value != expected(Field::Last, (last->timeMs - kT0) / 1000, s))
                            inconsistencies.fetch_add(1);
                    }
                }
                SeriesId previousId = 0;
                for (const CatalogEntry& e : store.catalog()) {
                    if (!e.info || (e.info->id != 0 && e.info->id <= previousId))
                        inconsistencies.fetch_add(1);
                    previousId = e.info ? e.info->id : previousId;
                }
                const std::size_t found = store.findSeries(SeriesSelector {}).size();
                if (found < std::size_t(kSeries))
                    inconsistencies.fetch_add(1);
            }
        });

        std::thread writer([&] {
            std::vector<WindowResult> results(kSeries);
            for (std::int64_t k = 0; k < kWindows; ++k) {
                for (SeriesId s = 0; s < kSeries; ++s)
                    results[s] = gauge(s, kT0 + k * 1000, 1000, double(k) + s * 0.25);
                store.append(0, batchOf(1000, results));
                if (k % 1000 == 0) // the catalog grows while readers scan it
                    store.addSeries(makeSeries(SeriesId(kSeries + k / 1000), MetricType::Counter, "late"));
            }
            isDone.store(true, std::memory_order_release);
        });
        writer.join();
        reader.join();
        QCOMPARE(inconsistencies.load(), 0);
        QVERIFY(reads.load() > 0);
        QVERIFY(pointsChecked.load() > 0);
        QCOMPARE(store.stats().pointsStored, std::uint64_t(kSeries) * kWindows);
        QCOMPARE(store.seriesCount(), std::size_t(kSeries + kWindows / 1000));
    }

    void liveEdgeIsReadReplacedAndIgnoredOnceClosed()
    {
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        const TimestampMs now = kT0 + 10'500;
        QVERIFY(!store.provisional(0, Field::Last, now));
        for (int k = 0; k <= 7; ++k)
            store.append(0, batchOf(1000, { gauge(0, kT0 + k * 1000, 1000, k) }));
        const std::uint64_t changesBefore = store.stats().changeCount();

        // Seconds 8, 9 and 10 are still open in the engine.
        QCOMPARE(store.setProvisional(0,
                     batchOf(1000,
                         { gauge(0, kT0 + 8000, 1000, 80), gauge(0, kT0 + 9000, 1000, 90),
                             gauge(0, kT0 + 10'000, 1000, 100) })),
            std::size_t(1));
        QCOMPARE(store.provisional(0, Field::Last, now), (StorePoint { kT0 + 10'000, 100 }));
        QCOMPARE(store.provisional(0, Field::Min, now)->value, 99.0);
        QCOMPARE(store.stats().provisionalUpdates, std::uint64_t(1));
        QCOMPARE(store.stats().changeCount(), changesBefore + 1);
        QVERIFY(store.stats().provisionalBytes > 0);
        QVERIFY(!store.latest(0, Field::Last) || store.latest(0, Field::Last)->timeMs == kT0 + 7000);
        RangeResult r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 20'000, 1000, now));
        QCOMPARE(windowsOf(r, kT0), (QList<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }));
        QCOMPARE(r.provisionalCount, std::size_t(3));
        QCOMPARE(r.liveEdgeEndMs, std::optional<TimestampMs>(kT0 + 11'000));

        // The engine reports only the panes that changed: they replace theirs, the others stay.
        store.setProvisional(0, batchOf(1000, { gauge(0, kT0 + 10'000, 1000, 101) }));
        QCOMPARE(store.provisional(0, Field::Last, now)->value, 101.0);
        r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 20'000, 1000, now));
        QCOMPARE(valuesOf(r), (QList<double> { 0, 1, 2, 3, 4, 5, 6, 7, 80, 90, 101 }));
        QCOMPARE(r.provisionalCount, std::size_t(3));
        QCOMPARE(store.stats().changeCount(), changesBefore + 2);
        store.setProvisional(0, batchOf(1000, { gauge(0, kT0 + 11'000, 1000, 110) }));
        r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 20'000, 1000, kT0 + 11'500));
        QCOMPARE(windowsOf(r, kT0), (QList<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }));
        QCOMPARE(r.provisionalCount, std::size_t(4));

        // Once the closed windows are stored, their provisional ones are ignored.
        for (int k = 8; k <= 10; ++k)
            store.append(0, batchOf(1000, { gauge(0, kT0 + k * 1000, 1000, k) }));
        QCOMPARE(store.provisional(0, Field::Last, kT0 + 11'500), (StorePoint { kT0 + 11'000, 110 }));
        r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 20'000, 1000, now));
        QCOMPARE(valuesOf(r), (QList<double> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 110 }));
        QCOMPARE(r.provisionalCount, std::size_t(1));
        store.append(0, batchOf(1000, { gauge(0, kT0 + 11'000, 1000, 11) }));
        QVERIFY(!store.provisional(0, Field::Last, now));
        r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 20'000, 1000, now));
        QCOMPARE(r.points.size(), std::size_t(12));
        QCOMPARE(r.points.back(), (StorePoint { kT0 + 11'000, 11 }));
        QCOMPARE(r.provisionalCount, std::size_t(0));
        QVERIFY(!r.liveEdgeEndMs);
        // A pane reported after its window closed is refused, not shown.
        QCOMPARE(store.setProvisional(0, batchOf(1000, { gauge(0, kT0 + 11'000, 1000, 111) })), std::size_t(0));
        QCOMPARE(store.stats().rejectedFor(StoreRejection::TooOld), std::uint64_t(1));
    }

    void aLiveEdgeOlderThanTheNewestClosedPointIsIgnored()
    {
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        store.setProvisional(0, batchOf(1000, { gauge(0, kT0 + 4000, 1000, 40), gauge(0, kT0 + 5000, 1000, 50) }));
        store.append(0, batchOf(1000, { gauge(0, kT0 + 4000, 1000, 4) }));
        const TimestampMs now = kT0 + 6000;
        QCOMPARE(store.provisional(0, Field::Last, now), (StorePoint { kT0 + 5000, 50 }));
        store.append(0, batchOf(1000, { gauge(0, kT0 + 6000, 1000, 6) }));
        QVERIFY(!store.provisional(0, Field::Last, now));
        const RangeResult r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 10'000, 1000, now));
        QCOMPARE(valuesOf(r), (QList<double> { 4, 6 }));
        QCOMPARE(r.provisionalCount, std::size_t(0));
    }

    void provisionalPointsReadLikeTheClosedWindowExceptCumulativeFieldsInProgress()
    {
        // Series 0 gets a window provisionally, series 1 the same window closed: every field must read the same,
        // except that sums, counts and rates are withheld while the pane is still in progress.
        const MetricType types[]
            = { MetricType::Counter, MetricType::Gauge, MetricType::Timer, MetricType::Distribution, MetricType::Set };
        for (const MetricType type : types) {
            RollingStore store(smallConfig(), m_clock);
            store.addSeries(makeSeries(0, type, "live"));
            store.addSeries(makeSeries(1, type, "closed"));
            WindowResult r = sampleResult(type);
            r.startMs = kT0 + 5000;
            r.endMs = kT0 + 6000;
            WindowResult closed = r;
            closed.series = 1;
            store.setProvisional(0, batchOf(1000, { r }));
            store.append(0, batchOf(1000, { closed }));
            for (int f = 0; f < kFieldCount; ++f) {
                const auto field = static_cast<Field>(f);
                const auto expected = store.latest(1, field);
                const QByteArray what = QByteArray(metricTypeName(type).data()) + ' ' + fieldName(field).data();
                QVERIFY2(store.provisional(0, field, kT0 + 6000) == expected, what.constData());
                const auto inProgress = store.provisional(0, field, kT0 + 5500);
                if (expected && isCumulativeField(field, type))
                    QVERIFY2(!inProgress, what.constData());
                else
                    QVERIFY2(inProgress == expected, what.constData());
            }
        }
        QVERIFY(isCumulativeField(Field::Rate, MetricType::Counter));
        QVERIFY(!isCumulativeField(Field::Last, MetricType::Gauge));
        QVERIFY(isCumulativeField(Field::Count, MetricType::Timer));
        QVERIFY(!isCumulativeField(Field::P99, MetricType::Timer));
        QVERIFY(isCumulativeField(Field::Distinct, MetricType::Set));
    }

    void rangeReadAppendsTheLiveEdgeWithinRangeAndMaxPoints_data()
    {
        QTest::addColumn<qint64>("toOffsetMs");
        QTest::addColumn<int>("maxPoints");
        QTest::addColumn<QList<int>>("windows");
        QTest::addColumn<int>("provisionalCount");
        QTest::addColumn<bool>("isTruncated");
        QTest::addRow("whole range") << 20'000LL << 1000 << QList<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 } << 3
                                     << false;
        QTest::addRow("range ends in the live edge")
            << 8'500LL << 1000 << QList<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8 } << 1 << false;
        QTest::addRow("range ends before it") << 7'000LL << 1000 << QList<int> { 0, 1, 2, 3, 4, 5, 6, 7 } << 0 << false;
        QTest::addRow("maxPoints drops the oldest closed points")
            << 20'000LL << 5 << QList<int> { 6, 7, 8, 9, 10 } << 3 << true;
        QTest::addRow("maxPoints below the live edge") << 20'000LL << 2 << QList<int> { 9, 10 } << 2 << true;
    }
    void rangeReadAppendsTheLiveEdgeWithinRangeAndMaxPoints()
    {
        QFETCH(qint64, toOffsetMs);
        QFETCH(int, maxPoints);
        QFETCH(QList<int>, windows);
        QFETCH(int, provisionalCount);
        QFETCH(bool, isTruncated);
        StoreConfig c;
        c.resolutions = { { 1000, 60'000 } };
        RollingStore store(c, m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        for (int k = 0; k <= 7; ++k)
            store.append(0, batchOf(1000, { gauge(0, kT0 + k * 1000, 1000, k) }));
        store.setProvisional(0,
            batchOf(1000,
                { gauge(0, kT0 + 8000, 1000, 80), gauge(0, kT0 + 9000, 1000, 90), gauge(0, kT0 + 10'000, 1000, 100) }));
        const RangeResult r
            = store.read(liveQuery(0, Field::Last, kT0, kT0 + toOffsetMs, std::size_t(maxPoints), kT0 + 10'500));
        QVERIFY(r.isOk());
        QCOMPARE(windowsOf(r, kT0), windows);
        QCOMPARE(r.provisionalCount, std::size_t(provisionalCount));
        QCOMPARE(r.isTruncated, isTruncated);
        QCOMPARE(r.liveEdgeEndMs, std::optional<TimestampMs>(kT0 + 11'000));
    }

    void aBrandNewSeriesShowsOnlyItsLiveEdge()
    {
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        store.setProvisional(0, batchOf(1000, { gauge(0, kT0 + 3000, 1000, 7) }));
        const RangeResult r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 3500, 1000, kT0 + 3500));
        QVERIFY(r.isOk());
        QCOMPARE(r.stepMs, std::int64_t(1000));
        QCOMPARE(r.points, (std::vector<StorePoint> { { kT0 + 3000, 7 } }));
        QCOMPARE(r.provisionalCount, std::size_t(1));
        // At a coarser step (the range is too long for 1 s), the gauge's open bucket still shows its last value.
        const RangeResult coarse = store.read(liveQuery(0, Field::Last, kT0 - 50'000, kT0 + 3500, 10, kT0 + 3500));
        QCOMPARE(coarse.stepMs, std::int64_t(10'000));
        QCOMPARE(coarse.points, (std::vector<StorePoint> { { kT0, 7 } }));
    }

    void coarseResolutionsGetOnlyExactOpenBuckets_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<int>("provisionalCount");
        // Closed 10 s buckets 0 and 10 (values 9, 19); closed 1 s panes 20..27 (value k, min k - 1, max k + 1);
        // open panes 28, 29, 30 with 280, 290, 300.
        QTest::addRow("last: the newest pane of each open bucket")
            << int(Field::Last) << QList<double> { 9, 19, 290, 300 } << 2;
        QTest::addRow("max over the open bucket's panes") << int(Field::Max) << QList<double> { 10, 20, 291, 301 } << 2;
        QTest::addRow("min over the open bucket's panes") << int(Field::Min) << QList<double> { 8, 18, 19, 299 } << 2;
        QTest::addRow("mean is not exact from panes: no live edge")
            << int(Field::Mean) << QList<double> { 9.5, 19.5 } << 0;
    }
    void coarseResolutionsGetOnlyExactOpenBuckets()
    {
        QFETCH(int, field);
        QFETCH(QList<double>, values);
        QFETCH(int, provisionalCount);
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        store.append(1, batchOf(10'000, { gauge(0, kT0, 10'000, 9), gauge(0, kT0 + 10'000, 10'000, 19) }));
        for (int k = 0; k <= 27; ++k)
            store.append(0, batchOf(1000, { gauge(0, kT0 + k * 1000, 1000, k) }));
        store.setProvisional(0,
            batchOf(1000,
                { gauge(0, kT0 + 28'000, 1000, 280), gauge(0, kT0 + 29'000, 1000, 290),
                    gauge(0, kT0 + 30'000, 1000, 300) }));
        // 31 windows do not fit 1 s; four 10 s windows do.
        const RangeResult r = store.read(liveQuery(0, static_cast<Field>(field), kT0, kT0 + 30'500, 4, kT0 + 30'500));
        QVERIFY(r.isOk());
        QCOMPARE(r.stepMs, std::int64_t(10'000));
        QCOMPARE(valuesOf(r), values);
        QCOMPARE(r.provisionalCount, std::size_t(provisionalCount));
    }

    void coarseCountersGetNoLiveEdge()
    {
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Counter));
        WindowResult closed = sampleResult(MetricType::Counter);
        store.append(1, batchOf(10'000, { closed }));
        WindowResult open = sampleResult(MetricType::Counter);
        open.startMs = kT0 + 12'000;
        open.endMs = kT0 + 13'000;
        store.setProvisional(0, batchOf(1000, { open }));
        const RangeResult r = store.read(liveQuery(0, Field::Rate, kT0, kT0 + 20'000, 3, kT0 + 20'000));
        QCOMPARE(r.stepMs, std::int64_t(10'000));
        QCOMPARE(windowsOf(r, kT0), (QList<int> { 0 }));
        QCOMPARE(r.provisionalCount, std::size_t(0));
        QCOMPARE(r.liveEdgeEndMs, std::optional<TimestampMs>(kT0 + 13'000)); // still fresh data
    }

    void liveEdgeRejectsWhatCannotBelongAndKeepsTheNewestPanes()
    {
        RollingStore store(smallConfig(), m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        store.addSeries(makeSeries(1, MetricType::Counter));
        QCOMPARE(store.setProvisional(1, batchOf(10'000, { gauge(0, kT0, 10'000, 1) })), std::size_t(0));
        QCOMPARE(store.stats().rejectedFor(StoreRejection::BadResolution), std::uint64_t(1));
        QCOMPARE(store.setProvisional(0, batchOf(10'000, { gauge(0, kT0, 10'000, 1) })), std::size_t(0));
        QCOMPARE(store.stats().rejectedFor(StoreRejection::SpecMismatch), std::uint64_t(1));

        std::vector<WindowResult> results;
        results.push_back(gauge(1, kT0, 1000, 1)); // series 1 is a counter
        for (int k = 0; k < 10; ++k)
            results.push_back(gauge(0, kT0 + k * 1000, 1000, k));
        results.push_back(gauge(0, kT0 + 10'500, 1000, 99)); // not on the second grid
        results.push_back(gauge(7, kT0, 1000, 1)); // never added
        QCOMPARE(store.setProvisional(0, batchOf(1000, results)), std::size_t(1));
        QCOMPARE(store.stats().rejectedFor(StoreRejection::TypeMismatch), std::uint64_t(1));
        QCOMPARE(store.stats().rejectedFor(StoreRejection::Misaligned), std::uint64_t(1));
        QCOMPARE(store.stats().rejectedFor(StoreRejection::UnknownSeries), std::uint64_t(1));
        const RangeResult r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 20'000, 1000, kT0 + 20'000));
        QCOMPARE(int(r.points.size()), int(kMaxProvisionalPoints));
        QCOMPARE(windowsOf(r, kT0), (QList<int> { 2, 3, 4, 5, 6, 7, 8, 9 }));
    }

    void readersNeverSeeATornLiveEdge()
    {
        StoreConfig c;
        c.resolutions = { { 1000, 60'000 } };
        RollingStore store(c, m_clock);
        store.addSeries(makeSeries(0, MetricType::Gauge));
        constexpr int kUpdates = 100'000;
        std::atomic<bool> isDone { false };
        std::atomic<int> inconsistencies { 0 };
        std::atomic<long> edgesChecked { 0 };

        // Update k writes panes 0, 1 and 2 with value 4k + pane: a torn copy mixes updates or panes.
        std::thread reader([&] {
            int round = 0;
            while (!isDone.load(std::memory_order_acquire) || round < 50) {
                ++round;
                const RangeResult r = store.read(liveQuery(0, Field::Last, kT0, kT0 + 10'000, 100, kT0 + 10'000));
                if (!r.isOk() || (r.points.size() != 3 && !r.points.empty()) || r.provisionalCount != r.points.size())
                    inconsistencies.fetch_add(1);
                long k = -1;
                for (std::size_t p = 0; p < r.points.size(); ++p) {
                    const auto value = static_cast<long>(r.points[p].value);
                    if (r.points[p].timeMs != kT0 + TimestampMs(p) * 1000 || (value - long(p)) % 4 != 0
                        || (k >= 0 && (value - long(p)) / 4 != k))
                        inconsistencies.fetch_add(1);
                    k = (value - long(p)) / 4;
                }
                if (!r.points.empty())
                    edgesChecked.fetch_add(1, std::memory_order_relaxed);
            }
        });
        std::thread writer([&] {
            std::vector<WindowResult> results;
            for (int k = 0; k < kUpdates; ++k) {
                results.clear();
                for (int p = 0; p < 3; ++p)
                    results.push_back(gauge(0, kT0 + p * 1000, 1000, 4.0 * k + p));
                store.setProvisional(0, batchOf(1000, results));
            }
            isDone.store(true, std::memory_order_release);
        });
        writer.join();
        reader.join();
        QCOMPARE(inconsistencies.load(), 0);
        QVERIFY(edgesChecked.load() > 0);
        QCOMPARE(store.stats().provisionalUpdates, std::uint64_t(kUpdates));
    }
};

QTEST_GUILESS_MAIN(TestRollingStore)
#include "tst_rollingstore.moc"
