#pragma once

#include "model/seriesregistry.h"
#include "store/glob.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

/** One condition on a series' tags. */
struct TagFilter {
    enum class Op : std::uint8_t {
        Has, ///< `key`: the tag is present, whatever its value
        Equals, ///< `key=glob`: the tag is present and a value matches
        NotEquals, ///< `key!=glob`: no value of the tag matches (an absent tag qualifies)
    };
    std::string key;
    Op op = Op::Has;
    Glob value;
};

struct SelectorParse;

/**
 * Which series a query or panel means, written `name{filter,filter,...}`:
 * the name is a glob (see Glob), each filter is `key=glob`, `key!=glob` or a bare `key`, all must hold.
 * Examples: `http.latency{service=api,host=*}`, `http.*{host=web-1}`, `*`, `cpu{core!=total}`,
 * `{source=kafka}` (any name). Whitespace is allowed around `{`, `}`, `,`, `=` and `!=`;
 * a backslash makes any character literal (`a\,b`, `\*`). Tag keys are literal.
 */
class SeriesSelector {
public:
    /** A selector that matches every series (same as `*`). */
    SeriesSelector() = default;

    /** Parses the text form; on failure the result says what is wrong and at which column. */
    static SelectorParse parse(std::string_view text);

    /** Whether the series is selected. */
    bool matches(const SeriesInfo& info) const;

    const Glob& name() const { return m_name; }
    const std::vector<TagFilter>& filters() const { return m_filters; }
    /** The text it was parsed from, without surrounding whitespace. */
    const std::string& text() const { return m_text; }

private:
    friend class SeriesSelectorParser;

    Glob m_name;
    std::vector<TagFilter> m_filters;
    std::string m_text = "*";
};

/** Outcome of SeriesSelector::parse. */
struct SelectorParse {
    std::optional<SeriesSelector> selector;
    std::string error; ///< "column N: what is wrong" when parsing failed
    int errorColumn = 0; ///< 1-based character (not byte) column of the problem, 0 on success
    bool isOk() const { return selector.has_value(); }
};

} // namespace pulse
