#include "kafka/kafkarelay.h"

#include <librdkafka/rdkafka.h>

#include <QLoggingCategory>

#include <mutex>

namespace {
Q_LOGGING_CATEGORY(lcRelay, "pulse.kafka.relay")
}

namespace pulse {

namespace {

constexpr int kMinError = RD_KAFKA_RESP_ERR__BEGIN; // librdkafka's internal errors are negative
constexpr int kErrorSlots = 400; // -200 .. 199; anything else shares the last slot
constexpr std::uint64_t kPurgeWaitMs = 500;

int errorSlot(int err)
{
    const int slot = err - kMinError;
    return slot >= 0 && slot < kErrorSlots - 1 ? slot : kErrorSlots - 1;
}

bool isValidTopic(std::string_view t)
{
    if (t.empty() || t.size() > 249 || t == "." || t == "..")
        return false;
    for (const char ch : t) {
        const bool isOk = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.'
            || ch == '_' || ch == '-';
        if (!isOk)
            return false;
    }
    return true;
}

/** The codec "auto" stands for, from librdkafka's builtin.features ("gzip,snappy,...,lz4,...,zstd"). */
std::string autoCompression(std::string_view features)
{
    bool hasLz4 = false;
    bool hasZstd = false;
    while (!features.empty()) {
        const std::size_t comma = features.find(',');
        const std::string_view f = features.substr(0, comma);
        hasLz4 = hasLz4 || f == "lz4";
        hasZstd = hasZstd || f == "zstd";
        features.remove_prefix(comma == std::string_view::npos ? features.size() : comma + 1);
    }
    return hasLz4 ? "lz4" : hasZstd ? "zstd" : "none";
}

/** Single-writer counter: a plain load and store, no locked instruction on the hot path. */
void bump(std::atomic<std::uint64_t>& counter)
{
    counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

} // namespace

struct KafkaRelay::Shared {
    std::atomic<std::uint64_t> produced { 0 }; // aggregation thread
    std::atomic<std::uint64_t> queueFullDrops { 0 }; // aggregation thread
    std::atomic<std::uint64_t> produceErrors { 0 }; // aggregation thread
    std::atomic<std::uint64_t> delivered { 0 }; // poll thread
    std::atomic<std::uint64_t> failed { 0 }; // poll thread
    std::atomic<std::uint64_t> clientErrors { 0 }; // poll thread
    std::array<std::atomic<std::uint64_t>, kErrorSlots> byError {}; // both threads: fetch_add
    mutable std::mutex mutex;
    std::string lastClientError; // guarded by mutex

    void countError(int err) { byError[errorSlot(err)].fetch_add(1, std::memory_order_relaxed); }
};

namespace {

void onDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque)
{
    auto* shared = static_cast<KafkaRelay::Shared*>(opaque);
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        bump(shared->delivered);
        return;
    }
    bump(shared->failed);
    shared->countError(message->err);
}

void onError(rd_kafka_t*, int err, const char* reason, void* opaque)
{
    auto* shared = static_cast<KafkaRelay::Shared*>(opaque);
    bump(shared->clientErrors);
    std::string text = std::string(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err))) + ": " + reason;
    const std::lock_guard lock(shared->mutex);
    shared->lastClientError = std::move(text);
}

void onLog(const rd_kafka_t*, int level, const char* facility, const char* message)
{
    // Connection failures are expected while a broker is down: they reach stats() through onError.
    if (level <= 3)
        qCWarning(lcRelay, "%s: %s", facility, message);
    else
        qCDebug(lcRelay, "%s: %s", facility, message);
}

} // namespace

KafkaRelayConfigResult parseKafkaRelayTarget(std::string_view target)
{
    if (target.starts_with("kafka://"))
        target.remove_prefix(8);
    const std::size_t slash = target.rfind('/');
    if (slash == std::string_view::npos)
        return { std::nullopt, "expected BROKERS/TOPIC, got '" + std::string(target) + "'" };
    const std::string_view brokers = target.substr(0, slash);
    const std::string_view topic = target.substr(slash + 1);
    if (brokers.empty())
        return { std::nullopt, "no brokers before '/'" };
    if (brokers.find_first_of(" \t/?") != std::string_view::npos || brokers.front() == ',' || brokers.back() == ','
        || brokers.find(",,") != std::string_view::npos)
        return { std::nullopt, "bad broker list '" + std::string(brokers) + "'" };
    if (!isValidTopic(topic))
        return { std::nullopt, "bad topic '" + std::string(topic) + "' (1..249 characters of a-z A-Z 0-9 . _ -)" };
    KafkaRelayConfig c;
    c.brokers = std::string(brokers);
    c.topic = std::string(topic);
    return { std::move(c), {} };
}

KafkaRelay::KafkaRelay(KafkaRelayConfig config)
    : m_config(std::move(config))
    , m_shared(std::make_unique<Shared>())
{ }

KafkaRelay::~KafkaRelay()
{
    stop();
}

std::string KafkaRelay::name() const
{
    return "kafka-produce:" + m_config.brokers + "/" + m_config.topic;
}

std::optional<std::string> KafkaRelay::start()
{
    if (m_rk)
        return std::string("already started");
    if (m_isStopped)
        return std::string("stopped relays do not restart");
    if (m_config.brokers.empty() || !isValidTopic(m_config.topic))
        return "bad relay target '" + m_config.brokers + "/" + m_config.topic + "'";

    char error[512] = {};
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    std::string compression = m_config.compression;
    if (compression == "auto") {
        char features[512] = {};
        std::size_t size = sizeof(features);
        if (rd_kafka_conf_get(conf, "builtin.features", features, &size) == RD_KAFKA_CONF_OK)
            compression = autoCompression(features);
        else
            compression = "none";
    }
    std::vector<KafkaProperty> properties {
        { "bootstrap.servers", m_config.brokers },
        { "linger.ms", std::to_string(m_config.lingerMs) },
        { "queue.buffering.max.messages", std::to_string(m_config.queueMaxMessages) },
        { "queue.buffering.max.kbytes", std::to_string(m_config.queueMaxKbytes) },
        { "message.timeout.ms", std::to_string(m_config.messageTimeoutMs) },
        { "compression.codec", compression },
    };
    properties.insert(properties.end(), m_config.properties.begin(), m_config.properties.end());
    for (const auto& [key, value] : properties) {
        if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof(error)) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return "kafka producer property " + key + ": " + error;
        }
        if (key == "compression.codec" || key == "compression.type")
            compression = value;
    }
    rd_kafka_conf_set_opaque(conf, m_shared.get());
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_error_cb(conf, onError);
    rd_kafka_conf_set_log_cb(conf, onLog);

    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
    if (!rk) {
        rd_kafka_conf_destroy(conf); // not taken over on failure
        return "kafka producer: " + std::string(error);
    }
    rd_kafka_topic_t* topic = rd_kafka_topic_new(rk, m_config.topic.c_str(), nullptr);
    if (!topic) {
        const std::string why = rd_kafka_err2str(rd_kafka_last_error());
        rd_kafka_destroy(rk);
        return "kafka topic " + m_config.topic + ": " + why;
    }
    m_rk = rk;
    m_topic = topic;
    m_compression = compression;
    m_isStopRequested = false;
    m_thread = std::thread([this] { run(); });
    return std::nullopt;
}

void KafkaRelay::run()
{
    while (!m_isStopRequested.load(std::memory_order_relaxed))
        rd_kafka_poll(m_rk, 100);
    // Deliver what the broker will still take, then fail the rest so every line is accounted for.
    rd_kafka_flush(m_rk, m_config.stopTimeoutMs);
    if (rd_kafka_outq_len(m_rk) > 0) {
        rd_kafka_purge(m_rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_flush(m_rk, kPurgeWaitMs);
    }
    rd_kafka_poll(m_rk, 0);
}

void KafkaRelay::stop()
{
    if (!m_rk) {
        m_isStopped = true;
        return;
    }
    m_isStopRequested = true;
    m_thread.join();
    rd_kafka_topic_destroy(m_topic);
    rd_kafka_destroy(m_rk);
    m_topic = nullptr;
    m_rk = nullptr;
    m_isStopped = true;
}

const std::string& KafkaRelay::fallbackKey(std::uint16_t sourceIndex)
{
    // Only the aggregation thread gets here, so the lazily grown table needs no lock.
    std::vector<std::string>& keys = m_config.fallbackKeys;
    if (sourceIndex >= keys.size())
        keys.resize(sourceIndex + 1u);
    if (keys[sourceIndex].empty())
        keys[sourceIndex] = "source-" + std::to_string(sourceIndex);
    return keys[sourceIndex];
}

void KafkaRelay::onAcceptedLine(std::uint16_t sourceIndex, std::string_view line, std::string_view sourceKey)
{
    if (!m_topic) [[unlikely]] {
        bump(m_shared->produceErrors);
        m_shared->countError(RD_KAFKA_RESP_ERR__STATE);
        return;
    }
    if (sourceKey.empty())
        sourceKey = fallbackKey(sourceIndex);
    // RD_KAFKA_MSG_F_COPY: the line lives in a recycled batch; a full queue fails at once (no F_BLOCK).
    if (rd_kafka_produce(m_topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, const_cast<char*>(line.data()),
            line.size(), sourceKey.data(), sourceKey.size(), nullptr)
        == 0) [[likely]] {
        bump(m_shared->produced);
        return;
    }
    const rd_kafka_resp_err_t err = rd_kafka_last_error();
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL)
        bump(m_shared->queueFullDrops);
    else
        bump(m_shared->produceErrors);
    m_shared->countError(err);
}

KafkaRelayStats KafkaRelay::stats() const
{
    const Shared& s = *m_shared;
    KafkaRelayStats out;
    // Reports follow their produce call, so reading them first keeps inFlight from going negative.
    out.delivered = s.delivered.load(std::memory_order_acquire);
    out.failed = s.failed.load(std::memory_order_acquire);
    out.produced = s.produced.load(std::memory_order_acquire);
    out.queueFullDrops = s.queueFullDrops.load(std::memory_order_relaxed);
    out.produceErrors = s.produceErrors.load(std::memory_order_relaxed);
    out.clientErrors = s.clientErrors.load(std::memory_order_relaxed);
    const std::uint64_t done = out.delivered + out.failed;
    out.inFlight = out.produced > done ? out.produced - done : 0;
    for (int slot = 0; slot < kErrorSlots; ++slot) {
        if (const std::uint64_t n = s.byError[slot].load(std::memory_order_relaxed)) {
            const auto err = static_cast<rd_kafka_resp_err_t>(slot + kMinError);
            out.failuresByReason.emplace_back(slot == kErrorSlots - 1 ? "other" : rd_kafka_err2name(err), n);
        }
    }
    const std::lock_guard lock(s.mutex);
    out.lastClientError = s.lastClientError;
    return out;
}

} // namespace pulse
