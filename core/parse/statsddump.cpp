#include "parse/statsddump.h"

#include "parse/jsonwriter.h"

namespace pulse {

namespace {

void appendTags(std::string& out, const StatsdTags& tags)
{
    json::appendKey(out, "tags");
    out.push_back('[');
    bool isFirst = true;
    for (const TagView& tag : tags) {
        if (!isFirst)
            out.push_back(',');
        isFirst = false;
        out.push_back('[');
        json::appendString(out, tag.key);
        out.push_back(',');
        json::appendString(out, tag.value);
        out.push_back(']');
    }
    out.push_back(']');
}

struct DumpVisitor {
    DumpResult& result;

    void onSample(const StatsdSample& s)
    {
        std::string& out = result.json;
        out.append(R"({"kind":"sample","name":)");
        json::appendString(out, s.name);
        out.append(R"(,"type":")");
        out.append(statsdTypeName(s.type));
        out.append(R"(","value":)");
        if (s.type == MetricType::Set)
            json::appendString(out, s.setMember);
        else
            json::appendNumber(out, s.value);
        out.append(R"(,"delta":)");
        json::appendBool(out, s.isDelta);
        out.append(R"(,"rate":)");
        json::appendNumber(out, s.sampleRate);
        out.push_back(',');
        appendTags(out, s.tags);
        out.append(R"(,"timestamp":)");
        json::appendIntOrNull(out, s.timestampSec);
        out.append("}\n");
    }

    void onEvent(const StatsdEvent& e)
    {
        std::string& out = result.json;
        out.append(R"({"kind":"event","title":)");
        json::appendString(out, e.title);
        out.append(R"(,"text":)");
        json::appendString(out, e.text);
        out.append(R"(,"timestamp":)");
        json::appendIntOrNull(out, e.timestampSec);
        out.append(R"(,"host":)");
        json::appendStringOrNull(out, e.host);
        out.append(R"(,"aggregation_key":)");
        json::appendStringOrNull(out, e.aggregationKey);
        out.append(R"(,"priority":)");
        json::appendStringOrNull(out, e.priority);
        out.append(R"(,"source_type":)");
        json::appendStringOrNull(out, e.sourceType);
        out.append(R"(,"alert_type":)");
        json::appendStringOrNull(out, e.alertType);
        out.push_back(',');
        appendTags(out, e.tags);
        out.append("}\n");
    }

    void onServiceCheck(const StatsdServiceCheck& sc)
    {
        std::string& out = result.json;
        out.append(R"({"kind":"service_check","name":)");
        json::appendString(out, sc.name);
        out.append(R"(,"status":)");
        json::appendInt(out, sc.status);
        out.append(R"(,"timestamp":)");
        json::appendIntOrNull(out, sc.timestampSec);
        out.append(R"(,"host":)");
        json::appendStringOrNull(out, sc.host);
        out.append(R"(,"message":)");
        json::appendStringOrNull(out, sc.message);
        out.push_back(',');
        appendTags(out, sc.tags);
        out.append("}\n");
    }

    void onReject(std::size_t lineNumber, StatsdReject reason, std::string_view /*line*/)
    {
        std::string& out = result.json;
        out.append(R"({"kind":"error","line":)");
        json::appendInt(out, std::int64_t(lineNumber));
        out.append(R"(,"reason":")");
        out.append(statsdRejectName(reason));
        out.append("\"}\n");
        ++result.rejected;
    }
};

} // namespace

DumpResult dumpStatsd(std::string_view payload, const StatsdLimits& limits)
{
    DumpResult result;
    DumpVisitor visitor { result };
    parseStatsd(payload, limits, visitor);
    return result;
}

} // namespace pulse
