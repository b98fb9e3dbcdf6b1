#include "store/glob.h"

#include <limits>

namespace pulse {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

Glob::Glob()
    : m_tokens { Token { Kind::AnyRun, 0, 0 } }
    , m_pattern("*")
{ }

std::optional<Glob> Glob::parse(
    std::string_view text, std::size_t& pos, std::string_view stopChars, Error& error, bool stopsAtWhitespace)
{
    Glob g;
    g.m_tokens.clear();
    g.m_isLiteral = true;
    g.m_matchesAnything = true;
    const std::size_t start = pos;
    std::size_t i = pos;
    bool hasWildcard = false;
    auto fail = [&](std::size_t offset, std::string message) -> std::optional<Glob> {
        error = Error { offset, std::move(message) };
        return std::nullopt;
    };
    while (i < text.size()) {
        const char c = text[i];
        if ((stopsAtWhitespace && isSpace(c)) || stopChars.find(c) != std::string_view::npos)
            break;
        if (c == '\\') {
            if (i + 1 >= text.size())
                return fail(i, "dangling escape '\\' at the end");
            const auto b = static_cast<unsigned char>(text[i + 1]);
            g.m_tokens.push_back(Token { Kind::Byte, b, 0 });
            g.m_literal += static_cast<char>(b);
            g.m_matchesAnything = false;
            i += 2;
            continue;
        }
        if (c == '*') {
            g.m_tokens.push_back(Token { Kind::AnyRun, 0, 0 });
            hasWildcard = true;
            ++i;
            continue;
        }
        g.m_matchesAnything = false;
        if (c == '?') {
            g.m_tokens.push_back(Token { Kind::AnyByte, 0, 0 });
            hasWildcard = true;
            ++i;
            continue;
        }
        if (c == '[') {
            const std::size_t open = i;
            ++i;
            bool isNegated = false;
            if (i < text.size() && (text[i] == '!' || text[i] == '^')) {
                isNegated = true;
                ++i;
            }
            std::bitset<256> members;
            bool isFirst = true;
            bool isClosed = false;
            while (i < text.size()) {
                char m = text[i];
                if (m == ']' && !isFirst) {
                    isClosed = true;
                    ++i;
                    break;
                }
                isFirst = false;
                if (m == '\\') {
                    if (i + 1 >= text.size())
                        return fail(i, "dangling escape '\\' at the end");
                    m = text[++i];
                }
                const auto lo = static_cast<unsigned char>(m);
                ++i;
                if (i + 1 < text.size() && text[i] == '-' && text[i + 1] != ']') {
                    std::size_t hiAt = i + 1;
                    if (text[hiAt] == '\\') {
                        if (hiAt + 1 >= text.size())
                            return fail(hiAt, "dangling escape '\\' at the end");
                        ++hiAt;
                    }
                    const auto hi = static_cast<unsigned char>(text[hiAt]);
                    if (hi < lo)
                        return fail(i - 1,
                            "invalid character range '" + std::string(1, static_cast<char>(lo)) + "-"
                                + std::string(1, static_cast<char>(hi)) + "'");
                    for (unsigned v = lo; v <= hi; ++v)
                        members.set(v);
                    i = hiAt + 1;
                } else {
                    members.set(lo);
                }
            }
            if (!isClosed)
                return fail(open, "unterminated character class '['");
            if (g.m_classes.size() >= std::numeric_limits<std::uint16_t>::max())
                return fail(open, "too many character classes");
            if (isNegated)
                members.flip();
            g.m_tokens.push_back(Token { Kind::Class, 0, static_cast<std::uint16_t>(g.m_classes.size()) });
            g.m_classes.push_back(members);
            hasWildcard = true;
            continue;
        }
        g.m_tokens.push_back(Token { Kind::Byte, static_cast<unsigned char>(c), 0 });
        g.m_literal += c;
        ++i;
    }
    g.m_isLiteral = !hasWildcard;
    if (g.m_tokens.empty())
        g.m_matchesAnything = false; // the empty pattern matches only the empty string
    if (!g.m_isLiteral)
        g.m_literal.clear();
    g.m_pattern = std::string(text.substr(start, i - start));
    pos = i;
    return g;
}

std::optional<Glob> Glob::compile(std::string_view pattern, Error* error)
{
    std::size_t pos = 0;
    Error local;
    auto g = parse(pattern, pos, {}, local, false);
    if (!g && error)
        *error = local;
    return g;
}

bool Glob::tokenMatches(const Token& t, unsigned char c) const
{
    switch (t.kind) {
    case Kind::Byte:
        return t.byte == c;
    case Kind::AnyByte:
        return true;
    case Kind::Class:
        return m_classes[t.classIndex].test(c);
    case Kind::AnyRun:
        return false;
    }
    return false;
}

bool Glob::matches(std::string_view text) const
{
    if (m_matchesAnything)
        return true;
    if (m_isLiteral)
        return text == m_literal;
    // Classic single-backtrack-point matcher: on a mismatch, let the last `*` swallow one more byte.
    const std::size_t n = m_tokens.size();
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t starP = std::string_view::npos;
    std::size_t starT = 0;
    while (t < text.size()) {
        if (p < n && m_tokens[p].kind == Kind::AnyRun) {
            starP = p++;
            starT = t;
        } else if (p < n && tokenMatches(m_tokens[p], static_cast<unsigned char>(text[t]))) {
            ++p;
            ++t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < n && m_tokens[p].kind == Kind::AnyRun)
        ++p;
    return p == n;
}

} // namespace pulse
