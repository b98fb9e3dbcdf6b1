#pragma once

#include "model/sample.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace pulse {

struct TagView {
    std::string_view key;
    std::string_view value;
    friend bool operator==(const TagView&, const TagView&) = default;
};

using Tag = std::pair<std::string, std::string>;

/** Immutable description of a series; shared with other threads once published. */
struct SeriesInfo {
    SeriesId id = kInvalidSeries;
    MetricType type = MetricType::Gauge;
    std::string name;
    std::vector<Tag> tags; ///< sorted by key, then value
    bool isOverflow = false; ///< the fold target for series beyond the cardinality cap

    /** `name{k=v,k2=v2}` — the canonical text form used in catalogs and logs. */
    std::string displayName() const;
    /** Value of a tag, or empty view if absent. */
    std::string_view tag(std::string_view key) const;
};

using SeriesInfoPtr = std::shared_ptr<const SeriesInfo>;

/** Sorts tags in place by key then value (small arrays; insertion sort, no allocation). */
void sortTags(std::span<TagView> tags);

/**
 * Interns (type, name, sorted tags) to a compact SeriesId. Single writer (the aggregation thread);
 * a hit never allocates. Beyond the cardinality cap new keys fold into one overflow series per type,
 * named `pulse.overflow` with tag `type`, so totals stay right.
 */
class SeriesRegistry {
public:
    explicit SeriesRegistry(std::size_t maxSeries = 50'000);

    /** The id for the key; `sortedTags` must be sorted (see sortTags). */
    SeriesId intern(MetricType type, std::string_view name, std::span<const TagView> sortedTags);

    const SeriesInfo& info(SeriesId id) const { return *m_infos[id]; }
    const SeriesInfoPtr& infoPtr(SeriesId id) const { return m_infos[id]; }
    /** Number of ids handed out, overflow series included. */
    std::size_t size() const { return m_infos.size(); }
    /** Distinct keys that were folded into an overflow series (exact up to 1M keys). */
    std::size_t foldedSeries() const { return m_foldedCount; }
    std::size_t maxSeries() const { return m_maxSeries; }
    /** Ids handed out since the last call; the publisher uses it to announce new series. */
    std::vector<SeriesId> takeNewSeries();

private:
    // The key's place in the arena sits in the slot, so a hit costs one cache miss in the table and one in the arena.
    // 16 bytes, so four slots share a cache line; the upper hash bits filter before any key bytes are read.
    struct Slot {
        std::uint32_t hashTag = 0;
        SeriesId id = kInvalidSeries;
        std::uint32_t keyOffset = 0;
        std::uint32_t keySize = 0;
    };
    static std::uint32_t hashTag(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }
    /** Writes the canonical, length-prefixed key of (type, name, tags) into m_scratch and returns its hash. */
    std::uint64_t encodeKey(MetricType type, std::string_view name, std::span<const TagView> tags);
    std::string_view keyOf(SeriesId id) const
    {
        return std::string_view(m_keyArena).substr(m_keyOffsets[id], m_keyOffsets[id + 1] - m_keyOffsets[id]);
    }
    SeriesId find(std::uint64_t hash) const;
    SeriesId insert(
        std::uint64_t hash, MetricType type, std::string_view name, std::span<const TagView> tags, bool isOverflow);
    void grow();

    std::size_t m_maxSeries;
    std::size_t m_regularCount = 0;
    std::vector<SeriesInfoPtr> m_infos;
    std::vector<std::uint64_t> m_hashes; // by id
    // Keys live back to back in one arena so a lookup compares bytes without chasing SeriesInfo pointers.
    std::string m_keyArena;
    std::vector<std::uint32_t> m_keyOffsets { 0 }; // id → start in m_keyArena; one extra entry at the end
    std::string m_scratch;
    std::vector<Slot> m_slots; // open addressing, linear probing, load ≤ 1/2
    std::vector<SeriesId> m_new;
    SeriesId m_overflow[kMetricTypeCount];
    std::unordered_set<std::uint64_t> m_folded;
    std::size_t m_foldedCount = 0;
};

} // namespace pulse
