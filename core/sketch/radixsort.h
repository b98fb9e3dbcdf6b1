#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace pulse {

/** Maps a double to an unsigned integer with the same order (negatives flipped entirely, positives get the sign bit).
 */
inline std::uint64_t sortKey(double x)
{
    constexpr std::uint64_t kSignBit = std::uint64_t { 1 } << 63;
    const auto bits = std::bit_cast<std::uint64_t>(x);
    return (bits & kSignBit) != 0 ? ~bits : bits | kSignBit;
}

/** Inverse of sortKey(). */
inline double fromSortKey(std::uint64_t key)
{
    constexpr std::uint64_t kSignBit = std::uint64_t { 1 } << 63;
    return std::bit_cast<double>((key & kSignBit) != 0 ? key & ~kSignBit : ~key);
}

/**
 * LSD radix sort by a 64-bit key, 8 bits per pass, skipping passes whose digit is the same for every item (sign and
 * exponent bytes of clustered data). Linear time, no branch mispredictions, unlike std::sort on random doubles.
 * Digits below `firstDigit` are ignored (stable order among keys equal above them). Returns the sorted items, which
 * live either in `items` or in `tmp`.
 */
template <typename T, typename KeyOf>
const T* radixSortByKey(std::vector<T>& items, std::vector<T>& tmp, KeyOf keyOf, int firstDigit = 0)
{
    const std::size_t n = items.size();
    if (n < 64) {
        const std::uint64_t mask = firstDigit == 0 ? ~std::uint64_t { 0 } : ~std::uint64_t { 0 } << (8 * firstDigit);
        std::stable_sort(
            items.begin(), items.end(), [&](const T& a, const T& b) { return (keyOf(a) & mask) < (keyOf(b) & mask); });
        return items.data();
    }
    std::uint32_t counts[8][256]; // plain arrays: std::array accessors are calls in debug builds
    std::memset(counts, 0, sizeof(counts));
    for (const T& item : items) {
        const std::uint64_t key = keyOf(item);
        for (int d = 0; d < 8; ++d)
            ++counts[d][(key >> (8 * d)) & 0xff];
    }
    tmp.resize(n);
    T* src = items.data();
    T* dst = tmp.data();
    for (int d = firstDigit; d < 8; ++d) {
        std::uint32_t* offsets = counts[d];
        const int shift = 8 * d;
        if (offsets[(keyOf(src[0]) >> shift) & 0xff] == n)
            continue;
        std::uint32_t sum = 0;
        for (int b = 0; b < 256; ++b) {
            const std::uint32_t count = offsets[b];
            offsets[b] = sum;
            sum += count;
        }
        for (std::size_t i = 0; i < n; ++i)
            dst[offsets[(keyOf(src[i]) >> shift) & 0xff]++] = src[i];
        std::swap(src, dst);
    }
    return src;
}

} // namespace pulse
