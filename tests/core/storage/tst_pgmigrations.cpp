#include "testdatabase.h"

#include "storage/pgconnection.h"
#include "storage/pgmigrations.h"
#include "storage/pgschema.h"

#include <QTest>

#include <pqxx/pqxx>

#include <random>
#include <thread>

using namespace pulse;
using namespace Qt::StringLiterals;
using pulse::test::TestDatabase;

namespace {

SchemaOptions plainOptions()
{
    SchemaOptions options;
    options.isTimescaleAllowed = false;
    return options;
}

std::vector<std::string> indexNames(pqxx::connection& c)
{
    pqxx::read_transaction tx(c);
    std::vector<std::string> names;
    for (const auto& row : tx.exec("SELECT indexname FROM pg_indexes WHERE tablename IN "
                                   "('metrics','metrics_10s','metrics_1m','metrics_1h') ORDER BY 1"))
        names.push_back(row[0].as<std::string>());
    return names;
}

bool contains(const std::vector<std::string>& v, const std::string& s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

class TestPgMigrations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void partitionNamesRoundTrip_data()
    {
        QTest::addColumn<int>("table");
        QTest::addColumn<qint64>("timeMs");
        QTest::addColumn<QString>("name");
        QTest::addRow("raw, epoch") << 0 << qint64(0) << u"metrics_p19700101"_s;
        QTest::addRow("raw, last ms of a day") << 0 << qint64(86'400'000 - 1) << u"metrics_p19700101"_s;
        QTest::addRow("10 s, 2024-02-29") << 1 << qint64(1'709'164'800'000) << u"metrics_10s_p20240229"_s;
        QTest::addRow("1 h, 30-day partitions") << 3 << qint64(1'709'164'800'000) << u"metrics_1h_p20240217"_s;
        QTest::addRow("raw, before the epoch") << 0 << qint64(-1) << u"metrics_p19691231"_s;
    }
    void partitionNamesRoundTrip()
    {
        QFETCH(int, table);
        QFETCH(qint64, timeMs);
        QFETCH(QString, name);
        const auto t = static_cast<StorageTable>(table);
        const std::int64_t day = pgschema::partitionStartDay(t, timeMs);
        QCOMPARE(QString::fromStdString(pgschema::partitionName(t, day)), name);
        QCOMPARE(pgschema::partitionStartDayFromName(t, name.toStdString()), day);
    }

    void foreignPartitionNamesAreNotOurs_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("other table") << u"metrics_10s_p20240101"_s;
        QTest::addRow("not a date") << u"metrics_p2024x101"_s;
        QTest::addRow("impossible date") << u"metrics_p20240231"_s;
        QTest::addRow("operator's own") << u"metrics_archive"_s;
    }
    void foreignPartitionNamesAreNotOurs()
    {
        QFETCH(QString, name);
        QCOMPARE(pgschema::partitionStartDayFromName(StorageTable::Raw, name.toStdString()), std::int64_t(-1));
    }

    void redactsPasswords_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::addRow("uri") << u"postgresql://u:secret@h:5432/db"_s << u"postgresql://u:***@h:5432/db"_s;
        QTest::addRow("uri without password") << u"postgresql://u@h/db"_s << u"postgresql://u@h/db"_s;
        QTest::addRow("keywords") << u"host=h password=secret dbname=x"_s << u"host=h password=*** dbname=x"_s;
    }
    void redactsPasswords()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(pgRedactUrl(url.toStdString())), expected);
    }

    void emptyDatabaseMigratesToLatest()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        QCOMPARE(PgMigrations::currentVersion(c), 0);
        const MigrationResult r = PgMigrations::migrate(c, plainOptions());
        QVERIFY2(r.isOk, r.error.c_str());
        QCOMPARE(r.fromVersion, 0);
        QCOMPARE(r.toVersion, PgMigrations::kLatestVersion);
        QVERIFY(!r.isTimescale);
        QCOMPARE(PgMigrations::currentVersion(c), PgMigrations::kLatestVersion);
        const auto indexes = indexNames(c);
        for (const char* table : { "metrics_10s", "metrics_1m", "metrics_1h" }) {
            QVERIFY2(contains(indexes, std::string(table) + "_name_time"), table);
            QVERIFY2(contains(indexes, std::string(table) + "_source_time"), table);
            QVERIFY2(contains(indexes, std::string(table) + "_series_time"), table);
            QVERIFY2(contains(indexes, std::string(table) + "_name_series_time"), table);
        }
        // Raw rows: the name-led unique key serves the by-metric shape; one btree per row fewer.
        QVERIFY(contains(indexes, "metrics_name_series_time"));
        QVERIFY(contains(indexes, "metrics_source_time"));
        QVERIFY(!contains(indexes, "metrics_name_time"));
        QVERIFY(!contains(indexes, "metrics_series_time"));
    }

    void version1WithDataMigratesToLatestKeepingRows()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        const MigrationResult v1 = PgMigrations::migrate(c, plainOptions(), 1);
        QVERIFY2(v1.isOk, v1.error.c_str());
        QCOMPARE(v1.toVersion, 1);
        QVERIFY(!contains(indexNames(c), "metrics_source_time"));
        {
            pqxx::work tx(c);
            const std::int64_t day = pgschema::partitionStartDay(StorageTable::Raw, 1'700'000'000'000);
            pgschema::ensurePartitions(tx, StorageTable::Raw, std::vector<std::int64_t> { day });
            tx.exec0("INSERT INTO metrics (time, series_key, metric_name, type, count) "
                     "VALUES (to_timestamp(1700000000), 'cpu', 'cpu', 'gauge', 1)");
            tx.commit();
        }
        const MigrationResult v2 = PgMigrations::migrate(c, plainOptions());
        QVERIFY2(v2.isOk, v2.error.c_str());
        QCOMPARE(v2.fromVersion, 1);
        QCOMPARE(v2.toVersion, PgMigrations::kLatestVersion);
        QVERIFY(contains(indexNames(c), "metrics_source_time"));
        pqxx::read_transaction tx(c);
        QCOMPARE(tx.exec("SELECT count(*) FROM metrics")[0][0].as<int>(), 1);
    }

    void version2RollupsMigrateToRunKeyedRows()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        const MigrationResult v2 = PgMigrations::migrate(c, plainOptions(), 2);
        QVERIFY2(v2.isOk, v2.error.c_str());
        const std::int64_t day = pgschema::partitionStartDay(StorageTable::Rollup10s, 1'700'000'000'000);
        const auto insert = [&](const char* run) {
            pqxx::work tx(c);
            pgschema::ensurePartitions(tx, StorageTable::Rollup10s, std::vector<std::int64_t> { day });
            std::string sql = "INSERT INTO metrics_10s (bucket, series_key, metric_name, type, count";
            sql += run ? ", writer_run) " : ") ";
            sql += "VALUES (to_timestamp(1700000000), 'cpu', 'cpu', 'gauge', 1";
            sql += run ? std::string(", ") + run + ")" : std::string(")");
            tx.exec0(sql + " ON CONFLICT DO NOTHING");
            tx.commit();
        };
        insert(nullptr); // a row of the old schema
        const MigrationResult v3 = PgMigrations::migrate(c, plainOptions(), 3);
        QVERIFY2(v3.isOk, v3.error.c_str());
        QCOMPARE(v3.fromVersion, 2);
        QCOMPARE(v3.toVersion, 3);
        insert("7"); // another writer run's share of the same bucket is a row of its own
        insert("7"); // its retry is not
        insert("0"); // nor is the old row again
        QVERIFY(contains(indexNames(c), "metrics_10s_series_time"));
        pqxx::read_transaction tx(c);
        QCOMPARE(tx.exec("SELECT count(*) FROM metrics_10s")[0][0].as<int>(), 2);
        QCOMPARE(tx.exec("SELECT count(*) FROM metrics_10s WHERE writer_run = 0")[0][0].as<int>(), 1);
    }

    void version3MigratesToKafkaCheckpointTables()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        QVERIFY(PgMigrations::migrate(c, plainOptions(), 3).isOk);
        {
            pqxx::read_transaction tx(c);
            QVERIFY(tx.exec("SELECT to_regclass('pulse_kafka_offsets') IS NULL")[0][0].as<bool>());
        }
        const MigrationResult v4 = PgMigrations::migrate(c, plainOptions(), 4);
        QVERIFY2(v4.isOk, v4.error.c_str());
        QCOMPARE(v4.fromVersion, 3);
        QCOMPARE(v4.toVersion, 4);
        pqxx::work tx(c);
        tx.exec0(
            "INSERT INTO pulse_kafka_offsets (consumer_group, topic, partition, next_offset) VALUES ('g', 't', 0, 5)");
        // One row per group, topic and partition.
        QVERIFY_THROWS_EXCEPTION(pqxx::unique_violation,
            tx.exec0("INSERT INTO pulse_kafka_offsets (consumer_group, topic, partition, next_offset) "
                     "VALUES ('g', 't', 0, 6)"));
    }

    void version4MigratesToTheSeriesIndexOnRollups()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        QVERIFY(PgMigrations::migrate(c, plainOptions(), 4).isOk);
        const auto indexes = [&] {
            pqxx::read_transaction tx(c);
            return tx.exec("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%_name_series_time'")[0][0].as<int>();
        };
        QCOMPARE(indexes(), 0);
        const MigrationResult v5 = PgMigrations::migrate(c, plainOptions(), 5);
        QVERIFY2(v5.isOk, v5.error.c_str());
        QCOMPARE(v5.fromVersion, 4);
        QCOMPARE(v5.toVersion, 5);
        pqxx::read_transaction tx(c);
        for (const char* table : { "metrics_10s", "metrics_1m", "metrics_1h" }) {
            const pqxx::result r = tx.exec_params(
                "SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = $1 || '_name_series_time'",
                table);
            QCOMPARE(r.size(), pqxx::result::size_type(1));
            QVERIFY2(std::string(r[0][0].c_str()).find("(metric_name, series_key, bucket)") != std::string::npos,
                r[0][0].c_str());
        }
        // Not on raw rows: the writer's hot path.
        QCOMPARE(tx.exec("SELECT count(*) FROM pg_indexes WHERE tablename = 'metrics' AND indexname LIKE "
                         "'%_name_series_time'")[0][0]
                     .as<int>(),
            0);
    }

    void version5MigratesRawRowsToTheNameLedUniqueKeyKeepingThem()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        QVERIFY(PgMigrations::migrate(c, plainOptions(), 5).isOk);
        {
            pqxx::work tx(c);
            pgschema::ensurePartitions(
                tx, StorageTable::Raw, std::vector<std::int64_t> { pgschema::partitionStartDay(StorageTable::Raw, 0) });
            tx.exec0("INSERT INTO metrics (time, series_key, metric_name, type, value) VALUES "
                     "('1970-01-01 00:00:01+00', 'cpu{host=a}', 'cpu', 'gauge', 1), "
                     "('1970-01-01 00:00:02+00', 'cpu{host=a}', 'cpu', 'gauge', 2)");
            tx.commit();
        }
        const MigrationResult v6 = PgMigrations::migrate(c, plainOptions());
        QVERIFY2(v6.isOk, v6.error.c_str());
        QCOMPARE(v6.fromVersion, 5);
        QCOMPARE(v6.toVersion, 6);
        {
            pqxx::read_transaction tx(c);
            QCOMPARE(tx.exec("SELECT sum(value) FROM metrics")[0][0].as<double>(), 3.0);
            const pqxx::result r
                = tx.exec("SELECT indexdef FROM pg_indexes WHERE indexname = 'metrics_name_series_time'");
            QCOMPARE(r.size(), pqxx::result::size_type(1));
            QVERIFY2(std::string(r[0][0].c_str()).find("UNIQUE") != std::string::npos
                    && std::string(r[0][0].c_str()).find("(metric_name, series_key, \"time\")") != std::string::npos,
                r[0][0].c_str());
            QCOMPARE(tx.exec("SELECT count(*) FROM pg_indexes WHERE indexname IN ('metrics_name_time', "
                             "'metrics_series_time')")[0][0]
                         .as<int>(),
                0);
        }
        // Still one row per series and second.
        pqxx::work tx(c);
        QVERIFY_THROWS_EXCEPTION(pqxx::unique_violation,
            tx.exec0("INSERT INTO metrics (time, series_key, metric_name, type, value) VALUES "
                     "('1970-01-01 00:00:01+00', 'cpu{host=a}', 'cpu', 'gauge', 9)"));
    }

    void rerunningIsANoOp()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        QVERIFY(PgMigrations::migrate(c, plainOptions()).isOk);
        const MigrationResult again = PgMigrations::migrate(c, plainOptions());
        QVERIFY2(again.isOk, again.error.c_str());
        QCOMPARE(again.fromVersion, PgMigrations::kLatestVersion);
        QCOMPARE(again.toVersion, PgMigrations::kLatestVersion);
        pqxx::read_transaction tx(c);
        QCOMPARE(tx.exec("SELECT count(*) FROM pulse_schema_version")[0][0].as<int>(), PgMigrations::kLatestVersion);
    }

    void concurrentMigratorsAllSucceed_data()
    {
        QTest::addColumn<int>("migrators");
        QTest::addRow("two processes start together") << 2;
        QTest::addRow("four processes start together") << 4;
    }
    void concurrentMigratorsAllSucceed()
    {
        REQUIRE_SERVER();
        QFETCH(int, migrators);
        TestDatabase db;
        std::vector<MigrationResult> results(static_cast<std::size_t>(migrators));
        std::vector<std::thread> threads;
        for (int i = 0; i < migrators; ++i)
            threads.emplace_back([&, i] {
                try {
                    pqxx::connection c(db.url());
                    results[static_cast<std::size_t>(i)] = PgMigrations::migrate(c, plainOptions());
                } catch (const std::exception& e) {
                    results[static_cast<std::size_t>(i)].error = e.what();
                }
            });
        for (auto& t : threads)
            t.join();
        int fromEmpty = 0;
        for (const MigrationResult& r : results) {
            QVERIFY2(r.isOk, r.error.c_str());
            QCOMPARE(r.toVersion, PgMigrations::kLatestVersion);
            fromEmpty += r.fromVersion == 0 ? 1 : 0;
        }
        QCOMPARE(fromEmpty, 1); // exactly one did the work, the others found it done
    }

    void retentionDropsOldPartitionsAndKeepsTheRest()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        QVERIFY(PgMigrations::migrate(c, plainOptions()).isOk);
        const std::int64_t today = 20'000;
        std::vector<std::int64_t> days;
        for (std::int64_t d = today - 9; d <= today; ++d)
            days.push_back(d);
        {
            pqxx::work tx(c);
            pgschema::ensurePartitions(tx, StorageTable::Raw, days);
            tx.exec0(
                "CREATE TABLE metrics_archive PARTITION OF metrics FOR VALUES FROM ('1999-01-01') TO ('1999-01-02')");
            tx.commit();
        }
        pqxx::work tx(c);
        QCOMPARE(pgschema::listPartitions(tx, StorageTable::Raw).size(), std::size_t(11));
        // Keep 7 days: partitions ending at or before today - 7 go.
        const int dropped = pgschema::dropPartitionsBefore(tx, StorageTable::Raw, (today - 7) * kMsPerDay);
        QCOMPARE(dropped, 2);
        const auto left = pgschema::listPartitions(tx, StorageTable::Raw);
        QCOMPARE(left.size(), std::size_t(9));
        QVERIFY(contains(left, "metrics_archive")); // not ours: never dropped
        QVERIFY(contains(left, pgschema::partitionName(StorageTable::Raw, today - 7)));
        QVERIFY(!contains(left, pgschema::partitionName(StorageTable::Raw, today - 8)));
    }

    void timescalePathCreatesHypertables()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        pqxx::connection c(db.url());
        {
            pqxx::read_transaction tx(c);
            if (!pgschema::isTimescaleAvailable(tx))
                QSKIP("TimescaleDB extension not installed: the hypertable path runs only where it is");
        }
        SchemaOptions options;
        const MigrationResult r = PgMigrations::migrate(c, options);
        QVERIFY2(r.isOk, r.error.c_str());
        QVERIFY(r.isTimescale);
        pqxx::read_transaction tx(c);
        QCOMPARE(tx.exec("SELECT count(*) FROM timescaledb_information.hypertables")[0][0].as<int>(), 4);
        QVERIFY(tx.exec("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'")[0][0]
                    .as<int>()
            >= 4);
    }
};

QTEST_GUILESS_MAIN(TestPgMigrations)
#include "tst_pgmigrations.moc"
