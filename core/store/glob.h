#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

/**
 * A shell-style glob over bytes: `*` any run, `?` any one byte, `[abc]`, `[a-z]`, `[!abc]` or `[^abc]`
 * one byte of (or not of) a set, `\x` the literal x. A `]` right after `[` or `[!` is a member.
 * Matching is linear in practice (single-star backtracking) and allocation-free.
 */
class Glob {
public:
    struct Error {
        std::size_t offset = 0; ///< byte offset of the problem in the parsed text
        std::string message;
    };

    /** The glob `*`, which matches everything. */
    Glob();

    /**
     * Parses a glob from text[pos] up to the end, unescaped whitespace (when `stopsAtWhitespace`), or an
     * unescaped byte of `stopChars` outside a character class, and advances `pos` to that point.
     * On a malformed pattern returns nullopt and fills `error`.
     */
    static std::optional<Glob> parse(std::string_view text, std::size_t& pos, std::string_view stopChars, Error& error,
        bool stopsAtWhitespace = true);

    /** Parses a whole string as one glob (whitespace is an ordinary byte). */
    static std::optional<Glob> compile(std::string_view pattern, Error* error = nullptr);

    /** Whether the whole of `text` matches. */
    bool matches(std::string_view text) const;

    /** True for the pattern `*` (and `**`, ...). */
    bool matchesAnything() const { return m_matchesAnything; }
    /** True when the pattern has no wildcard; literal() is then the text it matches. */
    bool isLiteral() const { return m_isLiteral; }
    const std::string& literal() const { return m_literal; }
    /** The pattern as written (escapes included). */
    const std::string& pattern() const { return m_pattern; }

private:
    enum class Kind : std::uint8_t { Byte, AnyByte, AnyRun, Class };
    struct Token {
        Kind kind = Kind::Byte;
        unsigned char byte = 0;
        std::uint16_t classIndex = 0;
    };

    bool tokenMatches(const Token& t, unsigned char c) const;

    std::vector<Token> m_tokens;
    std::vector<std::bitset<256>> m_classes; // negation already applied
    std::string m_literal; // the bytes to match when m_isLiteral
    std::string m_pattern;
    bool m_isLiteral = false;
    bool m_matchesAnything = true;
};

} // namespace pulse
