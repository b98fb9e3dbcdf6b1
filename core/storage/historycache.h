#pragma once

#include "model/clock.h"
#include "storage/pghistory.h"

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace pulse {

/** Counters of a HistoryCache. */
struct HistoryCacheStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0; ///< absent or expired
    std::uint64_t expired = 0; ///< entries dropped because their TTL passed
    std::uint64_t evicted = 0; ///< entries dropped to stay under the byte cap (least recently used first)
    std::uint64_t rejectedTooLarge = 0; ///< results bigger than the whole cap, not cached
    std::size_t entries = 0;
    std::size_t bytes = 0;
};

/**
 * In-process cache of history results keyed by HistoryQuery::cacheKey(). An entry lives for a TTL that follows
 * the stored resolution it was read from (ttlMs()): fine data changes fast, hourly rollups slowly. Bounded by
 * bytes (HistoryResult::memoryBytes() plus the key), least recently used out first. Failed results are never
 * stored. Thread-safe: one mutex, held only for map operations.
 */
class HistoryCache {
public:
    explicit HistoryCache(std::size_t maxBytes = 64u << 20, const Clock& clock = SystemClock::instance());

    /** Raw 2 s, 10 s data 5 s, 1 min data 10 s, 1 h data 60 s. */
    static std::int64_t ttlMs(HistoryResolution resolution);

    /** The cached result for the query, or null when absent or expired (an expired entry is dropped). */
    std::shared_ptr<const HistoryResult> find(const HistoryQuery& query);
    /** Stores a successful result; evicts least recently used entries to fit. */
    void insert(const HistoryQuery& query, std::shared_ptr<const HistoryResult> result);
    void clear();

    std::size_t maxBytes() const { return m_maxBytes; }
    HistoryCacheStats stats() const;

private:
    struct Entry {
        std::string key;
        std::shared_ptr<const HistoryResult> result;
        TimestampMs expiresMs = 0;
        std::size_t bytes = 0;
    };
    using List = std::list<Entry>; // front = most recently used

    void eraseLocked(List::iterator it);

    const std::size_t m_maxBytes;
    const Clock& m_clock;
    mutable std::mutex m_mutex;
    List m_lru;
    std::unordered_map<std::string, List::iterator> m_index;
    HistoryCacheStats m_stats;
};

} // namespace pulse
