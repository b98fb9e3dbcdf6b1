#include "pipeline/printsink.h"

#include "pipeline/windowjson.h"

namespace pulse {

PrintSink::PrintSink(std::FILE* out, std::set<std::uint16_t> specIndexes, std::size_t maxBufferedBytes)
    : m_out(out)
    , m_specIndexes(std::move(specIndexes))
    , m_maxBufferedBytes(maxBufferedBytes)
    , m_thread([this] { run(); })
{ }

PrintSink::~PrintSink()
{
    onStopped();
}

void PrintSink::onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry)
{
    std::string text;
    std::uint64_t lines = 0;
    for (const WindowBatchPtr& b : batches) {
        if (!m_specIndexes.contains(b->specIndex))
            continue;
        for (const WindowResult& r : b->results) {
            appendWindowJson(text, r, registry.info(r.series), b->quantiles);
            ++lines;
        }
    }
    if (text.empty())
        return;
    {
        std::lock_guard lock(m_mutex);
        if (m_pending.size() + text.size() > m_maxBufferedBytes) {
            m_dropped += lines;
            return;
        }
        m_pending += text;
    }
    m_wake.notify_one();
}

void PrintSink::onStopped()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_isDone)
            return;
        m_isDone = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

std::uint64_t PrintSink::droppedLines() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

void PrintSink::run()
{
    std::string chunk;
    for (;;) {
        bool isLast = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return !m_pending.empty() || m_isDone; });
            chunk.swap(m_pending);
            isLast = m_isDone;
        }
        if (!chunk.empty()) {
            std::fwrite(chunk.data(), 1, chunk.size(), m_out);
            std::fflush(m_out);
            chunk.clear();
        }
        if (isLast) {
            std::lock_guard lock(m_mutex);
            if (m_pending.empty())
                break;
        }
    }
    if (m_dropped > 0)
        std::fprintf(stderr, "pulseboard-server: %llu window lines dropped because the output was not read\n",
            static_cast<unsigned long long>(m_dropped));
}

} // namespace pulse
