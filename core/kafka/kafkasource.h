#pragma once

#include "ingest/ingestqueue.h"
#include "ingest/kafkaconfig.h"
#include "kafka/deadletterlog.h"
#include "model/clock.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

struct rd_kafka_s;

namespace pulse {

/** Connection state of a Kafka source, for the freshness display. */
enum class KafkaState : std::uint8_t { Connecting, Up, Down };
std::string_view kafkaStateName(KafkaState s);

/** Self-metrics of one partition the source consumed from. */
struct KafkaPartitionStats {
    std::string topic;
    std::int32_t partition = 0;
    bool isAssigned = false;
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
    double messagesPerSec = 0;
    double bytesPerSec = 0;
    std::int64_t lagMessages = -1; ///< high watermark − position; -1 while unknown
    /** Lag in time: 0 when caught up, else now − timestamp of the last consumed message; -1 before the first. */
    std::int64_t lagMs = -1;
    std::int64_t nextOffset = -1; ///< offset after the last consumed message
    std::int64_t committedOffset = -1; ///< the group's committed offset as last committed by this source; -1 before
    std::uint64_t decodeErrors = 0;
    /**
     * Messages read again below an offset this source had already consumed (after a rebalance, a lost assignment
     * or a failed commit: at-least-once duplicates). A restarted process cannot tell, so its first reads are not
     * counted; the duplicates of a crash are bounded by one commit interval instead.
     */
    std::uint64_t redelivered = 0;
    std::uint64_t rebalances = 0; ///< times this partition was assigned, revoked or lost
};

/** A snapshot of the source's self-metrics, published about once a second. */
struct KafkaSourceStats {
    TimestampMs atMs = 0;
    KafkaState state = KafkaState::Connecting;
    std::string stateReason;
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
    std::uint64_t decodeErrors = 0; ///< dead-lettered messages (undecodable, binary, too large)
    std::uint64_t tooLarge = 0;
    std::uint64_t redelivered = 0; ///< the sum of KafkaPartitionStats::redelivered
    std::uint64_t rebalances = 0;
    std::uint64_t lostAssignments = 0;
    std::uint64_t pauses = 0; ///< times the ingest queue was full and the partitions were paused
    bool isPaused = false;
    std::uint64_t batchesAcked = 0; ///< batches the aggregation thread has taken (offsets then stored)
    std::uint64_t consumerErrors = 0;
    std::uint64_t commits = 0; ///< offset commits (automatic or on revoke) acknowledged by the group coordinator
    std::uint64_t commitErrors = 0;
    /** Messages and consumer errors still arriving during the close, not consumed (their offsets are not stored). */
    std::uint64_t droppedWhileClosing = 0;
    std::vector<KafkaPartitionStats> partitions;
};

/**
 * A Kafka consumer-group source: polls on its own thread, hands payloads to the ingest queue and
 * stores each message's offset only once the aggregation thread has taken it (at-least-once).
 * Undecodable messages are dead-lettered and their offsets stored anyway, so no partition stalls.
 * When the queue is full the assigned partitions are paused while polling goes on (group
 * membership is kept). stop() returns within config.stopTimeoutMs plus at most a fifth of a second,
 * even with every broker down.
 */
class KafkaSource {
public:
    KafkaSource(KafkaSourceConfig config, std::uint16_t sourceIndex, IngestQueue& queue,
        const Clock& clock = SystemClock::instance());
    ~KafkaSource();
    KafkaSource(const KafkaSource&) = delete;
    KafkaSource& operator=(const KafkaSource&) = delete;

    /** Creates the consumer and subscribes; nullopt on success, else why not (nothing left running). */
    [[nodiscard]] std::optional<std::string> start();
    /**
     * Stops polling and closes the consumer (final commit, leave group; skipped while the brokers are
     * down) off the calling thread, waiting at most config.stopTimeoutMs. A close still waiting on the
     * brokers then finishes in the background (librdkafka bounds it by session.timeout.ms); see
     * backgroundCloses(). Idempotent.
     */
    void stop();

    /** Consumer handles whose close outlived their stop() and is still finishing, process-wide. */
    static std::size_t backgroundCloses();
    /** Waits until backgroundCloses() is 0 (e.g. before exit); false if `timeout` passed first. */
    static bool waitForBackgroundCloses(std::chrono::milliseconds timeout);

    /** Any thread, lock-free: Connecting, Up or Down (every broker unreachable). */
    KafkaState state() const;
    /** Any thread: why the state is what it is (empty when Up); takes the source's mutex briefly. */
    std::string stateReason() const;
    /** The latest snapshot (about once a second); safe to call from any thread. */
    KafkaSourceStats stats() const;
    const DeadLetterLog& deadLetters() const { return *m_deadLetters; }
    /** "kafka:BROKERS/TOPICS/FORMAT", as the health display names the source. */
    std::string name() const;
    std::uint16_t sourceIndex() const { return m_sourceIndex; }

    struct Shared; ///< state shared with librdkafka callbacks and the close helper (private)

private:
    void run(rd_kafka_s* rk);

    KafkaSourceConfig m_config;
    std::uint16_t m_sourceIndex;
    IngestQueue& m_queue;
    const Clock& m_clock;
    std::shared_ptr<DeadLetterLog> m_deadLetters;
    std::shared_ptr<Shared> m_shared;
    std::thread m_thread;
    std::atomic<bool> m_isStopRequested { false };
};

} // namespace pulse
