#include "storage/historycache.h"

#include <QTest>

#include <thread>
#include <vector>

using namespace pulse;

namespace {

HistoryQuery makeQuery(TimestampMs fromMs, Field field = Field::Value)
{
    HistoryQuery q;
    q.selector = *SeriesSelector::parse("cpu{host=a}").selector;
    q.field = field;
    q.fromMs = fromMs;
    q.toMs = fromMs + 3'600'000;
    return q;
}

std::shared_ptr<const HistoryResult> makeResult(HistoryResolution resolution, std::size_t points = 10)
{
    auto r = std::make_shared<HistoryResult>();
    r->resolution = resolution;
    r->bucketMs = historyStepMs(resolution);
    HistorySeries s;
    s.info = std::make_shared<SeriesInfo>(SeriesInfo { 0, MetricType::Gauge, "cpu", { { "host", "a" } }, false });
    for (std::size_t i = 0; i < points; ++i)
        s.points.push_back({ static_cast<TimestampMs>(i) * 1000, static_cast<double>(i) });
    r->series.push_back(std::move(s));
    return r;
}

std::size_t entryBytes(const HistoryQuery& q, const HistoryResult& r)
{
    HistoryCache probe(1u << 30);
    probe.insert(q, std::make_shared<HistoryResult>(r));
    return probe.stats().bytes;
}

} // namespace

class TestHistoryCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void entryLivesForTheTtlOfItsResolution_data()
    {
        QTest::addColumn<HistoryResolution>("resolution");
        QTest::addColumn<qint64>("ttlMs");
        QTest::addRow("raw data: 2 s") << HistoryResolution::Raw << qint64(2'000);
        QTest::addRow("10 s data: 5 s") << HistoryResolution::TenSeconds << qint64(5'000);
        QTest::addRow("1 min data: 10 s") << HistoryResolution::OneMinute << qint64(10'000);
        QTest::addRow("1 h data: 60 s") << HistoryResolution::OneHour << qint64(60'000);
    }
    void entryLivesForTheTtlOfItsResolution()
    {
        QFETCH(HistoryResolution, resolution);
        QFETCH(qint64, ttlMs);
        QCOMPARE(HistoryCache::ttlMs(resolution), ttlMs);
        ManualClock clock;
        HistoryCache cache(1u << 20, clock);
        const HistoryQuery q = makeQuery(1000);
        const auto result = makeResult(resolution);
        cache.insert(q, result);

        clock.advanceMs(ttlMs - 1);
        QCOMPARE(cache.find(q), result);
        clock.advanceMs(1);
        QCOMPARE(cache.find(q), nullptr);
        const HistoryCacheStats s = cache.stats();
        QCOMPARE(s.hits, 1u);
        QCOMPARE(s.misses, 1u);
        QCOMPARE(s.expired, 1u);
        QCOMPARE(s.entries, 0u);
        QCOMPARE(s.bytes, 0u);
    }

    void differentQueriesDoNotShareAnEntry_data()
    {
        QTest::addColumn<int>("change");
        QTest::addRow("other field") << 0;
        QTest::addRow("other start") << 1;
        QTest::addRow("other resolution") << 2;
        QTest::addRow("other width") << 3;
        QTest::addRow("other selector") << 4;
    }
    void differentQueriesDoNotShareAnEntry()
    {
        QFETCH(int, change);
        ManualClock clock;
        HistoryCache cache(1u << 20, clock);
        const HistoryQuery q = makeQuery(1000);
        cache.insert(q, makeResult(HistoryResolution::OneHour));
        HistoryQuery other = q;
        switch (change) {
        case 0:
            other.field = Field::Max;
            break;
        case 1:
            other.fromMs += 1;
            break;
        case 2:
            other.resolution = HistoryResolution::OneMinute;
            break;
        case 3:
            other.maxPoints += 1;
            break;
        default:
            other.selector = *SeriesSelector::parse("cpu{host=b}").selector;
        }
        QCOMPARE(cache.find(other), nullptr);
        QVERIFY(cache.find(q) != nullptr);
    }

    void leastRecentlyUsedEntryIsEvictedFirst()
    {
        ManualClock clock;
        const HistoryQuery a = makeQuery(1000), b = makeQuery(2000), c = makeQuery(3000);
        const auto result = makeResult(HistoryResolution::OneHour, 100);
        const std::size_t one = entryBytes(a, *result);
        HistoryCache cache(2 * one + one / 2, clock); // room for two entries
        cache.insert(a, result);
        cache.insert(b, result);
        QVERIFY(cache.find(a) != nullptr); // a is now the most recently used
        cache.insert(c, result);

        QVERIFY(cache.find(a) != nullptr);
        QCOMPARE(cache.find(b), nullptr);
        QVERIFY(cache.find(c) != nullptr);
        QCOMPARE(cache.stats().evicted, 1u);
        QCOMPARE(cache.stats().entries, 2u);
        QVERIFY(cache.stats().bytes <= cache.maxBytes());
    }

    void resultLargerThanTheCapIsNotCached()
    {
        ManualClock clock;
        HistoryCache cache(4096, clock);
        const HistoryQuery q = makeQuery(1000);
        cache.insert(q, makeResult(HistoryResolution::OneHour, 10'000));
        QCOMPARE(cache.find(q), nullptr);
        QCOMPARE(cache.stats().rejectedTooLarge, 1u);
        QCOMPARE(cache.stats().bytes, 0u);
    }

    void failedResultIsNotCached()
    {
        ManualClock clock;
        HistoryCache cache(1u << 20, clock);
        auto failed = std::make_shared<HistoryResult>();
        failed->error = "connection refused";
        const HistoryQuery q = makeQuery(1000);
        cache.insert(q, failed);
        QCOMPARE(cache.find(q), nullptr);
        QCOMPARE(cache.stats().entries, 0u);
    }

    void reinsertingReplacesTheEntryAndRestartsItsTtl()
    {
        ManualClock clock;
        HistoryCache cache(1u << 20, clock);
        const HistoryQuery q = makeQuery(1000);
        cache.insert(q, makeResult(HistoryResolution::Raw));
        const std::size_t bytes = cache.stats().bytes;
        clock.advanceMs(1500);
        const auto fresh = makeResult(HistoryResolution::Raw);
        cache.insert(q, fresh);
        clock.advanceMs(1500);
        QCOMPARE(cache.find(q), fresh);
        QCOMPARE(cache.stats().entries, 1u);
        QCOMPARE(cache.stats().bytes, bytes);
    }

    void concurrentReadersAndWritersStayWithinTheCap()
    {
        ManualClock clock;
        const auto result = makeResult(HistoryResolution::OneMinute, 50);
        const std::size_t one = entryBytes(makeQuery(0), *result);
        HistoryCache cache(8 * one, clock);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&cache, &result, &clock, t] {
                for (int i = 0; i < 500; ++i) {
                    const HistoryQuery q = makeQuery((i % 32) * 1000 + t);
                    if (!cache.find(q))
                        cache.insert(q, result);
                    if (i % 100 == 0)
                        clock.advanceMs(1);
                }
            });
        }
        for (auto& th : threads)
            th.join();
        const HistoryCacheStats s = cache.stats();
        QVERIFY(s.bytes <= cache.maxBytes());
        QVERIFY(s.entries <= 8u);
        QCOMPARE(s.hits + s.misses, 2000u);
        QVERIFY(s.evicted > 0);
    }
};

QTEST_GUILESS_MAIN(TestHistoryCache)
#include "tst_historycache.moc"
