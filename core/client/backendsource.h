#pragma once

#include "client/backendconfig.h"
#include "pipeline/pipeline.h"

#include <QJsonArray>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pulse::client {

/** What a backend source has done so far; any thread. */
struct BackendStats {
    std::uint64_t connects = 0; ///< sessions that reached connection_ack
    std::uint64_t failedAttempts = 0; ///< attempts that did not
    std::uint64_t liveWindows = 0; ///< windows from subscriptions (closed and live-edge)
    std::uint64_t backfilledWindows = 0; ///< windows from queries (backfill, coarse resolutions, polling)
    std::uint64_t rejectedPoints = 0; ///< malformed points, counted and skipped
    std::uint64_t polls = 0; ///< HTTP polls while the WebSocket is refused
    std::uint64_t serverErrors = 0; ///< GraphQL errors the server sent
    bool isPolling = false;
};

/**
 * Client mode: a pipeline source that takes its data from a Pulseboard server's API instead of ingesting it
 * (`pulseboard --connect ws://HOST:PORT/graphql`, or a `backend` source in a layout).
 *
 * One thread per source, holding one graphql-transport-ws connection:
 * - it subscribes with `seriesUpdated(match:, live: true)` for exactly the selectors of the panels (setSelectors),
 *   then backfills each selector with `Query.seriesMetrics` at every store resolution over the backfill range, and
 *   keeps the coarser resolutions current by querying each one as its windows close;
 * - the windows go into the pipeline as they are (IngestBatch::windows): the aggregation thread stores them, live-edge
 *   panes included, without aggregating them again;
 * - when the connection drops it reconnects with exponential backoff and full jitter (ReconnectBackoff); meanwhile
 *   health() is Reconnecting with the time of the next attempt, and after reconnecting the outage is backfilled from
 *   what the server has (what it lost stays a gap);
 * - when the server (or a proxy) refuses the WebSocket upgrade but answers HTTP, it polls `Query.seriesMetrics` over
 *   HTTP POST instead, says so in health(), and tries the WebSocket again every pollRetryWebSocket.
 * Malformed messages and points are counted and skipped; a protocol fault ends the session and reconnects.
 */
class BackendSource final : public PipelineSource {
public:
    /** `resolutions`: the local store's (each is backfilled over at most its span); `backfillRangeMs`: how far back. */
    BackendSource(BackendConfig config, IngestQueue& queue, std::uint16_t sourceIndex, const Clock& clock,
        std::vector<StoreResolution> resolutions, std::int64_t backfillRangeMs);
    ~BackendSource() override;

    std::string name() const override;
    [[nodiscard]] std::optional<std::string> start() override;
    void stop() override;
    SourceHealth health() const override;

    /** Any thread: the series selectors to subscribe to (the panels' queries); duplicates are ignored. */
    void setSelectors(std::vector<std::string> selectors);
    /** Any thread: how far back a new selector, or a reconnect, backfills (the dashboard's time range). */
    void setBackfillRangeMs(std::int64_t rangeMs);
    BackendStats stats() const;
    const BackendConfig& config() const { return m_config; }

private:
    struct Session;
    enum class End { Stopped, Dropped, Refused, Failed };
    struct SessionResult {
        End end = End::Failed;
        std::string error;
        std::chrono::milliseconds upFor { 0 };
    };

    void run();
    SessionResult runSession();
    /** Polls over HTTP until stopped, until it fails (Failed), or until it is time to try the WebSocket (Refused). */
    SessionResult runPolling(const std::string& why);
    bool sleepFor(std::chrono::milliseconds duration);
    void setHealth(SourceHealth health);
    /** Pushes windows into the pipeline in batches; false when stopped meanwhile. */
    bool push(std::vector<RemoteWindow>& windows);
    /** Parses a `seriesMetrics` result into windows of `stepMs`; counts malformed points. */
    void takeSeriesPoints(const QJsonArray& list, std::int64_t stepMs, std::vector<RemoteWindow>& out);
    std::vector<std::string> selectors(std::uint64_t* version) const;
    /**
     * Where a query for resolution `res` starts: the backfill range back (at most the ring's span) for a selector new
     * to the connection (`isBackfill`), else just before the newest window received.
     */
    TimestampMs queryFromMs(std::size_t res, TimestampMs nowMs, bool isBackfill) const;

    BackendConfig m_config;
    IngestQueue& m_queue;
    std::uint16_t m_sourceIndex;
    const Clock& m_clock;
    std::vector<std::int64_t> m_steps; // ascending
    std::vector<std::int64_t> m_spans; // like m_steps
    std::atomic<std::int64_t> m_backfillRangeMs;
    /** Per resolution (like m_steps): end of the newest closed window received; 0 before any. */
    std::vector<TimestampMs> m_lastEndMs;

    mutable std::mutex m_mutex; // guards the members below it
    std::vector<std::string> m_selectors;
    std::uint64_t m_selectorsVersion = 0;
    SourceHealth m_health;
    BackendStats m_stats;

    std::atomic<bool> m_isStopRequested { false };
    std::thread m_thread;
};

} // namespace pulse::client
