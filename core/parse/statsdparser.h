#pragma once

// StatsD + DogStatsD payload parser: zero-copy views over the payload bytes, no allocation.
//
// Metric line:   name:value[:value...]|type[|@rate][|#tag:val,tag2][|T<unix s>][|c:<container>]
// Event:         _e{title_len,text_len}:title|text[|d:ts][|h:host][|k:key][|p:prio][|s:src][|t:alert][|#tags]
// Service check: _sc|name|status[|d:ts][|h:host][|#tags][|m:message]
//
// Extension fields may come in any order; each known field at most once per line. Unknown fields
// shaped like `ident:...` (ident = [a-z][a-z0-9_]*) are ignored because DogStatsD keeps adding them;
// anything else is rejected. A line is either wholly accepted (all its packed values) or rejected.

#include "model/metrictype.h"
#include "model/seriesregistry.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>

namespace pulse {

/** Why a StatsD line was rejected; stable names via statsdRejectName(). */
enum class StatsdReject : std::uint8_t {
    NoValue,
    BadType,
    BadSampleRate,
    NotFinite,
    OutOfRange,
    BadValue,
    EmptyName,
    BadName,
    BadTag,
    BadTimestamp,
    BadField,
    LineTooLong,
    NameTooLong,
    TagTooLong,
    TooManyTags,
    BadEvent,
    BadServiceCheck,
};

inline constexpr int kStatsdRejectCount = 17;

/** Stable snake_case name of a rejection reason, e.g. "bad_sample_rate". */
constexpr std::string_view statsdRejectName(StatsdReject r)
{
    switch (r) {
    case StatsdReject::NoValue:
        return "no_value";
    case StatsdReject::BadType:
        return "bad_type";
    case StatsdReject::BadSampleRate:
        return "bad_sample_rate";
    case StatsdReject::NotFinite:
        return "not_finite";
    case StatsdReject::OutOfRange:
        return "out_of_range";
    case StatsdReject::BadValue:
        return "bad_value";
    case StatsdReject::EmptyName:
        return "empty_name";
    case StatsdReject::BadName:
        return "bad_name";
    case StatsdReject::BadTag:
        return "bad_tag";
    case StatsdReject::BadTimestamp:
        return "bad_timestamp";
    case StatsdReject::BadField:
        return "bad_field";
    case StatsdReject::LineTooLong:
        return "line_too_long";
    case StatsdReject::NameTooLong:
        return "name_too_long";
    case StatsdReject::TagTooLong:
        return "tag_too_long";
    case StatsdReject::TooManyTags:
        return "too_many_tags";
    case StatsdReject::BadEvent:
        return "bad_event";
    case StatsdReject::BadServiceCheck:
        return "bad_service_check";
    }
    return "unknown";
}

/** Per-line limits; a line breaking one is rejected with the matching reason. */
struct StatsdLimits {
    std::size_t maxLineBytes = 8192;
    std::size_t maxNameBytes = 250;
    std::size_t maxTagBytes = 200; ///< per tag, key + value
    std::size_t maxTags = 64;
};

namespace detail {

/** First c in [p, end), or end: 8 bytes per step (SWAR), as fields are too short for a memchr call to pay off. */
inline const char* findByte(const char* p, const char* end, char c)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    const std::uint64_t pattern = kOnes * static_cast<unsigned char>(c);
    while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        word ^= pattern; // matching bytes become zero
        // The lowest flagged byte is exact (borrows only flag bytes above a real zero); little endian.
        const std::uint64_t zeros = (word - kOnes) & ~word & kHighs;
        if (zeros)
            return p + (std::countr_zero(zeros) >> 3);
        p += 8;
    }
    while (p < end && *p != c)
        ++p;
    return p;
}

} // namespace detail

/** The validated `#a:b,c` section of a line, iterated lazily as TagView (a tag without ':' has value ""). */
class StatsdTags {
public:
    class Iterator {
    public:
        using iterator_concept = std::forward_iterator_tag;
        using iterator_category = std::forward_iterator_tag;
        using value_type = TagView;
        using difference_type = std::ptrdiff_t;
        using pointer = const TagView*;
        using reference = const TagView&;

        Iterator() = default;
        const TagView& operator*() const { return m_tag; }
        const TagView* operator->() const { return &m_tag; }
        Iterator& operator++()
        {
            m_entry = m_next;
            load();
            return *this;
        }
        Iterator operator++(int)
        {
            Iterator old = *this;
            ++*this;
            return old;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.m_entry == b.m_entry; }

    private:
        friend class StatsdTags;
        Iterator(const char* entry, const char* end)
            : m_entry(entry)
            , m_end(end)
        {
            load();
        }
        void load()
        {
            if (m_entry == m_end)
                return;
            const char* const entryEnd = detail::findByte(m_entry, m_end, ',');
            m_next = entryEnd < m_end ? entryEnd + 1 : m_end;
            const char* const colon = detail::findByte(m_entry, entryEnd, ':');
            if (colon != entryEnd) {
                m_tag.key = std::string_view(m_entry, std::size_t(colon - m_entry));
                m_tag.value = std::string_view(colon + 1, std::size_t(entryEnd - colon - 1));
            } else {
                m_tag.key = std::string_view(m_entry, std::size_t(entryEnd - m_entry));
                m_tag.value = {};
            }
        }

        const char* m_entry = nullptr;
        const char* m_end = nullptr;
        const char* m_next = nullptr;
        TagView m_tag;
    };

    StatsdTags() = default;
    /** `raw` is a validated tag list without the leading '#'; `count` its number of tags. */
    StatsdTags(std::string_view raw, std::uint32_t count)
        : m_raw(raw)
        , m_count(count)
    { }

    std::size_t size() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    /** The tag list as sent, without the leading '#'. */
    std::string_view raw() const { return m_raw; }
    Iterator begin() const { return { m_raw.data(), m_raw.data() + m_raw.size() }; }
    Iterator end() const { return { m_raw.data() + m_raw.size(), m_raw.data() + m_raw.size() }; }

    /** Writes up to out.size() tags into a caller-provided buffer (no allocation); returns how many. */
    std::size_t copyTo(std::span<TagView> out) const
    {
        std::size_t n = 0;
        for (auto it = begin(), e = end(); it != e && n < out.size(); ++it)
            out[n++] = *it;
        return n;
    }

private:
    std::string_view m_raw;
    std::uint32_t m_count = 0;
};

/** One parsed metric value; views point into the payload. */
struct StatsdSample {
    std::string_view name;
    MetricType type = MetricType::Counter;
    double value = 0.0; ///< 0 for sets
    std::string_view setMember; ///< sets only
    bool isDelta = false; ///< gauges only: value had a leading '+' or '-' and is added
    double sampleRate = 1.0; ///< (0, 1]
    StatsdTags tags;
    std::optional<std::int64_t> timestampSec; ///< from `|T`
    std::string_view container; ///< from `|c:`, empty if absent
    std::size_t lineNumber = 0; ///< 1-based within the payload
};

/** A DogStatsD event (`_e{...}`); text is raw (DogStatsD senders escape newlines as "\\n"). */
struct StatsdEvent {
    std::string_view title;
    std::string_view text;
    std::optional<std::int64_t> timestampSec;
    std::optional<std::string_view> host;
    std::optional<std::string_view> aggregationKey;
    std::optional<std::string_view> priority; ///< "normal" or "low"
    std::optional<std::string_view> sourceType;
    std::optional<std::string_view> alertType; ///< "error", "warning", "info" or "success"
    StatsdTags tags;
    std::string_view container;
    std::size_t lineNumber = 0;
};

/** A DogStatsD service check (`_sc|...`). */
struct StatsdServiceCheck {
    std::string_view name;
    int status = 0; ///< 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    std::optional<std::int64_t> timestampSec;
    std::optional<std::string_view> host;
    std::optional<std::string_view> message; ///< the rest of the line after `m:`
    StatsdTags tags;
    std::string_view container;
    std::size_t lineNumber = 0;
};

namespace detail {

inline constexpr std::size_t kStatsdInlineValues = 16;

enum class StatsdLineKind : std::uint8_t { Sample, Event, ServiceCheck, Reject };

/** Scratch filled by parseStatsdLine; reused across lines so nothing is constructed per line. */
struct StatsdLineResult {
    StatsdSample sample; ///< holds the first value
    std::string_view values; ///< the packed values, ':'-separated
    std::size_t valueCount = 0;
    double parsedValues[kStatsdInlineValues] = {};
    bool parsedDeltas[kStatsdInlineValues] = {};
    StatsdEvent event;
    StatsdServiceCheck serviceCheck;
    StatsdReject reason = StatsdReject::BadValue;
};

/** Parses one non-empty line without its line break. */
StatsdLineKind parseStatsdLine(std::string_view line, const StatsdLimits& limits, StatsdLineResult& out);

/** Re-parses one already validated numeric value (packed values beyond the inline buffer). */
void reparseStatsdNumber(std::string_view token, bool isGauge, double& value, bool& isDelta);

template <class Visitor> void emitPacked(StatsdLineResult& r, Visitor& visitor)
{
    StatsdSample& s = r.sample;
    const bool isSet = s.type == MetricType::Set;
    const bool isGauge = s.type == MetricType::Gauge;
    const char* p = r.values.data();
    const char* const end = p + r.values.size();
    for (std::size_t i = 0; i < r.valueCount; ++i) {
        const char* const tokenEnd = findByte(p, end, ':');
        const std::string_view token(p, std::size_t(tokenEnd - p));
        p = tokenEnd + 1;
        if (isSet) {
            s.setMember = token;
        } else if (i < kStatsdInlineValues) {
            s.value = r.parsedValues[i];
            s.isDelta = r.parsedDeltas[i];
        } else {
            reparseStatsdNumber(token, isGauge, s.value, s.isDelta);
        }
        visitor.onSample(static_cast<const StatsdSample&>(s));
    }
}

} // namespace detail

/**
 * Parses every line of a StatsD/DogStatsD payload and reports each result to the visitor:
 * `onSample(const StatsdSample&)` once per value, `onEvent(const StatsdEvent&)`,
 * `onServiceCheck(const StatsdServiceCheck&)` and
 * `onReject(std::size_t lineNumber, StatsdReject reason, std::string_view line)`.
 * Lines end with '\n' (a preceding '\r' is dropped); empty lines are skipped but still numbered.
 */
template <class Visitor> void parseStatsd(std::string_view payload, const StatsdLimits& limits, Visitor& visitor)
{
    detail::StatsdLineResult r;
    const char* pos = payload.data();
    const char* const end = pos + payload.size();
    std::size_t lineNumber = 0;
    while (pos < end) {
        ++lineNumber;
        const auto* nl = static_cast<const char*>(std::memchr(pos, '\n', std::size_t(end - pos)));
        const char* lineEnd = nl ? nl : end;
        std::string_view line(pos, std::size_t(lineEnd - pos));
        pos = nl ? nl + 1 : end;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            continue;
        switch (detail::parseStatsdLine(line, limits, r)) {
        case detail::StatsdLineKind::Sample:
            r.sample.lineNumber = lineNumber;
            if (r.valueCount == 1)
                visitor.onSample(static_cast<const StatsdSample&>(r.sample));
            else
                detail::emitPacked(r, visitor);
            break;
        case detail::StatsdLineKind::Event:
            r.event.lineNumber = lineNumber;
            visitor.onEvent(static_cast<const StatsdEvent&>(r.event));
            break;
        case detail::StatsdLineKind::ServiceCheck:
            r.serviceCheck.lineNumber = lineNumber;
            visitor.onServiceCheck(static_cast<const StatsdServiceCheck&>(r.serviceCheck));
            break;
        case detail::StatsdLineKind::Reject:
            visitor.onReject(lineNumber, r.reason, static_cast<std::string_view>(line));
            break;
        }
    }
}

} // namespace pulse
