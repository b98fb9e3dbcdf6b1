#pragma once

#include "model/clock.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace pulse {

/**
 * Fixed-capacity ring of points at one resolution for one series; one writer, any number of readers,
 * neither ever waits for the other.
 *
 * Points are addressed by window index (start time / step): index i lives in slot i mod capacity, so a
 * missing window simply leaves a slot whose stamp does not match, and reads report it as a gap. Each
 * slot carries a 32-bit stamp (index − base, 0 = empty or being written) that works as a per-slot
 * seqlock: the writer clears the stamp, writes the cells (relaxed atomics) and publishes the new stamp
 * with release; a reader loads the stamp (acquire), copies the cells, fences, and re-checks the stamp.
 * A stamp value is written at most once per slot (duplicates and windows older than the ring are
 * rejected), so a matching stamp before and after the copy proves the cells belong to that window.
 * Cells are stored column-wise (cell c of slot s at c × capacity + s) so a range read of one field
 * walks contiguous memory.
 */
class StoreRing {
public:
    enum class WriteStatus : std::uint8_t {
        Stored,
        TooOld, ///< at or before newest − capacity: the slot now belongs to a newer window
        Duplicate, ///< that window is already stored; closed windows are immutable
        OutOfRange, ///< more than 2^32 − 1 steps after the ring's first window
        Misaligned, ///< the start time is not on the ring's step grid
    };

    /** A ring of `capacity` points of `cellCount` cells, whose grid is set by its first window start. */
    StoreRing(std::int64_t stepMs, std::uint32_t capacity, int cellCount, TimestampMs firstStartMs);

    StoreRing(const StoreRing&) = delete;
    StoreRing& operator=(const StoreRing&) = delete;

    std::int64_t stepMs() const { return m_stepMs; }
    std::uint32_t capacity() const { return m_capacity; }
    int cellCount() const { return m_cellCount; }

    /** Window index of a start time (floor), on this ring's grid. */
    std::int64_t indexAtOrBefore(TimestampMs timeMs) const;
    /** Smallest window index whose start is at or after `timeMs`. */
    std::int64_t indexAtOrAfter(TimestampMs timeMs) const;
    /** Start time of a window index. */
    TimestampMs startOf(std::int64_t index) const { return index * m_stepMs + m_phaseMs; }

    /** Writer: stores one window's cells (cellCount() of them). */
    WriteStatus write(TimestampMs startMs, std::span<const float> cells);

    /** Any thread: the newest window index written (the ring is only published after its first write). */
    std::int64_t newestIndex() const { return m_newestIndex.load(std::memory_order_acquire); }
    /** Any thread: the oldest index the ring can still hold given its newest. */
    std::int64_t horizonIndex() const { return newestIndex() - static_cast<std::int64_t>(m_capacity) + 1; }

    /**
     * Any thread: copies cell `cell` (and `otherCell`) of window `index`; false when the window is absent
     * or was overwritten while copying.
     */
    bool read(std::int64_t index, int cell, int otherCell, float& value, float& other) const;

    /** Heap bytes of a ring of this shape (object, stamps and cells). */
    static std::size_t bytesFor(std::uint32_t capacity, int cellCount);

private:
    std::size_t slotOf(std::int64_t index) const;

    const std::int64_t m_stepMs;
    const std::int64_t m_phaseMs; // start times are phase + k × step
    const std::uint32_t m_capacity;
    const int m_cellCount;
    const std::int64_t m_baseIndex; // stamp = index − base; base is one capacity before the first window
    std::atomic<std::int64_t> m_newestIndex;
    std::unique_ptr<std::atomic<std::uint32_t>[]> m_stamps;
    std::unique_ptr<std::atomic<float>[]> m_cells;
};

} // namespace pulse
