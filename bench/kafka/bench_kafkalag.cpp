// Consumer lag under a live feed: a producer thread writes ~100-byte StatsD-line messages into tools/kafka-mock at
// a steady rate (default 500,000 msg/s, half the consumer target) while KafkaSource consumes them into the ingest
// queue and an Ingestor aggregates them on a drain thread standing in for the aggregation thread. Each message
// carries its send time; lag in time = aggregated − sent, sampled on every 16th message.
//
// Phases: warm-up at the rate until the lag p99 has stayed under 100 ms for WARM whole seconds (at most 30 s; the
// group join and catch-up are not counted), STEADY seconds at the rate (lag p50/p99/max), BURST seconds at
// twice the rate, then the rate again until the lag is back under 100 ms for a whole second (recovery time,
// counted from the end of the burst), at most RECOVER_MAX seconds.
//
// Usage: bench_kafkalag [RATE=500000] [STEADY=20] [BURST=10] [WARM=3] [RECOVER_MAX=30] [PARTITIONS=16]

#include "kafka/kafkasource.h"
#include "kafkabenchutil.h"
#include "pipeline/ingestor.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

using namespace pulse;
using namespace pulse::benchutil;

namespace {

// The mock cluster keeps 5 MiB per partition: at 100,000 msg/s of ~110 bytes, 16 partitions hold ~7 s of feed.
std::int32_t g_partitions = 16;
constexpr std::size_t kSampleEvery = 16;
constexpr double kRecoveredLagSec = 0.100;

std::int64_t nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/** Lag samples (µs) taken by the drain thread; the main thread swaps them out per interval. */
class LagSamples {
public:
    void add(std::int64_t lagUs)
    {
        std::lock_guard lock(m_mutex);
        m_samples.push_back(lagUs);
    }
    std::vector<std::int64_t> take()
    {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_samples, {});
    }

private:
    std::mutex m_mutex;
    std::vector<std::int64_t> m_samples;
};

double percentileMs(std::vector<std::int64_t>& v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return double(v[std::min(v.size() - 1, std::size_t(q * double(v.size())))]) / 1000.0;
}

/** Paces a librdkafka producer at a target rate in 1 ms steps; the rate can change at any time. */
class Producer {
public:
    explicit Producer(const std::string& bootstrap)
    {
        char error[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        const std::pair<const char*, const char*> props[]
            = { { "linger.ms", "5" }, { "batch.size", "1000000" }, { "queue.buffering.max.messages", "2000000" },
                  { "queue.buffering.max.kbytes", "1048576" }, { "acks", "1" } };
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), error, sizeof(error));
        for (const auto& [k, v] : props)
            rd_kafka_conf_set(conf, k, v, error, sizeof(error));
        m_rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
    }
    ~Producer()
    {
        stop();
        if (m_rk) {
            rd_kafka_flush(m_rk, 5000);
            rd_kafka_destroy(m_rk);
        }
    }
    bool isOk() const { return m_rk != nullptr; }
    void setRate(double perSec) { m_rate = perSec; }
    std::uint64_t sent() const { return m_sent; }
    std::uint64_t queueFull() const { return m_queueFull; }
    void start()
    {
        m_thread = std::thread([this] { run(); });
    }
    void stop()
    {
        m_isStopping = true;
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    void run()
    {
        char line[160];
        double owed = 0;
        std::int64_t last = nowUs();
        std::uint64_t i = 0;
        while (!m_isStopping) {
            const std::int64_t now = nowUs();
            owed += m_rate.load() * double(now - last) / 1e6;
            last = now;
            for (; owed >= 1; owed -= 1, ++i) {
                const int n = std::snprintf(line, sizeof(line),
                    "pulse.bench.lag.handled.m%03llu:1|c|#source:host-%02llu,region:eu-west-1,t:%lld",
                    static_cast<unsigned long long>(i % 1000), static_cast<unsigned long long>(i % 50),
                    static_cast<long long>(nowUs()));
                if (rd_kafka_producev(m_rk, RD_KAFKA_V_TOPIC("lag"),
                        RD_KAFKA_V_PARTITION(std::int32_t(i % g_partitions)), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                        RD_KAFKA_V_VALUE(line, std::size_t(n)), RD_KAFKA_V_END)
                    != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    ++m_queueFull;
                    owed = 0; // the producer cannot keep up: drop the backlog rather than burst later
                    break;
                }
                ++m_sent;
            }
            rd_kafka_poll(m_rk, 0);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    rd_kafka_t* m_rk = nullptr;
    std::atomic<double> m_rate { 0 };
    std::atomic<std::uint64_t> m_sent { 0 };
    std::atomic<std::uint64_t> m_queueFull { 0 };
    std::atomic<bool> m_isStopping { false };
    std::thread m_thread;
};

/** The send time a message carries in its `t` tag; 0 when absent. */
std::int64_t sentAtUs(std::string_view payload)
{
    const auto at = payload.rfind(",t:");
    if (at == std::string_view::npos)
        return 0;
    std::int64_t us = 0;
    std::from_chars(payload.data() + at + 3, payload.data() + payload.size(), us);
    return us;
}

int argInt(int argc, char** argv, int index, int fallback)
{
    return argc > index ? std::atoi(argv[index]) : fallback;
}

} // namespace

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc > 1 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
        std::printf("usage: bench_kafkalag [RATE=500000] [STEADY=20] [BURST=10] [WARM=3] [RECOVER_MAX=30] "
                    "[PARTITIONS=16]\n");
        return 0;
    }
    const double rate = argc > 1 ? std::atof(argv[1]) : 500'000;
    const int steadySec = argInt(argc, argv, 2, 20);
    const int burstSec = argInt(argc, argv, 3, 10);
    const int warmSec = argInt(argc, argv, 4, 3);
    const int recoverMaxSec = argInt(argc, argv, 5, 30);
    g_partitions = argInt(argc, argv, 6, 16);

    MockCluster mock;
    if (!mock.start({ "lag:" + std::to_string(g_partitions) })) {
        std::fprintf(stderr, "cannot start kafka-mock from %s\n", binDir().c_str());
        return 1;
    }
    IngestQueue queue(64);
    KafkaSourceConfig config;
    config.brokers = mock.bootstrap;
    config.topics = { "lag" };
    config.group = "bench-lag";
    config.isFromEarliest = false; // from the live end: the mock's retention is seconds at this rate
    KafkaSource source(config, 0, queue);
    LagSamples lags;
    std::atomic<bool> isStopping { false };
    std::atomic<std::uint64_t> aggregated { 0 };
    std::thread drain([&] {
        SeriesRegistry registry;
        WindowEngine engine { EngineConfig { { WindowSpec { 1'000, 1'000, false } } } };
        Ingestor ingestor(registry, engine);
        std::vector<IngestBatchPtr> batches;
        std::uint64_t seen = 0;
        while (!isStopping) {
            queue.popAll(batches, std::chrono::milliseconds(20));
            for (IngestBatchPtr& b : batches) {
                ingestor.ingest(*b);
                const std::int64_t doneUs = nowUs();
                for (const PayloadSlice& s : b->payloads) {
                    if (seen++ % kSampleEvery == 0)
                        if (const std::int64_t sent = sentAtUs({ b->bytes.data() + s.offset, s.size }))
                            lags.add(doneUs - sent);
                }
                if (b->onIngested)
                    b->onIngested();
                queue.recycle(std::move(b));
            }
            batches.clear();
            aggregated = ingestor.counters(0).acceptedLines;
        }
    });
    if (const auto error = source.start()) {
        std::fprintf(stderr, "kafka source: %s\n", error->c_str());
        isStopping = true;
        drain.join();
        return 1;
    }
    Producer producer(mock.bootstrap);
    if (!producer.isOk()) {
        std::fprintf(stderr, "cannot create the producer\n");
        return 1;
    }
    const double cpu0 = cpuSec();
    producer.setRate(rate);
    producer.start();
    const auto second = [&] {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        return lags.take();
    };
    // Warm-up: the group join and the catch-up from the first message are not part of the steady state.
    for (int s = 0, caughtUp = 0; s < 30 && caughtUp < warmSec; ++s) {
        std::vector<std::int64_t> v = second();
        caughtUp = !v.empty() && percentileMs(v, 0.99) <= kRecoveredLagSec * 1000 ? caughtUp + 1 : 0;
    }
    std::vector<std::int64_t> steady;
    const double steadyCpu0 = cpuSec();
    const std::uint64_t steadyAgg0 = aggregated;
    const std::uint64_t steadySent0 = producer.sent();
    for (int s = 0; s < steadySec; ++s) {
        std::vector<std::int64_t> v = second();
        steady.insert(steady.end(), v.begin(), v.end());
    }
    const double steadyRate = double(aggregated - steadyAgg0) / steadySec;
    const double sentRate = double(producer.sent() - steadySent0) / steadySec;
    const double steadyCores = (cpuSec() - steadyCpu0) / steadySec;
    std::vector<std::int64_t> steadySorted = steady;
    const double p50 = percentileMs(steadySorted, 0.50);
    const double p99 = percentileMs(steadySorted, 0.99);
    const double maxMs = steadySorted.empty() ? 0 : double(steadySorted.back()) / 1000.0;

    producer.setRate(2 * rate);
    double burstPeakP99 = 0;
    for (int s = 0; s < burstSec; ++s) {
        std::vector<std::int64_t> v = second();
        burstPeakP99 = std::max(burstPeakP99, percentileMs(v, 0.99));
    }
    producer.setRate(rate);
    const double burstEnd = nowSec();
    double recoveredAfter = -1;
    double afterPeakP99 = 0;
    for (int s = 0; s < recoverMaxSec; ++s) {
        std::vector<std::int64_t> v = second();
        const double p = percentileMs(v, 0.99);
        afterPeakP99 = std::max(afterPeakP99, p);
        if (!v.empty() && p <= kRecoveredLagSec * 1000) {
            recoveredAfter = nowSec() - burstEnd;
            break;
        }
    }
    producer.stop();
    source.stop();
    isStopping = true;
    drain.join();
    double load[3] = {};
    getloadavg(load, 3);
    std::printf("rate %.0f msg/s: in the steady phase sent %.0f msg/s, aggregated %.0f msg/s (%llu producer queue-full "
                "drops), this process %.2f cores (producer included)\n",
        rate, sentRate, steadyRate, static_cast<unsigned long long>(producer.queueFull()), steadyCores);
    std::printf("steady %d s: lag p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu samples)\n", steadySec, p50, p99, maxMs,
        steady.size());
    std::printf("burst %d s at %.0f msg/s: worst 1-s lag p99 %.1f ms during, %.1f ms after\n", burstSec, 2 * rate,
        burstPeakP99, afterPeakP99);
    if (recoveredAfter >= 0)
        std::printf("recovered (1-s lag p99 <= 100 ms) %.1f s after the burst ended\n", recoveredAfter);
    else
        std::printf("NOT recovered within %d s after the burst\n", recoverMaxSec);
    std::printf("total CPU %.1f s, load average %.2f\n", cpuSec() - cpu0, load[0]);
    return 0;
}
