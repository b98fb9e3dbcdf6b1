// Writer throughput into the indexed raw table vs `psql \copy` of the same rows into the same schema, measured in
// the same repetition (the machine is shared: compare ratios, not absolute figures across runs); the replay of
// already-stored rows (the staging path); the writer thread's CPU cost for the rollups of 100,000 active series.
// Plain program: reads PULSE_BENCH_PG_URL (source scripts/pg-test-env; pg_test_start) and PULSE_BENCH_REPS (default 5).
// Usage: bench_pgwriter [seconds of 10,000 series, default 100] [maxRowsPerTransaction, default the writer's]
// Each repetition also writes the rows through a writer with one COPY session (copyConnections = 1).
#include "sketch/tdigest.h"
#include "storage/pgmigrations.h"
#include "storage/pgwriter.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <dirent.h>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
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

/**
 * CPU seconds the PostgreSQL server has used, when it runs on this host: the postmaster with its reaped children
 * (psql's backend ends with psql) plus every live child. Wall-clock figures on a shared machine measure the load
 * of others as much as ours; server CPU per row does not.
 */
class ServerCpu {
public:
    explicit ServerCpu(const std::string& url)
    {
        pqxx::connection c(url);
        const int backend = pqxx::nontransaction(c).exec("SELECT pg_backend_pid()")[0][0].as<int>();
        if (const auto fields = statFields(backend))
            m_postmaster = std::atoi((*fields)[1].c_str());
    }
    bool isAvailable() const { return m_postmaster > 0; }
    double seconds() const
    {
        if (!isAvailable())
            return 0;
        double ticks = 0;
        if (const auto fields = statFields(m_postmaster))
            for (int i = 11; i <= 14; ++i) // utime, stime, cutime, cstime
                ticks += std::atof((*fields)[std::size_t(i)].c_str());
        DIR* proc = opendir("/proc");
        while (dirent* entry = proc ? readdir(proc) : nullptr) {
            const int pid = std::atoi(entry->d_name);
            if (pid <= 0)
                continue;
            if (const auto fields = statFields(pid); fields && std::atoi((*fields)[1].c_str()) == m_postmaster)
                ticks += std::atof((*fields)[11].c_str()) + std::atof((*fields)[12].c_str());
        }
        if (proc)
            closedir(proc);
        return ticks / double(sysconf(_SC_CLK_TCK));
    }

private:
    // Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime, ...
    static std::optional<std::vector<std::string>> statFields(int pid)
    {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        if (!std::getline(in, line))
            return std::nullopt;
        const std::size_t close = line.rfind(')');
        if (close == std::string::npos)
            return std::nullopt;
        std::istringstream rest(line.substr(close + 2));
        std::vector<std::string> fields;
        for (std::string f; rest >> f;)
            fields.push_back(f);
        if (fields.size() < 15)
            return std::nullopt;
        return fields;
    }

    int m_postmaster = 0;
};

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
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

double countRows(const std::string& url)
{
    pqxx::connection c(url);
    return pqxx::nontransaction(c).exec("SELECT count(*) FROM metrics")[0][0].as<double>();
}

std::string csvQuote(const std::string& text)
{
    std::string out = "\"";
    for (char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

void writeCsv(const std::string& path, const std::vector<const StorageRow*>& rows)
{
    std::ofstream csv(path);
    for (const StorageRow* r : rows) {
        char when[64];
        const std::time_t secs = r->timeMs / 1000;
        std::tm tm {};
        gmtime_r(&secs, &tm);
        std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S+00", &tm);
        csv << when << ',' << csvQuote(r->series->key) << ',' << csvQuote(r->series->sourceId) << ','
            << csvQuote(r->series->metricName) << ',' << csvQuote(r->series->tagsJson) << ",gauge," << r->value << ','
            << r->count << ',' << r->sum << ',' << r->min << ',' << r->max << '\n';
    }
}

/** Seconds for `psql \copy` of a CSV file into metrics, or a negative value on failure. */
double psqlCopy(const std::string& url, const std::string& csvPath)
{
    const std::string cmd = "psql -q -X -v ON_ERROR_STOP=1 '" + url
        + "' -c \"\\copy metrics (time, series_key, source_id, metric_name, tags, type, value, count, sum, min, "
          "max) FROM '"
        + csvPath + "' WITH (FORMAT csv)\"";
    const double t0 = nowSec();
    if (std::system(cmd.c_str()) != 0)
        return -1;
    return nowSec() - t0;
}

struct WriterRun {
    double seconds = 0;
    double replaySeconds = 0;
    double serverCpuSeconds = 0;
    double replayServerCpuSeconds = 0;
    double cpuSecondsPerRow = 0; // writer thread (client side) only
    std::uint64_t written = 0;
    double storedAfterReplay = 0;
};

/** Fresh table; all batches through one PgWriter, then the same batches again (every row already stored). */
WriterRun runWriter(const std::string& url, const std::vector<StorageBatch>& batches, double totalRows,
    std::size_t maxRowsPerTransaction, std::size_t copyConnections, const ServerCpu& server)
{
    truncateAll(url);
    PgWriterConfig config;
    config.url = url;
    config.schema.isTimescaleAllowed = false;
    config.maxQueueRows = std::size_t(totalRows) + 1;
    config.maxQueueBytes = std::size_t { 8 } << 30;
    config.retentionIntervalMs = 0;
    if (maxRowsPerTransaction > 0)
        config.maxRowsPerTransaction = maxRowsPerTransaction;
    if (copyConnections > 0)
        config.copyConnections = copyConnections;
    PgWriter writer(config);
    writer.start();
    while (writer.stats().state != PgConnectionState::Connected)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Partitions exist after a first tiny batch, as in steady state.
    StorageBatch warm = batches[0];
    warm.rows.resize(1);
    writer.enqueue(std::move(warm));
    waitIdle(writer);
    truncateAll(url);
    const std::uint64_t warmRows = writer.stats().writtenRows;
    WriterRun run;
    const double process0 = cpuSec(CLOCK_PROCESS_CPUTIME_ID);
    const double main0 = cpuSec(CLOCK_THREAD_CPUTIME_ID);
    const double server0 = server.seconds();
    const double t0 = nowSec();
    for (const StorageBatch& b : batches)
        writer.enqueue(b);
    waitIdle(writer);
    run.seconds = nowSec() - t0;
    run.serverCpuSeconds = server.seconds() - server0;
    const double writerCpu = (cpuSec(CLOCK_PROCESS_CPUTIME_ID) - process0) - (cpuSec(CLOCK_THREAD_CPUTIME_ID) - main0);
    run.cpuSecondsPerRow = writerCpu / totalRows;
    run.written = writer.stats().writtenRows - warmRows;
    const double server1 = server.seconds();
    const double t1 = nowSec();
    for (const StorageBatch& b : batches)
        writer.enqueue(b);
    waitIdle(writer);
    run.replaySeconds = nowSec() - t1;
    run.replayServerCpuSeconds = server.seconds() - server1;
    run.storedAfterReplay = countRows(url);
    if (writer.stats().writtenRows != warmRows + run.written)
        std::fprintf(stderr, "replay counted %llu rows as written\n",
            static_cast<unsigned long long>(writer.stats().writtenRows - warmRows - run.written));
    return run;
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
    const std::size_t maxRowsPerTransaction = argc > 2 ? std::size_t(std::atoll(argv[2])) : 0;
    const char* envReps = std::getenv("PULSE_BENCH_REPS");
    const int runs = std::max(1, envReps && *envReps ? std::atoi(envReps) : 5);
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

    // The same rows for psql: in arrival order (one second of every series after the other, as the pipeline
    // produces them) and, as a reference, sorted by the unique key like the writer sorts each transaction.
    const std::string csvPath = "/tmp/bench_pgwriter_" + std::to_string(::getpid()) + ".csv";
    const std::string sortedCsvPath = "/tmp/bench_pgwriter_" + std::to_string(::getpid()) + "_sorted.csv";
    {
        std::vector<const StorageRow*> rows;
        for (const StorageBatch& b : batches)
            for (const StorageRow& r : b.rows)
                rows.push_back(&r);
        writeCsv(csvPath, rows);
        std::stable_sort(rows.begin(), rows.end(), [](const StorageRow* a, const StorageRow* b) {
            return std::tie(a->series->metricName, a->series->key) < std::tie(b->series->metricName, b->series->key);
        });
        writeCsv(sortedCsvPath, rows);
    }

    std::printf("%d repetitions of %.0f rows (%d series x %d s), maxRowsPerTransaction %s\n", runs, totalRows,
        seriesCount, seconds, maxRowsPerTransaction ? std::to_string(maxRowsPerTransaction).c_str() : "default");
    const ServerCpu server(url);
    if (!server.isAvailable())
        std::printf("(the server is not on this host: no server CPU figures)\n");
    struct Phase {
        const char* name;
        std::vector<double> rowsPerSec;
        std::vector<double> serverUsPerRow;
        void add(double rows, double seconds, double serverCpuSeconds)
        {
            rowsPerSec.push_back(rows / seconds);
            serverUsPerRow.push_back(serverCpuSeconds / rows * 1e6);
        }
    };
    Phase writerPhase { "writer", {}, {} };
    Phase psqlPhase { "psql \\copy (arrival order)", {}, {} };
    Phase sortedPhase { "psql \\copy (key-sorted file)", {}, {} };
    Phase replayPhase { "writer, replay of stored rows", {}, {} };
    Phase onePhase { "writer, one COPY session", {}, {} };
    std::vector<double> ratios, cpuRatios, cpuPerRow;
    bool isOk = true;
    for (int run = 0; run < runs && isOk; ++run) {
        // Interleaved, so each ratio compares figures taken under the same load.
        const WriterRun w = runWriter(url, batches, totalRows, maxRowsPerTransaction, 0, server);
        const WriterRun one = runWriter(url, batches, totalRows, maxRowsPerTransaction, 1, server);
        truncateAll(url);
        const double psqlCpu0 = server.seconds();
        const double psql = psqlCopy(url, csvPath);
        const double psqlCpu = server.seconds() - psqlCpu0;
        truncateAll(url);
        const double sortedCpu0 = server.seconds();
        const double sorted = psqlCopy(url, sortedCsvPath);
        const double sortedCpu = server.seconds() - sortedCpu0;
        if (psql <= 0 || sorted <= 0) {
            std::fprintf(stderr, "psql \\copy failed\n");
            isOk = false;
            break;
        }
        for (const WriterRun* r : { &w, &one }) {
            if (r->written != std::uint64_t(totalRows) || r->storedAfterReplay != totalRows) {
                std::fprintf(stderr, "writer wrote %llu rows, %.0f stored after the replay; expected %.0f\n",
                    static_cast<unsigned long long>(r->written), r->storedAfterReplay, totalRows);
                isOk = false;
            }
        }
        writerPhase.add(totalRows, w.seconds, w.serverCpuSeconds);
        replayPhase.add(totalRows, w.replaySeconds, w.replayServerCpuSeconds);
        onePhase.add(totalRows, one.seconds, one.serverCpuSeconds);
        psqlPhase.add(totalRows, psql, psqlCpu);
        sortedPhase.add(totalRows, sorted, sortedCpu);
        ratios.push_back(psql / w.seconds);
        cpuRatios.push_back(w.serverCpuSeconds > 0 ? psqlCpu / w.serverCpuSeconds : 0);
        cpuPerRow.push_back(w.cpuSecondsPerRow);
        std::printf(
            "run %d: writer %.0f rows/s (server %.2f us/row, writer thread %.2f us/row), psql \\copy %.0f "
            "rows/s (server %.2f us/row), writer/psql %.0f %%; key-sorted psql %.0f rows/s, replay %.0f rows/s, "
            "one session %.0f rows/s\n",
            run, writerPhase.rowsPerSec.back(), writerPhase.serverUsPerRow.back(), w.cpuSecondsPerRow * 1e6,
            psqlPhase.rowsPerSec.back(), psqlPhase.serverUsPerRow.back(), 100.0 * ratios.back(),
            sortedPhase.rowsPerSec.back(), replayPhase.rowsPerSec.back(), onePhase.rowsPerSec.back());
        std::fflush(stdout);
    }
    std::remove(csvPath.c_str());
    std::remove(sortedCsvPath.c_str());
    if (!isOk)
        return 1;

    // Writer-thread CPU for one minute of rollups of 100,000 series: six 10 s batches + one 1 min batch.
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

    std::printf("\nSUMMARY, medians of %d runs of %.0f rows\n", runs, totalRows);
    std::printf("  %-32s %10s %16s %22s\n", "", "rows/s", "server us/row", "rows per server CPU-s");
    for (const Phase* p : { &writerPhase, &onePhase, &psqlPhase, &sortedPhase, &replayPhase }) {
        const double us = median(p->serverUsPerRow);
        std::printf("  %-32s %10.0f %16.2f %22.0f\n", p->name, median(p->rowsPerSec), us, us > 0 ? 1e6 / us : 0.0);
    }
    std::printf("  writer/psql \\copy: %.0f %% by wall clock (median of the per-run ratios), %.0f %% by server CPU\n",
        100.0 * median(ratios), 100.0 * median(cpuRatios));
    std::printf("  writer thread %.2f us/row; rollups of 100k series %.1f %% of one core\n", median(cpuPerRow) * 1e6,
        writerCpu / 60.0 * 100.0);
    return 0;
}
