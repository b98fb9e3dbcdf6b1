#include "store/rollingstore.h"

#include "store/pointlayout.h"
#include "store/storering.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pulse {

namespace {

constexpr std::size_t kChunkBits = 10;
constexpr std::size_t kChunkSize = std::size_t(1) << kChunkBits;
// Times are kept within ±2^53 ms (±285,000 years) so index arithmetic can never overflow.
constexpr TimestampMs kTimeLimitMs = TimestampMs(1) << 53;
constexpr TimestampMs kNever = std::numeric_limits<TimestampMs>::min();
constexpr double kQuantileTolerance = 1e-9;

constexpr std::array<std::string_view, kStoreRejectionCount> kRejectionNames { "bad_resolution", "spec_mismatch",
    "unknown_series", "type_mismatch", "future_window", "out_of_range", "misaligned", "too_old", "duplicate",
    "bad_series" };

/** Ring capacity of a resolution, or 0 when its configuration is unusable. */
std::uint32_t capacityOf(const StoreResolution& r)
{
    if (r.stepMs <= 0 || r.spanMs < r.stepMs)
        return 0;
    const std::int64_t points = r.spanMs / r.stepMs;
    return points > kMaxRingPoints ? 0 : static_cast<std::uint32_t>(points);
}

std::size_t effectiveMaxSeries(std::size_t maxSeries)
{
    return std::clamp<std::size_t>(maxSeries, 1, kInvalidSeries);
}

std::size_t quantileCountOf(const StoreConfig& config)
{
    return std::min<std::size_t>(config.quantiles.size(), kMaxQuantiles);
}

void bump(std::atomic<std::uint64_t>& counter, std::uint64_t by)
{
    counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

TimestampMs floorToStep(TimestampMs t, std::int64_t step)
{
    const TimestampMs q = t / step;
    return ((t % step != 0 && t < 0) ? q - 1 : q) * step;
}

/** How an open coarse bucket's value follows exactly from its 1 s panes, if it does. */
enum class LiveFold : std::uint8_t { None, Newest, Min, Max };

LiveFold liveFoldFor(Field field, MetricType type)
{
    switch (type) {
    case MetricType::Gauge:
        if (field == Field::Value || field == Field::Last)
            return LiveFold::Newest;
        [[fallthrough]];
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution:
        if (field == Field::Min)
            return LiveFold::Min;
        if (field == Field::Max)
            return LiveFold::Max;
        return LiveFold::None;
    case MetricType::Counter:
    case MetricType::Set:
        return LiveFold::None;
    }
    return LiveFold::None;
}

// A reader gives up on a live edge after this many torn copies (the writer was mid-update each time); the next
// render tick reads it again.
constexpr int kLiveEdgeReadAttempts = 16;

} // namespace

/** A series' provisional points, replaced as a whole under a sequence lock (odd = being written). */
struct RollingStore::LiveEdge {
    std::atomic<std::uint64_t> sequence { 0 };
    std::atomic<std::uint32_t> count { 0 };
    std::array<std::atomic<TimestampMs>, kMaxProvisionalPoints> startMs {};
    std::array<std::atomic<float>, kMaxProvisionalPoints * kMaxPointCells> cells {}; // point-major
};

/** One provisional point with all its cells, as the writer merges them. */
struct RollingStore::LivePoint {
    TimestampMs startMs = 0;
    std::array<float, kMaxPointCells> cells {};
};

/** One field of a live edge, ascending, newer than the newest closed point. */
struct RollingStore::LivePoints {
    std::array<StorePoint, kMaxProvisionalPoints> points {};
    std::size_t count = 0;
    std::optional<TimestampMs> endMs; ///< end of the newest provisional pane, withheld or not
};

struct RollingStore::SeriesState {
    explicit SeriesState(SeriesInfoPtr i)
        : info(std::move(i))
    { }
    ~SeriesState()
    {
        for (auto& ring : rings)
            delete ring.load(std::memory_order_relaxed);
        delete liveEdge.load(std::memory_order_relaxed);
    }
    SeriesState(const SeriesState&) = delete;
    SeriesState& operator=(const SeriesState&) = delete;

    const SeriesInfoPtr info;
    std::atomic<TimestampMs> lastUpdateMs { kNever };
    std::atomic<std::uint64_t> sourceMask { 0 };
    std::array<std::atomic<StoreRing*>, kMaxStoreResolutions> rings {};
    std::atomic<LiveEdge*> liveEdge { nullptr }; // published once, on the first setProvisional()
    /** Bumped (release) after every change a reader could see: a point stored, the live edge, the source mask. */
    std::atomic<std::uint64_t> changes { 0 };

    void noteChange() { changes.store(changes.load(std::memory_order_relaxed) + 1, std::memory_order_release); }
};

struct RollingStore::Chunk {
    std::array<std::atomic<SeriesState*>, kChunkSize> slots {};
};

std::string_view storeRejectionName(StoreRejection reason)
{
    const auto i = static_cast<std::size_t>(reason);
    return i < kRejectionNames.size() ? kRejectionNames[i] : std::string_view("?");
}

std::uint64_t StoreStats::totalRejected() const
{
    std::uint64_t total = 0;
    for (std::uint64_t n : rejected)
        total += n;
    return total;
}

std::string StoreConfig::validate() const
{
    std::string problems;
    auto add = [&problems](const std::string& p) {
        if (!problems.empty())
            problems += '\n';
        problems += p;
    };
    if (resolutions.empty())
        add("no resolutions configured");
    if (resolutions.size() > kMaxStoreResolutions)
        add("at most " + std::to_string(kMaxStoreResolutions) + " resolutions; the rest are ignored");
    for (std::size_t i = 0; i < resolutions.size() && i < kMaxStoreResolutions; ++i) {
        const StoreResolution& r = resolutions[i];
        const std::string at = "resolution " + std::to_string(i) + ": ";
        if (r.stepMs <= 0)
            add(at + "stepMs must be positive");
        else if (r.spanMs < r.stepMs)
            add(at + "spanMs must be at least stepMs");
        else if (r.spanMs / r.stepMs > kMaxRingPoints)
            add(at + "spanMs / stepMs exceeds " + std::to_string(kMaxRingPoints) + " points");
    }
    if (quantiles.size() > kMaxQuantiles)
        add("at most " + std::to_string(kMaxQuantiles) + " quantiles; the rest are not stored");
    for (std::size_t i = 0; i < quantiles.size(); ++i) {
        if (!(quantiles[i] > 0.0 && quantiles[i] < 1.0))
            add("quantile " + std::to_string(i) + " must be in (0, 1)");
    }
    if (maxSeries == 0 || maxSeries > kInvalidSeries)
        add("maxSeries must be in [1, " + std::to_string(kInvalidSeries) + "]");
    return problems;
}

RollingStore::RollingStore(StoreConfig config, const Clock& clock)
    : m_config(std::move(config))
    , m_clock(clock)
{
    const std::size_t n = std::min(m_config.resolutions.size(), kMaxStoreResolutions);
    for (std::size_t i = 0; i < n; ++i) {
        const StoreResolution& r = m_config.resolutions[i];
        const std::uint32_t capacity = capacityOf(r);
        m_resolutions.push_back(Resolution { capacity ? r.stepMs : 0, capacity });
        if (capacity)
            m_fineToCoarse.push_back(i);
    }
    std::stable_sort(m_fineToCoarse.begin(), m_fineToCoarse.end(),
        [this](std::size_t a, std::size_t b) { return m_resolutions[a].stepMs < m_resolutions[b].stepMs; });
    for (auto& t : m_latestEndMs)
        t.store(kNever, std::memory_order_relaxed);
    m_chunkCount = (effectiveMaxSeries(m_config.maxSeries) + kChunkSize - 1) / kChunkSize;
    m_chunks = std::make_unique<std::atomic<Chunk*>[]>(m_chunkCount);
}

RollingStore::~RollingStore()
{
    for (std::size_t c = 0; c < m_chunkCount; ++c) {
        Chunk* chunk = m_chunks[c].load(std::memory_order_relaxed);
        if (!chunk)
            continue;
        for (auto& slot : chunk->slots)
            delete slot.load(std::memory_order_relaxed);
        delete chunk;
    }
}

void RollingStore::reject(StoreRejection reason, std::uint64_t count)
{
    bump(m_rejected[static_cast<std::size_t>(reason)], count);
}

std::optional<StoreRejection> RollingStore::checkResult(
    const WindowResult& result, MetricType seriesType, TimestampMs nowMs) const
{
    if (result.type != seriesType)
        return StoreRejection::TypeMismatch;
    if (result.startMs < -kTimeLimitMs || result.startMs > kTimeLimitMs)
        return StoreRejection::OutOfRange;
    if (m_config.maxFutureMs >= 0 && result.startMs > nowMs
        && static_cast<std::uint64_t>(result.startMs) - static_cast<std::uint64_t>(nowMs)
            > static_cast<std::uint64_t>(m_config.maxFutureMs))
        return StoreRejection::FutureWindow;
    return std::nullopt;
}

RollingStore::SeriesState* RollingStore::stateOf(SeriesId id) const
{
    if (id >= effectiveMaxSeries(m_config.maxSeries))
        return nullptr;
    const Chunk* chunk = m_chunks[id >> kChunkBits].load(std::memory_order_acquire);
    return chunk ? chunk->slots[id & (kChunkSize - 1)].load(std::memory_order_acquire) : nullptr;
}

bool RollingStore::addSeries(SeriesInfoPtr info)
{
    if (!info || info->id >= effectiveMaxSeries(m_config.maxSeries)) {
        reject(StoreRejection::BadSeries);
        return false;
    }
    const SeriesId id = info->id;
    std::atomic<Chunk*>& chunkSlot = m_chunks[id >> kChunkBits];
    Chunk* chunk = chunkSlot.load(std::memory_order_relaxed);
    if (!chunk) {
        chunk = new Chunk;
        chunkSlot.store(chunk, std::memory_order_release);
    }
    std::atomic<SeriesState*>& slot = chunk->slots[id & (kChunkSize - 1)];
    if (const SeriesState* existing = slot.load(std::memory_order_relaxed)) {
        const SeriesInfo& a = *existing->info;
        const bool isSame
            = existing->info == info || (a.type == info->type && a.name == info->name && a.tags == info->tags);
        if (!isSame)
            reject(StoreRejection::BadSeries);
        return isSame;
    }
    slot.store(new SeriesState(std::move(info)), std::memory_order_release);
    m_seriesCount.store(m_seriesCount.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (id + std::size_t(1) > m_idLimit.load(std::memory_order_relaxed))
        m_idLimit.store(id + std::size_t(1), std::memory_order_release);
    return true;
}

std::array<int, kMaxQuantiles> RollingStore::quantileSources(const WindowBatch& batch) const
{
    // Map the store's quantiles onto the batch's, which may differ in order or content.
    std::array<int, kMaxQuantiles> quantileSource {};
    const std::size_t quantileCount = quantileCountOf(m_config);
    for (std::size_t i = 0; i < quantileCount; ++i) {
        quantileSource[i] = -1;
        for (std::size_t j = 0; j < batch.quantiles.size() && j < kMaxQuantiles; ++j) {
            if (std::abs(batch.quantiles[j] - m_config.quantiles[i]) < kQuantileTolerance) {
                quantileSource[i] = static_cast<int>(j);
                break;
            }
        }
    }
    return quantileSource;
}

std::size_t RollingStore::append(std::size_t resolutionIndex, const WindowBatch& batch)
{
    if (resolutionIndex >= m_resolutions.size() || m_resolutions[resolutionIndex].capacity == 0) {
        reject(StoreRejection::BadResolution, batch.results.size());
        return 0;
    }
    const Resolution& res = m_resolutions[resolutionIndex];
    if (batch.spec.sizeMs != res.stepMs || !batch.spec.isTumbling()) {
        reject(StoreRejection::SpecMismatch, batch.results.size());
        return 0;
    }
    const std::array<int, kMaxQuantiles> quantileSource = quantileSources(batch);
    const std::size_t quantileCount = quantileCountOf(m_config);
    const TimestampMs nowMs = m_clock.nowMs();
    std::array<float, kMaxPointCells> cells {};
    std::size_t stored = 0;
    TimestampMs latestEndMs = m_latestEndMs[resolutionIndex].load(std::memory_order_relaxed);

    for (const WindowResult& r : batch.results) {
        SeriesState* state = stateOf(r.series);
        if (!state) {
            reject(StoreRejection::UnknownSeries);
            continue;
        }
        const MetricType type = state->info->type;
        if (const auto rejection = checkResult(r, type, nowMs)) {
            reject(*rejection);
            continue;
        }
        const int cellCount = PointLayout::cellCount(type, quantileCount);
        const std::span<float> pointCells(cells.data(), static_cast<std::size_t>(cellCount));
        PointLayout::fill(r, type, std::span<const int>(quantileSource.data(), quantileCount), pointCells);

        std::atomic<StoreRing*>& ringSlot = state->rings[resolutionIndex];
        StoreRing* ring = ringSlot.load(std::memory_order_relaxed);
        const bool isNewRing = ring == nullptr;
        if (isNewRing)
            ring = new StoreRing(res.stepMs, res.capacity, cellCount, r.startMs);
        const StoreRing::WriteStatus status = ring->write(r.startMs, pointCells);
        if (status != StoreRing::WriteStatus::Stored) {
            if (isNewRing)
                delete ring; // unreachable in practice: a new ring accepts its first window
            switch (status) {
            case StoreRing::WriteStatus::TooOld:
                reject(StoreRejection::TooOld);
                break;
            case StoreRing::WriteStatus::Duplicate:
                reject(StoreRejection::Duplicate);
                break;
            case StoreRing::WriteStatus::Misaligned:
                reject(StoreRejection::Misaligned);
                break;
            default:
                reject(StoreRejection::OutOfRange);
                break;
            }
            continue;
        }
        if (isNewRing) {
            // Published only once it holds a point, so readers never see an empty ring.
            ringSlot.store(ring, std::memory_order_release);
            m_ringCount.store(m_ringCount.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
            m_ringBytes.store(
                m_ringBytes.load(std::memory_order_relaxed) + StoreRing::bytesFor(res.capacity, cellCount),
                std::memory_order_relaxed);
        }
        const TimestampMs endMs = r.startMs + res.stepMs;
        if (endMs > state->lastUpdateMs.load(std::memory_order_relaxed))
            state->lastUpdateMs.store(endMs, std::memory_order_relaxed);
        state->noteChange();
        latestEndMs = std::max(latestEndMs, endMs);
        ++stored;
    }
    m_latestEndMs[resolutionIndex].store(latestEndMs, std::memory_order_relaxed);
    bump(m_pointsStored, stored);
    return stored;
}

std::size_t RollingStore::setProvisional(std::size_t resolutionIndex, const WindowBatch& batch)
{
    // The live edge lives at the finest resolution only: that is where the engine's 1 s panes land.
    if (m_fineToCoarse.empty() || resolutionIndex != m_fineToCoarse.front()) {
        reject(StoreRejection::BadResolution, batch.results.size());
        return 0;
    }
    const Resolution& res = m_resolutions[resolutionIndex];
    if (batch.spec.sizeMs != res.stepMs || !batch.spec.isTumbling()) {
        reject(StoreRejection::SpecMismatch, batch.results.size());
        return 0;
    }
    const std::array<int, kMaxQuantiles> quantileSource = quantileSources(batch);
    const std::size_t quantileCount = quantileCountOf(m_config);
    const TimestampMs nowMs = m_clock.nowMs();
    const std::vector<WindowResult>& results = batch.results;
    std::size_t updated = 0;
    for (std::size_t i = 0; i < results.size();) {
        const SeriesId id = results[i].series;
        std::size_t end = i;
        while (end < results.size() && results[end].series == id)
            ++end;
        SeriesState* state = stateOf(id);
        if (!state) {
            reject(StoreRejection::UnknownSeries, end - i);
            i = end;
            continue;
        }
        const MetricType type = state->info->type;
        const int cellCount = PointLayout::cellCount(type, quantileCount);
        const StoreRing* ring = state->rings[resolutionIndex].load(std::memory_order_relaxed);
        const TimestampMs closedStartMs = ring ? ring->startOf(ring->newestIndex()) : kNever;
        // The series' current points that are still open, then the batch's, a new pane replacing the same start.
        std::array<LivePoint, 2 * kMaxProvisionalPoints> merged {};
        std::size_t n = 0;
        LiveEdge* edge = state->liveEdge.load(std::memory_order_relaxed);
        if (edge) {
            const std::size_t count = edge->count.load(std::memory_order_relaxed); // this thread wrote it
            for (std::size_t p = 0; p < count; ++p) {
                LivePoint& point = merged[n];
                point.startMs = edge->startMs[p].load(std::memory_order_relaxed);
                if (point.startMs <= closedStartMs)
                    continue; // closed meanwhile
                for (int c = 0; c < cellCount; ++c)
                    point.cells[std::size_t(c)]
                        = edge->cells[p * kMaxPointCells + std::size_t(c)].load(std::memory_order_relaxed);
                ++n;
            }
        }
        bool hasNew = false;
        for (; i < end; ++i) {
            const WindowResult& r = results[i];
            if (const auto rejection = checkResult(r, type, nowMs)) {
                reject(*rejection);
                continue;
            }
            const bool isAligned = ring ? ring->startOf(ring->indexAtOrBefore(r.startMs)) == r.startMs
                                        : floorToStep(r.startMs, res.stepMs) == r.startMs;
            if (!isAligned) {
                reject(StoreRejection::Misaligned);
                continue;
            }
            if (r.startMs <= closedStartMs) {
                reject(StoreRejection::TooOld); // its closed window is already stored
                continue;
            }
            auto* const begin = merged.data();
            LivePoint* point
                = std::find_if(begin, begin + n, [&](const LivePoint& p) { return p.startMs == r.startMs; });
            if (point == begin + n) {
                if (n == merged.size()) {
                    // Full: drop the oldest, the newest are what the live edge is for.
                    std::min_element(
                        begin, begin + n, [](const LivePoint& a, const LivePoint& b) { return a.startMs < b.startMs; })
                        ->startMs
                        = r.startMs;
                    point = std::find_if(begin, begin + n, [&](const LivePoint& p) { return p.startMs == r.startMs; });
                } else {
                    ++n;
                }
            }
            point->startMs = r.startMs;
            PointLayout::fill(r, type, std::span<const int>(quantileSource.data(), quantileCount),
                std::span<float>(point->cells.data(), static_cast<std::size_t>(cellCount)));
            hasNew = true;
        }
        if (!hasNew)
            continue;
        std::sort(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(n),
            [](const LivePoint& a, const LivePoint& b) { return a.startMs < b.startMs; });
        const std::size_t keep = std::min(n, kMaxProvisionalPoints);
        writeLiveEdge(*state, std::span<const LivePoint>(merged.data() + (n - keep), keep), cellCount);
        ++updated;
    }
    bump(m_provisionalUpdates, updated);
    return updated;
}

void RollingStore::writeLiveEdge(SeriesState& state, std::span<const LivePoint> points, int cellCount)
{
    LiveEdge* edge = state.liveEdge.load(std::memory_order_relaxed);
    if (!edge) {
        edge = new LiveEdge;
        state.liveEdge.store(edge, std::memory_order_release);
        m_provisionalBytes.store(
            m_provisionalBytes.load(std::memory_order_relaxed) + sizeof(LiveEdge), std::memory_order_relaxed);
    }
    // Sequence lock, like StoreRing's slots: a reader that sees any new value also sees the odd sequence afterwards.
    const std::uint64_t sequence = edge->sequence.load(std::memory_order_relaxed);
    edge->sequence.store(sequence + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    for (std::size_t p = 0; p < points.size(); ++p) {
        edge->startMs[p].store(points[p].startMs, std::memory_order_relaxed);
        for (int c = 0; c < cellCount; ++c)
            edge->cells[p * kMaxPointCells + std::size_t(c)].store(
                points[p].cells[std::size_t(c)], std::memory_order_relaxed);
    }
    edge->count.store(static_cast<std::uint32_t>(points.size()), std::memory_order_relaxed);
    edge->sequence.store(sequence + 2, std::memory_order_release);
    state.noteChange();
}

RollingStore::LivePoints RollingStore::livePoints(
    const SeriesState& state, Field field, TimestampMs closedStartMs, TimestampMs nowMs) const
{
    LivePoints out;
    const LiveEdge* edge = state.liveEdge.load(std::memory_order_acquire);
    if (!edge || m_fineToCoarse.empty())
        return out;
    const MetricType type = state.info->type;
    const FieldResolution resolved = PointLayout::resolve(
        field, type, std::span<const double>(m_config.quantiles.data(), quantileCountOf(m_config)));
    if (!resolved.access)
        return out;
    const FieldAccess access = *resolved.access;
    const std::size_t otherCell = access.kind == FieldAccess::Kind::Product ? access.otherCell : access.cell;
    const std::int64_t stepMs = m_resolutions[m_fineToCoarse.front()].stepMs;

    std::size_t count = 0;
    std::array<TimestampMs, kMaxProvisionalPoints> starts {};
    std::array<float, kMaxProvisionalPoints> values {};
    std::array<float, kMaxProvisionalPoints> others {};
    bool isCopied = false;
    for (int attempt = 0; attempt < kLiveEdgeReadAttempts && !isCopied; ++attempt) {
        const std::uint64_t before = edge->sequence.load(std::memory_order_acquire);
        if (before & 1u)
            continue;
        count = std::min<std::size_t>(edge->count.load(std::memory_order_relaxed), kMaxProvisionalPoints);
        for (std::size_t p = 0; p < count; ++p) {
            starts[p] = edge->startMs[p].load(std::memory_order_relaxed);
            values[p] = edge->cells[p * kMaxPointCells + access.cell].load(std::memory_order_relaxed);
            others[p] = edge->cells[p * kMaxPointCells + otherCell].load(std::memory_order_relaxed);
        }
        std::atomic_thread_fence(std::memory_order_acquire);
        isCopied = edge->sequence.load(std::memory_order_relaxed) == before;
    }
    if (!isCopied)
        return out;
    const bool isCumulative = isCumulativeField(field, type);
    for (std::size_t p = 0; p < count; ++p) {
        if (starts[p] <= closedStartMs)
            continue; // the closed window is stored: it wins
        const TimestampMs endMs = starts[p] + stepMs;
        out.endMs = std::max(out.endMs.value_or(endMs), endMs);
        if (isCumulative && endMs > nowMs)
            continue; // a pane in progress would understate a sum, a count or a rate
        const double v = access.compute(values[p], others[p], stepMs);
        if (std::isnan(v))
            continue;
        out.points[out.count++] = StorePoint { starts[p], v };
    }
    return out;
}

void RollingStore::appendLiveEdge(const SeriesState& state, Field field, std::size_t res, const StoreRing* ring,
    TimestampMs closedStartMs, TimestampMs fromMs, TimestampMs toMs, TimestampMs nowMs, std::size_t maxPoints,
    RangeResult& result) const
{
    const std::size_t fine = m_fineToCoarse.front();
    const std::int64_t fineStepMs = m_resolutions[fine].stepMs;
    std::vector<StorePoint>& points = result.points;
    const std::size_t closedCount = points.size();
    const auto push = [&](StorePoint p) {
        if (p.timeMs < fromMs || p.timeMs > toMs || (!points.empty() && p.timeMs <= points.back().timeMs))
            return;
        points.push_back(p);
    };

    if (res == fine) {
        const LivePoints live = livePoints(state, field, closedStartMs, nowMs);
        result.liveEdgeEndMs = live.endMs;
        for (std::size_t p = 0; p < live.count; ++p)
            push(live.points[p]);
    } else {
        const StoreRing* fineRing = state.rings[fine].load(std::memory_order_acquire);
        const std::int64_t fineNewest = fineRing ? fineRing->newestIndex() : 0;
        const TimestampMs fineClosedMs = fineRing ? fineRing->startOf(fineNewest) : kNever;
        const LivePoints live = livePoints(state, field, fineClosedMs, nowMs);
        result.liveEdgeEndMs = live.endMs;
        const MetricType type = state.info->type;
        const LiveFold fold = liveFoldFor(field, type);
        const std::int64_t stepMs = m_resolutions[res].stepMs;
        TimestampMs newestMs = live.count > 0 ? live.points[live.count - 1].timeMs : fineClosedMs;
        if (fold == LiveFold::None || stepMs % fineStepMs != 0 || newestMs == kNever)
            return;
        const auto bucketOf
            = [&](TimestampMs t) { return ring ? ring->startOf(ring->indexAtOrBefore(t)) : floorToStep(t, stepMs); };
        // The open buckets: after the newest closed one, at most the two newest (lateness is shorter than a step).
        const TimestampMs lastBucket = bucketOf(newestMs);
        TimestampMs firstBucket = lastBucket - stepMs;
        if (closedStartMs != kNever)
            firstBucket = std::max(firstBucket, closedStartMs + stepMs);
        if (firstBucket > lastBucket)
            return;
        struct Bucket {
            double value = 0;
            bool hasValue = false;
            bool isExact = true;
        };
        std::array<Bucket, 2> buckets {};
        const auto foldIn = [&](TimestampMs t, double v) {
            if (t < firstBucket || std::isnan(v))
                return;
            const auto b = static_cast<std::size_t>((bucketOf(t) - firstBucket) / stepMs);
            if (b >= buckets.size())
                return;
            Bucket& bucket = buckets[b];
            if (!bucket.hasValue || fold == LiveFold::Newest)
                bucket.value = v;
            else if (fold == LiveFold::Min)
                bucket.value = std::min(bucket.value, v);
            else
                bucket.value = std::max(bucket.value, v);
            bucket.hasValue = true;
        };
        if (fineRing) {
            const FieldResolution resolved = PointLayout::resolve(
                field, type, std::span<const double>(m_config.quantiles.data(), quantileCountOf(m_config)));
            const FieldAccess access = *resolved.access; // livePoints or liveFoldFor would have refused the field
            const std::int64_t horizon = fineNewest - static_cast<std::int64_t>(fineRing->capacity()) + 1;
            for (std::size_t b = 0; b < buckets.size(); ++b) {
                if (firstBucket + static_cast<TimestampMs>(b) * stepMs < fineRing->startOf(horizon))
                    buckets[b].isExact = false; // some of its panes are already gone from the finest ring
            }
            for (std::int64_t i = std::max(fineRing->indexAtOrAfter(firstBucket), horizon); i <= fineNewest; ++i) {
                float value = 0;
                float other = 0;
                if (fineRing->read(i, access.cell, access.cell, value, other))
                    foldIn(fineRing->startOf(i), access.compute(value, other, fineStepMs));
            }
        }
        for (std::size_t p = 0; p < live.count; ++p)
            foldIn(live.points[p].timeMs, live.points[p].value);
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            const TimestampMs start = firstBucket + static_cast<TimestampMs>(b) * stepMs;
            if (buckets[b].hasValue && (buckets[b].isExact || fold == LiveFold::Newest) && start > closedStartMs)
                push(StorePoint { start, buckets[b].value });
        }
    }
    result.provisionalCount = points.size() - closedCount;
    if (points.size() > maxPoints) {
        const std::size_t drop = points.size() - maxPoints;
        points.erase(points.begin(), points.begin() + static_cast<std::ptrdiff_t>(drop));
        result.provisionalCount = std::min(result.provisionalCount, points.size());
        result.isTruncated = true;
    }
}

RangeResult RollingStore::read(const RangeQuery& query) const
{
    RangeResult result;
    if (query.maxPoints == 0) {
        result.error = "maxPoints must be at least 1";
        return result;
    }
    if (query.fromMs > query.toMs) {
        result.error = "fromMs is after toMs";
        return result;
    }
    const SeriesState* state = stateOf(query.series);
    if (!state) {
        result.error = "unknown series " + std::to_string(query.series);
        return result;
    }
    const MetricType type = state->info->type;
    const FieldResolution field = PointLayout::resolve(
        query.field, type, std::span<const double>(m_config.quantiles.data(), quantileCountOf(m_config)));
    if (!field.access) {
        result.error = field.error;
        return result;
    }
    if (m_fineToCoarse.empty()) {
        result.error = "the store has no usable resolution";
        return result;
    }
    const TimestampMs fromMs = std::clamp(query.fromMs, -kTimeLimitMs, kTimeLimitMs);
    const TimestampMs toMs = std::clamp(query.toMs, -kTimeLimitMs, kTimeLimitMs);
    const auto maxPoints = static_cast<std::int64_t>(std::min<std::size_t>(query.maxPoints, kTimeLimitMs));

    struct Choice {
        std::size_t res = 0;
        const StoreRing* ring = nullptr;
        std::int64_t fromIndex = 0;
        std::int64_t toIndex = 0;
        std::int64_t newest = 0;
        std::int64_t horizon = 0;
    };
    std::optional<Choice> chosen; // finest that fits and reaches back to fromMs
    std::optional<Choice> reachiest; // fits, reaches furthest back
    std::optional<Choice> coarsest; // any ring, coarsest step
    for (std::size_t res : m_fineToCoarse) {
        const StoreRing* ring = state->rings[res].load(std::memory_order_acquire);
        if (!ring)
            continue;
        Choice c { res, ring, ring->indexAtOrAfter(fromMs), ring->indexAtOrBefore(toMs), ring->newestIndex(), 0 };
        c.horizon = c.newest - static_cast<std::int64_t>(ring->capacity()) + 1;
        const bool fits = c.toIndex - c.fromIndex + 1 <= maxPoints;
        coarsest = c;
        if (!fits)
            continue;
        if (c.fromIndex >= c.horizon) {
            chosen = c;
            break;
        }
        if (!reachiest || ring->startOf(c.horizon) < reachiest->ring->startOf(reachiest->horizon))
            reachiest = c;
    }
    if (!chosen)
        chosen = reachiest ? reachiest : coarsest;

    if (!chosen) {
        // No data at any resolution yet: report the step a reader would get and that the range is empty.
        std::size_t res = m_fineToCoarse.back();
        for (std::size_t r : m_fineToCoarse) {
            if ((toMs - fromMs) / m_resolutions[r].stepMs + 1 <= maxPoints) {
                res = r;
                break;
            }
        }
        result.stepMs = m_resolutions[res].stepMs;
        result.resolutionIndex = res;
        result.hasMissing = m_latestEndMs[res].load(std::memory_order_relaxed) > fromMs;
        if (query.hasLiveEdge)
            appendLiveEdge(*state, query.field, res, nullptr, kNever, fromMs, toMs, query.nowMs,
                static_cast<std::size_t>(maxPoints), result);
        return result;
    }

    const Choice& c = *chosen;
    const StoreRing& ring = *c.ring;
    result.stepMs = ring.stepMs();
    result.resolutionIndex = c.res;
    std::int64_t first = c.fromIndex;
    const std::int64_t last = std::min(c.toIndex, c.newest);
    if (last - first + 1 > maxPoints) {
        first = last - maxPoints + 1;
        result.isTruncated = true;
    }
    // Windows up to the newest closed at this resolution (by any series) are expected to have data.
    const TimestampMs closedEndMs = m_latestEndMs[c.res].load(std::memory_order_relaxed);
    const std::int64_t expectedLast
        = closedEndMs == kNever ? first - 1 : std::min(c.toIndex, ring.indexAtOrBefore(closedEndMs - ring.stepMs()));
    const FieldAccess access = *field.access;
    const int otherCell = access.kind == FieldAccess::Kind::Product ? access.otherCell : access.cell;
    std::int64_t expectedPresent = 0;
    if (last >= first)
        result.points.reserve(static_cast<std::size_t>(last - std::max(first, c.horizon) + 1));
    for (std::int64_t i = std::max(first, c.horizon); i <= last; ++i) {
        float value = 0;
        float other = 0;
        if (!ring.read(i, access.cell, otherCell, value, other))
            continue;
        const double v = access.compute(value, other, ring.stepMs());
        if (std::isnan(v))
            continue;
        result.points.push_back(StorePoint { ring.startOf(i), v });
        if (i <= expectedLast)
            ++expectedPresent;
    }
    result.hasMissing = expectedLast >= first && expectedPresent < expectedLast - first + 1;
    if (query.hasLiveEdge)
        appendLiveEdge(*state, query.field, c.res, &ring, ring.startOf(c.newest), fromMs, toMs, query.nowMs,
            static_cast<std::size_t>(maxPoints), result);
    return result;
}

std::optional<StorePoint> RollingStore::provisional(SeriesId series, Field field, TimestampMs nowMs) const
{
    const SeriesState* state = stateOf(series);
    if (!state || m_fineToCoarse.empty())
        return std::nullopt;
    const StoreRing* ring = state->rings[m_fineToCoarse.front()].load(std::memory_order_acquire);
    const LivePoints live = livePoints(*state, field, ring ? ring->startOf(ring->newestIndex()) : kNever, nowMs);
    if (live.count == 0)
        return std::nullopt;
    return live.points[live.count - 1];
}

std::optional<StorePoint> RollingStore::latest(SeriesId series, Field field) const
{
    const SeriesState* state = stateOf(series);
    if (!state)
        return std::nullopt;
    const FieldResolution resolved = PointLayout::resolve(
        field, state->info->type, std::span<const double>(m_config.quantiles.data(), quantileCountOf(m_config)));
    if (!resolved.access)
        return std::nullopt;
    const FieldAccess access = *resolved.access;
    const int otherCell = access.kind == FieldAccess::Kind::Product ? access.otherCell : access.cell;
    for (std::size_t res : m_fineToCoarse) {
        const StoreRing* ring = state->rings[res].load(std::memory_order_acquire);
        if (!ring)
            continue;
        // The newest slot can only fail to read if the writer lapped the whole ring meanwhile; retry then.
        for (int attempt = 0; attempt < 4; ++attempt) {
            const std::int64_t newest = ring->newestIndex();
            float value = 0;
            float other = 0;
            if (!ring->read(newest, access.cell, otherCell, value, other))
                continue;
            const double v = access.compute(value, other, ring->stepMs());
            if (std::isnan(v))
                return std::nullopt;
            return StorePoint { ring->startOf(newest), v };
        }
        return std::nullopt;
    }
    return std::nullopt;
}

template <typename F> void RollingStore::forEachSeries(F&& f) const
{
    const std::size_t limit = m_idLimit.load(std::memory_order_acquire);
    for (std::size_t c = 0; c * kChunkSize < limit; ++c) {
        const Chunk* chunk = m_chunks[c].load(std::memory_order_acquire);
        if (!chunk)
            continue;
        const std::size_t end = std::min(kChunkSize, limit - c * kChunkSize);
        for (std::size_t i = 0; i < end; ++i) {
            if (const SeriesState* s = chunk->slots[i].load(std::memory_order_acquire))
                f(*s);
        }
    }
}

std::vector<SeriesInfoPtr> RollingStore::findSeries(const SeriesSelector& selector) const
{
    std::vector<SeriesInfoPtr> found;
    forEachSeries([&](const SeriesState& s) {
        if (selector.matches(*s.info))
            found.push_back(s.info);
    });
    return found;
}

std::vector<CatalogEntry> RollingStore::catalog() const
{
    std::vector<CatalogEntry> entries;
    entries.reserve(seriesCount());
    forEachSeries([&](const SeriesState& s) {
        const TimestampMs t = s.lastUpdateMs.load(std::memory_order_relaxed);
        entries.push_back(CatalogEntry { s.info, t == kNever ? std::nullopt : std::optional<TimestampMs>(t),
            s.sourceMask.load(std::memory_order_relaxed) });
    });
    return entries;
}

std::optional<CatalogEntry> RollingStore::entry(SeriesId series) const
{
    const SeriesState* s = stateOf(series);
    if (!s)
        return std::nullopt;
    const TimestampMs t = s->lastUpdateMs.load(std::memory_order_relaxed);
    return CatalogEntry { s->info, t == kNever ? std::nullopt : std::optional<TimestampMs>(t),
        s->sourceMask.load(std::memory_order_relaxed) };
}

bool RollingStore::setSourceMask(SeriesId series, std::uint64_t sourceMask)
{
    SeriesState* s = stateOf(series);
    if (!s) {
        reject(StoreRejection::UnknownSeries);
        return false;
    }
    if (s->sourceMask.load(std::memory_order_relaxed) != sourceMask) {
        s->sourceMask.store(sourceMask, std::memory_order_relaxed);
        s->noteChange();
    }
    return true;
}

std::uint64_t RollingStore::seriesChangeCount(SeriesId series) const
{
    const SeriesState* s = stateOf(series);
    return s ? s->changes.load(std::memory_order_acquire) : 0;
}

std::uint64_t RollingStore::sourceMask(SeriesId series) const
{
    const SeriesState* s = stateOf(series);
    return s ? s->sourceMask.load(std::memory_order_relaxed) : 0;
}

StoreStats RollingStore::stats() const
{
    StoreStats s;
    s.pointsStored = m_pointsStored.load(std::memory_order_relaxed);
    s.provisionalUpdates = m_provisionalUpdates.load(std::memory_order_relaxed);
    s.provisionalBytes = m_provisionalBytes.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < m_rejected.size(); ++i)
        s.rejected[i] = m_rejected[i].load(std::memory_order_relaxed);
    s.seriesCount = seriesCount();
    s.ringCount = m_ringCount.load(std::memory_order_relaxed);
    s.ringBytes = m_ringBytes.load(std::memory_order_relaxed);
    return s;
}

std::size_t RollingStore::bytesPerSeries(const StoreConfig& config, MetricType type)
{
    const int cellCount = PointLayout::cellCount(type, quantileCountOf(config));
    // A live edge is fixed-size; every series that receives data while the pipeline runs gets one.
    std::size_t bytes = sizeof(SeriesState) + sizeof(std::atomic<SeriesState*>) + sizeof(LiveEdge);
    const std::size_t n = std::min(config.resolutions.size(), kMaxStoreResolutions);
    for (std::size_t i = 0; i < n; ++i) {
        if (const std::uint32_t capacity = capacityOf(config.resolutions[i]))
            bytes += StoreRing::bytesFor(capacity, cellCount);
    }
    return bytes;
}

} // namespace pulse
