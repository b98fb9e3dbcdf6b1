// Relay throughput: StatsD lines from memory → Ingestor (+ KafkaRelay as its LineSink) → tools/kafka-mock.
// Usage: bench_kafkarelay [LINES=1000000] [RUNS=3]. Plain program: prints one row per run, then medians.

#include "kafka/kafkarelay.h"
#include "kafkabenchutil.h"

#include <cstdio>
#include <thread>

using namespace pulse;
using namespace pulse::benchutil;

namespace {

constexpr std::size_t kLinesPerPayload = 14; // ~1400-byte datagrams
constexpr std::size_t kPayloadsPerBatch = 256;

/** ~100-byte StatsD lines, 1000 series over 50 sources, packed like the UDP receiver packs datagrams. */
std::vector<IngestBatch> makeBatches(std::size_t lines)
{
    std::vector<IngestBatch> out;
    const TimestampMs nowMs = SystemClock::instance().nowMs();
    std::string payload;
    char line[160];
    for (std::size_t i = 0; i < lines;) {
        IngestBatch& b = out.emplace_back();
        for (std::size_t p = 0; p < kPayloadsPerBatch && i < lines; ++p) {
            payload.clear();
            for (std::size_t l = 0; l < kLinesPerPayload && i < lines; ++l, ++i) {
                const int n = std::snprintf(line, sizeof(line),
                    "pulse.bench.requests.handled.m%03zu:%zu|c|#source:host-%02zu,env:production,region:eu-west-1\n",
                    i % 1000, i % 97, i % 50);
                payload.append(line, std::size_t(n));
            }
            PayloadSlice s;
            s.offset = std::uint32_t(b.bytes.size());
            s.size = std::uint32_t(payload.size());
            s.arrivalMs = nowMs;
            b.bytes.insert(b.bytes.end(), payload.begin(), payload.end());
            b.payloads.push_back(s);
        }
    }
    return out;
}

struct Run {
    double ingestLinesPerSec = 0; ///< aggregation thread: parse + aggregate + produce
    double endToEndLinesPerSec = 0; ///< until every message is acknowledged by the broker
    double cores = 0;
    std::uint64_t drops = 0;
    std::uint64_t failed = 0;
};

} // namespace

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const std::size_t lines = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
    const std::vector<IngestBatch> batches = makeBatches(lines);
    std::vector<double> baseline;
    std::vector<Run> results;
    for (int r = 0; r < runs; ++r) {
        { // ingest alone, no sink: the cost the relay adds to
            SeriesRegistry registry;
            WindowEngine engine { EngineConfig { { WindowSpec { 10'000, 10'000, false } } } };
            Ingestor ingestor(registry, engine);
            const double t0 = nowSec();
            for (const IngestBatch& b : batches)
                ingestor.ingest(b);
            baseline.push_back(double(lines) / (nowSec() - t0));
        }
        MockCluster mock;
        if (!mock.start({ "relay:4" })) {
            std::fprintf(stderr, "cannot start kafka-mock from %s\n", binDir().c_str());
            return 1;
        }
        KafkaRelayConfig config;
        config.brokers = mock.bootstrap;
        config.topic = "relay";
        config.queueMaxMessages = 2'000'000;
        config.queueMaxKbytes = 1024 * 1024;
        KafkaRelay relay(config);
        if (const auto error = relay.start()) {
            std::fprintf(stderr, "relay: %s\n", error->c_str());
            return 1;
        }
        SeriesRegistry registry;
        WindowEngine engine { EngineConfig { { WindowSpec { 10'000, 10'000, false } } } };
        Ingestor ingestor(registry, engine);
        ingestor.setLineSink(&relay);
        const double cpu0 = cpuSec();
        const double t0 = nowSec();
        for (const IngestBatch& b : batches)
            ingestor.ingest(b);
        const double t1 = nowSec();
        while (relay.stats().inFlight > 0 && nowSec() - t1 < 60)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const double t2 = nowSec();
        const double cpu = cpuSec() - cpu0;
        const KafkaRelayStats s = relay.stats();
        Run run { double(lines) / (t1 - t0), double(s.delivered) / (t2 - t0), cpu / (t2 - t0), s.queueFullDrops,
            s.failed };
        results.push_back(run);
        std::printf("run %d: ingest-only %.0f lines/s | relay ingest+produce %.0f lines/s, end-to-end (acked) %.0f "
                    "lines/s, %.2f cores, delivered %llu, drops %llu, failed %llu, compression %s\n",
            r + 1, baseline.back(), run.ingestLinesPerSec, run.endToEndLinesPerSec, run.cores,
            static_cast<unsigned long long>(s.delivered), static_cast<unsigned long long>(s.queueFullDrops),
            static_cast<unsigned long long>(s.failed), relay.compression().c_str());
        relay.stop();
    }
    std::vector<double> ingest;
    std::vector<double> e2e;
    std::vector<double> cores;
    for (const Run& r : results) {
        ingest.push_back(r.ingestLinesPerSec);
        e2e.push_back(r.endToEndLinesPerSec);
        cores.push_back(r.cores);
    }
    double load[3] = {};
    getloadavg(load, 3);
    std::printf("median of %d runs, %zu lines of ~100 bytes: ingest-only %.0f lines/s, relay ingest+produce %.0f "
                "lines/s, end-to-end %.0f lines/s, %.2f cores (load average %.2f)\n",
        runs, lines, median(baseline), median(ingest), median(e2e), median(cores), load[0]);
    return 0;
}
