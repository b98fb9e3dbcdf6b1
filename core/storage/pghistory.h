#pragma once

#include "model/clock.h"
#include "model/seriesregistry.h"
#include "storage/pgconnection.h"
#include "storage/storagerow.h"
#include "store/field.h"
#include "store/rollingstore.h"
#include "store/seriesselector.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class connection_base;
class transaction_base;
} // namespace pqxx

namespace pulse {

class HistoryCache;
class PgCopyConnection;

/** A stored resolution of the history tables, or Auto (pick one from the range and the panel width). */
enum class HistoryResolution : std::uint8_t { Raw, TenSeconds, OneMinute, OneHour, Auto };

/** Steps of the stored resolutions, by HistoryResolution (Raw .. OneHour). */
inline constexpr std::array<std::int64_t, 4> kHistoryStepsMs { 1000, 10'000, 60'000, 3'600'000 };
/** Most series one query may return. */
inline constexpr std::size_t kMaxHistorySeries = 10'000;
/** Most stored rows one query may read per series (bounds memory; Auto never comes near it). */
inline constexpr std::int64_t kMaxHistoryRowsPerSeries = 500'000;

/** "raw", "10s", "1m", "1h" or "auto". */
std::string_view historyResolutionName(HistoryResolution resolution);
/** The resolution for a name of historyResolutionName(); nullopt when unknown. */
std::optional<HistoryResolution> parseHistoryResolution(std::string_view name);
/** Step of a stored resolution; 0 for Auto. */
std::int64_t historyStepMs(HistoryResolution resolution);

/** Number of step-aligned buckets whose start lies in [fromMs, toMs]; 0 when the range is empty. */
std::int64_t bucketCount(TimestampMs fromMs, TimestampMs toMs, std::int64_t stepMs);

/** What `auto` resolves to: the stored resolution to read and the output bucket (a multiple of its step). */
struct ResolutionChoice {
    HistoryResolution resolution = HistoryResolution::Raw;
    std::int64_t bucketMs = 1000;
    friend bool operator==(const ResolutionChoice&, const ResolutionChoice&) = default;
};

/**
 * The auto rule: among the stored resolutions from `finest` to `coarsest`, the finest whose bucketCount() over
 * the range is ≤ maxPoints (about one point per pixel column, never more). When even `coarsest` gives more,
 * reads its rows merged into buckets of the smallest whole multiple of its step that gives ≤ maxPoints.
 * maxPoints 0 is treated as 1.
 */
ResolutionChoice chooseResolution(TimestampMs fromMs, TimestampMs toMs, std::size_t maxPoints,
    HistoryResolution finest = HistoryResolution::Raw, HistoryResolution coarsest = HistoryResolution::OneHour);

/**
 * One history read: which series, which field, when, how fine. With Auto, percentile fields start at 10 s
 * (raw rows keep no digest) and last/distinct stay at raw (rollups keep neither).
 */
struct HistoryQuery {
    SeriesSelector selector;
    Field field = Field::Value;
    TimestampMs fromMs = 0; ///< buckets starting in [fromMs, toMs] are returned
    TimestampMs toMs = 0;
    HistoryResolution resolution = HistoryResolution::Auto;
    std::size_t maxPoints = 1000; ///< panel width in pixels; drives Auto
    /** Output bucket; 0 = the resolution's step. Otherwise a multiple of it: stored rows are merged per bucket. */
    std::int64_t bucketMs = 0;
    /** Cap on the number of series returned (a selector such as `*` must not load the whole database). */
    std::size_t maxSeries = 100;

    /** Canonical text form, used as cache key. */
    std::string cacheKey() const;
};

/** The points of one series, ascending by time; a bucket without data is an absent point. */
struct HistorySeries {
    SeriesInfoPtr info; ///< id is the database's series id
    std::vector<StorePoint> points;
};

/** Outcome of a history read. */
struct HistoryResult {
    std::string error; ///< empty on success
    HistoryResolution resolution = HistoryResolution::Raw; ///< the stored resolution that was read
    std::int64_t bucketMs = 0; ///< spacing of the returned points
    std::vector<HistorySeries> series; ///< ordered by series key (`name{k=v,...}`)
    bool isTruncated = false; ///< more series matched than maxSeries
    bool isOk() const { return error.empty(); }
    /** Approximate heap bytes, for the cache's budget. */
    std::size_t memoryBytes() const;
};

/** Counters of a PgHistory; any thread. */
struct HistoryStats {
    std::uint64_t queries = 0;
    std::uint64_t failed = 0; ///< errors of any kind (bad query, database)
    std::uint64_t rejectedQueries = 0; ///< invalid before reaching the database
    std::uint64_t corruptDigests = 0; ///< digest bytes that did not deserialize (row skipped for quantiles)
};

/** Result of backfillStore(). */
struct BackfillResult {
    std::string error; ///< empty on success
    std::size_t seriesAdded = 0;
    std::size_t pointsAppended = 0; ///< accepted by the store
    std::size_t pointsRejected = 0; ///< turned away by the store (see its stats for the reason)
    std::size_t resolutionsSkipped = 0; ///< store resolutions with no matching stored resolution
    bool isOk() const { return error.empty(); }
};

/**
 * History reads from the PostgreSQL tables written by PgWriter (raw 1 s rows and 10 s / 1 min / 1 h rollups).
 * Every statement is parameterised; selector text only ever travels as bind parameters. Percentiles of buckets
 * coarser than the stored rows come from merged t-digests, never from averaged percentiles.
 *
 * Threads: synchronous and blocking; use it from one worker thread at a time (HistoryLoader does).
 * libpqxx exceptions are caught here and returned as errors.
 */
class PgHistory {
public:
    /** `url` is a libpq connection string or URI; connects lazily and reconnects after a failure. */
    explicit PgHistory(std::string url, HistoryCache* cache = nullptr);
    ~PgHistory();
    PgHistory(const PgHistory&) = delete;
    PgHistory& operator=(const PgHistory&) = delete;

    /** Runs a read (through the cache when there is one). `cancel` is polled between steps. */
    std::shared_ptr<const HistoryResult> query(const HistoryQuery& query, const std::atomic<bool>* cancel = nullptr);

    /**
     * The series a selector matches that have rows at `resolution` in [fromMs, toMs] (at most maxSeries, by series
     * key; ids are positions in that order); error text on failure.
     */
    std::vector<SeriesInfoPtr> findSeries(const SeriesSelector& selector, std::size_t maxSeries, TimestampMs fromMs,
        TimestampMs toMs, HistoryResolution resolution = HistoryResolution::OneHour, std::string* error = nullptr,
        bool* isTruncated = nullptr);

    /**
     * Called for each series and store resolution with its windows (specIndex = the resolution's index, no series
     * id, isPersisted set); the batch may be changed or moved from. False stops the read.
     */
    using WindowVisitor = std::function<bool(std::size_t resolution, const SeriesInfo& info, WindowBatch& batch)>;
    /**
     * Reads, for each resolution of `config` whose step is a multiple of a stored one, the windows of the series the
     * selectors match (at most maxSeries per selector; a series matched by several is read once) that start at or
     * after `fromMs` (and within the resolution's span back from `toMs`) and end by `toMs`, as the store would hold
     * them. With `loadedFromMs` (a range read before started there), only the windows that start before the first
     * window starting at or after it: the two reads meet without a gap or an overlap at every resolution. In the
     * result, seriesAdded counts series read and pointsAppended the windows handed to `visit`. `cancel` is polled
     * between series.
     */
    BackfillResult readWindows(const StoreConfig& config, std::span<const SeriesSelector> selectors, TimestampMs fromMs,
        TimestampMs toMs, std::size_t maxSeries, const WindowVisitor& visit, const std::atomic<bool>* cancel = nullptr,
        std::optional<TimestampMs> loadedFromMs = std::nullopt);

    /** See backfillStore(). */
    BackfillResult backfill(RollingStore& store, SeriesRegistry& registry, const SeriesSelector& selector, int hours,
        TimestampMs nowMs, std::size_t maxSeries = 10'000);

    HistoryStats stats() const;

    /**
     * Whether a read of one series over at least 1,024 stored rows is split between two sessions, each reading
     * half of the range at the same time (default on; the second session connects on first use and is done
     * without while it cannot). Off: every read on one session.
     */
    void setSplitReads(bool isEnabled);

    struct Row;
    struct Statements;
    struct ReadHelper;

private:
    struct Found {
        std::string key; // series_key as stored
        std::shared_ptr<SeriesInfo> info;
    };
    pqxx::connection_base& connection();
    ReadHelper helper();
    void dropHelperIfLost(const ReadHelper& helper);
    std::shared_ptr<const HistoryResult> run(const HistoryQuery& query, const std::atomic<bool>* cancel);
    std::vector<Found> findSeriesIn(pqxx::transaction_base& tx, Statements& statements, const SeriesSelector& selector,
        std::size_t maxSeries, TimestampMs fromMs, TimestampMs toMs, StorageTable table, bool* isTruncated);

    std::string m_url;
    HistoryCache* m_cache;
    std::unique_ptr<PgCopyConnection> m_connection; // reads ask libpq for binary results through its handle
    std::unique_ptr<Statements> m_statements; // prepared on m_connection
    std::unique_ptr<PgCopyConnection> m_helper; // reads the later half of a split one-series read
    std::unique_ptr<Statements> m_helperStatements; // prepared on m_helper
    std::chrono::steady_clock::time_point m_helperRetryAt; // no new helper before (after a failed connect)
    bool m_isSplitting = true;
    std::atomic<std::uint64_t> m_queries { 0 };
    std::atomic<std::uint64_t> m_failed { 0 };
    std::atomic<std::uint64_t> m_rejected { 0 };
    std::atomic<std::uint64_t> m_corruptDigests { 0 };
};

/**
 * Loads the last `hours` (at most each resolution's span) of the series a selector matches into a RollingStore,
 * at each of the store's resolutions whose step is a multiple of a stored one, so a restarted server shows
 * history at once. Series are interned in `registry` (the one the pipeline will use) and added to the store.
 * Call it on the store's writer thread BEFORE the pipeline starts appending: the store rejects windows older than
 * what it already holds, so a late backfill would be dropped as too old. Gauges read from rollups get their mean
 * as value (rollups keep no last value); sets get distinct only from raw rows.
 */
BackfillResult backfillStore(PgHistory& history, RollingStore& store, SeriesRegistry& registry,
    const SeriesSelector& selector, int hours, TimestampMs nowMs, std::size_t maxSeries = 10'000);

/**
 * Runs PgHistory reads on its own thread: request() returns at once, the answer comes as historyReady or
 * historyFailed (queued to the caller's thread). cancel() drops a pending or running request without a signal.
 */
class HistoryLoader : public QObject {
    Q_OBJECT
public:
    /** Starts the worker thread; `url` as for PgHistory; `cache` may be null and must outlive the loader. */
    explicit HistoryLoader(std::string url, HistoryCache* cache = nullptr, QObject* parent = nullptr);
    ~HistoryLoader() override;

    /** Any thread: queues a read; the id comes back with the answer. */
    void request(quint64 id, const pulse::HistoryQuery& query);
    /** Any thread: no signal will be emitted for this id. */
    void cancel(quint64 id);

Q_SIGNALS:
    void historyReady(quint64 id, std::shared_ptr<const pulse::HistoryResult> result);
    void historyFailed(quint64 id, const QString& message);

private:
    void runRequest(quint64 id, const HistoryQuery& query); // on the worker thread

    QThread* m_thread;
    QObject* m_context; // lives on m_thread; requests are queued to it
    std::unique_ptr<PgHistory> m_history; // used on m_thread only
    std::mutex m_mutex;
    std::set<quint64> m_pending;
    std::set<quint64> m_cancelled; // subset of m_pending
    quint64 m_runningId = 0;
    bool m_hasRunning = false;
    bool m_isStopping = false;
    std::atomic<bool> m_cancelRunning { false };
};

} // namespace pulse

Q_DECLARE_METATYPE(pulse::HistoryQuery)
Q_DECLARE_METATYPE(std::shared_ptr<const pulse::HistoryResult>)
