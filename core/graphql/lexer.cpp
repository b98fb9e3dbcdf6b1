#include "graphql/lexer.h"

#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pulse::graphql {

namespace {

bool isNameStart(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
}

bool isNameContinue(QChar c)
{
    return isNameStart(c) || (c.unicode() >= '0' && c.unicode() <= '9');
}

bool isDigit(QChar c)
{
    return c.unicode() >= '0' && c.unicode() <= '9';
}

QString printChar(QChar c)
{
    if (c.isNull())
        return u"<EOF>"_s;
    const char16_t u = c.unicode();
    if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
        return u"\"\\u"_s + QString::number(u, 16).rightJustified(4, u'0').toUpper() + u'"';
    return u"\""_s + c + u'"';
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

bool isBlank(const QString& line)
{
    return std::all_of(line.begin(), line.end(), [](QChar c) { return c == u' ' || c == u'\t'; });
}

} // namespace

QString tokenKindName(Token::Kind kind)
{
    switch (kind) {
    case Token::Kind::End:
        return u"<EOF>"_s;
    case Token::Kind::Error:
        return u"<error>"_s;
    case Token::Kind::Bang:
        return u"\"!\""_s;
    case Token::Kind::Dollar:
        return u"\"$\""_s;
    case Token::Kind::Amp:
        return u"\"&\""_s;
    case Token::Kind::ParenL:
        return u"\"(\""_s;
    case Token::Kind::ParenR:
        return u"\")\""_s;
    case Token::Kind::Spread:
        return u"\"...\""_s;
    case Token::Kind::Colon:
        return u"\":\""_s;
    case Token::Kind::Equals:
        return u"\"=\""_s;
    case Token::Kind::At:
        return u"\"@\""_s;
    case Token::Kind::BracketL:
        return u"\"[\""_s;
    case Token::Kind::BracketR:
        return u"\"]\""_s;
    case Token::Kind::BraceL:
        return u"\"{\""_s;
    case Token::Kind::Pipe:
        return u"\"|\""_s;
    case Token::Kind::BraceR:
        return u"\"}\""_s;
    case Token::Kind::Name:
        return u"Name"_s;
    case Token::Kind::Int:
        return u"Int"_s;
    case Token::Kind::Float:
        return u"Float"_s;
    case Token::Kind::String:
        return u"String"_s;
    case Token::Kind::BlockString:
        return u"BlockString"_s;
    }
    return {};
}

QString Token::describe() const
{
    switch (kind) {
    case Kind::Name:
    case Kind::Int:
    case Kind::Float:
        return tokenKindName(kind) + u" \""_s + value + u'"';
    case Kind::String:
    case Kind::BlockString:
        return tokenKindName(kind);
    default:
        return tokenKindName(kind);
    }
}

Token Lexer::error(Location loc, const QString& message) const
{
    Token t;
    t.kind = Token::Kind::Error;
    t.value = u"Syntax Error: "_s + message;
    t.location = loc;
    return t;
}

Token Lexer::next()
{
    ++m_tokenCount;
    const qsizetype n = m_src.size();
    while (m_pos < n) {
        const char16_t c = m_src.at(m_pos).unicode();
        if (c == 0xfeff || c == ' ' || c == '\t' || c == ',') {
            ++m_pos;
        } else if (c == '\n') {
            ++m_pos;
            newLine(m_pos);
        } else if (c == '\r') {
            m_pos += at(m_pos + 1) == u'\n' ? 2 : 1;
            newLine(m_pos);
        } else if (c == '#') {
            while (m_pos < n && m_src.at(m_pos) != u'\n' && m_src.at(m_pos) != u'\r')
                ++m_pos;
        } else {
            break;
        }
    }
    const Location loc = here();
    Token t;
    t.location = loc;
    if (m_pos >= n)
        return t;
    const QChar c = m_src.at(m_pos);
    const auto punct = [&](Token::Kind kind, int length) {
        m_pos += length;
        t.kind = kind;
        return t;
    };
    switch (c.unicode()) {
    case '!':
        return punct(Token::Kind::Bang, 1);
    case '$':
        return punct(Token::Kind::Dollar, 1);
    case '&':
        return punct(Token::Kind::Amp, 1);
    case '(':
        return punct(Token::Kind::ParenL, 1);
    case ')':
        return punct(Token::Kind::ParenR, 1);
    case '.':
        if (at(m_pos + 1) == u'.' && at(m_pos + 2) == u'.')
            return punct(Token::Kind::Spread, 3);
        return error(loc, u"Unexpected character: \".\"."_s);
    case ':':
        return punct(Token::Kind::Colon, 1);
    case '=':
        return punct(Token::Kind::Equals, 1);
    case '@':
        return punct(Token::Kind::At, 1);
    case '[':
        return punct(Token::Kind::BracketL, 1);
    case ']':
        return punct(Token::Kind::BracketR, 1);
    case '{':
        return punct(Token::Kind::BraceL, 1);
    case '|':
        return punct(Token::Kind::Pipe, 1);
    case '}':
        return punct(Token::Kind::BraceR, 1);
    case '"':
        if (at(m_pos + 1) == u'"' && at(m_pos + 2) == u'"')
            return readBlockString(loc);
        return readString(loc);
    default:
        break;
    }
    if (isNameStart(c)) {
        const qsizetype start = m_pos;
        while (m_pos < n && isNameContinue(m_src.at(m_pos)))
            ++m_pos;
        t.kind = Token::Kind::Name;
        t.value = m_src.mid(start, m_pos - start);
        return t;
    }
    if (isDigit(c) || c == u'-')
        return readNumber(loc);
    if (c == u'\'')
        return error(loc, u"Unexpected single quote character ('), did you mean to use a double quote (\")?"_s);
    return error(loc, u"Unexpected character: "_s + printChar(c) + u'.');
}

Token Lexer::readNumber(Location loc)
{
    const qsizetype start = m_pos;
    bool isFloat = false;
    const auto digits = [&]() -> bool {
        if (!isDigit(at(m_pos)))
            return false;
        while (isDigit(at(m_pos)))
            ++m_pos;
        return true;
    };
    const auto expectedDigit
        = [&]() { return error(here(), u"Invalid number, expected digit but got: "_s + printChar(at(m_pos)) + u'.'); };
    if (at(m_pos) == u'-')
        ++m_pos;
    if (at(m_pos) == u'0') {
        ++m_pos;
        if (isDigit(at(m_pos)))
            return error(here(), u"Invalid number, unexpected digit after 0: "_s + printChar(at(m_pos)) + u'.');
    } else if (!digits()) {
        return expectedDigit();
    }
    if (at(m_pos) == u'.') {
        isFloat = true;
        ++m_pos;
        if (!digits())
            return expectedDigit();
    }
    if (at(m_pos) == u'e' || at(m_pos) == u'E') {
        isFloat = true;
        ++m_pos;
        if (at(m_pos) == u'+' || at(m_pos) == u'-')
            ++m_pos;
        if (!digits())
            return expectedDigit();
    }
    if (at(m_pos) == u'.' || isNameStart(at(m_pos)))
        return error(here(), u"Invalid number, expected digit but got: "_s + printChar(at(m_pos)) + u'.');
    Token t;
    t.kind = isFloat ? Token::Kind::Float : Token::Kind::Int;
    t.value = m_src.mid(start, m_pos - start);
    t.location = loc;
    return t;
}

bool Lexer::readEscape(QString& out, Location& errorLoc, QString& message)
{
    // m_pos is on the backslash.
    const QChar e = at(m_pos + 1);
    switch (e.unicode()) {
    case '"':
        out += u'"';
        break;
    case '\\':
        out += u'\\';
        break;
    case '/':
        out += u'/';
        break;
    case 'b':
        out += u'\b';
        break;
    case 'f':
        out += u'\f';
        break;
    case 'n':
        out += u'\n';
        break;
    case 'r':
        out += u'\r';
        break;
    case 't':
        out += u'\t';
        break;
    case 'u': {
        int code = 0;
        for (int i = 2; i < 6; ++i) {
            const int h = hexValue(at(m_pos + i));
            if (h < 0) {
                errorLoc = here();
                message = u"Invalid Unicode escape sequence: \""_s + m_src.mid(m_pos, 6) + u"\"."_s;
                return false;
            }
            code = code * 16 + h;
        }
        out += QChar(static_cast<char16_t>(code));
        m_pos += 6;
        return true;
    }
    default:
        errorLoc = here();
        message = u"Invalid character escape sequence: \""_s + m_src.mid(m_pos, 2) + u"\"."_s;
        return false;
    }
    m_pos += 2;
    return true;
}

Token Lexer::readString(Location loc)
{
    ++m_pos; // opening quote
    QString out;
    const qsizetype n = m_src.size();
    while (m_pos < n) {
        const QChar c = m_src.at(m_pos);
        if (c == u'"') {
            ++m_pos;
            Token t;
            t.kind = Token::Kind::String;
            t.value = std::move(out);
            t.location = loc;
            return t;
        }
        if (c == u'\n' || c == u'\r')
            break;
        if (c == u'\\') {
            Location errorLoc;
            QString message;
            if (!readEscape(out, errorLoc, message))
                return error(errorLoc, message);
            continue;
        }
        if (c.unicode() < 0x20 && c != u'\t')
            return error(here(), u"Invalid character within String: "_s + printChar(c) + u'.');
        out += c;
        ++m_pos;
    }
    return error(here(), u"Unterminated string."_s);
}

Token Lexer::readBlockString(Location loc)
{
    m_pos += 3;
    QString raw;
    const qsizetype n = m_src.size();
    while (m_pos < n) {
        const QChar c = m_src.at(m_pos);
        if (c == u'"' && at(m_pos + 1) == u'"' && at(m_pos + 2) == u'"') {
            m_pos += 3;
            Token t;
            t.kind = Token::Kind::BlockString;
            t.value = blockStringValue(raw);
            t.location = loc;
            return t;
        }
        if (c == u'\\' && at(m_pos + 1) == u'"' && at(m_pos + 2) == u'"' && at(m_pos + 3) == u'"') {
            raw += u"\"\"\""_s;
            m_pos += 4;
            continue;
        }
        if (c == u'\n') {
            raw += c;
            ++m_pos;
            newLine(m_pos);
            continue;
        }
        if (c == u'\r') {
            raw += u'\n';
            m_pos += at(m_pos + 1) == u'\n' ? 2 : 1;
            newLine(m_pos);
            continue;
        }
        if (c.unicode() < 0x20 && c != u'\t')
            return error(here(), u"Invalid character within String: "_s + printChar(c) + u'.');
        raw += c;
        ++m_pos;
    }
    return error(here(), u"Unterminated string."_s);
}

QString blockStringValue(const QString& raw)
{
    QStringList lines = raw.split(u'\n');
    qsizetype commonIndent = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString& line = lines.at(i);
        qsizetype indent = 0;
        while (indent < line.size() && (line.at(indent) == u' ' || line.at(indent) == u'\t'))
            ++indent;
        if (indent < line.size() && (commonIndent < 0 || indent < commonIndent))
            commonIndent = indent;
    }
    if (commonIndent > 0) {
        for (qsizetype i = 1; i < lines.size(); ++i)
            lines[i] = lines.at(i).mid(commonIndent);
    }
    while (!lines.isEmpty() && isBlank(lines.first()))
        lines.removeFirst();
    while (!lines.isEmpty() && isBlank(lines.last()))
        lines.removeLast();
    return lines.join(u'\n');
}

} // namespace pulse::graphql
