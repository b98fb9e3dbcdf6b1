#pragma once

#include "pipeline/pipeline.h"
#include "serveroptions.h"
#include "storage/pghistory.h"
#include "storage/pgwindowsink.h"
#include "storage/pgwriter.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pulse::server {

/** A database error for stderr: passwords redacted, on one line. */
std::string storageErrorLine(const std::string& error);

/**
 * `--pg`: history in PostgreSQL for the server. open() (before any pipeline thread) takes the spool, migrates the
 * schema and starts the writer; attach() adds the window sink (1 s rows, 10 s / 1 min / 1 h rollups with digests)
 * and the `pulse.storage.*` self-metrics; backfill() loads the last hours into the store before ingest starts;
 * stop() writes what is left within the bounded wait and keeps the rest in the spool for the next start.
 */
class StorageOutput {
public:
    explicit StorageOutput(StorageOptions options, const Clock& clock = SystemClock::instance());
    ~StorageOutput();
    StorageOutput(const StorageOutput&) = delete;
    StorageOutput& operator=(const StorageOutput&) = delete;

    /** nullopt when the writer runs (the database may still be away: see notes()); else why the server must stop. */
    [[nodiscard]] std::optional<std::string> open();
    /** Before pipeline.start(): the sink for the pipeline's specs and the self-metrics. */
    void attach(Pipeline& pipeline);
    /** In the pipeline's start hook; returns a line for the operator. Skipped when the database was away at open(). */
    std::string backfill(RollingStore& store, SeriesRegistry& registry, std::size_t maxSeries);
    /** After pipeline.stop(): flushes the writer (bounded); returns a line for the operator. Idempotent. */
    std::string stop();

    /** Lines for the operator gathered by open() (schema, spool, an unreachable server). */
    const std::vector<std::string>& notes() const { return m_notes; }
    PgWriterStats stats() const { return m_writer ? m_writer->stats() : PgWriterStats {}; }
    /** The URL without its password. */
    const std::string& displayUrl() const { return m_displayUrl; }
    const std::string& spoolPath() const { return m_spoolPath; }

    /** `pulse.storage.*` points for a writer snapshot; counters are the change since `before`. */
    static void addMetrics(
        const PgWriterStats& now, const PgWriterStats& before, std::vector<PointSample>& out, TimestampMs nowMs);

private:
    std::optional<std::string> lockSpool();

    StorageOptions m_options;
    const Clock& m_clock;
    std::string m_displayUrl;
    std::string m_spoolPath;
    int m_lockFd = -1;
    bool m_isReachableAtOpen = false;
    std::vector<std::string> m_notes;
    std::unique_ptr<PgWriter> m_writer;
    std::unique_ptr<PgWindowSink> m_sink;
    PgWriterStats m_lastStats; // aggregation thread only
};

} // namespace pulse::server
