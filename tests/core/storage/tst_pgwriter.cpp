#include "sketch/tdigest.h"
#include "storage/pgconnection.h"
#include "storage/pgmigrations.h"
#include "storage/pgwindowsink.h"
#include "storage/pgwriter.h"

#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <pqxx/pqxx>

#include <atomic>
#include <random>
#include <thread>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

#define REQUIRE_SERVER()                                                                                               \
    if (qEnvironmentVariableIsEmpty("PULSE_TEST_PG_URL"))                                                              \
    QSKIP("PULSE_TEST_PG_URL is unset: run under scripts/test (or source scripts/pg-test-env; pg_test_start)")

/** A throw-away database, migrated, dropped at destruction. */
class TestDatabase {
public:
    explicit TestDatabase(std::string adminUrl = qEnvironmentVariable("PULSE_TEST_PG_URL").toStdString())
        : m_adminUrl(std::move(adminUrl))
    {
        m_name = "pulse_tst_writer_" + std::to_string(std::random_device {}());
        pqxx::connection admin(m_adminUrl);
        pqxx::nontransaction(admin).exec0("CREATE DATABASE " + m_name);
        m_url = pgUrlWithDatabase(m_adminUrl, m_name);
    }
    ~TestDatabase()
    {
        try {
            pqxx::connection admin(m_adminUrl);
            pqxx::nontransaction(admin).exec0("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        } catch (const std::exception& e) {
            qWarning("dropping %s: %s", m_name.c_str(), e.what());
        }
    }
    const std::string& url() const { return m_url; }
    pqxx::result query(const std::string& sql) const
    {
        pqxx::connection c(m_url);
        pqxx::nontransaction tx(c);
        return tx.exec(sql);
    }
    double scalar(const std::string& sql) const { return query(sql)[0][0].as<double>(); }

private:
    std::string m_adminUrl;
    std::string m_name;
    std::string m_url;
};

PgWriterConfig configFor(const std::string& url)
{
    PgWriterConfig config;
    config.url = url;
    config.schema.isTimescaleAllowed = false;
    config.backoffBaseMs = 50;
    config.backoffCapMs = 500;
    return config;
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
        PgWriterConfig config = configFor("postgresql://pulse@127.0.0.1:" + std::to_string(closedPort()) + "/x");
        config.spoolPath = dir.filePath(u"spool"_s).toStdString();
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
        writer.enqueue(batch);
        writer.enqueue(batch);
        StorageBatch overlapping = rowsFor(StorageTable::Raw, s, kNowMs - 60'000 + 25'000, 50); // half new
        writer.enqueue(overlapping);
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 75.0);
        QCOMPARE(writer.stats().writtenRows, std::uint64_t(75)); // duplicates are not counted as written
        QCOMPARE(writer.stats().committedBatches, std::uint64_t(3));
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

    void extraStatementsShareTheBatchTransaction()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        db.query("CREATE TABLE side (n int)");
        PgWriterConfig config = configFor(db.url());
        std::atomic<int> calls { 0 };
        config.extraStatements = [&](pqxx::dbtransaction& tx, const StorageBatch& batch) {
            if (calls++ == 0)
                throw std::runtime_error("offset commit refused"); // the whole batch must roll back
            tx.exec0("INSERT INTO side VALUES (" + std::to_string(batch.rows.size()) + ")");
        };
        PgWriter writer(config);
        QVERIFY(writer.start());
        writer.enqueue(rowsFor(StorageTable::Raw, textOf("hooked"), kNowMs, 5));
        QTRY_VERIFY_WITH_TIMEOUT(writer.isIdle(), 30'000);
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics"), 5.0);
        QCOMPARE(db.scalar("SELECT count(*) FROM side"), 1.0);
        QCOMPARE(db.scalar("SELECT sum(n) FROM side"), 5.0);
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
        QCOMPARE(runShell(u"source '"_s + script + u"' && pg_test_start && env | grep ^PULSE_TEST_PG_"_s, &env), 0);
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
            PgWriterConfig config = configFor(db.url());
            config.spoolPath = dir.filePath(u"spool"_s).toStdString();
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
