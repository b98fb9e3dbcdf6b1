#include "store/storering.h"

#include <limits>

namespace pulse {

namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t floorMod(std::int64_t a, std::int64_t b)
{
    return a - floorDiv(a, b) * b;
}

constexpr std::int64_t kMaxStamp = std::numeric_limits<std::uint32_t>::max();

} // namespace

StoreRing::StoreRing(std::int64_t stepMs, std::uint32_t capacity, int cellCount, TimestampMs firstStartMs)
    : m_stepMs(stepMs)
    , m_phaseMs(floorMod(firstStartMs, stepMs))
    , m_capacity(capacity)
    , m_cellCount(cellCount)
    , m_baseIndex(floorDiv(firstStartMs - m_phaseMs, stepMs) - static_cast<std::int64_t>(capacity))
    , m_newestIndex(m_baseIndex) // nothing written yet: every index ≤ base is "too old"
    , m_stamps(std::make_unique<std::atomic<std::uint32_t>[]>(capacity))
    , m_cells(std::make_unique<std::atomic<float>[]>(static_cast<std::size_t>(capacity) * cellCount))
{ }

std::int64_t StoreRing::indexAtOrBefore(TimestampMs timeMs) const
{
    return floorDiv(timeMs - m_phaseMs, m_stepMs);
}

std::int64_t StoreRing::indexAtOrAfter(TimestampMs timeMs) const
{
    return -floorDiv(-(timeMs - m_phaseMs), m_stepMs);
}

std::size_t StoreRing::slotOf(std::int64_t index) const
{
    return static_cast<std::size_t>(floorMod(index, m_capacity));
}

StoreRing::WriteStatus StoreRing::write(TimestampMs startMs, std::span<const float> cells)
{
    if (floorMod(startMs - m_phaseMs, m_stepMs) != 0)
        return WriteStatus::Misaligned;
    const std::int64_t index = floorDiv(startMs - m_phaseMs, m_stepMs);
    const std::int64_t newest = m_newestIndex.load(std::memory_order_relaxed); // only this thread writes it
    if (index <= newest - static_cast<std::int64_t>(m_capacity) || index <= m_baseIndex)
        return WriteStatus::TooOld;
    const std::int64_t stamp = index - m_baseIndex;
    if (stamp >= kMaxStamp)
        return WriteStatus::OutOfRange;
    const std::size_t slot = slotOf(index);
    std::atomic<std::uint32_t>& slotStamp = m_stamps[slot];
    if (slotStamp.load(std::memory_order_relaxed) == static_cast<std::uint32_t>(stamp))
        return WriteStatus::Duplicate;

    // Seqlock write: readers that see any new cell are guaranteed (release fence → their acquire fence)
    // to see the cleared stamp afterwards, so they drop the slot.
    slotStamp.store(0, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    for (int c = 0; c < m_cellCount; ++c)
        m_cells[static_cast<std::size_t>(c) * m_capacity + slot].store(
            cells[static_cast<std::size_t>(c)], std::memory_order_relaxed);
    slotStamp.store(static_cast<std::uint32_t>(stamp), std::memory_order_release);
    if (index > newest)
        m_newestIndex.store(index, std::memory_order_release);
    return WriteStatus::Stored;
}

bool StoreRing::read(std::int64_t index, int cell, int otherCell, float& value, float& other) const
{
    const std::int64_t stamp = index - m_baseIndex;
    if (stamp <= 0 || stamp >= kMaxStamp)
        return false;
    const std::size_t slot = slotOf(index);
    const auto expected = static_cast<std::uint32_t>(stamp);
    if (m_stamps[slot].load(std::memory_order_acquire) != expected)
        return false;
    value = m_cells[static_cast<std::size_t>(cell) * m_capacity + slot].load(std::memory_order_relaxed);
    other = m_cells[static_cast<std::size_t>(otherCell) * m_capacity + slot].load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    return m_stamps[slot].load(std::memory_order_relaxed) == expected;
}

std::size_t StoreRing::bytesFor(std::uint32_t capacity, int cellCount)
{
    return sizeof(StoreRing) + static_cast<std::size_t>(capacity) * sizeof(std::uint32_t)
        + static_cast<std::size_t>(capacity) * static_cast<std::size_t>(cellCount) * sizeof(float);
}

} // namespace pulse
