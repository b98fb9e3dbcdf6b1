#include "kafka/kafkasource.h"

#include "ingest/streamprogress.h"
#include "parse/jsonevent.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <mutex>

namespace pulse {

std::string_view kafkaStateName(KafkaState s)
{
    switch (s) {
    case KafkaState::Connecting:
        return "connecting";
    case KafkaState::Up:
        return "up";
    case KafkaState::Down:
        return "down";
    }
    return "?";
}

namespace {

struct StoredOffset {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t nextOffset = 0;
};

constexpr std::size_t kBatchMaxBytes = 1024 * 1024;
constexpr std::size_t kBatchMaxMessages = 1024;
constexpr std::int64_t kBatchMaxAgeMs = 20;
constexpr std::int64_t kStatsIntervalMs = 1000;
constexpr std::int64_t kAckDrainMs = 300;
constexpr int kProbeTimeoutMs = 100;
constexpr int kClosePollMs = 50;
constexpr std::size_t kBurstMessages = 256;
constexpr std::int64_t kConsumerPollMs = 500;

enum class Phase : std::uint8_t { Running, Closing, Closed };

/**
 * Consumer handles whose close outlived stop(), process-wide. Deliberately never destroyed: a close
 * finishing in the background may still touch it while static destructors run at exit.
 */
struct BackgroundCloses {
    std::mutex mutex;
    std::condition_variable finished;
    std::size_t count = 0;

    static BackgroundCloses& instance()
    {
        static auto* const closes = new BackgroundCloses;
        return *closes;
    }
    void add()
    {
        std::lock_guard lock(mutex);
        ++count;
    }
    void remove()
    {
        std::lock_guard lock(mutex);
        --count;
        finished.notify_all();
    }
};

} // namespace

/** Lives as long as the consumer handle: callbacks and the close helper may outlast the KafkaSource. */
struct KafkaSource::Shared {
    std::mutex mutex;
    std::condition_variable acked;
    std::condition_variable phaseChanged;
    std::vector<StoredOffset> ready; // taken by the aggregation thread, not yet stored
    std::uint64_t pushedBatches = 0;
    KafkaSourceStats stats;
    std::map<std::pair<std::string, std::int32_t>, std::uint64_t> partitionRebalances;
    Phase phase = Phase::Running;
    bool isInBackground = false; // stop() gave up waiting; the close thread reports to BackgroundCloses
    std::chrono::steady_clock::time_point stopDeadline {};
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> committed; // last committed next offsets
    std::atomic<bool> isPaused { false }; // partitions assigned while paused are paused too
    std::atomic<KafkaState> state { KafkaState::Connecting }; // stats.state, readable without the mutex

    /** Exactly-once: where a partition stands on the source thread (the rebalance callback runs there too). */
    struct EoPartition {
        TimestampMs lastEventMs = KafkaStreamProgress::kUnknownMs; // timestamp of the last message handled
        bool isAtEnd = false; // the last thing read was the partition's end
        bool hasConsumed = false; // a message was handled since the assignment
        bool isPaused = false; // waiting for slower partitions
        std::deque<std::pair<TimestampMs, rd_kafka_message_t*>> held; // read, not handled yet (it was ahead)
    };
    std::shared_ptr<KafkaStreamProgress> progress; // exactly-once; set before start, never changed
    std::map<std::pair<std::string, std::int32_t>, EoPartition> eo; // source thread only

    static void dropHeld(EoPartition& p)
    {
        for (auto& [_, message] : p.held)
            rd_kafka_message_destroy(message);
        p.held.clear();
    }

    /** Exactly-once assignment: start where the database says, and tell the progress. */
    void assignExactlyOnce(rd_kafka_topic_partition_list_t* parts)
    {
        for (int i = 0; i < parts->cnt; ++i) {
            rd_kafka_topic_partition_t& tp = parts->elems[i];
            if (const auto start = progress->startOffset(tp.topic, tp.partition))
                tp.offset = *start;
            progress->onAssigned(tp.topic, tp.partition, tp.offset >= 0 ? tp.offset : -1);
            EoPartition& p = eo[{ tp.topic, tp.partition }];
            dropHeld(p);
            p = EoPartition {};
        }
    }

    void revokeExactlyOnce(const rd_kafka_topic_partition_list_t* parts)
    {
        for (int i = 0; i < parts->cnt; ++i) {
            const rd_kafka_topic_partition_t& tp = parts->elems[i];
            progress->onRevoked(tp.topic, tp.partition);
            if (auto it = eo.find({ tp.topic, tp.partition }); it != eo.end()) {
                dropHeld(it->second); // never handed over: the next owner reads them from the database's offsets
                eo.erase(it);
            }
        }
    }

    /** With the mutex held. */
    void setStateLocked(KafkaState newState, std::string reason)
    {
        stats.state = newState;
        stats.stateReason = std::move(reason);
        state.store(newState, std::memory_order_release);
    }
    void markState(KafkaState newState, std::string reason)
    {
        std::lock_guard lock(mutex);
        setStateLocked(newState, std::move(reason));
    }

    bool isDown()
    {
        std::lock_guard lock(mutex);
        return stats.state == KafkaState::Down;
    }

    /**
     * rd_kafka_offsets_store for everything acknowledged so far, except while the brokers are down: a
     * stored offset newer than the committed one makes librdkafka 2.0.2 park a commit until a coordinator
     * answers or session.timeout.ms has passed, and consumer close and destroy wait for it. The offsets
     * stay in `ready` and are stored once the brokers are back.
     */
    void storeReady(rd_kafka_t* rk)
    {
        std::vector<StoredOffset> offsets;
        {
            std::lock_guard lock(mutex);
            if (stats.state == KafkaState::Down)
                return;
            offsets.swap(ready);
        }
        if (offsets.empty())
            return;
        rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
        for (const StoredOffset& o : offsets)
            rd_kafka_topic_partition_list_add(list, o.topic.c_str(), o.partition)->offset = o.nextOffset;
        // Fails per partition (ERR__STATE) when it was revoked meanwhile: its new owner re-reads (duplicates, no loss).
        rd_kafka_offsets_store(rk, list);
        rd_kafka_topic_partition_list_destroy(list);
    }

    /** Results of the automatic commits and of the commit on revoke. */
    static void onCommit(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets, void* opaque)
    {
        auto* self = static_cast<Shared*>(opaque);
        std::lock_guard lock(self->mutex);
        if (err == RD_KAFKA_RESP_ERR__NO_OFFSET)
            return;
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
            ++self->stats.commitErrors;
        else
            ++self->stats.commits;
        for (int i = 0; offsets && i < offsets->cnt; ++i) {
            const rd_kafka_topic_partition_t& tp = offsets->elems[i];
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR && tp.err == RD_KAFKA_RESP_ERR_NO_ERROR && tp.offset >= 0)
                self->committed[{ tp.topic, tp.partition }] = tp.offset;
        }
    }

    /**
     * Lost partitions belong to someone else now: nothing of theirs may be committed. librdkafka 2.0.2 clears
     * the "lost" mark when the callback unassigns them and then commits their stored offsets ("unassigned
     * partitions"); without a coordinator (the usual reason for a loss) that commit waits for one, and
     * consumer close and destroy wait for it, up to session.timeout.ms. A logical offset stores nothing.
     */
    static void forgetStoredOffsets(rd_kafka_t* rk, const rd_kafka_topic_partition_list_t* parts)
    {
        rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_copy(parts);
        for (int i = 0; i < list->cnt; ++i)
            list->elems[i].offset = RD_KAFKA_OFFSET_INVALID;
        rd_kafka_offsets_store(rk, list);
        rd_kafka_topic_partition_list_destroy(list);
    }

    static void onRebalance(
        rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts, void* opaque)
    {
        auto* self = static_cast<Shared*>(opaque);
        const bool isCooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
        bool isLost = false;
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            if (self->progress)
                self->assignExactlyOnce(parts);
            if (isCooperative)
                rd_kafka_error_destroy(rd_kafka_incremental_assign(rk, parts));
            else
                rd_kafka_assign(rk, parts);
            if (self->isPaused)
                rd_kafka_pause_partitions(rk, parts);
        } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
            isLost = rd_kafka_assignment_lost(rk) != 0;
            if (self->progress)
                self->revokeExactlyOnce(parts); // nothing to commit: the offsets are in the database
            else if (isLost)
                forgetStoredOffsets(rk, parts);
            else {
                // Commit what the aggregation thread has taken so the next owner starts right after it.
                // Asynchronous, and not during an outage: it would wait for a coordinator (see storeReady).
                self->storeReady(rk);
                if (!self->isDown())
                    rd_kafka_commit(rk, nullptr, 1);
            }
            if (isCooperative)
                rd_kafka_error_destroy(rd_kafka_incremental_unassign(rk, parts));
            else
                rd_kafka_assign(rk, nullptr);
        } else {
            rd_kafka_assign(rk, nullptr);
        }
        std::lock_guard lock(self->mutex);
        ++self->stats.rebalances;
        for (int i = 0; parts && i < parts->cnt; ++i)
            ++self->partitionRebalances[{ parts->elems[i].topic, parts->elems[i].partition }];
        if (isLost)
            ++self->stats.lostAssignments;
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
            self->setStateLocked(KafkaState::Up, {});
    }

    static void onError(rd_kafka_t*, int err, const char* reason, void* opaque)
    {
        auto* self = static_cast<Shared*>(opaque);
        std::lock_guard lock(self->mutex);
        ++self->stats.consumerErrors;
        if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__RESOLVE
            || err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR__SSL)
            self->setStateLocked(
                KafkaState::Down, reason ? reason : rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err)));
    }

    /**
     * Only reached while closing: the consumer queue is then served by rd_kafka_queue_poll_callback() on the close
     * queue, and a fetched message or a consumer error (offset reset, say) still in it must be handled by a
     * callback — librdkafka 2.0.2 aborts on an unhandled op ("rd_kafka_q_serve: assert: res !=
     * RD_KAFKA_OP_RES_PASS"). Such a message was never handed to the aggregation thread, so its offset is not
     * stored: dropping it here loses nothing (the partition's next owner reads it).
     */
    static void onMessageWhileClosing(rd_kafka_message_t*, void* opaque)
    {
        auto* self = static_cast<Shared*>(opaque);
        std::lock_guard lock(self->mutex);
        ++self->stats.droppedWhileClosing;
    }
};

namespace {

/**
 * Closes the consumer and destroys the handle. With the brokers up, the close (final commit, leaving the
 * group) is served on this thread's own queue, so the revoke callback runs here and nothing waits for an
 * application poll. With the brokers down neither can happen: the handle is destroyed without the close
 * (the group drops the member after its session time-out), which is immediate because no commit is
 * waiting for a coordinator (see Shared::storeReady). A commit left waiting anyway (the brokers went away
 * during the close) is failed by librdkafka after session.timeout.ms, and the close ends then.
 */
void closeConsumer(rd_kafka_t* rk, KafkaSource::Shared& shared)
{
    shared.storeReady(rk);
    if (shared.isDown()) {
        rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
        return;
    }
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    bool isClosed = false;
    if (rd_kafka_error_t* error = rd_kafka_consumer_close_queue(rk, queue)) {
        rd_kafka_error_destroy(error);
    } else {
        while (!rd_kafka_consumer_closed(rk))
            rd_kafka_queue_poll_callback(queue, kClosePollMs);
        isClosed = true;
    }
    rd_kafka_queue_destroy(queue);
    if (isClosed)
        rd_kafka_destroy(rk);
    else
        rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

bool isBinary(std::string_view payload)
{
    return std::any_of(payload.begin(), payload.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c < 0x20 && c != '\n' && c != '\r' && c != '\t';
    });
}

struct PartitionTrack {
    KafkaPartitionStats stats;
    std::uint64_t messagesAtLastPublish = 0;
    std::uint64_t bytesAtLastPublish = 0;
};

} // namespace

KafkaSource::KafkaSource(KafkaSourceConfig config, std::uint16_t sourceIndex, IngestQueue& queue, const Clock& clock)
    : m_config(std::move(config))
    , m_sourceIndex(sourceIndex)
    , m_queue(queue)
    , m_clock(clock)
    , m_deadLetters(std::make_shared<DeadLetterLog>(m_config.deadLetterCapacity, m_config.deadLetterPath))
    , m_shared(std::make_shared<Shared>())
{
    m_shared->progress = m_config.exactlyOnce;
}

KafkaSource::~KafkaSource()
{
    stop();
}

std::string KafkaSource::name() const
{
    std::string s = "kafka:" + m_config.brokers + "/";
    for (std::size_t i = 0; i < m_config.topics.size(); ++i)
        s += (i ? "," : "") + m_config.topics[i];
    return s + "/" + std::string(payloadFormatName(m_config.format));
}

KafkaState KafkaSource::state() const
{
    return m_shared->state.load(std::memory_order_acquire);
}

std::string KafkaSource::stateReason() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->stats.stateReason;
}

KafkaSourceStats KafkaSource::stats() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->stats;
}

std::size_t KafkaSource::backgroundCloses()
{
    BackgroundCloses& closes = BackgroundCloses::instance();
    std::lock_guard lock(closes.mutex);
    return closes.count;
}

bool KafkaSource::waitForBackgroundCloses(std::chrono::milliseconds timeout)
{
    BackgroundCloses& closes = BackgroundCloses::instance();
    std::unique_lock lock(closes.mutex);
    return closes.finished.wait_for(lock, timeout, [&] { return closes.count == 0; });
}

std::optional<std::string> KafkaSource::start()
{
    if (m_thread.joinable())
        return "already started";
    const KafkaPropertiesResult props = consumerProperties(m_config);
    if (!props.error.empty())
        return props.error;
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    for (const auto& [key, value] : props.properties) {
        if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return "kafka property " + key + ": " + err;
        }
    }
    rd_kafka_conf_set_opaque(conf, m_shared.get());
    rd_kafka_conf_set_rebalance_cb(conf, &Shared::onRebalance);
    rd_kafka_conf_set_error_cb(conf, &Shared::onError);
    rd_kafka_conf_set_offset_commit_cb(conf, &Shared::onCommit);
    rd_kafka_conf_set_consume_cb(conf, &Shared::onMessageWhileClosing);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return std::string("cannot create Kafka consumer: ") + err;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t* topics
        = rd_kafka_topic_partition_list_new(static_cast<int>(m_config.topics.size()));
    for (const std::string& t : m_config.topics)
        rd_kafka_topic_partition_list_add(topics, t.c_str(), RD_KAFKA_PARTITION_UA);
    const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_destroy(rk);
        return std::string("cannot subscribe: ") + rd_kafka_err2str(subscribed);
    }
    m_isStopRequested = false;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->phase = Phase::Running;
        m_shared->isInBackground = false;
    }
    m_thread = std::thread([this, rk, shared = m_shared] {
        run(rk); // the last use of `this`: stop() may return while the close below still runs
        {
            std::lock_guard lock(shared->mutex);
            shared->phase = Phase::Closing;
        }
        shared->phaseChanged.notify_all();
        closeConsumer(rk, *shared);
        std::lock_guard lock(shared->mutex);
        shared->phase = Phase::Closed;
        if (shared->isInBackground)
            BackgroundCloses::instance().remove();
        shared->phaseChanged.notify_all();
    });
    return std::nullopt;
}

void KafkaSource::stop()
{
    if (!m_thread.joinable())
        return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_config.stopTimeoutMs);
    std::unique_lock lock(m_shared->mutex);
    m_shared->stopDeadline = deadline;
    m_isStopRequested = true;
    // run() uses this object, so it must have returned; it does promptly, as every librdkafka call it makes is
    // bounded (rd_kafka_query_watermark_offsets is not: in 2.0.2 it waits for the broker whatever its timeout).
    m_shared->phaseChanged.wait(lock, [&] { return m_shared->phase != Phase::Running; });
    if (m_shared->phaseChanged.wait_until(lock, deadline, [&] { return m_shared->phase == Phase::Closed; })) {
        lock.unlock();
        m_thread.join();
        return;
    }
    // The close thread owns the handle and the callback state; it finishes on its own and reports to
    // BackgroundCloses, so nothing leaks and callers can wait for it before exit.
    m_shared->isInBackground = true;
    BackgroundCloses::instance().add();
    lock.unlock();
    m_thread.detach();
}

void KafkaSource::run(rd_kafka_t* rk)
{
    Shared& shared = *m_shared;
    std::map<std::pair<std::string, std::int32_t>, PartitionTrack> partitions;
    IngestBatchPtr batch = m_queue.acquire();
    std::vector<StoredOffset> batchOffsets; // next offset per partition of the messages in `batch`
    std::vector<PartitionProgress> batchProgress; // exactly-once: what `batch` holds of each partition
    const bool isExactlyOnce = shared.progress != nullptr;
    TimestampMs batchStartMs = 0;
    bool isPaused = false;
    JsonEvent event;
    std::uint64_t messages = 0, bytes = 0, decodeErrors = 0, tooLarge = 0, pauses = 0, redelivered = 0;
    TimestampMs lastPublishMs = m_clock.nowMs();
    TimestampMs lastProbeMs = 0;

    auto setPaused = [&](bool pause) {
        rd_kafka_topic_partition_list_t* assigned = nullptr;
        if (rd_kafka_assignment(rk, &assigned) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return;
        if (pause)
            rd_kafka_pause_partitions(rk, assigned);
        else
            rd_kafka_resume_partitions(rk, assigned);
        rd_kafka_topic_partition_list_destroy(assigned);
        isPaused = pause;
        shared.isPaused = pause;
    };

    auto tryPush = [&](std::chrono::milliseconds timeout) {
        batch->sourceIndex = m_sourceIndex;
        batch->format = m_config.format == PayloadFormat::Json ? PayloadFormat::Statsd : m_config.format;
        batch->onIngested = [s = m_shared, offsets = batchOffsets, progress = batchProgress] {
            if (s->progress)
                s->progress->onIngested(progress);
            std::lock_guard lock(s->mutex);
            if (!s->progress)
                s->ready.insert(s->ready.end(), offsets.begin(), offsets.end());
            ++s->stats.batchesAcked;
            s->acked.notify_all();
        };
        if (!m_queue.push(batch, timeout))
            return false;
        {
            std::lock_guard lock(shared.mutex);
            ++shared.pushedBatches;
        }
        batch = m_queue.acquire();
        batchOffsets.clear();
        batchProgress.clear();
        return true;
    };

    auto isBatchDue = [&](TimestampMs nowMs, bool isIdle) {
        if (batchOffsets.empty())
            return false;
        return isIdle || batch->bytes.size() >= kBatchMaxBytes
            || batch->payloads.size() + batch->points.size() >= kBatchMaxMessages
            || nowMs - batchStartMs >= kBatchMaxAgeMs;
    };

    auto handleMessage = [&](const rd_kafka_message_t& m, TimestampMs nowMs) {
        if (m.err) {
            if (m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                shared.markState(KafkaState::Up, {});
                if (isExactlyOnce && m.rkt) {
                    const char* topic = rd_kafka_topic_name(m.rkt);
                    if (auto it = shared.eo.find({ topic, m.partition }); it != shared.eo.end()) {
                        Shared::EoPartition& p = it->second;
                        p.isAtEnd = true;
                        shared.progress->onEndReached(topic, m.partition, m.offset, !p.hasConsumed && p.held.empty());
                    }
                }
            } else {
                std::lock_guard lock(shared.mutex);
                ++shared.stats.consumerErrors;
                if (m.err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
                    shared.setStateLocked(KafkaState::Down, rd_kafka_message_errstr(&m));
            }
            return;
        }
        {
            std::lock_guard lock(shared.mutex);
            if (shared.stats.state != KafkaState::Up)
                shared.setStateLocked(KafkaState::Up, {});
        }
        const char* topic = rd_kafka_topic_name(m.rkt);
        const std::string_view payload(static_cast<const char*>(m.payload), m.payload ? m.len : 0);
        const std::string_view key(static_cast<const char*>(m.key), m.key ? m.key_len : 0);
        PartitionTrack& track = partitions[{ topic, m.partition }];
        if (track.stats.topic.empty()) {
            track.stats.topic = topic;
            track.stats.partition = m.partition;
        }
        ++track.stats.messages;
        track.stats.bytes += payload.size();
        if (m.offset < track.stats.nextOffset) {
            ++track.stats.redelivered;
            ++redelivered;
        }
        track.stats.nextOffset = std::max(track.stats.nextOffset, m.offset + 1);
        rd_kafka_timestamp_type_t tsType;
        const std::int64_t ts = rd_kafka_message_timestamp(&m, &tsType);
        track.stats.lagMs = ts >= 0 ? std::max<std::int64_t>(0, nowMs - ts) : -1;
        // Exactly-once: the message's own time, so a replay puts every sample in the same window again.
        const TimestampMs eventMs = isExactlyOnce && ts >= 0 ? ts : nowMs;
        TimestampMs sampleMs = eventMs;
        ++messages;
        bytes += payload.size();

        std::string_view reason;
        if (payload.size() > m_config.maxMessageBytes) {
            reason = "too_large";
            ++tooLarge;
        } else if (m_config.format == PayloadFormat::Json) {
            if (const auto reject = decodeJsonEvent(payload, key, event)) {
                reason = jsonEventRejectName(*reject);
            } else {
                PointSample& p = batch->points.emplace_back();
                p.name = std::move(event.name);
                p.tags = std::move(event.tags);
                p.type = event.type;
                p.value = event.value;
                p.timeMs = event.timeMs.value_or(eventMs);
                sampleMs = p.timeMs;
            }
        } else if (isBinary(payload)) {
            reason = "binary_payload";
        } else {
            PayloadSlice slice;
            slice.offset = static_cast<std::uint32_t>(batch->bytes.size());
            slice.size = static_cast<std::uint32_t>(payload.size());
            slice.arrivalMs = eventMs;
            batch->bytes.insert(batch->bytes.end(), payload.begin(), payload.end());
            batch->payloads.push_back(slice);
        }
        if (!reason.empty()) {
            ++decodeErrors;
            ++track.stats.decodeErrors;
            m_deadLetters->add(nowMs, topic, m.partition, m.offset, reason, payload);
        }
        // Stored even for dead letters (through the queue, so in order): a poison message never stalls its partition.
        if (batchOffsets.empty())
            batchStartMs = nowMs;
        auto it = std::find_if(batchOffsets.begin(), batchOffsets.end(),
            [&](const StoredOffset& o) { return o.partition == m.partition && o.topic == topic; });
        if (it == batchOffsets.end())
            batchOffsets.push_back({ topic, m.partition, m.offset + 1 });
        else
            it->nextOffset = std::max(it->nextOffset, m.offset + 1);
        if (isExactlyOnce) {
            if (auto eoIt = shared.eo.find({ topic, m.partition }); eoIt != shared.eo.end()) {
                Shared::EoPartition& ep = eoIt->second;
                ep.lastEventMs = std::max(ep.lastEventMs, eventMs);
                ep.isAtEnd = false;
                ep.hasConsumed = true;
            }
            auto pp = std::find_if(batchProgress.begin(), batchProgress.end(),
                [&](const PartitionProgress& o) { return o.partition == m.partition && o.topic == topic; });
            if (pp == batchProgress.end()) {
                pp = batchProgress.emplace(batchProgress.end());
                pp->topic = topic;
                pp->partition = m.partition;
            }
            pp->add(m.offset, sampleMs);
        }
    };

    // Exactly-once: a message far ahead of the slowest partition waits (its partition paused) until the others
    // catch up, so no partition's samples arrive after the watermark that another one pushed on.
    constexpr TimestampMs kNoFloor = std::numeric_limits<TimestampMs>::max();
    auto floorFor = [&](const std::pair<std::string, std::int32_t>& key) {
        TimestampMs floor = kNoFloor;
        const TimestampMs wallNowMs = m_clock.nowMs();
        for (const auto& [other, p] : shared.eo) {
            if (other == key)
                continue;
            if (!p.held.empty())
                floor = std::min(floor, p.held.front().first);
            else if (p.isAtEnd)
                // Read to its end: its next message will not be older than now (producers stamp the present)
                // nor than its last one. Not "no limit": new messages with older stamps may be on their way.
                floor = std::min(floor, std::max(p.lastEventMs, wallNowMs));
            else
                floor = std::min(floor, p.lastEventMs); // kUnknownMs before its first message: wait for it
        }
        return floor;
    };
    auto isAhead = [&](TimestampMs eventMs, TimestampMs floor) {
        return floor != kNoFloor
            && (floor == KafkaStreamProgress::kUnknownMs || eventMs > floor + m_config.maxPartitionSkewMs);
    };
    auto pausePartition = [&](const std::pair<std::string, std::int32_t>& key, bool pause) {
        rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(list, key.first.c_str(), key.second);
        if (pause)
            rd_kafka_pause_partitions(rk, list);
        else
            rd_kafka_resume_partitions(rk, list);
        rd_kafka_topic_partition_list_destroy(list);
    };
    /** True when the message was held back (it is then owned by the hold). */
    auto holdIfAhead = [&](rd_kafka_message_t* m) {
        if (!isExactlyOnce || m->err || !m->rkt)
            return false;
        const std::pair<std::string, std::int32_t> key { rd_kafka_topic_name(m->rkt), m->partition };
        const auto found = shared.eo.find(key);
        if (found == shared.eo.end())
            return false; // not (or no longer) assigned
        Shared::EoPartition& p = found->second;
        rd_kafka_timestamp_type_t tsType;
        const std::int64_t ts = rd_kafka_message_timestamp(m, &tsType);
        const TimestampMs eventMs = ts >= 0 ? ts : m_clock.nowMs();
        if (p.held.empty() && !isAhead(eventMs, floorFor(key)))
            return false;
        p.held.emplace_back(eventMs, m);
        if (!p.isPaused) {
            pausePartition(key, true); // librdkafka resumes after the last message handed out (the held ones)
            p.isPaused = true;
        }
        return true;
    };
    auto releaseHeld = [&](TimestampMs nowMs) {
        for (bool isProgress = true; isProgress;) {
            isProgress = false;
            for (auto& [key, p] : shared.eo) {
                while (!p.held.empty() && !isAhead(p.held.front().first, floorFor(key))) {
                    rd_kafka_message_t* m = p.held.front().second;
                    p.held.pop_front();
                    handleMessage(*m, nowMs);
                    rd_kafka_message_destroy(m);
                    isProgress = true;
                }
                if (p.held.empty() && p.isPaused && !isPaused) {
                    pausePartition(key, false);
                    p.isPaused = false;
                }
            }
        }
    };

    // While the brokers are reported down, probe them so "up" shows without traffic. rd_kafka_metadata()
    // honours its timeout; rd_kafka_query_watermark_offsets() does not in 2.0.2 (it waits for the broker).
    auto probeWhileDown = [&](TimestampMs nowMs) {
        {
            std::lock_guard lock(shared.mutex);
            if (shared.stats.state != KafkaState::Down)
                return;
        }
        if (nowMs - lastProbeMs < kStatsIntervalMs)
            return;
        lastProbeMs = nowMs;
        const rd_kafka_metadata_t* metadata = nullptr;
        if (rd_kafka_metadata(rk, 0, nullptr, &metadata, kProbeTimeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR)
            shared.markState(KafkaState::Up, {});
        if (metadata)
            rd_kafka_metadata_destroy(metadata);
    };

    auto publish = [&](TimestampMs nowMs) {
        const double seconds = std::max<double>(1e-3, static_cast<double>(nowMs - lastPublishMs) / 1000.0);
        lastPublishMs = nowMs;
        rd_kafka_topic_partition_list_t* assigned = nullptr;
        if (rd_kafka_assignment(rk, &assigned) != RD_KAFKA_RESP_ERR_NO_ERROR)
            assigned = nullptr;
        for (auto& [_, t] : partitions)
            t.stats.isAssigned = false;
        if (assigned) {
            rd_kafka_position(rk, assigned);
            for (int i = 0; i < assigned->cnt; ++i) {
                const rd_kafka_topic_partition_t& tp = assigned->elems[i];
                PartitionTrack& t = partitions[{ tp.topic, tp.partition }];
                if (t.stats.topic.empty()) {
                    t.stats.topic = tp.topic;
                    t.stats.partition = tp.partition;
                }
                t.stats.isAssigned = true;
                std::int64_t low = 0, high = 0;
                const std::int64_t position = tp.offset >= 0 ? tp.offset : t.stats.nextOffset;
                if (rd_kafka_get_watermark_offsets(rk, tp.topic, tp.partition, &low, &high)
                        == RD_KAFKA_RESP_ERR_NO_ERROR
                    && high >= 0 && position >= 0)
                    t.stats.lagMessages = std::max<std::int64_t>(0, high - position);
            }
        }
        if (assigned)
            rd_kafka_topic_partition_list_destroy(assigned);
        std::lock_guard lock(shared.mutex);
        for (const auto& [key, count] : shared.partitionRebalances) {
            PartitionTrack& t = partitions[key];
            if (t.stats.topic.empty()) {
                t.stats.topic = key.first;
                t.stats.partition = key.second;
            }
            t.stats.rebalances = count;
        }
        for (const auto& [key, offset] : shared.committed) {
            if (auto it = partitions.find(key); it != partitions.end())
                it->second.stats.committedOffset = offset;
        }
        std::vector<KafkaPartitionStats> out;
        out.reserve(partitions.size());
        for (auto& [_, t] : partitions) {
            t.stats.messagesPerSec = static_cast<double>(t.stats.messages - t.messagesAtLastPublish) / seconds;
            t.stats.bytesPerSec = static_cast<double>(t.stats.bytes - t.bytesAtLastPublish) / seconds;
            t.messagesAtLastPublish = t.stats.messages;
            t.bytesAtLastPublish = t.stats.bytes;
            out.push_back(t.stats);
            if (out.back().lagMessages == 0 && out.back().lagMs > 0)
                out.back().lagMs = 0; // caught up: no lag in time, however old the last message is
        }
        KafkaSourceStats& s = shared.stats;
        s.atMs = nowMs;
        s.messages = messages;
        s.bytes = bytes;
        s.decodeErrors = decodeErrors;
        s.tooLarge = tooLarge;
        s.redelivered = redelivered;
        s.pauses = pauses;
        s.isPaused = isPaused;
        s.partitions = std::move(out);
    };

    // Messages are taken from the consumer queue in bursts (one lock per burst, not per message); when it is
    // empty, rd_kafka_consumer_poll() waits for the next one, and it runs at least every kConsumerPollMs anyway
    // so max.poll.interval.ms never sees a stalled application.
    rd_kafka_queue_t* consumerQueue = rd_kafka_queue_get_consumer(rk);
    std::array<rd_kafka_message_t*, kBurstMessages> burst {};
    TimestampMs lastConsumerPollMs = m_clock.nowMs();
    while (!m_isStopRequested.load(std::memory_order_relaxed)) {
        shared.storeReady(rk);
        TimestampMs nowMs = m_clock.nowMs();
        if (isPaused) {
            // Keep polling (heartbeats, rebalances) while the aggregation thread catches up.
            if (tryPush(std::chrono::milliseconds(0))) {
                setPaused(false);
                for (auto& [key, p] : shared.eo)
                    if (p.isPaused)
                        pausePartition(key, true); // still waiting for slower partitions
            }
        }
        const std::size_t inBatch = batch->payloads.size() + batch->points.size();
        const std::size_t room = kBatchMaxMessages - std::min(kBatchMaxMessages, inBatch);
        ssize_t count = 0;
        if (nowMs - lastConsumerPollMs < kConsumerPollMs)
            count = rd_kafka_consume_batch_queue(
                consumerQueue, 0, burst.data(), std::clamp<std::size_t>(room, 1, burst.size()));
        if (count <= 0) {
            lastConsumerPollMs = nowMs;
            burst[0] = rd_kafka_consumer_poll(rk, isPaused ? 10 : m_config.fetchWaitMaxMs);
            count = burst[0] ? 1 : 0;
        }
        nowMs = m_clock.nowMs();
        for (ssize_t i = 0; i < count; ++i) {
            if (holdIfAhead(burst[std::size_t(i)]))
                continue;
            handleMessage(*burst[std::size_t(i)], nowMs);
            rd_kafka_message_destroy(burst[std::size_t(i)]);
        }
        if (isExactlyOnce)
            releaseHeld(nowMs);
        const bool isIdle = count == 0;
        if (!isPaused && isBatchDue(nowMs, isIdle) && !tryPush(std::chrono::milliseconds(5))) {
            ++pauses;
            setPaused(true);
        }
        if (nowMs - lastPublishMs >= kStatsIntervalMs || (isIdle && nowMs - lastPublishMs >= 250)) {
            publish(nowMs);
            probeWhileDown(nowMs);
        }
    }
    rd_kafka_queue_destroy(consumerQueue);
    for (auto& [_, p] : shared.eo)
        Shared::dropHeld(p);
    // A batch not yet handed over is dropped: its offsets were never stored, so it is re-read later.
    batch->clear();
    m_queue.recycle(std::move(batch));
    {
        // Give the aggregation thread a moment to take what was handed over, to limit re-reads, but
        // leave at least half of stop()'s budget to the close.
        std::unique_lock lock(shared.mutex);
        const auto now = std::chrono::steady_clock::now();
        const auto until = std::min(now + std::chrono::milliseconds(kAckDrainMs),
            now + std::max(std::chrono::steady_clock::duration::zero(), (shared.stopDeadline - now) / 2));
        shared.acked.wait_until(lock, until, [&] { return shared.stats.batchesAcked >= shared.pushedBatches; });
    }
    shared.storeReady(rk);
    publish(m_clock.nowMs());
}

} // namespace pulse
