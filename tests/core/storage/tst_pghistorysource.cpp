#include "pipeline/pipeline.h"
#include "storage/pgconnection.h"
#include "storage/pghistorysource.h"
#include "storage/pgmigrations.h"
#include "storage/storageoutput.h"

#include <QTemporaryDir>
#include <QTest>

#include <pqxx/pqxx>

#include <thread>
#include <unistd.h>

using namespace pulse;

namespace {

/** Pushes ready-made points into the pipeline, as the system collector does. */
class PointFeed final : public PipelineSource {
public:
    PointFeed(IngestQueue& queue, std::uint16_t index)
        : m_queue(queue)
        , m_index(index)
    { }
    std::string name() const override { return "feed"; }
    std::optional<std::string> start() override { return std::nullopt; }
    void stop() override { }
    bool push(std::vector<PointSample> points)
    {
        IngestBatchPtr batch = m_queue.acquire();
        batch->sourceIndex = m_index;
        batch->points = std::move(points);
        return m_queue.push(batch, std::chrono::milliseconds(2000));
    }

private:
    IngestQueue& m_queue;
    std::uint16_t m_index;
};

PipelineConfig quietConfig()
{
    PipelineConfig config;
    config.hasSystemCollector = false;
    config.hasSelfMetrics = false;
    config.hasRollupDigests = true;
    return config;
}

double sumOfCounts(const RollingStore& store, const char* selector, std::int64_t stepMs, TimestampMs toMs)
{
    const auto series = store.findSeries(*SeriesSelector::parse(selector).selector);
    if (series.size() != 1)
        return -1;
    RangeQuery q;
    q.series = series[0]->id;
    q.field = Field::Count;
    q.fromMs = toMs - 15 * 60'000;
    q.toMs = toMs;
    q.maxPoints = 100'000; // the finest resolution
    const RangeResult r = store.read(q);
    if (!r.isOk() || r.stepMs != stepMs)
        return -2;
    double sum = 0;
    for (const StorePoint& p : r.points)
        sum += std::isnan(p.value) ? 0 : p.value;
    return sum;
}

} // namespace

class TestPgHistorySource : public QObject {
    Q_OBJECT
private:
    std::string m_adminUrl;
    std::vector<std::string> m_databases;

#define REQUIRE_SERVER()                                                                                               \
    if (m_adminUrl.empty())                                                                                            \
    QSKIP("PULSE_TEST_PG_URL is unset: run under scripts/test (or source scripts/pg-test-env; pg_test_start)")

    std::string databaseUrl(const std::string& suffix, bool isCreated = true)
    {
        const std::string name = "pulse_tst_histsrc_" + suffix + "_" + std::to_string(::getpid());
        m_databases.push_back(name);
        if (isCreated)
            createDatabase(name);
        return pgUrlWithDatabase(m_adminUrl, name);
    }

    void createDatabase(const std::string& name)
    {
        pqxx::connection admin(m_adminUrl);
        pqxx::nontransaction tx(admin);
        tx.exec0("DROP DATABASE IF EXISTS " + name);
        tx.exec0("CREATE DATABASE " + name);
    }

    static std::int64_t rowCount(const std::string& url, const char* table)
    {
        pqxx::connection c(url);
        pqxx::read_transaction tx(c);
        return tx.exec1(std::string("SELECT count(*) FROM ") + table)[0].as<std::int64_t>();
    }

    /** A history source added to `pipeline` (before start()), reading `url`. */
    static PgHistorySource* addHistory(Pipeline& pipeline, const std::string& url, std::int64_t retryBaseMs = 1000)
    {
        PgHistorySource* history = nullptr;
        PgHistorySourceConfig config;
        config.url = url;
        config.store = pipeline.store().config();
        config.retryBaseMs = retryBaseMs;
        config.retryCapMs = std::max<std::int64_t>(retryBaseMs * 3, 300);
        pipeline.addSource([&](IngestQueue& queue, std::uint16_t index, const Clock& clock) {
            auto source = std::make_unique<PgHistorySource>(config, queue, index, clock);
            history = source.get();
            return source;
        });
        return history;
    }

    /** A first run: `count` samples of a timer and a counter, one per 10 ms, written by the history writer. */
    void writeFirstRun(const std::string& url, const QString& spoolDir, int count)
    {
        StorageOptions options;
        options.url = url;
        options.spoolDir = spoolDir.toStdString();
        StorageOutput storage(options);
        QCOMPARE(storage.openInBackground(), std::nullopt);
        Pipeline first(quietConfig());
        PointFeed* feed = nullptr;
        first.addSource([&](IngestQueue& queue, std::uint16_t index, const Clock&) {
            auto source = std::make_unique<PointFeed>(queue, index);
            feed = source.get();
            return source;
        });
        storage.attach(first);
        QCOMPARE(first.start(), std::nullopt);
        for (int i = 0; i < count; ++i) {
            const TimestampMs now = SystemClock::instance().nowMs();
            QVERIFY(
                feed->push({ PointSample { "http.latency", { { "host", "web-1" } }, MetricType::Timer, double(i), now },
                    PointSample { "requests", {}, MetricType::Counter, 1.0, now } }));
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        first.stop(); // closes every open window
        QTRY_VERIFY_WITH_TIMEOUT(storage.stats().writtenRows > 0 && storage.stats().queuedRows == 0, 20'000);
        QCOMPARE(storage.stats().spooledRows, 0u);
        storage.stop();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_adminUrl = qEnvironmentVariable("PULSE_TEST_PG_URL").toStdString();
    }

    void cleanupTestCase()
    {
        if (m_adminUrl.empty())
            return;
        pqxx::connection admin(m_adminUrl);
        pqxx::nontransaction tx(admin);
        for (const std::string& name : m_databases)
            tx.exec0("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    void restartShowsWhatThePreviousRunWroteWithoutWritingItAgain()
    {
        REQUIRE_SERVER();
        const std::string url = databaseUrl("restart");
        QTemporaryDir spool;
        constexpr int kSamples = 150;
        writeFirstRun(url, spool.path(), kSamples);
        const std::int64_t rawRows = rowCount(url, "metrics");
        const std::int64_t tenSecondRows = rowCount(url, "metrics_10s");
        QVERIFY(rawRows >= 2);
        // Every 1 s window of the first run has ended before the second run starts.
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));

        StorageOptions options;
        options.url = url;
        options.spoolDir = spool.path().toStdString();
        StorageOutput storage(options);
        QCOMPARE(storage.openInBackground(), std::nullopt);
        Pipeline second(quietConfig());
        storage.attach(second);
        PgHistorySource* history = addHistory(second, url);
        // `*` matches both again, and "requests" comes twice: each series is still read (and stored) once.
        history->setRequest({ "http.latency", "requests", "requests", "*" }, 15 * 60'000);
        // Panels read LOADING from the first frame, before the worker even ran.
        QCOMPARE(history->health().state, SourceHealth::State::Loading);
        QCOMPARE(second.sourceStatus().loadingMask, sourceBit(second.sources().back().index));
        QCOMPARE(second.start(), std::nullopt);
        QTRY_VERIFY_WITH_TIMEOUT(history->stats().isLoaded, 20'000);
        QCOMPARE(history->health().state, SourceHealth::State::Up);
        QCOMPARE(second.sourceStatus().loadingMask, 0u);
        QCOMPARE(history->stats().reads, 1u); // the selectors of one range are read together
        QVERIFY(history->stats().windows > 0);

        // Every sample of the first run is back, at 1 s.
        const TimestampMs now = SystemClock::instance().nowMs();
        QTRY_COMPARE_WITH_TIMEOUT(sumOfCounts(second.store(), "http.latency", 1000, now), double(kSamples), 5000);
        QCOMPARE(sumOfCounts(second.store(), "requests", 1000, now), double(kSamples));
        QCOMPARE(second.store().stats().totalRejected(), 0u);

        second.stop();
        QTRY_VERIFY_WITH_TIMEOUT(storage.stats().queuedRows == 0, 20'000);
        storage.stop();
        // What was read back was not written again (the rollups would count twice).
        QCOMPARE(rowCount(url, "metrics"), rawRows);
        QCOMPARE(rowCount(url, "metrics_10s"), tenSecondRows);
    }

    void unreachableDatabaseIsRetriedUntilItLoads()
    {
        REQUIRE_SERVER();
        const std::string url = databaseUrl("later", false);
        Pipeline pipeline(quietConfig());
        PgHistorySource* history = addHistory(pipeline, url, 100);
        history->setRequest({ "*" }, 15 * 60'000);
        QCOMPARE(pipeline.start(), std::nullopt);
        QTRY_COMPARE_WITH_TIMEOUT(history->health().state, SourceHealth::State::Disconnected, 20'000);
        const SourceHealth down = history->health();
        QVERIFY2(down.message.starts_with("history not loaded: "), down.message.c_str());
        QVERIFY2(down.message.find("does not exist") != std::string::npos, down.message.c_str());
        QVERIFY(down.message.find('\n') == std::string::npos);
        QCOMPARE(pipeline.sourceStatus().disconnectedMask != 0, true);
        QVERIFY(history->stats().failedReads >= 1u);

        // The database appears (with a schema and nothing in it): the next retry loads, and the source is up.
        createDatabase(m_databases.back());
        {
            pqxx::connection c(url);
            SchemaOptions schema;
            schema.isTimescaleAllowed = false;
            QVERIFY(PgMigrations::migrate(c, schema).isOk);
        }
        QTRY_VERIFY_WITH_TIMEOUT(history->stats().isLoaded, 20'000);
        QCOMPARE(history->health().state, SourceHealth::State::Up);
        QCOMPARE(history->stats().reads, 1u);
        pipeline.stop();
    }

    void aLongerRangeReadsOnlyTheOlderPart()
    {
        REQUIRE_SERVER();
        const std::string url = databaseUrl("range");
        QTemporaryDir spool;
        writeFirstRun(url, spool.path(), 50);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
        Pipeline pipeline(quietConfig());
        PgHistorySource* history = addHistory(pipeline, url);
        // 1 ms back: nothing of the first run is in range.
        history->setRequest({ "requests" }, 1);
        QCOMPARE(pipeline.start(), std::nullopt);
        QTRY_VERIFY_WITH_TIMEOUT(history->stats().isLoaded, 20'000);
        QCOMPARE(history->stats().windows, 0u);
        QCOMPARE(history->stats().reads, 1u);
        // The same request again reads nothing; a longer range reads the older part once.
        history->setRequest({ "requests" }, 1);
        history->setRequest({ "requests" }, 15 * 60'000);
        QTRY_VERIFY_WITH_TIMEOUT(history->stats().isLoaded && history->stats().reads == 2u, 20'000);
        const std::uint64_t windows = history->stats().windows;
        QVERIFY(windows > 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            sumOfCounts(pipeline.store(), "requests", 1000, SystemClock::instance().nowMs()), 50.0, 5000);
        history->setRequest({ "requests" }, 10 * 60'000); // shorter: already loaded
        QTest::qWait(300);
        QCOMPARE(history->stats().reads, 2u);
        QCOMPARE(history->stats().windows, windows);
        QCOMPARE(pipeline.store().stats().rejectedFor(StoreRejection::Duplicate), 0u);
        pipeline.stop();
    }
};

QTEST_GUILESS_MAIN(TestPgHistorySource)
#include "tst_pghistorysource.moc"
