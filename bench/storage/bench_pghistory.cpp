// History read latency against a real PostgreSQL: one timer series, 6 hours of 10 s rollups (2,160 rows with
// digests). Needs PULSE_BENCH_PG_URL (scripts/pg-test-env provides it); skips with a message when unset.
#include "sketch/tdigest.h"
#include "storage/pgconnection.h"
#include "storage/pghistory.h"
#include "storage/pgmigrations.h"
#include "storage/pgschema.h"

#include <benchmark/benchmark.h>
#include <pqxx/pqxx>

#include <cstdio>
#include <cstdlib>

using namespace pulse;

namespace {

constexpr TimestampMs kT0 = 1'699'999'200'000;
constexpr TimestampMs kSixHours = 6 * 3'600'000;

std::string g_url;

void writeFixture()
{
    pqxx::connection c(g_url);
    SchemaOptions options;
    options.isTimescaleAllowed = false;
    const MigrationResult m = PgMigrations::migrate(c, options);
    if (!m.isOk) {
        std::fprintf(stderr, "migration failed: %s\n", m.error.c_str());
        std::exit(1);
    }
    pqxx::work tx(c);
    const std::vector<std::int64_t> days { pgschema::partitionStartDay(StorageTable::Rollup10s, kT0),
        pgschema::partitionStartDay(StorageTable::Rollup10s, kT0 + kSixHours) };
    pgschema::ensurePartitions(tx, StorageTable::Rollup10s, days);
    tx.exec0("DELETE FROM metrics_10s WHERE series_key = 'bench.latency{host=b}'");
    for (int i = 0; i < 2160; ++i) {
        TDigest d;
        for (int k = 0; k < 20; ++k)
            d.add(100.0 + (i * 7 + k * 13) % 97);
        const std::string bytes = d.serialized();
        tx.exec_params("INSERT INTO metrics_10s (bucket, series_key, source_id, metric_name, tags, type, count, sum, "
                       "min, max, p50, p95, p99, digest) VALUES (timestamptz 'epoch' + $1::int8 * interval '1 "
                       "millisecond', 'bench.latency{host=b}', 'b', 'bench.latency', '{\"host\":\"b\"}', 'timer', "
                       "20, $2, $3, $4, $5, $6, $7, $8)",
            std::to_string(kT0 + i * 10'000), 2000.0, d.min(), d.max(), d.quantile(0.5), d.quantile(0.95),
            d.quantile(0.99), pqxx::binarystring(bytes.data(), bytes.size()));
    }
    tx.exec0("ANALYZE metrics_10s");
    tx.commit();
}

HistoryQuery sixHours(Field field, std::int64_t bucketMs)
{
    HistoryQuery q;
    q.selector = *SeriesSelector::parse("bench.latency{host=b}").selector;
    q.field = field;
    q.fromMs = kT0;
    q.toMs = kT0 + kSixHours - 1;
    q.resolution = HistoryResolution::TenSeconds;
    q.bucketMs = bucketMs;
    return q;
}

void run(benchmark::State& state, Field field, std::int64_t bucketMs, std::size_t expectedPoints)
{
    if (g_url.empty()) {
        state.SkipWithError("PULSE_BENCH_PG_URL is unset");
        return;
    }
    PgHistory history(g_url);
    const HistoryQuery q = sixHours(field, bucketMs);
    for (auto _ : state) {
        const auto r = history.query(q);
        if (!r->isOk() || r->series.size() != 1 || r->series[0].points.size() != expectedPoints) {
            state.SkipWithError(r->isOk() ? "unexpected point count" : r->error.c_str());
            return;
        }
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations() * 2160);
}

// p99 from the stored column: 2,160 points.
void BM_History6h10sP99(benchmark::State& state)
{
    run(state, Field::P99, 0, 2160);
}
// p99 of 5 min buckets: 30 digests merged per point, 72 points.
void BM_History6h10sP99Merged5m(benchmark::State& state)
{
    run(state, Field::P99, 300'000, 72);
}
// mean: no digest column transferred.
void BM_History6h10sMean(benchmark::State& state)
{
    run(state, Field::Mean, 0, 2160);
}

BENCHMARK(BM_History6h10sP99)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_History6h10sP99Merged5m)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_History6h10sMean)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    if (const char* url = std::getenv("PULSE_BENCH_PG_URL"))
        g_url = url;
    if (g_url.empty())
        std::fprintf(stderr, "PULSE_BENCH_PG_URL is unset: source scripts/pg-test-env and run pg_test_start\n");
    else
        writeFixture();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
