#include "testdatabase.h"

#include "sketch/tdigest.h"
#include "storage/pgcheckpoint.h"
#include "storage/pgconnection.h"
#include "storage/pghistory.h"
#include "storage/pgmigrations.h"
#include "storage/pgschema.h"
#include "storage/pgwindowsink.h"
#include "storage/pgwriter.h"

#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <pqxx/pqxx>

#include <atomic>
#include <limits>
#include <random>
#include <thread>

using namespace pulse;
using namespace Qt::StringLiterals;
using pulse::test::TestDatabase;

namespace {

PgWriterConfig configFor(const std::string& url)
{
    PgWriterConfig config;
    config.url = url;
    config.schema.isTimescaleAllowed = false;
    config.backoffBaseMs = 50;
    config.backoffCapMs = 500;
    return config;
}

/** configFor() with a spool file in `dir`. */
PgWriterConfig spooledConfigFor(const std::string& url, const QTemporaryDir& dir)
{
    PgWriterConfig config = configFor(url);
    config.spoolPath = dir.filePath(QStringLiteral("spool")).toStdString();
    return config;
}

/** Sessions on the test database other than the caller's: the writer's. */
double writerSessions(const TestDatabase& db)
{
    return db.scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
}

SeriesTextPtr textOf(std::string name, std::vector<Tag> tags = {}, MetricType type = MetricType::Gauge)
{
    SeriesInfo info;
    info.name = std::move(name);
    info.tags = std::move(tags);
    info.type = type;
    return makeSeriesText(info);
}

StorageBatch rowsFor(StorageTable table, const SeriesTextPtr& series, TimestampMs startMs, int rows, double base = 0)
{
    StorageBatch b;
    b.table = table;
    for (int i = 0; i < rows; ++i) {
        StorageRow r;
        r.series = series;
        r.timeMs = startMs + i * 1000;
        r.count = 2;
        r.sum = base + i;
        r.min = 0;
        r.max = base + i;
        r.value = base + i;
        b.rows.push_back(r);
    }
    return b;
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort(); // closed again when server goes out of scope
}

int runShell(const QString& command, QString* output = nullptr)
{
    QProcess p;
    p.start(u"bash"_s, { u"-c"_s, command });
    p.waitForFinished(60'000);
    if (output)
        *output = QString::fromLocal8Bit(p.readAllStandardOutput());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

const TimestampMs kNowMs = SystemClock::instance().nowMs();

} // namespace

class TestPgWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void backoffGrowsExponentiallyWithFullJitterUpToTheCap_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<qint64>("ceilingMs");
        QTest::addRow("first retry") << 0 << qint64(500);
        QTest::addRow("second retry") << 1 << qint64(1000);
        QTest::addRow("sixth retry") << 5 << qint64(16'000);
        QTest::addRow("capped") << 6 << qint64(30'000);
        QTest::addRow("long outage stays capped") << 40 << qint64(30'000);
    }
    void backoffGrowsExponentiallyWithFullJitterUpToTheCap()
    {
        QFETCH(int, attempt);
        QFETCH(qint64, ceilingMs);
        std::int64_t maxSeen = 0;
        std::int64_t minSeen = ceilingMs;
        for (std::uint64_t seed = 1; seed <= 200; ++seed) {
            Backoff b(500, 30'000, seed);
            for (int i = 0; i < attempt; ++i)
                b.nextDelayMs();
            QCOMPARE(b.ceilingMs(), ceilingMs);
            const std::int64_t d = b.nextDelayMs();
            QVERIFY(d >= 0 && d <= ceilingMs);
            maxSeen = std::max(maxSeen, d);
            minSeen = std::min(minSeen, d);
        }
        QVERIFY2(maxSeen > ceilingMs / 2 && minSeen < ceilingMs / 2, "delays are spread over [0, ceiling]");
    }

    void unreachableServerSpoolsRowsAndReportsTheNextRetry()
    {
        QTemporaryDir dir;
        PgWriterConfig config
            = spooledConfigFor("postgresql://pulse@127.0.0.1:" + std::to_string(closedPort()) + "/x", dir);
        config.maxQueueRows = 10; // also exercises the full-queue path
        PgWriter writer(config);
        QVERIFY(writer.start());
        const SeriesTextPtr s = textOf("cpu");
        for (int i = 0; i < 10; ++i)
            writer.enqueue(rowsFor(StorageTable::Raw, s, kNowMs + i * 100'000, 7));
        QTRY_COMPARE_WITH_TIMEOUT(writer.stats().spooledRows, std::uint64_t(70), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(writer.stats().state, PgConnectionState::Disconnected, 10'000);
        const PgWriterStats stats = writer.stats();
        QVERIFY(stats.nextRetryMs > 0);
        QVERIFY2(!stats.lastError.empty(), "the connection error is reported");
        QCOMPARE(stats.droppedRows[int(StorageTable::Raw)], std::uint64_t(0));
        QCOMPARE(stats.queuedRows, std::size_t(0));
    }

    void rowsOutsideTheAcceptedTimeRangeAreRejectedAndCounted()
    {
        PgWriterConfig config = configFor("postgresql://pulse@127.0.0.1:" + std::to_string(closedPort()) + "/x");
        PgWriter writer(config); // not started: enqueue alone decides
        const SeriesTextPtr s = textOf("cpu");
        StorageBatch b = rowsFor(StorageTable::Raw, s, kNowMs, 2);
        b.rows.push_back(rowsFor(StorageTable::Raw, s, kNowMs + 3 * kMsPerDay, 1).rows[0]); // too far ahead
        b.rows.push_back(rowsFor(StorageTable::Raw, s, kNowMs - 8 * kMsPerDay, 1).rows[0]); // past retention
        writer.enqueue(std::move(b));
        QCOMPARE(writer.stats().rejectedRows, std::uint64_t(2));
        QCOMPARE(writer.stats().queuedRows, std::size_t(2));
    }

    void rowsWrittenEqualWhatWasSent_data()
    {
        QTest::addColumn<int>("table");
        QTest::addColumn<int>("batches");
        QTest::addColumn<int>("rowsPerBatch");
        QTest::addRow("raw, one small batch") << int(StorageTable::Raw) << 1 << 3;
        QTest::addRow("raw, batches split into transactions") << int(StorageTable::Raw) << 4 << 2500;
        QTest::addRow("10 s rollup") << int(StorageTable::Rollup10s) << 3 << 100;
        QTest::addRow("1 min rollup") << int(StorageTable::Rollup1m) << 2 << 50;
        QTest::addRow("1 h rollup") << int(StorageTable::Rollup1h) << 2 << 20;
    }
    void rowsWrittenEqualWhatWasSent()
    {
        REQUIRE_SERVER();
        QFETCH(int, table);
        QFETCH(int, batches);
        QFETCH(int, rowsPerBatch);
        TestDatabase db;
        PgWriterConfig config = configFor(db.url());
        config.maxRowsPerTransaction = 1000;
        PgWriter writer(config);
        QVERIFY(writer.start());
        const auto t = static_cast<StorageTable>(table);
        double expectedSum = 0;
        for (int b = 0; b < batches; ++b) {
            const SeriesTextPtr s = textOf("m" + std::to_string(b), { { "host", "h1" } });
            StorageBatch batch = rowsFor(t, s, kNowMs - 3'600'000, rowsPerBatch, b);
            for (const StorageRow& r : batch.rows)
                expectedSum += r.sum;
            writer.enqueue(std::move(batch));
        }
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        const std::string name(storageTableName(t));
        QCOMPARE(writer.stats().writtenRows, std::uint64_t(batches * rowsPerBatch));
        QCOMPARE(db.scalar("SELECT count(*) FROM " + name), double(batches * rowsPerBatch));
        QCOMPARE(db.scalar("SELECT sum(sum) FROM " + name), expectedSum);
        QCOMPARE(db.scalar("SELECT sum(count) FROM " + name), 2.0 * batches * rowsPerBatch);
        QCOMPARE(db.scalar("SELECT count(*) FROM " + name + " WHERE source_id <> 'h1'"), 0.0);
        QCOMPARE(writer.stats().state, PgConnectionState::Connected);
    }

    void retriedBatchDoesNotDuplicateRows()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriter writer(configFor(db.url()));
        QVERIFY(writer.start());
        const SeriesTextPtr s = textOf("retried");
        const StorageBatch batch = rowsFor(StorageTable::Raw, s, kNowMs - 60'000, 50);
        // One at a time, so each retry meets committed rows (queued together they would share a transaction).
        writer.enqueue(batch);
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        writer.enqueue(batch);
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        StorageBatch overlapping = rowsFor(StorageTable::Raw, s, kNowMs - 60'000 + 25'000, 50); // half new
        writer.enqueue(overlapping);
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 75.0);
        QCOMPARE(writer.stats().writtenRows, std::uint64_t(75)); // duplicates are not counted as written
        QCOMPARE(writer.stats().committedBatches, std::uint64_t(3));
        QCOMPARE(writer.stats().failedBatches, std::uint64_t(0));
    }

    void aRestartWithinABucketAddsItsShareInsteadOfLosingIt()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        const SeriesTextPtr s = textOf("latency", { { "host", "a" } }, MetricType::Timer);
        const TimestampMs bucket = (kNowMs - 120'000) / 10'000 * 10'000;
        // One 10 s bucket of a timer: the first process saw 1..3 before it stopped, the next one 4..5.
        const auto shareOf = [&](std::initializer_list<double> values) {
            auto digest = std::make_shared<TDigest>();
            StorageBatch b;
            b.table = StorageTable::Rollup10s;
            StorageRow r;
            r.series = s;
            r.timeMs = bucket;
            r.min = std::numeric_limits<double>::infinity();
            r.max = -r.min;
            r.sum = 0;
            for (double v : values) {
                digest->add(v);
                r.count += 1;
                r.sum += v;
                r.min = std::min(r.min, v);
                r.max = std::max(r.max, v);
            }
            r.digest = digest;
            b.rows.push_back(r);
            return b;
        };
        std::int64_t firstRun = 0;
        {
            PgWriter first(configFor(db.url()));
            QVERIFY(first.start());
            first.enqueue(shareOf({ 1, 2, 3 }));
            QTRY_VERIFY_WITH_TIMEOUT(first.isIdle(), 30'000);
            firstRun = first.runId();
        }
        PgWriter second(configFor(db.url()));
        QVERIFY(second.start());
        QVERIFY(second.runId() != firstRun);
        StorageBatch rest = shareOf({ 4, 5 });
        second.enqueue(rest);
        QTRY_VERIFY_WITH_TIMEOUT(second.isIdle(), 30'000);
        // A retry of either share (same batch, same run) still adds nothing.
        rest.writerRun = second.runId();
        second.enqueue(rest);
        StorageBatch again = shareOf({ 1, 2, 3 });
        again.writerRun = firstRun;
        second.enqueue(again);
        QTRY_VERIFY_WITH_TIMEOUT(second.isIdle(), 30'000);

        QCOMPARE(db.scalar("SELECT count(*) FROM metrics_10s"), 2.0); // one row per writer run
        QCOMPARE(db.scalar("SELECT sum(count) FROM metrics_10s"), 5.0);
        QCOMPARE(db.scalar("SELECT sum(sum) FROM metrics_10s"), 15.0);
        QCOMPARE(db.scalar("SELECT min(min) FROM metrics_10s"), 1.0);
        QCOMPARE(db.scalar("SELECT max(max) FROM metrics_10s"), 5.0);
        // Reads merge the bucket's rows: the whole bucket, percentiles from the merged digests.
        PgHistory history(db.url());
        for (const auto& [field, expected] : { std::pair { Field::Count, 5.0 }, std::pair { Field::Sum, 15.0 },
                 std::pair { Field::Min, 1.0 }, std::pair { Field::Max, 5.0 }, std::pair { Field::Mean, 3.0 } }) {
            HistoryQuery q;
            q.selector = *SeriesSelector::parse("latency").selector;
            q.field = field;
            q.fromMs = bucket;
            q.toMs = bucket;
            q.resolution = HistoryResolution::TenSeconds;
            const auto r = history.query(q);
            QVERIFY2(r && r->error.empty(), r ? r->error.c_str() : "no result");
            QCOMPARE(r->series.size(), std::size_t(1));
            QCOMPARE(r->series[0].points.size(), std::size_t(1));
            QCOMPARE(r->series[0].points[0].value, expected);
        }
        HistoryQuery p50;
        p50.selector = *SeriesSelector::parse("latency").selector;
        p50.field = Field::P50;
        p50.fromMs = bucket;
        p50.toMs = bucket;
        p50.resolution = HistoryResolution::TenSeconds;
        const auto median = history.query(p50);
        QVERIFY2(median && median->error.empty(), median ? median->error.c_str() : "no result");
        QCOMPARE(median->series.at(0).points.at(0).value, 3.0); // of 1..5, not of either share alone (2 or 4.5)
    }

    void duplicatesAnywhereInABatchFallBackToTheConflictSafePath_data()
    {
        QTest::addColumn<int>("table");
        QTest::addColumn<int>("storedFirst"); // rows of the batch written before it (a retry of part of it)
        QTest::addColumn<int>("duplicateAt"); // -1: none; else this row is sent twice within the batch
        // Sorted by series key, "zz" rows come last: a stored "zz" row makes the direct COPY fail at its very end.
        QTest::addRow("raw, first row stored") << int(StorageTable::Raw) << 1 << -1;
        QTest::addRow("raw, only the last row stored") << int(StorageTable::Raw) << -1 << -1;
        QTest::addRow("raw, a row twice in the batch") << int(StorageTable::Raw) << 0 << 1500;
        QTest::addRow("10 s rollup, first rows stored") << int(StorageTable::Rollup10s) << 700 << -1;
        QTest::addRow("1 h rollup, a row twice in the batch") << int(StorageTable::Rollup1h) << 0 << 10;
    }
    void duplicatesAnywhereInABatchFallBackToTheConflictSafePath()
    {
        REQUIRE_SERVER();
        QFETCH(int, table);
        QFETCH(int, storedFirst);
        QFETCH(int, duplicateAt);
        TestDatabase db;
        PgWriter writer(configFor(db.url()));
        QVERIFY(writer.start());
        const auto t = static_cast<StorageTable>(table);
        const std::string name(storageTableName(t));
        StorageBatch batch = rowsFor(t, textOf("aa"), kNowMs - 7'200'000, 1000);
        const StorageBatch tail = rowsFor(t, textOf("zz"), kNowMs - 7'200'000, 1000, 5000);
        batch.rows.insert(batch.rows.end(), tail.rows.begin(), tail.rows.end());
        StorageBatch before;
        before.table = t;
        if (storedFirst > 0)
            before.rows.assign(batch.rows.begin(), batch.rows.begin() + storedFirst);
        else if (storedFirst < 0)
            before.rows.push_back(batch.rows.back());
        if (!before.rows.empty()) {
            writer.enqueue(before);
            QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        }
        double expectedSum = 0; // the rows stored before are copies of the batch's: every row counts once
        for (const StorageRow& r : batch.rows)
            expectedSum += r.sum;
        if (duplicateAt >= 0) {
            StorageRow twin = batch.rows[std::size_t(duplicateAt)];
            twin.sum = -1e9; // the first of the two is the one kept
            batch.rows.push_back(twin);
        }
        writer.enqueue(batch);
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        // And the path after a conflict: a new batch of the same table is written in full.
        writer.enqueue(rowsFor(t, textOf("mm"), kNowMs - 7'200'000, 300, 100));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        double newRowsSum = 0;
        for (int i = 0; i < 300; ++i)
            newRowsSum += 100 + i;
        QCOMPARE(db.scalar("SELECT count(*) FROM " + name), 2300.0);
        QCOMPARE(
            db.scalar("SELECT count(DISTINCT (series_key, " + std::string(pgschema::timeColumn(t)) + ")) FROM " + name),
            2300.0);
        QCOMPARE(db.scalar("SELECT sum(sum) FROM " + name), expectedSum + newRowsSum);
        const PgWriterStats stats = writer.stats();
        QCOMPARE(stats.writtenRows, std::uint64_t(2300));
        QCOMPARE(stats.failedBatches, std::uint64_t(0));
        QCOMPARE(stats.droppedRows[table], std::uint64_t(0));
    }

    void aBackendKilledBetweenBatchesIsReconnectedWithItsSessionSetUp()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        QTemporaryDir dir;
        PgWriterConfig config = spooledConfigFor(db.url(), dir);
        PgWriter writer(config);
        QVERIFY(writer.start());
        const StorageBatch batch = rowsFor(StorageTable::Raw, textOf("killed"), kNowMs - 60'000, 40);
        writer.enqueue(batch);
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        // Both COPY sessions.
        QCOMPARE(db.scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND pid <> pg_backend_pid()"),
            2.0);
        // The retry goes through the staging table, which only a session the writer set up itself has.
        writer.enqueue(batch);
        writer.enqueue(rowsFor(StorageTable::Raw, textOf("after"), kNowMs - 60'000, 10));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle() && writer.stats().state == PgConnectionState::Connected, 30'000);
        const PgWriterStats stats = writer.stats();
        QCOMPARE(stats.reconnects, std::uint64_t(1));
        QCOMPARE(stats.failedBatches, std::uint64_t(0));
        QCOMPARE(stats.droppedRows[int(StorageTable::Raw)], std::uint64_t(0));
        QCOMPARE(stats.writtenRows, std::uint64_t(50));
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 50.0);
    }

    void aBacklogOfSmallBatchesIsMergedUpToTheTransactionLimit()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriterConfig config = configFor(db.url());
        config.maxRowsPerTransaction = 1000;
        config.copyConnections = 1;
        PgWriter writer(config);
        // Queued before the thread starts: a backlog, deterministically.
        for (int b = 0; b < 5; ++b)
            writer.enqueue(rowsFor(StorageTable::Raw, textOf("backlog." + std::to_string(b)), kNowMs - 60'000, 400, b));
        writer.enqueue(rowsFor(StorageTable::Rollup10s, textOf("backlog.rollup"), kNowMs - 60'000, 10));
        QCOMPARE(writer.stats().queuedRows, std::size_t(2010));
        QVERIFY(writer.start());
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 2000.0);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics_10s"), 10.0);
        QCOMPARE(writer.stats().writtenRows, std::uint64_t(2010));
        // 400 + 400 | 400 + 400 | 400 | the rollup batch: tables are never mixed.
        QCOMPARE(writer.stats().committedBatches, std::uint64_t(4));
    }

    void aBacklogIsWrittenByBothSessionsAsKeyRangesAndRetriedWithoutDuplicates()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriterConfig config = configFor(db.url());
        config.maxRowsPerTransaction = 1000;
        PgWriter writer(config);
        std::vector<StorageBatch> batches;
        for (int b = 0; b < 10; ++b)
            batches.push_back(
                rowsFor(StorageTable::Raw, textOf("lanes", { { "n", std::to_string(b) } }), kNowMs - 60'000, 400, b));
        for (const StorageBatch& b : batches)
            writer.enqueue(b);
        QVERIFY(writer.start());
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(writerSessions(db), 2.0);
        // Merged up to twice the limit (two sessions), each 2,000 rows split into two 1,000-row key ranges.
        QCOMPARE(writer.stats().committedBatches, std::uint64_t(4));
        QCOMPARE(writer.stats().writtenRows, std::uint64_t(4000));
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 4000.0);
        // Two transactions per pass, each a contiguous range of the rows in key order, never interleaved: along
        // that order the writing transaction changes three times.
        QCOMPARE(db.scalar("SELECT count(DISTINCT xmin::text) FROM metrics"), 4.0);
        QCOMPARE(db.scalar("SELECT count(*) FROM (SELECT xmin::text <> lag(xmin::text) OVER (ORDER BY series_key, "
                           "time) AS changed FROM metrics) s WHERE changed"),
            3.0);
        // The same rows again (a replay): both sessions go through staging and write nothing twice.
        for (const StorageBatch& b : batches)
            writer.enqueue(b);
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(writer.stats().writtenRows, std::uint64_t(4000));
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 4000.0);
        QCOMPARE(writer.stats().failedBatches, std::uint64_t(0));
    }

    void theSecondSessionLostMidBatchSpoolsTheBatchAndReplaysItOnce()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        QTemporaryDir dir;
        PgWriterConfig config = spooledConfigFor(db.url(), dir);
        PgWriter writer(config);
        QVERIFY(writer.start());
        writer.enqueue(rowsFor(StorageTable::Raw, textOf("warm"), kNowMs - 60'000, 1));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle() && writer.stats().writtenRows == 1, 30'000);
        // The session connected last is the helper's: only it is gone when the next large batch comes.
        QCOMPARE(db.scalar("SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_stat_activity WHERE "
                           "datname = current_database() AND pid <> pg_backend_pid() ORDER BY backend_start DESC "
                           "LIMIT 1) s"),
            1.0);
        StorageBatch big;
        big.table = StorageTable::Raw;
        for (int s = 0; s < 20; ++s) {
            const StorageBatch part = rowsFor(
                StorageTable::Raw, textOf("big", { { "s", std::to_string(100 + s) } }), kNowMs - 60'000, 500, s);
            big.rows.insert(big.rows.end(), part.rows.begin(), part.rows.end());
        }
        writer.enqueue(big);
        QTRY_VERIFY_WITH_TIMEOUT(
            writer.isIdle() && writer.stats().reconnects == 1 && writer.stats().state == PgConnectionState::Connected,
            30'000);
        // The first session's half was committed before the loss; the replay adds only the other half.
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 10'001.0);
        QCOMPARE(db.scalar("SELECT count(DISTINCT (series_key, time)) FROM metrics"), 10'001.0);
        QCOMPARE(db.scalar("SELECT sum(value) FROM metrics WHERE metric_name = 'big'"), [] {
            double sum = 0;
            for (int s = 0; s < 20; ++s)
                for (int i = 0; i < 500; ++i)
                    sum += s + i;
            return sum;
        }());
        const PgWriterStats stats = writer.stats();
        QCOMPARE(stats.writtenRows, std::uint64_t(10'001));
        QCOMPARE(stats.failedBatches, std::uint64_t(0));
        QCOMPARE(stats.droppedRows[int(StorageTable::Raw)], std::uint64_t(0));
        QCOMPARE(stats.spooledRows, std::uint64_t(0));
    }

    void withOneSessionNothingIsSplitBelowTheTransactionLimit()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriterConfig config = configFor(db.url());
        config.copyConnections = 1;
        PgWriter writer(config);
        QVERIFY(writer.start());
        writer.enqueue(rowsFor(StorageTable::Raw, textOf("one"), kNowMs - 60'000, 9000));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle() && writer.stats().writtenRows == 9000, 30'000);
        QCOMPARE(writer.stats().committedBatches, std::uint64_t(1));
        QCOMPARE(writerSessions(db), 1.0);
    }

    void checkpointBatchesAreNeverMerged()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriter writer(configFor(db.url()));
        for (int b = 0; b < 4; ++b) {
            StorageBatch batch = rowsFor(StorageTable::Raw, textOf("cp." + std::to_string(b)), kNowMs, 3 + b);
            auto checkpoint = std::make_shared<StreamCheckpoint>();
            checkpoint->group = "g";
            checkpoint->writtenThroughMs.fill(StreamCheckpoint::kNotWrittenMs);
            checkpoint->offsets = { { "t", 0, 100 + b } };
            batch.checkpoint = std::move(checkpoint);
            writer.enqueue(std::move(batch)); // queued before the thread starts: a backlog that would be merged
        }
        QVERIFY(writer.start());
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 18.0);
        QCOMPARE(writer.stats().committedBatches, std::uint64_t(4)); // one transaction per checkpoint
        QCOMPARE(db.scalar("SELECT next_offset FROM pulse_kafka_offsets WHERE consumer_group = 'g'"), 103.0);
    }

    void specialValuesAreStoredAsNullZeroAndInfinity()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriter writer(configFor(db.url()));
        QVERIFY(writer.start());
        StorageBatch raw = rowsFor(StorageTable::Raw, textOf("special"), kNowMs - 1000, 1);
        raw.rows[0].value = StorageRow::kNull;
        raw.rows[0].count = StorageRow::kNull;
        raw.rows[0].sum = std::numeric_limits<double>::infinity();
        raw.rows[0].min = -std::numeric_limits<double>::infinity();
        raw.rows[0].max = -1.5e-300;
        writer.enqueue(std::move(raw));
        // A rollup as it comes back from the spool: serialized digest only, percentiles not computed yet.
        TDigest digest;
        for (int i = 1; i <= 1000; ++i)
            digest.add(i);
        digest.compress();
        StorageBatch rollup = rowsFor(StorageTable::Rollup1m, textOf("special", {}, MetricType::Timer), kNowMs, 1);
        digest.serialize(rollup.rows[0].digestBytes);
        writer.enqueue(std::move(rollup));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(writer.stats().writtenRows, std::uint64_t(2));
        const pqxx::result r = db.query("SELECT value IS NULL, count, sum, min, max, type, tags::text, "
                                        "extract(epoch from time) * 1000 FROM metrics");
        QCOMPARE(r.size(), std::size_t(1));
        QVERIFY(r[0][0].as<bool>());
        QCOMPARE(r[0][1].as<double>(), 0.0);
        QCOMPARE(r[0][2].as<double>(), std::numeric_limits<double>::infinity());
        QCOMPARE(r[0][3].as<double>(), -std::numeric_limits<double>::infinity());
        QCOMPARE(r[0][4].as<double>(), -1.5e-300);
        QCOMPARE(r[0][5].as<std::string>(), std::string("gauge"));
        QCOMPARE(r[0][6].as<std::string>(), std::string("{}"));
        QCOMPARE(r[0][7].as<double>(), double(kNowMs - 1000));
        const pqxx::result q = db.query("SELECT p50, p95, p99, digest FROM metrics_1m");
        QCOMPARE(q.size(), std::size_t(1));
        QCOMPARE(q[0][0].as<double>(), digest.quantile(0.5));
        QCOMPARE(q[0][1].as<double>(), digest.quantile(0.95));
        QCOMPARE(q[0][2].as<double>(), digest.quantile(0.99));
        const pqxx::binarystring bytes(q[0][3]);
        std::string expected;
        digest.serialize(expected);
        QCOMPARE(bytes.str(), expected);
    }

    void aBatchTheServerRefusesIsDroppedAndCountedAndTheNextIsWritten()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriter writer(configFor(db.url()));
        QVERIFY(writer.start());
        // Not through makeSeriesText, so the invalid UTF-8 reaches the server, which refuses the whole COPY.
        auto poisoned = std::make_shared<SeriesText>();
        poisoned->key = "bad\xff";
        poisoned->metricName = "bad\xff";
        poisoned->tagsJson = "{}";
        writer.enqueue(rowsFor(StorageTable::Raw, poisoned, kNowMs, 4));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        writer.enqueue(rowsFor(StorageTable::Raw, textOf("good"), kNowMs, 3));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        const PgWriterStats stats = writer.stats();
        QCOMPARE(stats.failedBatches, std::uint64_t(1));
        QCOMPARE(stats.droppedRows[int(StorageTable::Raw)], std::uint64_t(4));
        QVERIFY2(stats.lastError.find("UTF8") != std::string::npos, stats.lastError.c_str());
        QCOMPARE(stats.writtenRows, std::uint64_t(3));
        QCOMPARE(stats.state, PgConnectionState::Connected);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 3.0);
    }

    void hostileNamesAndTagsAreStoredVerbatim_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("tagValue");
        QTest::addRow("sql injection") << u"x'); DROP TABLE metrics; --"_s << u"'; DELETE FROM metrics; --"_s;
        QTest::addRow("quotes") << u"it's \"quoted\""_s << u"O'Brien"_s;
        QTest::addRow("backslashes and copy separators") << u"a\\b\\\\c\\N"_s << u"tab\there\nnewline\\."_s;
        QTest::addRow("unicode") << u"température.δ.日本語"_s << u"🚀 ünïcødé"_s;
        QTest::addRow("json-ish") << u"{\"a\":1}"_s << u"{\"k\": [1, \"\\u0000\"]}"_s;
    }
    void hostileNamesAndTagsAreStoredVerbatim()
    {
        REQUIRE_SERVER();
        QFETCH(QString, name);
        QFETCH(QString, tagValue);
        TestDatabase db;
        PgWriter writer(configFor(db.url()));
        QVERIFY(writer.start());
        const SeriesTextPtr s = textOf(name.toStdString(), { { "source", tagValue.toStdString() } }, MetricType::Timer);
        StorageBatch raw = rowsFor(StorageTable::Raw, s, kNowMs, 1);
        StorageBatch rollup = rowsFor(StorageTable::Rollup10s, s, kNowMs, 1);
        writer.enqueue(std::move(raw));
        writer.enqueue(std::move(rollup));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(writer.stats().writtenRows, std::uint64_t(2));
        for (const char* table : { "metrics", "metrics_10s" }) {
            const pqxx::result r = db.query(std::string("SELECT metric_name, source_id, tags->>'source', series_key, "
                                                        "type FROM ")
                + table);
            QCOMPARE(r.size(), std::size_t(1));
            QCOMPARE(QString::fromStdString(r[0][0].as<std::string>()), name);
            QCOMPARE(QString::fromStdString(r[0][1].as<std::string>()), tagValue);
            QCOMPARE(QString::fromStdString(r[0][2].as<std::string>()), tagValue);
            QCOMPARE(r[0][3].as<std::string>(), s->key);
            QCOMPARE(r[0][4].as<std::string>(), std::string("timer"));
        }
        QCOMPARE(db.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'metrics'"), 1.0);
    }

    void windowSinkTurnsClosedWindowsIntoRows()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriter writer(configFor(db.url()));
        QVERIFY(writer.start());
        SeriesRegistry registry;
        const TagView tags[] = { { "source", "web-1" } };
        const SeriesId gauge = registry.intern(MetricType::Gauge, "temp", tags);
        const SeriesId timer = registry.intern(MetricType::Timer, "latency", tags);
        const std::vector<WindowSpec> specs { { 1000, 1000, false }, { 10'000, 10'000, true }, { 5000, 1000, false } };
        const std::vector<SpecTable> specTables = PgWindowSink::specTablesFor(specs);
        QCOMPARE(specTables.size(), std::size_t(2)); // the sliding window is not stored
        PgWindowSink sink(writer, specTables);
        std::vector<SeriesInfoPtr> announced { registry.infoPtr(gauge), registry.infoPtr(timer) };
        sink.onNewSeries(announced);

        const TimestampMs t0 = (kNowMs / 10'000) * 10'000 - 60'000;
        auto raw = std::make_shared<WindowBatch>();
        raw->specIndex = 0;
        raw->spec = specs[0];
        WindowResult g;
        g.series = gauge;
        g.type = MetricType::Gauge;
        g.startMs = t0;
        g.endMs = t0 + 1000;
        g.count = 4;
        g.sum = 10;
        g.last = 2.5;
        raw->results.push_back(g);
        auto rollup = std::make_shared<WindowBatch>();
        rollup->specIndex = 1;
        rollup->spec = specs[1];
        rollup->quantiles = { 0.5, 0.99 };
        auto digest = std::make_shared<TDigest>();
        for (int i = 1; i <= 100; ++i)
            digest->add(i);
        digest->compress();
        WindowResult r;
        r.series = timer;
        r.type = MetricType::Timer;
        r.startMs = t0;
        r.endMs = t0 + 10'000;
        r.count = 100;
        r.sum = 5050;
        r.quantileCount = 2;
        r.quantiles[0] = 50.5;
        r.quantiles[1] = 99.5;
        r.digest = digest;
        rollup->results.push_back(r);
        const std::vector<WindowBatchPtr> batches { raw, rollup };
        sink.onWindows(batches, registry);
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);

        pqxx::result rawRows
            = db.query("SELECT value, count, sum, source_id, extract(epoch from time)*1000 FROM metrics");
        QCOMPARE(rawRows.size(), std::size_t(1));
        QCOMPARE(rawRows[0][0].as<double>(), 2.5); // gauges store their last value
        QCOMPARE(rawRows[0][1].as<double>(), 4.0);
        QCOMPARE(rawRows[0][3].as<std::string>(), std::string("web-1"));
        QCOMPARE(rawRows[0][4].as<double>(), double(t0));
        pqxx::result rolled = db.query("SELECT p50, p95, p99, digest FROM metrics_10s");
        QCOMPARE(rolled.size(), std::size_t(1));
        QCOMPARE(rolled[0][0].as<double>(), 50.5);
        QCOMPARE(rolled[0][2].as<double>(), 99.5);
        QCOMPARE(rolled[0][1].as<double>(), digest->quantile(0.95)); // not in the batch: from the digest
        const pqxx::binarystring bytes(rolled[0][3]);
        const auto back = TDigest::deserialize(bytes.str());
        QVERIFY(back.has_value());
        QCOMPARE(back->count(), 100.0);
    }

    void aCheckpointThatCannotBeWrittenRollsBackItsRows()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriterConfig config = configFor(db.url());
        PgWriter writer(config);
        QVERIFY(writer.start());
        QTRY_VERIFY_WITH_TIMEOUT(writer.stats().state == PgConnectionState::Connected, 30'000);
        db.query("DROP TABLE pulse_kafka_written"); // every checkpoint write now fails
        StorageBatch batch = rowsFor(StorageTable::Rollup10s, textOf("refused"), kNowMs, 5);
        auto checkpoint = std::make_shared<StreamCheckpoint>();
        checkpoint->group = "g";
        checkpoint->writtenThroughMs.fill(StreamCheckpoint::kNotWrittenMs);
        checkpoint->writtenThroughMs[1] = kNowMs + 10'000;
        checkpoint->offsets = { { "t", 0, 9 } };
        batch.checkpoint = std::move(checkpoint);
        writer.enqueue(std::move(batch));
        QTRY_VERIFY_WITH_TIMEOUT(writer.stats().failedBatches == 1, 30'000);
        // Neither the rows nor the offsets of the failed transaction are there.
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics_10s"), 0.0);
        QCOMPARE(db.scalar("SELECT count(*) FROM pulse_kafka_offsets"), 0.0);
        QCOMPARE(writer.stats().droppedRows[1], std::uint64_t(5));
    }

    void aCheckpointCommitsWithItsRowsInOneTransaction()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        PgWriterConfig config = configFor(db.url());
        config.maxRowsPerTransaction = 10; // a checkpoint batch is never split, whatever its size
        config.isExactlyOnce = true;
        PgWriter writer(config);
        QVERIFY(writer.start());
        auto checkpoint = std::make_shared<StreamCheckpoint>();
        checkpoint->group = "g'; DROP TABLE metrics; --";
        checkpoint->writtenThroughMs.fill(StreamCheckpoint::kNotWrittenMs);
        checkpoint->writtenThroughMs[static_cast<std::size_t>(StorageTable::Rollup10s)] = kNowMs + 10'000;
        checkpoint->offsets = { { "topic", 0, 17 }, { "topic", 1, 4 } };
        StorageBatch batch = rowsFor(StorageTable::Rollup10s, textOf("eo"), kNowMs, 25);
        batch.checkpoint = checkpoint;
        writer.enqueue(std::move(batch));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(writer.stats().committedBatches, std::uint64_t(1));
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics_10s"), 25.0);
        pqxx::connection c(db.url());
        pqxx::read_transaction tx(c);
        const StreamCheckpoint back = pgcheckpoint::read(tx, checkpoint->group);
        QCOMPARE(back.offsets, checkpoint->offsets);
        QCOMPARE(back.writtenThroughMs, checkpoint->writtenThroughMs);
        // Another group sees nothing of it.
        const StreamCheckpoint other = pgcheckpoint::read(tx, "other");
        QVERIFY(other.offsets.empty());
        QCOMPARE(other.writtenThroughMs[1], StreamCheckpoint::kNotWrittenMs);
    }

    void exactlyOnceKeepsBatchesQueuedWhileTheDatabaseIsAway()
    {
        PgWriterConfig config = configFor("postgresql://pulse@127.0.0.1:" + std::to_string(closedPort()) + "/x");
        config.isExactlyOnce = true;
        config.maxQueueRows = 10;
        PgWriter writer(config);
        QVERIFY(writer.start());
        StorageBatch batch = rowsFor(StorageTable::Raw, textOf("held"), kNowMs, 8);
        batch.checkpoint = std::make_shared<StreamCheckpoint>();
        writer.enqueue(std::move(batch));
        QTRY_VERIFY_WITH_TIMEOUT(writer.stats().state == PgConnectionState::Disconnected, 30'000);
        QTest::qWait(300);
        PgWriterStats s = writer.stats();
        QCOMPARE(s.queuedRows, std::size_t(8)); // not spilled, not dropped: Kafka still has the messages
        QCOMPARE(s.droppedRows[0], std::uint64_t(0));
        // The producer waits for room instead of overfilling the queue.
        QVERIFY(!writer.waitForRoom(5, std::chrono::milliseconds(100)));
        QVERIFY(writer.waitForRoom(2, std::chrono::milliseconds(100)));
    }

    void retentionDropsExpiredPartitionsAndKeepsRecentOnes()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        ManualClock clock(kNowMs - 10 * kMsPerDay);
        PgWriterConfig config = configFor(db.url());
        config.retentionIntervalMs = 0; // only on request
        PgWriter writer(config, clock);
        QVERIFY(writer.start());
        const SeriesTextPtr s = textOf("old");
        writer.enqueue(rowsFor(StorageTable::Raw, s, clock.nowMs(), 3));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        clock.setMs(kNowMs);
        writer.enqueue(rowsFor(StorageTable::Raw, s, kNowMs, 2));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 5.0);
        writer.requestRetention();
        QTRY_VERIFY_WITH_TIMEOUT(writer.stats().droppedPartitions >= 1, 30'000);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 2.0);
        const std::string today
            = pgschema::partitionName(StorageTable::Raw, pgschema::partitionStartDay(StorageTable::Raw, kNowMs));
        QCOMPARE(db.scalar("SELECT count(*) FROM pg_tables WHERE tablename = '" + today + "'"), 1.0);
    }

    void serverLossUnderLoadLosesNothingAndDuplicatesNothing()
    {
        // Its own server: stopping the shared one would fail every other storage test running in parallel.
        const QString script = qEnvironmentVariable("PULSE_SOURCE_DIR") + u"/scripts/pg-test-env"_s;
        if (qEnvironmentVariableIsEmpty("PULSE_TEST_PG_URL") || !QFile::exists(script))
            QSKIP("needs PULSE_TEST_PG_URL and scripts/pg-test-env (PULSE_SOURCE_DIR) to run a private server");
        QString env;
        // Without the shared server's variables: pg_test_start would hand back that server (and pg_test_stop
        // would remove it) instead of starting a private one.
        QCOMPARE(runShell(u"unset PULSE_TEST_PG_ROOT PULSE_TEST_PG_PORT PULSE_TEST_PG_DATA; source '"_s + script
                         + u"' && pg_test_start && env | grep ^PULSE_TEST_PG_"_s,
                     &env),
            0);
        QHash<QString, QString> vars;
        for (const QString& line : env.split(u'\n', Qt::SkipEmptyParts))
            vars.insert(line.section(u'=', 0, 0), line.section(u'=', 1));
        const auto cleanup = qScopeGuard([&] {
            runShell(u"source '"_s + script + u"' && PULSE_TEST_PG_ROOT='"_s + vars.value(u"PULSE_TEST_PG_ROOT"_s)
                + u"' pg_test_stop"_s);
        });
        QVERIFY(!vars.value(u"PULSE_TEST_PG_CTL_STOP"_s).isEmpty());

        const qint64 loadMs = qEnvironmentVariableIsSet("PULSE_TEST_PG_OUTAGE_LOAD_MS")
            ? qEnvironmentVariableIntValue("PULSE_TEST_PG_OUTAGE_LOAD_MS")
            : 10'000;
        QTemporaryDir dir;
        std::uint64_t sent = 0;
        double sentSum = 0;
        std::uint64_t reconnects = 0;
        {
            TestDatabase db(vars.value(u"PULSE_TEST_PG_URL"_s).toStdString());
            PgWriterConfig config = spooledConfigFor(db.url(), dir);
            config.maxQueueRows = 5000;
            PgWriter writer(config);
            QVERIFY(writer.start());
            std::vector<SeriesTextPtr> series;
            for (int i = 0; i < 50; ++i)
                series.push_back(textOf("load." + std::to_string(i)));
            std::atomic<bool> isLoading { true };
            std::thread load([&] {
                for (int seq = 0; isLoading; ++seq) {
                    StorageBatch b;
                    b.table = StorageTable::Raw;
                    for (const SeriesTextPtr& s : series) {
                        StorageRow r;
                        r.series = s;
                        r.timeMs = kNowMs + seq * 1000;
                        r.count = 1;
                        r.sum = seq;
                        sentSum += seq;
                        b.rows.push_back(r);
                    }
                    sent += b.rows.size();
                    writer.enqueue(std::move(b)); // never blocks, whatever the server does
                    std::this_thread::sleep_for(std::chrono::milliseconds(10)); // pacing the load, not synchronising
                }
            });
            QTest::qWait(int(loadMs / 5));
            QCOMPARE(runShell(vars.value(u"PULSE_TEST_PG_CTL_STOP"_s)), 0);
            QTRY_COMPARE_WITH_TIMEOUT(writer.stats().state == PgConnectionState::Connected, false, 10'000);
            QTRY_VERIFY_WITH_TIMEOUT(writer.stats().spooledRows > 0, 10'000);
            QTest::qWait(int(loadMs / 2));
            QCOMPARE(runShell(vars.value(u"PULSE_TEST_PG_CTL_START"_s)), 0);
            QTest::qWait(int(loadMs - loadMs / 5 - loadMs / 2));
            isLoading = false;
            load.join();
            QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 60'000);
            const PgWriterStats stats = writer.stats();
            reconnects = stats.reconnects;
            for (int t = 0; t < kStorageTableCount; ++t)
                QCOMPARE(stats.droppedRows[t], std::uint64_t(0));
            QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), double(sent));
            QCOMPARE(db.scalar("SELECT count(DISTINCT (series_key, time)) FROM metrics"), double(sent));
            QCOMPARE(db.scalar("SELECT sum(sum) FROM metrics"), sentSum);
        }
        QVERIFY(reconnects >= 1);
        QVERIFY(sent > 1000);
    }
};

QTEST_GUILESS_MAIN(TestPgWriter)
#include "tst_pgwriter.moc"
