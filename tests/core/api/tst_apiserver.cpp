// The API server over real loopback sockets: graphql-transport-ws lifecycle and close codes, HTTP endpoints.
// Bad clients, limits and slow clients are in tst_apiserverrobustness.cpp.

#include "apitestclient.h"

#include <QJsonArray>
#include <QTest>

using namespace pulse;
using namespace pulse::test;

class TestApiServer : public QObject {
    Q_OBJECT

private:
    ServerUnderTest m_sut;

    void startServer(api::ApiServerConfig config = testConfig())
    {
        const auto error = m_sut.start(std::move(config));
        QVERIFY2(!error, error ? error->c_str() : "");
        QVERIFY(m_sut.port() != 0);
    }
    std::uint16_t port() const { return m_sut.port(); }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup() { m_sut.stop(); }

    void subscriptionLifecycle()
    {
        const SeriesId cpu = m_sut.feed->series("cpu");
        const SeriesId mem = m_sut.feed->series("mem");
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        QVERIFY(c.head().contains("Sec-WebSocket-Protocol: graphql-transport-ws\r\n"));
        QVERIFY(c.init());
        c.subscribe(u"s1"_s, u"subscription { metricUpdated(name: \"cpu\") { timestamp value } }"_s);
        c.roundTrip(); // the subscription is registered once the pong comes back
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 1u);
        m_sut.feed->push({ cpu, mem }, 42.5, 5000);
        const QJsonObject next = c.nextJson();
        QCOMPARE(next["type"_L1].toString(), u"next"_s);
        QCOMPARE(next["id"_L1].toString(), u"s1"_s);
        const QJsonObject point = next["payload"_L1]["data"_L1]["metricUpdated"_L1].toObject();
        QCOMPARE(point["value"_L1].toDouble(), 42.5);
        QCOMPARE(point["timestamp"_L1].toDouble(), 5000.0);
        // Only the series it asked for: nothing about mem arrives before the pong.
        QVERIFY(c.roundTrip().isEmpty());

        c.sendJson(QJsonObject { { "id"_L1, u"s1"_s }, { "type"_L1, "complete"_L1 } });
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 0u);
        m_sut.feed->push({ cpu }, 1, 6000);
        QVERIFY(c.roundTrip().isEmpty());
        // The id may be used again once completed.
        c.subscribe(u"s1"_s, u"subscription { metricUpdated(name: \"mem\") { value } }"_s);
        c.roundTrip();
        m_sut.feed->push({ cpu, mem }, 7, 7000);
        const QJsonObject again = c.nextJson();
        QCOMPARE(again["id"_L1].toString(), u"s1"_s);
        QCOMPARE(again["payload"_L1]["data"_L1]["metricUpdated"_L1]["series"_L1].toString(), u"mem"_s);
        QCOMPARE(m_sut.server->stats().messagesOut >= 4u, true);
    }

    void identicalSubscriptionsSharePreparation()
    {
        const SeriesId cpu = m_sut.feed->series("cpu");
        WsClient a(port());
        WsClient b(port());
        QCOMPARE(a.open(), 101);
        QCOMPARE(b.open(), 101);
        QVERIFY(a.init());
        QVERIFY(b.init());
        const QString q = u"subscription { metricUpdated(name: \"cpu\") { value } }"_s;
        a.subscribe(u"1"_s, q);
        b.subscribe(u"x"_s, q);
        a.roundTrip();
        b.roundTrip();
        QCOMPARE(m_sut.service->subscribeCalls.load(), 1);
        m_sut.feed->push({ cpu }, 3);
        QCOMPARE(a.nextJson()["id"_L1].toString(), u"1"_s);
        QCOMPARE(b.nextJson()["id"_L1].toString(), u"x"_s);
    }

    void liveSubscriptionGetsTheLiveEdgeBeforeTheClosedWindow()
    {
        const SeriesId cpu = m_sut.feed->series("cpu");
        const SeriesId mem = m_sut.feed->series("mem");
        WsClient live(port());
        WsClient closedOnly(port());
        WsClient stream(port());
        QCOMPARE(live.open(), 101);
        QCOMPARE(closedOnly.open(), 101);
        QCOMPARE(stream.open("/metrics/stream?name=cpu"_ba, {}, {}), 101);
        QVERIFY(live.init());
        QVERIFY(closedOnly.init());
        live.subscribe(u"l"_s, u"subscription { metricUpdated(name: \"cpu\", live: true) { value provisional } }"_s);
        closedOnly.subscribe(u"c"_s, u"subscription { metricUpdated(name: \"cpu\") { value } }"_s);
        live.roundTrip();
        closedOnly.roundTrip();
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 3u);

        // Two live-edge updates of the open window [1 s, 2 s), then it closes.
        m_sut.feed->pushProvisional({ mem, cpu }, 1.5, 2000);
        m_sut.feed->pushProvisional({ cpu }, 2.5, 2000);
        m_sut.feed->push({ cpu }, 3, 2000);
        const auto point
            = [](const QJsonObject& next) { return next["payload"_L1]["data"_L1]["metricUpdated"_L1].toObject(); };
        const QJsonObject first = live.nextJson();
        QCOMPARE(first["id"_L1].toString(), u"l"_s);
        QCOMPARE(point(first)["series"_L1].toString(), u"cpu"_s); // mem is not asked for
        QCOMPARE(point(first)["value"_L1].toDouble(), 1.5);
        QCOMPARE(point(first)["provisional"_L1].toBool(false), true);
        const QJsonObject second = live.nextJson();
        QCOMPARE(point(second)["value"_L1].toDouble(), 2.5);
        QCOMPARE(point(second)["provisional"_L1].toBool(false), true);
        const QJsonObject closed = live.nextJson();
        QCOMPARE(point(closed)["value"_L1].toDouble(), 3.0);
        QCOMPARE(point(closed)["provisional"_L1].toBool(true), false);
        QVERIFY(live.roundTrip().isEmpty());

        // Without live: true, and on /metrics/stream, only the closed window arrives.
        const QJsonObject only = closedOnly.nextJson();
        QCOMPARE(only["id"_L1].toString(), u"c"_s);
        QCOMPARE(point(only)["value"_L1].toDouble(), 3.0);
        QVERIFY(closedOnly.roundTrip().isEmpty());
        const QJsonObject streamed = stream.nextJson();
        QCOMPARE(streamed["value"_L1].toDouble(), 3.0);
        QVERIFY(stream.nextJson(200).isEmpty());
    }

    void queryOverSubscribeAndErrors()
    {
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        QVERIFY(c.init());
        c.subscribe(u"q"_s, u"query { ok }"_s);
        const QJsonObject next = c.nextJson();
        QCOMPARE(next["type"_L1].toString(), u"next"_s);
        QCOMPARE(next["payload"_L1]["data"_L1]["ok"_L1].toBool(), true);
        const QJsonObject complete = c.nextJson();
        QCOMPARE(complete["type"_L1].toString(), u"complete"_s);
        QCOMPARE(complete["id"_L1].toString(), u"q"_s);
        c.subscribe(u"e"_s, u"{{{"_s);
        const QJsonObject error = c.nextJson();
        QCOMPARE(error["type"_L1].toString(), u"error"_s);
        QCOMPARE(error["id"_L1].toString(), u"e"_s);
        QVERIFY(error["payload"_L1].toArray().at(0)["message"_L1].isString());
        // Both ids are free again: reusing them is no 4409.
        c.subscribe(u"q"_s, u"query { ok }"_s);
        QCOMPARE(c.nextJson()["type"_L1].toString(), u"next"_s);
    }

    void pingPongBothWays()
    {
        api::ApiServerConfig config = testConfig();
        config.keepaliveIntervalMs = 50;
        startServer(config);
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        // Protocol ping, with and without payload, before and after the ack.
        c.sendJson(QJsonObject { { "type"_L1, "ping"_L1 }, { "payload"_L1, QJsonObject { { "k"_L1, 1 } } } });
        const QJsonObject pong = c.nextJson();
        QCOMPARE(pong["type"_L1].toString(), u"pong"_s);
        QCOMPARE(pong["payload"_L1]["k"_L1].toInt(), 1);
        QVERIFY(c.init());
        // WebSocket ping from us gets a pong frame with the same payload.
        c.sendFrame(net::WsOpcode::Ping, "abc");
        std::optional<net::WsMessage> m;
        do
            m = c.next(5'000, true);
        while (m && m->opcode == net::WsOpcode::Ping);
        QVERIFY(m);
        QCOMPARE(int(m->opcode), int(net::WsOpcode::Pong));
        QCOMPARE(m->payload, std::string("abc"));
        // The server pings us on its keepalive interval.
        const auto serverPing = c.next(5'000, true);
        QVERIFY(serverPing);
        QCOMPARE(int(serverPing->opcode), int(net::WsOpcode::Ping));
        c.sendFrame(net::WsOpcode::Pong, serverPing->payload);
        QCOMPARE(m_sut.server->stats().pingTimeouts, 0u);
    }

    void closeCodes_data()
    {
        QTest::addColumn<QByteArrayList>("messages");
        QTest::addColumn<bool>("isAcked");
        QTest::addColumn<int>("code");
        const QByteArray sub = "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { "
                               "metricUpdated(name: \\u0022a\\u0022) { value } }\"}}";
        QTest::addRow("subscribe before ack") << QByteArrayList { sub } << false << 4401;
        QTest::addRow("duplicate id") << QByteArrayList { sub, sub } << true << 4409;
        QTest::addRow("second connection_init") << QByteArrayList { "{\"type\":\"connection_init\"}" } << true << 4429;
        QTest::addRow("malformed JSON") << QByteArrayList { "{\"type\":" } << false << 4400;
        QTest::addRow("not an object") << QByteArrayList { "[1,2]" } << true << 4400;
        QTest::addRow("no type") << QByteArrayList { "{\"id\":\"1\"}" } << true << 4400;
        QTest::addRow("unknown type") << QByteArrayList { "{\"type\":\"start\",\"id\":\"1\"}" } << true << 4400;
        QTest::addRow("next from the client")
            << QByteArrayList { "{\"type\":\"next\",\"id\":\"1\",\"payload\":{}}" } << true << 4400;
        QTest::addRow("subscribe without id")
            << QByteArrayList { "{\"type\":\"subscribe\",\"payload\":{\"query\":\"x\"}}" } << true << 4400;
        QTest::addRow("subscribe without query")
            << QByteArrayList { "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{}}" } << true << 4400;
        QTest::addRow("variables not an object") << QByteArrayList {
            "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"x\",\"variables\":[1]}}"
        } << true << 4400;
        QTest::addRow("init payload not an object")
            << QByteArrayList { "{\"type\":\"connection_init\",\"payload\":3}" } << false << 4400;
    }
    void closeCodes()
    {
        QFETCH(QByteArrayList, messages);
        QFETCH(bool, isAcked);
        QFETCH(int, code);
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        if (isAcked)
            QVERIFY(c.init());
        for (const QByteArray& m : messages)
            c.sendText(m);
        QCOMPARE(c.waitForClose(), code);
        QVERIFY(!c.closeReason().empty());
        QVERIFY(c.waitForDisconnected());
        QTRY_COMPARE(m_sut.server->stats().connectionsOpen, 0u);
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 0u);
    }

    void initTimeoutCloses4408()
    {
        api::ApiServerConfig config = testConfig();
        config.connectionInitTimeoutMs = 100;
        startServer(config);
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        QCOMPARE(c.waitForClose(), 4408);
        // One that did init in time is not closed.
        WsClient d(port());
        QCOMPARE(d.open(), 101);
        QVERIFY(d.init());
        d.roundTrip();
    }

    void withoutTheSubprotocolCloses4406()
    {
        WsClient c(port());
        QCOMPARE(c.open("/graphql"_ba, {}, "graphql-ws"_ba), 101);
        QVERIFY(!c.head().contains("Sec-WebSocket-Protocol"));
        QCOMPARE(c.waitForClose(), 4406);
    }

    void metricsStream()
    {
        const SeriesId cpu = m_sut.feed->series("cpu");
        const SeriesId mem = m_sut.feed->series("mem");
        WsClient c(port());
        QCOMPARE(c.open("/metrics/stream?name=cpu&sourceId=host-1"_ba, {}, {}), 101);
        WsClient same(port()); // the same stream: one prepared subscription serves both
        QCOMPARE(same.open("/metrics/stream?sourceId=host-1&name=cpu"_ba, {}, {}), 101);
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 2u);
        m_sut.feed->push({ mem, cpu }, 9, 2000);
        const QJsonObject point = c.nextJson();
        QCOMPARE(point["series"_L1].toString(), u"cpu"_s);
        QCOMPARE(point["value"_L1].toDouble(), 9.0);
        QCOMPARE(same.nextJson(), point);
        WsClient noName(port());
        QCOMPARE(noName.open("/metrics/stream"_ba, {}, {}), 400);
        WsClient plain(port());
        QCOMPARE(plain.sendHttp(httpGet("/metrics/stream?name=cpu"_ba)), 426);
    }

    void httpPostQuery()
    {
        auto [status, body] = httpRequest(port(), httpPost("{\"query\":\"{ hello }\",\"variables\":{\"a\":1}}"));
        QCOMPARE(status, 200);
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        QCOMPARE(o["data"_L1]["echo"_L1].toString(), u"{ hello }"_s);
        QCOMPARE(o["data"_L1]["variables"_L1]["a"_L1].toInt(), 1);
    }

    void httpPostRejects_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addRow("malformed JSON") << httpPost("{\"query\":") << 400;
        QTest::addRow("no query") << httpPost("{\"variables\":{}}") << 400;
        QTest::addRow("variables not an object") << httpPost("{\"query\":\"{a}\",\"variables\":2}") << 400;
        QTest::addRow("not JSON content") << httpPost("{}", "Content-Type: text/plain\r\n") << 415;
        QTest::addRow("body over the limit") << QByteArray("POST /graphql HTTP/1.1\r\nHost: a\r\nContent-Type: "
                                                           "application/json\r\nContent-Length: 5000000\r\n\r\n")
                                             << 413;
        QTest::addRow("no Content-Length")
            << QByteArray("POST /graphql HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n\r\n") << 411;
        QTest::addRow("GET without upgrade") << httpGet("/graphql") << 405;
        QTest::addRow("unknown path") << httpGet("/nope") << 404;
        QTest::addRow("GraphQL errors with the graphql-response media type")
            << httpPost("{\"query\":\"query { bad }\"}",
                   "Content-Type: application/json\r\nAccept: application/graphql-response+json\r\n")
            << 400;
        QTest::addRow("garbage request line") << QByteArray("HELLO\r\n\r\n") << 400;
    }
    void httpPostRejects()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QCOMPARE(httpRequest(port(), request).first, status);
    }

    void healthz()
    {
        WsClient busy(port());
        QCOMPARE(busy.open(), 101);
        auto [status, body] = httpRequest(port(), httpGet("/healthz"));
        QCOMPARE(status, 200);
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        QCOMPARE(o["status"_L1].toString(), u"ok"_s);
        QCOMPARE(o["version"_L1].toString(), QStringLiteral(PULSE_VERSION));
        QVERIFY(o["uptimeSeconds"_L1].toDouble() >= 0);
        QCOMPARE(o["connections"_L1].toInt(), 2); // the WebSocket and this request
    }

    void prometheusMetrics()
    {
        httpRequest(port(), httpGet("/nope"));
        WsClient c(port());
        QCOMPARE(c.sendHttp(httpGet("/metrics")), 200);
        QVERIFY(c.head().contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
        const QByteArray text = c.readBody();
        for (const char* line : { "# TYPE pulse_api_connections_open gauge", "pulse_api_connections_total 2",
                 "pulse_api_connections_rejected_total{reason=\"not_found\"} 1",
                 "pulse_api_http_requests_total{code=\"404\"} 1",
                 "pulse_api_frames_rejected_total{reason=\"frame_too_big\"} 0", "pulse_api_conflated_updates_total 0",
                 "pulse_api_slow_client_disconnects_total 0", "pulse_api_subscriptions_active 0",
                 "pulse_api_bytes_out_total", "pulse_api_messages_in_total 0" })
            QVERIFY2(text.contains(line), line);
        // Every sample line is `name{labels} value` or `name value`.
        for (const QByteArray& l : text.split('\n'))
            if (!l.isEmpty() && !l.startsWith('#'))
                QVERIFY2(QRegularExpression(u"^[a-z_]+(\\{[a-z_]+=\"[^\"]*\"\\})? [0-9.]+$"_s)
                             .match(QString::fromUtf8(l))
                             .hasMatch(),
                    l.constData());
    }

    void stopClosesClientsWith1001()
    {
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        QVERIFY(c.init());
        m_sut.server->stop();
        QCOMPARE(c.waitForClose(), 1001);
    }
};

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
