#pragma once

#include "model/clock.h"
#include "model/sample.h"
#include "sketch/hyperloglog.h"
#include "sketch/tdigest.h"
#include "window/sketchpool.h"
#include "window/windowresult.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

/** What the window engine computes and how long it waits for late samples. */
struct EngineConfig {
    std::vector<WindowSpec> specs; ///< at least one; sizes/slides multiples of 1000 ms, slide divides size
    std::vector<double> quantiles { 0.5, 0.9, 0.95, 0.99, 0.999 }; ///< at most kMaxQuantiles, each in [0, 1]
    std::int64_t allowedLatenessMs = 2000;
    double compression = 100.0; ///< t-digest compression of panes and merged windows
    /** Ids >= this are rejected so a stray id cannot grow the per-series tables; match SeriesRegistry::maxSeries(). */
    std::size_t maxSeries = std::size_t { 1 } << 18;
};

/** Why add() refused a sample (late samples are not rejections: they are counted apart). */
enum class RejectReason : std::uint8_t {
    InvalidSeries, ///< kInvalidSeries or an id >= EngineConfig::maxSeries
    TypeMismatch, ///< the series was first seen with another metric type
    NonFiniteValue, ///< NaN or infinite value (sets excepted: they use the member hash)
    BadSampleRate, ///< not in (0, 1]
    TimeOutOfRange, ///< event time beyond +-2^53 ms
};
inline constexpr int kRejectReasonCount = 5;

/** Stable spelling of a reason, for logs and self-metrics tags. */
std::string_view rejectReasonName(RejectReason reason);

/**
 * Aggregates samples into 1 s panes per series and closes windows from them as the watermark passes.
 * Single-threaded: lives on the aggregation thread; results leave as immutable WindowBatch values.
 */
class WindowEngine {
public:
    static constexpr std::int64_t kPaneMs = 1000;
    /** Bound on allowedLatenessMs: every series keeps a ring of ceil(lateness / 1 s) + 1 panes (rounded to 2^n). */
    static constexpr std::int64_t kMaxLatenessMs = 60'000;
    static constexpr std::int64_t kMaxWindowSizeMs = 31LL * 24 * 3'600'000;
    /** Bound on size / slide: a sliding window merges at most this many slide-long blocks. */
    static constexpr std::int64_t kMaxBlocksPerWindow = 1440;
    static constexpr std::size_t kMaxSpecs = 64;
    static constexpr std::int64_t kMaxAbsTimeMs = std::int64_t { 1 } << 53;

    /** Takes a config that validate() accepts; an invalid one is replaced by a 1 s tumbling default (see
     * configError()). */
    explicit WindowEngine(EngineConfig config);
    ~WindowEngine();
    WindowEngine(const WindowEngine&) = delete;
    WindowEngine& operator=(const WindowEngine&) = delete;

    /** nullopt when usable, else the first problem found. */
    static std::optional<std::string> validate(const EngineConfig& config);

    enum class AddOutcome : std::uint8_t { Accepted, Late, Rejected };
    /** Aggregates one sample into its pane; counts it as late or rejected instead when it cannot be. */
    AddOutcome add(const Sample& s);
    /** Closes every pane and window whose end <= watermark, watermark = max(newest accepted event time, nowMs) -
     * lateness; one batch per spec that closed something (results sorted by (startMs, series)). */
    std::vector<WindowBatchPtr> advance(TimestampMs nowMs);
    /** Shutdown: closes everything still open (all windows that contain at least one sample), returns the batches. */
    std::vector<WindowBatchPtr> flush();

    /** The 1 s tumbling spec (its windows are single panes), which provisional results belong to; nullopt if none. */
    std::optional<std::uint16_t> paneSpecIndex() const { return m_paneSpec; }
    /** Series that accepted a sample since the last takeProvisional(). */
    std::size_t provisionalSeries() const { return m_dirty.size(); }
    /**
     * The live edge: the still-open panes that accepted a sample since the last call, as provisional results of the
     * pane spec, sorted by (series, startMs). Exact for the samples so far; the closed window replaces them once the
     * watermark passes. nullptr when nothing changed or there is no 1 s tumbling spec. Cost is per changed pane, not
     * per sample (add() only marks the pane and lists its series once).
     */
    WindowBatchPtr takeProvisional();

    /** Panes and windows ending at or before this are closed; samples for them are late. Far below any real time
     * (about -2^62) until the first sample or advance(). */
    TimestampMs watermarkMs() const { return m_watermarkMs; }
    std::uint64_t acceptedSamples() const { return m_acceptedSamples; }
    std::uint64_t lateSamples() const { return m_lateSamples; }
    std::uint64_t rejectedSamples() const;
    std::uint64_t rejectedSamples(RejectReason reason) const
    {
        return m_rejectedSamples[static_cast<std::size_t>(reason)];
    }
    /** Panes holding samples that no advance() has closed yet. */
    std::size_t openPanes() const { return m_openPanes; }
    /** Series with open panes or windows still waiting for the watermark. */
    std::size_t activeSeries() const { return m_activeSeries; }
    /** Highest series id seen + 1 (the size of the per-series tables in use). */
    std::size_t knownSeries() const { return m_knownSeries; }
    /** Fixed bytes per series slot (state, pane ring, window blocks); sketches come on top (see memoryBytes()). */
    std::size_t bytesPerSeries() const;
    /** Everything the engine holds, sketches included (walks the sketch pools: not for hot paths). */
    std::size_t memoryBytes() const;
    const EngineConfig& config() const { return m_config; }
    /** Why the constructor fell back to the default config, if it did. */
    const std::optional<std::string>& configError() const { return m_configError; }

private:
    using Handle = std::uint32_t;
    static constexpr Handle kNoSketch = 0xffffffffu;
    // Below any valid time, yet far from overflow when lateness or a slide is added or subtracted.
    static constexpr std::int64_t kBeforeAllMs = -(std::int64_t { 1 } << 62);
    static constexpr std::int64_t kNeverMs = std::numeric_limits<std::int64_t>::max();
    // How often sketches that stayed unused are freed (after a burst of series, say).
    static constexpr std::int64_t kSketchTrimIntervalMs = 60'000;

    // One pane (1 s) or one block (slide-long part of a window) of one series.
    struct Cell {
        std::int64_t key; // pane second or block number; kEmptyKey when unused
        double count;
        double sum;
        double min;
        double max;
        double last;
        Handle sketch; // digest or HLL handle, by the series type
        bool isChanged; // panes: a sample arrived since the last takeProvisional()
    };

    struct SeriesState {
        double gaugeValue = 0.0;
        std::int64_t deadlineMs = kNeverMs; // watermark at which something of this series may close
        std::uint16_t openPanes = 0;
        MetricType type = MetricType::Gauge;
        bool hasType = false;
        bool hasData = false; // open panes or unemitted blocks
        bool isListed = false; // in m_active
        bool isDirty = false; // in m_dirty: accepted a sample since the last takeProvisional()
    };

    struct GroupSeries {
        std::int64_t emittedEndMs = kBeforeAllMs; // every window ending at or before this was emitted
        std::int64_t firstBlock = 0;
        std::int64_t lastBlock = -1;
        bool hasBlocks = false;
    };

    // Specs sharing a slide share the slide-long blocks their windows are merged from. A group is fed either
    // panes or, when a tumbling group with a slide dividing its own exists, that group's completed blocks (1 s ->
    // 10 s -> 60 s): fewer sketch merges per pane.
    struct Group {
        std::int64_t slideMs = 0;
        std::int64_t maxSizeMs = 0;
        std::uint32_t blockCount = 0; // blocks kept per series: maxSize / slide
        bool isFedByPanes = true;
        std::vector<std::uint16_t> specs;
        std::vector<std::uint16_t> dependents; // groups fed this group's completed blocks
        std::vector<Cell> blocks; // series * blockCount
        std::vector<GroupSeries> series;
    };

    void rejectSample(RejectReason reason) { ++m_rejectedSamples[static_cast<std::size_t>(reason)]; }
    bool admitSeries(SeriesId id);
    void openPane(SeriesId id, SeriesState& st, Cell& pane, std::int64_t second);
    void closeSeries(SeriesId id, std::int64_t watermarkMs);
    void foldCell(SeriesId id, MetricType type, Group& group, Cell& cell, std::int64_t cellStartMs, bool mayMove);
    void emitGroup(SeriesId id, MetricType type, Group& group, std::int64_t uptoMs);
    void emitWindow(SeriesId id, MetricType type, Group& group, std::uint16_t specIndex, std::int64_t endMs,
        std::int64_t firstBlock, std::int64_t lastBlock);
    void fillResult(WindowResult& r, MetricType type, const Cell& acc, std::int64_t sizeMs, bool keepDigest);
    void releaseSketch(MetricType type, Handle& handle);
    void mergeSketch(MetricType type, Cell& dst, Cell& src, bool mayMove);
    std::int64_t nextDeadline(SeriesId id, const SeriesState& st) const;
    std::vector<WindowBatchPtr> closeUpTo(std::int64_t watermarkMs);
    std::vector<WindowBatchPtr> takeBatches();

    std::optional<std::string> m_configError; // before m_config: the constructor decides on it first
    EngineConfig m_config;
    std::int64_t m_latenessMs = 0;
    std::uint32_t m_ringSize = 1; // panes per series, a power of two
    std::uint64_t m_ringMask = 0;

    std::int64_t m_nowMs;
    std::int64_t m_maxEventMs;
    std::int64_t m_watermarkMs;
    std::int64_t m_nextTrimMs;

    std::vector<SeriesState> m_series;
    std::vector<Cell> m_panes; // series * m_ringSize, indexed by second & m_ringMask
    std::vector<Group> m_groups; // by slide, ascending: a group's source comes before it
    std::vector<std::uint16_t> m_paneGroups; // groups fed panes directly
    std::vector<SeriesId> m_active; // series that may hold open panes or blocks; advance() walks only these
    std::optional<std::uint16_t> m_paneSpec;
    std::vector<SeriesId> m_dirty; // series with new samples since the last takeProvisional()
    std::vector<std::vector<WindowResult>> m_pending; // per spec, until the next advance()/flush()

    SketchPool<TDigest> m_digests;
    SketchPool<HyperLogLog> m_sets;
    std::vector<const TDigest*> m_digestScratch;
    std::vector<const HyperLogLog*> m_setScratch;
    HyperLogLog m_mergedSet;
    std::vector<std::uint32_t> m_closingSlots;
    std::vector<std::uint32_t> m_openSlots;

    std::size_t m_knownSeries = 0;
    std::size_t m_openPanes = 0;
    std::size_t m_activeSeries = 0;
    std::uint64_t m_acceptedSamples = 0;
    std::uint64_t m_lateSamples = 0;
    std::array<std::uint64_t, kRejectReasonCount> m_rejectedSamples {};
};

} // namespace pulse
