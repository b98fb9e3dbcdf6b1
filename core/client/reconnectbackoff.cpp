#include "client/reconnectbackoff.h"

#include <algorithm>

namespace pulse::client {

ReconnectBackoff::ReconnectBackoff(std::chrono::milliseconds base, std::chrono::milliseconds cap,
    std::chrono::milliseconds resetAfter, std::uint64_t seed)
    : m_base(std::max(base, std::chrono::milliseconds(1)))
    , m_cap(std::max(cap, m_base))
    , m_resetAfter(resetAfter)
    , m_random(seed)
{ }

std::chrono::milliseconds ReconnectBackoff::ceiling() const
{
    // base·2^n, without overflowing once it is past the cap.
    std::int64_t ceiling = m_base.count();
    for (int i = 0; i < m_attempts && ceiling < m_cap.count(); ++i)
        ceiling *= 2;
    return std::chrono::milliseconds(std::min(ceiling, m_cap.count()));
}

std::chrono::milliseconds ReconnectBackoff::next(std::chrono::milliseconds upFor)
{
    if (upFor >= m_resetAfter)
        m_attempts = 0;
    const std::int64_t ceilingMs = ceiling().count();
    m_attempts = std::min(m_attempts + 1, 64);
    std::uniform_int_distribution<std::int64_t> draw(0, ceilingMs);
    return std::chrono::milliseconds(draw(m_random));
}

} // namespace pulse::client
