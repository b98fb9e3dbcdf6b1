// History read latency against a real PostgreSQL: one timer series, 6 hours of 10 s rollups (2,160 rows with
// digests); and the backfill of the shipped default dashboard on open (every panel selector, the dashboard's 15 min
// at each store resolution, as PgHistorySource reads it). Needs PULSE_BENCH_PG_URL (scripts/pg-test-env provides
// it); skips with a message when unset.
#include "layout/layoutreader.h"
#include "sketch/tdigest.h"
#include "storage/pgconnection.h"
#include "storage/pghistory.h"
#include "storage/pgmigrations.h"
#include "storage/pgschema.h"
#include "storage/storagerow.h"

#include <benchmark/benchmark.h>
#include <pqxx/pqxx>

#include <QFile>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

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
    tx.commit();
}

/** The shipped default dashboard's selectors and time range. */
std::vector<std::string> g_defaultSelectors;
std::int64_t g_defaultRangeMs = 0;
TimestampMs g_backfillNowMs = 0;
std::size_t g_backfillSeries = 0;

/**
 * One or two series for each selector of the shipped default (`name{k=v}` one with that tag, `name{k!=v}` two
 * others, `*` none of its own), each with the last 15 min as raw 1 s rows and 10 s and 1 min rollups.
 */
void writeDefaultDashboardHistory()
{
    QFile file(QStringLiteral(PULSE_SOURCE_DIR "/resources/layouts/default.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read the shipped default layout\n");
        std::exit(1);
    }
    const layout::LayoutLoadResult loaded = layout::readLayout(file.readAll());
    if (!loaded.dashboard) {
        std::fprintf(stderr, "the shipped default layout does not load\n");
        std::exit(1);
    }
    std::set<std::string> selectors;
    for (const layout::Panel& panel : loaded.dashboard->panels)
        for (const layout::Query& query : panel.queries)
            selectors.insert(query.selector.text());
    g_defaultSelectors.assign(selectors.begin(), selectors.end());
    g_defaultRangeMs = loaded.dashboard->timeRangeMs;
    g_backfillNowMs = SystemClock::instance().nowMs() / 60'000 * 60'000;
    const TimestampMs from = g_backfillNowMs - g_defaultRangeMs;

    std::vector<SeriesInfo> series;
    for (const std::string& text : g_defaultSelectors) {
        if (text == "*")
            continue;
        const std::string name = text.substr(0, text.find('{'));
        if (text.find("!=") != std::string::npos) {
            const std::string key = text.substr(text.find('{') + 1, text.find('!') - text.find('{') - 1);
            series.push_back(SeriesInfo { 0, MetricType::Gauge, name, { { key, "0" } } });
            series.push_back(SeriesInfo { 0, MetricType::Gauge, name, { { key, "1" } } });
        } else if (text.find('=') != std::string::npos) {
            const std::size_t open = text.find('{');
            const std::size_t eq = text.find('=');
            series.push_back(SeriesInfo { 0, MetricType::Gauge, name,
                { { text.substr(open + 1, eq - open - 1), text.substr(eq + 1, text.size() - eq - 2) } } });
        } else {
            series.push_back(SeriesInfo { 0, MetricType::Gauge, name, {} });
        }
    }
    g_backfillSeries = series.size();
    pqxx::connection c(g_url);
    pqxx::work tx(c);
    for (int t = 0; t < kStorageTableCount; ++t) {
        const auto table = static_cast<StorageTable>(t);
        const std::vector<std::int64_t> days { pgschema::partitionStartDay(table, from),
            pgschema::partitionStartDay(table, g_backfillNowMs) };
        pgschema::ensurePartitions(tx, table, days);
    }
    const std::string time = "timestamptz 'epoch' + ($1::int8 + g * $6::int8) * interval '1 millisecond'";
    for (const SeriesInfo& info : series) {
        const SeriesTextPtr text = makeSeriesText(info);
        for (const char* table : { "metrics", "metrics_10s", "metrics_1m" }) // an earlier run's rows
            tx.exec_params(std::string("DELETE FROM ") + table + " WHERE series_key = $1", text->key);
        tx.exec_params("INSERT INTO metrics (time, series_key, source_id, metric_name, tags, type, count, sum, min, "
                       "max, value) SELECT "
                + time + ", $2, $3, $4, $5::jsonb, 'gauge', 1, g, g, g, g FROM generate_series(0, $7::int8 - 1) g",
            std::to_string(from), text->key, text->sourceId, text->metricName, text->tagsJson, 1000,
            g_defaultRangeMs / 1000);
        for (const auto& [table, step] : { std::pair { "metrics_10s", 10'000 }, std::pair { "metrics_1m", 60'000 } })
            tx.exec_params(std::string("INSERT INTO ") + table
                    + " (bucket, series_key, source_id, metric_name, tags, type, count, sum, min, max) SELECT " + time
                    + ", $2, $3, $4, $5::jsonb, 'gauge', 10, g * 10, g, g + 1 FROM generate_series(0, $7::int8 - 1) g",
                std::to_string(from), text->key, text->sourceId, text->metricName, text->tagsJson, step,
                g_defaultRangeMs / step);
    }
    tx.commit();
}

/**
 * The fixtures replace an earlier run's rows, which leaves dead index entries and tuples behind: every later read
 * would walk past them (and try to mark them dead again), which the stored tables never see (their rows are only
 * inserted, retention drops whole partitions). Vacuumed away, as autovacuum would, and the statistics taken.
 */
void vacuumFixtures()
{
    pqxx::connection c(g_url);
    pqxx::nontransaction tx(c); // VACUUM runs outside a transaction block
    tx.exec0("VACUUM ANALYZE metrics, metrics_10s, metrics_1m");
}

/** Opening the shipped default: connect, then all its selectors at every store resolution, as PgHistorySource does. */
void BM_BackfillDefaultDashboard(benchmark::State& state)
{
    if (g_url.empty()) {
        state.SkipWithError("PULSE_BENCH_PG_URL is unset");
        return;
    }
    const StoreConfig store;
    std::vector<SeriesSelector> selectors;
    for (const std::string& text : g_defaultSelectors)
        selectors.push_back(*SeriesSelector::parse(text).selector);
    std::size_t windows = 0;
    for (auto _ : state) {
        PgHistory history(g_url);
        windows = 0;
        const BackfillResult r = history.readWindows(store, selectors, g_backfillNowMs - g_defaultRangeMs,
            g_backfillNowMs, 1000, [&](std::size_t, const SeriesInfo&, WindowBatch& batch) {
                windows += batch.results.size();
                return true;
            });
        if (!r.isOk()) {
            state.SkipWithError(r.error.c_str());
            return;
        }
    }
    // Each series once at each resolution (`*` matches them all again: read once).
    const std::size_t expected = g_backfillSeries
        * std::size_t(g_defaultRangeMs / 1000 + g_defaultRangeMs / 10'000 + g_defaultRangeMs / 60'000);
    if (windows < expected * 9 / 10)
        state.SkipWithError("fewer windows than written");
    state.counters["selectors"] = double(selectors.size());
    state.counters["series"] = double(g_backfillSeries);
    state.counters["windows"] = double(windows);
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
    // The target is a latency percentile: every query is timed, p50 and p99 are reported beside the mean.
    std::vector<double> latenciesMs;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = history.query(q);
        latenciesMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (!r->isOk() || r->series.size() != 1 || r->series[0].points.size() != expectedPoints) {
            state.SkipWithError(r->isOk() ? "unexpected point count" : r->error.c_str());
            return;
        }
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations() * 2160);
    std::sort(latenciesMs.begin(), latenciesMs.end());
    const auto at
        = [&](double fraction) { return latenciesMs[std::size_t(fraction * double(latenciesMs.size() - 1))]; };
    if (!latenciesMs.empty()) {
        state.counters["p50_ms"] = at(0.50);
        state.counters["p99_ms"] = at(0.99);
    }
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
BENCHMARK(BM_BackfillDefaultDashboard)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    if (const char* url = std::getenv("PULSE_BENCH_PG_URL"))
        g_url = url;
    if (g_url.empty())
        std::fprintf(stderr, "PULSE_BENCH_PG_URL is unset: source scripts/pg-test-env and run pg_test_start\n");
    else {
        writeFixture();
        writeDefaultDashboardHistory();
        vacuumFixtures();
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
