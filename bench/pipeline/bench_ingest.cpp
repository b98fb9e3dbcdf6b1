// Parse + aggregate on one core: the Ingestor (parsers, series interning, window engine) fed from
// memory, as the aggregation thread runs it. Items = lines.

#include "pipeline/ingestor.h"
#include "pipeline/pipeline.h"

#include <benchmark/benchmark.h>

#include <random>

using namespace pulse;

namespace {

constexpr TimestampMs kT0 = 1'700'000'000'000;

/** 64 datagrams of ~40 lines each, series drawn at random from `seriesCount`. */
IngestBatch makeBatch(std::size_t seriesCount, const char* type, std::uint64_t seed, std::size_t* lines)
{
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, seriesCount - 1);
    std::uniform_int_distribution<int> value(1, 999);
    IngestBatch b;
    b.format = PayloadFormat::Statsd;
    *lines = 0;
    for (int d = 0; d < 64; ++d) {
        std::string payload;
        for (int i = 0; i < 40; ++i) {
            // ~40-byte lines: "api.requests.s01234:123|c|#env:prod\n"
            char line[96];
            const int n = std::snprintf(
                line, sizeof line, "api.requests.s%05zu:%d|%s|#env:prod\n", pick(rng), value(rng), type);
            payload.append(line, static_cast<std::size_t>(n));
            ++*lines;
        }
        PayloadSlice s;
        s.offset = static_cast<std::uint32_t>(b.bytes.size());
        s.size = static_cast<std::uint32_t>(payload.size());
        b.bytes.insert(b.bytes.end(), payload.begin(), payload.end());
        b.payloads.push_back(s);
    }
    return b;
}

void BM_ParseAggregate(benchmark::State& state, const char* type)
{
    const auto seriesCount = static_cast<std::size_t>(state.range(0));
    PipelineConfig pc;
    pc.outputWindows.push_back(WindowSpec { 10'000, 10'000, false });
    pc.maxSeries = seriesCount + 1000;
    SeriesRegistry registry(pc.maxSeries);
    WindowEngine engine(Pipeline::engineConfigFor(pc, nullptr));
    Ingestor ingestor(registry, engine);
    std::vector<IngestBatch> batches;
    std::size_t linesPerBatch = 0;
    // Enough distinct batches that every series occurs (100k series need ~40 batches of 2,560 lines).
    const int batchCount = std::max<int>(8, int(seriesCount * 3 / 2560) + 1);
    for (int i = 0; i < batchCount; ++i)
        batches.push_back(makeBatch(seriesCount, type, 42 + i, &linesPerBatch));
    // Warm up: every series interned, per-series state allocated.
    TimestampMs now = kT0;
    for (auto& b : batches)
        for (auto& p : b.payloads)
            p.arrivalMs = now;
    for (auto& b : batches)
        ingestor.ingest(b);
    std::size_t i = 0;
    std::uint64_t lines = 0;
    for (auto _ : state) {
        IngestBatch& b = batches[i++ % batches.size()];
        for (auto& p : b.payloads)
            p.arrivalMs = now;
        ingestor.ingest(b);
        lines += linesPerBatch;
        // 10M lines/s → one simulated second every ~4,000 batches; advance 10× per simulated second.
        if (i % 400 == 0) {
            now += 100;
            benchmark::DoNotOptimize(engine.advance(now));
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(lines));
    state.counters["series"] = double(registry.size());
    state.counters["late"] = double(engine.lateSamples());
}

} // namespace

BENCHMARK_CAPTURE(BM_ParseAggregate, counters, "c")->Arg(1000)->Arg(100'000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParseAggregate, gauges, "g")->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParseAggregate, timers, "ms")->Arg(1000)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
