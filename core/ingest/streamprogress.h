#pragma once

#include "model/clock.h"

#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pulse {

/** A topic partition and the offset to read next there. */
struct PartitionOffset {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t nextOffset = 0;

    bool operator==(const PartitionOffset&) const = default;
};

/** What one ingest batch of a Kafka source held of one partition (exactly-once bookkeeping). */
struct PartitionProgress {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t nextOffset = 0; ///< after the batch's last message of this partition
    std::int64_t maxEventMs = std::numeric_limits<std::int64_t>::min(); ///< newest message timestamp
    /** (event second, lowest offset with a timestamp in it), ascending by second, one entry per second. */
    std::vector<std::pair<std::int64_t, std::int64_t>> firstOffsetBySecond;

    /** Adds one message (offset ascending within the partition). */
    void add(std::int64_t offset, TimestampMs eventMs);
};

/**
 * The exactly-once link between a Kafka source (event time = message timestamps), the aggregation thread and the
 * history writer. The source reports what each batch held once the aggregation thread has taken it (onIngested()),
 * and where a partition reached its end; from that:
 *  - eventClockMs() is the pipeline's "now" for closing windows: the slowest assigned partition's newest aggregated
 *    timestamp, or the wall clock once every partition has been read to its end, so a replay after a restart closes
 *    the same windows as the first run did;
 *  - resumeOffsets(closedMs) is, per partition, the lowest offset whose message falls in a window not closed yet
 *    (timestamp >= closedMs): written with the rollups in one transaction, a restart seeks there and loses and
 *    repeats nothing (the windows up to closedMs that a replay closes again are skipped by the writer's sink).
 * Thread-safe (one mutex); the costs are per batch and partition, not per message.
 */
class KafkaStreamProgress {
public:
    static constexpr TimestampMs kUnknownMs = std::numeric_limits<TimestampMs>::min();

    /** Where each partition starts (from the database), used when the group assigns it; before the source starts. */
    void setStartOffsets(std::vector<PartitionOffset> offsets);
    /** The start offset for a partition, if the database had one. */
    std::optional<std::int64_t> startOffset(const std::string& topic, std::int32_t partition) const;

    /** The group assigned the partition to this process, reading from `nextOffset` (-1: unknown yet). */
    void onAssigned(const std::string& topic, std::int32_t partition, std::int64_t nextOffset);
    /** The partition went to another member: it no longer holds the clock back, and its offsets are not written. */
    void onRevoked(const std::string& topic, std::int32_t partition);
    /**
     * The source read the partition to its end, `endOffset`; `isNothingPending` when it consumed none of its messages
     * in this run (then nothing of it waits for the aggregation thread).
     */
    void onEndReached(const std::string& topic, std::int32_t partition, std::int64_t endOffset, bool isNothingPending);
    /** On the aggregation thread, after the batch holding these messages was aggregated. */
    void onIngested(const std::vector<PartitionProgress>& batch);

    /**
     * The event-time clock (monotonic): min over assigned partitions of their newest aggregated timestamp, where a
     * partition aggregated up to its end counts as `wallNowMs`; kUnknownMs until every assigned partition has
     * either delivered or reached its end.
     */
    TimestampMs eventClockMs(TimestampMs wallNowMs);
    /**
     * Per assigned partition: the lowest aggregated offset with a timestamp >= closedMs, else the offset after the
     * last aggregated message (or the assigned start). Forgets what lies before closedMs (call with a closedMs that
     * never decreases).
     */
    std::vector<PartitionOffset> resumeOffsets(TimestampMs closedMs);

private:
    /** An assigned partition (revoked ones are erased). */
    struct Partition {
        std::int64_t nextOffset = -1; ///< after the last aggregated message; -1 unknown
        std::int64_t endOffset = -1; ///< where the source last saw the partition's end; -1 none
        TimestampMs maxEventMs = kUnknownMs;
        std::map<std::int64_t, std::int64_t> firstOffsetBySecond;
    };
    using Key = std::pair<std::string, std::int32_t>;

    mutable std::mutex m_mutex;
    std::map<Key, std::int64_t> m_startOffsets;
    std::map<Key, Partition> m_partitions;
    TimestampMs m_clockMs = kUnknownMs;
};

} // namespace pulse
