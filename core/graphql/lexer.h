#pragma once

#include "graphql/ast.h"

#include <QString>

#include <cstddef>

namespace pulse::graphql {

struct Token {
    enum class Kind : std::uint8_t {
        End,
        Error,
        Bang,
        Dollar,
        Amp,
        ParenL,
        ParenR,
        Spread,
        Colon,
        Equals,
        At,
        BracketL,
        BracketR,
        BraceL,
        Pipe,
        BraceR,
        Name,
        Int,
        Float,
        String,
        BlockString,
    };
    Kind kind = Kind::End;
    QString value; ///< Name/number text, decoded string contents; the message for Error
    Location location;

    /** How the parser names the token in "Expected X, found Y": `<EOF>`, `"{"`, `Name "foo"`, `Int "12"`. */
    QString describe() const;
};

/** Spelling of a token kind for error messages: `"{"`, `Name`, `<EOF>`. */
QString tokenKindName(Token::Kind kind);

/**
 * Splits a GraphQL document into tokens on demand (spec October 2021, "Language"): skips white space, line
 * terminators, commas and comments, decodes string escapes and block strings. Errors become an Error token.
 */
class Lexer {
public:
    explicit Lexer(const QString& source)
        : m_src(source)
    { }

    Token next();
    /** Tokens returned so far (End included). */
    std::size_t tokenCount() const { return m_tokenCount; }

private:
    QChar at(qsizetype i) const { return i < m_src.size() ? m_src.at(i) : QChar(); }
    Location here() const { return { m_line, static_cast<int>(m_pos - m_lineStart) + 1 }; }
    void newLine(qsizetype nextLineStart)
    {
        ++m_line;
        m_lineStart = nextLineStart;
    }
    Token error(Location loc, const QString& message) const;
    Token readNumber(Location loc);
    Token readString(Location loc);
    Token readBlockString(Location loc);
    bool readEscape(QString& out, Location& errorLoc, QString& message);

    const QString m_src; // a shallow copy: the lexer may outlive the caller's string
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
    std::size_t m_tokenCount = 0;
};

/** The block string value algorithm: common indentation and leading/trailing blank lines removed. */
QString blockStringValue(const QString& raw);

} // namespace pulse::graphql
