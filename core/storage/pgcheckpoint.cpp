#include "storage/pgcheckpoint.h"

#include <pqxx/pqxx>

#include <cmath>

namespace pulse::pgcheckpoint {

void write(pqxx::transaction_base& tx, const StreamCheckpoint& checkpoint)
{
    for (const PartitionOffset& o : checkpoint.offsets)
        tx.exec_params("INSERT INTO pulse_kafka_offsets (consumer_group, topic, partition, next_offset, updated_at) "
                       "VALUES ($1, $2, $3, $4, now()) ON CONFLICT (consumer_group, topic, partition) DO UPDATE "
                       "SET next_offset = excluded.next_offset, updated_at = excluded.updated_at",
            checkpoint.group, o.topic, o.partition, o.nextOffset);
    for (int t = 0; t < kStorageTableCount; ++t) {
        const TimestampMs through = checkpoint.writtenThroughMs[static_cast<std::size_t>(t)];
        if (through == StreamCheckpoint::kNotWrittenMs)
            continue;
        // Whole milliseconds as an integer: no rounding on the way in or out.
        tx.exec_params("INSERT INTO pulse_kafka_written (consumer_group, table_name, written_through) "
                       "VALUES ($1, $2, to_timestamp(0) + $3::bigint * interval '1 millisecond') "
                       "ON CONFLICT (consumer_group, table_name) DO UPDATE "
                       "SET written_through = greatest(pulse_kafka_written.written_through, excluded.written_through)",
            checkpoint.group, std::string(storageTableName(static_cast<StorageTable>(t))), through);
    }
}

StreamCheckpoint read(pqxx::transaction_base& tx, const std::string& group)
{
    StreamCheckpoint out;
    out.group = group;
    out.writtenThroughMs.fill(StreamCheckpoint::kNotWrittenMs);
    const pqxx::result offsets
        = tx.exec_params("SELECT topic, partition, next_offset FROM pulse_kafka_offsets WHERE consumer_group = $1 "
                         "ORDER BY topic, partition",
            group);
    for (const auto& row : offsets)
        out.offsets.push_back({ row[0].as<std::string>(), row[1].as<std::int32_t>(), row[2].as<std::int64_t>() });
    const pqxx::result written
        = tx.exec_params("SELECT table_name, (extract(epoch FROM written_through) * 1000)::numeric::bigint "
                         "FROM pulse_kafka_written WHERE consumer_group = $1",
            group);
    for (const auto& row : written) {
        const std::string name = row[0].as<std::string>();
        for (int t = 0; t < kStorageTableCount; ++t)
            if (storageTableName(static_cast<StorageTable>(t)) == name)
                out.writtenThroughMs[static_cast<std::size_t>(t)] = row[1].as<std::int64_t>();
    }
    return out;
}

} // namespace pulse::pgcheckpoint
