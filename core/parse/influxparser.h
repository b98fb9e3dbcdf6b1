#pragma once

// InfluxDB line protocol: `measurement[,tag=value...] field=value[,field=value...] [timestamp]`.
// Zero-copy: every view points into the payload; per-line storage lives in the parser and is reused.

#include "model/seriesregistry.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

/** Unit of the timestamps in a payload; every timestamp is converted to nanoseconds. */
enum class InfluxPrecision : std::uint8_t { Nanoseconds, Microseconds, Milliseconds, Seconds };

/** "ns", "us", "ms" or "s"; nullopt for anything else. */
std::optional<InfluxPrecision> influxPrecisionFromString(std::string_view s);
/** The spelling influxPrecisionFromString accepts. */
std::string_view influxPrecisionName(InfluxPrecision p);

/** Why a line was rejected; the stable snake_case names come from influxRejectName. */
enum class InfluxReject : std::uint8_t {
    MissingFields, ///< no field set after the measurement and tags
    EmptyMeasurement,
    BadTag, ///< tag without '=', or with an empty key or value, or an unescaped '=' in the value
    BadField, ///< field without '=', or with an empty key (also a trailing ',')
    BadFieldValue, ///< empty value or not a number, boolean or string; text after a closing quote
    UnterminatedString, ///< string value without its closing quote on the same line
    BadInteger, ///< `...i` / `...u` whose digits are not an integer (`1.5i`, `-3u`, `-i`)
    OutOfRange, ///< integer, float or timestamp (after scaling to ns) beyond its type
    NotFinite, ///< NaN or infinity spelled out as a float
    BadTimestamp, ///< timestamp that is not a signed decimal integer
    LineTooLong, ///< longer than InfluxLimits::maxLineBytes
    TooManyTags,
    TooManyFields,
    NameTooLong, ///< measurement, tag key or field key longer than InfluxLimits::maxNameBytes (raw bytes)
};
inline constexpr std::size_t kInfluxRejectCount = 14;

/** "missing_fields", "bad_tag", ... */
std::string_view influxRejectName(InfluxReject r);

/** Bounds on one line, so that hostile input costs bounded memory. */
struct InfluxLimits {
    std::size_t maxLineBytes = 65536;
    std::size_t maxTags = 64;
    std::size_t maxFields = 256;
    std::size_t maxNameBytes = 256;
};

enum class InfluxFieldKind : std::uint8_t { Float, Int, Uint, Bool, String };

/** "float", "int", "uint", "bool", "string". */
std::string_view influxFieldKindName(InfluxFieldKind k);

/** One field of a point; only the value member matching `kind` is meaningful. */
struct InfluxField {
    std::string_view key; ///< raw bytes; unescape with unescapeKey when isKeyEscaped
    InfluxFieldKind kind = InfluxFieldKind::Float;
    bool isKeyEscaped = false;
    bool isStringEscaped = false; ///< String only: stringRaw holds \" or \\ sequences
    bool boolValue = false;
    double floatValue = 0.0;
    std::int64_t intValue = 0;
    std::uint64_t uintValue = 0;
    std::string_view stringRaw; ///< String only: between the quotes, still escaped

    /** The value as a gauge reading: floats, integers, booleans (1/0); 0 for strings. */
    double asDouble() const;
};

/** Escape flags of one tag, parallel to InfluxPoint::tags. */
struct InfluxTagFlags {
    bool isKeyEscaped = false;
    bool isValueEscaped = false;
};

/** One parsed line. Views point into the payload; spans are valid only during onPoint. */
struct InfluxPoint {
    std::string_view measurement; ///< raw bytes; unescape with unescapeMeasurement when isMeasurementEscaped
    bool isMeasurementEscaped = false;
    bool hasEscapedTags = false; ///< some tag key or value needs unescapeKey (see tagFlags)
    bool hasTimestamp = false; ///< false: timeNs is the caller's default time
    std::span<const TagView> tags; ///< raw, in input order
    std::span<const InfluxTagFlags> tagFlags; ///< parallel to tags
    std::span<const InfluxField> fields; ///< in input order; duplicate keys are kept (the last one wins downstream)
    std::int64_t timeNs = 0;
    std::size_t lineNumber = 0; ///< 1-based physical line of the payload
    std::string_view line; ///< the line without surrounding whitespace
};

/** Which escapes a token kind undoes. */
enum class InfluxEscaping : std::uint8_t {
    Measurement, ///< `\,` `\ ` `\\`
    Key, ///< tag keys, tag values, field keys: `\,` `\=` `\ ` `\\`
    String, ///< string field values: `\"` `\\`
};

/**
 * The unescaped text of a raw token: raw itself when it has no backslash, otherwise a view of
 * scratch (cleared and refilled; its capacity is reused, so steady state does not allocate).
 * A backslash before any other character is kept literally, as InfluxDB does.
 */
std::string_view unescapeInto(std::string_view raw, InfluxEscaping escaping, std::string& scratch);

inline std::string_view unescapeMeasurement(std::string_view raw, std::string& scratch)
{
    return unescapeInto(raw, InfluxEscaping::Measurement, scratch);
}
inline std::string_view unescapeKey(std::string_view raw, std::string& scratch)
{
    return unescapeInto(raw, InfluxEscaping::Key, scratch);
}
inline std::string_view unescapeString(std::string_view raw, std::string& scratch)
{
    return unescapeInto(raw, InfluxEscaping::String, scratch);
}

/**
 * Fills out with the point's tags unescaped, in input order; unescaped bytes go to arena (cleared,
 * reserved once for the whole point so the views stay valid until the next call).
 */
void unescapeTagsInto(const InfluxPoint& point, std::vector<TagView>& out, std::string& arena);

/**
 * Line protocol parser. Keep one per thread and reuse it: after the first few lines it parses
 * without allocating. The visitor needs
 *   void onPoint(const InfluxPoint&);
 *   void onReject(std::size_t lineNumber, InfluxReject reason, std::string_view line);
 * Blank lines and `#` comments are skipped; a bad line rejects only itself.
 */
class InfluxParser {
public:
    explicit InfluxParser(const InfluxLimits& limits = {});

    const InfluxLimits& limits() const { return m_limits; }

    /** Parses every line of payload in order; points without a timestamp get defaultTimeNs. */
    template <class V>
    void parse(std::string_view payload, InfluxPrecision precision, std::int64_t defaultTimeNs, V& visitor);

    enum class LineStatus : std::uint8_t { Skipped, Point, Rejected };

    /** Parses one physical line (no '\n'); on Point see point(), on Rejected see rejectReason(). */
    LineStatus parseLine(
        std::string_view line, std::size_t lineNumber, InfluxPrecision precision, std::int64_t defaultTimeNs);
    const InfluxPoint& point() const { return m_point; }
    InfluxReject rejectReason() const { return m_reject; }

private:
    LineStatus reject(InfluxReject reason)
    {
        m_reject = reason;
        return LineStatus::Rejected;
    }
    LineStatus parseFields(const char* p, const char* end, InfluxPrecision precision, std::int64_t defaultTimeNs);

    InfluxLimits m_limits;
    std::vector<TagView> m_tags;
    std::vector<InfluxTagFlags> m_tagFlags;
    std::vector<InfluxField> m_fields;
    InfluxPoint m_point;
    InfluxReject m_reject = InfluxReject::MissingFields;
};

template <class V>
void InfluxParser::parse(std::string_view payload, InfluxPrecision precision, std::int64_t defaultTimeNs, V& visitor)
{
    const char* p = payload.data();
    const char* const end = p + payload.size();
    std::size_t lineNumber = 0;
    while (p < end) {
        ++lineNumber;
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* lineEnd = nl ? nl : end;
        const std::string_view line(p, static_cast<std::size_t>(lineEnd - p));
        p = nl ? nl + 1 : end;
        switch (parseLine(line, lineNumber, precision, defaultTimeNs)) {
        case LineStatus::Skipped:
            break;
        case LineStatus::Point:
            visitor.onPoint(m_point);
            break;
        case LineStatus::Rejected:
            visitor.onReject(lineNumber, m_reject, m_point.line);
            break;
        }
    }
}

/** Convenience for one-off payloads; hot paths keep an InfluxParser to reuse its storage. */
template <class V>
void parseInflux(std::string_view payload, InfluxPrecision precision, std::int64_t defaultTimeNs,
    const InfluxLimits& limits, V& visitor)
{
    InfluxParser parser(limits);
    parser.parse(payload, precision, defaultTimeNs, visitor);
}

} // namespace pulse
