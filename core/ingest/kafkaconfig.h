#pragma once

#include "ingest/ingestbatch.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pulse {

class KafkaStreamProgress;

using KafkaProperty = std::pair<std::string, std::string>;

/** Everything one Kafka consumer source needs; parsed from a source URL (see parseKafkaSourceUrl). */
struct KafkaSourceConfig {
    std::string brokers; ///< "host:port,host:port"
    std::vector<std::string> topics;
    std::string group = "pulseboard";
    PayloadFormat format = PayloadFormat::Statsd;
    bool isFromEarliest = false; ///< where a group without committed offsets starts
    std::size_t maxMessageBytes = 1024 * 1024; ///< larger messages are dead-lettered
    std::size_t deadLetterCapacity = 256; ///< entries kept in memory
    std::string deadLetterPath; ///< optional append-only file of dead letters
    /**
     * Extra librdkafka properties (security.protocol, sasl.*, ssl.*, client.id, ...), unresolved:
     * values may be `env:VAR`, and `KEY.file=PATH` reads KEY's value from a file.
     */
    std::vector<KafkaProperty> properties;
    int fetchWaitMaxMs = 50;
    int stopTimeoutMs = 4000; ///< bound on consumer close; stop() returns within this plus a little
    /**
     * Exactly-once mode (pulseboard-server --kafka-exactly-once): samples take their message's timestamp as event
     * time, partitions start at the offsets the database holds, nothing is committed to Kafka, and what the
     * aggregation thread has taken is reported here (see KafkaStreamProgress). Statsd and json formats only.
     */
    std::shared_ptr<KafkaStreamProgress> exactlyOnce;
    /** Exactly-once: a partition whose next message is this far ahead of the slowest one waits (paused). */
    std::int64_t maxPartitionSkewMs = 1000;
};

/** A parsed config or the reason it could not be parsed. */
struct KafkaConfigResult {
    std::optional<KafkaSourceConfig> config;
    std::string error;
};

/**
 * Parses `[kafka://]BROKERS/TOPIC[,TOPIC2]?group=G&format=statsd|influx|json&from=latest|earliest`
 * plus optional `max_message_bytes=N`, `dead_letters=N`, `dead_letter_file=PATH` and librdkafka
 * pass-through properties (security.protocol, sasl.*, ssl.*, client.id, ...). Secrets must be
 * indirect (`env:VAR` or `KEY.file=PATH`): a literal password is an error, so layouts never hold one.
 */
KafkaConfigResult parseKafkaSourceUrl(std::string_view url);

/** The consumer's full librdkafka configuration with secrets resolved, or the reason it failed. */
struct KafkaPropertiesResult {
    std::vector<KafkaProperty> properties;
    std::string error;
};
KafkaPropertiesResult consumerProperties(const KafkaSourceConfig& config);

/** "statsd", "influx" or "json". */
std::string_view payloadFormatName(PayloadFormat format);

} // namespace pulse
