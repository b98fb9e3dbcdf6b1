#include "model/seriesregistry.h"

#include "model/hash.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

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

namespace {

void appendLengthPrefixed(std::string& out, std::string_view s)
{
    // Varint length, then the bytes: unambiguous whatever bytes names and tags hold.
    std::size_t n = s.size();
    while (n >= 0x80) {
        out.push_back(static_cast<char>(0x80 | (n & 0x7f)));
        n >>= 7;
    }
    out.push_back(static_cast<char>(n));
    out.append(s);
}

} // namespace

std::uint64_t SeriesRegistry::encodeKey(MetricType type, std::string_view name, std::span<const TagView> tags)
{
    m_scratch.clear();
    m_scratch.push_back(static_cast<char>(type));
    appendLengthPrefixed(m_scratch, name);
    for (const auto& t : tags) {
        appendLengthPrefixed(m_scratch, t.key);
        appendLengthPrefixed(m_scratch, t.value);
    }
    return hashBytes(m_scratch);
}

SeriesRegistry::SeriesRegistry(std::size_t maxSeries)
    : m_maxSeries(std::max<std::size_t>(maxSeries, 1))
{
    m_slots.resize(1024);
    for (int t = 0; t < kMetricTypeCount; ++t) {
        const auto type = static_cast<MetricType>(t);
        const TagView tag { "type", metricTypeName(type) };
        const std::span<const TagView> tags(&tag, 1);
        m_overflow[t] = insert(encodeKey(type, "pulse.overflow", tags), type, "pulse.overflow", tags, true);
    }
}

SeriesId SeriesRegistry::find(std::uint64_t hash) const
{
    const std::size_t mask = m_slots.size() - 1;
    const std::string_view key = m_scratch;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& slot = m_slots[i];
        if (slot.id == kInvalidSeries)
            return kInvalidSeries;
        if (slot.hashTag == hashTag(hash) && slot.keySize == key.size()
            && std::memcmp(m_keyArena.data() + slot.keyOffset, key.data(), key.size()) == 0)
            return slot.id;
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
    m_keyArena += m_scratch;
    m_keyOffsets.push_back(static_cast<std::uint32_t>(m_keyArena.size()));
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash & mask;
    while (m_slots[i].id != kInvalidSeries)
        i = (i + 1) & mask;
    m_slots[i] = Slot { hashTag(hash), id, m_keyOffsets[id], static_cast<std::uint32_t>(m_scratch.size()) };
    m_new.push_back(id);
    return id;
}

void SeriesRegistry::grow()
{
    std::vector<Slot> slots(m_slots.size() * 2);
    const std::size_t mask = slots.size() - 1;
    for (SeriesId id = 0; id < m_infos.size(); ++id) {
        std::size_t i = m_hashes[id] & mask;
        while (slots[i].id != kInvalidSeries)
            i = (i + 1) & mask;
        const std::string_view key = keyOf(id);
        slots[i] = Slot { hashTag(m_hashes[id]), id, m_keyOffsets[id], static_cast<std::uint32_t>(key.size()) };
    }
    m_slots.swap(slots);
}

SeriesId SeriesRegistry::intern(MetricType type, std::string_view name, std::span<const TagView> sortedTags)
{
    const std::uint64_t hash = encodeKey(type, name, sortedTags);
    const SeriesId found = find(hash);
    if (found != kInvalidSeries)
        return found;
    // Key offsets are 32-bit: an arena that would pass 4 GiB counts as a full registry.
    if (m_regularCount >= m_maxSeries || m_keyArena.size() + m_scratch.size() > UINT32_MAX) {
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
