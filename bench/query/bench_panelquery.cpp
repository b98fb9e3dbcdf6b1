// PanelQuery::evaluate on the render tick: the render dashboard is 16 time-series panels × 4 series
// × 3,600 points (1 h at 1 s). One iteration evaluates one panel (4 series, 3,600 points each).
#include "query/panelquery.h"

#include <benchmark/benchmark.h>

using namespace pulse;

namespace {

constexpr TimestampMs kT0 = 1'699'999'200'000; // a multiple of 1 h
constexpr int kSeconds = 3600;

struct Fixture {
    Fixture(int seriesCount)
        : clock(kT0 + kSeconds * 1000)
        , store(config(), clock)
    {
        for (int i = 0; i < seriesCount; ++i) {
            auto info = std::make_shared<SeriesInfo>();
            info->id = SeriesId(i);
            info->type = MetricType::Gauge;
            info->name = "cpu";
            info->tags = { { "core", std::to_string(i) } };
            store.addSeries(info);
        }
        for (int s = 0; s < kSeconds; ++s) {
            WindowBatch batch;
            batch.spec = { 1000, 1000, false };
            batch.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
            for (int i = 0; i < seriesCount; ++i) {
                WindowResult r;
                r.series = SeriesId(i);
                r.type = MetricType::Gauge;
                r.startMs = kT0 + s * 1000;
                r.endMs = r.startMs + 1000;
                r.last = r.min = r.max = r.mean = r.sum = double((s * 7 + i) % 100);
                r.count = 1;
                batch.results.push_back(r);
            }
            store.append(0, batch);
        }
    }
    static StoreConfig config()
    {
        StoreConfig c;
        c.resolutions = { { 1000, 3'600'000 }, { 10'000, 6 * 3'600'000 }, { 60'000, 48 * 3'600'000 } };
        return c;
    }
    ManualClock clock;
    RollingStore store;
};

layout::Panel panelOf(const char* groupBy)
{
    layout::Query q;
    q.selector = *SeriesSelector::parse("cpu").selector;
    q.field = Field::Last;
    q.window = { layout::WindowKind::Tumbling, 1000, 1000 };
    q.groupBy = QString::fromLatin1(groupBy);
    layout::Panel p;
    p.queries = { q };
    return p;
}

void evaluate(benchmark::State& state, const char* groupBy)
{
    static Fixture fixture(4);
    PanelQuery query(panelOf(groupBy));
    const auto maxPoints = static_cast<std::size_t>(state.range(0));
    std::size_t points = 0;
    for (auto _ : state) {
        const PanelData data
            = query.evaluate(fixture.store, kT0, kT0 + (kSeconds - 1) * 1000, maxPoints, kT0 + kSeconds * 1000);
        for (const PanelLine& line : data.lines)
            points += line.points.size();
        benchmark::DoNotOptimize(data.stamp);
    }
    state.counters["points/iter"] = benchmark::Counter(double(points) / double(state.iterations()));
    state.SetItemsProcessed(static_cast<std::int64_t>(points));
}

void BM_PanelQuery_fourLinesGrouped(benchmark::State& state)
{
    evaluate(state, "core");
}
void BM_PanelQuery_fourSeriesCombined(benchmark::State& state)
{
    evaluate(state, "");
}

} // namespace

// maxPoints 3600: every 1 s window is read; 600: the 10 s resolution is used.
BENCHMARK(BM_PanelQuery_fourLinesGrouped)->Arg(3600)->Arg(600)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PanelQuery_fourSeriesCombined)->Arg(3600)->Arg(600)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
