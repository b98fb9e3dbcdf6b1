#include "model/seriesregistry.h"

#include "model/hash.h"

#include <algorithm>

namespace pulse {

std::string SeriesInfo::displayName() const
{
    std::string s = name;
    if (!tags.empty()) {
        s += '{';
        for (std::size_t i = 0; i < tags.size(); ++i) {
            if (i)
                s += ',';
            s += tags[i].first;
            if (!tags[i].second.empty()) {
                s += '=';
                s += tags[i].second;
            }
        }
        s += '}';
    }
    return s;
}

std::string_view SeriesInfo::tag(std::string_view key) const
{
    for (const auto& [k, v] : tags)
        if (k == key)
            return v;
    return {};
}

void sortTags(std::span<TagView> tags)
{
    for (std::size_t i = 1; i < tags.size(); ++i) {
        TagView t = tags[i];
        std::size_t j = i;
        while (j > 0 && (tags[j - 1].key > t.key || (tags[j - 1].key == t.key && tags[j - 1].value > t.value))) {
            tags[j] = tags[j - 1];
            --j;
        }
        tags[j] = t;
    }
}

static std::uint64_t keyHash(MetricType type, std::string_view name, std::span<const TagView> tags)
{
    std::uint64_t h = hashBytes(name, 0x51ed270b27b1f3a5ULL + static_cast<std::uint64_t>(type));
    for (const auto& t : tags)
        h = hashCombine(hashCombine(h, hashBytes(t.key)), hashBytes(t.value));
    return h;
}

SeriesRegistry::SeriesRegistry(std::size_t maxSeries)
    : m_maxSeries(std::max<std::size_t>(maxSeries, 1))
{
    m_slots.assign(1024, 0);
    for (int t = 0; t < kMetricTypeCount; ++t) {
        const auto type = static_cast<MetricType>(t);
        const TagView tag { "type", metricTypeName(type) };
        const std::span<const TagView> tags(&tag, 1);
        m_overflow[t] = insert(keyHash(type, "pulse.overflow", tags), type, "pulse.overflow", tags, true);
    }
}

SeriesId SeriesRegistry::find(
    std::uint64_t hash, MetricType type, std::string_view name, std::span<const TagView> tags) const
{
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint32_t slot = m_slots[i];
        if (slot == 0)
            return kInvalidSeries;
        const SeriesId id = slot - 1;
        if (m_hashes[id] != hash)
            continue;
        const SeriesInfo& s = *m_infos[id];
        if (s.type != type || s.name != name || s.tags.size() != tags.size())
            continue;
        bool same = true;
        for (std::size_t k = 0; k < tags.size() && same; ++k)
            same = s.tags[k].first == tags[k].key && s.tags[k].second == tags[k].value;
        if (same)
            return id;
    }
}

SeriesId SeriesRegistry::insert(
    std::uint64_t hash, MetricType type, std::string_view name, std::span<const TagView> tags, bool isOverflow)
{
    if ((m_infos.size() + 1) * 2 > m_slots.size())
        grow();
    auto info = std::make_shared<SeriesInfo>();
    const auto id = static_cast<SeriesId>(m_infos.size());
    info->id = id;
    info->type = type;
    info->name = std::string(name);
    info->tags.reserve(tags.size());
    for (const auto& t : tags)
        info->tags.emplace_back(std::string(t.key), std::string(t.value));
    info->isOverflow = isOverflow;
    m_infos.push_back(std::move(info));
    m_hashes.push_back(hash);
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash & mask;
    while (m_slots[i] != 0)
        i = (i + 1) & mask;
    m_slots[i] = id + 1;
    m_new.push_back(id);
    return id;
}

void SeriesRegistry::grow()
{
    std::vector<std::uint32_t> slots(m_slots.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (SeriesId id = 0; id < m_infos.size(); ++id) {
        std::size_t i = m_hashes[id] & mask;
        while (slots[i] != 0)
            i = (i + 1) & mask;
        slots[i] = id + 1;
    }
    m_slots.swap(slots);
}

SeriesId SeriesRegistry::intern(MetricType type, std::string_view name, std::span<const TagView> sortedTags)
{
    const std::uint64_t hash = keyHash(type, name, sortedTags);
    const SeriesId found = find(hash, type, name, sortedTags);
    if (found != kInvalidSeries)
        return found;
    if (m_regularCount >= m_maxSeries) {
        if (m_folded.size() < 1'000'000) {
            if (m_folded.insert(hash).second)
                ++m_foldedCount;
        }
        return m_overflow[static_cast<int>(type)];
    }
    ++m_regularCount;
    return insert(hash, type, name, sortedTags, false);
}

std::vector<SeriesId> SeriesRegistry::takeNewSeries()
{
    std::vector<SeriesId> out;
    out.swap(m_new);
    return out;
}

} // namespace pulse
