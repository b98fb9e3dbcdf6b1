#include "parse/influxdump.h"

#include "parse/jsonwriter.h"

#include <charconv>

namespace pulse {

namespace {

// jsonwriter.h only prints signed integers; uint64 values above INT64_MAX must stay exact.
void appendUint(std::string& out, std::uint64_t v)
{
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

class DumpVisitor {
public:
    explicit DumpVisitor(InfluxDumpResult& result)
        : m_result(result)
    { }

    void onPoint(const InfluxPoint& point)
    {
        std::string& out = m_result.json;
        out.append(R"({"kind":"point","measurement":)");
        json::appendString(out, unescapeMeasurement(point.measurement, m_scratch));
        out.append(R"(,"tags":[)");
        unescapeTagsInto(point, m_tags, m_arena);
        for (std::size_t i = 0; i < m_tags.size(); ++i) {
            out.append(i == 0 ? "[" : ",[");
            json::appendString(out, m_tags[i].key);
            out.push_back(',');
            json::appendString(out, m_tags[i].value);
            out.push_back(']');
        }
        out.append(R"(],"fields":[)");
        bool isFirst = true;
        for (const InfluxField& field : point.fields) {
            out.append(isFirst ? "[" : ",[");
            isFirst = false;
            json::appendString(out, unescapeKey(field.key, m_scratch));
            out.append(",{");
            json::appendKey(out, influxFieldKindName(field.kind));
            switch (field.kind) {
            case InfluxFieldKind::Float:
                json::appendNumber(out, field.floatValue);
                break;
            case InfluxFieldKind::Int:
                json::appendInt(out, field.intValue);
                break;
            case InfluxFieldKind::Uint:
                appendUint(out, field.uintValue);
                break;
            case InfluxFieldKind::Bool:
                json::appendBool(out, field.boolValue);
                break;
            case InfluxFieldKind::String:
                json::appendString(out, unescapeString(field.stringRaw, m_scratch));
                break;
            }
            out.append("}]");
        }
        out.append(R"(],"time":)");
        json::appendInt(out, point.timeNs);
        out.append("}\n");
    }

    void onReject(std::size_t lineNumber, InfluxReject reason, std::string_view /*line*/)
    {
        std::string& out = m_result.json;
        out.append(R"({"kind":"error","line":)");
        appendUint(out, lineNumber);
        out.append(R"(,"reason":)");
        json::appendString(out, influxRejectName(reason));
        out.append("}\n");
        ++m_result.rejected;
    }

private:
    InfluxDumpResult& m_result;
    std::string m_scratch;
    std::string m_arena;
    std::vector<TagView> m_tags;
};

} // namespace

InfluxDumpResult dumpInflux(std::string_view payload, InfluxPrecision precision, std::int64_t defaultTimeNs)
{
    InfluxDumpResult result;
    DumpVisitor visitor(result);
    InfluxParser parser;
    parser.parse(payload, precision, defaultTimeNs, visitor);
    return result;
}

} // namespace pulse
