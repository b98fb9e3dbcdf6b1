#pragma once

// Internal helpers of TDigest's merges; not part of the public API.

#include "sketch/scalefunction.h"
#include "sketch/tdigest.h"

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace pulse::detail {

using Centroid = TDigest::Centroid;

// a*(1-t) + b*t without the overflow of b - a; stays within [a, b].
inline double lerp(double a, double b, double t)
{
    const double r = a * (1.0 - t) + b * t;
    return std::clamp(r, std::min(a, b), std::max(a, b));
}

/** Merges two sorted ranges without data-dependent branches (interleaved runs would mispredict half the time). */
template <typename T, typename Less>
T* mergeRuns(const T* a, const T* aEnd, const T* b, const T* bEnd, T* out, Less less)
{
    while (a != aEnd && b != bEnd) {
        // Indexing by the comparison result keeps compilers from turning the select back into a branch.
        const std::size_t isB = less(*b, *a) ? 1 : 0;
        const T* heads[2] = { a, b };
        *out++ = *heads[isB];
        a += 1 - isB;
        b += isB;
    }
    return std::copy(b, bEnd, std::copy(a, aEnd, out));
}

/** A centroid of one input digest with the value range it stands for, so a digest merge can split it. */
struct Spread {
    double mean;
    double weight;
    double lo;
    double hi;
};

/** Each centroid covers half-way to its neighbours (min/max at the ends); single samples are points. */
inline void appendSpreads(std::span<const Centroid> c, double minValue, double maxValue, std::vector<Spread>& out)
{
    for (std::size_t j = 0; j < c.size(); ++j) {
        if (c[j].weight <= 1.0) {
            out.push_back({ c[j].mean, c[j].weight, c[j].mean, c[j].mean });
            continue;
        }
        // A light centroid may be one weighted sample (weight 1 / sample rate), i.e. a point: assume less spread the
        // lighter it is, so such points are not smeared over their neighbours when merges split them.
        const double f = std::min(1.0, (c[j].weight - 1.0) / 8.0);
        const double lo = j == 0 ? minValue : c[j].mean - f * (c[j].mean / 2 - c[j - 1].mean / 2);
        const double hi = j + 1 == c.size() ? maxValue : c[j].mean + f * (c[j + 1].mean / 2 - c[j].mean / 2);
        out.push_back({ c[j].mean, c[j].weight, std::min(lo, c[j].mean), std::max(hi, c[j].mean) });
    }
}

/**
 * Merge pass for digest merges. Centroids of different digests interleave; cutting greedily between two that cover the
 * same ranks would misplace both by up to half a centroid, and such errors compound over repeated merges (balanced
 * pairwise merging reached 0.3 % rank error). Instead a centroid that overflows the current limit is split, assuming
 * its weight is spread evenly over its range, so every output centroid is full and covers one stretch of ranks.
 * IsSafe accumulates a running mean instead of sum(w * x), which cannot overflow near the ends of the double range.
 * `at(i)` returns the i-th item in order of mean.
 */
template <bool IsSafe, typename At>
void splittingPass(std::size_t count, At at, double total, double compression, std::vector<Centroid>& out)
{
    out.clear();
    const ScaleFunction scale(compression);
    double weightSoFar = 0.0;
    double weight = 0.0;
    double accumulated = 0.0; // sum(w * x), or the running mean when IsSafe
    double weightLimit = scale.weightLimit(0.0, total);
    const double minRoom = total * 1e-12; // slivers below this move whole to the next centroid instead
    auto take = [&](double w, double x) {
        weight += w;
        if constexpr (IsSafe)
            accumulated = weight == w ? x : lerp(accumulated, x, w / weight);
        else
            accumulated += w * x;
    };
    auto emit = [&] {
        out.push_back({ IsSafe ? accumulated : accumulated / weight, weight });
        weightSoFar += weight;
        weight = 0.0;
        accumulated = 0.0;
        weightLimit = scale.weightLimit(weightSoFar, total);
    };
    for (std::size_t i = 0; i < count; ++i) {
        Spread item = at(i);
        while (true) {
            const double room = weightLimit - weightSoFar - weight;
            const bool isPoint = item.hi <= item.lo;
            if (item.weight <= room || (weight == 0.0 && (room < minRoom || isPoint))) {
                take(item.weight, item.mean);
                break;
            }
            if (isPoint || room < minRoom) {
                emit();
                continue;
            }
            // The lower part of the item's range fills this centroid and the rest carries on; both pieces keep the
            // item's offset from its range's midpoint, so together they still average to the item's mean.
            const double offset = item.mean - (item.lo / 2 + item.hi / 2);
            const double cut = item.lo + room / item.weight * (item.hi - item.lo);
            take(room, item.lo / 2 + cut / 2 + offset);
            emit();
            item = { cut / 2 + item.hi / 2 + offset, item.weight - room, cut, item.hi };
        }
    }
    if (weight > 0.0)
        emit();
}

} // namespace pulse::detail
