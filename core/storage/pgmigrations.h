#pragma once

#include "storage/pgschema.h"

#include <string>

namespace pqxx {
class connection_base;
}

namespace pulse {

/** What start-up migration may do. */
struct SchemaOptions {
    bool isTimescaleAllowed = true; ///< use TimescaleDB when the server offers it (decided once, at version 1)
    RetentionConfig retention; ///< TimescaleDB: applied as retention policies at every start-up
};

/** Outcome of PgMigrations::migrate; libpqxx errors end up in `error`. */
struct MigrationResult {
    bool isOk = false;
    int fromVersion = 0;
    int toVersion = 0;
    bool isTimescale = false;
    std::string error;
};

/**
 * Versioned schema migrations recorded in `pulse_schema_version`. All pending steps run in one transaction
 * under pg_advisory_xact_lock, so two processes starting together both succeed and apply each step once.
 * - v1: metrics + metrics_10s/_1m/_1h (partitioned by range, or hypertables), unique (series_key, time|bucket),
 *       (metric_name, time) indexes
 * - v2: (source_id, time) indexes, for the per-source query shape
 * - v3: rollups get `writer_run` (the writing process) in their unique key, so a restart within a bucket adds a
 *       second row for it instead of losing its share; reads merge a bucket's rows
 * - v4: `pulse_kafka_offsets` and `pulse_kafka_written`, the exactly-once Kafka checkpoint
 * - v5: rollups get a (metric_name, series_key, time|bucket) index, so finding a name's series in a time range
 *       walks one index entry per series instead of reading all their rows
 * - v6: the raw table's unique key becomes (metric_name, series_key, time) and serves the by-metric query shape in
 *       place of its (metric_name, time) index: one btree fewer for every written row
 */
class PgMigrations {
public:
    static constexpr int kLatestVersion = 6;

    /** Brings the schema to targetVersion (never down); a no-op when it is there already. */
    static MigrationResult migrate(
        pqxx::connection_base& connection, const SchemaOptions& options = {}, int targetVersion = kLatestVersion);
    /** 0 for an empty database. */
    static int currentVersion(pqxx::connection_base& connection);
    /** Whether version 1 was created on TimescaleDB. */
    static bool isTimescale(pqxx::connection_base& connection);
};

} // namespace pulse
