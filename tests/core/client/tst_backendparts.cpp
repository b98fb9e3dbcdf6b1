// The pieces of client mode without a server: backend URLs, the reconnect backoff, MetricPoint → window conversion,
// HTTP response heads, and the aggregator storing remote windows as they are.

#include "client/backendconfig.h"
#include "client/reconnectbackoff.h"
#include "client/remotepoints.h"
#include "client/tcpstream.h"
#include "pipeline/ingestor.h"

#include <QJsonDocument>
#include <QTemporaryFile>
#include <QTest>

#include <cmath>
#include <cstdlib>

using namespace pulse;
using namespace pulse::client;
using namespace Qt::StringLiterals;

class TestBackendParts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void urls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("authority"); // empty: refused
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("error"); // a part of the message
        QTest::newRow("full") << u"ws://10.0.0.5:9000/api/graphql"_s << u"10.0.0.5:9000"_s << u"/api/graphql"_s
                              << QString();
        QTest::newRow("defaults") << u"ws://wall-server"_s << u"wall-server:8080"_s << u"/graphql"_s << QString();
        QTest::newRow("http is the same endpoint")
            << u"http://127.0.0.1:8080/graphql"_s << u"127.0.0.1:8080"_s << u"/graphql"_s << QString();
        QTest::newRow("ipv6") << u"ws://[::1]:8080/graphql"_s << u"[::1]:8080"_s << u"/graphql"_s << QString();
        QTest::newRow("tls") << u"wss://host/graphql"_s << QString() << QString() << u"TLS"_s;
        QTest::newRow("other scheme") << u"ftp://host/"_s << QString() << QString() << u"scheme"_s;
        QTest::newRow("no host") << u"ws:///graphql"_s << QString() << QString() << u"host"_s;
        QTest::newRow("literal token") << u"ws://h/graphql?token=s3cret"_s << QString() << QString() << u"literal"_s;
        QTest::newRow("credentials") << u"ws://user:pw@h/graphql"_s << QString() << QString() << u"credentials"_s;
        QTest::newRow("unknown option") << u"ws://h/graphql?x=1"_s << QString() << QString() << u"unknown option"_s;
        QTest::newRow("unset variable") << u"ws://h/graphql?token=env:PULSE_TEST_NO_SUCH_VAR"_s << QString()
                                        << QString() << u"not set"_s;
        QTest::newRow("not a url") << u""_s << QString() << QString() << u"not a URL"_s;
    }
    void urls()
    {
        QFETCH(QString, url);
        QFETCH(QString, authority);
        QFETCH(QString, path);
        QFETCH(QString, error);
        const BackendConfigResult r = parseBackendUrl(url.toStdString());
        if (authority.isEmpty()) {
            QVERIFY(!r.config);
            QVERIFY2(QString::fromStdString(r.error).contains(error), r.error.c_str());
            return;
        }
        QVERIFY2(r.config, r.error.c_str());
        QCOMPARE(QString::fromStdString(r.config->authority()), authority);
        QCOMPARE(QString::fromStdString(r.config->path), path);
        QVERIFY(r.config->token.empty());
    }

    void tokensAreReadIndirectlyOnly()
    {
        ::setenv("PULSE_TEST_TOKEN", "from-env", 1);
        const BackendConfigResult env = parseBackendUrl("ws://h/graphql?token=env:PULSE_TEST_TOKEN");
        QVERIFY2(env.config, env.error.c_str());
        QCOMPARE(env.config->token, std::string("from-env"));
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("from-file\n");
        file.flush();
        const std::string url = "ws://h/graphql?token.file=" + file.fileName().toStdString();
        const BackendConfigResult fromFile = parseBackendUrl(url);
        QVERIFY2(fromFile.config, fromFile.error.c_str());
        QCOMPARE(fromFile.config->token, std::string("from-file"));
        // A layout is checked without reading the secret: an unset variable is fine there.
        QVERIFY(parseBackendUrl("ws://h/graphql?token=env:PULSE_TEST_NO_SUCH_VAR", false).config);
        QVERIFY(!parseBackendUrl("ws://h/graphql?token=plain", false).config);
    }

    void backoffDoublesUpToTheCapWithFullJitter()
    {
        using std::chrono::milliseconds;
        ReconnectBackoff backoff(milliseconds(500), milliseconds(30'000), milliseconds(30'000), 42);
        const std::int64_t ceilings[] = { 500, 1000, 2000, 4000, 8000, 16'000, 30'000, 30'000, 30'000 };
        for (std::int64_t ceiling : ceilings) {
            QCOMPARE(backoff.ceiling().count(), ceiling);
            const milliseconds wait = backoff.next(milliseconds(0));
            QVERIFY(wait.count() >= 0 && wait.count() <= ceiling);
        }
        // A connection that stayed up less than 30 s does not reset the count; one that stayed 30 s does.
        backoff.next(milliseconds(29'999));
        QCOMPARE(backoff.ceiling().count(), 30'000);
        backoff.next(milliseconds(30'000));
        QCOMPARE(backoff.ceiling().count(), 1000);
        // Full jitter: the waits spread over the whole interval, not around its top.
        ReconnectBackoff spread(milliseconds(500), milliseconds(30'000), milliseconds(30'000), 7);
        for (int i = 0; i < 10; ++i)
            spread.next(milliseconds(0));
        std::int64_t low = 0;
        std::int64_t high = 0;
        for (int i = 0; i < 1000; ++i) {
            const std::int64_t w = spread.next(milliseconds(0)).count();
            low += w < 10'000;
            high += w > 20'000;
        }
        QVERIFY2(low > 250 && high > 250, qPrintable(u"%1 %2"_s.arg(low).arg(high)));
    }

    void pointsBecomeWindows()
    {
        const QJsonObject series
            = QJsonDocument::fromJson(R"({"name":"http.latency","type":"timer","tags":[{"key":"host","value":"a"}]})")
                  .object();
        std::string error;
        const std::optional<RemoteSeries> s = seriesFromJson(series, error);
        QVERIFY2(s, error.c_str());
        QCOMPARE(s->type, MetricType::Timer);
        const QJsonObject point = QJsonDocument::fromJson(
            R"({"timestamp":"2026-01-01T00:00:10.000Z","provisional":false,"value":12.5,"count":4,"sum":50,
                "min":1,"max":30,"mean":12.5,"rate":4,"p50":10,"p90":null,"p95":25,"p99":29,"p999":null})")
                                      .object();
        const std::optional<RemoteWindow> w = windowFromPoint(point, *s, 10'000, error);
        QVERIFY2(w, error.c_str());
        QCOMPARE(w->result.startMs, 1'767'225'610'000);
        QCOMPARE(w->result.endMs - w->result.startMs, 10'000);
        QCOMPARE(w->result.count, 4.0);
        QCOMPARE(w->result.mean, 12.5);
        QCOMPARE(w->result.rate, 4.0);
        QVERIFY(std::isnan(w->result.last));
        QCOMPARE(w->quantiles.size(), 3u); // null quantiles are not made up
        QCOMPARE(w->quantiles[1], (std::pair<double, double>(0.95, 25)));
        QVERIFY(!w->isProvisional);

        const std::optional<RemoteSeries> gauge
            = seriesFromJson(QJsonDocument::fromJson(R"({"name":"temp","type":"gauge","tags":[]})").object(), error);
        QVERIFY(gauge);
        const std::optional<RemoteWindow> g
            = windowFromPoint(QJsonDocument::fromJson(R"({"timestamp":"1000","provisional":true,"value":21})").object(),
                *gauge, 1000, error);
        QVERIFY(g);
        QCOMPARE(g->result.last, 21.0);
        QVERIFY(g->isProvisional);
    }

    void malformedPointsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("series");
        QTest::addColumn<QByteArray>("point");
        QTest::newRow("unknown type") << QByteArray(R"({"name":"a","type":"weird"})")
                                      << QByteArray(R"({"timestamp":"1000","value":1})");
        QTest::newRow("no name") << QByteArray(R"({"type":"gauge"})") << QByteArray(R"({"timestamp":"1000"})");
        QTest::newRow("bad tag") << QByteArray(R"({"name":"a","type":"gauge","tags":[{"key":1}]})")
                                 << QByteArray(R"({"timestamp":"1000"})");
        QTest::newRow("bad timestamp") << QByteArray(R"({"name":"a","type":"gauge"})")
                                       << QByteArray(R"({"timestamp":"yesterday","value":1})");
        QTest::newRow("string value") << QByteArray(R"({"name":"a","type":"gauge"})")
                                      << QByteArray(R"({"timestamp":"1000","value":"1"})");
        QTest::newRow("string quantile") << QByteArray(R"({"name":"a","type":"timer"})")
                                         << QByteArray(R"({"timestamp":"1000","value":1,"p99":"x"})");
    }
    void malformedPointsAreRefused()
    {
        QFETCH(QByteArray, series);
        QFETCH(QByteArray, point);
        std::string error;
        const std::optional<RemoteSeries> s = seriesFromJson(QJsonDocument::fromJson(series).object(), error);
        const bool isRefused
            = !s || !windowFromPoint(QJsonDocument::fromJson(point).object(), *s, 1000, error).has_value();
        QVERIFY(isRefused);
        QVERIFY(!error.empty());
    }

    void responseHeads()
    {
        std::string buffer
            = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: x\r\n\r\nrest";
        HttpResponseHead head;
        std::string error;
        QCOMPARE(takeHttpResponseHead(buffer, head, error), 1);
        QCOMPARE(head.status, 101);
        QCOMPARE(head.header("upgrade"), std::string("websocket"));
        QCOMPARE(buffer, std::string("rest"));
        std::string partial = "HTTP/1.1 200 OK\r\nContent-";
        QCOMPARE(takeHttpResponseHead(partial, head, error), 0);
        std::string garbage = "SSH-2.0-OpenSSH\r\n\r\n";
        QCOMPARE(takeHttpResponseHead(garbage, head, error), -1);
        QVERIFY(!error.empty());
        std::string huge = "HTTP/1.1 200 OK\r\nX: " + std::string(20'000, 'a');
        QCOMPARE(takeHttpResponseHead(huge, head, error), -1);
    }

    void remoteWindowsAreStoredAsTheyAreAndMisfitsCounted()
    {
        EngineConfig engine;
        engine.specs = { { 1000, 1000, false }, { 10'000, 10'000, false }, { 10'000, 5000, false } };
        engine.quantiles = { 0.5, 0.99 };
        SeriesRegistry registry;
        WindowEngine windows(engine);
        Ingestor ingestor(registry, windows);
        IngestBatch batch;
        batch.sourceIndex = 3;
        const auto add = [&](std::int64_t start, std::int64_t length, bool isProvisional) {
            RemoteWindow w;
            w.name = "lat";
            w.tags = { { "z", "1" }, { "a", "2" } };
            w.isProvisional = isProvisional;
            w.result.type = MetricType::Timer;
            w.result.startMs = start;
            w.result.endMs = start + length;
            w.result.count = 2;
            w.quantiles = { { 0.99, 9.0 }, { 0.75, 1.0 } };
            batch.windows.push_back(w);
        };
        add(1000, 1000, false);
        add(2000, 1000, true);
        add(10'000, 10'000, false);
        add(5000, 5000, false); // no tumbling 5 s spec
        add(1500, 1000, false); // off the grid
        add(20'000, 10'000, true); // a live edge only exists at the finest resolution
        std::vector<std::shared_ptr<WindowBatch>> closed;
        std::shared_ptr<WindowBatch> provisional;
        ingestor.ingestWindows(batch, closed, provisional);
        QCOMPARE(closed.size(), 3u);
        QVERIFY(closed[0] && closed[1] && !closed[2]);
        QCOMPARE(closed[0]->results.size(), 1u);
        QCOMPARE(closed[1]->results.size(), 1u);
        QCOMPARE(closed[1]->specIndex, 1);
        QVERIFY(provisional && provisional->results.size() == 1);
        const WindowResult& r = closed[0]->results.front();
        QCOMPARE(registry.info(r.series).displayName(), std::string("lat{a=2,z=1}"));
        QCOMPARE(r.quantileCount, 2);
        QVERIFY(std::isnan(r.quantiles[0])); // p50 was not sent
        QCOMPARE(r.quantiles[1], 9.0);
        const SourceCounters& c = ingestor.counters(3);
        QCOMPARE(c.acceptedLines, 3u);
        QCOMPARE(c.ingestRejects[static_cast<int>(IngestReject::UnmatchedWindow)], 3u);
        const std::vector<SeriesSources> sources = ingestor.takeSourceChanges();
        QCOMPARE(sources.size(), 1u);
        QCOMPARE(sources.front().sourceMask, sourceBit(3));
    }
};

QTEST_GUILESS_MAIN(TestBackendParts)
#include "tst_backendparts.moc"
