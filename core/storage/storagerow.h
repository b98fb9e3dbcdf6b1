#pragma once

#include "ingest/streamprogress.h"
#include "model/clock.h"
#include "model/metrictype.h"
#include "model/seriesregistry.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

class TDigest;

/** The tables the writer may touch; SQL identifiers only ever come from this fixed list. */
enum class StorageTable : std::uint8_t { Raw, Rollup10s, Rollup1m, Rollup1h };

inline constexpr int kStorageTableCount = 4;

/** "metrics", "metrics_10s", "metrics_1m", "metrics_1h". */
constexpr std::string_view storageTableName(StorageTable t)
{
    switch (t) {
    case StorageTable::Raw:
        return "metrics";
    case StorageTable::Rollup10s:
        return "metrics_10s";
    case StorageTable::Rollup1m:
        return "metrics_1m";
    case StorageTable::Rollup1h:
        return "metrics_1h";
    }
    return "metrics";
}

/** The table for a window length in ms (1 s, 10 s, 60 s, 3600 s), or nullopt. */
std::optional<StorageTable> storageTableForWindowMs(std::int64_t sizeMs);
std::optional<StorageTable> storageTableFromIndex(int index);

/** Text columns of one series, computed once per series and shared by all its rows. */
struct SeriesText {
    std::string key; ///< canonical `name{k=v,...}`
    std::string sourceId; ///< `source` tag, else `host` tag, else ""
    std::string metricName;
    std::string tagsJson; ///< `{"k":"v",...}`
    MetricType type = MetricType::Gauge;
};

using SeriesTextPtr = std::shared_ptr<const SeriesText>;

/** Builds the text columns; invalid UTF-8 and NUL bytes (which PostgreSQL text rejects) become U+FFFD. */
SeriesTextPtr makeSeriesText(const SeriesInfo& info);
/** Valid UTF-8 without NUL: every invalid byte becomes U+FFFD. */
std::string sanitizeUtf8(std::string_view s);
/** JSON object text for sorted tags (RFC 8259 escaping; invalid UTF-8 is passed through byte for byte). */
std::string tagsToJson(const std::vector<Tag>& tags);

/** One row for one of the tables; NaN fields are stored as NULL. */
struct StorageRow {
    static constexpr double kNull = std::numeric_limits<double>::quiet_NaN();
    SeriesTextPtr series;
    TimestampMs timeMs = 0; ///< window start (raw: time, rollups: bucket)
    double value = kNull; ///< raw only: counters sum, gauges last, sets distinct, others mean
    double count = 0;
    double sum = kNull;
    double min = kNull;
    double max = kNull;
    double p50 = kNull; ///< rollups only
    double p95 = kNull;
    double p99 = kNull;
    std::shared_ptr<const TDigest> digest; ///< rollups of digest types, from the pipeline
    std::string digestBytes; ///< serialized digest, when the row came back from the spool
};

/**
 * Exactly-once Kafka: what a batch's transaction records beside its rows (pulse_kafka_offsets, pulse_kafka_written):
 * where each partition resumes, and up to when each table's windows are written (both as of this batch).
 */
struct StreamCheckpoint {
    std::string group; ///< the Kafka consumer group
    /** By StorageTable: every window ending at or before this is written; kNotWrittenMs: none yet. */
    std::array<TimestampMs, kStorageTableCount> writtenThroughMs {};
    std::vector<PartitionOffset> offsets;

    static constexpr TimestampMs kNotWrittenMs = std::numeric_limits<TimestampMs>::min();
};

/** Rows of one table, the unit of queueing, spooling and writing. */
struct StorageBatch {
    StorageTable table = StorageTable::Raw;
    std::vector<StorageRow> rows;
    /**
     * The process run that produced the rows (rollups store it in `writer_run`, part of their unique key); 0 until
     * PgWriter::enqueue stamps its own. Kept through the spool, so a replayed batch is still recognised as written.
     */
    std::int64_t writerRun = 0;
    /** Written in the same transaction as the rows; such a batch is never merged, split or spooled. */
    std::shared_ptr<const StreamCheckpoint> checkpoint;
};

/** Approximate heap + object bytes of a row while queued (series text is shared and not counted). */
std::size_t storageRowBytes(const StorageRow& row);

} // namespace pulse
