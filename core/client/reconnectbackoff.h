#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace pulse::client {

/**
 * Exponential backoff with full jitter: the n-th wait in a row is uniform in [0, min(cap, base·2^n)]. The count resets
 * only after a connection stayed up for `resetAfter`, so a server that accepts and drops at once is not hammered.
 */
class ReconnectBackoff {
public:
    ReconnectBackoff(std::chrono::milliseconds base, std::chrono::milliseconds cap,
        std::chrono::milliseconds resetAfter, std::uint64_t seed = std::random_device {}());

    /** The wait before the next attempt, after a connection that was up for `upFor` (zero if it never came up). */
    std::chrono::milliseconds next(std::chrono::milliseconds upFor);
    /** The ceiling the next call draws below, before any reset. */
    std::chrono::milliseconds ceiling() const;
    int attempts() const { return m_attempts; }

private:
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_cap;
    std::chrono::milliseconds m_resetAfter;
    int m_attempts = 0;
    std::mt19937_64 m_random;
};

} // namespace pulse::client
