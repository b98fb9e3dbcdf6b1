#include "ingest/streamprogress.h"

#include <algorithm>

namespace pulse {

namespace {

std::int64_t floorSecond(TimestampMs ms)
{
    if (ms == KafkaStreamProgress::kUnknownMs)
        return std::numeric_limits<std::int64_t>::min();
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

} // namespace

void PartitionProgress::add(std::int64_t offset, TimestampMs eventMs)
{
    nextOffset = std::max(nextOffset, offset + 1);
    maxEventMs = std::max(maxEventMs, eventMs);
    const std::int64_t second = floorSecond(eventMs);
    // Messages come in offset order, so the first one seen for a second has its lowest offset; timestamps are
    // mostly ascending, so the last entry is usually the one.
    for (auto it = firstOffsetBySecond.rbegin(); it != firstOffsetBySecond.rend(); ++it) {
        if (it->first == second)
            return;
        if (it->first < second) {
            firstOffsetBySecond.insert(it.base(), { second, offset });
            return;
        }
    }
    firstOffsetBySecond.insert(firstOffsetBySecond.begin(), { second, offset });
}

void KafkaStreamProgress::setStartOffsets(std::vector<PartitionOffset> offsets)
{
    std::lock_guard lock(m_mutex);
    m_startOffsets.clear();
    for (PartitionOffset& o : offsets)
        m_startOffsets[{ std::move(o.topic), o.partition }] = o.nextOffset;
}

std::optional<std::int64_t> KafkaStreamProgress::startOffset(const std::string& topic, std::int32_t partition) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_startOffsets.find({ topic, partition });
    if (it == m_startOffsets.end())
        return std::nullopt;
    return it->second;
}

void KafkaStreamProgress::onAssigned(const std::string& topic, std::int32_t partition, std::int64_t nextOffset)
{
    std::lock_guard lock(m_mutex);
    Partition& p = m_partitions[{ topic, partition }];
    p = Partition {};
    p.nextOffset = nextOffset;
}

void KafkaStreamProgress::onRevoked(const std::string& topic, std::int32_t partition)
{
    std::lock_guard lock(m_mutex);
    m_partitions.erase({ topic, partition });
}

void KafkaStreamProgress::onEndReached(
    const std::string& topic, std::int32_t partition, std::int64_t endOffset, bool isNothingPending)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_partitions.find({ topic, partition });
    if (it == m_partitions.end())
        return;
    it->second.endOffset = endOffset;
    if (isNothingPending)
        it->second.nextOffset = std::max(it->second.nextOffset, endOffset);
}

void KafkaStreamProgress::onIngested(const std::vector<PartitionProgress>& batch)
{
    std::lock_guard lock(m_mutex);
    for (const PartitionProgress& b : batch) {
        const auto it = m_partitions.find({ b.topic, b.partition });
        if (it == m_partitions.end())
            continue; // revoked meanwhile: its next owner reads these messages again
        Partition& p = it->second;
        p.nextOffset = std::max(p.nextOffset, b.nextOffset);
        p.maxEventMs = std::max(p.maxEventMs, b.maxEventMs);
        for (const auto& [second, offset] : b.firstOffsetBySecond) {
            const auto [entry, isNew] = p.firstOffsetBySecond.try_emplace(second, offset);
            if (!isNew)
                entry->second = std::min(entry->second, offset);
        }
    }
}

TimestampMs KafkaStreamProgress::eventClockMs(TimestampMs wallNowMs)
{
    std::lock_guard lock(m_mutex);
    TimestampMs clock = std::numeric_limits<TimestampMs>::max();
    for (const auto& [_, p] : m_partitions) {
        const bool isCaughtUp = p.endOffset >= 0 && p.nextOffset >= p.endOffset;
        const TimestampMs progress = isCaughtUp ? std::max(wallNowMs, p.maxEventMs) : p.maxEventMs;
        clock = std::min(clock, progress);
    }
    if (!m_partitions.empty() && clock != kUnknownMs)
        m_clockMs = std::max(m_clockMs, clock);
    return m_clockMs;
}

std::vector<PartitionOffset> KafkaStreamProgress::resumeOffsets(TimestampMs closedMs)
{
    std::lock_guard lock(m_mutex);
    std::vector<PartitionOffset> out;
    const std::int64_t closedSecond = floorSecond(closedMs);
    for (auto& [key, p] : m_partitions) {
        // Seconds before closedMs are in closed windows of every table: forget them.
        p.firstOffsetBySecond.erase(p.firstOffsetBySecond.begin(), p.firstOffsetBySecond.lower_bound(closedSecond));
        std::int64_t resume = p.nextOffset;
        for (const auto& [_, offset] : p.firstOffsetBySecond)
            resume = resume < 0 ? offset : std::min(resume, offset);
        if (resume >= 0)
            out.push_back({ key.first, key.second, resume });
    }
    return out;
}

} // namespace pulse
