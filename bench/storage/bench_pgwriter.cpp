// Writer throughput into the indexed raw table vs `psql \copy` of the same rows, and the writer thread's CPU cost
// for the rollups of 100,000 active series. Plain program: reads PULSE_BENCH_PG_URL (scripts/bench sets it).
#include "sketch/tdigest.h"
#include "storage/pgmigrations.h"
#include "storage/pgwriter.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace pulse;

namespace {

double nowSec()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double cpuSec(clockid_t clock)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void truncateAll(const std::string& url)
{
    pqxx::connection c(url);
    pqxx::nontransaction(c).exec0("TRUNCATE metrics, metrics_10s, metrics_1m, metrics_1h");
}

std::vector<SeriesTextPtr> makeSeries(int count)
{
    std::vector<SeriesTextPtr> out;
    for (int i = 0; i < count; ++i) {
        SeriesInfo info;
        info.name = "bench.metric." + std::to_string(i % 100);
        info.tags = { { "host", "host-" + std::to_string(i / 100) }, { "region", "eu-west-1" } };
        out.push_back(makeSeriesText(info));
    }
    return out;
}

void waitIdle(const PgWriter& writer)
{
    while (!writer.isIdle())
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

} // namespace

int main(int argc, char** argv)
{
    const char* envUrl = std::getenv("PULSE_BENCH_PG_URL");
    if (!envUrl || !*envUrl) {
        std::printf(
            "bench_pgwriter: PULSE_BENCH_PG_URL is unset, skipping (source scripts/pg-test-env; pg_test_start)\n");
        return 0;
    }
    const std::string url = envUrl;
    const int seriesCount = 10'000;
    const int seconds = argc > 1 ? std::atoi(argv[1]) : 100; // rows = 10,000 series x seconds
    const int runs = 3;
    {
        pqxx::connection c(url);
        SchemaOptions options;
        options.isTimescaleAllowed = false;
        const MigrationResult r = PgMigrations::migrate(c, options);
        if (!r.isOk) {
            std::fprintf(stderr, "migration failed: %s\n", r.error.c_str());
            return 1;
        }
    }
    const std::vector<SeriesTextPtr> series = makeSeries(seriesCount);
    const TimestampMs startMs = (SystemClock::instance().nowMs() / 1000) * 1000 - TimestampMs { seconds } * 1000;
    std::vector<StorageBatch> batches;
    for (int s = 0; s < seconds; ++s) {
        StorageBatch b;
        b.table = StorageTable::Raw;
        for (int i = 0; i < seriesCount; ++i) {
            StorageRow r;
            r.series = series[std::size_t(i)];
            r.timeMs = startMs + s * 1000;
            r.count = 10;
            r.sum = i * 0.5 + s;
            r.min = 0.25;
            r.max = i + 1.0;
            r.value = r.sum / 10;
            b.rows.push_back(r);
        }
        batches.push_back(std::move(b));
    }
    const double totalRows = double(seriesCount) * seconds;

    // 1. PgWriter: COPY into staging + INSERT ... ON CONFLICT into the indexed, partitioned raw table.
    std::vector<double> writerRates;
    for (int run = 0; run < runs; ++run) {
        truncateAll(url);
        PgWriterConfig config;
        config.url = url;
        config.schema.isTimescaleAllowed = false;
        config.maxQueueRows = std::size_t(totalRows) + 1;
        config.maxQueueBytes = std::size_t { 8 } << 30;
        config.retentionIntervalMs = 0;
        PgWriter writer(config);
        writer.start();
        while (writer.stats().state != PgConnectionState::Connected)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        // Partitions exist after a first tiny batch, as in steady state.
        StorageBatch warm = batches[0];
        warm.rows.resize(1);
        writer.enqueue(std::move(warm));
        waitIdle(writer);
        const double t0 = nowSec();
        for (const StorageBatch& b : batches)
            writer.enqueue(b);
        waitIdle(writer);
        const double elapsed = nowSec() - t0;
        writerRates.push_back(totalRows / elapsed);
        std::printf("writer run %d: %.0f rows in %.2f s = %.0f rows/s (written %llu)\n", run, totalRows, elapsed,
            totalRows / elapsed, static_cast<unsigned long long>(writer.stats().writtenRows));
    }

    // 2. psql \copy of the same rows as CSV straight into the same table.
    const std::string csvPath = "/tmp/bench_pgwriter_" + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream csv(csvPath);
        for (const StorageBatch& b : batches)
            for (const StorageRow& r : b.rows) {
                char when[64];
                const std::time_t secs = r.timeMs / 1000;
                std::tm tm {};
                gmtime_r(&secs, &tm);
                std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S+00", &tm);
                const auto q = [](const std::string& text) {
                    std::string out = "\"";
                    for (char c : text)
                        out += c == '"' ? std::string("\"\"") : std::string(1, c);
                    return out + '"';
                };
                csv << when << ',' << q(r.series->key) << ',' << q(r.series->sourceId) << ',' << q(r.series->metricName)
                    << ',' << q(r.series->tagsJson) << ",gauge," << r.value << ',' << r.count << ',' << r.sum << ','
                    << r.min << ',' << r.max << '\n';
            }
    }
    std::vector<double> psqlRates;
    for (int run = 0; run < runs; ++run) {
        truncateAll(url);
        const std::string cmd = "psql -q -X -v ON_ERROR_STOP=1 '" + url
            + "' -c \"\\copy metrics (time, series_key, source_id, metric_name, tags, type, value, count, sum, min, "
              "max) FROM '"
            + csvPath + "' WITH (FORMAT csv)\"";
        const double t0 = nowSec();
        if (std::system(cmd.c_str()) != 0) {
            std::fprintf(stderr, "psql \\copy failed\n");
            break;
        }
        const double elapsed = nowSec() - t0;
        psqlRates.push_back(totalRows / elapsed);
        std::printf("psql \\copy run %d: %.2f s = %.0f rows/s\n", run, elapsed, totalRows / elapsed);
    }
    std::remove(csvPath.c_str());

    // 3. Writer-thread CPU for one minute of rollups of 100,000 series: six 10 s batches + one 1 min batch.
    truncateAll(url);
    const int rollupSeries = 100'000;
    const std::vector<SeriesTextPtr> many = makeSeries(rollupSeries);
    std::vector<std::shared_ptr<const TDigest>> digests;
    for (int i = 0; i < 64; ++i) {
        auto d = std::make_shared<TDigest>();
        for (int k = 0; k < 50; ++k)
            d->add(double((i * 7919 + k * 104729) % 1000));
        d->shrinkToFit();
        digests.push_back(d);
    }
    std::vector<StorageBatch> rollups;
    const TimestampMs minuteMs = (SystemClock::instance().nowMs() / 60'000) * 60'000 - 120'000;
    for (int b = 0; b < 7; ++b) {
        StorageBatch batch;
        batch.table = b < 6 ? StorageTable::Rollup10s : StorageTable::Rollup1m;
        for (int i = 0; i < rollupSeries; ++i) {
            StorageRow r;
            r.series = many[std::size_t(i)];
            r.timeMs = minuteMs + (b < 6 ? b * 10'000 : 0);
            r.count = 50;
            r.sum = 25'000;
            r.min = 0;
            r.max = 999;
            r.p50 = 500;
            r.p95 = 950;
            r.p99 = 990;
            r.digest = digests[std::size_t(i % 64)];
            batch.rows.push_back(std::move(r));
        }
        rollups.push_back(std::move(batch));
    }
    PgWriterConfig config;
    config.url = url;
    config.schema.isTimescaleAllowed = false;
    config.maxQueueBytes = std::size_t { 8 } << 30;
    config.retentionIntervalMs = 0;
    PgWriter writer(config);
    writer.start();
    while (writer.stats().state != PgConnectionState::Connected)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Everything else in this process idles while the writer works: its CPU is the process CPU minus this thread's.
    const double process0 = cpuSec(CLOCK_PROCESS_CPUTIME_ID);
    const double main0 = cpuSec(CLOCK_THREAD_CPUTIME_ID);
    const double wall0 = nowSec();
    for (const StorageBatch& b : rollups)
        writer.enqueue(b);
    waitIdle(writer);
    const double writerCpu = (cpuSec(CLOCK_PROCESS_CPUTIME_ID) - process0) - (cpuSec(CLOCK_THREAD_CPUTIME_ID) - main0);
    std::printf("rollups of %d series, one minute's worth (%zu rows): writer CPU %.2f s, wall %.2f s = %.1f %% of one "
                "core\n",
        rollupSeries, std::size_t(7) * rollupSeries, writerCpu, nowSec() - wall0, writerCpu / 60.0 * 100.0);

    const double writerMedian = median(writerRates);
    std::printf("\nSUMMARY writer %.0f rows/s (median of %d)", writerMedian, runs);
    if (!psqlRates.empty()) {
        const double psqlMedian = median(psqlRates);
        std::printf(", psql \\copy %.0f rows/s, writer/psql = %.0f %%", psqlMedian, 100.0 * writerMedian / psqlMedian);
    }
    std::printf(", rollup CPU %.1f %% of one core for 100k series\n", writerCpu / 60.0 * 100.0);
    return 0;
}
