#include "kafka/deadletterlog.h"

#include <cerrno>
#include <cstring>

namespace pulse {

DeadLetterLog::DeadLetterLog(std::size_t capacity, std::string path)
    : m_capacity(capacity ? capacity : 1)
{
    if (path.empty())
        return;
    m_file = std::fopen(path.c_str(), "a");
    if (!m_file)
        m_fileError = "cannot open dead-letter file '" + path + "': " + std::strerror(errno);
}

DeadLetterLog::~DeadLetterLog()
{
    if (m_file)
        std::fclose(m_file);
}

void DeadLetterLog::add(TimestampMs atMs, std::string_view topic, std::int32_t partition, std::int64_t offset,
    std::string_view reason, std::string_view payload)
{
    static constexpr char kHex[] = "0123456789abcdef";
    DeadLetter d { atMs, std::string(topic), partition, offset, std::string(reason), payload.size(), {} };
    const std::size_t n = std::min(payload.size(), kDeadLetterPrefixBytes);
    d.hexPrefix.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        const auto b = static_cast<unsigned char>(payload[i]);
        d.hexPrefix.push_back(kHex[b >> 4]);
        d.hexPrefix.push_back(kHex[b & 15]);
    }
    std::lock_guard lock(m_mutex);
    ++m_total;
    if (m_file) {
        // The reason is ours (no tabs or newlines); the topic is a validated Kafka name.
        if (std::fprintf(m_file, "%lld\t%s\t%d\t%lld\t%s\t%zu\t%s\n", static_cast<long long>(atMs), d.topic.c_str(),
                d.partition, static_cast<long long>(d.offset), d.reason.c_str(), d.sizeBytes, d.hexPrefix.c_str())
                < 0
            || std::fflush(m_file) != 0) {
            m_fileError = std::string("dead-letter file write failed: ") + std::strerror(errno);
            std::fclose(m_file);
            m_file = nullptr;
        }
    }
    if (m_entries.size() == m_capacity)
        m_entries.pop_front();
    m_entries.push_back(std::move(d));
}

std::vector<DeadLetter> DeadLetterLog::entries() const
{
    std::lock_guard lock(m_mutex);
    return { m_entries.begin(), m_entries.end() };
}

std::uint64_t DeadLetterLog::total() const
{
    std::lock_guard lock(m_mutex);
    return m_total;
}

std::string DeadLetterLog::fileError() const
{
    std::lock_guard lock(m_mutex);
    return m_fileError;
}

} // namespace pulse
