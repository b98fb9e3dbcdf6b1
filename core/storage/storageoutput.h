#pragma once

#include "pipeline/pipeline.h"
#include "storage/pghistory.h"
#include "storage/pgwindowsink.h"
#include "storage/pgwriter.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pulse {

/** `--pg`: where history goes and how the writer spools. */
struct StorageOptions {
    std::string url; ///< libpq URL or keyword string; from --pg or PULSE_PG_URL
    std::string passwordFile; ///< --pg-password-file: its first line becomes PGPASSWORD
    std::string spoolDir; ///< empty: the XDG state directory (see defaultSpoolDir())
    /** The spool file's name starts with it; each program has its own (a spool has one writer at a time). */
    std::string spoolPrefix = "pg";
    /** When the spool is in use, up to this many spools are tried (PREFIX-2-…, PREFIX-3-…), for several processes. */
    int spoolSlots = 1;
    std::int64_t stopTimeoutMs = 5000; ///< bound on the final write at shutdown
    int backfillHours
        = -1; ///< --pg-backfill: hours loaded into memory at start-up; -1 = what the store holds, 0 = none
    /**
     * --kafka-exactly-once: the consumer group's checkpoint is read at open() (the database must be reachable then)
     * into this progress, every rollup batch carries the next one, and there is no spool (Kafka keeps the messages).
     */
    std::shared_ptr<KafkaStreamProgress> exactlyOnce;
    std::string exactlyOnceGroup;
};

/** $XDG_STATE_HOME/pulseboard/spool, else ~/.local/state/pulseboard/spool; empty when neither is known. */
std::string defaultSpoolDir();

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
    /**
     * For a GUI thread: takes the spool and starts the writer, which connects, migrates and reads the spool back on
     * its own thread (no network or large reads here; see stats() for how that goes). nullopt when the writer runs.
     */
    [[nodiscard]] std::optional<std::string> openInBackground();
    /**
     * Before pipeline.start(): the sink for the pipeline's specs and the self-metrics. Several pipelines may be
     * attached (a replaced one still flushing while its successor runs); detach() each once it has stopped.
     */
    void attach(Pipeline& pipeline);
    /** Any thread, after `pipeline` has stopped: frees its sink. */
    void detach(const Pipeline& pipeline);
    /** In the pipeline's start hook; returns a line for the operator. Skipped when the database was away at open(). */
    std::string backfill(RollingStore& store, SeriesRegistry& registry, std::size_t maxSeries);
    /** Exactly-once, before pipeline.stop(): the windows its flush closes early are not written (see PgWindowSink). */
    void beginClosing();
    /** After pipeline.stop(): flushes the writer (bounded); returns a line for the operator. Idempotent. */
    std::string stop();
    /** Exactly-once: the checkpoint read at open(). */
    const StreamCheckpoint& storedCheckpoint() const { return m_checkpoint; }

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
    PgWriterConfig writerConfig() const;
    std::optional<std::string> startWriter(PgWriterConfig config);

    StorageOptions m_options;
    const Clock& m_clock;
    std::string m_displayUrl;
    std::string m_spoolPath;
    int m_lockFd = -1;
    bool m_isReachableAtOpen = false;
    StreamCheckpoint m_checkpoint; // exactly-once
    std::vector<std::string> m_notes;
    std::unique_ptr<PgWriter> m_writer;
    std::mutex m_sinksMutex;
    std::vector<std::pair<const Pipeline*, std::unique_ptr<PgWindowSink>>> m_sinks; // one per attached pipeline
};

} // namespace pulse
