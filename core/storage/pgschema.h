#pragma once

#include "storage/storagerow.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pqxx {
class transaction_base;
}

namespace pulse {

inline constexpr std::int64_t kMsPerDay = 86'400'000;

/** Days kept per table (metrics, 10 s, 1 min, 1 h); 0 keeps everything. */
struct RetentionConfig {
    std::array<int, kStorageTableCount> days { 7, 30, 90, 730 };
};

/**
 * Plain-PostgreSQL partition layout: each table is range-partitioned on its time column into partitions of
 * partitionDays(table) days aligned to the epoch, named `<table>_pYYYYMMDD` after their first day.
 */
namespace pgschema {

/** "time" for metrics, "bucket" for rollups. */
std::string_view timeColumn(StorageTable table);
/** Days per partition: 1, except 30 for the 1 h rollup (two years of daily partitions would slow planning). */
int partitionDays(StorageTable table);
/** The partition holding timeMs, as its first epoch day. */
std::int64_t partitionStartDay(StorageTable table, std::int64_t timeMs);
/** `metrics_p20240101` for the partition starting on that epoch day. */
std::string partitionName(StorageTable table, std::int64_t startDay);
/** The start day parsed back from a name made by partitionName, or -1 for any other name. */
std::int64_t partitionStartDayFromName(StorageTable table, std::string_view name);

/** Creates the partitions starting on these days unless they exist (serialised by an advisory lock). */
void ensurePartitions(pqxx::transaction_base& tx, StorageTable table, std::span<const std::int64_t> startDays);
/** Names of the table's partitions, oldest first. */
std::vector<std::string> listPartitions(pqxx::transaction_base& tx, StorageTable table);
/** Drops partitions that end at or before cutoffMs; returns how many. */
int dropPartitionsBefore(pqxx::transaction_base& tx, StorageTable table, std::int64_t cutoffMs);
/** Whether the server offers the TimescaleDB extension. */
bool isTimescaleAvailable(pqxx::transaction_base& tx);

} // namespace pgschema
} // namespace pulse
