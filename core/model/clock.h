#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace pulse {

/** Milliseconds since the Unix epoch. */
using TimestampMs = std::int64_t;

/** Source of "now" for everything that decides on time; tests inject a ManualClock. */
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimestampMs nowMs() const = 0;
};

class SystemClock final : public Clock {
public:
    TimestampMs nowMs() const override
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    /** The process-wide wall clock. */
    static const SystemClock& instance()
    {
        static const SystemClock clock;
        return clock;
    }
};

/** A clock that only moves when told to; safe to read from any thread. */
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimestampMs start = 1'700'000'000'000)
        : m_nowMs(start)
    { }
    TimestampMs nowMs() const override { return m_nowMs.load(std::memory_order_relaxed); }
    void setMs(TimestampMs t) { m_nowMs.store(t, std::memory_order_relaxed); }
    void advanceMs(TimestampMs d) { m_nowMs.fetch_add(d, std::memory_order_relaxed); }

private:
    std::atomic<TimestampMs> m_nowMs;
};

} // namespace pulse
