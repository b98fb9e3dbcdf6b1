#include "sketch/tdigest.h"

#include "sketch/bytecodec.h"
#include "sketch/centroidmerge.h"
#include "sketch/radixsort.h"
#include "sketch/scalefunction.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pulse {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMinCompression = 10.0;
constexpr double kMaxCompression = 10000.0;
// Adds held before a merge pass, per unit of compression: enough to amortise the sort and the pass, few enough to stay
// in L1/L2 (12.8 KiB per buffer at compression 100).
constexpr double kUnitBufferFactor = 16.0;
constexpr double kWeightedBufferFactor = 8.0;
// Hard cap on centroids per unit of compression. Keeps memory and the serialised size (<= 2 KiB at compression 100,
// even with 8-byte weights) bounded whatever the input order; typical digests stay well below it.
constexpr double kMaxCentroidFactor = 1.24;
// Integral weights up to 2^53 round-trip exactly through a varint.
constexpr double kMaxVarintWeight = 9007199254740992.0;

using Centroid = TDigest::Centroid;
using detail::lerp;
using detail::mergeRuns;
using detail::Spread;

enum class WeightEncoding : std::uint8_t { Varint = 0, Float32 = 1, Float64 = 2 };

std::size_t maxCentroids(double compression)
{
    return static_cast<std::size_t>(compression * kMaxCentroidFactor);
}

// (x - lo) / (hi - lo) for lo <= x <= hi, without overflow at the edges of the double range.
double fraction(double x, double lo, double hi)
{
    double span = hi - lo;
    double offset = x - lo;
    if (!std::isfinite(span) || !std::isfinite(offset)) {
        span = hi / 2 - lo / 2;
        offset = x / 2 - lo / 2;
    }
    return span > 0.0 ? std::clamp(offset / span, 0.0, 1.0) : 0.0;
}

// Scratch space for merges, shared by every digest on a thread instead of held by each one.
template <typename T, int Slot> std::vector<T>& scratch()
{
    thread_local std::vector<T> v;
    return v;
}

std::optional<TDigest> fail(std::string* error, const char* reason)
{
    if (error)
        *error = reason;
    return std::nullopt;
}

} // namespace

TDigest::TDigest(double compression)
    : m_compression(std::isfinite(compression) ? std::clamp(compression, kMinCompression, kMaxCompression) : 100.0)
    , m_min(kInf)
    , m_max(-kInf)
    , m_unitCapacity(static_cast<std::uint32_t>(m_compression * kUnitBufferFactor))
    , m_weightedCapacity(static_cast<std::uint32_t>(m_compression * kWeightedBufferFactor))
{ }

bool TDigest::add(double x, double weight)
{
    if (!std::isfinite(x) || !std::isfinite(weight) || weight <= 0.0)
        return false;
    const double total = m_totalWeight + weight;
    if (!std::isfinite(total))
        return false;
    m_totalWeight = total;
    m_min = std::min(m_min, x);
    m_max = std::max(m_max, x);
    if (weight == 1.0) {
        m_unitKeys.push_back(sortKey(x));
        if (m_unitKeys.size() >= m_unitCapacity)
            mergeBuffer();
    } else {
        m_weightedKeys.push_back({ sortKey(x), weight });
        if (m_weightedKeys.size() >= m_weightedCapacity)
            mergeBuffer();
    }
    return true;
}

void TDigest::merge(const TDigest& other)
{
    if (other.isEmpty() || !std::isfinite(m_totalWeight + other.m_totalWeight))
        return;
    const TDigest* pair[] = { this, &other };
    TDigest merged = mergeAll(pair, m_compression);
    m_centroids.swap(merged.m_centroids);
    m_totalWeight = merged.m_totalWeight;
    m_min = merged.m_min;
    m_max = merged.m_max;
}

TDigest TDigest::mergeAll(std::span<const TDigest* const> digests, double compression)
{
    // Compress first: compress() uses the thread-local scratch the merge below relies on.
    for (const TDigest* d : digests) {
        if (d)
            d->compress();
    }
    TDigest result(compression);
    std::vector<Spread>& all = scratch<Spread, 0>();
    all.clear();
    // Each digest's centroids are already sorted: a bottom-up merge of these runs replaces a full sort.
    thread_local std::vector<std::size_t> runEnds;
    thread_local std::vector<std::size_t> nextEnds;
    runEnds.clear();
    double total = 0.0;
    for (const TDigest* d : digests) {
        if (!d || d->isEmpty() || !std::isfinite(total + d->m_totalWeight))
            continue;
        detail::appendSpreads(d->m_centroids, d->m_min, d->m_max, all);
        runEnds.push_back(all.size());
        total += d->m_totalWeight;
        result.m_min = std::min(result.m_min, d->m_min);
        result.m_max = std::max(result.m_max, d->m_max);
    }
    if (all.empty())
        return result;

    std::vector<Centroid>& out = result.m_centroids;
    // Few enough centroids to keep them all: merge exactly. Splitting would spread weighted single points over their
    // neighbours' ranges, and that error compounds when small digests (a pane of a few weighted samples) are merged
    // again and again.
    if (all.size() <= maxCentroids(result.m_compression)) {
        std::sort(all.begin(), all.end(), [](const Spread& a, const Spread& b) { return a.mean < b.mean; });
        for (const Spread& item : all) {
            if (!out.empty() && out.back().mean == item.mean)
                out.back().weight += item.weight;
            else
                out.push_back({ item.mean, item.weight });
        }
        result.m_totalWeight = total;
        return result;
    }

    // Order the items by mean. Up to 2^16 items: radix-sort keys holding the top 48 bits of the mean's sort key and the
    // item's index in the low 16 (ties this close in value are harmless). Beyond: merge the per-digest runs.
    const double compressionOut = result.m_compression;
    if (all.size() < (std::size_t { 1 } << 16)) {
        std::vector<std::uint64_t>& keys = scratch<std::uint64_t, 1>();
        keys.resize(all.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            keys[i] = (sortKey(all[i].mean) & ~std::uint64_t { 0xffff }) | i;
        const std::uint64_t* order = radixSortByKey(
            keys, scratch<std::uint64_t, 2>(), [](std::uint64_t k) { return k; }, 2);
        auto at = [&](std::size_t i) -> const Spread& { return all[order[i] & 0xffff]; };
        detail::splittingPass<false>(all.size(), at, total, compressionOut, out);
        if (std::any_of(out.begin(), out.end(), [](const Centroid& c) { return !std::isfinite(c.mean); }))
            detail::splittingPass<true>(all.size(), at, total, compressionOut, out);
    } else {
        std::vector<Spread>& other = scratch<Spread, 1>();
        other.resize(all.size());
        Spread* src = all.data();
        Spread* dst = other.data();
        while (runEnds.size() > 1) {
            nextEnds.clear();
            std::size_t begin = 0;
            for (std::size_t i = 0; i < runEnds.size(); i += 2) {
                const std::size_t mid = runEnds[i];
                const std::size_t end = i + 1 < runEnds.size() ? runEnds[i + 1] : mid;
                mergeRuns(src + begin, src + mid, src + mid, src + end, dst + begin,
                    [](const Spread& a, const Spread& b) { return a.mean < b.mean; });
                nextEnds.push_back(end);
                begin = end;
            }
            std::swap(src, dst);
            std::swap(runEnds, nextEnds);
        }
        auto at = [&](std::size_t i) -> const Spread& { return src[i]; };
        detail::splittingPass<false>(all.size(), at, total, compressionOut, out);
        if (std::any_of(out.begin(), out.end(), [](const Centroid& c) { return !std::isfinite(c.mean); }))
            detail::splittingPass<true>(all.size(), at, total, compressionOut, out);
    }
    // Splits can nudge a mean past its neighbour by rounding; keep them sorted and inside [min, max].
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i].mean = std::clamp(out[i].mean, i == 0 ? result.m_min : out[i - 1].mean, result.m_max);
    if (out.size() > maxCentroids(result.m_compression)) {
        const std::vector<Centroid> centroids = out;
        mergeSorted(centroids, result.m_compression, false, out);
    }
    double sum = 0.0;
    for (const Centroid& c : out)
        sum += c.weight;
    result.m_totalWeight = sum;
    return result;
}

double TDigest::quantile(double q) const
{
    if (isEmpty() || std::isnan(q))
        return kNaN;
    if (q <= 0.0)
        return m_min;
    if (q >= 1.0)
        return m_max;
    compress();
    const std::vector<Centroid>& c = m_centroids;
    const std::size_t n = c.size();
    const double total = m_totalWeight;
    const double index = q * total;

    // Tails: the extreme points are known exactly, so interpolate between them and the outermost centroids.
    const double firstHalf = c.front().weight / 2.0;
    if (index < firstHalf) {
        if (index < 1.0 || firstHalf <= 1.0)
            return m_min;
        return lerp(m_min, c.front().mean, (index - 1.0) / (firstHalf - 1.0));
    }
    const double lastHalf = c.back().weight / 2.0;
    const double fromTop = total - index;
    if (fromTop <= lastHalf) {
        if (fromTop <= 1.0 || lastHalf <= 1.0)
            return m_max;
        return lerp(m_max, c.back().mean, (fromTop - 1.0) / (lastHalf - 1.0));
    }

    double weightSoFar = firstHalf;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const double dw = (c[i].weight + c[i + 1].weight) / 2.0;
        if (weightSoFar + dw > index) {
            // A unit-weight centroid is a single sample: it owns half a unit on either side of its centre.
            double leftUnit = 0.0;
            if (c[i].weight == 1.0) {
                if (index - weightSoFar < 0.5)
                    return c[i].mean;
                leftUnit = 0.5;
            }
            double rightUnit = 0.0;
            if (c[i + 1].weight == 1.0) {
                if (weightSoFar + dw - index <= 0.5)
                    return c[i + 1].mean;
                rightUnit = 0.5;
            }
            const double z1 = index - weightSoFar - leftUnit;
            const double z2 = weightSoFar + dw - index - rightUnit;
            const double span = z1 + z2;
            return span > 0.0 ? lerp(c[i].mean, c[i + 1].mean, z1 / span) : c[i].mean;
        }
        weightSoFar += dw;
    }
    return m_max;
}

double TDigest::cdf(double x) const
{
    if (isEmpty() || std::isnan(x))
        return kNaN;
    if (x < m_min)
        return 0.0;
    if (x > m_max)
        return 1.0;
    if (m_min == m_max)
        return 0.5;
    compress();
    const std::vector<Centroid>& c = m_centroids;
    const std::size_t n = c.size();
    const double total = m_totalWeight;

    // Mirrors quantile(): the extreme sample owns up to half a unit at min/max, the rest of the outer half-centroid
    // is spread linearly up to its mean.
    if (x < c.front().mean) {
        const double half = c.front().weight / 2.0;
        const double lo = std::min(1.0, half);
        if (x == m_min)
            return lo / 2.0 / total;
        return (lo + (half - lo) * fraction(x, m_min, c.front().mean)) / total;
    }
    if (x > c.back().mean) {
        const double half = c.back().weight / 2.0;
        const double hi = std::min(1.0, half);
        if (x == m_max)
            return (total - hi / 2.0) / total;
        return std::clamp(
            (total - hi - (half - hi) * fraction(m_max - (x - c.back().mean), c.back().mean, m_max)) / total, 0.0, 1.0);
    }

    double weightSoFar = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (x == c[i].mean) {
            double equal = 0.0;
            for (std::size_t j = i; j < n && c[j].mean == x; ++j)
                equal += c[j].weight;
            return std::clamp((weightSoFar + equal / 2.0) / total, 0.0, 1.0);
        }
        if (i + 1 < n && x < c[i + 1].mean) {
            const double leftExcluded = c[i].weight == 1.0 ? 0.5 : 0.0;
            const double rightExcluded = c[i + 1].weight == 1.0 ? 0.5 : 0.0;
            const double dw = (c[i].weight + c[i + 1].weight) / 2.0 - leftExcluded - rightExcluded;
            const double base = weightSoFar + c[i].weight / 2.0 + leftExcluded;
            return std::clamp((base + dw * fraction(x, c[i].mean, c[i + 1].mean)) / total, 0.0, 1.0);
        }
        weightSoFar += c[i].weight;
    }
    return 1.0;
}

double TDigest::min() const
{
    return isEmpty() ? kNaN : m_min;
}

double TDigest::max() const
{
    return isEmpty() ? kNaN : m_max;
}

void TDigest::clear()
{
    m_totalWeight = 0.0;
    m_min = kInf;
    m_max = -kInf;
    m_centroids.clear();
    m_unitKeys.clear();
    m_weightedKeys.clear();
    m_mergeCount = 0;
}

std::size_t TDigest::centroidCount() const
{
    compress();
    return m_centroids.size();
}

void TDigest::compress() const
{
    if (!m_unitKeys.empty() || !m_weightedKeys.empty())
        mergeBuffer();
}

std::span<const TDigest::Centroid> TDigest::centroids() const
{
    compress();
    return m_centroids;
}

void TDigest::shrinkToFit()
{
    compress();
    m_unitKeys = {};
    m_weightedKeys = {};
    m_centroids.shrink_to_fit();
}

void TDigest::mergeBuffer() const
{
    // New points sorted (radix on their keys), then merged with the old centroids into one sorted run.
    std::vector<Centroid>& points = scratch<Centroid, 0>();
    points.clear();
    const std::uint64_t* units
        = radixSortByKey(m_unitKeys, scratch<std::uint64_t, 0>(), [](std::uint64_t k) { return k; });
    if (m_weightedKeys.empty()) {
        for (std::size_t i = 0; i < m_unitKeys.size(); ++i)
            points.push_back({ fromSortKey(units[i]), 1.0 });
    } else {
        const WeightedKey* weighted
            = radixSortByKey(m_weightedKeys, scratch<WeightedKey, 0>(), [](const WeightedKey& w) { return w.key; });
        std::size_t u = 0;
        std::size_t w = 0;
        while (u < m_unitKeys.size() || w < m_weightedKeys.size()) {
            if (w == m_weightedKeys.size() || (u < m_unitKeys.size() && units[u] <= weighted[w].key))
                points.push_back({ fromSortKey(units[u++]), 1.0 });
            else
                points.push_back({ fromSortKey(weighted[w].key), weighted[w++].weight });
        }
    }
    m_unitKeys.clear();
    m_weightedKeys.clear();
    std::vector<Centroid>& all = scratch<Centroid, 1>();
    all.resize(m_centroids.size() + points.size());
    mergeRuns(m_centroids.data(), m_centroids.data() + m_centroids.size(), points.data(), points.data() + points.size(),
        all.data(), [](const Centroid& a, const Centroid& b) { return a.mean < b.mean; });
    // Alternating the walk direction keeps the greedy merge from biasing centroids towards one end.
    const bool isReverse = (m_mergeCount++ & 1u) != 0;
    mergeSorted(all, m_compression, isReverse, m_centroids);
    double total = 0.0;
    for (const Centroid& centroid : m_centroids)
        total += centroid.weight;
    m_totalWeight = total;
}

void TDigest::mergeSorted(
    std::span<const Centroid> sorted, double compression, bool isReverse, std::vector<Centroid>& out)
{
    double total = 0.0;
    for (const Centroid& c : sorted)
        total += c.weight;
    mergePass(sorted, total, compression, isReverse, out);
    // Greedy passes can leave half-empty centroids (typically on sorted input); re-pass the centroids, coarser if need
    // be, until the hard cap holds.
    const std::size_t cap = maxCentroids(compression);
    std::vector<Centroid> again;
    while (out.size() > cap) {
        again.assign(out.begin(), out.end());
        isReverse = !isReverse;
        compression *= 0.95;
        mergePass(again, total, compression, isReverse, out);
    }
}

void TDigest::mergePass(
    std::span<const Centroid> sorted, double total, double compression, bool isReverse, std::vector<Centroid>& out)
{
    out.clear();
    const std::size_t n = sorted.size();
    if (n == 0)
        return;
    const ScaleFunction scale(compression);
    auto at = [&](std::size_t i) -> const Centroid& { return sorted[isReverse ? n - 1 - i : i]; };

    // The current centroid accumulates sum(w * x) and is divided once when emitted.
    std::size_t first = 0;
    double weight = at(0).weight;
    double weightedSum = at(0).weight * at(0).mean;
    double weightSoFar = 0.0; // weight of the centroids already emitted
    double weightLimit = scale.weightLimit(0.0, total);
    auto emit = [&](std::size_t end) {
        const double lo = std::min(at(first).mean, at(end - 1).mean);
        const double hi = std::max(at(first).mean, at(end - 1).mean);
        double mean = weightedSum / weight;
        if (!std::isfinite(mean)) {
            // sum(w * x) overflowed near the ends of the double range: fall back to a running mean.
            mean = at(first).mean;
            double w = at(first).weight;
            for (std::size_t j = first + 1; j < end; ++j) {
                w += at(j).weight;
                mean = lerp(mean, at(j).mean, at(j).weight / w);
            }
        }
        out.push_back({ std::clamp(mean, lo, hi), weight });
    };
    for (std::size_t i = 1; i < n; ++i) {
        const Centroid& next = at(i);
        if (weightSoFar + weight + next.weight <= weightLimit) {
            weight += next.weight;
            weightedSum += next.weight * next.mean;
        } else {
            emit(i);
            weightSoFar += weight;
            first = i;
            weight = next.weight;
            weightedSum = next.weight * next.mean;
            weightLimit = scale.weightLimit(weightSoFar, total);
        }
    }
    emit(n);
    if (isReverse)
        std::reverse(out.begin(), out.end());
}

void TDigest::serialize(std::string& out) const
{
    compress();
    WeightEncoding encoding = WeightEncoding::Varint;
    for (const Centroid& c : m_centroids) {
        if (encoding == WeightEncoding::Varint && (c.weight > kMaxVarintWeight || c.weight != std::floor(c.weight)))
            encoding = WeightEncoding::Float32;
        if (encoding == WeightEncoding::Float32 && static_cast<double>(static_cast<float>(c.weight)) != c.weight) {
            encoding = WeightEncoding::Float64;
            break;
        }
    }
    out.reserve(out.size() + 40 + m_centroids.size() * 16);
    ByteWriter w(out);
    w.u8(kFormatVersion);
    w.u8(static_cast<std::uint8_t>(encoding));
    w.f64(m_compression);
    w.f64(m_totalWeight);
    w.varint(m_centroids.size());
    if (!m_centroids.empty()) {
        w.f64(m_min);
        w.f64(m_max);
        for (const Centroid& c : m_centroids)
            w.f64(c.mean);
        for (const Centroid& c : m_centroids) {
            if (encoding == WeightEncoding::Varint)
                w.varint(static_cast<std::uint64_t>(c.weight));
            else if (encoding == WeightEncoding::Float32)
                w.f32(static_cast<float>(c.weight));
            else
                w.f64(c.weight);
        }
    }
    w.checksum();
}

std::string TDigest::serialized() const
{
    std::string out;
    serialize(out);
    return out;
}

std::optional<TDigest> TDigest::deserialize(std::string_view bytes, std::string* error)
{
    if (bytes.size() < 5)
        return fail(error, "truncated: shorter than the smallest digest");
    if (static_cast<std::uint8_t>(bytes[0]) != kFormatVersion)
        return fail(error, "unsupported t-digest format version");
    ByteReader in(bytes);
    if (!in.verifyChecksum())
        return fail(error, "checksum mismatch: corrupt or truncated bytes");

    std::uint8_t version = 0;
    std::uint8_t encodingByte = 0;
    double compression = 0.0;
    double count = 0.0;
    std::uint64_t centroidCount = 0;
    if (!in.u8(version) || !in.u8(encodingByte) || !in.f64(compression) || !in.f64(count) || !in.varint(centroidCount))
        return fail(error, "truncated header");
    if (encodingByte > static_cast<std::uint8_t>(WeightEncoding::Float64))
        return fail(error, "unknown weight encoding");
    const auto encoding = static_cast<WeightEncoding>(encodingByte);
    if (!std::isfinite(compression) || compression < kMinCompression || compression > kMaxCompression)
        return fail(error, "compression out of range");
    if (!std::isfinite(count) || count < 0.0)
        return fail(error, "count is negative or not finite");
    // Every centroid needs at least 9 bytes (mean + smallest weight), which bounds the allocation by the input size.
    if (centroidCount > in.remaining() / 9)
        return fail(error, "centroid count larger than the data");

    TDigest digest(compression);
    if (centroidCount == 0) {
        if (count != 0.0 || in.remaining() != 0)
            return fail(error, "empty digest with a count or trailing bytes");
        return digest;
    }
    double minValue = 0.0;
    double maxValue = 0.0;
    if (!in.f64(minValue) || !in.f64(maxValue))
        return fail(error, "truncated min/max");
    if (!std::isfinite(minValue) || !std::isfinite(maxValue) || minValue > maxValue)
        return fail(error, "min/max not finite or min > max");

    std::vector<Centroid>& centroids = digest.m_centroids;
    centroids.resize(centroidCount);
    double previous = minValue;
    for (Centroid& c : centroids) {
        if (!in.f64(c.mean))
            return fail(error, "truncated centroid means");
        if (!std::isfinite(c.mean) || c.mean < previous || c.mean > maxValue)
            return fail(error, "centroid means not finite, unsorted or outside [min, max]");
        previous = c.mean;
    }
    double sum = 0.0;
    for (Centroid& c : centroids) {
        bool isRead = false;
        if (encoding == WeightEncoding::Varint) {
            std::uint64_t weight = 0;
            isRead = in.varint(weight);
            c.weight = static_cast<double>(weight);
        } else if (encoding == WeightEncoding::Float32) {
            float weight = 0.0f;
            isRead = in.f32(weight);
            c.weight = static_cast<double>(weight);
        } else {
            isRead = in.f64(c.weight);
        }
        if (!isRead)
            return fail(error, "truncated centroid weights");
        if (!std::isfinite(c.weight) || c.weight <= 0.0)
            return fail(error, "centroid weight not positive and finite");
        sum += c.weight;
    }
    if (in.remaining() != 0)
        return fail(error, "trailing bytes after the centroids");
    if (!std::isfinite(sum) || std::abs(sum - count) > 1e-9 * count)
        return fail(error, "centroid weights do not sum to the count");
    digest.m_totalWeight = count;
    digest.m_min = minValue;
    digest.m_max = maxValue;
    return digest;
}

std::size_t TDigest::memoryBytes() const
{
    return sizeof(*this) + m_centroids.capacity() * sizeof(Centroid) + m_unitKeys.capacity() * sizeof(std::uint64_t)
        + m_weightedKeys.capacity() * sizeof(WeightedKey);
}

} // namespace pulse
