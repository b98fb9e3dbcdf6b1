#include "kafka/kafkasource.h"

#include "parse/jsonevent.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
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

} // namespace

/** Lives as long as the consumer handle: callbacks and the close helper may outlast the KafkaSource. */
struct KafkaSource::Shared {
    std::mutex mutex;
    std::condition_variable acked;
    std::vector<StoredOffset> ready; // taken by the aggregation thread, not yet stored
    std::uint64_t pushedBatches = 0;
    KafkaSourceStats stats;

    void markState(KafkaState state, std::string reason)
    {
        std::lock_guard lock(mutex);
        stats.state = state;
        stats.stateReason = std::move(reason);
    }

    /** rd_kafka_offsets_store for everything acknowledged so far. */
    void storeReady(rd_kafka_t* rk)
    {
        std::vector<StoredOffset> offsets;
        {
            std::lock_guard lock(mutex);
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

    static void onRebalance(
        rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts, void* opaque)
    {
        auto* self = static_cast<Shared*>(opaque);
        const bool isCooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
        bool isLost = false;
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            if (isCooperative)
                rd_kafka_error_destroy(rd_kafka_incremental_assign(rk, parts));
            else
                rd_kafka_assign(rk, parts);
        } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
            isLost = rd_kafka_assignment_lost(rk) != 0;
            if (!isLost) {
                // Commit what the aggregation thread has taken so the next owner starts right after it.
                // Asynchronous: a synchronous commit blocks without a coordinator, and this may run during an outage.
                self->storeReady(rk);
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
        if (isLost)
            ++self->stats.lostAssignments;
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            self->stats.state = KafkaState::Up;
            self->stats.stateReason.clear();
        }
    }

    static void onError(rd_kafka_t*, int err, const char* reason, void* opaque)
    {
        auto* self = static_cast<Shared*>(opaque);
        std::lock_guard lock(self->mutex);
        ++self->stats.consumerErrors;
        if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__RESOLVE
            || err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR__SSL) {
            self->stats.state = KafkaState::Down;
            self->stats.stateReason = reason ? reason : rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err));
        }
    }
};

namespace {

/** Destroys the handle, or leaves it to a helper thread that is abandoned after the deadline. */
void closeBounded(rd_kafka_t* rk, std::shared_ptr<KafkaSource::Shared> shared, std::int64_t timeoutMs)
{
    struct Done {
        std::mutex mutex;
        std::condition_variable cv;
        bool isDone = false;
    };
    auto done = std::make_shared<Done>();
    // librdkafka 2.0.2 can block in rd_kafka_consumer_close()/rd_kafka_destroy() for as long as the
    // brokers stay unreachable. stop() must stay bounded, so the close runs on a detached thread that
    // keeps the handle and the callback state alive; if it misses the deadline the handle is leaked
    // (finished whenever the brokers answer, or reclaimed at process exit).
    std::thread([rk, shared, done] {
        rd_kafka_consumer_close(rk);
        shared->storeReady(rk);
        rd_kafka_destroy(rk);
        std::lock_guard lock(done->mutex);
        done->isDone = true;
        done->cv.notify_all();
    }).detach();
    std::unique_lock lock(done->mutex);
    done->cv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return done->isDone; });
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
{ }

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

KafkaSourceStats KafkaSource::stats() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->stats;
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
    m_thread = std::thread([this, rk] { run(rk); });
    return std::nullopt;
}

void KafkaSource::stop()
{
    if (!m_thread.joinable())
        return;
    m_isStopRequested = true;
    m_thread.join();
}

void KafkaSource::run(rd_kafka_t* rk)
{
    Shared& shared = *m_shared;
    std::map<std::pair<std::string, std::int32_t>, PartitionTrack> partitions;
    IngestBatchPtr batch = m_queue.acquire();
    std::vector<StoredOffset> batchOffsets; // next offset per partition of the messages in `batch`
    TimestampMs batchStartMs = 0;
    bool isPaused = false;
    JsonEvent event;
    std::uint64_t messages = 0, bytes = 0, decodeErrors = 0, tooLarge = 0, pauses = 0;
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
    };

    auto tryPush = [&](std::chrono::milliseconds timeout) {
        batch->sourceIndex = m_sourceIndex;
        batch->format = m_config.format == PayloadFormat::Json ? PayloadFormat::Statsd : m_config.format;
        batch->onIngested = [s = m_shared, offsets = batchOffsets] {
            std::lock_guard lock(s->mutex);
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
            } else {
                std::lock_guard lock(shared.mutex);
                ++shared.stats.consumerErrors;
                if (m.err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
                    shared.stats.state = KafkaState::Down;
                    shared.stats.stateReason = rd_kafka_message_errstr(&m);
                }
            }
            return;
        }
        {
            std::lock_guard lock(shared.mutex);
            if (shared.stats.state != KafkaState::Up) {
                shared.stats.state = KafkaState::Up;
                shared.stats.stateReason.clear();
            }
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
        track.stats.nextOffset = m.offset + 1;
        rd_kafka_timestamp_type_t tsType;
        const std::int64_t ts = rd_kafka_message_timestamp(&m, &tsType);
        track.stats.lagMs = ts >= 0 ? std::max<std::int64_t>(0, nowMs - ts) : -1;
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
                p.timeMs = event.timeMs.value_or(nowMs);
            }
        } else if (isBinary(payload)) {
            reason = "binary_payload";
        } else {
            PayloadSlice slice;
            slice.offset = static_cast<std::uint32_t>(batch->bytes.size());
            slice.size = static_cast<std::uint32_t>(payload.size());
            slice.arrivalMs = nowMs;
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
        std::vector<KafkaPartitionStats> out;
        out.reserve(partitions.size());
        for (auto& [_, t] : partitions) {
            t.stats.messagesPerSec = static_cast<double>(t.stats.messages - t.messagesAtLastPublish) / seconds;
            t.stats.bytesPerSec = static_cast<double>(t.stats.bytes - t.bytesAtLastPublish) / seconds;
            t.messagesAtLastPublish = t.stats.messages;
            t.bytesAtLastPublish = t.stats.bytes;
            out.push_back(t.stats);
        }
        // While the brokers are reported down, probe one partition cheaply so "up" shows without traffic.
        bool isDown = false;
        {
            std::lock_guard lock(shared.mutex);
            isDown = shared.stats.state == KafkaState::Down;
        }
        if (isDown && assigned && assigned->cnt > 0 && nowMs - lastProbeMs >= kStatsIntervalMs) {
            lastProbeMs = nowMs;
            std::int64_t low = 0, high = 0;
            if (rd_kafka_query_watermark_offsets(
                    rk, assigned->elems[0].topic, assigned->elems[0].partition, &low, &high, 100)
                == RD_KAFKA_RESP_ERR_NO_ERROR)
                shared.markState(KafkaState::Up, {});
        }
        if (assigned)
            rd_kafka_topic_partition_list_destroy(assigned);
        std::lock_guard lock(shared.mutex);
        KafkaSourceStats& s = shared.stats;
        s.atMs = nowMs;
        s.messages = messages;
        s.bytes = bytes;
        s.decodeErrors = decodeErrors;
        s.tooLarge = tooLarge;
        s.pauses = pauses;
        s.isPaused = isPaused;
        s.partitions = std::move(out);
    };

    while (!m_isStopRequested.load(std::memory_order_relaxed)) {
        shared.storeReady(rk);
        TimestampMs nowMs = m_clock.nowMs();
        if (isPaused) {
            // Keep polling (heartbeats, rebalances) while the aggregation thread catches up.
            if (tryPush(std::chrono::milliseconds(0)))
                setPaused(false);
        }
        rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, isPaused ? 10 : m_config.fetchWaitMaxMs);
        nowMs = m_clock.nowMs();
        if (m) {
            handleMessage(*m, nowMs);
            rd_kafka_message_destroy(m);
        }
        if (!isPaused && isBatchDue(nowMs, m == nullptr) && !tryPush(std::chrono::milliseconds(5))) {
            ++pauses;
            setPaused(true);
        }
        if (nowMs - lastPublishMs >= kStatsIntervalMs || (!m && nowMs - lastPublishMs >= 250))
            publish(nowMs);
    }
    // A batch not yet handed over is dropped: its offsets were never stored, so it is re-read later.
    batch->clear();
    m_queue.recycle(std::move(batch));
    {
        // Give the aggregation thread a moment to take what was handed over, to limit re-reads.
        std::unique_lock lock(shared.mutex);
        shared.acked.wait_for(lock, std::chrono::milliseconds(kAckDrainMs),
            [&] { return shared.stats.batchesAcked >= shared.pushedBatches; });
    }
    shared.storeReady(rk);
    publish(m_clock.nowMs());
    closeBounded(rk, m_shared, m_config.stopTimeoutMs);
}

} // namespace pulse
