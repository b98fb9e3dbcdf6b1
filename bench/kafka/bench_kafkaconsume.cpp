// Consume throughput: ~100-byte StatsD-line messages from tools/kafka-mock, consumed by KafkaSource
// (part A's consumer), parsed and aggregated by the Ingestor; compared with kcat reading the same topic
// in the same run. Usage: bench_kafkaconsume [MESSAGES=2000000] [RUNS=3] [KEY=VALUE ...]; the KEY=VALUE
// pairs are extra librdkafka consumer properties, for tuning experiments.
//
// librdkafka's mock cluster keeps only the newest 5 MiB (or 100,000 message sets) of each partition and
// silently drops older messages. The topic is therefore spread over enough partitions that each holds at
// most kPartitionBudgetBytes, and the fill is checked (every partition must still start at offset 0).

#include "kafka/kafkasource.h"
#include "kafkabenchutil.h"
#include "pipeline/ingestor.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

using namespace pulse;
using namespace pulse::benchutil;

namespace {

constexpr std::size_t kPartitionBudgetBytes = 4 * 1024 * 1024; // the mock keeps 5 MiB per partition
constexpr std::size_t kLogBytesPerMessage = 110; // ~90-byte line plus record overhead in the mock's log
constexpr double kStallSec = 10; // no progress for this long: report where it stopped instead of waiting

std::int32_t partitionsFor(std::size_t count)
{
    const std::size_t n = (count * kLogBytesPerMessage + kPartitionBudgetBytes - 1) / kPartitionBudgetBytes;
    return std::int32_t(std::clamp<std::size_t>(n, 1, 1000));
}

/** Fills the topic's partitions round-robin with `count` messages and checks that all of them are kept. */
bool fill(const std::string& bootstrap, const char* topic, std::int32_t partitions, std::size_t count)
{
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const std::pair<const char*, std::string> props[] = { { "bootstrap.servers", bootstrap }, { "linger.ms", "20" },
        { "batch.size", "1000000" }, { "queue.buffering.max.messages", "1000000" } };
    for (const auto& [k, v] : props)
        if (rd_kafka_conf_set(conf, k, v.c_str(), error, sizeof(error)) != RD_KAFKA_CONF_OK)
            return false;
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
    if (!rk)
        return false;
    char line[160];
    for (std::size_t i = 0; i < count; ++i) {
        const int n = std::snprintf(line, sizeof(line),
            "pulse.bench.requests.handled.m%03zu:%zu|c|#source:host-%02zu,env:production,region:eu-west-1", i % 1000,
            i % 97, i % 50);
        while (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(std::int32_t(i % partitions)),
                   RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(line, std::size_t(n)), RD_KAFKA_V_END)
            == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(rk, 10);
        rd_kafka_poll(rk, 0);
    }
    bool isOk = rd_kafka_flush(rk, 120'000) == RD_KAFKA_RESP_ERR_NO_ERROR;
    if (!isOk)
        std::fprintf(stderr, "could not flush the topic\n");
    std::int64_t kept = 0;
    for (std::int32_t p = 0; isOk && p < partitions; ++p) {
        std::int64_t low = -1, high = -1;
        if (rd_kafka_query_watermark_offsets(rk, topic, p, &low, &high, 10'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            std::fprintf(stderr, "cannot read the watermarks of partition %d\n", p);
            isOk = false;
        } else if (low != 0) {
            std::fprintf(stderr, "the mock cluster dropped the first %lld messages of partition %d (retention)\n",
                static_cast<long long>(low), p);
            isOk = false;
        }
        kept += high - low;
    }
    if (isOk && kept != std::int64_t(count)) {
        std::fprintf(stderr, "the topic holds %lld messages, not %zu\n", static_cast<long long>(kept), count);
        isOk = false;
    }
    rd_kafka_destroy(rk);
    return isOk;
}

struct Result {
    double wallSec = 0; ///< from start() to the last message aggregated (includes the group join)
    double steadySec = 0; ///< from the first message aggregated to the last
    double middleSec = 0; ///< from 10 % of the messages aggregated to 90 % (ramp-up of all partitions excluded)
    double cpuSec = 0; ///< this process (consumer, parse, aggregate) from the first message to the last
    bool isComplete = false;
};

/** KafkaSource → IngestQueue → Ingestor on a drain thread standing in for the aggregation thread. */
Result consumeOnce(const std::string& bootstrap, const char* topic, const std::string& group, std::size_t count,
    const std::vector<KafkaProperty>& properties)
{
    IngestQueue queue(64);
    KafkaSourceConfig config;
    config.brokers = bootstrap;
    config.topics = { topic };
    config.group = group;
    config.isFromEarliest = true;
    config.properties = properties;
    KafkaSource source(config, 0, queue);
    std::atomic<std::uint64_t> done { 0 };
    std::atomic<double> firstAt { 0 };
    std::atomic<double> cpuAtFirst { 0 };
    std::atomic<double> at10 { 0 };
    std::atomic<double> at90 { 0 };
    std::atomic<bool> isStopping { false };
    const double t0 = nowSec();
    std::thread drain([&] {
        SeriesRegistry registry;
        WindowEngine engine { EngineConfig { { WindowSpec { 10'000, 10'000, false } } } };
        Ingestor ingestor(registry, engine);
        std::vector<IngestBatchPtr> batches;
        while (!isStopping) {
            queue.popAll(batches, std::chrono::milliseconds(20));
            for (IngestBatchPtr& b : batches) {
                ingestor.ingest(*b);
                if (b->onIngested)
                    b->onIngested();
                queue.recycle(std::move(b));
            }
            batches.clear();
            const std::uint64_t n = ingestor.counters(0).acceptedLines;
            if (n && firstAt.load() == 0) {
                cpuAtFirst = cpuSec();
                firstAt = nowSec();
            }
            if (at10.load() == 0 && n >= count / 10)
                at10 = nowSec();
            if (at90.load() == 0 && n >= count - count / 10)
                at90 = nowSec();
            done = n;
        }
    });
    Result r;
    if (const auto error = source.start()) {
        std::fprintf(stderr, "kafka source: %s\n", error->c_str());
    } else {
        std::uint64_t lastDone = 0;
        double lastProgress = nowSec();
        while (done.load() < count) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            if (done.load() != lastDone) {
                lastDone = done.load();
                lastProgress = nowSec();
            } else if (nowSec() - lastProgress > kStallSec) {
                const KafkaSourceStats s = source.stats();
                std::int64_t lag = 0;
                for (const KafkaPartitionStats& p : s.partitions)
                    lag += std::max<std::int64_t>(0, p.lagMessages);
                std::fprintf(stderr,
                    "stalled for %.0f s: source %s, %llu messages read, paused %d, %llu batches acked, lag %lld\n",
                    kStallSec, std::string(kafkaStateName(s.state)).c_str(),
                    static_cast<unsigned long long>(s.messages), int(s.isPaused),
                    static_cast<unsigned long long>(s.batchesAcked), static_cast<long long>(lag));
                break;
            }
        }
    }
    const double t1 = nowSec();
    r.wallSec = t1 - t0;
    r.steadySec = t1 - firstAt.load();
    r.middleSec = at90.load() - at10.load();
    r.cpuSec = cpuSec() - cpuAtFirst.load();
    r.isComplete = done.load() >= count;
    if (!r.isComplete)
        std::fprintf(
            stderr, "only %llu of %zu messages consumed\n", static_cast<unsigned long long>(done.load()), count);
    source.stop();
    isStopping = true;
    drain.join();
    return r;
}

} // namespace

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
    std::vector<KafkaProperty> properties;
    for (int i = 3; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto eq = arg.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            std::fprintf(stderr, "expected KEY=VALUE, not '%s'\n", argv[i]);
            return 1;
        }
        properties.emplace_back(std::string(arg.substr(0, eq)), std::string(arg.substr(eq + 1)));
    }
    const std::int32_t partitions = partitionsFor(count);
    MockCluster mock;
    if (!mock.start({ "consume:" + std::to_string(partitions) })) {
        std::fprintf(stderr, "cannot start kafka-mock from %s\n", binDir().c_str());
        return 1;
    }
    const double f0 = nowSec();
    if (!fill(mock.bootstrap, "consume", partitions, count)) {
        std::fprintf(stderr, "could not fill the topic\n");
        return 1;
    }
    std::printf("filled %zu messages into %d partitions in %.2f s\n", count, partitions, nowSec() - f0);
    std::vector<double> kcatRates, wallRates, steadyRates, middleRates, cores, ratios;
    for (int r = 0; r < runs; ++r) {
        const double kcatSec = timeCommand(
            { "kcat", "-F", "/dev/null", "-C", "-b", mock.bootstrap, "-t", "consume", "-o", "beginning", "-e", "-q" });
        const Result res = consumeOnce(mock.bootstrap, "consume", "bench-" + std::to_string(r), count, properties);
        if (kcatSec <= 0 || !res.isComplete) {
            std::fprintf(stderr, "run %d failed (%s)\n", r + 1, kcatSec <= 0 ? "kcat" : "pulse");
            return 1;
        }
        const double kcatRate = double(count) / kcatSec;
        kcatRates.push_back(kcatRate);
        wallRates.push_back(double(count) / res.wallSec);
        steadyRates.push_back(double(count) / res.steadySec);
        middleRates.push_back(0.8 * double(count) / res.middleSec);
        cores.push_back(res.cpuSec / res.steadySec);
        ratios.push_back(steadyRates.back() / kcatRate);
        std::printf("run %d: kcat %.0f msg/s | pulse %.0f msg/s from start (group join included), %.0f msg/s "
                    "from first message (%.0f msg/s between 10 %% and 90 %%) using %.2f cores, %.0f %% of kcat\n",
            r + 1, kcatRate, wallRates.back(), steadyRates.back(), middleRates.back(), cores.back(),
            100 * ratios.back());
    }
    double load[3] = {};
    getloadavg(load, 3);
    std::printf("median of %d runs, %zu messages: kcat %.0f msg/s, pulse %.0f msg/s (10-90 %% %.0f, from start %.0f), "
                "%.2f cores, %.0f %% of kcat (load average %.2f)\n",
        runs, count, median(kcatRates), median(steadyRates), median(middleRates), median(wallRates), median(cores),
        100 * median(ratios), load[0]);
    return 0;
}
