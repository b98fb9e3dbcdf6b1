#pragma once

#include "ingest/ingestqueue.h"
#include "pipeline/pipeline.h"
#include "store/rollingstore.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace pulse {

class PgHistory;

/** What a PgHistorySource reads. */
struct PgHistorySourceConfig {
    std::string url; ///< libpq URL (passwords from PGPASSWORD or ~/.pgpass)
    StoreConfig store; ///< the pipeline's store: which resolutions to fill, which quantiles
    std::size_t maxSeriesPerSelector = 1000; ///< as many as a panel query reads (kMaxSeriesPerQuery)
    std::int64_t retryBaseMs = 1000; ///< a failed read is retried with exponential backoff and full jitter
    std::int64_t retryCapMs = 30'000;
};

/** Counters of a PgHistorySource; any thread. */
struct PgHistorySourceStats {
    std::uint64_t reads = 0; ///< reads that completed (the selectors of one time range are read together)
    std::uint64_t failedReads = 0;
    std::uint64_t series = 0; ///< series read (a series counts once per resolution and read)
    std::uint64_t windows = 0; ///< windows handed to the aggregation thread
    bool isLoaded = false; ///< everything asked for so far is loaded
};

/**
 * Backfill on open: a pipeline source that reads the history of the panels' selectors from the database (the
 * tables PgWriter fills) and pushes it as ready-made windows, marked persisted so the history writer does not
 * write them again. It reads only windows that ended before the source started; what came after is the live
 * ingest's. Runs on its own thread and never blocks the GUI: while it reads, its health is Loading (panels without
 * live data show LOADING); a database that cannot be reached makes it Disconnected with the reason, and it retries
 * with backoff until the read succeeds. setRequest() with more selectors or a longer range reads only what is new.
 */
class PgHistorySource final : public PipelineSource {
public:
    PgHistorySource(PgHistorySourceConfig config, IngestQueue& queue, std::uint16_t sourceIndex, const Clock& clock);
    ~PgHistorySource() override;

    std::string name() const override { return m_name; }
    [[nodiscard]] std::optional<std::string> start() override;
    void stop() override;
    SourceHealth health() const override;
    void addSelfMetrics(std::vector<PointSample>& out, TimestampMs nowMs) override;

    /** Any thread: the selectors to load and how far back (ms before the start); reads what is not loaded yet. */
    void setRequest(std::vector<std::string> selectors, std::int64_t rangeMs);
    PgHistorySourceStats stats() const;

private:
    struct Work {
        std::string selector;
        TimestampMs fromMs = 0;
        TimestampMs toMs = 0;
        std::optional<TimestampMs> loadedFromMs; ///< the range grew: only what starts before this was loaded
    };
    void run();
    /** Under m_mutex: what the request asks for beyond what is loaded. */
    std::vector<Work> pendingWork() const;
    /** Reads the windows of works that share one range; false (with *error unless stopping) when it did not. */
    bool load(std::span<const Work> work, std::string* error);

    PgHistorySourceConfig m_config;
    IngestQueue& m_queue;
    const std::uint16_t m_sourceIndex;
    const Clock& m_clock;
    const std::string m_name;
    std::unique_ptr<PgHistory> m_history; // worker thread only

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<std::string> m_selectors; // requested
    std::int64_t m_rangeMs = 0; // requested
    std::map<std::string, TimestampMs> m_loadedFrom; // selector -> earliest start loaded
    bool m_isRequestChanged = false;
    TimestampMs m_startMs = 0; // windows ending after it are the live ingest's
    SourceHealth m_health;
    PgHistorySourceStats m_stats;
    std::uint64_t m_reportedWindows = 0; // aggregation thread only (self-metrics)

    std::atomic<bool> m_isStopRequested { false };
    std::thread m_thread;
};

} // namespace pulse
