#pragma once

// Small helpers that append JSON text (RFC 8259) to a std::string; shared by the parser dumps.

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace pulse::json {

namespace detail {

/**
 * Examines the UTF-8 sequence starting at p: returns how many bytes it spans and whether they are valid. An
 * invalid sequence spans its maximal ill-formed subpart (at least 1 byte), so that each one becomes a single
 * U+FFFD as Unicode recommends.
 */
inline std::size_t utf8SequenceLength(const unsigned char* p, std::size_t avail, bool& isValid)
{
    const unsigned char b0 = p[0];
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    isValid = false;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0)
            lo = 0xA0; // overlong
        else if (b0 == 0xED)
            hi = 0x9F; // UTF-16 surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0)
            lo = 0x90; // overlong
        else if (b0 == 0xF4)
            hi = 0x8F; // above U+10FFFF
    } else {
        return 1;
    }
    std::size_t i = 1;
    for (; i < len && i < avail; ++i) {
        const unsigned char allowedLo = i == 1 ? lo : 0x80;
        const unsigned char allowedHi = i == 1 ? hi : 0xBF;
        if (p[i] < allowedLo || p[i] > allowedHi)
            break;
    }
    isValid = i == len;
    return i;
}

} // namespace detail

/** Appends s as a quoted JSON string: '"' and '\\' escaped, control chars as \u00XX, invalid UTF-8 as U+FFFD. */
inline void appendString(std::string& out, std::string_view s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    out.push_back('"');
    std::size_t runStart = 0;
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        bool isValid = false;
        const std::size_t seqLen = c >= 0x80 ? detail::utf8SequenceLength(p + i, n - i, isValid) : 1;
        if (isValid) {
            i += seqLen;
            continue;
        }
        out.append(s.data() + runStart, i - runStart);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
            ++i;
        } else if (c < 0x20) {
            const char esc[6] = { '\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF] };
            out.append(esc, sizeof esc);
            ++i;
        } else {
            out.append("\xEF\xBF\xBD"); // U+FFFD REPLACEMENT CHARACTER
            i += seqLen;
        }
        runStart = i;
    }
    out.append(s.data() + runStart, n - runStart);
    out.push_back('"');
}

/** Appends a quoted string, or null when absent. */
inline void appendStringOrNull(std::string& out, const std::optional<std::string_view>& s)
{
    if (s)
        appendString(out, *s);
    else
        out.append("null");
}

/** Appends the shortest text that reads back as exactly v; null for NaN and infinities (JSON has neither). */
inline void appendNumber(std::string& out, double v)
{
    if (!std::isfinite(v)) {
        out.append("null");
        return;
    }
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

/** Appends an integer in decimal. */
inline void appendInt(std::string& out, std::int64_t v)
{
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

/** Appends an integer, or null when absent. */
inline void appendIntOrNull(std::string& out, const std::optional<std::int64_t>& v)
{
    if (v)
        appendInt(out, *v);
    else
        out.append("null");
}

/** Appends true or false. */
inline void appendBool(std::string& out, bool v)
{
    out.append(v ? "true" : "false");
}

/** Appends `"key":` (key is trusted ASCII, not escaped). */
inline void appendKey(std::string& out, std::string_view key)
{
    out.push_back('"');
    out.append(key);
    out.append("\":");
}

} // namespace pulse::json
