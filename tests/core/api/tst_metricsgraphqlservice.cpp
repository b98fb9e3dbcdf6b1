#include "api/metricsgraphqlservice.h"
#include "api/metricsobjects.h"
#include "api/metricsschema.h"
#include "model/duration.h"
#include "store/rollingstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <limits>

using namespace pulse;
using namespace pulse::api;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs kT0 = 1'699'999'200'000; // 2023-11-14T22:00:00.000Z, a whole hour
constexpr std::int64_t kSteps[] = { 1000, 10'000, 60'000, 3'600'000 };

StoreConfig storeConfig()
{
    StoreConfig c;
    c.resolutions = { { 1000, 15 * 60'000 }, { 10'000, 6 * 3'600'000 }, { 60'000, 48 * 3'600'000 },
        { 3'600'000, 30LL * 24 * 3'600'000 } };
    return c;
}

std::vector<WindowSpec> engineSpecs()
{
    // The store's resolutions first (tumbling), then an output window.
    return { { 1000, 1000, false }, { 10'000, 10'000, false }, { 60'000, 60'000, false },
        { 3'600'000, 3'600'000, false }, { 60'000, 10'000, false } };
}

SeriesInfoPtr makeSeries(SeriesId id, MetricType type, std::string name, std::vector<Tag> tags)
{
    auto info = std::make_shared<SeriesInfo>();
    info->id = id;
    info->type = type;
    info->name = std::move(name);
    info->tags = std::move(tags);
    return info;
}

/** Window i of series `id` at resolution `res`: values that say which they are. */
WindowResult window(SeriesId id, MetricType type, std::size_t res, int i)
{
    const std::int64_t step = kSteps[res];
    WindowResult r;
    r.series = id;
    r.type = type;
    r.specIndex = static_cast<std::uint16_t>(res);
    r.startMs = kT0 + i * step;
    r.endMs = r.startMs + step;
    const double v = 100.0 * static_cast<double>(res) + i;
    switch (type) {
    case MetricType::Gauge:
        r.last = id == 1 ? 1000 + i : v;
        r.min = r.last - 1;
        r.max = r.last + 1;
        r.mean = r.last + 0.5;
        r.count = 2;
        break;
    case MetricType::Counter:
        r.count = i + 1;
        r.sum = 10.0 * (i + 1) * static_cast<double>(step / 1000);
        r.rate = 10.0 * (i + 1);
        break;
    default:
        r.count = 4;
        r.rate = 4.0 / static_cast<double>(step / 1000); // events per second, as the window engine computes it
        r.mean = 2 + i;
        r.sum = 4 * r.mean;
        r.min = 1;
        r.max = 9;
        r.quantileCount = 5;
        r.quantiles = { 3, 4, 5, 6, 7 };
        break;
    }
    return r;
}

WindowBatch batch(std::size_t res, std::vector<WindowResult> results)
{
    WindowBatch b;
    b.specIndex = static_cast<std::uint16_t>(res);
    b.spec = WindowSpec { kSteps[res], kSteps[res], false };
    b.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
    b.results = std::move(results);
    return b;
}

QString compact(const QJsonValue& v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

QString normalised(const QString& json)
{
    return compact(QJsonDocument::fromJson(json.toUtf8()).object());
}

QString iso(TimestampMs ms)
{
    return formatTimestamp(ms);
}

} // namespace

class TestMetricsGraphqlService : public QObject {
    Q_OBJECT
private:
    ManualClock m_clock { kT0 + 6 * 3'600'000 };
    std::unique_ptr<RollingStore> m_store;
    std::unique_ptr<MetricsGraphqlService> m_service;
    SeriesInfoPtr m_cpu0 = makeSeries(0, MetricType::Gauge, "cpu", { { "core", "0" }, { "source", "web-1" } });
    SeriesInfoPtr m_cpu1 = makeSeries(1, MetricType::Gauge, "cpu", { { "source", "web-2" } });
    SeriesInfoPtr m_requests
        = makeSeries(2, MetricType::Counter, "http.requests", { { "service", "api" }, { "source", "web-1" } });
    SeriesInfoPtr m_latency
        = makeSeries(3, MetricType::Timer, "http.latency", { { "host", "a" }, { "service", "api" } });

    SeriesInfoPtr m_odd = makeSeries(4, MetricType::Gauge, "a*b{c}", { { "source", "x,y=z\\" } });

    QJsonObject query(const QString& text, const QJsonObject& variables = {}) const
    {
        return m_service->execute({ text, variables, {} });
    }
    QJsonValue data(const QString& text, const QString& field) const
    {
        const QJsonObject r = query(text);
        if (r.contains(u"errors"_s))
            return QJsonValue(compact(r));
        return r.value(u"data"_s).toObject().value(field);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_store = std::make_unique<RollingStore>(storeConfig(), m_clock);
        for (const SeriesInfoPtr& s : { m_cpu0, m_cpu1, m_requests, m_latency })
            QVERIFY(m_store->addSeries(s));
        for (std::size_t res = 0; res < 4; ++res) {
            for (int i = 0; i < 6; ++i) {
                std::vector<WindowResult> results;
                if (i != 3) { // a window without data: absent, never zero
                    results.push_back(window(0, MetricType::Gauge, res, i));
                    results.push_back(window(2, MetricType::Counter, res, i));
                    results.push_back(window(3, MetricType::Timer, res, i));
                }
                if (res == 0)
                    results.push_back(window(1, MetricType::Gauge, res, i));
                QCOMPARE(m_store->append(res, batch(res, results)), results.size());
            }
        }
        // A name and source full of selector syntax: `metrics` matches them literally.
        QVERIFY(m_store->addSeries(m_odd));
        WindowResult odd = window(4, MetricType::Gauge, 0, 0);
        odd.last = 42;
        QCOMPARE(m_store->append(0, batch(0, { odd })), std::size_t { 1 });
        m_service = std::make_unique<MetricsGraphqlService>(*m_store, engineSpecs(), m_clock);
    }

    void formatsAndParsesTimestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addRow("UTC with milliseconds") << u"2023-11-14T22:00:00.250Z"_s << qint64(kT0 + 250);
        QTest::addRow("UTC without milliseconds") << u"2023-11-14T22:00:00Z"_s << qint64(kT0);
        QTest::addRow("no zone means UTC") << u"2023-11-14T22:00:00"_s << qint64(kT0);
        QTest::addRow("offset") << u"2023-11-14T23:00:00+01:00"_s << qint64(kT0);
        QTest::addRow("epoch milliseconds") << u"1699999200000"_s << qint64(kT0);
        QTest::addRow("before 1970") << u"1969-12-31T23:59:59.999Z"_s << qint64(-1);
    }
    void formatsAndParsesTimestamps()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(parseTimestamp(text), std::optional<TimestampMs>(ms));
        QCOMPARE(parseTimestamp(formatTimestamp(ms)), std::optional<TimestampMs>(ms));
        QVERIFY(!parseTimestamp(u"yesterday"_s));
        QCOMPARE(formatTimestamp(kT0 + 1), u"2023-11-14T22:00:00.001Z"_s);
        QCOMPARE(formatTimestamp(0), u"1970-01-01T00:00:00.000Z"_s);
    }

    void readsEveryResolution_data()
    {
        QTest::addColumn<QString>("resolution");
        QTest::addColumn<qint64>("fromMs");
        QTest::addColumn<qint64>("toMs");
        QTest::addColumn<int>("storeResolution");
        for (std::size_t res = 0; res < 4; ++res) {
            const QString name = QString::fromStdString(formatDurationMs(kSteps[res]));
            QTest::addRow("%s over six windows", qPrintable(name))
                << name << qint64(kT0) << qint64(kT0 + 5 * kSteps[res]) << int(res);
        }
        QTest::addRow("60s is 1m") << u"60s"_s << qint64(kT0) << qint64(kT0 + 5 * 60'000) << 2;
        // The finest resolution with at most 1000 windows whose span still holds `from` (now is kT0 + 6 h).
        QTest::addRow("auto, one minute six hours ago: 10s") << u"auto"_s << qint64(kT0) << qint64(kT0 + 60'000) << 1;
        QTest::addRow("auto, five hours: 1m") << u"auto"_s << qint64(kT0) << qint64(kT0 + 5 * 3'600'000) << 2;
    }
    void readsEveryResolution()
    {
        QFETCH(QString, resolution);
        QFETCH(qint64, fromMs);
        QFETCH(qint64, toMs);
        QFETCH(int, storeResolution);
        const QJsonValue points
            = data(u"{ metrics(name: \"cpu\", sourceId: \"web-1\", from: \"%1\", to: \"%2\", "
                   u"resolution: \"%3\") { timestamp value min max mean count } }"_s.arg(iso(fromMs))
                       .arg(toMs)
                       .arg(resolution),
                u"metrics"_s);
        QJsonArray expected;
        for (int i = 0; i < 6; ++i) {
            const TimestampMs t = kT0 + i * kSteps[storeResolution];
            if (i == 3 || t < fromMs || t > toMs)
                continue;
            const double v = 100.0 * storeResolution + i;
            expected.append(QJsonObject { { u"timestamp"_s, iso(t) }, { u"value"_s, v }, { u"min"_s, v - 1 },
                { u"max"_s, v + 1 }, { u"mean"_s, v + 0.5 }, { u"count"_s, QJsonValue() } });
        }
        QCOMPARE(compact(points), compact(expected));
    }

    void readsTheFieldsOfEachType_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("point");
        QTest::addRow("gauge: last, min, max, mean")
            << u"cpu\", sourceId: \"web-1"_s
            << u"{\"value\":101,\"p50\":null,\"p95\":null,\"p99\":null,\"count\":null,\"min\":100,\"max\":102,\"mean\":101.5,\"sum\":null,\"rate\":null}"_s;
        QTest::addRow("counter: rate is the value")
            << u"http.requests"_s
            << u"{\"value\":20,\"p50\":null,\"p95\":null,\"p99\":null,\"count\":2,\"min\":null,\"max\":null,\"mean\":null,\"sum\":200,\"rate\":20}"_s;
        QTest::addRow("timer: mean is the value, percentiles from the digest")
            << u"http.latency"_s
            << u"{\"value\":3,\"p50\":3,\"p95\":5,\"p99\":6,\"count\":4,\"min\":1,\"max\":9,\"mean\":3,\"sum\":12,\"rate\":0.4}"_s;
    }
    void readsTheFieldsOfEachType()
    {
        QFETCH(QString, name);
        QFETCH(QString, point);
        // Window 1 at 10 s.
        const QJsonValue points = data(u"{ metrics(name: \"%1\", from: \"%2\", to: \"%2\", resolution: \"10s\") "
                                       u"{ value p50 p95 p99 count min max mean sum rate } }"_s.arg(name)
                                           .arg(kT0 + 10'000),
            u"metrics"_s);
        QCOMPARE(points.toArray().size(), 1);
        QCOMPARE(compact(points.toArray().first()), normalised(point));
    }

    void mergesSeriesThatShareAName()
    {
        // Without sourceId both cpu series answer: ordered by time, then series, each point naming its series.
        const QJsonValue points = data(u"{ metrics(name: \"cpu\", from: \"%1\", to: \"%2\", resolution: \"1s\") "
                                       u"{ value series { id } } }"_s.arg(kT0 + 2000)
                                           .arg(kT0 + 4000),
            u"metrics"_s);
        QCOMPARE(compact(points),
            normalised(u"{\"a\":[{\"value\":2,\"series\":{\"id\":\"cpu{core=0,source=web-1}|g\"}},"
                       u"{\"value\":1002,\"series\":{\"id\":\"cpu{source=web-2}|g\"}},"
                       u"{\"value\":1003,\"series\":{\"id\":\"cpu{source=web-2}|g\"}},"
                       u"{\"value\":4,\"series\":{\"id\":\"cpu{core=0,source=web-1}|g\"}},"
                       u"{\"value\":1004,\"series\":{\"id\":\"cpu{source=web-2}|g\"}}]}"_s)
                .mid(5)
                .chopped(1));
        const QJsonValue web2 = data(u"{ metrics(name: \"cpu\", sourceId: \"web-2\", from: \"%1\", to: \"%2\", "
                                     u"resolution: \"1s\") { value } }"_s.arg(kT0)
                                         .arg(kT0 + 1000),
            u"metrics"_s);
        QCOMPARE(compact(web2), u"[{\"value\":1000},{\"value\":1001}]"_s);
        const QJsonValue nothing = data(u"{ metrics(name: \"cpu\", sourceId: \"web-9\", from: \"%1\", to: \"%2\", "
                                        u"resolution: \"1s\") { value } }"_s.arg(kT0)
                                            .arg(kT0 + 1000),
            u"metrics"_s);
        QCOMPARE(compact(nothing), u"[]"_s);
    }

    void matchesNamesLiterally_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("values");
        QTest::addRow("name with glob and brace characters") << u"name: \"a*b{c}\""_s << u"[{\"value\":42}]"_s;
        QTest::addRow("and a source with comma, equals and backslash")
            << u"name: \"a*b{c}\", sourceId: \"x,y=z\\\\\""_s << u"[{\"value\":42}]"_s;
        QTest::addRow("a glob in the name is not a wildcard") << u"name: \"a*\""_s << u"[]"_s;
        QTest::addRow("empty name") << u"name: \"\""_s << u"[]"_s;
    }
    void matchesNamesLiterally()
    {
        QFETCH(QString, arguments);
        QFETCH(QString, values);
        const QJsonValue points
            = data(u"{ metrics(%1, from: \"%2\", to: \"%2\", resolution: \"1s\") { value } }"_s.arg(arguments).arg(kT0),
                u"metrics"_s);
        QCOMPARE(compact(points), values);
    }

    void boundsTheSeriesOneRequestReads()
    {
        ManualClock clock(kT0 + 60'000);
        RollingStore store(storeConfig(), clock);
        for (SeriesId id = 0; id < 25; ++id)
            QVERIFY(store.addSeries(makeSeries(id, MetricType::Gauge, "g", { { "n", std::to_string(id) } })));
        const MetricsGraphqlService service(store, engineSpecs(), clock);
        const auto request = [&](int aliases) {
            QString text = u"{"_s;
            for (int i = 0; i < aliases; ++i)
                text
                    += u" a%1: seriesMetrics(match: \"g\", from: \"0\", to: \"1\", resolution: \"1s\") { points { value } }"_s
                           .arg(i);
            return service.execute({ text + u" }"_s, {}, {} });
        };
        QVERIFY(!request(400).contains(u"errors"_s)); // 10,000 series reads
        const QJsonObject tooMany = request(401);
        QCOMPARE(tooMany.value(u"errors"_s).toArray().first().toObject().value(u"message"_s).toString(),
            u"The request reads more than 10000 series in all; split it."_s);
    }

    void reportsBadArguments_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown resolution")
            << u"name: \"cpu\", from: \"0\", to: \"1\", resolution: \"5s\""_s
            << u"Unknown resolution \"5s\"; valid resolutions are \"1s\", \"10s\", \"1m\", \"1h\", \"auto\"."_s;
        QTest::addRow("bad from")
            << u"name: \"cpu\", from: \"yesterday\", to: \"1\", resolution: \"1s\""_s
            << u"Invalid timestamp \"yesterday\" for \"from\": expected ISO-8601 UTC (2026-01-01T00:00:00.000Z) or epoch milliseconds."_s;
        QTest::addRow("from after to") << u"name: \"cpu\", from: \"5\", to: \"1\", resolution: \"1s\""_s
                                       << u"\"from\" (5) is after \"to\" (1)."_s;
    }
    void reportsBadArguments()
    {
        QFETCH(QString, arguments);
        QFETCH(QString, message);
        const QJsonObject r = query(u"{\n  metrics(%1) { value } }"_s.arg(arguments));
        QVERIFY(r.contains(u"data"_s));
        QVERIFY(r.value(u"data"_s).isNull()); // metrics is non-null
        const QJsonArray errors = r.value(u"errors"_s).toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().toObject().value(u"message"_s).toString(), message);
        QCOMPARE(compact(errors.first().toObject().value(u"locations"_s)), u"[{\"column\":3,\"line\":2}]"_s);
        QCOMPARE(compact(errors.first().toObject().value(u"path"_s)), u"[\"metrics\"]"_s);
    }

    void rejectsInvalidDocumentsAndVariables_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QJsonObject>("variables");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown field") << u"{ metric { value } }"_s << QJsonObject()
                                       << u"Cannot query field \"metric\" on type \"Query\"."_s;
        QTest::addRow("missing required argument")
            << u"{ series { id } }"_s << QJsonObject()
            << u"Field \"series\" argument \"match\" of type \"String!\" is required, but it was not provided."_s;
        QTest::addRow("missing non-null variable")
            << u"query($m: String!) { series(match: $m) { id } }"_s << QJsonObject()
            << u"Variable \"$m\" of required type \"String!\" was not provided."_s;
        QTest::addRow("mutation") << u"mutation { series(match: \"*\") { id } }"_s << QJsonObject()
                                  << u"Schema is not configured to execute mutation operation."_s;
        QTest::addRow("subscription over execute")
            << u"subscription { metricUpdated(name: \"cpu\") { value } }"_s << QJsonObject()
            << u"Subscriptions need a graphql-transport-ws connection; this transport runs queries only."_s;
    }
    void rejectsInvalidDocumentsAndVariables()
    {
        QFETCH(QString, document);
        QFETCH(QJsonObject, variables);
        QFETCH(QString, message);
        const QJsonObject r = query(document, variables);
        QVERIFY(!r.contains(u"data"_s));
        QCOMPARE(r.value(u"errors"_s).toArray().first().toObject().value(u"message"_s).toString(), message);
        QVERIFY(r.value(u"errors"_s).toArray().first().toObject().contains(u"locations"_s));
    }

    void listsSeries()
    {
        const QJsonValue series
            = data(u"{ series(match: \"http.*{service=api}\") { id name type tags { key value } lastUpdate } }"_s,
                u"series"_s);
        const QString lastUpdate = iso(kT0 + 6 * 3'600'000); // the 1 h window 5 ends there
        QCOMPARE(compact(series),
            compact(
                QJsonArray { QJsonObject { { u"id"_s, u"http.requests{service=api,source=web-1}|c"_s },
                                 { u"name"_s, u"http.requests"_s }, { u"type"_s, u"counter"_s },
                                 { u"tags"_s,
                                     QJsonArray { QJsonObject { { u"key"_s, u"service"_s }, { u"value"_s, u"api"_s } },
                                         QJsonObject { { u"key"_s, u"source"_s }, { u"value"_s, u"web-1"_s } } } },
                                 { u"lastUpdate"_s, lastUpdate } },
                    QJsonObject { { u"id"_s, u"http.latency{host=a,service=api}|ms"_s },
                        { u"name"_s, u"http.latency"_s }, { u"type"_s, u"timer"_s },
                        { u"tags"_s,
                            QJsonArray { QJsonObject { { u"key"_s, u"host"_s }, { u"value"_s, u"a"_s } },
                                QJsonObject { { u"key"_s, u"service"_s }, { u"value"_s, u"api"_s } } } },
                        { u"lastUpdate"_s, lastUpdate } } }));
        const QJsonObject bad = query(u"{ series(match: \"cpu{\") { id } }"_s);
        QVERIFY2(bad.value(u"errors"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"message"_s)
                     .toString()
                     .startsWith(u"Invalid series selector \"cpu{\": column"_s),
            qPrintable(compact(bad)));
    }

    void readsSeriesMetricsBySelector()
    {
        const QJsonValue result
            = data(u"query($from: String!, $res: String! = \"1m\") { seriesMetrics(match: \"http.*\", from: $from, "
                   u"to: \"%1\", resolution: $res) { series { name } points { v: value } } }"_s.arg(kT0 + 120'000),
                u"seriesMetrics"_s);
        // The variable $from has no value here: the request fails whole.
        QVERIFY(result.toString().contains(u"Variable \\\"$from\\\" of required type"_s));
        const QJsonObject r = query(u"query($from: String!, $res: String! = \"1m\") { seriesMetrics(match: \"http.*\", "
                                    u"from: $from, to: \"%1\", "
                                    u"resolution: $res) { series { name } points { v: value } } }"_s.arg(kT0 + 120'000),
            QJsonObject { { u"from"_s, iso(kT0 + 60'000) } });
        QCOMPARE(compact(r),
            normalised(
                u"{\"data\":{\"seriesMetrics\":[{\"series\":{\"name\":\"http.requests\"},\"points\":[{\"v\":"
                u"20},{\"v\":30}]},{\"series\":{\"name\":\"http.latency\"},\"points\":[{\"v\":3},{\"v\":4}]}]}}"_s));
    }

    void answersIntrospection()
    {
        QFile file(QFINDTESTDATA("../graphql/fixtures/introspection.graphql"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject r = query(QString::fromUtf8(file.readAll()));
        QVERIFY2(!r.contains(u"errors"_s), qPrintable(compact(r)));
        const QJsonObject s = r.value(u"data"_s).toObject().value(u"__schema"_s).toObject();
        QCOMPARE(s.value(u"subscriptionType"_s).toObject().value(u"name"_s).toString(), u"Subscription"_s);
        QStringList names;
        for (const QJsonValue& t : s.value(u"types"_s).toArray())
            names << t.toObject().value(u"name"_s).toString();
        for (const QString& n : { u"Tag"_s, u"Series"_s, u"MetricPoint"_s, u"SeriesPoints"_s, u"Query"_s })
            QVERIFY2(names.contains(n), qPrintable(n));
    }

    void answersQueriesSentOverSubscribe()
    {
        const SubscribeResult r = m_service->subscribe({ u"{ series(match: \"cpu\") { id } }"_s, {}, {} });
        QVERIFY(!r.subscription);
        QVERIFY(r.errors.isEmpty());
        QVERIFY(r.singleResult);
        QCOMPARE(r.singleResult->value(u"data"_s).toObject().value(u"series"_s).toArray().size(), 2);

        const SubscribeResult bad = m_service->subscribe({ u"subscription { nope }"_s, {}, {} });
        QVERIFY(!bad.subscription);
        QVERIFY(!bad.singleResult);
        QCOMPARE(bad.errors.first().toObject().value(u"message"_s).toString(),
            u"Cannot query field \"nope\" on type \"Subscription\"."_s);
        const SubscribeResult badSelector
            = m_service->subscribe({ u"subscription { seriesUpdated(match: \"cpu{\") { value } }"_s, {}, {} });
        QVERIFY(!badSelector.subscription);
        QVERIFY(badSelector.errors.first()
                    .toObject()
                    .value(u"message"_s)
                    .toString()
                    .startsWith(u"Invalid series selector"_s));
    }

    void rendersSubscriptions_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QJsonObject>("variables");
        QTest::addColumn<QString>("expected");
        QTest::addRow("metricUpdated with an alias")
            << u"subscription { live: metricUpdated(name: \"cpu\", sourceId: \"web-1\") { timestamp value p95 } }"_s
            << QJsonObject()
            << u"{\"data\":{\"live\":{\"timestamp\":\"2023-11-14T22:00:04.000Z\",\"value\":4,\"p95\":null}}}"_s;
        QTest::addRow("fragments, __typename and series")
            << u"subscription S($n: String!) { ...Root } fragment Root on Subscription { metricUpdated(name: $n) { "
               u"__typename ... on MetricPoint { max } ...P } } fragment P on MetricPoint { series { id } }"_s
            << QJsonObject { { u"n"_s, u"cpu"_s } }
            << u"{\"data\":{\"metricUpdated\":{\"__typename\":\"MetricPoint\",\"max\":5,\"series\":{\"id\":\"cpu{core=0,source=web-1}|g\"}}}}"_s;
        QTest::addRow("seriesUpdated with @skip")
            << u"subscription { seriesUpdated(match: \"cpu{source=web-*}\") { value min @skip(if: true) } }"_s
            << QJsonObject() << u"{\"data\":{\"seriesUpdated\":{\"value\":4}}}"_s;
    }
    void rendersSubscriptions()
    {
        QFETCH(QString, document);
        QFETCH(QJsonObject, variables);
        QFETCH(QString, expected);
        const SubscribeResult r = m_service->subscribe({ document, variables, {} });
        QVERIFY2(r.subscription, qPrintable(compact(r.errors)));
        QCOMPARE(r.subscription->specIndex(), std::uint16_t { 0 });
        QVERIFY(r.subscription->wants(*m_cpu0));
        QVERIFY(!r.subscription->wants(*m_requests));
        const WindowBatch b = batch(0, { window(0, MetricType::Gauge, 0, 4) });
        QCOMPARE(compact(r.subscription->render(*m_cpu0, b.results.front(), b, false)), normalised(expected));
        // What the fan-out sends: the same object, written as text without one.
        QCOMPARE(normalised(QString::fromUtf8(r.subscription->renderJson(*m_cpu0, b.results.front(), b, false))),
            compact(r.subscription->render(*m_cpu0, b.results.front(), b, false)));
    }

    void rendersLikeTheExecutor_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QJsonObject>("variables");
        QTest::addColumn<int>("seriesIndex"); // 0 gauge cpu, 3 timer
        QTest::addColumn<bool>("hasValue");
        QTest::addRow("gauge, statistics that do not apply are null")
            << u"subscription { metricUpdated(name: \"cpu\") { timestamp value p95 count min } }"_s << QJsonObject()
            << 0 << true;
        QTest::addRow("timer, every statistic under aliases")
            << u"subscription { p: seriesUpdated(match: \"http.*\") { t: timestamp v: value p50 p95 p99 count min max "
               u"mean sum rate } }"_s
            << QJsonObject() << 3 << true;
        QTest::addRow("fragments, inline fragments, directives with variables, __typename")
            << u"subscription($on: Boolean!) { ...R } fragment R on Subscription { x: seriesUpdated(match: \"*\") { "
               u"__typename ... on MetricPoint @include(if: $on) { max } ...P v: value @skip(if: $on) } } "
               u"fragment P on MetricPoint { timestamp mean }"_s
            << QJsonObject { { u"on"_s, true } } << 3 << true;
        QTest::addRow("a window without its value: null data and an error")
            << u"subscription { metricUpdated(name: \"cpu\") { timestamp value } }"_s << QJsonObject() << 0 << false;
        QTest::addRow("series is left to the executor")
            << u"subscription { metricUpdated(name: \"cpu\") { value series { id type } } }"_s << QJsonObject() << 0
            << true;
    }
    void rendersLikeTheExecutor()
    {
        QFETCH(QString, document);
        QFETCH(QJsonObject, variables);
        QFETCH(int, seriesIndex);
        QFETCH(bool, hasValue);
        const SeriesInfoPtr info = seriesIndex == 0 ? m_cpu0 : m_latency;
        const SubscribeResult r = m_service->subscribe({ document, variables, {} });
        QVERIFY2(r.subscription, qPrintable(compact(r.errors)));
        const WindowBatch b = batch(0, { window(info->id, info->type, 0, 2) });
        WindowResult result = b.results.front();
        if (!hasValue)
            result.last = std::numeric_limits<double>::quiet_NaN();
        // The same request through the generic executor, with the closed window as the subscription's root value.
        class Root final : public graphql::ObjectSource {
        public:
            explicit Root(graphql::ObjectPtr point)
                : m_point(std::move(point))
            { }
            QString typeName() const override { return u"Subscription"_s; }
            graphql::Resolved resolve(const QString&, const QJsonObject&) const override
            {
                return graphql::Resolved::of(m_point);
            }

        private:
            graphql::ObjectPtr m_point;
        };
        const graphql::PreparedRequest prepared
            = graphql::prepareRequest(m_service->schema(), document, variables, QString());
        QVERIFY(prepared.isOk());
        const Root root(makeWindowPoint(*info, result, b, m_store.get()));
        const QJsonObject expected = graphql::execute(m_service->schema(), prepared, root);
        QCOMPARE(compact(r.subscription->render(*info, result, b, false)), compact(expected));
        // What the fan-out sends: the same object, written as text without one.
        QCOMPARE(normalised(QString::fromUtf8(r.subscription->renderJson(*info, result, b, false))),
            compact(r.subscription->render(*info, result, b, false)));
        QCOMPARE(expected.contains(u"errors"_s), !hasValue);
    }

    void subscribesToTheLiveEdgeWhenAsked_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QJsonObject>("variables");
        QTest::addColumn<bool>("isLive");
        QTest::addRow("metricUpdated: closed windows by default")
            << u"subscription { metricUpdated(name: \"cpu\") { value } }"_s << QJsonObject() << false;
        QTest::addRow("metricUpdated, live: true")
            << u"subscription { metricUpdated(name: \"cpu\", live: true) { value } }"_s << QJsonObject() << true;
        QTest::addRow("metricUpdated, live: false")
            << u"subscription { metricUpdated(name: \"cpu\", live: false) { value } }"_s << QJsonObject() << false;
        QTest::addRow("metricUpdated, live: null")
            << u"subscription { metricUpdated(name: \"cpu\", live: null) { value } }"_s << QJsonObject() << false;
        QTest::addRow("seriesUpdated: closed windows by default")
            << u"subscription { seriesUpdated(match: \"cpu\") { value } }"_s << QJsonObject() << false;
        QTest::addRow("seriesUpdated, live from a variable")
            << u"subscription S($l: Boolean) { seriesUpdated(match: \"cpu\", live: $l) { value } }"_s
            << QJsonObject { { u"l"_s, true } } << true;
        QTest::addRow("seriesUpdated, an unset variable is the default")
            << u"subscription S($l: Boolean) { seriesUpdated(match: \"cpu\", live: $l) { value } }"_s << QJsonObject()
            << false;
    }
    void subscribesToTheLiveEdgeWhenAsked()
    {
        QFETCH(QString, document);
        QFETCH(QJsonObject, variables);
        QFETCH(bool, isLive);
        const SubscribeResult r = m_service->subscribe({ document, variables, {} });
        QVERIFY2(r.subscription, qPrintable(compact(r.errors)));
        QCOMPARE(r.subscription->isLive(), isLive);
        QCOMPARE(r.subscription->specIndex(), std::uint16_t { 0 }); // the live edge is of the 1 s spec too
        QVERIFY(!m_service->stream(u"cpu"_s, QString())->isLive());
    }

    void rejectsANonBooleanLive()
    {
        const SubscribeResult r = m_service->subscribe(
            { u"subscription { metricUpdated(name: \"cpu\", live: \"yes\") { value } }"_s, {}, {} });
        QVERIFY(!r.subscription);
        QVERIFY(!r.errors.isEmpty());
    }

    void rendersTheLiveEdge_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<bool>("isProvisional");
        QTest::addColumn<QString>("expected");
        const QString planned = u"subscription { metricUpdated(name: \"http.latency\", live: true) { timestamp value "
                                u"provisional p90 p999 } }"_s;
        const QString executed = u"subscription { seriesUpdated(match: \"http.*\", live: true) { is: provisional "
                                 u"p90 p999 series { id } } }"_s;
        QTest::addRow("planned, open window")
            << planned << true
            << u"{\"data\":{\"metricUpdated\":{\"timestamp\":\"2023-11-14T22:00:02.000Z\",\"value\":4,"
               u"\"provisional\":true,\"p90\":4,\"p999\":7}}}"_s;
        QTest::addRow("planned, closed window")
            << planned << false
            << u"{\"data\":{\"metricUpdated\":{\"timestamp\":\"2023-11-14T22:00:02.000Z\",\"value\":4,"
               u"\"provisional\":false,\"p90\":4,\"p999\":7}}}"_s;
        QTest::addRow("executor (series selected), open window")
            << executed << true
            << u"{\"data\":{\"seriesUpdated\":{\"is\":true,\"p90\":4,\"p999\":7,\"series\":{\"id\":"
               u"\"http.latency{host=a,service=api}|ms\"}}}}"_s;
        QTest::addRow("executor (series selected), closed window")
            << executed << false
            << u"{\"data\":{\"seriesUpdated\":{\"is\":false,\"p90\":4,\"p999\":7,\"series\":{\"id\":"
               u"\"http.latency{host=a,service=api}|ms\"}}}}"_s;
    }
    void rendersTheLiveEdge()
    {
        QFETCH(QString, document);
        QFETCH(bool, isProvisional);
        QFETCH(QString, expected);
        const SubscribeResult r = m_service->subscribe({ document, {}, {} });
        QVERIFY2(r.subscription, qPrintable(compact(r.errors)));
        QVERIFY(r.subscription->isLive());
        const WindowBatch b = batch(0, { window(3, MetricType::Timer, 0, 2) });
        QCOMPARE(
            compact(r.subscription->render(*m_latency, b.results.front(), b, isProvisional)), normalised(expected));
        // What the fan-out sends: the same object, written as text without one.
        QCOMPARE(
            normalised(QString::fromUtf8(r.subscription->renderJson(*m_latency, b.results.front(), b, isProvisional))),
            compact(r.subscription->render(*m_latency, b.results.front(), b, isProvisional)));
    }

    void quantilesThePipelineDoesNotComputeAreNull()
    {
        const SubscribeResult r = m_service->subscribe(
            { u"subscription { metricUpdated(name: \"http.latency\") { p50 p90 p999 provisional } }"_s, {}, {} });
        QVERIFY2(r.subscription, qPrintable(compact(r.errors)));
        WindowBatch b = batch(0, { window(3, MetricType::Timer, 0, 2) });
        b.quantiles = { 0.5, 0.95, 0.99 };
        b.results.front().quantileCount = 3;
        QCOMPARE(compact(r.subscription->render(*m_latency, b.results.front(), b, false)),
            normalised(u"{\"data\":{\"metricUpdated\":{\"p50\":3,\"p90\":null,\"p999\":null,"
                       u"\"provisional\":false}}}"_s));
        // What the fan-out sends: the same object, written as text without one.
        QCOMPARE(normalised(QString::fromUtf8(r.subscription->renderJson(*m_latency, b.results.front(), b, false))),
            compact(r.subscription->render(*m_latency, b.results.front(), b, false)));
    }

    void queriesReadP90P999AndAreNeverProvisional()
    {
        // Window 1 at 10 s, as readsTheFieldsOfEachType reads it.
        const QJsonValue points = data(u"{ metrics(name: \"http.latency\", from: \"%1\", to: \"%1\", "
                                       u"resolution: \"10s\") { value p90 p999 provisional } }"_s.arg(kT0 + 10'000),
            u"metrics"_s);
        QCOMPARE(compact(points),
            u"[{\"p90\":4,\"p999\":7,\"provisional\":false,\"value\":3}]"_s); // keys sorted by compact()
        const QJsonValue bySelector
            = data(u"{ seriesMetrics(match: \"cpu{source=web-2}\", from: \"%1\", to: \"%2\", resolution: \"1s\") "
                   u"{ points { provisional p90 } } }"_s.arg(kT0)
                       .arg(kT0 + 1000),
                u"seriesMetrics"_s);
        QCOMPARE(compact(bySelector),
            u"[{\"points\":[{\"p90\":null,\"provisional\":false},{\"p90\":null,\"provisional\":false}]}]"_s);
    }

    void matchesSubscribedSeries_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("wanted"); // series ids 0..3 that match
        QTest::addRow("by name") << u"metricUpdated(name: \"cpu\")"_s << u"01"_s;
        QTest::addRow("by name and source") << u"metricUpdated(name: \"cpu\", sourceId: \"web-2\")"_s << u"1"_s;
        QTest::addRow("null source is no filter") << u"metricUpdated(name: \"cpu\", sourceId: null)"_s << u"01"_s;
        QTest::addRow("source only with that name")
            << u"metricUpdated(name: \"http.requests\", sourceId: \"web-1\")"_s << u"2"_s;
        QTest::addRow("selector over names") << u"seriesUpdated(match: \"http.*\")"_s << u"23"_s;
        QTest::addRow("selector over tags") << u"seriesUpdated(match: \"{source=web-1}\")"_s << u"02"_s;
    }
    void matchesSubscribedSeries()
    {
        QFETCH(QString, field);
        QFETCH(QString, wanted);
        const SubscribeResult r = m_service->subscribe({ u"subscription { "_s + field + u" { value } }"_s, {}, {} });
        QVERIFY2(r.subscription, qPrintable(compact(r.errors)));
        QString actual;
        for (const SeriesInfoPtr& s : { m_cpu0, m_cpu1, m_requests, m_latency }) {
            if (r.subscription->wants(*s))
                actual += QString::number(s->id);
        }
        QCOMPARE(actual, wanted);
    }

    void streamsBarePoints()
    {
        QVERIFY(!m_service->stream(QString(), QString()));
        const auto s = m_service->stream(u"http.latency"_s, QString());
        QVERIFY(s);
        QCOMPARE(s->specIndex(), std::uint16_t { 0 });
        QVERIFY(s->wants(*m_latency));
        QVERIFY(!s->wants(*m_cpu0));
        const WindowBatch b = batch(0, { window(3, MetricType::Timer, 0, 1) });
        QCOMPARE(compact(s->render(*m_latency, b.results.front(), b, false)),
            normalised(
                u"{\"timestamp\":\"2023-11-14T22:00:01.000Z\",\"series\":\"http.latency{host=a,service=api}|ms\","
                u"\"value\":3,\"p95\":5,\"p99\":6,\"count\":4,\"min\":1,\"max\":9,\"mean\":3,\"p50\":3,\"sum\":12,"
                u"\"rate\":4}"_s));
        // What the fan-out sends: the same object, written as text without one.
        QCOMPARE(normalised(QString::fromUtf8(s->renderJson(*m_latency, b.results.front(), b, false))),
            compact(s->render(*m_latency, b.results.front(), b, false)));
        const auto bySource = m_service->stream(u"cpu"_s, u"web-2"_s);
        QVERIFY(bySource->wants(*m_cpu1));
        QVERIFY(!bySource->wants(*m_cpu0));
    }
};

QTEST_GUILESS_MAIN(TestMetricsGraphqlService)
#include "tst_metricsgraphqlservice.moc"
