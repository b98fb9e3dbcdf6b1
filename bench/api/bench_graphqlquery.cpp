// Query.metrics end to end through MetricsGraphqlService::execute (parse, validate, coerce, execute, serialise to
// JSON bytes): 1 h at 10 s (360 points) of one timer series from the in-memory rolling store. Issue target: p99 <= 2
// ms. Besides Google Benchmark's mean time, each case reports the median and p99 of single requests.
#include "api/metricsgraphqlservice.h"
#include "api/metricsschema.h"
#include "store/rollingstore.h"

#include <QJsonDocument>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <vector>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs kT0 = 1'699'999'200'000; // a multiple of 1 h
constexpr int kSeconds = 3600;

struct Fixture {
    Fixture()
        : clock(kT0 + kSeconds * 1000)
        , store(config(), clock)
        , service(store, { { 1000, 1000, false }, { 10'000, 10'000, false }, { 60'000, 60'000, false } }, clock)
    {
        auto info = std::make_shared<SeriesInfo>();
        info->id = 0;
        info->type = MetricType::Timer;
        info->name = "http.latency";
        info->tags = { { "service", "api" }, { "source", "web-1" } };
        store.addSeries(info);
        for (std::size_t res = 0; res < 3; ++res) {
            const std::int64_t step = store.config().resolutions[res].stepMs;
            for (TimestampMs t = kT0; t < kT0 + kSeconds * 1000; t += step) {
                WindowBatch batch;
                batch.specIndex = static_cast<std::uint16_t>(res);
                batch.spec = { step, step, false };
                batch.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
                WindowResult r;
                r.series = 0;
                r.type = MetricType::Timer;
                r.startMs = t;
                r.endMs = t + step;
                r.count = 100;
                r.mean = double((t / step) % 50) + 10;
                r.sum = r.mean * r.count;
                r.min = 1;
                r.max = 200;
                r.rate = r.count / double(step / 1000);
                r.quantileCount = 5;
                r.quantiles = { r.mean, r.mean * 2, r.mean * 3, r.mean * 4, r.mean * 5 };
                batch.results.push_back(r);
                store.append(res, batch);
            }
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
    api::MetricsGraphqlService service;
};

void run(benchmark::State& state, const QString& selection, bool isSerialised = true)
{
    static Fixture fixture;
    const api::GraphqlRequest request {
        u"query Backfill($name: String!, $source: String, $from: String!, $to: String!) "
        u"{ metrics(name: $name, sourceId: $source, from: $from, to: $to, "
        u"resolution: \"10s\") "_s
            + selection + u" }"_s,
        QJsonObject { { u"name"_s, u"http.latency"_s }, { u"source"_s, u"web-1"_s },
            { u"from"_s, api::formatTimestamp(kT0) }, { u"to"_s, api::formatTimestamp(kT0 + kSeconds * 1000 - 1) } },
        {}
    };
    std::vector<double> latenciesUs;
    std::size_t bytes = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        const QJsonObject response = fixture.service.execute(request);
        const QByteArray body = isSerialised ? QJsonDocument(response).toJson(QJsonDocument::Compact) : QByteArray();
        latenciesUs.push_back(
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
        bytes += static_cast<std::size_t>(body.size());
        benchmark::DoNotOptimize(body.data());
    }
    std::sort(latenciesUs.begin(), latenciesUs.end());
    const auto at = [&](double q) { return latenciesUs[static_cast<std::size_t>(q * double(latenciesUs.size() - 1))]; };
    state.counters["p50_us"] = at(0.5);
    state.counters["p99_us"] = at(0.99);
    state.counters["bytes"] = double(bytes) / double(state.iterations());
}

void BM_MetricsQuery_timestampValueP95P99(benchmark::State& state)
{
    run(state, u"{ timestamp value p95 p99 }"_s);
}
void BM_MetricsQuery_allStatistics(benchmark::State& state)
{
    run(state, u"{ timestamp value p95 p99 count min max mean p50 sum rate }"_s);
}

void BM_MetricsQuery_allStatisticsNoSerialisation(benchmark::State& state)
{
    run(state, u"{ timestamp value p95 p99 count min max mean p50 sum rate }"_s, false);
}

/** One subscription update: renderJson() of a closed 1 s window for `metricUpdated` (what the fan-out sends). */
void BM_SubscriptionRender(benchmark::State& state)
{
    static Fixture fixture;
    const api::SubscribeResult sub = fixture.service.subscribe(
        { u"subscription { live: metricUpdated(name: \"http.latency\") { timestamp value p95 p99 } }"_s, {}, {} });
    WindowBatch batch;
    batch.spec = { 1000, 1000, false };
    batch.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
    WindowResult r;
    r.type = MetricType::Timer;
    r.startMs = kT0;
    r.endMs = kT0 + 1000;
    r.count = 10;
    r.mean = 12;
    r.quantileCount = 5;
    r.quantiles = { 10, 20, 30, 40, 50 };
    batch.results.push_back(r);
    const SeriesInfoPtr info = fixture.store.findSeries(SeriesSelector()).front();
    for (auto _ : state) {
        const QByteArray payload = sub.subscription->renderJson(*info, batch.results.front(), batch, false);
        benchmark::DoNotOptimize(payload.size());
    }
}

} // namespace

BENCHMARK(BM_SubscriptionRender)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MetricsQuery_timestampValueP95P99)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MetricsQuery_allStatistics)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MetricsQuery_allStatisticsNoSerialisation)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
