#include "parse/jsonevent.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace pulse {

std::string_view jsonEventRejectName(JsonEventReject r)
{
    switch (r) {
    case JsonEventReject::InvalidJson:
        return "invalid_json";
    case JsonEventReject::NotAnObject:
        return "not_an_object";
    case JsonEventReject::MissingName:
        return "missing_name";
    case JsonEventReject::BadName:
        return "bad_name";
    case JsonEventReject::MissingValue:
        return "missing_value";
    case JsonEventReject::WrongValueType:
        return "wrong_value_type";
    case JsonEventReject::NonFiniteValue:
        return "non_finite_value";
    case JsonEventReject::BadTime:
        return "bad_time";
    case JsonEventReject::BadTags:
        return "bad_tags";
    case JsonEventReject::BadType:
        return "bad_type";
    case JsonEventReject::BadSourceId:
        return "bad_source_id";
    }
    return "unknown";
}

namespace {

std::optional<MetricType> typeFromName(const QString& s)
{
    for (MetricType t : { MetricType::Counter, MetricType::Gauge, MetricType::Timer, MetricType::Histogram,
             MetricType::Distribution }) {
        if (s == QLatin1String(metricTypeName(t)))
            return t;
    }
    return std::nullopt;
}

constexpr double kMaxExactMs = 9007199254740992.0; // 2^53: beyond it milliseconds are not exact

} // namespace

std::optional<JsonEventReject> decodeJsonEvent(std::string_view json, std::string_view key, JsonEvent& out)
{
    QJsonParseError error;
    const QJsonDocument doc
        = QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), static_cast<qsizetype>(json.size())), &error);
    if (error.error != QJsonParseError::NoError)
        return JsonEventReject::InvalidJson;
    if (!doc.isObject())
        return JsonEventReject::NotAnObject;
    const QJsonObject o = doc.object();

    QJsonValue name = o.value(QLatin1String("metric_name"));
    if (name.isUndefined())
        name = o.value(QLatin1String("name"));
    if (name.isUndefined())
        return JsonEventReject::MissingName;
    const QByteArray nameUtf8 = name.toString().toUtf8();
    if (!name.isString() || nameUtf8.isEmpty() || static_cast<std::size_t>(nameUtf8.size()) > kMaxJsonNameBytes)
        return JsonEventReject::BadName;

    const QJsonValue value = o.value(QLatin1String("value"));
    if (value.isUndefined() || value.isNull())
        return JsonEventReject::MissingValue;
    if (!value.isDouble())
        return JsonEventReject::WrongValueType;
    const double v = value.toDouble();
    if (!std::isfinite(v))
        return JsonEventReject::NonFiniteValue;

    std::optional<TimestampMs> timeMs;
    QJsonValue time = o.value(QLatin1String("time"));
    if (time.isUndefined())
        time = o.value(QLatin1String("timestamp"));
    if (time.isDouble()) {
        const double t = time.toDouble();
        if (!std::isfinite(t) || std::fabs(t) > kMaxExactMs || t != std::floor(t))
            return JsonEventReject::BadTime;
        timeMs = static_cast<TimestampMs>(t);
    } else if (time.isString()) {
        QDateTime dt = QDateTime::fromString(time.toString(), Qt::ISODateWithMs);
        if (!dt.isValid())
            return JsonEventReject::BadTime;
        if (dt.timeSpec() == Qt::LocalTime) // no offset given: UTC, never the consumer's time zone
            dt.setTimeSpec(Qt::UTC);
        timeMs = dt.toMSecsSinceEpoch();
    } else if (!time.isUndefined()) {
        return JsonEventReject::BadTime;
    }

    MetricType type = MetricType::Gauge;
    const QJsonValue typeValue = o.value(QLatin1String("type"));
    if (!typeValue.isUndefined()) {
        const auto t = typeValue.isString() ? typeFromName(typeValue.toString()) : std::nullopt;
        if (!t)
            return JsonEventReject::BadType;
        type = *t;
    }

    std::string source;
    const QJsonValue sourceId = o.value(QLatin1String("source_id"));
    if (sourceId.isString())
        source = sourceId.toString().toStdString();
    else if (!sourceId.isUndefined())
        return JsonEventReject::BadSourceId;
    else
        source = std::string(key);

    out.tags.clear();
    const QJsonValue tags = o.value(QLatin1String("tags"));
    if (!tags.isUndefined()) {
        if (!tags.isObject())
            return JsonEventReject::BadTags;
        const QJsonObject to = tags.toObject();
        if (static_cast<std::size_t>(to.size()) > kMaxJsonTags)
            return JsonEventReject::BadTags;
        for (auto it = to.begin(); it != to.end(); ++it) {
            if (!it.value().isString() || it.key().isEmpty())
                return JsonEventReject::BadTags;
            if (it.key() == QLatin1String("source") && !source.empty())
                continue; // source_id (or the key) names the producer
            out.tags.emplace_back(it.key().toStdString(), it.value().toString().toStdString());
        }
    }
    if (!source.empty())
        out.tags.emplace_back("source", std::move(source));
    out.name.assign(nameUtf8.constData(), static_cast<std::size_t>(nameUtf8.size()));
    out.type = type;
    out.value = v;
    out.timeMs = timeMs;
    return std::nullopt;
}

} // namespace pulse
