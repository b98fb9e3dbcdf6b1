#include "pipeline/windowjson.h"

#include "parse/jsonwriter.h"

#include <cmath>

namespace pulse {

std::string quantileFieldName(double q)
{
    // Digits after "0.", at least two: 0.5 → 50, 0.999 → 999, 0.25 → 25.
    std::string digits = std::to_string(static_cast<long long>(std::llround(q * 1e6)));
    digits.insert(0, 7 - std::min<std::size_t>(digits.size(), 7), '0');
    digits = digits.substr(1); // drop the integer digit
    while (digits.size() > 2 && digits.back() == '0')
        digits.pop_back();
    return "p" + digits;
}

static void appendField(std::string& out, std::string_view key, double v)
{
    out.push_back(',');
    json::appendKey(out, key);
    json::appendNumber(out, v);
}

void appendWindowJson(
    std::string& out, const WindowResult& r, const SeriesInfo& series, std::span<const double> quantiles)
{
    out.append("{");
    json::appendKey(out, "series");
    json::appendString(out, series.name);
    out.push_back(',');
    json::appendKey(out, "tags");
    out.push_back('[');
    for (std::size_t i = 0; i < series.tags.size(); ++i) {
        if (i)
            out.push_back(',');
        out.push_back('[');
        json::appendString(out, series.tags[i].first);
        out.push_back(',');
        json::appendString(out, series.tags[i].second);
        out.push_back(']');
    }
    out.append("],");
    json::appendKey(out, "type");
    json::appendString(out, statsdTypeName(r.type));
    out.push_back(',');
    json::appendKey(out, "start");
    json::appendInt(out, r.startMs);
    out.push_back(',');
    json::appendKey(out, "end");
    json::appendInt(out, r.endMs);
    appendField(out, "count", r.count);
    switch (r.type) {
    case MetricType::Counter:
        appendField(out, "sum", r.sum);
        appendField(out, "rate", r.rate);
        break;
    case MetricType::Gauge:
        appendField(out, "sum", r.sum);
        appendField(out, "min", r.min);
        appendField(out, "max", r.max);
        appendField(out, "mean", r.mean);
        appendField(out, "last", r.last);
        break;
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution:
        appendField(out, "sum", r.sum);
        appendField(out, "min", r.min);
        appendField(out, "max", r.max);
        appendField(out, "mean", r.mean);
        appendField(out, "rate", r.rate);
        for (std::size_t i = 0; i < quantiles.size() && i < r.quantileCount; ++i)
            appendField(out, quantileFieldName(quantiles[i]), r.quantiles[i]);
        break;
    case MetricType::Set:
        appendField(out, "distinct", r.distinct);
        break;
    }
    out.append("}\n");
}

} // namespace pulse
