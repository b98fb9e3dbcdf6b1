// Rolling store figures: append cost per point, range reads of 900 / 3600 points, bytes per series by type,
// and (with --memory[=N]) the RSS of N series (default 50,000) of mixed types after filling every ring.
#include "store/rollingstore.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

using namespace pulse;

namespace {

constexpr TimestampMs kT0 = 1'699'999'980'000; // a multiple of 60 s, in the past

class FixedClock final : public Clock {
public:
    TimestampMs nowMs() const override { return kT0 + 400LL * 86'400'000; }
};
const FixedClock g_clock;

SeriesInfoPtr makeSeries(SeriesId id, MetricType type)
{
    auto info = std::make_shared<SeriesInfo>();
    info->id = id;
    info->type = type;
    info->name = "bench.metric." + std::to_string(id);
    info->tags = { { "host", "web-" + std::to_string(id % 100) } };
    return info;
}

WindowResult resultFor(SeriesId id, MetricType type, TimestampMs startMs, std::int64_t stepMs, double v)
{
    WindowResult r;
    r.series = id;
    r.type = type;
    r.startMs = startMs;
    r.endMs = startMs + stepMs;
    r.count = 10;
    r.sum = v * 10;
    r.min = v - 1;
    r.max = v + 1;
    r.mean = v;
    r.last = v;
    r.distinct = 5;
    r.quantileCount = 5;
    r.quantiles = { v, v + 1, v + 2, v + 3, v + 4 };
    return r;
}

WindowBatch makeBatch(std::int64_t stepMs)
{
    WindowBatch b;
    b.spec = WindowSpec { stepMs, stepMs, false };
    b.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
    return b;
}

/** Mixed population: 40 % counters, 30 % gauges, 20 % timers, 10 % sets (a typical StatsD feed). */
MetricType mixedType(SeriesId id)
{
    const SeriesId m = id % 10;
    if (m < 4)
        return MetricType::Counter;
    if (m < 7)
        return MetricType::Gauge;
    if (m < 9)
        return MetricType::Timer;
    return MetricType::Set;
}

long rssKiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    }
    return -1;
}

// Steady-state append at the 1 s resolution: rings already allocated, each iteration closes one window
// for `series` series of one type. Reported per point.
void BM_Append(benchmark::State& state)
{
    const auto type = static_cast<MetricType>(state.range(0));
    const auto seriesCount = static_cast<SeriesId>(state.range(1));
    RollingStore store(StoreConfig {}, g_clock);
    WindowBatch batch = makeBatch(1000);
    for (SeriesId s = 0; s < seriesCount; ++s) {
        store.addSeries(makeSeries(s, type));
        batch.results.push_back(resultFor(s, type, kT0, 1000, 1.0));
    }
    store.append(0, batch); // allocate the rings
    TimestampMs t = kT0;
    for (auto _ : state) {
        t += 1000;
        state.PauseTiming();
        for (WindowResult& r : batch.results) {
            r.startMs = t;
            r.endMs = t + 1000;
        }
        state.ResumeTiming();
        benchmark::DoNotOptimize(store.append(0, batch));
    }
    state.SetItemsProcessed(state.iterations() * seriesCount);
    state.SetLabel(std::string(metricTypeName(type)));
}
BENCHMARK(BM_Append)
    ->ArgNames({ "type", "series" })
    ->Args({ int(MetricType::Counter), 1000 })
    ->Args({ int(MetricType::Gauge), 1000 })
    ->Args({ int(MetricType::Timer), 1000 })
    ->Args({ int(MetricType::Gauge), 50'000 });

// Range read of `points` consecutive 1 s windows from a full ring (1 s kept for 1 h so 3600 fit).
void BM_ReadRange(benchmark::State& state)
{
    const auto points = state.range(0);
    const auto field = static_cast<Field>(state.range(1));
    StoreConfig config;
    config.resolutions = { { 1000, 3'600'000 } };
    RollingStore store(config, g_clock);
    store.addSeries(makeSeries(0, MetricType::Timer));
    WindowBatch batch = makeBatch(1000);
    batch.results.push_back(resultFor(0, MetricType::Timer, kT0, 1000, 1.0));
    for (int k = 0; k < 3600; ++k) {
        batch.results[0].startMs = kT0 + k * 1000LL;
        store.append(0, batch);
    }
    const TimestampMs endMs = kT0 + 3600 * 1000LL;
    const RangeQuery query { 0, field, endMs - points * 1000, endMs - 1000, std::size_t(points) };
    for (auto _ : state) {
        RangeResult r = store.read(query);
        benchmark::DoNotOptimize(r.points.data());
        if (r.points.size() != std::size_t(points))
            state.SkipWithError("unexpected point count");
    }
    state.SetItemsProcessed(state.iterations() * points);
    state.SetLabel(std::string(fieldName(field)));
}
BENCHMARK(BM_ReadRange)
    ->ArgNames({ "points", "field" })
    ->Args({ 900, int(Field::Mean) })
    ->Args({ 3600, int(Field::Mean) })
    ->Args({ 3600, int(Field::Sum) }) // two cells per point
    ->Unit(benchmark::kMicrosecond);

void BM_Latest(benchmark::State& state)
{
    RollingStore store(StoreConfig {}, g_clock);
    store.addSeries(makeSeries(0, MetricType::Gauge));
    WindowBatch batch = makeBatch(1000);
    batch.results.push_back(resultFor(0, MetricType::Gauge, kT0, 1000, 1.0));
    store.append(0, batch);
    for (auto _ : state)
        benchmark::DoNotOptimize(store.latest(0, Field::Last));
}
BENCHMARK(BM_Latest);

void printBytesPerSeries()
{
    std::printf("Bytes per series at the default resolutions (1 s/15 min, 10 s/6 h, 1 min/48 h; 5 quantiles):\n");
    for (int t = 0; t < kMetricTypeCount; ++t) {
        const auto type = static_cast<MetricType>(t);
        std::printf("  %-12s %8zu bytes\n", metricTypeName(type).data(), RollingStore::bytesPerSeries({}, type));
    }
}

/** Fills every ring of `count` mixed series completely and reports RSS and append throughput. */
int runMemory(SeriesId count)
{
    const StoreConfig config;
    std::size_t expected = 0;
    for (SeriesId s = 0; s < count; ++s)
        expected += RollingStore::bytesPerSeries(config, mixedType(s));
    const long before = rssKiB();
    RollingStore store(config, g_clock);
    for (SeriesId s = 0; s < count; ++s)
        store.addSeries(makeSeries(s, mixedType(s)));
    std::uint64_t appended = 0;
    double appendSeconds = 0;
    const TimestampMs endMs = kT0 + 48LL * 3600 * 1000;
    for (std::size_t res = 0; res < config.resolutions.size(); ++res) {
        const std::int64_t step = config.resolutions[res].stepMs;
        const std::int64_t windows = config.resolutions[res].spanMs / step;
        WindowBatch batch = makeBatch(step);
        for (SeriesId s = 0; s < count; ++s)
            batch.results.push_back(resultFor(s, mixedType(s), 0, step, 1.0));
        for (std::int64_t k = windows; k > 0; --k) {
            const TimestampMs t = endMs - k * step;
            for (WindowResult& r : batch.results) {
                r.startMs = t;
                r.endMs = t + step;
            }
            const auto start = std::chrono::steady_clock::now();
            appended += store.append(res, batch);
            appendSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
    }
    const long after = rssKiB();
    const StoreStats stats = store.stats();
    std::printf("Series: %u (40%% counters, 30%% gauges, 20%% timers, 10%% sets), every ring full\n", count);
    std::printf("  points appended: %llu in %.2f s = %.1f ns/point (cold rings, batches of %u)\n",
        static_cast<unsigned long long>(appended), appendSeconds, appendSeconds * 1e9 / double(appended), count);
    std::printf("  rejected: %llu\n", static_cast<unsigned long long>(stats.totalRejected()));
    std::printf("  ring bytes (stats):        %10.1f MiB\n", double(stats.ringBytes) / (1 << 20));
    std::printf("  bytesPerSeries total:      %10.1f MiB (%.0f bytes/series)\n", double(expected) / (1 << 20),
        double(expected) / count);
    std::printf("  RSS before: %ld KiB, after: %ld KiB, delta: %.1f MiB (%.0f bytes/series)\n", before, after,
        double(after - before) / 1024, double(after - before) * 1024 / count);
    return stats.totalRejected() == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--memory", 8) == 0) {
            const SeriesId count = argv[i][8] == '=' ? SeriesId(std::stoul(argv[i] + 9)) : 50'000;
            printBytesPerSeries();
            return runMemory(count);
        }
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    printBytesPerSeries();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
