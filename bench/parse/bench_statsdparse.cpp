// StatsD parser throughput on realistic ~1,400-byte datagrams (items = lines).
#include "parse/statsdparser.h"

#include <benchmark/benchmark.h>

#include <array>
#include <string>

namespace {

struct Payload {
    std::string bytes;
    std::size_t lines = 0;
};

/** Counters and gauges of ~40 bytes, e.g. `api.requests.count.web01:1|c|#env:prod`, up to ~1,400 bytes. */
Payload countersAndGauges()
{
    Payload p;
    for (int i = 0; p.bytes.size() < 1360; ++i) {
        const std::string host = (i % 10 < 5 ? "web0" : "db0") + std::to_string(i % 10);
        if (i % 3 == 2)
            p.bytes += "sys.cpu.user." + host + ":" + std::to_string(i * 7 % 100) + ".5|g|#env:prod\n";
        else
            p.bytes += "api.requests.count." + host + ":" + std::to_string(1 + i % 3) + "|c|#env:prod\n";
        ++p.lines;
    }
    return p;
}

/** Timers with packed values, sample rates and four tags; ~1,400 bytes. */
Payload timersPackedTags()
{
    Payload p;
    for (int i = 0; p.bytes.size() < 1300; ++i) {
        p.bytes += "http.server.latency:" + std::to_string(10 + i) + ".25:" + std::to_string(3 + i % 7)
            + ":1.5e2|ms|@0.5" + "|#env:prod,region:eu-west-1,host:web0" + std::to_string(i % 10)
            + ",route:/api/v1/items\n";
        ++p.lines;
    }
    return p;
}

/** A consumer like the ingestor: reads every value and copies the tags into a fixed buffer. */
struct Sink {
    std::array<pulse::TagView, 64> tags {};
    double sum = 0;
    std::size_t count = 0;
    void onSample(const pulse::StatsdSample& s)
    {
        sum += s.value * s.sampleRate;
        count += s.name.size() + s.tags.copyTo(tags);
    }
    void onEvent(const pulse::StatsdEvent&) { ++count; }
    void onServiceCheck(const pulse::StatsdServiceCheck&) { ++count; }
    void onReject(std::size_t, pulse::StatsdReject, std::string_view) { ++count; }
};

void run(benchmark::State& state, const Payload& p)
{
    const pulse::StatsdLimits limits;
    Sink sink;
    for (auto _ : state) {
        pulse::parseStatsd(p.bytes, limits, sink);
        benchmark::DoNotOptimize(sink.sum);
        benchmark::DoNotOptimize(sink.count);
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(p.lines));
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(p.bytes.size()));
    state.counters["ns_per_line"] = benchmark::Counter(
        double(p.lines), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.counters["lines_per_payload"] = double(p.lines);
}

void BM_StatsdCountersGauges(benchmark::State& state)
{
    static const Payload p = countersAndGauges();
    run(state, p);
}
BENCHMARK(BM_StatsdCountersGauges);

void BM_StatsdTimersPackedTags(benchmark::State& state)
{
    static const Payload p = timersPackedTags();
    run(state, p);
}
BENCHMARK(BM_StatsdTimersPackedTags);

} // namespace

BENCHMARK_MAIN();
