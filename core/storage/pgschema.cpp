#include "storage/pgschema.h"

#include <pqxx/pqxx>

#include <chrono>
#include <cstdio>

namespace pulse::pgschema {

namespace {
// Distinct from the migration lock so partition creation never waits for a long migration on another table.
constexpr std::int64_t kPartitionLockKey = 0x70756c7365'01; // "pulse" + 1

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

std::string isoDate(std::int64_t day)
{
    const std::chrono::year_month_day ymd { std::chrono::sys_days { std::chrono::days { day } } };
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
        static_cast<unsigned>(ymd.day()));
    return buf;
}
} // namespace

std::string_view timeColumn(StorageTable table)
{
    return table == StorageTable::Raw ? "time" : "bucket";
}

int partitionDays(StorageTable table)
{
    return table == StorageTable::Rollup1h ? 30 : 1;
}

std::int64_t partitionStartDay(StorageTable table, std::int64_t timeMs)
{
    const std::int64_t day = floorDiv(timeMs, kMsPerDay);
    return floorDiv(day, partitionDays(table)) * partitionDays(table);
}

std::string partitionName(StorageTable table, std::int64_t startDay)
{
    std::string date = isoDate(startDay);
    std::string name(storageTableName(table));
    name += "_p";
    for (char c : date)
        if (c != '-')
            name += c;
    return name;
}

std::int64_t partitionStartDayFromName(StorageTable table, std::string_view name)
{
    const std::string prefix = std::string(storageTableName(table)) + "_p";
    if (!name.starts_with(prefix) || name.size() != prefix.size() + 8)
        return -1;
    int v[3] = { 0, 0, 0 };
    const int widths[3] = { 4, 2, 2 };
    std::size_t pos = prefix.size();
    for (int i = 0; i < 3; ++i) {
        for (int k = 0; k < widths[i]; ++k, ++pos) {
            const char c = name[pos];
            if (c < '0' || c > '9')
                return -1;
            v[i] = v[i] * 10 + (c - '0');
        }
    }
    const std::chrono::year_month_day ymd { std::chrono::year { v[0] },
        std::chrono::month { static_cast<unsigned>(v[1]) }, std::chrono::day { static_cast<unsigned>(v[2]) } };
    if (!ymd.ok())
        return -1;
    return std::chrono::sys_days { ymd }.time_since_epoch().count();
}

void ensurePartitions(pqxx::transaction_base& tx, StorageTable table, std::span<const std::int64_t> startDays)
{
    if (startDays.empty())
        return;
    tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kPartitionLockKey) + ")");
    const std::string parent(storageTableName(table));
    for (const std::int64_t day : startDays) {
        // Identifiers and bounds are generated from the allow-listed table name and integers, never from input.
        tx.exec0("CREATE TABLE IF NOT EXISTS " + partitionName(table, day) + " PARTITION OF " + parent
            + " FOR VALUES FROM ('" + isoDate(day) + " 00:00:00+00') TO ('" + isoDate(day + partitionDays(table))
            + " 00:00:00+00')");
    }
}

std::vector<std::string> listPartitions(pqxx::transaction_base& tx, StorageTable table)
{
    const pqxx::result r = tx.exec_params("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                                          "WHERE i.inhparent = to_regclass($1) ORDER BY c.relname",
        std::string(storageTableName(table)));
    std::vector<std::string> names;
    names.reserve(r.size());
    for (const auto& row : r)
        names.push_back(row[0].as<std::string>());
    return names;
}

int dropPartitionsBefore(pqxx::transaction_base& tx, StorageTable table, std::int64_t cutoffMs)
{
    const std::int64_t cutoffDay = floorDiv(cutoffMs, kMsPerDay);
    int dropped = 0;
    tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kPartitionLockKey) + ")");
    for (const std::string& name : listPartitions(tx, table)) {
        const std::int64_t start = partitionStartDayFromName(table, name);
        if (start < 0 || name != partitionName(table, start))
            continue; // not ours (an operator's partition): leave it alone
        if (start + partitionDays(table) <= cutoffDay) {
            tx.exec0("DROP TABLE IF EXISTS " + name);
            ++dropped;
        }
    }
    return dropped;
}

bool isTimescaleAvailable(pqxx::transaction_base& tx)
{
    const pqxx::result r = tx.exec("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'");
    return !r.empty();
}

} // namespace pulse::pgschema
