#pragma once

#include "ingest/ingestbatch.h"
#include "kafka/kafkarelay.h"
#include "kafka/kafkasource.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pulse {

/**
 * Turns KafkaSource snapshots into `pulse.kafka.*` points, tagged `source` (the source's name), and per partition
 * also `topic` and `partition`: counters are the change since the previous call.
 * - per partition: messages, bytes, decode_errors (counters); lag_messages, lag_ms (gauges, while assigned)
 * - per source: up, paused, assigned_partitions (gauges); rebalances, lost_assignments, pauses, consumer_errors
 */
class KafkaSourceMetrics {
public:
    explicit KafkaSourceMetrics(std::string sourceName);
    void add(const KafkaSourceStats& stats, std::vector<PointSample>& out, TimestampMs nowMs);

private:
    struct PartitionTotals {
        std::uint64_t messages = 0;
        std::uint64_t bytes = 0;
        std::uint64_t decodeErrors = 0;
        std::uint64_t redelivered = 0;
    };
    std::string m_source;
    KafkaSourceStats m_last;
    std::map<std::pair<std::string, std::int32_t>, PartitionTotals> m_lastPartitions;
};

/**
 * Turns KafkaRelay counters into `pulse.kafka.relay.*` points tagged `source` (the relay's name): produced,
 * delivered, failed, dropped (queue full or refused), client_errors (counters, change since the previous call)
 * and queued (gauge: produced but not yet acknowledged).
 */
class KafkaRelayMetrics {
public:
    explicit KafkaRelayMetrics(std::string relayName);
    void add(const KafkaRelayStats& stats, std::vector<PointSample>& out, TimestampMs nowMs);

private:
    std::string m_source;
    KafkaRelayStats m_last;
};

} // namespace pulse
