#pragma once

#include "model/clock.h"
#include "model/seriesregistry.h"
#include "store/field.h"
#include "store/seriesselector.h"
#include "window/windowresult.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

class StoreRing;

inline constexpr std::size_t kMaxStoreResolutions = 8;
/** Largest ring (spanMs / stepMs) a resolution may ask for. */
inline constexpr std::uint32_t kMaxRingPoints = 1u << 22;
/** Most provisional points (open panes) a series' live edge keeps: enough for an allowed lateness up to 6 s. */
inline constexpr std::size_t kMaxProvisionalPoints = 8;

/** One resolution: points `stepMs` apart kept for `spanMs`, i.e. spanMs / stepMs points per series. */
struct StoreResolution {
    std::int64_t stepMs = 1000;
    std::int64_t spanMs = 15 * 60 * 1000;
    friend bool operator==(const StoreResolution&, const StoreResolution&) = default;
};

struct StoreConfig {
    /** Indexed like the pipeline's window specs; append() names one by its index. */
    std::vector<StoreResolution> resolutions { { 1000, 15 * 60 * 1000 }, { 10'000, 6 * 3600 * 1000 },
        { 60'000, 48 * 3600 * 1000 } };
    /** The window engine's quantiles; pXX fields read the matching one. */
    std::vector<double> quantiles { 0.5, 0.9, 0.95, 0.99, 0.999 };
    /** Series ids at or above this are rejected (bounds the id index). */
    std::size_t maxSeries = 1u << 20;
    /** Windows starting later than now + this are rejected so one bad timestamp cannot wedge a ring; < 0 disables. */
    std::int64_t maxFutureMs = 10 * 60 * 1000;

    /** Empty when the configuration is fully usable, otherwise one problem per line. */
    std::string validate() const;
};

/** Why the store turned something away; each reason is counted in StoreStats. */
enum class StoreRejection : std::uint8_t {
    BadResolution, ///< append(): the resolution index is unknown or unusable; setProvisional(): not the finest
    SpecMismatch, ///< append(), setProvisional(): the batch is not a tumbling window of the resolution's step
    UnknownSeries, ///< append(), setProvisional(), setSourceMask(): no addSeries() for the id
    TypeMismatch, ///< append(), setProvisional(): the result's type is not the series' type
    FutureWindow, ///< append(), setProvisional(): the window starts more than maxFutureMs after now
    OutOfRange, ///< append(): start time beyond ±2^53 ms, or 2^32 steps after the ring's first window
    Misaligned, ///< append(), setProvisional(): the start is not on the series' step grid at that resolution
    TooOld, ///< append(): a whole span or more behind the ring's newest point; setProvisional(): already closed
    Duplicate, ///< append(): that window is already stored (closed windows are immutable)
    BadSeries, ///< addSeries(): null, id at or above maxSeries, or an id already used by another series
};
inline constexpr int kStoreRejectionCount = 10;

/** Lowercase name of a rejection reason, e.g. "too_old", for logs and /metrics labels. */
std::string_view storeRejectionName(StoreRejection reason);

/** Counters for monitoring; any thread. */
struct StoreStats {
    std::uint64_t pointsStored = 0;
    std::uint64_t provisionalUpdates = 0; ///< live edges changed by setProvisional(), one per series and call
    std::array<std::uint64_t, kStoreRejectionCount> rejected {}; ///< by StoreRejection
    std::size_t seriesCount = 0;
    std::size_t ringCount = 0;
    std::size_t ringBytes = 0; ///< heap held by rings (they never shrink)
    std::size_t provisionalBytes = 0; ///< heap held by live edges (one per series that ever had one)
    /** Changes whenever a reader could see something new: a closed point stored or a live edge replaced. */
    std::uint64_t changeCount() const { return pointsStored + provisionalUpdates; }
    std::uint64_t rejectedFor(StoreRejection reason) const { return rejected[static_cast<std::size_t>(reason)]; }
    std::uint64_t totalRejected() const;
};

/** One point of a series: the start of its window and the field's value. */
struct StorePoint {
    TimestampMs timeMs = 0;
    double value = 0;
    friend bool operator==(const StorePoint&, const StorePoint&) = default;
};

struct RangeQuery {
    SeriesId series = kInvalidSeries;
    Field field = Field::Value;
    TimestampMs fromMs = 0; ///< windows starting in [fromMs, toMs] are returned
    TimestampMs toMs = 0;
    std::size_t maxPoints = 1000;
    /** Also return the live edge (see RollingStore::read); needs nowMs. */
    bool hasLiveEdge = false;
    /** With hasLiveEdge: the reader's now; a pane ending after it is still in progress. */
    TimestampMs nowMs = 0;
};

/**
 * Points of a range read, ascending by time. A window without data is an absent point, never a made-up
 * value: a renderer draws a gap wherever consecutive points are more than stepMs apart.
 */
struct RangeResult {
    std::string error; ///< empty on success
    std::int64_t stepMs = 0; ///< the resolution used
    std::size_t resolutionIndex = 0;
    std::vector<StorePoint> points;
    /** A closed window in the range has no point (never received, older than the ring, or a NaN field). */
    bool hasMissing = false;
    /** Even the coarsest resolution had more than maxPoints windows in range: only the newest are returned. */
    bool isTruncated = false;
    /** With RangeQuery::hasLiveEdge: the last provisionalCount points are provisional (the live edge). */
    std::size_t provisionalCount = 0;
    /** With RangeQuery::hasLiveEdge: end of the newest pane the live edge holds, even one outside the range or
     * withheld as still in progress (for freshness). */
    std::optional<TimestampMs> liveEdgeEndMs;
    bool isOk() const { return error.empty(); }
};

/** A catalog line: the series and when it last received data. */
struct CatalogEntry {
    SeriesInfoPtr info;
    std::optional<TimestampMs> lastUpdateMs; ///< end of the newest window stored at any resolution
    std::uint64_t sourceMask = 0; ///< the pipeline sources that have fed it (model/sourceset.h); 0 when unknown
};

/**
 * Multi-resolution rolling storage of closed windows, per series, plus the series catalog and each series' live edge.
 *
 * Threads: exactly one writer thread calls addSeries() and append(); any number of reader threads call
 * the const methods concurrently. No method takes a lock: readers never block the writer and the writer
 * never waits for a reader (see StoreRing for the per-slot protocol). Series are kept in a stable-address
 * chunked array indexed by SeriesId whose slots, like each series' rings, are published with atomic
 * pointers; nothing is freed before the store is destroyed.
 *
 * Memory is fixed by the configuration: a series' ring for a resolution is allocated whole on its first
 * append (see bytesPerSeries()). Rejected input is counted by reason (stats()), never stored.
 *
 * Live edge: besides its closed windows, a series keeps up to kMaxProvisionalPoints provisional points at the finest
 * resolution — the panes the window engine still holds open, exact for the samples so far — updated by
 * setProvisional() under a per-series sequence lock (one writer; readers copy and retry, never block it). A
 * provisional point at or before the newest closed point of its series is ignored, so the closed window takes over
 * as soon as it is stored.
 */
class RollingStore {
public:
    explicit RollingStore(StoreConfig config = {}, const Clock& clock = SystemClock::instance());
    ~RollingStore();
    RollingStore(const RollingStore&) = delete;
    RollingStore& operator=(const RollingStore&) = delete;

    const StoreConfig& config() const { return m_config; }

    /** Writer: makes a series known to the catalog and appendable. Re-adding the same series is a no-op. */
    bool addSeries(SeriesInfoPtr info);

    /** Writer: stores every result of a closed batch at one resolution; returns how many points were stored. */
    std::size_t append(std::size_t resolutionIndex, const WindowBatch& batch);

    /**
     * Writer: updates the live edge of every series in `batch` — provisional 1-pane results at the finest resolution,
     * grouped by series (WindowEngine::takeProvisional()). A result replaces the series' provisional point with the
     * same start or adds one; points whose closed window is stored are dropped; a series keeps its newest
     * kMaxProvisionalPoints. Returns how many series' live edges changed.
     */
    std::size_t setProvisional(std::size_t resolutionIndex, const WindowBatch& batch);

    /**
     * Any thread: the points of one field over [fromMs, toMs]. Uses the finest resolution with at most maxPoints
     * windows in the range whose ring still reaches back to fromMs; if none reaches back, the fitting one that
     * reaches furthest; if none fits, the coarsest, truncated to its newest maxPoints windows.
     *
     * With query.hasLiveEdge, the live edge follows the closed points (still at most maxPoints in all):
     * - at the finest resolution, each provisional point newer than the newest closed one; a pane still in progress
     *   (ending after nowMs) is withheld for cumulative fields (isCumulativeField: counters' rate/count/sum, digest
     *   rate/count/sum, set counts), whose partial value would read as a drop;
     * - at a coarser resolution, only where the open bucket's value is exact from its 1 s panes (closed or
     *   provisional): gauge last/value (the newest pane's), min and max of gauges and digest types (over the
     *   bucket's panes, if the finest ring still holds them all). Other fields get no live edge there.
     */
    RangeResult read(const RangeQuery& query) const;

    /** Any thread: the newest point of a field at the finest resolution holding data; nullopt if none or n/a. */
    std::optional<StorePoint> latest(SeriesId series, Field field) const;

    /**
     * Any thread: the newest live-edge point of a field (finest resolution) that is newer than the series' newest
     * closed point, with the same withholding rule as read(); nullopt when there is none.
     */
    std::optional<StorePoint> provisional(SeriesId series, Field field, TimestampMs nowMs) const;

    /** Writer: records which pipeline sources have fed a series (a sourceBit() set); false for an unknown series. */
    bool setSourceMask(SeriesId series, std::uint64_t sourceMask);
    /** Any thread: the sources that have fed a series (sourceBit()s); 0 when unknown or never fed. */
    std::uint64_t sourceMask(SeriesId series) const;
    /**
     * Any thread: a number that grows with every change of one series a reader could see (a point stored, its live
     * edge, its sources); 0 for an unknown series. Read before reading the series, it tells a later reader whether
     * anything changed since (the render tick skips panels none of whose series did).
     */
    std::uint64_t seriesChangeCount(SeriesId series) const;
    /** Any thread: the series a selector matches, by id. */
    std::vector<SeriesInfoPtr> findSeries(const SeriesSelector& selector) const;
    /** Any thread: every series with its last update time, by id. */
    std::vector<CatalogEntry> catalog() const;
    /** Any thread: one series' catalog line; nullopt when unknown. */
    std::optional<CatalogEntry> entry(SeriesId series) const;

    /** Any thread: number of series added. */
    std::size_t seriesCount() const { return m_seriesCount.load(std::memory_order_relaxed); }
    /** Any thread: counters for monitoring. */
    StoreStats stats() const;

    /** Heap bytes one series of `type` holds once every resolution has data (rings, state, index slot, live edge). */
    static std::size_t bytesPerSeries(const StoreConfig& config, MetricType type);

private:
    struct SeriesState;
    struct Chunk;
    struct LiveEdge;
    struct LivePoint;
    struct LivePoints;
    struct Resolution {
        std::int64_t stepMs = 0;
        std::uint32_t capacity = 0; // 0 when the configuration of this resolution is unusable
    };

    SeriesState* stateOf(SeriesId id) const; // mutable only for the writer
    void reject(StoreRejection reason, std::uint64_t count = 1);
    /** The checks append() and setProvisional() share: type, time range, not too far in the future. */
    std::optional<StoreRejection> checkResult(
        const WindowResult& result, MetricType seriesType, TimestampMs nowMs) const;
    template <typename F> void forEachSeries(F&& f) const;
    std::array<int, kMaxQuantiles> quantileSources(const WindowBatch& batch) const;
    void writeLiveEdge(SeriesState& state, std::span<const LivePoint> points, int cellCount);
    LivePoints livePoints(const SeriesState& state, Field field, TimestampMs closedStartMs, TimestampMs nowMs) const;
    void appendLiveEdge(const SeriesState& state, Field field, std::size_t res, const StoreRing* ring,
        TimestampMs closedStartMs, TimestampMs fromMs, TimestampMs toMs, TimestampMs nowMs, std::size_t maxPoints,
        RangeResult& result) const;

    StoreConfig m_config;
    const Clock& m_clock;
    std::vector<Resolution> m_resolutions;
    std::vector<std::size_t> m_fineToCoarse; // usable resolution indices by ascending step
    std::array<std::atomic<TimestampMs>, kMaxStoreResolutions> m_latestEndMs {};
    std::size_t m_chunkCount = 0;
    std::unique_ptr<std::atomic<Chunk*>[]> m_chunks;
    std::atomic<std::size_t> m_idLimit { 0 };
    std::atomic<std::size_t> m_seriesCount { 0 };
    // Written by the writer only (load + store, no read-modify-write), read by anyone.
    std::atomic<std::uint64_t> m_pointsStored { 0 };
    std::atomic<std::uint64_t> m_provisionalUpdates { 0 };
    std::atomic<std::size_t> m_provisionalBytes { 0 };
    std::array<std::atomic<std::uint64_t>, kStoreRejectionCount> m_rejected {};
    std::atomic<std::size_t> m_ringCount { 0 };
    std::atomic<std::size_t> m_ringBytes { 0 };
};

} // namespace pulse
