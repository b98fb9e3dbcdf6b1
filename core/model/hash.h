#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace pulse {

/** Fast non-cryptographic 64-bit hash (8 bytes per step), for interning and sketches. */
inline std::uint64_t hashMix(std::uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

inline std::uint64_t hashBytes(std::string_view s, std::uint64_t seed = 0x9e3779b97f4a7c15ULL)
{
    const char* p = s.data();
    std::size_t n = s.size();
    std::uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ULL);
    while (n >= 8) {
        std::uint64_t k;
        std::memcpy(&k, p, 8);
        h = (h ^ hashMix(k)) * 0x9fb21c651e98df25ULL;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        std::uint64_t k = 0;
        std::memcpy(&k, p, n);
        h = (h ^ hashMix(k ^ (n << 56))) * 0x9fb21c651e98df25ULL;
    }
    return hashMix(h);
}

inline std::uint64_t hashCombine(std::uint64_t a, std::uint64_t b)
{
    return hashMix(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

} // namespace pulse
