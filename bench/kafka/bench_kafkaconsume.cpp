// Consume throughput: ~100-byte StatsD-line messages from tools/kafka-mock, consumed by KafkaSource
// (part A's consumer), parsed and aggregated by the Ingestor; compared with kcat reading the same topic
// in the same run. Usage: bench_kafkaconsume [MESSAGES=2000000] [RUNS=3].

#include "kafka/kafkasource.h"
#include "kafkabenchutil.h"
#include "pipeline/ingestor.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <cstdio>
#include <thread>

using namespace pulse;
using namespace pulse::benchutil;

namespace {

/** Fills the topic with `count` messages; false on failure. */
bool fill(const std::string& bootstrap, const char* topic, std::size_t count)
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
        while (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                   RD_KAFKA_V_VALUE(line, std::size_t(n)), RD_KAFKA_V_END)
            == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(rk, 10);
        rd_kafka_poll(rk, 0);
    }
    const bool isFlushed = rd_kafka_flush(rk, 120'000) == RD_KAFKA_RESP_ERR_NO_ERROR;
    rd_kafka_destroy(rk);
    return isFlushed;
}

struct Result {
    double wallSec = 0; ///< from start() to the last message aggregated (includes the group join)
    double steadySec = 0; ///< from the first message aggregated to the last
    double cpuSec = 0;
};

/** KafkaSource → IngestQueue → Ingestor on a drain thread standing in for the aggregation thread. */
Result consumeOnce(const std::string& bootstrap, const char* topic, const std::string& group, std::size_t count)
{
    IngestQueue queue(64);
    KafkaSourceConfig config;
    config.brokers = bootstrap;
    config.topics = { topic };
    config.group = group;
    config.isFromEarliest = true;
    KafkaSource source(config, 0, queue);
    std::atomic<std::uint64_t> done { 0 };
    std::atomic<double> firstAt { 0 };
    std::atomic<bool> isStopping { false };
    const double cpu0 = cpuSec();
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
            if (n && firstAt.load() == 0)
                firstAt = nowSec();
            done = n;
        }
    });
    Result r;
    if (const auto error = source.start()) {
        std::fprintf(stderr, "kafka source: %s\n", error->c_str());
    } else {
        while (done.load() < count && nowSec() - t0 < 120)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const double t1 = nowSec();
    r.wallSec = t1 - t0;
    r.steadySec = t1 - firstAt.load();
    r.cpuSec = cpuSec() - cpu0;
    if (done.load() < count)
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
    MockCluster mock;
    if (!mock.start({ "consume:1" })) {
        std::fprintf(stderr, "cannot start kafka-mock from %s\n", binDir().c_str());
        return 1;
    }
    const double f0 = nowSec();
    if (!fill(mock.bootstrap, "consume", count)) {
        std::fprintf(stderr, "could not fill the topic\n");
        return 1;
    }
    std::printf("filled %zu messages in %.2f s\n", count, nowSec() - f0);
    std::vector<double> kcatRates, wallRates, steadyRates, cores, ratios;
    for (int r = 0; r < runs; ++r) {
        const double kcatSec = timeCommand(
            { "kcat", "-F", "/dev/null", "-C", "-b", mock.bootstrap, "-t", "consume", "-o", "beginning", "-e", "-q" });
        const Result res = consumeOnce(mock.bootstrap, "consume", "bench-" + std::to_string(r), count);
        const double kcatRate = double(count) / kcatSec;
        kcatRates.push_back(kcatRate);
        wallRates.push_back(double(count) / res.wallSec);
        steadyRates.push_back(double(count) / res.steadySec);
        cores.push_back(res.cpuSec / res.wallSec);
        ratios.push_back(steadyRates.back() / kcatRate);
        std::printf("run %d: kcat %.0f msg/s | pulse %.0f msg/s from start (group join included), %.0f msg/s "
                    "from first message, %.2f cores, %.0f %% of kcat\n",
            r + 1, kcatRate, wallRates.back(), steadyRates.back(), cores.back(), 100 * ratios.back());
    }
    double load[3] = {};
    getloadavg(load, 3);
    std::printf("median of %d runs, %zu messages: kcat %.0f msg/s, pulse %.0f msg/s (from start %.0f), %.2f cores, "
                "%.0f %% of kcat (load average %.2f)\n",
        runs, count, median(kcatRates), median(steadyRates), median(wallRates), median(cores), 100 * median(ratios),
        load[0]);
    return 0;
}
