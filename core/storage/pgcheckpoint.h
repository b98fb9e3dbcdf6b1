#pragma once

#include "storage/storagerow.h"

#include <string>

namespace pqxx {
class transaction_base;
}

namespace pulse {

/**
 * Exactly-once Kafka state in the database (schema version 4): pulse_kafka_offsets (where each partition of a
 * consumer group resumes) and pulse_kafka_written (up to when each table's windows are written for the group).
 * Every statement is parameterised; the table names come from the fixed StorageTable list.
 */
namespace pgcheckpoint {

/** Upserts the checkpoint (inside the transaction of the rows it describes). */
void write(pqxx::transaction_base& tx, const StreamCheckpoint& checkpoint);
/** The group's checkpoint as stored (kNotWrittenMs and no offsets for a group never seen). */
StreamCheckpoint read(pqxx::transaction_base& tx, const std::string& group);

} // namespace pgcheckpoint
} // namespace pulse
