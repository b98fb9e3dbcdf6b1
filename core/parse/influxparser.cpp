#include "parse/influxparser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>

namespace pulse {

namespace {

// Character classes, so each token scan is one table lookup per byte.
enum : std::uint8_t {
    kComma = 1,
    kSpace = 2,
    kEquals = 4,
    kBackslash = 8,
    kQuote = 16,
};

constexpr std::array<std::uint8_t, 256> makeClasses()
{
    std::array<std::uint8_t, 256> t {};
    t[static_cast<unsigned char>(',')] = kComma;
    t[static_cast<unsigned char>(' ')] = kSpace;
    t[static_cast<unsigned char>('=')] = kEquals;
    t[static_cast<unsigned char>('\\')] = kBackslash;
    t[static_cast<unsigned char>('"')] = kQuote;
    return t;
}
constexpr std::array<std::uint8_t, 256> kClasses = makeClasses();

inline std::uint8_t classOf(char c)
{
    return kClasses[static_cast<unsigned char>(c)];
}

/** Advances p to the first unescaped byte of a class in stopMask (or end); notes any backslash. */
inline const char* scanToken(const char* p, const char* end, std::uint8_t stopMask, bool& isEscaped)
{
    const std::uint8_t mask = stopMask | kBackslash;
    while (p < end) {
        const std::uint8_t cls = classOf(*p);
        if (!(cls & mask)) {
            ++p;
            continue;
        }
        if (cls & stopMask)
            return p;
        // A backslash shields the next byte from being a delimiter.
        isEscaped = true;
        p += (end - p >= 2) ? 2 : 1;
    }
    return p;
}

inline bool isDigit(char c)
{
    return static_cast<unsigned char>(c - '0') < 10;
}

/** Decimal digits only, nothing else; false on syntax errors, overflow reported separately. */
inline bool parseDigits(const char* p, const char* end, std::uint64_t& out, bool& isOverflow)
{
    if (p == end)
        return false;
    std::uint64_t acc = 0;
    isOverflow = false;
    for (; p < end; ++p) {
        if (!isDigit(*p))
            return false;
        const auto digit = static_cast<std::uint64_t>(*p - '0');
        if (__builtin_mul_overflow(acc, 10u, &acc) || __builtin_add_overflow(acc, digit, &acc))
            isOverflow = true; // keep scanning: a later non-digit makes it a syntax error instead
    }
    out = acc;
    return true;
}

enum class IntResult : std::uint8_t { Ok, Bad, OutOfRange };

inline IntResult parseSigned(const char* p, const char* end, std::int64_t& out)
{
    const bool isNegative = p < end && *p == '-';
    if (isNegative)
        ++p;
    std::uint64_t magnitude = 0;
    bool isOverflow = false;
    if (!parseDigits(p, end, magnitude, isOverflow))
        return IntResult::Bad;
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (isOverflow || magnitude > kMax + (isNegative ? 1u : 0u))
        return IntResult::OutOfRange;
    // Negate in unsigned space so INT64_MIN needs no signed overflow.
    out = isNegative ? static_cast<std::int64_t>(0u - magnitude) : static_cast<std::int64_t>(magnitude);
    return IntResult::Ok;
}

/**
 * Tells overflow from underflow for a float text that from_chars called out of range: the
 * decimal exponent of its first significant digit is far from 0 either way (|e| > 300).
 */
bool isFloatOverflow(const char* p, const char* end)
{
    if (p < end && (*p == '-' || *p == '+'))
        ++p;
    long long magnitude = 0;
    bool isSignificant = false;
    bool isFraction = false;
    for (; p < end && *p != 'e' && *p != 'E'; ++p) {
        if (*p == '.') {
            isFraction = true;
        } else if (!isSignificant) {
            if (*p != '0')
                isSignificant = true;
            else if (isFraction)
                --magnitude;
            if (isSignificant && isFraction)
                --magnitude;
        } else if (!isFraction) {
            ++magnitude;
        }
    }
    if (p < end) {
        ++p;
        const bool isExpNegative = p < end && *p == '-';
        if (p < end && (*p == '-' || *p == '+'))
            ++p;
        long long exponent = 0;
        for (; p < end && isDigit(*p); ++p)
            exponent = std::min(exponent * 10 + (*p - '0'), 1'000'000'000LL);
        magnitude += isExpNegative ? -exponent : exponent;
    }
    return magnitude > 0;
}

constexpr bool equalsAny(std::string_view s, std::initializer_list<std::string_view> options)
{
    for (std::string_view o : options) {
        if (s == o)
            return true;
    }
    return false;
}

/** Parses a field value that is not a string: integer, unsigned, boolean or float. */
std::optional<InfluxReject> parseScalar(const char* b, const char* e, InfluxField& field)
{
    const char first = *b;
    const char last = e[-1];
    const bool isNumeric = first == '-' || isDigit(first);
    if (last == 'i' && isNumeric) {
        switch (parseSigned(b, e - 1, field.intValue)) {
        case IntResult::Ok:
            field.kind = InfluxFieldKind::Int;
            return std::nullopt;
        case IntResult::Bad:
            return InfluxReject::BadInteger;
        case IntResult::OutOfRange:
            return InfluxReject::OutOfRange;
        }
        return InfluxReject::BadInteger;
    }
    if (last == 'u' && isNumeric) {
        bool isOverflow = false;
        if (!parseDigits(b, e - 1, field.uintValue, isOverflow))
            return InfluxReject::BadInteger;
        if (isOverflow)
            return InfluxReject::OutOfRange;
        field.kind = InfluxFieldKind::Uint;
        return std::nullopt;
    }
    if (first == 't' || first == 'T' || first == 'f' || first == 'F') {
        const std::string_view s(b, static_cast<std::size_t>(e - b));
        if (equalsAny(s, { "t", "T", "true", "True", "TRUE" })) {
            field.kind = InfluxFieldKind::Bool;
            field.boolValue = true;
            return std::nullopt;
        }
        if (equalsAny(s, { "f", "F", "false", "False", "FALSE" })) {
            field.kind = InfluxFieldKind::Bool;
            field.boolValue = false;
            return std::nullopt;
        }
        return InfluxReject::BadFieldValue;
    }
    double value = 0.0;
    if (first == '+') {
        // Line protocol has no leading '+'; parse past it only to name "+inf" as not finite.
        const auto res = std::from_chars(b + 1, e, value, std::chars_format::general);
        const bool isInfinity = res.ptr == e && res.ec == std::errc() && !std::isfinite(value);
        return isInfinity ? InfluxReject::NotFinite : InfluxReject::BadFieldValue;
    }
    const auto res = std::from_chars(b, e, value, std::chars_format::general);
    if (res.ptr != e || res.ec == std::errc::invalid_argument)
        return InfluxReject::BadFieldValue;
    if (res.ec == std::errc::result_out_of_range) {
        if (isFloatOverflow(b, e))
            return InfluxReject::OutOfRange;
        value = (first == '-') ? -0.0 : 0.0; // underflow reads as zero, as in InfluxDB
    }
    if (!std::isfinite(value))
        return InfluxReject::NotFinite;
    field.kind = InfluxFieldKind::Float;
    field.floatValue = value;
    return std::nullopt;
}

constexpr std::int64_t precisionFactor(InfluxPrecision p)
{
    switch (p) {
    case InfluxPrecision::Nanoseconds:
        return 1;
    case InfluxPrecision::Microseconds:
        return 1'000;
    case InfluxPrecision::Milliseconds:
        return 1'000'000;
    case InfluxPrecision::Seconds:
        return 1'000'000'000;
    }
    return 1;
}

inline bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

} // namespace

std::optional<InfluxPrecision> influxPrecisionFromString(std::string_view s)
{
    if (s == "ns")
        return InfluxPrecision::Nanoseconds;
    if (s == "us")
        return InfluxPrecision::Microseconds;
    if (s == "ms")
        return InfluxPrecision::Milliseconds;
    if (s == "s")
        return InfluxPrecision::Seconds;
    return std::nullopt;
}

std::string_view influxPrecisionName(InfluxPrecision p)
{
    switch (p) {
    case InfluxPrecision::Nanoseconds:
        return "ns";
    case InfluxPrecision::Microseconds:
        return "us";
    case InfluxPrecision::Milliseconds:
        return "ms";
    case InfluxPrecision::Seconds:
        return "s";
    }
    return "?";
}

std::string_view influxRejectName(InfluxReject r)
{
    switch (r) {
    case InfluxReject::MissingFields:
        return "missing_fields";
    case InfluxReject::EmptyMeasurement:
        return "empty_measurement";
    case InfluxReject::BadTag:
        return "bad_tag";
    case InfluxReject::BadField:
        return "bad_field";
    case InfluxReject::BadFieldValue:
        return "bad_field_value";
    case InfluxReject::UnterminatedString:
        return "unterminated_string";
    case InfluxReject::BadInteger:
        return "bad_integer";
    case InfluxReject::OutOfRange:
        return "out_of_range";
    case InfluxReject::NotFinite:
        return "not_finite";
    case InfluxReject::BadTimestamp:
        return "bad_timestamp";
    case InfluxReject::LineTooLong:
        return "line_too_long";
    case InfluxReject::TooManyTags:
        return "too_many_tags";
    case InfluxReject::TooManyFields:
        return "too_many_fields";
    case InfluxReject::NameTooLong:
        return "name_too_long";
    }
    return "unknown";
}

std::string_view influxFieldKindName(InfluxFieldKind k)
{
    switch (k) {
    case InfluxFieldKind::Float:
        return "float";
    case InfluxFieldKind::Int:
        return "int";
    case InfluxFieldKind::Uint:
        return "uint";
    case InfluxFieldKind::Bool:
        return "bool";
    case InfluxFieldKind::String:
        return "string";
    }
    return "unknown";
}

double InfluxField::asDouble() const
{
    switch (kind) {
    case InfluxFieldKind::Float:
        return floatValue;
    case InfluxFieldKind::Int:
        return static_cast<double>(intValue);
    case InfluxFieldKind::Uint:
        return static_cast<double>(uintValue);
    case InfluxFieldKind::Bool:
        return boolValue ? 1.0 : 0.0;
    case InfluxFieldKind::String:
        break;
    }
    return 0.0;
}

std::string_view unescapeInto(std::string_view raw, InfluxEscaping escaping, std::string& scratch)
{
    const char* p = raw.data();
    const char* const end = p + raw.size();
    const void* first = raw.empty() ? nullptr : std::memchr(p, '\\', raw.size());
    if (!first)
        return raw;
    scratch.clear();
    scratch.reserve(raw.size());
    const auto* bs = static_cast<const char*>(first);
    scratch.append(p, bs);
    p = bs;
    while (p < end) {
        if (*p != '\\' || p + 1 == end) {
            scratch.push_back(*p++);
            continue;
        }
        const char next = p[1];
        bool isEscape = next == '\\';
        switch (escaping) {
        case InfluxEscaping::Measurement:
            isEscape = isEscape || next == ',' || next == ' ';
            break;
        case InfluxEscaping::Key:
            isEscape = isEscape || next == ',' || next == ' ' || next == '=';
            break;
        case InfluxEscaping::String:
            isEscape = isEscape || next == '"';
            break;
        }
        if (isEscape) {
            scratch.push_back(next);
        } else {
            scratch.push_back('\\');
            scratch.push_back(next);
        }
        p += 2;
    }
    return scratch;
}

void unescapeTagsInto(const InfluxPoint& point, std::vector<TagView>& out, std::string& arena)
{
    out.assign(point.tags.begin(), point.tags.end());
    arena.clear();
    if (!point.hasEscapedTags)
        return;
    std::size_t rawBytes = 0;
    for (std::size_t i = 0; i < point.tags.size(); ++i) {
        if (point.tagFlags[i].isKeyEscaped)
            rawBytes += point.tags[i].key.size();
        if (point.tagFlags[i].isValueEscaped)
            rawBytes += point.tags[i].value.size();
    }
    // Unescaping never grows a token, so appends below stay within this capacity and views stay valid.
    arena.reserve(rawBytes);
    const auto unescapeToArena = [&](std::string_view raw) {
        const std::size_t start = arena.size();
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const char c = raw[i];
            const bool isEscape = c == '\\' && i + 1 < raw.size()
                && (raw[i + 1] == '\\' || raw[i + 1] == ',' || raw[i + 1] == ' ' || raw[i + 1] == '=');
            if (isEscape)
                ++i;
            arena.push_back(raw[i]);
        }
        return std::string_view(arena.data() + start, arena.size() - start);
    };
    for (std::size_t i = 0; i < point.tags.size(); ++i) {
        if (point.tagFlags[i].isKeyEscaped)
            out[i].key = unescapeToArena(point.tags[i].key);
        if (point.tagFlags[i].isValueEscaped)
            out[i].value = unescapeToArena(point.tags[i].value);
    }
}

InfluxParser::InfluxParser(const InfluxLimits& limits)
    : m_limits(limits)
{
    // Typical lines fit without growing; longer ones grow these once, bounded by the limits.
    m_tags.reserve(std::min<std::size_t>(limits.maxTags, 16));
    m_tagFlags.reserve(std::min<std::size_t>(limits.maxTags, 16));
    m_fields.reserve(std::min<std::size_t>(limits.maxFields, 16));
}

InfluxParser::LineStatus InfluxParser::parseLine(
    std::string_view line, std::size_t lineNumber, InfluxPrecision precision, std::int64_t defaultTimeNs)
{
    const char* b = line.data();
    const char* e = b + line.size();
    while (b < e && isBlank(*b))
        ++b;
    while (e > b && (isBlank(e[-1]) || e[-1] == '\r'))
        --e;
    if (b == e || *b == '#')
        return LineStatus::Skipped;

    m_point.lineNumber = lineNumber;
    m_point.line = std::string_view(b, static_cast<std::size_t>(e - b));
    if (line.size() > m_limits.maxLineBytes)
        return reject(InfluxReject::LineTooLong);

    bool isEscaped = false;
    const char* p = scanToken(b, e, kComma | kSpace, isEscaped);
    if (p == b)
        return reject(InfluxReject::EmptyMeasurement);
    if (static_cast<std::size_t>(p - b) > m_limits.maxNameBytes)
        return reject(InfluxReject::NameTooLong);
    m_point.measurement = std::string_view(b, static_cast<std::size_t>(p - b));
    m_point.isMeasurementEscaped = isEscaped;

    m_tags.clear();
    m_tagFlags.clear();
    m_point.hasEscapedTags = false;
    while (p < e && *p == ',') {
        const char* keyBegin = ++p;
        bool isKeyEscaped = false;
        p = scanToken(p, e, kComma | kSpace | kEquals, isKeyEscaped);
        if (p == e || *p != '=' || p == keyBegin)
            return reject(InfluxReject::BadTag);
        if (static_cast<std::size_t>(p - keyBegin) > m_limits.maxNameBytes)
            return reject(InfluxReject::NameTooLong);
        const char* valueBegin = ++p;
        bool isValueEscaped = false;
        p = scanToken(p, e, kComma | kSpace | kEquals, isValueEscaped);
        if (p == valueBegin || (p < e && *p == '='))
            return reject(InfluxReject::BadTag);
        if (m_tags.size() == m_limits.maxTags)
            return reject(InfluxReject::TooManyTags);
        m_tags.push_back({ std::string_view(keyBegin, static_cast<std::size_t>(valueBegin - 1 - keyBegin)),
            std::string_view(valueBegin, static_cast<std::size_t>(p - valueBegin)) });
        m_tagFlags.push_back({ isKeyEscaped, isValueEscaped });
        m_point.hasEscapedTags = m_point.hasEscapedTags || isKeyEscaped || isValueEscaped;
    }
    m_point.tags = m_tags;
    m_point.tagFlags = m_tagFlags;

    if (p == e)
        return reject(InfluxReject::MissingFields);
    // Only a space can stop the tag loop here; extra spaces between sections are tolerated.
    while (p < e && *p == ' ')
        ++p;
    return parseFields(p, e, precision, defaultTimeNs);
}

InfluxParser::LineStatus InfluxParser::parseFields(
    const char* p, const char* e, InfluxPrecision precision, std::int64_t defaultTimeNs)
{
    m_fields.clear();
    for (;;) {
        const char* keyBegin = p;
        bool isKeyEscaped = false;
        p = scanToken(p, e, kComma | kSpace | kEquals, isKeyEscaped);
        if (p == e || *p != '=' || p == keyBegin)
            return reject(InfluxReject::BadField);
        if (static_cast<std::size_t>(p - keyBegin) > m_limits.maxNameBytes)
            return reject(InfluxReject::NameTooLong);
        if (m_fields.size() == m_limits.maxFields)
            return reject(InfluxReject::TooManyFields);
        InfluxField& field = m_fields.emplace_back();
        field.key = std::string_view(keyBegin, static_cast<std::size_t>(p - keyBegin));
        field.isKeyEscaped = isKeyEscaped;
        ++p;
        if (p == e)
            return reject(InfluxReject::BadFieldValue);
        if (*p == '"') {
            const char* strBegin = ++p;
            bool isStrEscaped = false;
            p = scanToken(p, e, kQuote, isStrEscaped);
            if (p == e)
                return reject(InfluxReject::UnterminatedString);
            field.kind = InfluxFieldKind::String;
            field.stringRaw = std::string_view(strBegin, static_cast<std::size_t>(p - strBegin));
            field.isStringEscaped = isStrEscaped;
            ++p;
            if (p < e && *p != ',' && *p != ' ')
                return reject(InfluxReject::BadFieldValue);
        } else {
            const char* valueBegin = p;
            while (p < e && !(classOf(*p) & (kComma | kSpace)))
                ++p;
            if (p == valueBegin)
                return reject(InfluxReject::BadFieldValue);
            if (const auto bad = parseScalar(valueBegin, p, field))
                return reject(*bad);
        }
        if (p == e || *p == ' ')
            break;
        ++p; // ','
    }
    m_point.fields = m_fields;

    while (p < e && *p == ' ')
        ++p;
    if (p == e) {
        m_point.timeNs = defaultTimeNs;
        m_point.hasTimestamp = false;
        return LineStatus::Point;
    }
    std::int64_t stamp = 0;
    switch (parseSigned(p, e, stamp)) {
    case IntResult::Ok:
        break;
    case IntResult::Bad:
        return reject(InfluxReject::BadTimestamp);
    case IntResult::OutOfRange:
        return reject(InfluxReject::OutOfRange);
    }
    if (__builtin_mul_overflow(stamp, precisionFactor(precision), &m_point.timeNs))
        return reject(InfluxReject::OutOfRange);
    m_point.hasTimestamp = true;
    return LineStatus::Point;
}

} // namespace pulse
