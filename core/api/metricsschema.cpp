#include "api/metricsschema.h"

#include <QDateTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using pulse::graphql::FieldDef;
using pulse::graphql::makeArg;
using pulse::graphql::makeField;
using pulse::graphql::TypeDef;
using pulse::graphql::TypeKind;

namespace pulse::api {

namespace {

TypeDef object(const QString& name, const QString& description, std::vector<FieldDef> fields)
{
    TypeDef t;
    t.kind = TypeKind::Object;
    t.name = name;
    t.description = description;
    t.fields = std::move(fields);
    return t;
}

} // namespace

graphql::Schema metricsSchema()
{
    graphql::Schema s;
    s.setDescription(u"Pulseboard: live and recent metrics from the in-memory rolling store."_s);
    const QString timeDoc = u"ISO-8601 UTC with milliseconds (2026-01-01T00:00:00.000Z) or epoch milliseconds."_s;
    const QString resolutionDoc
        = u"A step of the store (\"1s\", \"10s\", \"1m\", ...) or \"auto\" (the finest with at most 1000 points)."_s;
    s.addType(object(u"Tag"_s, u"One tag of a series."_s,
        { makeField(u"key"_s, u"String!"_s), makeField(u"value"_s, u"String!"_s) }));
    s.addType(object(u"Series"_s, u"A metric name with its sorted tags and type."_s,
        { makeField(u"id"_s, u"String!"_s, u"Stable identity: name{k=v,...}|statsd-type, e.g. \"cpu{host=a}|g\"."_s),
            makeField(u"name"_s, u"String!"_s), makeField(u"type"_s, u"String!"_s, u"counter, gauge, timer, ..."_s),
            makeField(u"tags"_s, u"[Tag!]!"_s),
            makeField(u"lastUpdate"_s, u"String"_s, u"End of the newest stored window (ISO-8601)."_s) }));
    s.addType(object(u"MetricPoint"_s,
        u"One window of a series: closed, or with `live: true` subscriptions also still open (`provisional`). "
        u"Statistics that do not apply to the series' type are null."_s,
        { makeField(u"timestamp"_s, u"String!"_s, u"Start of the window (ISO-8601 UTC)."_s),
            makeField(u"value"_s, u"Float!"_s,
                u"The natural value: gauge last, counter rate per second, timer/histogram/distribution mean, set "
                u"distinct count."_s),
            makeField(u"p95"_s, u"Float"_s), makeField(u"p99"_s, u"Float"_s), makeField(u"count"_s, u"Float"_s),
            makeField(u"min"_s, u"Float"_s), makeField(u"max"_s, u"Float"_s), makeField(u"mean"_s, u"Float"_s),
            makeField(u"p50"_s, u"Float"_s), makeField(u"sum"_s, u"Float"_s), makeField(u"rate"_s, u"Float"_s),
            makeField(u"p90"_s, u"Float"_s, u"Quantile 0.9; null when the pipeline does not compute it."_s),
            makeField(u"p999"_s, u"Float"_s, u"Quantile 0.999; null when the pipeline does not compute it."_s),
            makeField(u"provisional"_s, u"Boolean!"_s,
                u"True for a live-edge point: the window is still open; its values are exact for the samples so "
                u"far (count, sum and rate still grow) and will be replaced by the closed window. False for a "
                u"closed window (always in queries)."_s),
            makeField(u"series"_s, u"Series"_s, u"The series the point belongs to."_s) }));
    s.addType(object(u"SeriesPoints"_s, u"The points of one series."_s,
        { makeField(u"series"_s, u"Series!"_s), makeField(u"points"_s, u"[MetricPoint!]!"_s) }));
    s.addType(object(u"Query"_s, {},
        { makeField(u"metrics"_s, u"[MetricPoint!]!"_s,
              u"Closed windows of every series with this name (and `source` tag), ordered by time then series; "
              u"each point names its series."_s,
              { makeArg(u"name"_s, u"String!"_s), makeArg(u"sourceId"_s, u"String"_s),
                  makeArg(u"from"_s, u"String!"_s, {}, timeDoc), makeArg(u"to"_s, u"String!"_s, {}, timeDoc),
                  makeArg(u"resolution"_s, u"String!"_s, {}, resolutionDoc) }),
            makeField(u"series"_s, u"[Series!]!"_s, u"The series a selector matches, e.g. http.latency{host=*}."_s,
                { makeArg(u"match"_s, u"String!"_s) }),
            makeField(u"seriesMetrics"_s, u"[SeriesPoints!]!"_s,
                u"Closed windows of every series a selector matches."_s,
                { makeArg(u"match"_s, u"String!"_s), makeArg(u"from"_s, u"String!"_s, {}, timeDoc),
                    makeArg(u"to"_s, u"String!"_s, {}, timeDoc),
                    makeArg(u"resolution"_s, u"String!"_s, {}, resolutionDoc) }) }));
    const QString liveDoc
        = u"Also send the live edge: each still-open window of a series as it changes "
          u"(provisional: true, several per second), before its closed window (provisional: false)."_s;
    s.addType(object(u"Subscription"_s, {},
        { makeField(u"metricUpdated"_s, u"MetricPoint!"_s,
              u"Each closed 1 s window of every series with this name (and `source` tag); with `live`, also the "
              u"open ones."_s,
              { makeArg(u"name"_s, u"String!"_s), makeArg(u"sourceId"_s, u"String"_s),
                  makeArg(u"live"_s, u"Boolean"_s, u"false"_s, liveDoc) }),
            makeField(u"seriesUpdated"_s, u"MetricPoint!"_s,
                u"Each closed 1 s window of every series a selector matches; point.series says which. With `live`, "
                u"also the open ones."_s,
                { makeArg(u"match"_s, u"String!"_s), makeArg(u"live"_s, u"Boolean"_s, u"false"_s, liveDoc) }) }));
    s.setQueryType(u"Query"_s);
    s.setSubscriptionType(u"Subscription"_s);
    return s;
}

QString formatTimestamp(TimestampMs ms)
{
    // Civil-from-days (H. Hinnant), so formatting costs no time-zone lookups.
    std::int64_t days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
    std::int64_t msOfDay = ms - days * 86'400'000;
    days += 719'468;
    const std::int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
    const std::int64_t doe = days - era * 146'097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999)
        return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
    char16_t buf[25] = u"0000-00-00T00:00:00.000Z";
    const auto put = [&buf](int pos, std::int64_t v, int width) {
        for (int i = width - 1; i >= 0; --i, v /= 10)
            buf[pos + i] = static_cast<char16_t>(u'0' + v % 10);
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, msOfDay / 3'600'000, 2);
    put(14, msOfDay / 60'000 % 60, 2);
    put(17, msOfDay / 1000 % 60, 2);
    put(20, msOfDay % 1000, 3);
    const QString out(reinterpret_cast<const QChar*>(buf), 24);
    return out;
}

std::optional<TimestampMs> parseTimestamp(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qlonglong ms = t.toLongLong(&isNumber);
    if (isNumber)
        return ms;
    if (!t.contains(u'T'))
        return std::nullopt;
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        return std::nullopt;
    if (dt.timeSpec() == Qt::LocalTime) // no offset written: UTC, not the server's zone
        dt.setTimeZone(QTimeZone::utc());
    return dt.toMSecsSinceEpoch();
}

} // namespace pulse::api
