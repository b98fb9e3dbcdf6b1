#include "window/windowengine.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

namespace pulse {

namespace {

constexpr std::int64_t kEmptyKey = std::numeric_limits<std::int64_t>::min();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Division and remainder rounding towards -infinity, so times before the epoch align like the others (b > 0).
constexpr std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

constexpr std::int64_t floorMod(std::int64_t a, std::int64_t b)
{
    const std::int64_t r = a % b;
    return r < 0 ? r + b : r;
}

std::uint32_t nextPow2(std::uint64_t n)
{
    std::uint32_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

// Templates so the private nested Cell type is deduced rather than named.
template <typename C> void resetCell(C& c, std::int64_t key, std::uint32_t noSketch)
{
    c.key = key;
    c.count = 0.0;
    c.sum = 0.0;
    c.min = kInf;
    c.max = -kInf;
    c.last = kNaN;
    c.sketch = noSketch;
    c.isChanged = false;
}

// `src` covers later time than everything already in `dst`, so its last value wins.
template <typename C> void mergeStats(C& dst, const C& src)
{
    dst.count += src.count;
    dst.sum += src.sum;
    dst.min = std::min(dst.min, src.min);
    dst.max = std::max(dst.max, src.max);
    dst.last = src.last;
}

std::string specLabel(std::size_t i)
{
    return "spec " + std::to_string(i) + ": ";
}

} // namespace

std::string_view rejectReasonName(RejectReason reason)
{
    switch (reason) {
    case RejectReason::InvalidSeries:
        return "invalid_series";
    case RejectReason::TypeMismatch:
        return "type_mismatch";
    case RejectReason::NonFiniteValue:
        return "non_finite_value";
    case RejectReason::BadSampleRate:
        return "bad_sample_rate";
    case RejectReason::TimeOutOfRange:
        return "time_out_of_range";
    }
    return "unknown";
}

std::optional<std::string> WindowEngine::validate(const EngineConfig& config)
{
    if (config.specs.empty())
        return std::string("no window specs: at least one is needed");
    if (config.specs.size() > kMaxSpecs)
        return "too many window specs: " + std::to_string(config.specs.size()) + " (at most "
            + std::to_string(kMaxSpecs) + ")";
    for (std::size_t i = 0; i < config.specs.size(); ++i) {
        const WindowSpec& spec = config.specs[i];
        if (spec.sizeMs <= 0 || spec.slideMs <= 0)
            return specLabel(i) + "size and slide must be positive";
        if (spec.sizeMs % kPaneMs != 0 || spec.slideMs % kPaneMs != 0)
            return specLabel(i) + "size and slide must be multiples of 1000 ms";
        if (spec.sizeMs % spec.slideMs != 0)
            return specLabel(i) + "slide (" + std::to_string(spec.slideMs) + " ms) must divide size ("
                + std::to_string(spec.sizeMs) + " ms)";
        if (spec.sizeMs > kMaxWindowSizeMs)
            return specLabel(i) + "size must be at most " + std::to_string(kMaxWindowSizeMs) + " ms";
        if (spec.sizeMs / spec.slideMs > kMaxBlocksPerWindow)
            return specLabel(i) + "size / slide must be at most " + std::to_string(kMaxBlocksPerWindow);
        for (std::size_t j = 0; j < i; ++j) {
            if (config.specs[j] == spec)
                return specLabel(i) + "duplicates spec " + std::to_string(j);
        }
    }
    if (config.quantiles.size() > static_cast<std::size_t>(kMaxQuantiles))
        return "too many quantiles: " + std::to_string(config.quantiles.size()) + " (at most "
            + std::to_string(kMaxQuantiles) + ")";
    for (std::size_t i = 0; i < config.quantiles.size(); ++i) {
        const double q = config.quantiles[i];
        if (!(q >= 0.0 && q <= 1.0))
            return "quantile " + std::to_string(i) + " must be in [0, 1]";
    }
    if (config.allowedLatenessMs < 0 || config.allowedLatenessMs > kMaxLatenessMs)
        return "allowed lateness must be in [0, " + std::to_string(kMaxLatenessMs) + "] ms";
    if (!(config.compression >= 10.0 && config.compression <= 10'000.0))
        return std::string("compression must be in [10, 10000]");
    if (config.maxSeries == 0 || config.maxSeries > std::size_t { kInvalidSeries })
        return std::string("maxSeries must be in [1, 2^32 - 1)");
    return std::nullopt;
}

WindowEngine::WindowEngine(EngineConfig config)
    : m_configError(validate(config))
    , m_config(m_configError ? EngineConfig { .specs = { WindowSpec {} } } : std::move(config))
    , m_nowMs(kBeforeAllMs)
    , m_maxEventMs(kBeforeAllMs)
    , m_nextTrimMs(kBeforeAllMs)
    , m_digests(TDigest(m_config.compression))
    , m_sets(HyperLogLog {})
{
    m_latenessMs = m_config.allowedLatenessMs;
    m_watermarkMs = kBeforeAllMs - m_latenessMs;
    // Every pane not yet closed by the watermark lies within ceil(lateness) + 1 seconds, so they never collide.
    m_ringSize = nextPow2(static_cast<std::uint64_t>((m_latenessMs + kPaneMs - 1) / kPaneMs + 1));
    m_ringMask = m_ringSize - 1;

    for (std::size_t i = 0; i < m_config.specs.size(); ++i) {
        const WindowSpec& spec = m_config.specs[i];
        auto it
            = std::find_if(m_groups.begin(), m_groups.end(), [&](const Group& g) { return g.slideMs == spec.slideMs; });
        if (it == m_groups.end()) {
            m_groups.push_back(Group {});
            it = std::prev(m_groups.end());
            it->slideMs = spec.slideMs;
        }
        it->maxSizeMs = std::max(it->maxSizeMs, spec.sizeMs);
        it->specs.push_back(static_cast<std::uint16_t>(i));
    }
    std::sort(m_groups.begin(), m_groups.end(), [](const Group& a, const Group& b) { return a.slideMs < b.slideMs; });
    for (std::size_t i = 0; i < m_groups.size(); ++i) {
        Group& g = m_groups[i];
        g.blockCount = static_cast<std::uint32_t>(g.maxSizeMs / g.slideMs);
        // A tumbling group's block is complete once its window is emitted, so it can feed a coarser group whose
        // blocks it tiles; take the coarsest such source.
        for (std::size_t j = i; j-- > 0;) {
            if (m_groups[j].blockCount == 1 && g.slideMs % m_groups[j].slideMs == 0) {
                g.isFedByPanes = false;
                m_groups[j].dependents.push_back(static_cast<std::uint16_t>(i));
                break;
            }
        }
        if (g.isFedByPanes)
            m_paneGroups.push_back(static_cast<std::uint16_t>(i));
    }
    m_pending.resize(m_config.specs.size());
    for (std::size_t i = 0; i < m_config.specs.size(); ++i) {
        if (m_config.specs[i].sizeMs == kPaneMs && m_config.specs[i].isTumbling()) {
            m_paneSpec = static_cast<std::uint16_t>(i);
            break;
        }
    }
}

WindowEngine::~WindowEngine() = default;

std::uint64_t WindowEngine::rejectedSamples() const
{
    std::uint64_t total = 0;
    for (const std::uint64_t n : m_rejectedSamples)
        total += n;
    return total;
}

bool WindowEngine::admitSeries(SeriesId id)
{
    if (id == kInvalidSeries || id >= m_config.maxSeries) {
        rejectSample(RejectReason::InvalidSeries);
        return false;
    }
    // Ids are dense from 0: grow geometrically, never past maxSeries.
    const std::size_t capacity
        = std::min(m_config.maxSeries, std::max({ std::size_t { id } + 1, m_series.size() * 2, std::size_t { 64 } }));
    Cell empty {};
    resetCell(empty, kEmptyKey, kNoSketch);
    m_series.resize(capacity);
    m_panes.resize(capacity * m_ringSize, empty);
    for (Group& g : m_groups) {
        g.blocks.resize(capacity * g.blockCount, empty);
        g.series.resize(capacity);
    }
    return true;
}

WindowEngine::AddOutcome WindowEngine::add(const Sample& s)
{
    if (s.series >= m_series.size()) [[unlikely]] {
        if (!admitSeries(s.series))
            return AddOutcome::Rejected;
    }
    SeriesState& st = m_series[s.series];
    if (st.type != s.type && st.hasType) [[unlikely]] {
        rejectSample(RejectReason::TypeMismatch);
        return AddOutcome::Rejected;
    }
    if (s.type != MetricType::Set && !std::isfinite(s.value)) [[unlikely]] {
        rejectSample(RejectReason::NonFiniteValue);
        return AddOutcome::Rejected;
    }
    if (!(s.sampleRate > 0.0 && s.sampleRate <= 1.0)) [[unlikely]] {
        rejectSample(RejectReason::BadSampleRate);
        return AddOutcome::Rejected;
    }
    const std::int64_t t = s.eventTimeMs;
    if (t > kMaxAbsTimeMs || t < -kMaxAbsTimeMs) [[unlikely]] {
        rejectSample(RejectReason::TimeOutOfRange);
        return AddOutcome::Rejected;
    }
    const std::int64_t second = floorDiv(t, kPaneMs);
    if ((second + 1) * kPaneMs <= m_watermarkMs) {
        ++m_lateSamples;
        return AddOutcome::Late;
    }
    if (!st.hasType) [[unlikely]] {
        st.hasType = true;
        st.type = s.type;
        m_knownSeries = std::max(m_knownSeries, std::size_t { s.series } + 1);
    }
    if (t > m_maxEventMs) {
        m_maxEventMs = t;
        m_watermarkMs = std::max(m_watermarkMs, std::max(t, m_nowMs) - m_latenessMs);
    }

    Cell& pane = m_panes[std::size_t { s.series } * m_ringSize + (static_cast<std::uint64_t>(second) & m_ringMask)];
    if (pane.key != second) [[unlikely]] {
        // The slot holds a pane the watermark already closed but no advance() swept yet: sweep this series now.
        if (pane.key != kEmptyKey)
            closeSeries(s.series, m_watermarkMs);
        openPane(s.series, st, pane, second);
    }
    ++m_acceptedSamples;
    pane.isChanged = true;
    if (!st.isDirty && m_paneSpec) {
        st.isDirty = true;
        m_dirty.push_back(s.series);
    }

    const double weight = s.sampleRate == 1.0 ? 1.0 : 1.0 / s.sampleRate;
    switch (s.type) {
    case MetricType::Counter:
        pane.count += weight;
        pane.sum += s.value * weight;
        break;
    case MetricType::Gauge: {
        const double value = s.isDelta ? st.gaugeValue + s.value : s.value;
        st.gaugeValue = value;
        pane.count += 1.0;
        pane.sum += value;
        pane.min = std::min(pane.min, value);
        pane.max = std::max(pane.max, value);
        pane.last = value;
        break;
    }
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution:
        pane.count += weight;
        pane.sum += s.value * weight;
        pane.min = std::min(pane.min, s.value);
        pane.max = std::max(pane.max, s.value);
        if (pane.sketch == kNoSketch)
            pane.sketch = m_digests.acquire();
        m_digests[pane.sketch].add(s.value, weight);
        break;
    case MetricType::Set:
        pane.count += 1.0;
        if (pane.sketch == kNoSketch)
            pane.sketch = m_sets.acquire();
        m_sets[pane.sketch].add(s.setMemberHash);
        break;
    }
    return AddOutcome::Accepted;
}

void WindowEngine::openPane(SeriesId id, SeriesState& st, Cell& pane, std::int64_t second)
{
    Q_ASSERT(pane.key == kEmptyKey);
    resetCell(pane, second, kNoSketch);
    ++st.openPanes;
    ++m_openPanes;
    st.deadlineMs = std::min(st.deadlineMs, (second + 1) * kPaneMs);
    if (!st.hasData) {
        st.hasData = true;
        ++m_activeSeries;
    }
    if (!st.isListed) {
        st.isListed = true;
        m_active.push_back(id);
    }
}

void WindowEngine::closeSeries(SeriesId id, std::int64_t watermarkMs)
{
    SeriesState& st = m_series[id];
    Cell* ring = &m_panes[std::size_t { id } * m_ringSize];

    // Panes are folded oldest first so blocks fill in time order (gauge `last`, block slot reuse).
    m_closingSlots.clear();
    for (std::uint32_t i = 0; i < m_ringSize; ++i) {
        if (ring[i].key != kEmptyKey && (ring[i].key + 1) * kPaneMs <= watermarkMs)
            m_closingSlots.push_back(i);
    }
    std::sort(m_closingSlots.begin(), m_closingSlots.end(),
        [ring](std::uint32_t a, std::uint32_t b) { return ring[a].key < ring[b].key; });

    for (const std::uint32_t slot : m_closingSlots) {
        Cell& pane = ring[slot];
        for (std::size_t i = 0; i < m_paneGroups.size(); ++i)
            foldCell(id, st.type, m_groups[m_paneGroups[i]], pane, pane.key * kPaneMs, i + 1 == m_paneGroups.size());
        releaseSketch(st.type, pane.sketch);
        pane.key = kEmptyKey;
        --st.openPanes;
        --m_openPanes;
    }
    // Ascending slides: a source group hands its completed blocks on before its dependents emit.
    for (Group& g : m_groups)
        emitGroup(id, st.type, g, watermarkMs);

    st.deadlineMs = nextDeadline(id, st);
    if (st.deadlineMs == kNeverMs && st.hasData) {
        st.hasData = false;
        --m_activeSeries;
    }
}

void WindowEngine::foldCell(
    SeriesId id, MetricType type, Group& group, Cell& cell, std::int64_t cellStartMs, bool mayMove)
{
    // Windows ending by this cell's start are complete; emitting them frees the block slot reused below.
    emitGroup(id, type, group, cellStartMs);

    const std::int64_t k = floorDiv(cellStartMs, group.slideMs);
    Cell& block = group.blocks[std::size_t { id } * group.blockCount + floorMod(k, group.blockCount)];
    if (block.key != k) {
        Q_ASSERT(block.key == kEmptyKey);
        if (block.key != kEmptyKey)
            releaseSketch(type, block.sketch);
        resetCell(block, k, kNoSketch);
    }
    mergeStats(block, cell);
    mergeSketch(type, block, cell, mayMove);

    GroupSeries& gs = group.series[id];
    if (!gs.hasBlocks) {
        gs.hasBlocks = true;
        gs.firstBlock = k;
        gs.lastBlock = k;
    } else {
        gs.firstBlock = std::min(gs.firstBlock, k);
        gs.lastBlock = std::max(gs.lastBlock, k);
    }
}

void WindowEngine::mergeSketch(MetricType type, Cell& dst, Cell& src, bool mayMove)
{
    if (src.sketch == kNoSketch)
        return;
    if (dst.sketch == kNoSketch && mayMove) {
        dst.sketch = src.sketch;
        src.sketch = kNoSketch;
        return;
    }
    if (type == MetricType::Set) {
        if (dst.sketch == kNoSketch)
            dst.sketch = m_sets.acquire();
        m_sets[dst.sketch].merge(m_sets[src.sketch]);
    } else {
        if (dst.sketch == kNoSketch)
            dst.sketch = m_digests.acquire();
        m_digests[dst.sketch].merge(m_digests[src.sketch]);
    }
}

void WindowEngine::releaseSketch(MetricType type, Handle& handle)
{
    if (handle == kNoSketch)
        return;
    if (type == MetricType::Set)
        m_sets.release(handle);
    else
        m_digests.release(handle);
    handle = kNoSketch;
}

void WindowEngine::emitGroup(SeriesId id, MetricType type, Group& group, std::int64_t uptoMs)
{
    GroupSeries& gs = group.series[id];
    const std::int64_t slide = group.slideMs;
    const std::int64_t endMs = floorDiv(uptoMs, slide) * slide; // window ends are multiples of the slide
    if (endMs <= gs.emittedEndMs)
        return;
    if (!gs.hasBlocks) {
        gs.emittedEndMs = endMs;
        return;
    }
    for (const std::uint16_t specIndex : group.specs) {
        const std::int64_t blocksPerWindow = m_config.specs[specIndex].sizeMs / slide;
        // Only windows that can contain a block with data: no data, no result.
        std::int64_t e = std::max(gs.emittedEndMs + slide, (gs.firstBlock + 1) * slide);
        const std::int64_t last = std::min(endMs, (gs.lastBlock + blocksPerWindow) * slide);
        for (; e <= last; e += slide) {
            const std::int64_t kEnd = e / slide; // exclusive; exact since e is a multiple of slide
            emitWindow(id, type, group, specIndex, e, std::max(kEnd - blocksPerWindow, gs.firstBlock),
                std::min(kEnd - 1, gs.lastBlock));
        }
    }
    gs.emittedEndMs = endMs;

    // Blocks whose every window has been emitted are handed to the dependent groups, then go back for reuse.
    const std::int64_t keepFrom = endMs / slide - group.blockCount + 1;
    const std::int64_t releaseTo = std::min(gs.lastBlock, keepFrom - 1);
    Cell* blocks = &group.blocks[std::size_t { id } * group.blockCount];
    for (std::int64_t k = gs.firstBlock; k <= releaseTo; ++k) {
        Cell& block = blocks[floorMod(k, group.blockCount)];
        if (block.key != k)
            continue;
        for (std::size_t i = 0; i < group.dependents.size(); ++i)
            foldCell(id, type, m_groups[group.dependents[i]], block, k * slide, i + 1 == group.dependents.size());
        releaseSketch(type, block.sketch);
        block.key = kEmptyKey;
    }
    if (keepFrom > gs.lastBlock)
        gs.hasBlocks = false;
    else
        gs.firstBlock = std::max(gs.firstBlock, keepFrom);
}

void WindowEngine::emitWindow(SeriesId id, MetricType type, Group& group, std::uint16_t specIndex, std::int64_t endMs,
    std::int64_t firstBlock, std::int64_t lastBlock)
{
    const Cell* blocks = &group.blocks[std::size_t { id } * group.blockCount];
    Cell acc {};
    resetCell(acc, 0, kNoSketch);
    bool hasData = false;
    m_digestScratch.clear();
    m_setScratch.clear();
    for (std::int64_t k = firstBlock; k <= lastBlock; ++k) {
        const Cell& block = blocks[floorMod(k, group.blockCount)];
        if (block.key != k)
            continue;
        hasData = true;
        mergeStats(acc, block);
        if (block.sketch != kNoSketch) {
            if (type == MetricType::Set)
                m_setScratch.push_back(&m_sets[block.sketch]);
            else
                m_digestScratch.push_back(&m_digests[block.sketch]);
        }
    }
    if (!hasData)
        return;

    const WindowSpec& spec = m_config.specs[specIndex];
    WindowResult r;
    r.series = id;
    r.type = type;
    r.specIndex = specIndex;
    r.startMs = endMs - spec.sizeMs;
    r.endMs = endMs;
    fillResult(r, type, acc, spec.sizeMs, spec.keepDigest);
    m_pending[specIndex].push_back(std::move(r));
}

// Turns accumulated stats plus the sketches in m_digestScratch / m_setScratch into a result's fields.
void WindowEngine::fillResult(WindowResult& r, MetricType type, const Cell& acc, std::int64_t sizeMs, bool keepDigest)
{
    const double seconds = static_cast<double>(sizeMs) / 1000.0;
    r.count = acc.count;
    switch (type) {
    case MetricType::Counter:
        r.sum = acc.sum;
        r.rate = acc.sum / seconds;
        break;
    case MetricType::Gauge:
        r.sum = acc.sum;
        r.min = acc.min;
        r.max = acc.max;
        r.mean = acc.sum / acc.count;
        r.last = acc.last;
        break;
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution: {
        r.sum = acc.sum;
        r.min = acc.min;
        r.max = acc.max;
        r.mean = acc.sum / acc.count;
        r.rate = acc.count / seconds;
        r.quantileCount = static_cast<std::uint8_t>(m_config.quantiles.size());
        r.quantiles.fill(kNaN);
        // Percentiles come from one digest merged over the window's blocks, never from averaged percentiles.
        auto fill = [&](const TDigest& digest) {
            for (std::size_t i = 0; i < m_config.quantiles.size(); ++i)
                r.quantiles[i] = digest.quantile(m_config.quantiles[i]);
        };
        if (m_digestScratch.size() == 1) {
            fill(*m_digestScratch.front());
            if (keepDigest)
                r.digest = std::make_shared<const TDigest>(*m_digestScratch.front());
        } else if (!m_digestScratch.empty()) {
            TDigest merged = TDigest::mergeAll(m_digestScratch, m_config.compression);
            fill(merged);
            if (keepDigest)
                r.digest = std::make_shared<const TDigest>(std::move(merged));
        }
        break;
    }
    case MetricType::Set:
        if (m_setScratch.size() == 1) {
            r.distinct = m_setScratch.front()->estimate();
        } else {
            m_mergedSet.clear();
            for (const HyperLogLog* set : m_setScratch)
                m_mergedSet.merge(*set);
            r.distinct = m_mergedSet.estimate();
        }
        break;
    }
}

std::int64_t WindowEngine::nextDeadline(SeriesId id, const SeriesState& st) const
{
    std::int64_t deadline = kNeverMs;
    if (st.openPanes > 0) {
        const Cell* ring = &m_panes[std::size_t { id } * m_ringSize];
        for (std::uint32_t i = 0; i < m_ringSize; ++i) {
            if (ring[i].key != kEmptyKey)
                deadline = std::min(deadline, (ring[i].key + 1) * kPaneMs);
        }
    }
    for (const Group& g : m_groups) {
        const GroupSeries& gs = g.series[id];
        if (gs.hasBlocks)
            deadline = std::min(deadline, std::max(gs.emittedEndMs + g.slideMs, (gs.firstBlock + 1) * g.slideMs));
    }
    return deadline;
}

std::vector<WindowBatchPtr> WindowEngine::advance(TimestampMs nowMs)
{
    m_nowMs = std::max(m_nowMs, std::clamp(nowMs, -kMaxAbsTimeMs, kMaxAbsTimeMs));
    m_watermarkMs = std::max(m_watermarkMs, std::max(m_maxEventMs, m_nowMs) - m_latenessMs);
    std::vector<WindowBatchPtr> batches = closeUpTo(m_watermarkMs);
    if (m_nowMs >= m_nextTrimMs) {
        m_digests.trimUnused();
        m_sets.trimUnused();
        m_nextTrimMs = m_nowMs + kSketchTrimIntervalMs;
    }
    return batches;
}

std::vector<WindowBatchPtr> WindowEngine::flush()
{
    if (m_maxEventMs != kBeforeAllMs) {
        // The end of the last window of any spec that holds the newest sample: everything with data ends by then.
        std::int64_t endMs = m_watermarkMs;
        for (const WindowSpec& spec : m_config.specs)
            endMs = std::max(endMs, floorDiv(m_maxEventMs, spec.slideMs) * spec.slideMs + spec.sizeMs);
        m_watermarkMs = endMs;
    }
    return closeUpTo(m_watermarkMs);
}

std::vector<WindowBatchPtr> WindowEngine::closeUpTo(std::int64_t watermarkMs)
{
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m_active.size(); ++i) {
        const SeriesId id = m_active[i];
        SeriesState& st = m_series[id];
        if (st.deadlineMs <= watermarkMs)
            closeSeries(id, watermarkMs);
        if (st.hasData)
            m_active[kept++] = id;
        else
            st.isListed = false;
    }
    m_active.resize(kept);
    return takeBatches();
}

std::vector<WindowBatchPtr> WindowEngine::takeBatches()
{
    std::vector<WindowBatchPtr> batches;
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        std::vector<WindowResult>& pending = m_pending[i];
        if (pending.empty())
            continue;
        auto batch = std::make_shared<WindowBatch>();
        batch->specIndex = static_cast<std::uint16_t>(i);
        batch->spec = m_config.specs[i];
        batch->quantiles = m_config.quantiles;
        batch->results = std::move(pending);
        pending.clear();
        std::sort(batch->results.begin(), batch->results.end(), [](const WindowResult& a, const WindowResult& b) {
            return a.startMs != b.startMs ? a.startMs < b.startMs : a.series < b.series;
        });
        batches.push_back(std::move(batch));
    }
    return batches;
}

WindowBatchPtr WindowEngine::takeProvisional()
{
    if (m_dirty.empty() || !m_paneSpec)
        return nullptr;
    auto batch = std::make_shared<WindowBatch>();
    batch->specIndex = *m_paneSpec;
    batch->spec = m_config.specs[*m_paneSpec];
    batch->quantiles = m_config.quantiles;
    batch->results.reserve(m_dirty.size());
    std::sort(m_dirty.begin(), m_dirty.end());
    for (const SeriesId id : m_dirty) {
        SeriesState& st = m_series[id];
        st.isDirty = false;
        if (st.openPanes == 0)
            continue;
        Cell* ring = &m_panes[std::size_t { id } * m_ringSize];
        m_openSlots.clear();
        for (std::uint32_t i = 0; i < m_ringSize; ++i) {
            if (ring[i].key != kEmptyKey && ring[i].isChanged) {
                ring[i].isChanged = false;
                m_openSlots.push_back(i);
            }
        }
        std::sort(m_openSlots.begin(), m_openSlots.end(),
            [ring](std::uint32_t a, std::uint32_t b) { return ring[a].key < ring[b].key; });
        for (const std::uint32_t slot : m_openSlots) {
            const Cell& pane = ring[slot];
            m_digestScratch.clear();
            m_setScratch.clear();
            if (pane.sketch != kNoSketch) {
                if (st.type == MetricType::Set)
                    m_setScratch.push_back(&m_sets[pane.sketch]);
                else
                    m_digestScratch.push_back(&m_digests[pane.sketch]);
            }
            WindowResult r;
            r.series = id;
            r.type = st.type;
            r.specIndex = *m_paneSpec;
            r.startMs = pane.key * kPaneMs;
            r.endMs = r.startMs + kPaneMs;
            fillResult(r, st.type, pane, kPaneMs, false);
            batch->results.push_back(std::move(r));
        }
    }
    m_dirty.clear();
    if (batch->results.empty())
        return nullptr;
    return batch;
}

std::size_t WindowEngine::bytesPerSeries() const
{
    std::size_t bytes = sizeof(SeriesState) + m_ringSize * sizeof(Cell);
    for (const Group& g : m_groups)
        bytes += g.blockCount * sizeof(Cell) + sizeof(GroupSeries);
    return bytes;
}

std::size_t WindowEngine::memoryBytes() const
{
    std::size_t bytes = sizeof(*this) + m_series.capacity() * sizeof(SeriesState) + m_panes.capacity() * sizeof(Cell)
        + m_active.capacity() * sizeof(SeriesId) + m_dirty.capacity() * sizeof(SeriesId);
    for (const Group& g : m_groups)
        bytes += g.blocks.capacity() * sizeof(Cell) + g.series.capacity() * sizeof(GroupSeries);
    for (const auto& pending : m_pending)
        bytes += pending.capacity() * sizeof(WindowResult);
    bytes += m_digests.memoryBytes() + m_sets.memoryBytes() + m_mergedSet.memoryBytes();
    return bytes;
}

} // namespace pulse
