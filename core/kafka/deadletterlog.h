#pragma once

#include "model/clock.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

/** One message that could not be used; never more than a short hex prefix of its bytes. */
struct DeadLetter {
    TimestampMs atMs = 0;
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::string reason;
    std::size_t sizeBytes = 0;
    std::string hexPrefix; ///< the first kDeadLetterPrefixBytes bytes, hex encoded
};
inline constexpr std::size_t kDeadLetterPrefixBytes = 16;

/**
 * Bounded record of dead letters: the last `capacity` in memory and, optionally, appended to a
 * file as one tab-separated line each (the file is the operator's to rotate). Thread-safe.
 */
class DeadLetterLog {
public:
    explicit DeadLetterLog(std::size_t capacity = 256, std::string path = {});
    ~DeadLetterLog();
    DeadLetterLog(const DeadLetterLog&) = delete;
    DeadLetterLog& operator=(const DeadLetterLog&) = delete;

    /** Records a message; `payload` is only used for its size and prefix. */
    void add(TimestampMs atMs, std::string_view topic, std::int32_t partition, std::int64_t offset,
        std::string_view reason, std::string_view payload);

    /** The retained entries, oldest first. */
    std::vector<DeadLetter> entries() const;
    /** Every entry ever added, including those the ring dropped. */
    std::uint64_t total() const;
    /** Empty, or why the file could not be opened or written. */
    std::string fileError() const;

private:
    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::deque<DeadLetter> m_entries;
    std::uint64_t m_total = 0;
    std::FILE* m_file = nullptr;
    std::string m_fileError;
};

} // namespace pulse
