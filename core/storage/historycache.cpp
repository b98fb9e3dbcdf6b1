#include "storage/historycache.h"

#include <utility>

namespace pulse {

HistoryCache::HistoryCache(std::size_t maxBytes, const Clock& clock)
    : m_maxBytes(maxBytes)
    , m_clock(clock)
{ }

std::int64_t HistoryCache::ttlMs(HistoryResolution resolution)
{
    switch (resolution) {
    case HistoryResolution::Raw:
        return 2'000;
    case HistoryResolution::TenSeconds:
        return 5'000;
    case HistoryResolution::OneMinute:
        return 10'000;
    case HistoryResolution::OneHour:
        return 60'000;
    case HistoryResolution::Auto:
        break;
    }
    return 2'000; // results always name a stored resolution; be conservative otherwise
}

std::shared_ptr<const HistoryResult> HistoryCache::find(const HistoryQuery& query)
{
    const std::string key = query.cacheKey();
    const TimestampMs now = m_clock.nowMs();
    std::lock_guard lock(m_mutex);
    const auto found = m_index.find(key);
    if (found == m_index.end()) {
        ++m_stats.misses;
        return nullptr;
    }
    const auto it = found->second;
    if (now >= it->expiresMs) {
        eraseLocked(it);
        ++m_stats.expired;
        ++m_stats.misses;
        return nullptr;
    }
    m_lru.splice(m_lru.begin(), m_lru, it);
    ++m_stats.hits;
    return it->result;
}

void HistoryCache::insert(const HistoryQuery& query, std::shared_ptr<const HistoryResult> result)
{
    if (!result || !result->isOk())
        return;
    std::string key = query.cacheKey();
    const std::size_t bytes = result->memoryBytes() + key.size() + sizeof(Entry) + 64; // 64: list and map nodes
    const TimestampMs expires = m_clock.nowMs() + ttlMs(result->resolution);
    std::lock_guard lock(m_mutex);
    if (const auto found = m_index.find(key); found != m_index.end())
        eraseLocked(found->second);
    if (bytes > m_maxBytes) {
        ++m_stats.rejectedTooLarge;
        return;
    }
    while (m_stats.bytes + bytes > m_maxBytes && !m_lru.empty()) {
        eraseLocked(std::prev(m_lru.end()));
        ++m_stats.evicted;
    }
    m_lru.push_front(Entry { std::move(key), std::move(result), expires, bytes });
    m_index.emplace(m_lru.front().key, m_lru.begin());
    m_stats.bytes += bytes;
    m_stats.entries = m_lru.size();
}

void HistoryCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_index.clear();
    m_lru.clear();
    m_stats.bytes = 0;
    m_stats.entries = 0;
}

HistoryCacheStats HistoryCache::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void HistoryCache::eraseLocked(List::iterator it)
{
    m_stats.bytes -= it->bytes;
    m_index.erase(it->key);
    m_lru.erase(it);
    m_stats.entries = m_lru.size();
}

} // namespace pulse
