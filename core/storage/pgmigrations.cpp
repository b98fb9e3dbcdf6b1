#include "storage/pgmigrations.h"

#include <pqxx/pqxx>

namespace pulse {

namespace {

constexpr std::int64_t kMigrationLockKey = 0x70756c736500; // "pulse" + 0

constexpr StorageTable kAllTables[]
    = { StorageTable::Raw, StorageTable::Rollup10s, StorageTable::Rollup1m, StorageTable::Rollup1h };

std::string createTableSql(StorageTable table, bool isTimescale)
{
    const std::string name(storageTableName(table));
    const std::string time(pgschema::timeColumn(table));
    std::string sql = "CREATE TABLE " + name + " (" + time
        + " timestamptz NOT NULL, series_key text NOT NULL, source_id text NOT NULL DEFAULT '', "
          "metric_name text NOT NULL, tags jsonb NOT NULL DEFAULT '{}'::jsonb, type text NOT NULL, ";
    if (table == StorageTable::Raw)
        sql += "value double precision, ";
    sql += "count double precision NOT NULL DEFAULT 0, sum double precision, min double precision, "
           "max double precision, ";
    if (table != StorageTable::Raw)
        sql += "p50 double precision, p95 double precision, p99 double precision, digest bytea, ";
    sql += "CONSTRAINT " + name + "_series_time UNIQUE (series_key, " + time + "))";
    if (!isTimescale)
        sql += " PARTITION BY RANGE (" + time + ")";
    return sql;
}

void applyVersion1(pqxx::work& tx, bool isTimescale)
{
    if (isTimescale)
        tx.exec0("CREATE EXTENSION IF NOT EXISTS timescaledb");
    for (const StorageTable table : kAllTables) {
        const std::string name(storageTableName(table));
        const std::string time(pgschema::timeColumn(table));
        tx.exec0(createTableSql(table, isTimescale));
        tx.exec0("CREATE INDEX " + name + "_name_time ON " + name + " (metric_name, " + time + " DESC)");
        if (isTimescale) {
            const char* chunk = table == StorageTable::Raw ? "1 hour" : "1 day";
            tx.exec("SELECT create_hypertable('" + name + "', '" + time + "', chunk_time_interval => INTERVAL '" + chunk
                + "')");
        }
    }
}

void applyVersion2(pqxx::work& tx)
{
    for (const StorageTable table : kAllTables) {
        const std::string name(storageTableName(table));
        tx.exec0("CREATE INDEX " + name + "_source_time ON " + name + " (source_id, "
            + std::string(pgschema::timeColumn(table)) + " DESC)");
    }
}

// Rollup rows are keyed by the process that wrote them too: a process stopped mid-bucket writes its share (its open
// windows are flushed at stop) and the next one writes the rest of the same bucket as a row of its own; reads merge
// the rows of a bucket (counts and sums add, t-digests merge). A retried batch still carries its own writer's run,
// so ON CONFLICT DO NOTHING keeps it from counting twice. Raw rows (1 s) keep the first writer's row.
void applyVersion3(pqxx::work& tx)
{
    for (const StorageTable table : kAllTables) {
        if (table == StorageTable::Raw)
            continue;
        const std::string name(storageTableName(table));
        tx.exec0("ALTER TABLE " + name + " ADD COLUMN writer_run bigint NOT NULL DEFAULT 0");
        tx.exec0("ALTER TABLE " + name + " DROP CONSTRAINT " + name + "_series_time");
        tx.exec0("ALTER TABLE " + name + " ADD CONSTRAINT " + name + "_series_time UNIQUE (series_key, "
            + std::string(pgschema::timeColumn(table)) + ", writer_run)");
    }
}

// Exactly-once Kafka (pulseboard-server --kafka-exactly-once): per consumer group, where each partition resumes and up
// to when each table's windows are written. Both are updated in the transaction of every rollup batch.
void applyVersion4(pqxx::work& tx)
{
    tx.exec0("CREATE TABLE pulse_kafka_offsets (consumer_group text NOT NULL, topic text NOT NULL, "
             "partition integer NOT NULL, next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), "
             "PRIMARY KEY (consumer_group, topic, partition))");
    tx.exec0("CREATE TABLE pulse_kafka_written (consumer_group text NOT NULL, table_name text NOT NULL, "
             "written_through timestamptz NOT NULL, PRIMARY KEY (consumer_group, table_name))");
}

// Finding the series of a metric name in a time range (every history read starts with it) walks this index one
// series at a time instead of reading all their rows. Rollups only: raw rows are the writer's hot path.
void applyVersion5(pqxx::work& tx)
{
    for (const StorageTable table : kAllTables) {
        if (table == StorageTable::Raw)
            continue;
        const std::string name(storageTableName(table));
        tx.exec0("CREATE INDEX " + name + "_name_series_time ON " + name + " (metric_name, series_key, "
            + std::string(pgschema::timeColumn(table)) + ")");
    }
}

// Raw rows are the writer's hot path, and each index costs the server about a microsecond per row (a third of its
// time with three). The unique key led by the name finds a name's series (a loose index scan, see PgHistory) and reads
// a series' range as well as the two indexes it replaces. `series_key` starts with the name, so the key stays as
// unique as before.
void applyVersion6(pqxx::work& tx)
{
    tx.exec0("ALTER TABLE metrics DROP CONSTRAINT metrics_series_time");
    tx.exec0("DROP INDEX metrics_name_time");
    tx.exec0("ALTER TABLE metrics ADD CONSTRAINT metrics_name_series_time UNIQUE (metric_name, series_key, time)");
}

// TimescaleDB objects that cannot be created inside a transaction block, and the configurable policies.
void applyTimescalePolicies(pqxx::connection_base& connection, const SchemaOptions& options)
{
    pqxx::nontransaction tx(connection);
    tx.exec0("CREATE MATERIALIZED VIEW IF NOT EXISTS metrics_1m_cagg WITH (timescaledb.continuous) AS "
             "SELECT time_bucket(INTERVAL '1 minute', time) AS bucket, series_key, source_id, metric_name, "
             "sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max "
             "FROM metrics GROUP BY 1, 2, 3, 4 WITH NO DATA");
    tx.exec("SELECT add_continuous_aggregate_policy('metrics_1m_cagg', start_offset => INTERVAL '2 hours', "
            "end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute', if_not_exists => true)");
    for (const StorageTable table : kAllTables) {
        const std::string name(storageTableName(table));
        tx.exec("SELECT remove_retention_policy('" + name + "', if_exists => true)");
        const int days = options.retention.days[static_cast<int>(table)];
        if (days > 0)
            tx.exec("SELECT add_retention_policy('" + name + "', INTERVAL '" + std::to_string(days) + " days')");
    }
}

int readVersion(pqxx::transaction_base& tx)
{
    const pqxx::result exists = tx.exec("SELECT to_regclass('pulse_schema_version') IS NOT NULL");
    if (!exists[0][0].as<bool>())
        return 0;
    const pqxx::result r = tx.exec("SELECT coalesce(max(version), 0) FROM pulse_schema_version");
    return r[0][0].as<int>();
}

} // namespace

int PgMigrations::currentVersion(pqxx::connection_base& connection)
{
    pqxx::read_transaction tx(connection);
    return readVersion(tx);
}

bool PgMigrations::isTimescale(pqxx::connection_base& connection)
{
    pqxx::read_transaction tx(connection);
    if (readVersion(tx) == 0)
        return false;
    const pqxx::result r = tx.exec("SELECT is_timescale FROM pulse_schema_version WHERE version = 1");
    return !r.empty() && r[0][0].as<bool>();
}

MigrationResult PgMigrations::migrate(
    pqxx::connection_base& connection, const SchemaOptions& options, int targetVersion)
{
    MigrationResult result;
    try {
        pqxx::work tx(connection, "pulse_migrate");
        // Serialises concurrent migrators before anything is read, so the loser sees the winner's version.
        tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")");
        tx.exec0("CREATE TABLE IF NOT EXISTS pulse_schema_version (version integer PRIMARY KEY, "
                 "applied_at timestamptz NOT NULL DEFAULT now(), is_timescale boolean NOT NULL DEFAULT false)");
        result.fromVersion = readVersion(tx);
        result.toVersion = result.fromVersion;
        if (result.fromVersion == 0) {
            result.isTimescale = options.isTimescaleAllowed && pgschema::isTimescaleAvailable(tx);
        } else {
            const pqxx::result r = tx.exec("SELECT is_timescale FROM pulse_schema_version WHERE version = 1");
            result.isTimescale = !r.empty() && r[0][0].as<bool>();
        }
        for (int v = result.fromVersion + 1; v <= targetVersion && v <= kLatestVersion; ++v) {
            if (v == 1)
                applyVersion1(tx, result.isTimescale);
            else if (v == 2)
                applyVersion2(tx);
            else if (v == 3)
                applyVersion3(tx);
            else if (v == 4)
                applyVersion4(tx);
            else if (v == 5)
                applyVersion5(tx);
            else if (v == 6)
                applyVersion6(tx);
            tx.exec0("INSERT INTO pulse_schema_version (version, is_timescale) VALUES (" + std::to_string(v) + ", "
                + (result.isTimescale ? "true" : "false") + ")");
            result.toVersion = v;
        }
        tx.commit();
        if (result.isTimescale)
            applyTimescalePolicies(connection, options);
        result.isOk = true;
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    return result;
}

} // namespace pulse
