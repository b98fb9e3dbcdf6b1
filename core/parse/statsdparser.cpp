#include "parse/statsdparser.h"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace pulse::detail {

namespace {

// Byte classes for the scanning loops: one table lookup per byte instead of several compares.
enum : std::uint8_t {
    kCtl = 1, // 0x00-0x1f, 0x7f
    kColon = 2,
    kPipe = 4,
    kHash = 8,
    kComma = 16,
};

constexpr std::array<std::uint8_t, 256> makeClasses()
{
    std::array<std::uint8_t, 256> t {};
    for (int c = 0; c < 0x20; ++c)
        t[std::size_t(c)] = kCtl;
    t[0x7f] = kCtl;
    t[std::size_t(':')] = kColon;
    t[std::size_t('|')] = kPipe;
    t[std::size_t('#')] = kHash;
    t[std::size_t(',')] = kComma;
    return t;
}

constexpr std::array<std::uint8_t, 256> kClasses = makeClasses();

inline std::uint8_t classOf(char c)
{
    return kClasses[static_cast<unsigned char>(c)];
}

// Year 9999: keeps seconds * 1000 far from int64 overflow for the caller.
constexpr std::int64_t kMaxTimestampSec = 253'402'300'799;

// "No rejection" for the helpers below, outside the range of real reasons.
constexpr StatsdReject kOk = StatsdReject(0xff);

constexpr bool isOk(StatsdReject r)
{
    return r == kOk;
}

inline bool startsWith(const char* p, const char* end, std::string_view prefix)
{
    return std::size_t(end - p) >= prefix.size() && std::memcmp(p, prefix.data(), prefix.size()) == 0;
}

inline bool hasControl(const char* p, const char* end)
{
    for (; p < end; ++p) {
        if (classOf(*p) & kCtl)
            return true;
    }
    return false;
}

/** `ident:` with ident = [a-z][a-z0-9_]*: a DogStatsD extension field we don't know (yet). */
inline bool isUnknownExtension(const char* p, const char* end)
{
    if (p == end || *p < 'a' || *p > 'z')
        return false;
    for (++p; p < end; ++p) {
        const char c = *p;
        if (c == ':')
            return true;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return false;
}

/** Non-negative decimal seconds, digits only, up to year 9999. */
inline bool parseTimestamp(const char* p, const char* end, std::int64_t& out)
{
    if (p == end || end - p > 12)
        return false;
    std::int64_t v = 0;
    for (; p < end; ++p) {
        const unsigned d = unsigned(*p) - '0';
        if (d > 9)
            return false;
        v = v * 10 + std::int64_t(d);
    }
    if (v > kMaxTimestampSec)
        return false;
    out = v;
    return true;
}

/** Parses a numeric value; a leading sign on a gauge marks a delta. */
inline StatsdReject parseNumber(const char* p, const char* end, bool isGauge, double& value, bool& isDelta)
{
    bool isNegative = false;
    isDelta = false;
    if (p != end && (*p == '+' || *p == '-')) {
        isNegative = *p == '-';
        isDelta = isGauge;
        ++p;
        if (p == end || *p == '+' || *p == '-')
            return StatsdReject::BadValue;
    }
    // Fast path: plain integers up to 15 digits are exact in a double.
    if (p != end && end - p <= 15) {
        std::uint64_t acc = 0;
        const char* d = p;
        for (; d < end; ++d) {
            const unsigned digit = unsigned(*d) - '0';
            if (digit > 9)
                break;
            acc = acc * 10 + digit;
        }
        if (d == end) {
            const auto v = double(acc);
            value = isNegative ? -v : v;
            return kOk;
        }
    }
    double v = 0;
    const auto res = std::from_chars(p, end, v, std::chars_format::general);
    if (res.ec == std::errc::result_out_of_range)
        return StatsdReject::OutOfRange;
    if (res.ec != std::errc() || res.ptr != end)
        return StatsdReject::BadValue;
    if (!std::isfinite(v))
        return StatsdReject::NotFinite;
    value = isNegative ? -v : v;
    return kOk;
}

inline StatsdReject parseSampleRate(const char* p, const char* end, double& rate)
{
    double v = 0;
    const auto res = std::from_chars(p, end, v, std::chars_format::general);
    if (res.ec != std::errc() || res.ptr != end || !(v > 0.0 && v <= 1.0))
        return StatsdReject::BadSampleRate;
    rate = v;
    return kOk;
}

/**
 * Validates a tag list (after '#') up to the next '|' or the line end, which it stores in fieldEnd:
 * no empty tag or key, no control chars, within the limits. One pass: the tags are the longest field.
 */
inline StatsdReject validateTags(
    const char* p, const char* end, const StatsdLimits& limits, StatsdTags& out, const char*& fieldEnd)
{
    const char* const begin = p;
    const char* entry = p;
    const char* colon = nullptr;
    std::size_t count = 0;
    for (;; ++p) {
        const std::uint8_t cls = p == end ? std::uint8_t(kPipe) : classOf(*p);
        if (!cls)
            continue;
        if (cls & (kComma | kPipe)) {
            if (p == entry || colon == entry)
                return StatsdReject::BadTag;
            const std::size_t bytes = std::size_t(p - entry) - (colon ? 1 : 0);
            if (bytes > limits.maxTagBytes)
                return StatsdReject::TagTooLong;
            if (++count > limits.maxTags)
                return StatsdReject::TooManyTags;
            if (cls & kPipe)
                break;
            entry = p + 1;
            colon = nullptr;
        } else if (cls & kCtl) {
            return StatsdReject::BadTag;
        } else if ((cls & kColon) && !colon) {
            colon = p;
        }
    }
    fieldEnd = p;
    out = StatsdTags(std::string_view(begin, std::size_t(p - begin)), std::uint32_t(count));
    return kOk;
}

StatsdLineKind reject(StatsdLineResult& r, StatsdReject reason)
{
    r.reason = reason;
    return StatsdLineKind::Reject;
}

inline std::optional<MetricType> typeFrom(const char* p, const char* end)
{
    const auto n = std::size_t(end - p);
    if (n == 1) {
        switch (*p) {
        case 'c':
            return MetricType::Counter;
        case 'g':
            return MetricType::Gauge;
        case 'h':
            return MetricType::Histogram;
        case 'd':
            return MetricType::Distribution;
        case 's':
            return MetricType::Set;
        default:
            return std::nullopt;
        }
    }
    if (n == 2 && p[0] == 'm' && p[1] == 's')
        return MetricType::Timer;
    return std::nullopt;
}

StatsdLineKind parseMetric(const char* p, const char* end, const StatsdLimits& limits, StatsdLineResult& r)
{
    StatsdSample& s = r.sample;
    const char* const nameBegin = p;
    while (p < end && !(classOf(*p) & (kCtl | kColon | kPipe | kHash)))
        ++p;
    if (p == end || *p == '|')
        return reject(r, StatsdReject::NoValue);
    if (*p != ':')
        return reject(r, StatsdReject::BadName);
    if (p == nameBegin)
        return reject(r, StatsdReject::EmptyName);
    if (std::size_t(p - nameBegin) > limits.maxNameBytes)
        return reject(r, StatsdReject::NameTooLong);
    s.name = std::string_view(nameBegin, std::size_t(p - nameBegin));

    const char* const valuesBegin = p + 1;
    const char* const valuesEnd = findByte(valuesBegin, end, '|');
    if (valuesEnd == valuesBegin)
        return reject(r, StatsdReject::NoValue);
    if (valuesEnd == end)
        return reject(r, StatsdReject::BadType);
    const char* const typeEnd = findByte(valuesEnd + 1, end, '|');
    const auto type = typeFrom(valuesEnd + 1, typeEnd);
    if (!type)
        return reject(r, StatsdReject::BadType);
    s.type = *type;

    s.sampleRate = 1.0;
    s.tags = StatsdTags();
    s.timestampSec.reset();
    s.container = {};
    bool hasRate = false;
    bool hasTags = false;
    bool hasContainer = false;
    for (const char* field = typeEnd; field < end;) {
        const char* const f = field + 1;
        if (f < end && *f == '#') {
            if (hasTags)
                return reject(r, StatsdReject::BadTag);
            hasTags = true;
            const StatsdReject why = validateTags(f + 1, end, limits, s.tags, field);
            if (!isOk(why))
                return reject(r, why);
            continue;
        }
        const char* const fieldEnd = findByte(f, end, '|');
        field = fieldEnd;
        if (f == fieldEnd)
            return reject(r, StatsdReject::BadField);
        switch (*f) {
        case '@': {
            if (hasRate)
                return reject(r, StatsdReject::BadSampleRate);
            hasRate = true;
            const StatsdReject why = parseSampleRate(f + 1, fieldEnd, s.sampleRate);
            if (!isOk(why))
                return reject(r, why);
            break;
        }
        case 'T': {
            std::int64_t ts = 0;
            if (s.timestampSec || !parseTimestamp(f + 1, fieldEnd, ts))
                return reject(r, StatsdReject::BadTimestamp);
            s.timestampSec = ts;
            break;
        }
        default:
            if (fieldEnd - f >= 2 && f[0] == 'c' && f[1] == ':') {
                if (hasContainer)
                    return reject(r, StatsdReject::BadField);
                hasContainer = true;
                s.container = std::string_view(f + 2, std::size_t(fieldEnd - f - 2));
            } else if (!isUnknownExtension(f, fieldEnd)) {
                return reject(r, StatsdReject::BadField);
            }
            break;
        }
    }

    // Values last: everything on the line is valid once we get here, except the values themselves.
    r.values = std::string_view(valuesBegin, std::size_t(valuesEnd - valuesBegin));
    const bool isGauge = s.type == MetricType::Gauge;
    std::size_t count = 0;
    for (const char* v = valuesBegin;;) {
        const char* const tokenEnd = findByte(v, valuesEnd, ':');
        if (tokenEnd == v)
            return reject(r, StatsdReject::NoValue);
        if (s.type == MetricType::Set) {
            if (hasControl(v, tokenEnd))
                return reject(r, StatsdReject::BadValue);
            if (count == 0)
                s.setMember = std::string_view(v, std::size_t(tokenEnd - v));
        } else {
            double value = 0;
            bool isDelta = false;
            const StatsdReject why = parseNumber(v, tokenEnd, isGauge, value, isDelta);
            if (!isOk(why))
                return reject(r, why);
            if (count < kStatsdInlineValues) {
                r.parsedValues[count] = value;
                r.parsedDeltas[count] = isDelta;
            }
        }
        ++count;
        if (tokenEnd == valuesEnd)
            break;
        v = tokenEnd + 1;
    }
    r.valueCount = count;
    if (s.type == MetricType::Set) {
        s.value = 0.0;
        s.isDelta = false;
    } else {
        s.setMember = {};
        s.value = r.parsedValues[0];
        s.isDelta = r.parsedDeltas[0];
    }
    return StatsdLineKind::Sample;
}

/** Parses the decimal length in `_e{a,b}`; stops at `stop`. */
inline bool parseLength(const char*& p, const char* end, char stop, std::size_t& out)
{
    const char* const begin = p;
    std::size_t v = 0;
    for (; p < end && *p != stop; ++p) {
        const unsigned d = unsigned(*p) - '0';
        if (d > 9 || p - begin >= 9)
            return false;
        v = v * 10 + d;
    }
    if (p == begin || p == end)
        return false;
    ++p; // the stop char
    out = v;
    return true;
}

StatsdLineKind parseEvent(const char* p, const char* end, const StatsdLimits& limits, StatsdLineResult& r)
{
    StatsdEvent& e = r.event;
    p += 3; // "_e{"
    std::size_t titleBytes = 0;
    std::size_t textBytes = 0;
    if (!parseLength(p, end, ',', titleBytes) || !parseLength(p, end, '}', textBytes))
        return reject(r, StatsdReject::BadEvent);
    if (p == end || *p != ':' || titleBytes == 0)
        return reject(r, StatsdReject::BadEvent);
    ++p;
    if (std::size_t(end - p) < titleBytes + 1 + textBytes || p[titleBytes] != '|')
        return reject(r, StatsdReject::BadEvent);
    e.title = std::string_view(p, titleBytes);
    e.text = std::string_view(p + titleBytes + 1, textBytes);
    p += titleBytes + 1 + textBytes;
    if (p != end && *p != '|')
        return reject(r, StatsdReject::BadEvent);

    e.timestampSec.reset();
    e.host.reset();
    e.aggregationKey.reset();
    e.priority.reset();
    e.sourceType.reset();
    e.alertType.reset();
    e.tags = StatsdTags();
    e.container = {};
    bool hasTags = false;
    bool hasContainer = false;
    for (const char* field = p; field < end;) {
        const char* const f = field + 1;
        const char* const fieldEnd = findByte(f, end, '|');
        field = fieldEnd;
        if (f == fieldEnd)
            return reject(r, StatsdReject::BadEvent);
        if (*f == '#') {
            if (hasTags)
                return reject(r, StatsdReject::BadEvent);
            hasTags = true;
            const char* tagsEnd = nullptr; // == fieldEnd
            const StatsdReject why = validateTags(f + 1, fieldEnd, limits, e.tags, tagsEnd);
            if (!isOk(why))
                return reject(r, why);
            continue;
        }
        const bool isKnown = fieldEnd - f >= 2 && f[1] == ':';
        const std::string_view value
            = isKnown ? std::string_view(f + 2, std::size_t(fieldEnd - f - 2)) : std::string_view();
        std::optional<std::string_view>* slot = nullptr;
        switch (isKnown ? *f : '\0') {
        case 'd': {
            std::int64_t ts = 0;
            if (e.timestampSec || !parseTimestamp(value.data(), value.data() + value.size(), ts))
                return reject(r, StatsdReject::BadEvent);
            e.timestampSec = ts;
            continue;
        }
        case 'c':
            if (hasContainer)
                return reject(r, StatsdReject::BadEvent);
            hasContainer = true;
            e.container = value;
            continue;
        case 'h':
            slot = &e.host;
            break;
        case 'k':
            slot = &e.aggregationKey;
            break;
        case 'p':
            if (value != "normal" && value != "low")
                return reject(r, StatsdReject::BadEvent);
            slot = &e.priority;
            break;
        case 's':
            slot = &e.sourceType;
            break;
        case 't':
            if (value != "error" && value != "warning" && value != "info" && value != "success")
                return reject(r, StatsdReject::BadEvent);
            slot = &e.alertType;
            break;
        default:
            if (!isUnknownExtension(f, fieldEnd))
                return reject(r, StatsdReject::BadEvent);
            continue;
        }
        if (slot->has_value())
            return reject(r, StatsdReject::BadEvent);
        *slot = value;
    }
    return StatsdLineKind::Event;
}

StatsdLineKind parseServiceCheck(const char* p, const char* end, const StatsdLimits& limits, StatsdLineResult& r)
{
    StatsdServiceCheck& sc = r.serviceCheck;
    p += 4; // "_sc|"
    const char* const nameEnd = findByte(p, end, '|');
    if (nameEnd == p || std::size_t(nameEnd - p) > limits.maxNameBytes || hasControl(p, nameEnd))
        return reject(r, StatsdReject::BadServiceCheck);
    sc.name = std::string_view(p, std::size_t(nameEnd - p));
    if (end - nameEnd < 2)
        return reject(r, StatsdReject::BadServiceCheck);
    const char* const status = nameEnd + 1;
    if (*status < '0' || *status > '3' || (status + 1 != end && status[1] != '|'))
        return reject(r, StatsdReject::BadServiceCheck);
    sc.status = *status - '0';

    sc.timestampSec.reset();
    sc.host.reset();
    sc.message.reset();
    sc.tags = StatsdTags();
    sc.container = {};
    bool hasTags = false;
    bool hasContainer = false;
    for (const char* field = status + 1; field < end;) {
        const char* const f = field + 1;
        if (startsWith(f, end, "m:")) {
            // DogStatsD puts the message last; it may contain '|'.
            sc.message = std::string_view(f + 2, std::size_t(end - f - 2));
            break;
        }
        const char* const fieldEnd = findByte(f, end, '|');
        field = fieldEnd;
        if (f == fieldEnd)
            return reject(r, StatsdReject::BadServiceCheck);
        if (*f == '#') {
            if (hasTags)
                return reject(r, StatsdReject::BadServiceCheck);
            hasTags = true;
            const char* tagsEnd = nullptr; // == fieldEnd
            const StatsdReject why = validateTags(f + 1, fieldEnd, limits, sc.tags, tagsEnd);
            if (!isOk(why))
                return reject(r, why);
        } else if (startsWith(f, fieldEnd, "d:")) {
            std::int64_t ts = 0;
            if (sc.timestampSec || !parseTimestamp(f + 2, fieldEnd, ts))
                return reject(r, StatsdReject::BadServiceCheck);
            sc.timestampSec = ts;
        } else if (startsWith(f, fieldEnd, "h:")) {
            if (sc.host)
                return reject(r, StatsdReject::BadServiceCheck);
            sc.host = std::string_view(f + 2, std::size_t(fieldEnd - f - 2));
        } else if (startsWith(f, fieldEnd, "c:")) {
            if (hasContainer)
                return reject(r, StatsdReject::BadServiceCheck);
            hasContainer = true;
            sc.container = std::string_view(f + 2, std::size_t(fieldEnd - f - 2));
        } else if (!isUnknownExtension(f, fieldEnd)) {
            return reject(r, StatsdReject::BadServiceCheck);
        }
    }
    return StatsdLineKind::ServiceCheck;
}

} // namespace

StatsdLineKind parseStatsdLine(std::string_view line, const StatsdLimits& limits, StatsdLineResult& out)
{
    if (line.size() > limits.maxLineBytes)
        return reject(out, StatsdReject::LineTooLong);
    const char* p = line.data();
    const char* const end = p + line.size();
    if (*p == '_') {
        if (startsWith(p, end, "_e{"))
            return parseEvent(p, end, limits, out);
        if (startsWith(p, end, "_sc|"))
            return parseServiceCheck(p, end, limits, out);
    }
    return parseMetric(p, end, limits, out);
}

void reparseStatsdNumber(std::string_view token, bool isGauge, double& value, bool& isDelta)
{
    parseNumber(token.data(), token.data() + token.size(), isGauge, value, isDelta);
}

} // namespace pulse::detail
