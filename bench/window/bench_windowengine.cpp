// WindowEngine throughput: samples into add() (with the once-per-second advance() that closes panes included),
// and the cost of advance() per closed window. Items are samples, respectively windows.

#include "model/hash.h"
#include "window/windowengine.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using namespace pulse;

namespace {

constexpr TimestampMs kStartMs = 1'700'000'000'000;

EngineConfig benchConfig(std::vector<WindowSpec> specs, std::size_t seriesCount)
{
    EngineConfig config;
    config.specs = std::move(specs);
    config.allowedLatenessMs = 2000;
    config.maxSeries = seriesCount;
    return config;
}

// One simulated second of traffic: `perSeries` samples for each series, in random series order and event time.
std::vector<Sample> oneSecond(MetricType type, std::uint32_t seriesCount, std::uint32_t perSeries, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::vector<Sample> out;
    out.reserve(std::size_t { seriesCount } * perSeries);
    for (std::uint32_t i = 0; i < perSeries; ++i) {
        for (SeriesId id = 0; id < seriesCount; ++id) {
            Sample s;
            s.series = id;
            s.type = type;
            s.value = std::exponential_distribution<double>(0.01)(rng);
            s.setMemberHash = hashMix(rng() % 1000);
            out.push_back(s);
        }
    }
    std::shuffle(out.begin(), out.end(), rng);
    // Arrival order roughly follows event time, as from a live feed.
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i].eventTimeMs = static_cast<TimestampMs>(i * 1000 / out.size());
    return out;
}

void runAdd(benchmark::State& state, MetricType type, std::vector<WindowSpec> specs)
{
    const auto seriesCount = static_cast<std::uint32_t>(state.range(0));
    const auto perSeries = static_cast<std::uint32_t>(state.range(1));
    const std::vector<Sample> second = oneSecond(type, seriesCount, perSeries, 42);
    WindowEngine engine(benchConfig(std::move(specs), seriesCount));
    TimestampMs offsetMs = kStartMs;
    std::size_t windows = 0;
    for (auto _ : state) {
        for (const Sample& proto : second) {
            Sample s = proto;
            s.eventTimeMs += offsetMs;
            engine.add(s);
        }
        offsetMs += 1000;
        for (const WindowBatchPtr& b : engine.advance(offsetMs))
            windows += b->results.size();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * second.size()));
    state.counters["windows"] = benchmark::Counter(double(windows), benchmark::Counter::kIsRate);
    state.counters["bytes/series"] = double(engine.memoryBytes()) / seriesCount;
    benchmark::DoNotOptimize(engine.acceptedSamples());
}

const std::vector<WindowSpec> kTumbling { { 1000, 1000 }, { 10'000, 10'000 }, { 60'000, 60'000 } };

void BM_AddCounters(benchmark::State& state)
{
    runAdd(state, MetricType::Counter, kTumbling);
}
void BM_AddGauges(benchmark::State& state)
{
    runAdd(state, MetricType::Gauge, kTumbling);
}
void BM_AddTimers(benchmark::State& state)
{
    runAdd(state, MetricType::Timer, kTumbling);
}
void BM_AddSets(benchmark::State& state)
{
    runAdd(state, MetricType::Set, kTumbling);
}
void BM_AddTimersSliding(benchmark::State& state)
{
    runAdd(state, MetricType::Timer, { { 1000, 1000 }, { 60'000, 10'000 } });
}

// args: series, samples per series per simulated second
BENCHMARK(BM_AddCounters)->Args({ 1000, 1000 })->Args({ 100'000, 10 })->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AddGauges)->Args({ 1000, 1000 })->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AddTimers)->Args({ 1000, 1000 })->Args({ 1000, 100 })->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AddTimersSliding)->Args({ 1000, 100 })->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AddSets)->Args({ 1000, 100 })->Unit(benchmark::kMillisecond);

// advance() alone: samples for `slide` seconds are added and all but the last second's panes closed with the timer
// paused; the advance() that closes the last pane and one window per series is timed. Items are closed windows.
void runAdvance(benchmark::State& state, MetricType type, std::vector<WindowSpec> specs, int perSeries)
{
    const auto seriesCount = static_cast<std::uint32_t>(state.range(0));
    const TimestampMs stepMs = specs.back().slideMs;
    WindowEngine engine(benchConfig(std::move(specs), seriesCount));
    std::mt19937_64 rng(7);
    std::exponential_distribution<double> value(0.01);
    TimestampMs nowMs = kStartMs;
    std::size_t windows = 0;
    for (auto _ : state) {
        state.PauseTiming();
        for (TimestampMs t = nowMs; t < nowMs + stepMs; t += 1000) {
            if (t > nowMs)
                engine.advance(t + 2000); // lateness 2 s: closes the previous second's panes
            for (SeriesId id = 0; id < seriesCount; ++id) {
                for (int i = 0; i < perSeries; ++i) {
                    Sample s;
                    s.series = id;
                    s.type = type;
                    s.value = value(rng);
                    s.eventTimeMs = t + i;
                    engine.add(s);
                }
            }
        }
        nowMs += stepMs;
        state.ResumeTiming();
        for (const WindowBatchPtr& b : engine.advance(nowMs + 2000))
            windows += b->results.size();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(windows));
}

void BM_AdvanceCounters1s(benchmark::State& state)
{
    runAdvance(state, MetricType::Counter, { { 1000, 1000 } }, 1);
}
void BM_AdvanceTimers1s(benchmark::State& state)
{
    runAdvance(state, MetricType::Timer, { { 1000, 1000 } }, 50);
}
void BM_AdvanceTimers10s(benchmark::State& state)
{
    runAdvance(state, MetricType::Timer, { { 10'000, 10'000 } }, 50);
}
void BM_AdvanceTimersSliding60s10s(benchmark::State& state)
{
    runAdvance(state, MetricType::Timer, { { 60'000, 10'000 } }, 50);
}

BENCHMARK(BM_AdvanceCounters1s)->Arg(10'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AdvanceTimers1s)->Arg(10'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AdvanceTimers10s)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AdvanceTimersSliding60s10s)->Arg(1000)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
