#include "store/seriesselector.h"

namespace pulse {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/** 1-based column of a byte offset, counting UTF-8 characters rather than bytes. */
int columnOf(std::string_view text, std::size_t offset)
{
    int column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++column;
    }
    return column;
}

std::string describe(std::string_view text, std::size_t pos)
{
    if (pos >= text.size())
        return "the end";
    std::string quoted(3, '\'');
    quoted[1] = text[pos];
    return quoted;
}

} // namespace

/** Recursive-descent parser of the selector text; a friend of SeriesSelector. */
class SeriesSelectorParser {
public:
    explicit SeriesSelectorParser(std::string_view text)
        : m_text(text)
    { }

    SelectorParse run()
    {
        skipSpace();
        const std::size_t begin = m_pos;
        if (m_pos >= m_text.size())
            return fail(m_pos, "empty selector");
        if (peek() != '{') {
            Glob::Error error;
            auto name = Glob::parse(m_text, m_pos, "{},=!", error);
            if (!name)
                return fail(error.offset, error.message);
            if (m_pos == begin)
                return fail(m_pos, "expected a metric name or '{', found " + describe(m_text, m_pos));
            m_selector.m_name = std::move(*name);
        }
        skipSpace();
        if (m_pos < m_text.size()) {
            if (peek() != '{')
                return fail(m_pos, "expected '{' or the end after the metric name, found " + describe(m_text, m_pos));
            ++m_pos;
            if (auto failure = parseFilters())
                return std::move(*failure);
            skipSpace();
            if (m_pos < m_text.size())
                return fail(m_pos, "unexpected " + describe(m_text, m_pos) + " after '}'");
        }
        std::size_t end = m_text.size();
        while (end > begin && isSpace(m_text[end - 1]))
            --end;
        m_selector.m_text = std::string(m_text.substr(begin, end - begin));
        return SelectorParse { std::move(m_selector), {}, 0 };
    }

private:
    char peek() const { return m_text[m_pos]; }

    void skipSpace()
    {
        while (m_pos < m_text.size() && isSpace(m_text[m_pos]))
            ++m_pos;
    }

    SelectorParse fail(std::size_t offset, const std::string& message) const
    {
        const int column = columnOf(m_text, offset);
        return SelectorParse { std::nullopt, "column " + std::to_string(column) + ": " + message, column };
    }

    /** Parses `filter, ... }` after the `{`; returns a failure or nothing. */
    std::optional<SelectorParse> parseFilters()
    {
        skipSpace();
        if (m_pos < m_text.size() && peek() == '}') {
            ++m_pos;
            return std::nullopt;
        }
        for (;;) {
            skipSpace();
            TagFilter filter;
            const std::size_t keyAt = m_pos;
            while (m_pos < m_text.size() && !isSpace(peek())
                && std::string_view("=!,{}").find(peek()) == std::string_view::npos) {
                if (peek() == '\\') {
                    if (m_pos + 1 >= m_text.size())
                        return fail(m_pos, "dangling escape '\\' at the end");
                    ++m_pos;
                }
                filter.key += m_text[m_pos++];
            }
            if (m_pos == keyAt)
                return fail(m_pos, "expected a tag key, found " + describe(m_text, m_pos));
            skipSpace();
            if (m_pos >= m_text.size())
                return fail(m_pos, "expected '=', '!=', ',' or '}' after tag key '" + filter.key + "', found the end");
            if (peek() == '=') {
                filter.op = TagFilter::Op::Equals;
                ++m_pos;
            } else if (peek() == '!') {
                if (m_pos + 1 >= m_text.size() || m_text[m_pos + 1] != '=')
                    return fail(m_pos + 1, "expected '=' after '!'");
                filter.op = TagFilter::Op::NotEquals;
                m_pos += 2;
            } else if (peek() != ',' && peek() != '}') {
                return fail(m_pos,
                    "expected '=', '!=', ',' or '}' after tag key '" + filter.key + "', found "
                        + describe(m_text, m_pos));
            }
            if (filter.op != TagFilter::Op::Has) {
                skipSpace();
                Glob::Error error;
                auto value = Glob::parse(m_text, m_pos, ",{}=", error);
                if (!value)
                    return fail(error.offset, error.message);
                filter.value = std::move(*value);
                skipSpace();
            }
            m_selector.m_filters.push_back(std::move(filter));
            if (m_pos >= m_text.size())
                return fail(m_pos, "expected ',' or '}', found the end");
            if (peek() == '}') {
                ++m_pos;
                return std::nullopt;
            }
            if (peek() != ',')
                return fail(m_pos, "expected ',' or '}', found " + describe(m_text, m_pos));
            ++m_pos;
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    SeriesSelector m_selector;
};

SelectorParse SeriesSelector::parse(std::string_view text)
{
    return SeriesSelectorParser(text).run();
}

bool SeriesSelector::matches(const SeriesInfo& info) const
{
    if (!m_name.matches(info.name))
        return false;
    for (const TagFilter& f : m_filters) {
        bool hasKey = false;
        bool hasMatch = false;
        for (const auto& [key, value] : info.tags) {
            if (key != f.key)
                continue;
            hasKey = true;
            if (f.op == TagFilter::Op::Has || f.value.matches(value)) {
                hasMatch = true;
                break;
            }
        }
        const bool isOk = f.op == TagFilter::Op::NotEquals ? !hasMatch : (hasKey && hasMatch);
        if (!isOk)
            return false;
    }
    return true;
}

} // namespace pulse
