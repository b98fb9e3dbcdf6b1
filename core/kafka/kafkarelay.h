#pragma once

#include "ingest/kafkaconfig.h"
#include "pipeline/ingestor.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

struct rd_kafka_s;
struct rd_kafka_topic_s;

namespace pulse {

/** Where and how the relay produces; `--kafka-produce BROKERS/TOPIC` fills brokers and topic. */
struct KafkaRelayConfig {
    std::string brokers; ///< "host:port,host:port"
    std::string topic;
    int lingerMs = 5; ///< librdkafka batching delay
    int queueMaxMessages = 100'000; ///< producer queue bound; beyond it lines are dropped and counted
    int queueMaxKbytes = 64 * 1024;
    int messageTimeoutMs = 30'000; ///< undelivered for this long: a delivery failure
    /** "auto" = lz4, else zstd, else none, by what librdkafka was built with; or a codec name. */
    std::string compression = "auto";
    /**
     * Key of lines without a `source` tag, by source index. The UDP receiver does not keep sender
     * addresses, so the listener name stands in for them; a source without an entry uses "source-N".
     */
    std::vector<std::string> fallbackKeys;
    std::vector<KafkaProperty> properties; ///< extra librdkafka properties, applied as given (last wins)
    int stopTimeoutMs = 5000; ///< bound on the final flush
};

/** A parsed relay config or the reason it could not be parsed. */
struct KafkaRelayConfigResult {
    std::optional<KafkaRelayConfig> config;
    std::string error;
};

/** Parses the `--kafka-produce` value `[kafka://]BROKERS/TOPIC` (one topic, no query). */
KafkaRelayConfigResult parseKafkaRelayTarget(std::string_view target);

/** Counters of the relay; produced == delivered + failed + inFlight. */
struct KafkaRelayStats {
    std::uint64_t produced = 0; ///< handed to librdkafka
    std::uint64_t delivered = 0; ///< acknowledged by the broker
    std::uint64_t failed = 0; ///< delivery reports with an error (timeout, broker rejection, purge at stop)
    std::uint64_t queueFullDrops = 0; ///< not produced: the producer queue was full
    std::uint64_t produceErrors = 0; ///< not produced for another reason (e.g. message too large)
    std::uint64_t inFlight = 0;
    std::uint64_t clientErrors = 0; ///< librdkafka error callbacks (broker down, all brokers down, ...)
    std::string lastClientError;
    /** Every non-zero failure, drop and produce error as (librdkafka error name, count). */
    std::vector<std::pair<std::string, std::uint64_t>> failuresByReason;
};

/**
 * Forwards every accepted StatsD/Influx line to one Kafka topic, keyed by the line's `source` tag.
 * onAcceptedLine runs on the aggregation thread and never blocks: rd_kafka_produce copies the line
 * into librdkafka's bounded queue, or the line is dropped and counted. Delivery reports are polled
 * on the relay's own thread.
 */
class KafkaRelay final : public LineSink {
public:
    explicit KafkaRelay(KafkaRelayConfig config);
    ~KafkaRelay() override;
    KafkaRelay(const KafkaRelay&) = delete;
    KafkaRelay& operator=(const KafkaRelay&) = delete;

    /** Creates the producer; nullopt on success, else why not (nothing left running). */
    [[nodiscard]] std::optional<std::string> start();
    /**
     * Flushes within config.stopTimeoutMs, fails what is left (counted as purged) and joins.
     * Call once the ingestor no longer calls onAcceptedLine. Idempotent.
     */
    void stop();

    void onAcceptedLine(std::uint16_t sourceIndex, std::string_view line, std::string_view sourceKey) override;

    KafkaRelayStats stats() const;
    /** The compression codec in use ("lz4", "zstd", "none", ...); empty before start(). */
    const std::string& compression() const { return m_compression; }
    /** "kafka-produce:BROKERS/TOPIC". */
    std::string name() const;

    struct Shared; ///< counters shared with librdkafka's callbacks (private)

private:
    const std::string& fallbackKey(std::uint16_t sourceIndex);
    void run();

    KafkaRelayConfig m_config;
    std::string m_compression;
    std::unique_ptr<Shared> m_shared;
    rd_kafka_s* m_rk = nullptr;
    rd_kafka_topic_s* m_topic = nullptr;
    std::thread m_thread;
    std::atomic<bool> m_isStopRequested { false };
    bool m_isStopped = false;
};

} // namespace pulse
