// libFuzzer target for the InfluxDB line protocol parser and its JSON dump.
// Besides crashes and sanitizer reports, it traps on broken invariants of the parser's output.

#include "parse/influxdump.h"
#include "parse/influxparser.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace pulse;

void check(bool condition)
{
    if (!condition)
        __builtin_trap();
}

class Toucher {
public:
    Toucher(std::string_view payload, const InfluxLimits& limits)
        : m_payload(payload)
        , m_limits(limits)
        , m_lineCount(static_cast<std::size_t>(std::count(payload.begin(), payload.end(), '\n')) + 1)
    { }

    void onPoint(const InfluxPoint& p)
    {
        ++m_points;
        checkLine(p.lineNumber, p.line);
        checkInside(p.measurement);
        check(!p.measurement.empty() && p.measurement.size() <= m_limits.maxNameBytes);
        m_bytes += checkedUnescape(p.measurement, InfluxEscaping::Measurement, p.isMeasurementEscaped).size();
        check(p.tags.size() == p.tagFlags.size() && p.tags.size() <= m_limits.maxTags);
        for (std::size_t i = 0; i < p.tags.size(); ++i) {
            checkInside(p.tags[i].key);
            checkInside(p.tags[i].value);
            check(!p.tags[i].key.empty() && !p.tags[i].value.empty());
            check(p.tags[i].key.size() <= m_limits.maxNameBytes);
            m_bytes += checkedUnescape(p.tags[i].key, InfluxEscaping::Key, p.tagFlags[i].isKeyEscaped).size();
            m_bytes += checkedUnescape(p.tags[i].value, InfluxEscaping::Key, p.tagFlags[i].isValueEscaped).size();
        }
        unescapeTagsInto(p, m_tags, m_arena);
        check(m_tags.size() == p.tags.size());
        check(!p.fields.empty() && p.fields.size() <= m_limits.maxFields);
        for (const InfluxField& f : p.fields) {
            checkInside(f.key);
            check(!f.key.empty() && f.key.size() <= m_limits.maxNameBytes);
            m_bytes += checkedUnescape(f.key, InfluxEscaping::Key, f.isKeyEscaped).size();
            switch (f.kind) {
            case InfluxFieldKind::Float:
                check(std::isfinite(f.floatValue));
                break;
            case InfluxFieldKind::String:
                checkInside(f.stringRaw);
                m_bytes += checkedUnescape(f.stringRaw, InfluxEscaping::String, f.isStringEscaped).size();
                break;
            case InfluxFieldKind::Int:
            case InfluxFieldKind::Uint:
            case InfluxFieldKind::Bool:
                break;
            }
            m_sum += f.asDouble();
        }
        m_sum += static_cast<double>(p.timeNs);
    }

    void onReject(std::size_t lineNumber, InfluxReject reason, std::string_view line)
    {
        ++m_rejects;
        checkLine(lineNumber, line);
        check(static_cast<std::size_t>(reason) < kInfluxRejectCount);
        check(influxRejectName(reason) != "unknown");
    }

    std::size_t points() const { return m_points; }
    std::size_t rejects() const { return m_rejects; }

private:
    void checkInside(std::string_view v) const
    {
        check(
            v.empty() || (v.data() >= m_payload.data() && v.data() + v.size() <= m_payload.data() + m_payload.size()));
    }

    void checkLine(std::size_t lineNumber, std::string_view line)
    {
        check(lineNumber > m_lastLine && lineNumber <= m_lineCount);
        m_lastLine = lineNumber;
        checkInside(line);
        check(!line.empty() && line.find('\n') == std::string_view::npos);
    }

    std::string_view checkedUnescape(std::string_view raw, InfluxEscaping escaping, bool isEscaped)
    {
        const std::string_view out = unescapeInto(raw, escaping, m_scratch);
        check(out.size() <= raw.size());
        if (!isEscaped)
            check(out.data() == raw.data() && out.size() == raw.size());
        return out;
    }

    std::string_view m_payload;
    InfluxLimits m_limits;
    std::size_t m_lineCount;
    std::size_t m_lastLine = 0;
    std::size_t m_points = 0;
    std::size_t m_rejects = 0;
    std::size_t m_bytes = 0;
    double m_sum = 0.0;
    std::string m_scratch;
    std::string m_arena;
    std::vector<TagView> m_tags;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    const auto precision = static_cast<InfluxPrecision>(size % 4);

    const InfluxLimits defaults;
    Toucher toucher(payload, defaults);
    InfluxParser parser(defaults);
    parser.parse(payload, precision, -1, toucher);

    // Tight limits reach the limit checks with short inputs.
    InfluxLimits tight;
    tight.maxLineBytes = 48;
    tight.maxTags = 2;
    tight.maxFields = 2;
    tight.maxNameBytes = 6;
    Toucher tightToucher(payload, tight);
    parseInflux(payload, precision, 0, tight, tightToucher);

    const InfluxDumpResult dump = dumpInflux(payload, precision, -1);
    check(dump.rejected == toucher.rejects());
    check(static_cast<std::size_t>(std::count(dump.json.begin(), dump.json.end(), '\n'))
        == toucher.points() + toucher.rejects());
    return 0;
}
