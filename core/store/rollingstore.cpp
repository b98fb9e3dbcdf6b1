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

} // namespace

struct RollingStore::SeriesState {
    explicit SeriesState(SeriesInfoPtr i)
        : info(std::move(i))
    { }
    ~SeriesState()
    {
        for (auto& ring : rings)
            delete ring.load(std::memory_order_relaxed);
    }
    SeriesState(const SeriesState&) = delete;
    SeriesState& operator=(const SeriesState&) = delete;

    const SeriesInfoPtr info;
    std::atomic<TimestampMs> lastUpdateMs { kNever };
    std::array<std::atomic<StoreRing*>, kMaxStoreResolutions> rings {};
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
    const TimestampMs nowMs = m_clock.nowMs();
    const auto maxFuture = static_cast<std::uint64_t>(m_config.maxFutureMs);
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
        if (r.type != type) {
            reject(StoreRejection::TypeMismatch);
            continue;
        }
        if (r.startMs < -kTimeLimitMs || r.startMs > kTimeLimitMs) {
            reject(StoreRejection::OutOfRange);
            continue;
        }
        if (m_config.maxFutureMs >= 0 && r.startMs > nowMs
            && static_cast<std::uint64_t>(r.startMs) - static_cast<std::uint64_t>(nowMs) > maxFuture) {
            reject(StoreRejection::FutureWindow);
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
        latestEndMs = std::max(latestEndMs, endMs);
        ++stored;
    }
    m_latestEndMs[resolutionIndex].store(latestEndMs, std::memory_order_relaxed);
    bump(m_pointsStored, stored);
    return stored;
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
    return result;
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
        entries.push_back(CatalogEntry { s.info, t == kNever ? std::nullopt : std::optional<TimestampMs>(t) });
    });
    return entries;
}

std::optional<CatalogEntry> RollingStore::entry(SeriesId series) const
{
    const SeriesState* s = stateOf(series);
    if (!s)
        return std::nullopt;
    const TimestampMs t = s->lastUpdateMs.load(std::memory_order_relaxed);
    return CatalogEntry { s->info, t == kNever ? std::nullopt : std::optional<TimestampMs>(t) };
}

StoreStats RollingStore::stats() const
{
    StoreStats s;
    s.pointsStored = m_pointsStored.load(std::memory_order_relaxed);
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
    std::size_t bytes = sizeof(SeriesState) + sizeof(std::atomic<SeriesState*>);
    const std::size_t n = std::min(config.resolutions.size(), kMaxStoreResolutions);
    for (std::size_t i = 0; i < n; ++i) {
        if (const std::uint32_t capacity = capacityOf(config.resolutions[i]))
            bytes += StoreRing::bytesFor(capacity, cellCount);
    }
    return bytes;
}

} // namespace pulse
