#include "client/remotepoints.h"

#include "api/metricsschema.h"

#include <QJsonArray>
#include <QJsonValue>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace pulse::client {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/** A statistic: NaN for null or absent; false when present but not a number. */
bool number(const QJsonObject& o, QLatin1StringView key, double& out)
{
    const QJsonValue v = o.value(key);
    if (v.isNull() || v.isUndefined()) {
        out = kNaN;
        return true;
    }
    if (!v.isDouble())
        return false;
    out = v.toDouble();
    return true;
}

} // namespace

std::optional<RemoteSeries> seriesFromJson(const QJsonObject& series, std::string& error)
{
    RemoteSeries out;
    const QJsonValue name = series.value("name"_L1);
    const QJsonValue type = series.value("type"_L1);
    if (!name.isString() || name.toString().isEmpty()) {
        error = "a series without a name";
        return std::nullopt;
    }
    out.name = name.toString().toStdString();
    const std::string typeName = type.toString().toStdString();
    bool isKnown = false;
    for (int t = 0; t < kMetricTypeCount; ++t) {
        if (metricTypeName(static_cast<MetricType>(t)) == typeName) {
            out.type = static_cast<MetricType>(t);
            isKnown = true;
        }
    }
    if (!isKnown) {
        error = "series " + out.name + ": unknown type \"" + typeName + "\"";
        return std::nullopt;
    }
    const QJsonValue tags = series.value("tags"_L1);
    if (!tags.isArray() && !tags.isNull() && !tags.isUndefined()) {
        error = "series " + out.name + ": tags is not a list";
        return std::nullopt;
    }
    for (const QJsonValue& tag : tags.toArray()) {
        const QJsonValue key = tag.toObject().value("key"_L1);
        const QJsonValue value = tag.toObject().value("value"_L1);
        if (!key.isString() || !value.isString()) {
            error = "series " + out.name + ": a tag without a string key and value";
            return std::nullopt;
        }
        out.tags.emplace_back(key.toString().toStdString(), value.toString().toStdString());
    }
    return out;
}

std::optional<RemoteWindow> windowFromPoint(
    const QJsonObject& point, const RemoteSeries& series, std::int64_t stepMs, std::string& error)
{
    const std::optional<TimestampMs> start = api::parseTimestamp(point.value("timestamp"_L1).toString());
    if (!start) {
        error = "series " + series.name + ": a point without a valid timestamp";
        return std::nullopt;
    }
    double value = kNaN;
    double count = kNaN;
    double rate = kNaN;
    RemoteWindow w;
    WindowResult& r = w.result;
    bool isOk = number(point, "value"_L1, value) && number(point, "count"_L1, count) && number(point, "sum"_L1, r.sum)
        && number(point, "min"_L1, r.min) && number(point, "max"_L1, r.max) && number(point, "mean"_L1, r.mean)
        && number(point, "rate"_L1, rate);
    static constexpr std::pair<QLatin1StringView, double> kQuantiles[]
        = { { "p50"_L1, 0.5 }, { "p90"_L1, 0.9 }, { "p95"_L1, 0.95 }, { "p99"_L1, 0.99 }, { "p999"_L1, 0.999 } };
    for (const auto& [key, q] : kQuantiles) {
        double v = kNaN;
        isOk = isOk && number(point, key, v);
        if (!std::isnan(v))
            w.quantiles.emplace_back(q, v);
    }
    if (!isOk) {
        error = "series " + series.name + ": a statistic that is not a number";
        return std::nullopt;
    }
    w.name = series.name;
    w.tags = series.tags;
    w.isProvisional = point.value("provisional"_L1).toBool(false);
    r.type = series.type;
    r.startMs = *start;
    r.endMs = *start + stepMs;
    r.count = std::isnan(count) ? 0 : count;
    switch (series.type) {
    case MetricType::Counter:
        r.rate = std::isnan(rate) ? value : rate;
        break;
    case MetricType::Gauge:
        r.last = value;
        break;
    case MetricType::Set:
        r.distinct = value;
        break;
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution:
        r.rate = rate;
        if (std::isnan(r.mean))
            r.mean = value;
        break;
    }
    return w;
}

} // namespace pulse::client
