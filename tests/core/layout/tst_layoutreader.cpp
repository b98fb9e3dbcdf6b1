#include "layout/layoutmigration.h"
#include "layout/layoutreader.h"
#include "layout/layoutwriter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pulse;
using namespace pulse::layout;
using namespace Qt::StringLiterals;

namespace {

QByteArray withPanels(const QByteArray& panels)
{
    return R"({"schemaVersion": 1, "panels": [)" + panels + "]}";
}

QByteArray withPanel(const QByteArray& extra, const QByteArray& type = "stat")
{
    return withPanels("{\"type\": \"" + type
        + "\", \"x\": 0, \"y\": 0, \"w\": 4, \"h\": 4, \"queries\": [{\"selector\": \"cpu\"}]"
        + (extra.isEmpty() ? QByteArray() : ", " + extra) + "}");
}

QByteArray withQuery(const QByteArray& extra)
{
    return withPanels(
        R"({"type": "stat", "x": 0, "y": 0, "w": 4, "h": 4, "queries": [{"selector": "cpu", )" + extra + "}]}");
}

QByteArray withTop(const QByteArray& extra)
{
    return R"({"schemaVersion": 1, )" + extra + "}";
}

/** A `postgres` source object (not a raw string: moc 6.4 misreads raw strings holding "//"). */
QByteArray postgresSource(const QByteArray& url)
{
    return "{\"type\": \"postgres\", \"url\": \"" + url + "\"}";
}

QByteArray readFixture(const QString& name)
{
    QFile file(QFINDTESTDATA(u"fixtures/"_s + name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestLayoutReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validationReportsEveryProblemByPath_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<int>("panelCount");

        QTest::addRow("unknown field keeps the default")
            << withQuery(R"("field": "p42")") << QStringList { u"panels[0].queries[0].field: unknown field \"p42\""_s }
            << 1;
        QTest::addRow("unknown panel type drops the panel")
            << withPanels(R"({"type": "pie", "x": 0, "y": 0, "w": 4, "h": 4})")
            << QStringList { u"panels[0].type: unknown panel type \"pie\"; panel dropped"_s } << 0;
        QTest::addRow("missing type drops the panel")
            << withPanels(R"({"x": 0, "y": 0, "w": 4, "h": 4})")
            << QStringList { u"panels[0].type: missing; panel dropped"_s } << 0;
        QTest::addRow("panel not an object")
            << withPanels("42") << QStringList { u"panels[0]: expected an object, got a number; panel dropped"_s } << 0;
        QTest::addRow("panels not an array")
            << withTop(R"("panels": {})") << QStringList { u"panels: expected an array, got an object"_s } << 0;
        QTest::addRow("missing grid position") << withPanels(R"({"type": "clock", "x": 0, "w": 4, "h": 4})")
                                               << QStringList { u"panels[0].y: missing; panel dropped"_s } << 0;
        QTest::addRow("past the right edge")
            << withPanels(R"({"type": "clock", "x": 20, "y": 0, "w": 8, "h": 4})")
            << QStringList { u"panels[0].w: x + w must be at most 24, got 20 + 8; panel dropped"_s } << 0;
        QTest::addRow("zero width") << withPanels(R"({"type": "clock", "x": 0, "y": 0, "w": 0, "h": 4})")
                                    << QStringList { u"panels[0].w: must be between 1 and 24, got 0; panel dropped"_s }
                                    << 0;
        QTest::addRow("negative x") << withPanels(R"({"type": "clock", "x": -1, "y": 0, "w": 2, "h": 4})")
                                    << QStringList { u"panels[0].x: must be between 0 and 23, got -1; panel dropped"_s }
                                    << 0;
        QTest::addRow("fractional x")
            << withPanels(R"({"type": "clock", "x": 1.5, "y": 0, "w": 2, "h": 4})")
            << QStringList { u"panels[0].x: expected a whole number, got 1.5; panel dropped"_s } << 0;
        QTest::addRow("height as a string")
            << withPanels(R"({"type": "clock", "x": 0, "y": 0, "w": 2, "h": "4"})")
            << QStringList { u"panels[0].h: expected a finite number, got a string; panel dropped"_s } << 0;
        QTest::addRow("one bad panel among good ones, reported with its file index")
            << withPanels(
                   R"({"type": "clock", "x": 0, "y": 0, "w": 2, "h": 2}, {"type": "pie", "x": 2, "y": 0, "w": 2, "h": 2},)"
                   R"({"type": "clock", "x": 4, "y": 0, "w": 2, "h": 2}, {"type": "clock", "x": 6, "y": 0, "w": 2, "h": 2, "title": 7})")
            << QStringList { u"panels[1].type: unknown panel type \"pie\"; panel dropped"_s,
                   u"panels[3].title: expected a string, got a number"_s }
            << 3;
        QTest::addRow("missing selector")
            << withQuery(R"("field": "p99")").replace(R"("selector": "cpu", )", "")
            << QStringList { u"panels[0].queries[0].selector: missing; query dropped"_s } << 1;
        QTest::addRow("sliding window without slide")
            << withQuery(R"("window": {"type": "sliding", "size": "1m"})")
            << QStringList { u"panels[0].queries[0].window.slide: missing (a sliding window needs one)"_s } << 1;
        QTest::addRow("slide does not divide size")
            << withQuery(R"("window": {"type": "sliding", "size": "1m", "slide": "7s"})")
            << QStringList { u"panels[0].queries[0].window.slide: must divide the size into at most 1440 steps, got size 1m and slide 7s"_s }
            << 1;
        QTest::addRow("window of a fraction of a second")
            << withQuery(R"("window": {"size": "1500ms"})")
            << QStringList { u"panels[0].queries[0].window.size: must be whole seconds and at most 31d, got 1500ms"_s }
            << 1;
        QTest::addRow("unknown window type")
            << withQuery(R"("window": {"type": "hopping"})")
            << QStringList { u"panels[0].queries[0].window.type: unknown window type \"hopping\" (expected tumbling or sliding)"_s }
            << 1;
        QTest::addRow("slide on a tumbling window")
            << withQuery(R"("window": {"size": "10s", "slide": "5s"})")
            << QStringList { u"panels[0].queries[0].window.slide: not used by a tumbling window; ignored"_s } << 1;
        QTest::addRow("empty group-by")
            << withQuery(R"("groupBy": " ")")
            << QStringList { u"panels[0].queries[0].groupBy: must be a tag key without surrounding spaces, got \" \""_s }
            << 1;
        QTest::addRow("unclosed legend tag")
            << withQuery("\"legend\": \"{{host p99\"")
            << QStringList { u"panels[0].queries[0].legend: unclosed or empty {{tag}} in \"{{host p99\""_s } << 1;
        QTest::addRow("unknown unit") << withPanel(R"("unit": "furlongs")")
                                      << QStringList { u"panels[0].unit: unknown unit \"furlongs\""_s } << 1;
        QTest::addRow("custom unit without suffix")
            << withPanel(R"("unit": {"suffix": "x"})")
            << QStringList { u"panels[0].unit.suffix: unknown property; ignored"_s,
                   u"panels[0].unit.custom: missing"_s }
            << 1;
        QTest::addRow("too many decimals")
            << withPanel(R"("decimals": 11)")
            << QStringList { u"panels[0].decimals: must be between 0 and 10, got 11"_s } << 1;
        QTest::addRow("min not below max")
            << withPanel(R"("min": 5, "max": 3)")
            << QStringList { u"panels[0].max: must be greater than min, got min 5 and max 3; both ignored"_s } << 1;
        QTest::addRow("threshold colour not #rrggbb")
            << withPanel(R"("thresholds": [{"value": 1, "color": "red"}])")
            << QStringList { u"panels[0].thresholds[0].color: invalid colour \"red\" (expected #rrggbb)"_s } << 1;
        QTest::addRow("thresholds out of order")
            << withPanel(
                   "\"thresholds\": [{\"value\": 5, \"color\": \"#000000\"}, {\"value\": 5, \"color\": \"#ffffff\"}]")
            << QStringList { u"panels[0].thresholds[1].value: must be greater than the previous threshold's value 5; threshold dropped"_s }
            << 1;
        QTest::addRow("threshold without value")
            << withPanel("\"thresholds\": [{\"color\": \"#000000\", \"severity\": \"fatal\"}]")
            << QStringList { u"panels[0].thresholds[0].value: missing; threshold dropped"_s,
                   u"panels[0].thresholds[0].severity: unknown severity \"fatal\" (expected ok, warning or critical)"_s }
            << 1;
        QTest::addRow("mapping with value and range")
            << withPanel(R"("valueMappings": [{"value": 1, "from": 0, "to": 2, "text": "x"}])")
            << QStringList { u"panels[0].valueMappings[0]: needs either \"value\" or \"from\" and \"to\"; mapping dropped"_s }
            << 1;
        QTest::addRow("mapping range reversed")
            << withPanel(R"("valueMappings": [{"from": 3, "to": 2, "text": "x"}])")
            << QStringList { u"panels[0].valueMappings[0].to: must not be less than from, got from 3 and to 2; mapping dropped"_s }
            << 1;
        QTest::addRow("mapping without text or colour")
            << withPanel(R"("valueMappings": [{"value": 1}])")
            << QStringList { u"panels[0].valueMappings[0]: needs \"text\" or \"color\"; mapping dropped"_s } << 1;
        QTest::addRow("staleness not a duration")
            << withPanel(R"("staleAfter": "soon")")
            << QStringList { u"panels[0].staleAfter: invalid duration \"soon\" (expected e.g. 500ms, 10s, 5m, 1h)"_s }
            << 1;
        QTest::addRow("bad bargauge orientation")
            << withPanel(R"("options": {"orientation": "diagonal"})", "bargauge")
            << QStringList { u"panels[0].options.orientation: unknown orientation \"diagonal\" (expected horizontal or vertical)"_s }
            << 1;
        QTest::addRow("options on a stat panel")
            << withPanel(R"("options": {"content": "x"})")
            << QStringList { u"panels[0].options: not used by a stat panel; ignored"_s } << 1;
        QTest::addRow("unknown table column")
            << withPanel(R"("options": {"columns": ["last", "p42"]})", "table")
            << QStringList { u"panels[0].options.columns[1]: unknown field \"p42\""_s } << 1;
        QTest::addRow("queries on a text panel")
            << withPanel({}, "text") << QStringList { u"panels[0].queries: not used by a text panel; ignored"_s } << 1;
        QTest::addRow("data panel without queries")
            << withPanels(R"({"type": "gauge", "x": 0, "y": 0, "w": 4, "h": 4})")
            << QStringList { u"panels[0].queries: missing; the panel shows no data"_s } << 1;
        QTest::addRow("misspelt property")
            << withPanel(R"("titel": "x")") << QStringList { u"panels[0].titel: unknown property; ignored"_s } << 1;
        QTest::addRow("render rate too high")
            << withTop(R"("renderRateHz": 61)") << QStringList { u"renderRateHz: must be between 1 and 60, got 61"_s }
            << 0;
        QTest::addRow("unknown theme") << withTop(R"("theme": "blue")")
                                       << QStringList { u"theme: unknown theme \"blue\" (expected dark or light)"_s }
                                       << 0;
        QTest::addRow("unknown display profile")
            << withTop(R"("display": "tv")")
            << QStringList { u"display: unknown display profile \"tv\" (expected desk, room, wall or {\"minTextMm\": x})"_s }
            << 0;
        QTest::addRow("zero text size")
            << withTop(R"("display": {"minTextMm": 0})")
            << QStringList { u"display.minTextMm: must be greater than 0 and at most 100, got 0"_s } << 0;
        QTest::addRow("time range not offered")
            << withTop(R"("timeRange": {"last": "2h"})")
            << QStringList { u"timeRange.last: must be one of 5m, 15m, 1h, 6h, 24h, got \"2h\""_s } << 0;
        QTest::addRow("udp source without listen")
            << withTop(R"("sources": [{"type": "udp"}])")
            << QStringList { u"sources[0].listen: missing; source dropped"_s } << 0;
        QTest::addRow("source without type") << withTop(R"("sources": [{"listen": ":1"}])")
                                             << QStringList { u"sources[0].type: missing; source dropped"_s } << 0;
        QTest::addRow("system interval too short")
            << withTop(R"("sources": [{"type": "system", "interval": "10ms"}])")
            << QStringList { u"sources[0].interval: must be between 100ms and 1h, got 10ms"_s } << 0;
    }
    void validationReportsEveryProblemByPath()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, expected);
        QFETCH(int, panelCount);
        const LayoutLoadResult result = readLayout(json);
        QVERIFY(!result.isRefused);
        QVERIFY(result.dashboard);
        QCOMPARE(result.problemStrings(), expected);
        QCOMPARE(static_cast<int>(result.dashboard->panels.size()), panelCount);
    }

    void thresholdWithoutColourKeepsItsSeverity()
    {
        const LayoutLoadResult result
            = readLayout(withPanel("\"thresholds\": [{\"value\": 1, \"severity\": \"critical\"}]"));
        QCOMPARE(result.problemStrings(), QStringList {});
        QVERIFY(result.dashboard);
        const auto& thresholds = result.dashboard->panels.at(0).thresholds;
        QCOMPARE(thresholds.size(), std::size_t(1));
        QCOMPARE(thresholds[0].color, QString()); // the theme's critical colour is used
        QCOMPARE(thresholds[0].severity, ThresholdSeverity::Critical);
        QVERIFY(!serializeLayout(*result.dashboard).contains("color"));
    }

    void invalidSelectorAndListenCarryTheParserReason()
    {
        const LayoutLoadResult result
            = readLayout(withTop(R"("sources": [{"type": "udp", "listen": "example.com:99"}],)"
                                 "\"panels\": [{\"type\": \"stat\", \"x\": 0, \"y\": 0, \"w\": 1, \"h\": 1, "
                                 "\"queries\": [{\"selector\": \"http{host\"}]}]"));
        QCOMPARE(result.problems.size(), std::size_t { 2 });
        QVERIFY2(result.problems[0].toString().startsWith(
                     u"sources[0].listen: invalid listen address \"example.com:99\": "_s),
            qPrintable(result.problems[0].toString()));
        QVERIFY(result.problems[0].toString().endsWith(u"; source dropped"_s));
        QVERIFY2(result.problems[1].toString().startsWith(
                     u"panels[0].queries[0].selector: invalid selector \"http{host\": column "_s),
            qPrintable(result.problems[1].toString()));
        QVERIFY(result.problems[1].toString().endsWith(u"; query dropped"_s));
        QCOMPARE(result.dashboard->sources.size(), std::size_t { 0 });
        QCOMPARE(result.dashboard->panels.at(0).queries.size(), std::size_t { 0 });
    }

    void unknownSourceTypeIsSkippedWithAWarningAndSavedBack()
    {
        const LayoutLoadResult result = readLayout(
            withTop(R"("sources": [{"type": "mqtt", "topic": "metrics"}, {"type": "udp", "listen": ":8125"}])"));
        QCOMPARE(result.problemStrings(), QStringList { u"sources[0].type: unknown source type \"mqtt\"; skipped"_s });
        QCOMPARE(result.problems.at(0).severity, ProblemSeverity::Warning);
        QCOMPARE(result.errorCount(), 0);
        QCOMPARE(result.dashboard->sources.size(), std::size_t { 1 });
        QCOMPARE(QString::fromStdString(result.dashboard->sources[0].listen.toString()), u"127.0.0.1:8125/statsd"_s);
        QCOMPARE(result.dashboard->unknownSources.size(), std::size_t { 1 });
        QVERIFY(serializeLayout(*result.dashboard).contains("\"topic\": \"metrics\""));
    }

    void postgresSourceRoundTripsThroughReaderAndWriter()
    {
        const QByteArray url
            = "postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&sslrootcert=/etc/pulse/ca.pem";
        const LayoutLoadResult first
            = readLayout(withTop(R"("sources": [{"type": "udp", "listen": ":8125"}, )" + postgresSource(url) + "]"));
        QCOMPARE(first.problemStrings(), QStringList {});
        QVERIFY(first.dashboard);
        QCOMPARE(first.dashboard->sources.size(), std::size_t { 2 });
        QCOMPARE(first.dashboard->sources[1].type, SourceType::Postgres);
        QCOMPARE(QByteArray::fromStdString(first.dashboard->sources[1].url), url);

        const QByteArray saved = serializeLayout(*first.dashboard);
        QVERIFY2(saved.contains("\"type\": \"postgres\""), saved.constData());
        QVERIFY2(saved.contains(QByteArray("\"url\": \"" + url + "\"")), saved.constData());
        const LayoutLoadResult second = readLayout(saved);
        QCOMPARE(second.problemStrings(), QStringList {});
        QVERIFY(second.dashboard);
        QCOMPARE(second.dashboard->sources.size(), std::size_t { 2 });
        QCOMPARE(second.dashboard->sources[1].type, SourceType::Postgres);
        QCOMPARE(QByteArray::fromStdString(second.dashboard->sources[1].url), url);
        QCOMPARE(serializeLayout(*second.dashboard), saved);
    }

    void badPostgresSourcesAreDroppedAndTheRestLoads_data()
    {
        QTest::addColumn<QByteArray>("sources");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QStringList>("keptUrls"); // of the postgres sources kept

        const QString password
            = u"must not contain a password: it comes from PGPASSWORD or ~/.pgpass, never from a layout file"_s;
        QTest::addRow("password in user info")
            << postgresSource("postgresql://pulse:hunter2@db/metrics")
            << QStringList { u"sources[0].url: invalid PostgreSQL source \"postgresql://pulse:***@db/metrics\": "_s
                   + password + u"; source dropped"_s }
            << QStringList {};
        QTest::addRow("password parameter")
            << postgresSource("postgres://db/metrics?sslmode=require&password=hunter2")
            << QStringList { u"sources[0].url: invalid PostgreSQL source "
                             "\"postgres://db/metrics?sslmode=require&password=***\": "_s
                   + password + u"; source dropped"_s }
            << QStringList {};
        QTest::addRow("unknown query key")
            << postgresSource("postgresql://db/metrics?sslpassword=x")
            << QStringList { u"sources[0].url: invalid PostgreSQL source \"postgresql://db/metrics?sslpassword=x\": "
                             "unknown or disallowed query parameter \"sslpassword\" (allowed: sslmode, sslrootcert, "
                             "sslcert, sslkey, sslcrl, connect_timeout, application_name, target_session_attrs, "
                             "keepalives, keepalives_idle, gssencmode, channel_binding, host, port, dbname, user); "
                             "source dropped"_s }
            << QStringList {};
        QTest::addRow("options")
            << postgresSource("postgresql://db/metrics?options=-c%20work_mem%3D1TB")
            << QStringList { u"sources[0].url: invalid PostgreSQL source "
                             "\"postgresql://db/metrics?options=-c%20work_mem%3D1TB\": the options parameter is not "
                             "allowed (it can change any server setting); source dropped"_s }
            << QStringList {};
        QTest::addRow("bad sslmode")
            << postgresSource("postgresql://db/metrics?sslmode=on")
            << QStringList { u"sources[0].url: invalid PostgreSQL source \"postgresql://db/metrics?sslmode=on\": "
                             "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full, got "
                             "\"on\"; source dropped"_s }
            << QStringList {};
        QTest::addRow("missing url") << QByteArray(R"({"type": "postgres"})")
                                     << QStringList { u"sources[0].url: missing; source dropped"_s } << QStringList {};
        QTest::addRow("unknown property")
            << QByteArray("{\"type\": \"postgres\", \"url\": \"postgresql:///metrics\", \"password\": \"x\"}")
            << QStringList { u"sources[0].password: unknown property; ignored"_s }
            << QStringList { u"postgresql:///metrics"_s };
        QTest::addRow("second database dropped")
            << QByteArray(postgresSource("postgresql://db1/metrics") + ", " + postgresSource("postgresql://db2/metrics")
                   + ", " + postgresSource("postgresql://db3/metrics"))
            << QStringList { u"sources[1]: only one history database per dashboard; source dropped"_s,
                   u"sources[2]: only one history database per dashboard; source dropped"_s }
            << QStringList { u"postgresql://db1/metrics"_s };
        QTest::addRow("an invalid first database does not count")
            << QByteArray(postgresSource("postgresql://db1/metrics?sslmode=none") + ", "
                   + postgresSource("postgresql://db2/metrics"))
            << QStringList { u"sources[0].url: invalid PostgreSQL source \"postgresql://db1/metrics?sslmode=none\": "
                             "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full, got "
                             "\"none\"; source dropped"_s }
            << QStringList { u"postgresql://db2/metrics"_s };
    }
    void badPostgresSourcesAreDroppedAndTheRestLoads()
    {
        QFETCH(QByteArray, sources);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, keptUrls);
        // Each case also has a UDP source and a panel, which must load whatever happens to the database.
        const LayoutLoadResult result
            = readLayout(withTop(R"("sources": [)" + sources + R"(, {"type": "udp", "listen": ":8125"}],)"
                + R"("panels": [{"type": "stat", "x": 0, "y": 0, "w": 4, "h": 4, "queries": [{"selector": "cpu"}]}])"));
        QVERIFY(!result.isRefused);
        QVERIFY(result.dashboard);
        QCOMPARE(result.problemStrings(), expected);
        QStringList kept;
        int udpCount = 0;
        for (const Source& source : result.dashboard->sources) {
            if (source.type == SourceType::Postgres)
                kept.append(QString::fromStdString(source.url));
            udpCount += source.type == SourceType::Udp ? 1 : 0;
        }
        QCOMPARE(kept, keptUrls);
        QCOMPARE(udpCount, 1);
        QCOMPARE(result.dashboard->panels.size(), std::size_t { 1 });
        QVERIFY(!serializeLayout(*result.dashboard).contains("hunter2"));
        QVERIFY(!result.problemStrings().join(u'\n').contains(u"hunter2"_s)); // a wall display may show the list
    }

    void gridConflictsAreReported_data()
    {
        QTest::addColumn<QByteArray>("panels");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<int>("panelCount");
        const QByteArray a = R"({"type": "clock", "x": 0, "y": 0, "w": 12, "h": 4})";
        QTest::addRow("side by side do not overlap")
            << a + R"(, {"type": "clock", "x": 12, "y": 0, "w": 12, "h": 4})" << QStringList {} << 2;
        QTest::addRow("stacked do not overlap")
            << a + R"(, {"type": "clock", "x": 0, "y": 4, "w": 12, "h": 4})" << QStringList {} << 2;
        QTest::addRow("one column shared overlaps") << a + R"(, {"type": "clock", "x": 11, "y": 3, "w": 2, "h": 2})"
                                                    << QStringList { u"panels[1]: overlaps panels[0]"_s } << 2;
        QTest::addRow("contained overlaps, reported once")
            << a
                + R"(, {"type": "clock", "x": 2, "y": 1, "w": 2, "h": 2}, {"type": "clock", "x": 1, "y": 1, "w": 4, "h": 2})"
            << QStringList { u"panels[1]: overlaps panels[0]"_s, u"panels[2]: overlaps panels[0]"_s } << 3;
        QTest::addRow("dropped panel is not an overlap")
            << a
                + R"(, {"type": "clock", "x": 20, "y": 0, "w": 5, "h": 4}, {"type": "clock", "x": 20, "y": 0, "w": 4, "h": 4})"
            << QStringList { u"panels[1].w: x + w must be at most 24, got 20 + 5; panel dropped"_s } << 2;
        QTest::addRow("below the last row")
            << a + R"(, {"type": "clock", "x": 0, "y": 998, "w": 4, "h": 4})"
            << QStringList { u"panels[1].h: y + h must be at most 1000, got 998 + 4; panel dropped"_s } << 1;
    }
    void gridConflictsAreReported()
    {
        QFETCH(QByteArray, panels);
        QFETCH(QStringList, expected);
        QFETCH(int, panelCount);
        const LayoutLoadResult result = readLayout(withPanels(panels));
        QCOMPARE(result.problemStrings(), expected);
        QCOMPARE(static_cast<int>(result.dashboard->panels.size()), panelCount);
    }

    void defaultsAreApplied()
    {
        const LayoutLoadResult result = readLayout(withPanels(
            R"({"type": "timeseries", "x": 0, "y": 0, "w": 1, "h": 1, "queries": [{"selector": "cpu"}]},)"
            R"({"type": "bargauge", "x": 1, "y": 0, "w": 1, "h": 1, "queries": [{"selector": "x", "window": {"type": "sliding", "size": "1m", "slide": "20s"}}]},)"
            R"({"type": "table", "x": 2, "y": 0, "w": 1, "h": 1, "queries": [{"selector": "x"}], "staleAfter": "5s"})"));
        QCOMPARE(result.problemStrings(), QStringList {});
        const Dashboard& d = *result.dashboard;
        QCOMPARE(d.title, QString());
        QCOMPARE(d.timeRangeMs, 3'600'000);
        QCOMPARE(d.renderRateHz, 30);
        QCOMPARE(d.theme, Theme::Dark);
        QCOMPARE(d.display.kind, DisplayProfile::Kind::Desk);
        QVERIFY(d.sources.empty());
        const Panel& p = d.panels.at(0);
        QCOMPARE(p.title, QString());
        QCOMPARE(p.unit.kind, UnitKind::None);
        QVERIFY(p.isAutoScaled);
        QVERIFY(!p.decimals && !p.min && !p.max && !p.staleAfterMs);
        QVERIFY(p.thresholds.empty() && p.valueMappings.empty());
        const Query& q = p.queries.at(0);
        QCOMPARE(q.field, Field::Value);
        QCOMPARE(q.window.kind, WindowKind::Tumbling);
        QCOMPARE(q.window.sizeMs, 10'000);
        QCOMPARE(q.window.slideMs, 10'000);
        QCOMPARE(p.effectiveStaleAfterMs(), 30'000);
        QCOMPARE(d.panels.at(1).options.orientation, Orientation::Horizontal);
        QCOMPARE(d.panels.at(1).effectiveStaleAfterMs(), 60'000);
        QCOMPARE(d.panels.at(2).options.columns, std::vector<Field> { Field::Last });
        QCOMPARE(d.panels.at(2).effectiveStaleAfterMs(), 5'000);
    }

    void unusableFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::addRow("newer schema") << QByteArray(R"({"schemaVersion": 3})")
                                      << u"made by a newer Pulseboard: schema 3, this version reads up to 1"_s;
        QTest::addRow("next schema") << QByteArray(R"({"schemaVersion": 2, "panels": []})")
                                     << u"made by a newer Pulseboard: schema 2, this version reads up to 1"_s;
        QTest::addRow("no schema version")
            << QByteArray(R"({"panels": []})") << u"schemaVersion: missing; not a Pulseboard layout file"_s;
        QTest::addRow("schema version as text") << QByteArray(R"({"schemaVersion": "1"})")
                                                << u"schemaVersion: expected a whole number from 0, got a string"_s;
        QTest::addRow("negative schema version")
            << QByteArray(R"({"schemaVersion": -1})") << u"schemaVersion: expected a whole number from 0, got -1"_s;
        QTest::addRow("top level array") << QByteArray("[1, 2]") << u"the top level must be a JSON object"_s;
        QTest::addRow("missing comma after line 3")
            << QByteArray("{\n  \"schemaVersion\": 1,\n  \"title\": \"x\"\n  \"theme\": \"dark\"\n}")
            << u"JSON syntax error at line 4, column 3: unterminated object"_s;
        QTest::addRow("column counts characters, not bytes") << QByteArray(
            "{\"title\": \"\xc3\xa9\xc3\xa9\", x}") << u"JSON syntax error at line 1, column 17: unterminated object"_s;
        QTest::addRow("empty input") << QByteArray() << u"JSON syntax error at line 1, column 1: illegal value"_s;
    }
    void unusableFilesAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const LayoutLoadResult result = readLayout(json);
        QVERIFY(result.isRefused);
        QVERIFY(!result.dashboard);
        QCOMPARE(result.problemStrings(), QStringList { expected });
    }

    void filesOverFourMebibytesAreRefusedUnread()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile big(dir.filePath(u"big.json"_s));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(kMaxLayoutFileBytes + 1)); // sparse: cheap to make
        big.close();
        LayoutLoadResult result = loadLayoutFile(big.fileName());
        QVERIFY(result.isRefused);
        QCOMPARE(result.problemStrings(),
            QStringList { u"file too large: 4194305 bytes, layout files are limited to 4 MiB (4194304 bytes)"_s });

        QVERIFY(big.resize(kMaxLayoutFileBytes)); // at the limit it is read (and is not JSON)
        result = loadLayoutFile(big.fileName());
        QVERIFY(result.isRefused);
        QVERIFY2(result.problems.at(0).message.startsWith(u"JSON syntax error"_s),
            qPrintable(result.problems.at(0).message));
    }

    void missingFileIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"none.json"_s);
        const LayoutLoadResult result = loadLayoutFile(path);
        QVERIFY(result.isRefused);
        QCOMPARE(result.problemStrings(), QStringList { u"cannot open \""_s + path + u"\": no such file"_s });
        QVERIFY(loadLayoutFile(dir.path()).isRefused);
    }

    void migrationStepsCoverEveryOlderSchema()
    {
        const auto& steps = layoutMigrations();
        QCOMPARE(static_cast<int>(steps.size()), kSchemaVersion);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            QCOMPARE(steps[i].fromVersion, static_cast<int>(i));
            QVERIFY(steps[i].apply != nullptr);
        }
    }

    void prereleaseFileMigratesToCurrentSchema()
    {
        const LayoutLoadResult result = loadLayoutFile(QFINDTESTDATA("fixtures/v0-prerelease.json"));
        QCOMPARE(result.problemStrings(), QStringList {});
        QCOMPARE(result.migratedFromVersion, std::optional<int> { 0 });
        const Dashboard& d = *result.dashboard;
        QCOMPARE(d.title, u"Pre-release ops"_s);
        QCOMPARE(d.theme, Theme::Light);
        QCOMPARE(d.panels.size(), std::size_t { 3 });
        const Panel& graph = d.panels[0];
        QCOMPARE(graph.type, PanelType::Timeseries);
        QCOMPARE(graph.x, 0);
        QCOMPARE(graph.w, 12); // 6 of 12 columns is 12 of 24
        QCOMPARE(graph.h, 8);
        QCOMPARE(graph.queries.at(0).selector.text(), std::string("http.latency{service=api,host=*}"));
        QCOMPARE(d.panels[1].type, PanelType::Stat);
        QCOMPARE(d.panels[1].x, 12);
        QCOMPARE(d.panels[1].w, 6);
        QCOMPARE(d.panels[2].type, PanelType::Clock);
        QCOMPARE(d.panels[2].x, 18);
        QVERIFY(d.panels[2].queries.empty());
        QCOMPARE(serializeLayout(d), readFixture(u"v0-prerelease.migrated.json"_s));
    }

    void migratedFileStillReportsItsProblems()
    {
        const LayoutLoadResult result = readLayout(QByteArray(
            R"({"schemaVersion": 0, "widgets": [{"kind": "pie", "col": 0, "row": 0, "width": 2, "height": 2}, )"
            R"({"kind": "graph", "col": 10, "row": 0, "width": 4, "height": 2, "metric": "cpu"}]})"));
        QCOMPARE(result.migratedFromVersion, std::optional<int> { 0 });
        QCOMPARE(result.problemStrings(),
            (QStringList { u"panels[0].type: unknown panel type \"pie\"; panel dropped"_s,
                u"panels[1].w: x + w must be at most 24, got 20 + 8; panel dropped"_s }));
    }

    void problemListIsBounded()
    {
        QByteArray panels;
        for (int i = 0; i < 600; ++i)
            panels += (i ? ", " : "") + QByteArray(R"({"type": "pie", "x": 0, "y": 0, "w": 1, "h": 1})");
        const LayoutLoadResult result = readLayout(withPanels(panels));
        QCOMPARE(static_cast<int>(result.problems.size()), kMaxListedProblems + 1);
        QCOMPARE(result.problems.back().toString(), u"and 100 more problems not listed"_s);
    }
};

QTEST_GUILESS_MAIN(TestLayoutReader)
#include "tst_layoutreader.moc"
