#pragma once

#include "pipeline/windowsink.h"

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace pulse {

/**
 * Writes each closed window of the chosen specs as one JSON line to a FILE (stdout for --print).
 * Formatting happens on the aggregation thread; the write happens on the sink's own thread, so a
 * slow reader of the pipe never stalls aggregation. Buffered text is bounded: beyond
 * maxBufferedBytes whole lines are dropped and counted (reported at the end).
 */
class PrintSink final : public WindowSink {
public:
    PrintSink(std::FILE* out, std::set<std::uint16_t> specIndexes, std::size_t maxBufferedBytes = 64u << 20);
    ~PrintSink() override;

    void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry) override;
    void onStopped() override;

    std::uint64_t droppedLines() const;

private:
    void run();

    std::FILE* m_out;
    std::set<std::uint16_t> m_specIndexes;
    std::size_t m_maxBufferedBytes;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::string m_pending;
    std::uint64_t m_dropped = 0;
    bool m_isDone = false;
    std::thread m_thread;
};

} // namespace pulse
