#include "sketch/tdigest.h"
#include "storage/historycache.h"
#include "storage/pgconnection.h"
#include "storage/pghistory.h"
#include "storage/pgmigrations.h"
#include "storage/pgschema.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <pqxx/pqxx>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unistd.h>

using namespace pulse;

namespace {

// Hour-aligned fixture origin; every fixture row lies in [kT0, kT0 + 48 h).
constexpr TimestampMs kT0 = 1'699'999'200'000;
constexpr TimestampMs kHour = 3'600'000;
constexpr int kGapFirst = 100; // 10 s buckets [100, 110) of the timer are missing
constexpr int kGapEnd = 110;

SeriesSelector sel(const char* text)
{
    auto parsed = SeriesSelector::parse(text);
    return parsed.isOk() ? *parsed.selector : SeriesSelector();
}

// Hour h holds values uniform in [0, 10·(h+1)): hours differ a lot, so averaged percentiles are far off.
std::vector<double> hourValues(int h)
{
    std::vector<double> v;
    for (int i = 0; i < 400; ++i)
        v.push_back(10.0 * (h + 1) * (i + 0.5) / 400.0);
    return v;
}

double exactQuantile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1];
}

double tenSecondValue(int i)
{
    return 100.0 + i % 50;
}

} // namespace

class TestPgHistory : public QObject {
    Q_OBJECT
private:
    std::string m_adminUrl;
    std::string m_url;
    std::string m_database;

    bool hasServer() const { return !m_url.empty(); }
#define REQUIRE_SERVER()                                                                                               \
    if (!hasServer())                                                                                                  \
    QSKIP("PULSE_TEST_PG_URL is unset: run under scripts/test (or source scripts/pg-test-env; pg_test_start)")

    void insertRow(pqxx::work& tx, StorageTable table, const SeriesInfo& info, TimestampMs t, double count, double sum,
        double min, double max, double value, const TDigest* digest)
    {
        const SeriesTextPtr text = makeSeriesText(info);
        const std::string tcol(pgschema::timeColumn(table));
        const std::string head = "INSERT INTO " + std::string(storageTableName(table)) + " (" + tcol
            + ", series_key, source_id, metric_name, tags, type, count, sum, min, max";
        const std::string time = "timestamptz 'epoch' + $1::int8 * interval '1 millisecond'";
        if (table == StorageTable::Raw) {
            tx.exec_params(head + ", value) VALUES (" + time + ", $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11)",
                std::to_string(t), text->key, text->sourceId, text->metricName, text->tagsJson,
                std::string(metricTypeName(info.type)), count, sum, min, max, value);
        } else {
            const std::string bytes = digest ? digest->serialized() : std::string();
            const pqxx::binarystring blob(bytes.data(), bytes.size());
            const double p50 = digest ? digest->quantile(0.5) : 0, p95 = digest ? digest->quantile(0.95) : 0,
                         p99 = digest ? digest->quantile(0.99) : 0;
            tx.exec_params(head + ", p50, p95, p99, digest) VALUES (" + time
                    + ", $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                std::to_string(t), text->key, text->sourceId, text->metricName, text->tagsJson,
                std::string(metricTypeName(info.type)), count, sum, min, max, p50, p95, p99, blob);
        }
    }

    void writeFixture(pqxx::connection& c)
    {
        pqxx::work tx(c);
        for (int t = 0; t < kStorageTableCount; ++t) {
            const auto table = static_cast<StorageTable>(t);
            std::vector<std::int64_t> days;
            for (TimestampMs ms = kT0 - 86'400'000; ms < kT0 + 49 * kHour; ms += 86'400'000)
                days.push_back(pgschema::partitionStartDay(table, ms));
            days.erase(std::unique(days.begin(), days.end()), days.end());
            pgschema::ensurePartitions(tx, table, days);
        }
        const SeriesInfo timer { 0, MetricType::Timer, "http.latency", { { "host", "web-1" }, { "service", "api" } } };
        const SeriesInfo gauge { 0, MetricType::Gauge, "cpu", { { "host", "web-1" } } };
        const SeriesInfo counter { 0, MetricType::Counter, "requests", { { "host", "web-2" } } };
        const SeriesInfo weird { 0, MetricType::Gauge, "weird%_name", { { "host", "x" } } };
        const SeriesInfo weird2 { 0, MetricType::Gauge, "weirdXYname", { { "host", "x" } } };
        // Timer: raw 15 min, 10 s for 6 h (with a gap), 1 min for 6 h, 1 h for 48 h with digests.
        for (int i = 0; i < 900; ++i)
            insertRow(tx, StorageTable::Raw, timer, kT0 + i * 1000, 2, 2.0 * i, i, i, i, nullptr);
        for (int i = 0; i < 2160; ++i) {
            if (i >= kGapFirst && i < kGapEnd)
                continue;
            TDigest d;
            d.add(tenSecondValue(i));
            insertRow(tx, StorageTable::Rollup10s, timer, kT0 + i * 10'000, 1, tenSecondValue(i), tenSecondValue(i),
                tenSecondValue(i), 0, &d);
        }
        for (int i = 0; i < 360; ++i) {
            TDigest d;
            d.add(i);
            insertRow(tx, StorageTable::Rollup1m, timer, kT0 + i * 60'000, 1, i, i, i, 0, &d);
        }
        for (int h = 0; h < 48; ++h) {
            TDigest d;
            double sum = 0;
            for (double v : hourValues(h)) {
                d.add(v);
                sum += v;
            }
            insertRow(tx, StorageTable::Rollup1h, timer, kT0 + h * kHour, 400, sum, d.min(), d.max(), 0, &d);
        }
        for (int i = 0; i < 600; ++i) {
            insertRow(tx, StorageTable::Raw, gauge, kT0 + i * 1000, 1, i * 0.5, i * 0.5, i * 0.5, i * 0.5, nullptr);
            insertRow(tx, StorageTable::Raw, counter, kT0 + i * 1000, 5, 5, NAN, NAN, 5, nullptr);
        }
        for (int i = 0; i < 60; ++i)
            insertRow(tx, StorageTable::Rollup10s, gauge, kT0 + i * 10'000, 10, 10.0 * i, i, i + 1, 0, nullptr);
        insertRow(tx, StorageTable::Raw, weird, kT0, 1, 1, 1, 1, 1, nullptr);
        insertRow(tx, StorageTable::Raw, weird2, kT0, 1, 1, 1, 1, 1, nullptr);
        tx.commit();
    }

    std::int64_t rowCount(const char* table)
    {
        pqxx::connection c(m_url);
        pqxx::read_transaction tx(c);
        return tx.exec1(std::string("SELECT count(*) FROM ") + table)[0].as<std::int64_t>();
    }

    HistoryQuery query(const char* selector, Field field, TimestampMs from, TimestampMs to, HistoryResolution r,
        std::int64_t bucketMs = 0)
    {
        HistoryQuery q;
        q.selector = sel(selector);
        q.field = field;
        q.fromMs = from;
        q.toMs = to;
        q.resolution = r;
        q.bucketMs = bucketMs;
        return q;
    }

    /** Removes the raw rows a test added for its own metric. */
    void deleteRawRowsOf(const std::string& metricName)
    {
        pqxx::connection c(m_url);
        pqxx::work tx(c);
        tx.exec_params0("DELETE FROM metrics WHERE metric_name = $1", metricName);
        tx.commit();
    }

    /** Sessions of other clients on the test database (not autovacuum's), newest last. */
    std::vector<int> sessionPids()
    {
        pqxx::connection c(m_url);
        pqxx::read_transaction tx(c);
        std::vector<int> pids;
        for (const auto& row : tx.exec("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
                                       "backend_type = 'client backend' AND pid <> pg_backend_pid() ORDER BY "
                                       "backend_start, pid"))
            pids.push_back(row[0].as<int>());
        return pids;
    }

    /** The first difference between two results' series and points; empty when they are the same. */
    static std::string difference(const HistoryResult& a, const HistoryResult& b)
    {
        if (!a.isOk() || !b.isOk())
            return "error: " + a.error + " / " + b.error;
        if (a.series.size() != b.series.size())
            return "series " + std::to_string(a.series.size()) + " / " + std::to_string(b.series.size());
        for (std::size_t s = 0; s < a.series.size(); ++s) {
            const auto& pa = a.series[s].points;
            const auto& pb = b.series[s].points;
            if (a.series[s].info->displayName() != b.series[s].info->displayName() || pa.size() != pb.size())
                return "series " + std::to_string(s) + ": " + a.series[s].info->displayName() + " "
                    + std::to_string(pa.size()) + " points / " + b.series[s].info->displayName() + " "
                    + std::to_string(pb.size());
            for (std::size_t i = 0; i < pa.size(); ++i)
                if (pa[i].timeMs != pb[i].timeMs || pa[i].value != pb[i].value)
                    return "point " + std::to_string(i) + " of series " + std::to_string(s);
        }
        return {};
    }
#define COMPARE_SERIES(a, b)                                                                                           \
    do {                                                                                                               \
        const std::string d = difference(a, b);                                                                        \
        QVERIFY2(d.empty(), d.c_str());                                                                                \
    } while (false)

private Q_SLOTS:
    void initTestCase()
    {
        const QByteArray url = qgetenv("PULSE_TEST_PG_URL");
        if (url.isEmpty())
            return;
        m_adminUrl = url.toStdString();
        m_database = "pulse_tst_pghistory_" + std::to_string(::getpid());
        {
            pqxx::connection admin(m_adminUrl);
            pqxx::nontransaction tx(admin);
            tx.exec0("DROP DATABASE IF EXISTS " + m_database);
            tx.exec0("CREATE DATABASE " + m_database);
        }
        m_url = pgUrlWithDatabase(m_adminUrl, m_database);
        pqxx::connection c(m_url);
        SchemaOptions options;
        options.isTimescaleAllowed = false;
        const MigrationResult migrated = PgMigrations::migrate(c, options);
        QVERIFY2(migrated.isOk, migrated.error.c_str());
        writeFixture(c);
    }

    void cleanupTestCase()
    {
        if (!hasServer())
            return;
        pqxx::connection admin(m_adminUrl);
        pqxx::nontransaction tx(admin);
        tx.exec0("DROP DATABASE IF EXISTS " + m_database + " WITH (FORCE)");
    }

    void resolutionNamesRoundTrip()
    {
        for (int i = 0; i <= static_cast<int>(HistoryResolution::Auto); ++i) {
            const auto r = static_cast<HistoryResolution>(i);
            QCOMPARE(parseHistoryResolution(historyResolutionName(r)), std::optional(r));
        }
        QCOMPARE(parseHistoryResolution("5m"), std::nullopt);
    }

    void bucketCountCountsAlignedStartsInsideTheRange_data()
    {
        QTest::addColumn<qint64>("fromMs");
        QTest::addColumn<qint64>("toMs");
        QTest::addColumn<qint64>("stepMs");
        QTest::addColumn<qint64>("expected");
        QTest::addRow("one aligned minute of seconds")
            << qint64(kT0) << qint64(kT0 + 59'999) << qint64(1000) << qint64(60);
        QTest::addRow("both ends inclusive") << qint64(kT0) << qint64(kT0 + 60'000) << qint64(1000) << qint64(61);
        QTest::addRow("unaligned start skips the partial bucket")
            << qint64(kT0 + 500) << qint64(kT0 + 1500) << qint64(1000) << qint64(1);
        QTest::addRow("no start inside") << qint64(kT0 + 1) << qint64(kT0 + 999) << qint64(1000) << qint64(0);
        QTest::addRow("reversed range") << qint64(kT0) << qint64(kT0 - 1) << qint64(1000) << qint64(0);
    }
    void bucketCountCountsAlignedStartsInsideTheRange()
    {
        QFETCH(qint64, fromMs);
        QFETCH(qint64, toMs);
        QFETCH(qint64, stepMs);
        QFETCH(qint64, expected);
        QCOMPARE(bucketCount(fromMs, toMs, stepMs), expected);
    }

    void autoPicksFinestResolutionWithAtMostOnePointPerPixel_data()
    {
        QTest::addColumn<qint64>("rangeMs");
        QTest::addColumn<int>("widthPx");
        QTest::addColumn<int>("finest");
        QTest::addColumn<int>("resolution");
        QTest::addColumn<qint64>("bucketMs");
        const int raw = 0, s10 = 1, m1 = 2, h1 = 3;
        QTest::addRow("15 min on 1000 px: raw") << qint64(15 * 60'000) << 1000 << raw << raw << qint64(1000);
        QTest::addRow("15 min on 800 px: 10 s") << qint64(15 * 60'000) << 800 << raw << s10 << qint64(10'000);
        QTest::addRow("6 h on 2160 px: 10 s, exactly full")
            << qint64(6 * kHour) << 2160 << raw << s10 << qint64(10'000);
        QTest::addRow("6 h on 2159 px: 1 min") << qint64(6 * kHour) << 2159 << raw << m1 << qint64(60'000);
        QTest::addRow("6 h on 300 px: 1 h") << qint64(6 * kHour) << 300 << raw << h1 << qint64(kHour);
        QTest::addRow("7 days on 1000 px: 1 h") << qint64(168 * kHour) << 1000 << raw << h1 << qint64(kHour);
        QTest::addRow("30 days on 100 px: 8 h merged") << qint64(720 * kHour) << 100 << raw << h1 << qint64(8 * kHour);
        QTest::addRow("width 0 counts as 1") << qint64(3 * kHour) << 0 << raw << h1 << qint64(3 * kHour);
        QTest::addRow("percentiles start at 10 s") << qint64(5 * 60'000) << 1000 << s10 << s10 << qint64(10'000);
    }
    void autoPicksFinestResolutionWithAtMostOnePointPerPixel()
    {
        QFETCH(qint64, rangeMs);
        QFETCH(int, widthPx);
        QFETCH(int, finest);
        QFETCH(int, resolution);
        QFETCH(qint64, bucketMs);
        const ResolutionChoice c = chooseResolution(
            kT0, kT0 + rangeMs - 1, static_cast<std::size_t>(widthPx), static_cast<HistoryResolution>(finest));
        QCOMPARE(static_cast<int>(c.resolution), resolution);
        QCOMPARE(c.bucketMs, bucketMs);
        QVERIFY(bucketCount(kT0, kT0 + rangeMs - 1, c.bucketMs) <= std::max(1, widthPx));
    }

    void readsEveryResolution_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<int>("resolution");
        QTest::addColumn<QString>("field");
        QTest::addColumn<qint64>("toMs");
        QTest::addColumn<int>("points");
        QTest::addColumn<qint64>("secondTimeMs");
        QTest::addColumn<double>("secondValue");
        QTest::addRow("raw timer mean") << u"http.latency"_qs << 0 << u"mean"_qs << qint64(kT0 + 15 * 60'000 - 1) << 900
                                        << qint64(kT0 + 1000) << 1.0;
        QTest::addRow("raw gauge value is last")
            << u"cpu"_qs << 0 << u"value"_qs << qint64(kT0 + 10 * 60'000 - 1) << 600 << qint64(kT0 + 1000) << 0.5;
        QTest::addRow("raw counter rate per second")
            << u"requests"_qs << 0 << u"rate"_qs << qint64(kT0 + 10 * 60'000 - 1) << 600 << qint64(kT0 + 1000) << 5.0;
        QTest::addRow("10 s p99 from the stored column")
            << u"http.latency"_qs << 1 << u"p99"_qs << qint64(kT0 + 6 * kHour - 1) << 2150 << qint64(kT0 + 10'000)
            << 101.0;
        QTest::addRow("10 s gauge max") << u"cpu"_qs << 1 << u"max"_qs << qint64(kT0 + 10 * 60'000 - 1) << 60
                                        << qint64(kT0 + 10'000) << 2.0;
        // Each field reads only its own columns: every one of them, at least once.
        const qint64 sixHours = kT0 + 6 * kHour - 1;
        const qint64 tenMinutes = kT0 + 10 * 60'000 - 1;
        QTest::addRow("10 s timer min") << u"http.latency"_qs << 1 << u"min"_qs << sixHours << 2150
                                        << qint64(kT0 + 10'000) << 101.0;
        QTest::addRow("10 s timer sum") << u"http.latency"_qs << 1 << u"sum"_qs << sixHours << 2150
                                        << qint64(kT0 + 10'000) << 101.0;
        QTest::addRow("10 s p50 from the stored column")
            << u"http.latency"_qs << 1 << u"p50"_qs << sixHours << 2150 << qint64(kT0 + 10'000) << 101.0;
        QTest::addRow("10 s p95 from the stored column")
            << u"http.latency"_qs << 1 << u"p95"_qs << sixHours << 2150 << qint64(kT0 + 10'000) << 101.0;
        QTest::addRow("10 s p90 from the digests")
            << u"http.latency"_qs << 1 << u"p90"_qs << sixHours << 2150 << qint64(kT0 + 10'000) << 101.0;
        QTest::addRow("10 s gauge mean") << u"cpu"_qs << 1 << u"mean"_qs << tenMinutes << 60 << qint64(kT0 + 10'000)
                                         << 1.0;
        QTest::addRow("10 s gauge value is its mean")
            << u"cpu"_qs << 1 << u"value"_qs << tenMinutes << 60 << qint64(kT0 + 10'000) << 1.0;
        QTest::addRow("raw gauge last") << u"cpu"_qs << 0 << u"last"_qs << tenMinutes << 600 << qint64(kT0 + 1000)
                                        << 0.5;
        QTest::addRow("raw counter count")
            << u"requests"_qs << 0 << u"count"_qs << tenMinutes << 600 << qint64(kT0 + 1000) << 5.0;
        QTest::addRow("raw counter value is its rate")
            << u"requests"_qs << 0 << u"value"_qs << tenMinutes << 600 << qint64(kT0 + 1000) << 5.0;
        QTest::addRow("1 min sum") << u"http.latency"_qs << 2 << u"sum"_qs << sixHours << 360 << qint64(kT0 + 60'000)
                                   << 1.0;
        QTest::addRow("1 min count") << u"http.latency"_qs << 2 << u"count"_qs << qint64(kT0 + 6 * kHour - 1) << 360
                                     << qint64(kT0 + 60'000) << 1.0;
        QTest::addRow("1 h mean") << u"http.latency"_qs << 3 << u"mean"_qs << qint64(kT0 + 48 * kHour - 1) << 48
                                  << qint64(kT0 + kHour) << 10.0;
        QTest::addRow("1 h p90 from the digest") << u"http.latency"_qs << 3 << u"p90"_qs << qint64(kT0 + 48 * kHour - 1)
                                                 << 48 << qint64(kT0 + kHour) << 18.0;
    }
    void readsEveryResolution()
    {
        REQUIRE_SERVER();
        QFETCH(QString, selector);
        QFETCH(int, resolution);
        QFETCH(QString, field);
        QFETCH(qint64, toMs);
        QFETCH(int, points);
        QFETCH(qint64, secondTimeMs);
        QFETCH(double, secondValue);
        PgHistory history(m_url);
        const auto r = history.query(query(selector.toUtf8().constData(), *parseField(field.toStdString()), kT0, toMs,
            static_cast<HistoryResolution>(resolution)));
        QVERIFY2(r->isOk(), r->error.c_str());
        QCOMPARE(r->series.size(), 1u);
        const auto& p = r->series[0].points;
        QCOMPARE(int(p.size()), points);
        QCOMPARE(p[1].timeMs, secondTimeMs);
        QVERIFY2(std::abs(p[1].value - secondValue) <= 0.02 * std::abs(secondValue),
            qPrintable(QString::number(p[1].value)));
        QVERIFY(std::is_sorted(
            p.begin(), p.end(), [](const StorePoint& a, const StorePoint& b) { return a.timeMs < b.timeMs; }));
    }

    void gapsStayGapsNeverZeros()
    {
        REQUIRE_SERVER();
        PgHistory history(m_url);
        const auto r = history.query(query(
            "http.latency", Field::Mean, kT0 + 90 * 10'000, kT0 + 120 * 10'000 - 1, HistoryResolution::TenSeconds));
        QVERIFY2(r->isOk(), r->error.c_str());
        const auto& p = r->series.at(0).points;
        QCOMPARE(p.size(), 20u);
        QCOMPARE(p[9].timeMs, kT0 + (kGapFirst - 1) * 10'000);
        QCOMPARE(p[10].timeMs, kT0 + kGapEnd * 10'000);
        for (const StorePoint& point : p)
            QVERIFY(point.value >= 100.0);
    }

    void coarseBucketsMergeDigestsInsteadOfAveragingPercentiles_data()
    {
        QTest::addColumn<double>("q");
        QTest::addColumn<QString>("field");
        QTest::addRow("p50") << 0.5 << u"p50"_qs;
        QTest::addRow("p95") << 0.95 << u"p95"_qs;
        QTest::addRow("p99") << 0.99 << u"p99"_qs;
    }
    void coarseBucketsMergeDigestsInsteadOfAveragingPercentiles()
    {
        REQUIRE_SERVER();
        QFETCH(double, q);
        QFETCH(QString, field);
        PgHistory history(m_url);
        const auto r = history.query(query("http.latency", *parseField(field.toStdString()), kT0, kT0 + 48 * kHour - 1,
            HistoryResolution::OneHour, 12 * kHour));
        QVERIFY2(r->isOk(), r->error.c_str());
        QCOMPARE(r->bucketMs, 12 * kHour);
        const auto& p = r->series.at(0).points;
        // kT0 is not on the 12 h grid: the first bucket starts inside the data, the last holds its tail.
        QCOMPARE(std::int64_t(p.size()), bucketCount(kT0, kT0 + 48 * kHour - 1, 12 * kHour));
        for (const StorePoint& point : p) {
            const int first = int((point.timeMs - kT0) / kHour);
            const int end = std::min(first + 12, 48);
            std::vector<double> all;
            double averaged = 0;
            for (int h = first; h < end; ++h) {
                const auto v = hourValues(h);
                all.insert(all.end(), v.begin(), v.end());
                averaged += exactQuantile(v, q) / (end - first);
            }
            const double exact = exactQuantile(all, q);
            // t-digest error: the estimate's rank is within 1 % of q (far tighter at the tails).
            const double rank
                = double(std::count_if(all.begin(), all.end(), [&](double v) { return v <= point.value; }))
                / all.size();
            QVERIFY2(std::abs(rank - q) <= 0.01,
                qPrintable(u"hours %1-%2: %3 vs exact %4"_qs.arg(first).arg(end).arg(point.value).arg(exact)));
            QVERIFY2(std::abs(point.value - exact) < std::abs(averaged - exact) / 2,
                "closer to the average of percentiles than to the exact quantile");
        }
    }

    void unavailableFieldsFailWithAReason_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<int>("resolution");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason");
        QTest::addRow("percentile at raw") << u"http.latency"_qs << 0 << u"p99"_qs << u"not stored at raw"_qs;
        QTest::addRow("last from a rollup") << u"cpu"_qs << 1 << u"last"_qs << u"not stored in rollups"_qs;
        QTest::addRow("percentile of a gauge") << u"cpu"_qs << 1 << u"p95"_qs << u"does not apply to gauge"_qs;
    }
    void unavailableFieldsFailWithAReason()
    {
        REQUIRE_SERVER();
        QFETCH(QString, selector);
        QFETCH(int, resolution);
        QFETCH(QString, field);
        QFETCH(QString, reason);
        PgHistory history(m_url);
        const auto r = history.query(query(selector.toUtf8().constData(), *parseField(field.toStdString()), kT0,
            kT0 + kHour, static_cast<HistoryResolution>(resolution)));
        QVERIFY(!r->isOk());
        QVERIFY2(QString::fromStdString(r->error).contains(reason), r->error.c_str());
        QCOMPARE(history.stats().failed, 1u);
    }

    void badQueriesAreRejectedBeforeTheDatabase_data()
    {
        QTest::addColumn<qint64>("toMs");
        QTest::addColumn<qint64>("bucketMs");
        QTest::addColumn<int>("resolution");
        QTest::addRow("reversed range") << qint64(kT0 - 1) << qint64(0) << 1;
        QTest::addRow("bucket not a multiple of the step") << qint64(kT0 + kHour) << qint64(15'000) << 1;
        QTest::addRow("a year of raw rows") << qint64(kT0 + 365 * 24 * kHour) << qint64(0) << 0;
    }
    void badQueriesAreRejectedBeforeTheDatabase()
    {
        QFETCH(qint64, toMs);
        QFETCH(qint64, bucketMs);
        QFETCH(int, resolution);
        PgHistory history("postgresql://nobody@127.0.0.1:1/none"); // never contacted
        const auto r
            = history.query(query("cpu", Field::Mean, kT0, toMs, static_cast<HistoryResolution>(resolution), bucketMs));
        QVERIFY(!r->isOk());
        QCOMPARE(history.stats().rejectedQueries, 1u);
    }

    void selectorsFilterByNameGlobAndTags_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QStringList>("names");
        QTest::addRow("literal name") << u"cpu"_qs << QStringList { u"cpu"_qs };
        QTest::addRow("prefix glob") << u"http.*"_qs << QStringList { u"http.latency"_qs };
        QTest::addRow("tag equals") << u"*{host=web-2}"_qs << QStringList { u"requests"_qs };
        QTest::addRow("tag glob") << u"*{host=web-*}"_qs
                                  << QStringList { u"cpu"_qs, u"http.latency"_qs, u"requests"_qs };
        QTest::addRow("tag not equals") << u"*{host!=web-1}"_qs
                                        << QStringList { u"requests"_qs, u"weird%_name"_qs, u"weirdXYname"_qs };
        QTest::addRow("tag present") << u"{service}"_qs << QStringList { u"http.latency"_qs };
        QTest::addRow("LIKE wildcards in the name are literal") << u"weird%_*"_qs << QStringList { u"weird%_name"_qs };
        QTest::addRow("glob class") << u"weird[XY]*"_qs << QStringList { u"weirdXYname"_qs };
    }
    void selectorsFilterByNameGlobAndTags()
    {
        REQUIRE_SERVER();
        QFETCH(QString, selector);
        QFETCH(QStringList, names);
        PgHistory history(m_url);
        std::string error;
        const auto found = history.findSeries(
            sel(selector.toUtf8().constData()), 100, kT0, kT0 + 59'999, HistoryResolution::Raw, &error);
        QVERIFY2(error.empty(), error.c_str());
        QStringList got;
        for (const auto& info : found)
            got << QString::fromStdString(info->name);
        QCOMPARE(got, names);
    }

    void findsWalkTheSeriesOfANameInTheRange_data()
    {
        QTest::addColumn<int>("resolution");
        QTest::addRow("10 s rollup") << int(HistoryResolution::TenSeconds);
        QTest::addRow("raw rows") << int(HistoryResolution::Raw); // walks the unique key (schema v6)
    }

    void findsWalkTheSeriesOfANameInTheRange()
    {
        REQUIRE_SERVER();
        QFETCH(int, resolution);
        const auto res = static_cast<HistoryResolution>(resolution);
        const StorageTable table = res == HistoryResolution::Raw ? StorageTable::Raw : StorageTable::Rollup10s;
        const std::int64_t step = res == HistoryResolution::Raw ? 1000 : 10'000;
        // Rows of their own, far from the fixture's hours (and removed again), in one table only. An hour at
        // 10 s is long enough for the index walk (kLooseFindRowsPerSeries); raw rows always walk. Rows fill the
        // range's first 10 min; two series have rows only just outside it, in the same partition.
        const TimestampMs from = kT0 + 40 * kHour;
        const TimestampMs to = from + kHour - 1;
        const TimestampMs rowsEnd = from + 10 * 60'000 - 1;
        const std::vector<SeriesInfo> inRange { { 0, MetricType::Gauge, "disk.used", { { "host", "h1" } } },
            { 0, MetricType::Gauge, "disk.used", { { "host", "h2" } } },
            { 0, MetricType::Gauge, "disk.used", { { "host", "h2" }, { "mount", "/" } } },
            { 0, MetricType::Gauge, "disk.used", { { "host", "h3" } } },
            { 0, MetricType::Gauge, "disk.usedX", { { "host", "h1" } } },
            { 0, MetricType::Gauge, "disk.use", { { "host", "h1" } } } };
        const SeriesInfo before { 0, MetricType::Gauge, "disk.used", { { "host", "h0" } } };
        const SeriesInfo after { 0, MetricType::Gauge, "disk.used", { { "host", "h9" } } };
        const std::string name(storageTableName(table));
        const std::string time(pgschema::timeColumn(table));
        {
            pqxx::connection c(m_url);
            pqxx::work tx(c);
            for (const SeriesInfo& info : inRange)
                for (TimestampMs t = from; t <= rowsEnd; t += step)
                    insertRow(tx, table, info, t, 1, 1, 1, 1, 1, nullptr);
            insertRow(tx, table, before, from - step, 1, 1, 1, 1, 1, nullptr);
            insertRow(tx, table, after, to + 1, 1, 1, 1, 1, 1, nullptr);
            tx.commit();
        }
        const auto removeRows = qScopeGuard([&] {
            pqxx::connection c(m_url);
            pqxx::work tx(c);
            tx.exec_params0(
                "DELETE FROM " + name + " WHERE " + time + " >= to_timestamp($1::float8 / 1000)", from - step);
            tx.commit();
        });
        PgHistory history(m_url);
        const auto find = [&](const char* selector, std::size_t maxSeries = 100, bool* isTruncated = nullptr) {
            std::string error;
            const auto found = history.findSeries(sel(selector), maxSeries, from, to, res, &error, isTruncated);
            QStringList out;
            for (const auto& info : found)
                out << QString::fromStdString(info->displayName());
            return error.empty() ? out : QStringList { QString::fromStdString(error) };
        };
        // In series key order: `name{k=v,...}`, so `,` sorts before `}`.
        const QStringList all { u"disk.used{host=h1}"_qs, u"disk.used{host=h2,mount=/}"_qs, u"disk.used{host=h2}"_qs,
            u"disk.used{host=h3}"_qs };
        QCOMPARE(find("disk.used"), all); // not h0 or h9 (just outside the range), not disk.usedX or disk.use
        QCOMPARE(find("disk.used{host=h2}"), all.mid(1, 2));
        QCOMPARE(find("disk.used{mount}"), QStringList { all[1] });
        QCOMPARE(find("disk.used{host=h*}"), all);
        QCOMPARE(find("disk.used{host!=h1}"), all.mid(1));
        bool isTruncated = false;
        QCOMPARE(find("disk.used", 2, &isTruncated), all.mid(0, 2));
        QVERIFY(isTruncated);
        // Patterns: in raw rows a walk over every name's series, the name matched outside it.
        const auto sorted = [](QStringList l) {
            l.sort();
            return l;
        };
        const QStringList others { u"disk.use{host=h1}"_qs, u"disk.usedX{host=h1}"_qs };
        QCOMPARE(sorted(find("disk.use*")), sorted(all + others));
        QCOMPARE(sorted(find("disk.used*{host=h1}")), sorted({ all[0], others[1] }));
        QCOMPARE(sorted(find("*{host=h3}")), QStringList { all[3] });
        QCOMPARE(sorted(find("*.used")), sorted(all));
        const auto r = history.query(query("disk.used{mount=/}", Field::Mean, from, to, res));
        QVERIFY2(r->isOk(), r->error.c_str());
        QCOMPARE(r->series.size(), 1u);
        QCOMPARE(r->series[0].points.size(), std::size_t(10 * 60'000 / step));
        // Several series of a name: every row of each, none of the others'.
        const auto many = history.query(query("disk.used{host=h*}", Field::Max, from, to, res));
        QVERIFY2(many->isOk(), many->error.c_str());
        QCOMPARE(many->series.size(), 4u);
        for (const HistorySeries& series : many->series)
            QCOMPARE(series.points.size(), std::size_t(10 * 60'000 / step));
        // Bounds beyond PostgreSQL's calendar read as open ones.
        std::string error;
        const auto open = history.findSeries(sel("disk.used"), 100, std::numeric_limits<TimestampMs>::min() / 2,
            std::numeric_limits<TimestampMs>::max() / 2, res, &error);
        QVERIFY2(error.empty(), error.c_str());
        QCOMPARE(open.size(), 6u); // h0 and h9 too
    }

    void timesBeforeTheServersEpochAndNullValuesReadExactly()
    {
        REQUIRE_SERVER();
        // Binary results count microseconds from 2000-01-01: rows just before it (and before 1970) decode to the
        // same milliseconds, and a NULL value column stays a gap-free NaN-free read of the others.
        const SeriesInfo info { 0, MetricType::Gauge, "epoch.edge", { { "host", "e" } } };
        const std::vector<TimestampMs> times { 946'684'798'000, 946'684'799'000, 946'684'800'000, -1'000 };
        {
            pqxx::connection c(m_url);
            pqxx::work tx(c);
            std::vector<std::int64_t> days;
            for (const TimestampMs t : times)
                days.push_back(pgschema::partitionStartDay(StorageTable::Raw, t));
            std::sort(days.begin(), days.end());
            days.erase(std::unique(days.begin(), days.end()), days.end());
            pgschema::ensurePartitions(tx, StorageTable::Raw, days);
            for (std::size_t i = 0; i < times.size(); ++i)
                insertRow(tx, StorageTable::Raw, info, times[i], 1, double(i), double(i), double(i), 0.5 + double(i),
                    nullptr);
            tx.exec0("UPDATE metrics SET min = NULL WHERE metric_name = 'epoch.edge' AND time = "
                     "'2000-01-01 00:00:00+00'");
            tx.commit();
        }
        const auto removeRows = qScopeGuard([&] { deleteRawRowsOf("epoch.edge"); });
        PgHistory history(m_url);
        for (const auto& [from, to, index] : { std::tuple { times[0], times[2], 0 }, { times[3], times[3], 3 } }) {
            const auto last = history.query(query("epoch.edge", Field::Last, from, to, HistoryResolution::Raw));
            QVERIFY2(last->isOk(), last->error.c_str());
            QCOMPARE(last->series.size(), 1u);
            const std::vector<StorePoint>& p = last->series[0].points;
            QCOMPARE(p.size(), std::size_t(to - from) / 1000 + 1);
            for (std::size_t i = 0; i < p.size(); ++i) {
                QCOMPARE(p[i].timeMs, from + TimestampMs(i) * 1000);
                QCOMPARE(p[i].value, 0.5 + double(std::size_t(index) + i));
            }
        }
        const auto min = history.query(query("epoch.edge", Field::Min, times[0], times[2], HistoryResolution::Raw));
        QVERIFY2(min->isOk(), min->error.c_str());
        QCOMPARE(min->series.size(), 1u);
        // The NULL min of 2000-01-01 00:00:00 is no point; the two before it are.
        QCOMPARE(min->series[0].points.size(), 2u);
        QCOMPARE(min->series[0].points[1].timeMs, times[1]);
        QCOMPARE(min->series[0].points[1].value, 1.0);
    }

    void longReadsSplitBetweenTwoSessionsReadTheSameRows_data()
    {
        QTest::addColumn<int>("resolution");
        QTest::addColumn<QString>("field");
        QTest::addColumn<qint64>("bucketMs");
        QTest::addColumn<int>("points");
        // The timer's 10 s rollups: 2,160 buckets less the 10 of the gap, which lies in the first half.
        QTest::addRow("p99 at 10 s") << int(HistoryResolution::TenSeconds) << u"p99"_qs << qint64(0) << 2150;
        QTest::addRow("mean at 10 s") << int(HistoryResolution::TenSeconds) << u"mean"_qs << qint64(0) << 2150;
        QTest::addRow("min at 10 s") << int(HistoryResolution::TenSeconds) << u"min"_qs << qint64(0) << 2150;
        QTest::addRow("p90 merged to 5 min")
            << int(HistoryResolution::TenSeconds) << u"p90"_qs << qint64(300'000) << 72;
    }

    void longReadsSplitBetweenTwoSessionsReadTheSameRows()
    {
        REQUIRE_SERVER();
        QFETCH(int, resolution);
        QFETCH(QString, field);
        QFETCH(qint64, bucketMs);
        QFETCH(int, points);
        const auto q = query("http.latency", *parseField(field.toStdString()), kT0, kT0 + 6 * kHour - 1,
            static_cast<HistoryResolution>(resolution), bucketMs);
        // The test database is this process's own: once the sessions of earlier tests' readers have ended, every
        // session counted is one of this test's.
        QTRY_COMPARE(sessionPids().size(), 0u);
        PgHistory split(m_url);
        const auto a = split.query(q);
        QTRY_COMPARE(sessionPids().size(), 2u); // the reader and its helper
        PgHistory single(m_url);
        single.setSplitReads(false);
        const auto b = single.query(q);
        QTRY_COMPARE(sessionPids().size(), 3u); // the single reader has no helper
        COMPARE_SERIES(*a, *b);
        QCOMPARE(a->series.at(0).points.size(), std::size_t(points));
        // Short reads stay on one session: a new reader connects no helper for 15 minutes of 10 s buckets.
        PgHistory shortRead(m_url);
        const auto c = shortRead.query(
            query("http.latency", Field::P99, kT0, kT0 + kHour / 4 - 1, HistoryResolution::TenSeconds));
        QVERIFY2(c->isOk(), c->error.c_str());
        QCOMPARE(c->series.at(0).points.size(), 90u);
        QTRY_COMPARE(sessionPids().size(), 4u);
    }

    void aSplitReadKeepsARowJustBeforeTheMiddle()
    {
        REQUIRE_SERVER();
        // 1,800 raw rows, one each second, and one more half a millisecond before the second that starts the later
        // half: the earlier half ends before that second (not at the millisecond before it), so the row is read once.
        const SeriesInfo info { 0, MetricType::Timer, "split.edge", { { "host", "s" } } };
        const TimestampMs from = kT0 + 20 * kHour;
        const TimestampMs middle = from + 900'000;
        {
            pqxx::connection c(m_url);
            pqxx::work tx(c);
            for (int i = 0; i < 1800; ++i)
                insertRow(tx, StorageTable::Raw, info, from + i * 1000, 1, i, i, i, i, nullptr);
            tx.exec_params("INSERT INTO metrics (time, series_key, source_id, metric_name, tags, type, count, sum, "
                           "min, max, value) SELECT timestamptz 'epoch' + ($1::int8 * 1000 - 500) * interval '1 "
                           "microsecond', series_key, source_id, metric_name, tags, type, 1, -1, -1, -1, -1 FROM "
                           "metrics WHERE metric_name = 'split.edge' LIMIT 1",
                std::to_string(middle));
            tx.commit();
        }
        const auto removeRows = qScopeGuard([&] { deleteRawRowsOf("split.edge"); });
        const auto q = query("split.edge", Field::Count, from, from + 1'800'000 - 1, HistoryResolution::Raw);
        PgHistory split(m_url);
        const auto a = split.query(q);
        PgHistory single(m_url);
        single.setSplitReads(false);
        COMPARE_SERIES(*a, *single.query(q));
        const std::vector<StorePoint>& p = a->series.at(0).points;
        QCOMPARE(p.size(), 1800u);
        QCOMPARE(p[899].timeMs, middle - 1000);
        QCOMPARE(p[899].value, 2.0); // its own row and the one half a millisecond before the middle
        QCOMPARE(p[900].value, 1.0);
    }

    void aLostHelperSessionCostsNoRowsAndComesBack()
    {
        REQUIRE_SERVER();
        const auto q = query("http.latency", Field::P99, kT0, kT0 + 6 * kHour - 1, HistoryResolution::TenSeconds);
        QTRY_COMPARE(sessionPids().size(), 0u); // the sessions of earlier tests' readers have ended
        PgHistory reference(m_url);
        reference.setSplitReads(false);
        const auto expected = reference.query(q);
        QTRY_COMPARE(sessionPids().size(), 1u); // the reference reader's
        PgHistory history(m_url);
        COMPARE_SERIES(*history.query(q), *expected);
        QTRY_COMPARE(sessionPids().size(), 3u);
        const int helperPid = sessionPids().back(); // the reader connects first, its helper on the long read
        {
            pqxx::connection c(m_url);
            pqxx::nontransaction tx(c);
            QCOMPARE(tx.exec_params1("SELECT pg_terminate_backend($1)", helperPid)[0].as<bool>(), true);
        }
        QTRY_COMPARE(sessionPids().size(), 2u);
        // The helper's half is read on the reader's own session; the next long read connects a new helper.
        COMPARE_SERIES(*history.query(q), *expected);
        COMPARE_SERIES(*history.query(q), *expected);
        QTRY_COMPARE(sessionPids().size(), 3u);
        QVERIFY(sessionPids().back() != helperPid);
    }

    void maliciousSelectorTextIsNeverExecuted_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addRow("quote in the name") << uR"(x';DROP\ TABLE\ metrics;--)"_qs;
        QTest::addRow("quote in a tag value") << uR"(cpu{host=a'\ OR\ '1'\='1})"_qs;
        QTest::addRow("json in a tag value") << uR"(cpu{host=a"\,"host":"web-1})"_qs;
        QTest::addRow("quote in a tag key") << uR"(cpu{h'ost})"_qs;
        QTest::addRow("sleep in a glob") << uR"(x'||pg_sleep(5)||'*)"_qs;
    }
    void maliciousSelectorTextIsNeverExecuted()
    {
        REQUIRE_SERVER();
        QFETCH(QString, selector);
        const auto parsed = SeriesSelector::parse(selector.toStdString());
        QVERIFY2(parsed.isOk(), parsed.error.c_str());
        const std::int64_t before = rowCount("metrics");
        PgHistory history(m_url);
        HistoryQuery q = query("*", Field::Mean, kT0, kT0 + 59'999, HistoryResolution::Raw);
        q.selector = *parsed.selector;
        const auto r = history.query(q);
        QVERIFY2(r->isOk(), r->error.c_str());
        QCOMPARE(r->series.size(), 0u);
        QCOMPARE(rowCount("metrics"), before);
    }

    void cacheAnswersRepeatsUntilTheTtlPasses()
    {
        REQUIRE_SERVER();
        ManualClock clock;
        HistoryCache cache(1u << 20, clock);
        PgHistory history(m_url, &cache);
        const HistoryQuery q = query("cpu", Field::Max, kT0, kT0 + 10 * 60'000 - 1, HistoryResolution::TenSeconds);
        const auto first = history.query(q);
        QVERIFY2(first->isOk(), first->error.c_str());
        QCOMPARE(history.query(q), first);
        clock.advanceMs(HistoryCache::ttlMs(HistoryResolution::TenSeconds));
        const auto third = history.query(q);
        QVERIFY(third != first);
        QCOMPARE(third->series.at(0).points, first->series.at(0).points);
        QCOMPARE(cache.stats().hits, 1u);
    }

    void autoQueryReportsTheResolutionItRead()
    {
        REQUIRE_SERVER();
        PgHistory history(m_url);
        HistoryQuery q = query("http.latency", Field::P99, kT0, kT0 + 6 * kHour - 1, HistoryResolution::Auto);
        q.maxPoints = 400;
        const auto r = history.query(q);
        QVERIFY2(r->isOk(), r->error.c_str());
        QCOMPARE(r->resolution, HistoryResolution::OneMinute);
        QCOMPARE(r->series.at(0).points.size(), 360u);
    }

    void backfillFillsTheStoreAtItsResolutions()
    {
        REQUIRE_SERVER();
        ManualClock clock(kT0 + 6 * kHour);
        RollingStore store(StoreConfig {}, clock);
        SeriesRegistry registry;
        const std::size_t knownBefore = registry.size(); // the overflow series
        PgHistory history(m_url);
        const BackfillResult b = backfillStore(history, store, registry, sel("*"), 6, clock.nowMs());
        QVERIFY2(b.isOk(), b.error.c_str());
        // Raw rows lie 6 h back, beyond the 15 min raw span: only the rolled-up timer and gauge come back.
        QCOMPARE(b.seriesAdded, 2u);
        QCOMPARE(b.pointsRejected, 0u);
        QVERIFY(b.pointsAppended > 2000);

        const auto timers = store.findSeries(sel("http.latency"));
        QCOMPARE(timers.size(), 1u);
        RangeQuery rq;
        rq.series = timers[0]->id;
        rq.field = Field::P99;
        rq.fromMs = kT0 + 5 * kHour;
        rq.toMs = kT0 + 6 * kHour - 1;
        rq.maxPoints = 400;
        const RangeResult r = store.read(rq);
        QVERIFY2(r.isOk(), r.error.c_str());
        QCOMPARE(r.stepMs, 10'000);
        QCOMPARE(r.points.size(), 360u);
        QCOMPARE(r.points[0].value, tenSecondValue(1800));
        // The registry now knows the series, so the pipeline will reuse its id.
        QCOMPARE(registry.size() - knownBefore, 2u);
    }

    void aGrownRangeMeetsTheFirstReadWithoutGapOrOverlap()
    {
        REQUIRE_SERVER();
        const StoreConfig config; // 1 s, 10 s and 1 min resolutions
        const TimestampMs toMs = kT0 + 10 * 60'000 + 300;
        const std::vector<SeriesSelector> selectors { sel("cpu"), sel("http.latency"), sel("*") };
        using Key = std::tuple<std::size_t, std::string, TimestampMs>;
        const auto read = [&](TimestampMs fromMs, std::optional<TimestampMs> loadedFromMs, std::multiset<Key>& into) {
            PgHistory history(m_url);
            const BackfillResult r = history.readWindows(
                config, selectors, fromMs, toMs, 100,
                [&](std::size_t resolution, const SeriesInfo& info, WindowBatch& batch) {
                    for (const WindowResult& w : batch.results)
                        into.insert({ resolution, info.name, w.startMs });
                    return true;
                },
                nullptr, loadedFromMs);
            return r.isOk();
        };
        std::multiset<Key> whole;
        QVERIFY(read(kT0 + 60'000 + 500, std::nullopt, whole));
        std::multiset<Key> split;
        QVERIFY(read(kT0 + 5 * 60'000 + 700, std::nullopt, split)); // a short range first (unaligned start)
        const std::size_t first = split.size();
        QVERIFY(read(kT0 + 60'000 + 500, kT0 + 5 * 60'000 + 700, split)); // then the range grew
        QVERIFY(split.size() > first);
        // `*` and `cpu` match the same series: still read once. The two reads together are exactly the one read.
        QCOMPARE(std::set<Key>(whole.begin(), whole.end()).size(), whole.size());
        QCOMPARE(split, whole);
        for (std::size_t r = 0; r < 3; ++r)
            QVERIFY2(std::any_of(whole.begin(), whole.end(), [&](const Key& k) { return std::get<0>(k) == r; }),
                "every resolution has windows in the range");
    }

    void backfillReadsSeriesWhoseKeysNeedQuotingInOneStatement()
    {
        REQUIRE_SERVER();
        // Series keys with the characters of a text[] literal, read together through one = ANY($1) parameter.
        const SeriesInfo a { 0, MetricType::Gauge, "quo\"te\\back,{brace}", { { "host", "x'\" OR 1=1" } } };
        const SeriesInfo b { 0, MetricType::Gauge, "quo\"te\\back,{brace}", { { "host", "NULL" } } };
        const TimestampMs t0 = kT0 + 30 * kHour;
        {
            pqxx::connection c(m_url);
            pqxx::work tx(c);
            for (int i = 0; i < 5; ++i) {
                insertRow(tx, StorageTable::Raw, a, t0 + i * 1000, 1, i, i, i, i, nullptr);
                insertRow(tx, StorageTable::Raw, b, t0 + i * 1000, 1, 10 + i, 10 + i, 10 + i, 10 + i, nullptr);
            }
            tx.commit();
        }
        const std::int64_t before = rowCount("metrics");
        StoreConfig config;
        config.resolutions.resize(1); // 1 s
        PgHistory history(m_url);
        std::map<std::string, std::vector<double>> got;
        const std::vector<SeriesSelector> selectors { sel("quo*") };
        const BackfillResult r = history.readWindows(
            config, selectors, t0, t0 + 5000, 100, [&](std::size_t, const SeriesInfo& info, WindowBatch& batch) {
                for (const WindowResult& w : batch.results)
                    got[info.tags.at(0).second].push_back(w.last);
                return true;
            });
        QVERIFY2(r.isOk(), r.error.c_str());
        QCOMPARE(got.size(), 2u);
        QCOMPARE(got["x'\" OR 1=1"], (std::vector<double> { 0, 1, 2, 3, 4 }));
        QCOMPARE(got["NULL"], (std::vector<double> { 10, 11, 12, 13, 14 }));
        QCOMPARE(rowCount("metrics"), before);
        pqxx::connection c(m_url);
        pqxx::work tx(c);
        tx.exec_params("DELETE FROM metrics WHERE metric_name = $1", a.name);
        tx.commit();
    }

    void loaderAnswersOnItsThreadAndDropsCancelledRequests()
    {
        REQUIRE_SERVER();
        HistoryLoader loader(m_url);
        QSignalSpy ready(&loader, &HistoryLoader::historyReady);
        QSignalSpy failed(&loader, &HistoryLoader::historyFailed);
        const HistoryQuery q = query("cpu", Field::Max, kT0, kT0 + 10 * 60'000 - 1, HistoryResolution::TenSeconds);
        loader.request(1, q);
        loader.request(2, q);
        loader.cancel(2);
        loader.request(3, query("cpu", Field::Max, kT0, kT0 - 1, HistoryResolution::TenSeconds));
        loader.request(4, q);
        QTRY_COMPARE(ready.size() + failed.size(), 3);
        QCOMPARE(ready.size(), 2);
        QCOMPARE(ready[0][0].value<quint64>(), 1u);
        QCOMPARE(ready[1][0].value<quint64>(), 4u);
        const auto result = ready[0][1].value<std::shared_ptr<const HistoryResult>>();
        QCOMPARE(result->series.at(0).points.size(), 60u);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0][0].value<quint64>(), 3u);
        QVERIFY(failed[0][1].toString().contains(u"empty time range"_qs));
    }

    void unreachableDatabaseIsAnErrorNotACrash()
    {
        PgHistory history("postgresql://pulse@127.0.0.1:1/postgres?connect_timeout=2");
        const auto r = history.query(query("cpu", Field::Max, kT0, kT0 + 60'000, HistoryResolution::TenSeconds));
        QVERIFY(!r->isOk());
        QVERIFY2(r->error.find("cannot connect") != std::string::npos, r->error.c_str());
        QCOMPARE(history.stats().failed, 1u);
    }
};

QTEST_GUILESS_MAIN(TestPgHistory)
#include "tst_pghistory.moc"
