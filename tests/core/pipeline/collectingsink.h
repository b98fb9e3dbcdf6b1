#pragma once

#include "pipeline/windowsink.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace pulse::test {

/** Keeps every result of one spec with its series' display name; safe to read after the pipeline stopped. */
class CollectingSink final : public WindowSink {
public:
    explicit CollectingSink(std::uint16_t specIndex)
        : m_specIndex(specIndex)
    { }
    void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry) override
    {
        std::lock_guard lock(m_mutex);
        for (const auto& b : batches) {
            if (b->specIndex != m_specIndex)
                continue;
            for (const WindowResult& r : b->results)
                m_results.emplace_back(registry.info(r.series).displayName(), r);
        }
    }
    void onStopped() override
    {
        std::lock_guard lock(m_mutex);
        m_isStopped = true;
    }

    /** Sum of a field over every window of a series. */
    double total(const std::string& series, double WindowResult::*field) const
    {
        std::lock_guard lock(m_mutex);
        double sum = 0;
        for (const auto& [name, r] : m_results)
            if (name == series)
                sum += r.*field;
        return sum;
    }
    std::vector<WindowResult> resultsFor(const std::string& series) const
    {
        std::lock_guard lock(m_mutex);
        std::vector<WindowResult> out;
        for (const auto& [name, r] : m_results)
            if (name == series)
                out.push_back(r);
        return out;
    }
    bool isStopped() const
    {
        std::lock_guard lock(m_mutex);
        return m_isStopped;
    }

private:
    std::uint16_t m_specIndex;
    mutable std::mutex m_mutex;
    std::vector<std::pair<std::string, WindowResult>> m_results;
    bool m_isStopped = false;
};

} // namespace pulse::test
