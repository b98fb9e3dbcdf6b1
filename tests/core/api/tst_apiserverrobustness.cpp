// The API server against bad clients over real loopback sockets: malformed and oversized frames, floods, tokens,
// origins, limits, timeouts, clients that stop reading or answering. After each, the server still serves others.

#include "apitestclient.h"

#include <QTest>

#include <algorithm>
#include <arpa/inet.h>
#include <functional>
#include <map>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace pulse;
using namespace pulse::test;

Q_DECLARE_METATYPE(std::string)

namespace {

const QString kCpuQuery = u"subscription { metricUpdated(name: \"cpu\") { value } }"_s;

/**
 * A client that completes the handshake and subscribes, then never reads again; its receive buffer is tiny so the
 * server's unsent bytes pile up quickly. Plain POSIX, so nothing reads behind the test's back.
 */
class StalledClient {
public:
    explicit StalledClient(std::uint16_t port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int rcv = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
        timeval tv { 5, 0 };
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in a {};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        m_isConnected = ::connect(m_fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
    }
    ~StalledClient() { ::close(m_fd); }

    bool subscribe(const QString& query)
    {
        if (!m_isConnected)
            return false;
        send("GET /graphql HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
             "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: "
             "graphql-transport-ws\r\n\r\n");
        std::string in;
        while (in.find("\r\n\r\n") == std::string::npos)
            if (!receive(in))
                return false;
        in.erase(0, in.find("\r\n\r\n") + 4);
        send(net::encodeWsFrame(net::WsOpcode::Text, "{\"type\":\"connection_init\"}", true, 7u));
        std::vector<net::WsMessage> out;
        m_decoder.feed(in, out);
        while (out.empty()) {
            in.clear();
            if (!receive(in))
                return false;
            m_decoder.feed(in, out);
        }
        const QByteArray sub = QJsonDocument(QJsonObject { { "id"_L1, u"slow"_s }, { "type"_L1, "subscribe"_L1 },
                                                 { "payload"_L1, QJsonObject { { "query"_L1, query } } } })
                                   .toJson(QJsonDocument::Compact);
        send(net::encodeWsFrame(net::WsOpcode::Text, std::string_view(sub.constData(), sub.size()), true, 7u));
        return true;
    }
    /** Reads everything now, answering nothing; the close code of the last frame, 0 if none came. */
    int drainUntilClose(int timeoutMs)
    {
        int code = 0;
        readMessages(timeoutMs, [&](const net::WsMessage& m) {
            if (m.opcode == net::WsOpcode::Close) {
                code = net::parseWsClosePayload(m.payload).code;
                return true;
            }
            ++m_received;
            return false;
        });
        return code;
    }
    int received() const { return m_received; }
    /**
     * Reads from now on until every host has sent `value` (or `timeoutMs` passed): the newest value per host. A value
     * older than one already seen from its host is recorded as -1 (updates must never go back in time).
     */
    std::map<QString, double> readUntilAllAre(double value, std::size_t hosts, int timeoutMs)
    {
        std::map<QString, double> latest;
        readMessages(timeoutMs, [&](const net::WsMessage& m) {
            const QJsonObject point = QJsonDocument::fromJson(QByteArray::fromStdString(m.payload))
                                          .object()["payload"_L1]["data"_L1]["metricUpdated"_L1]
                                          .toObject();
            if (point.isEmpty())
                return false;
            double& seen = latest.try_emplace(point["host"_L1].toString(), -2.0).first->second;
            const double v = point["value"_L1].toDouble();
            seen = seen == -1.0 || v < seen ? -1.0 : v;
            return latest.size() == hosts
                && std::all_of(latest.begin(), latest.end(), [&](const auto& e) { return e.second == value; });
        });
        return latest;
    }

private:
    void send(const std::string& s) { (void)::send(m_fd, s.data(), s.size(), MSG_NOSIGNAL); }
    bool receive(std::string& into)
    {
        char buf[65536];
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n <= 0)
            return false;
        into.append(buf, static_cast<std::size_t>(n));
        return true;
    }
    /** Feeds each message read within `timeoutMs` to `onMessage` until it returns true or the peer closes. */
    void readMessages(int timeoutMs, const std::function<bool(const net::WsMessage&)>& onMessage)
    {
        const QDeadlineTimer deadline(timeoutMs);
        std::vector<net::WsMessage> out;
        while (!deadline.hasExpired()) {
            pollfd p { m_fd, POLLIN, 0 };
            if (::poll(&p, 1, static_cast<int>(deadline.remainingTime())) <= 0)
                return;
            std::string in;
            if (!receive(in))
                return;
            m_decoder.feed(in, out);
            for (const net::WsMessage& m : out)
                if (onMessage(m))
                    return;
            out.clear();
        }
    }

    int m_fd = -1;
    bool m_isConnected = false;
    net::WsFrameDecoder m_decoder { net::WsLimits { 64u << 20, 64u << 20, 100'000, false } };
    int m_received = 0;
};

} // namespace

class TestApiServerRobustness : public QObject {
    Q_OBJECT

private:
    ServerUnderTest m_sut;

    void startServer(api::ApiServerConfig config = testConfig())
    {
        const auto error = m_sut.start(std::move(config));
        QVERIFY2(!error, error ? error->c_str() : "");
    }
    std::uint16_t port() const { return m_sut.port(); }

    /** A fresh, well-behaved client still gets its updates. */
    void verifyStillServing(const QJsonObject& initPayload = {})
    {
        const SeriesId cpu = m_sut.feed->series("cpu");
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        QVERIFY(c.init(initPayload));
        c.subscribe(u"ok"_s, kCpuQuery);
        c.roundTrip();
        m_sut.feed->push({ cpu }, 1.5);
        const QJsonObject next = c.nextJson();
        QCOMPARE(next["id"_L1].toString(), u"ok"_s);
        QCOMPARE(next["payload"_L1]["data"_L1]["metricUpdated"_L1]["value"_L1].toDouble(), 1.5);
    }

    /** A server with a 16 KiB soft cap and 4 KiB socket buffers; the ids of 200 series `cpu{host=host-<i>}`. */
    std::vector<SeriesId> startWithSmallBuffers(int slowClientGraceMs)
    {
        api::ApiServerConfig config = testConfig();
        config.softSendCapBytes = 16 * 1024;
        config.slowClientGraceMs = slowClientGraceMs;
        config.sendBufferBytes = 4096;
        config.keepaliveIntervalMs = 0;
        startServer(config);
        std::vector<SeriesId> ids;
        for (int i = 0; i < 200; ++i)
            ids.push_back(m_sut.feed->series("cpu", "host-" + std::to_string(i)));
        return ids;
    }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup() { m_sut.stop(); }

    void badFramesClose_data()
    {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("counter");
        // 100 MB announced: only the header is ever sent, and refused before any payload is read.
        std::string huge = "\x82\xff";
        huge += std::string("\x00\x00\x00\x00\x06\x40\x00\x00", 8);
        huge += "abcd";
        QTest::addRow("100 MB frame header") << huge << 1009 << u"frame_too_big"_s;
        QTest::addRow("unmasked frame") << net::encodeWsFrame(net::WsOpcode::Text, "{}") << 1002 << u"unmasked"_s;
        QTest::addRow("invalid UTF-8") << net::encodeWsFrame(net::WsOpcode::Text, "\xff", true, 1u) << 1007
                                       << u"invalid_utf8"_s;
        QTest::addRow("reserved opcode") << net::encodeWsFrame(static_cast<net::WsOpcode>(5), "", true, 1u) << 1002
                                         << u"reserved_opcode"_s;
        QTest::addRow("fragmented ping") << net::encodeWsFrame(net::WsOpcode::Ping, "", false, 1u) << 1002
                                         << u"control_fragmented"_s;
        std::string flood = net::encodeWsFrame(net::WsOpcode::Text, "{", false, 1u);
        for (int i = 0; i < 5000; ++i)
            flood += net::encodeWsFrame(net::WsOpcode::Continuation, " ", false, 1u);
        QTest::addRow("flood of 1-byte continuation frames") << flood << 1009 << u"too_many_fragments"_s;
    }
    void badFramesClose()
    {
        QFETCH(std::string, bytes);
        QFETCH(int, code);
        QFETCH(QString, counter);
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        QVERIFY(c.init());
        c.sendRaw(bytes);
        QCOMPARE(c.waitForClose(), code);
        QVERIFY(c.waitForDisconnected());
        const std::string metrics = m_sut.server->metricsText();
        const std::string line = "pulse_api_frames_rejected_total{reason=\"" + counter.toStdString() + "\"} 1\n";
        QVERIFY2(metrics.find(line) != std::string::npos, metrics.substr(metrics.find("frames_rejected")).c_str());
        verifyStillServing();
    }

    void messageOverTheLimitCloses1009()
    {
        api::ApiServerConfig config = testConfig();
        config.wsLimits.maxMessageBytes = 1000;
        startServer(config);
        WsClient c(port());
        QCOMPARE(c.open(), 101);
        c.sendFrame(net::WsOpcode::Text, std::string(600, ' '), false);
        c.sendFrame(net::WsOpcode::Continuation, std::string(600, ' '));
        QCOMPARE(c.waitForClose(), 1009);
        verifyStillServing();
    }

    void tokens_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QJsonObject>("initPayload");
        QTest::addColumn<int>("upgradeStatus");
        QTest::addColumn<int>("closeCode"); // 0: acknowledged
        QTest::addRow("no token anywhere") << QByteArray() << QJsonObject() << 101 << 4401;
        QTest::addRow("wrong token in connection_init")
            << QByteArray() << QJsonObject { { "token"_L1, u"guess"_s } } << 101 << 4403;
        QTest::addRow("right token in connection_init")
            << QByteArray() << QJsonObject { { "token"_L1, u"s3cret-token"_s } } << 101 << 0;
        QTest::addRow("right Authorization in connection_init")
            << QByteArray() << QJsonObject { { "Authorization"_L1, u"Bearer s3cret-token"_s } } << 101 << 0;
        QTest::addRow("right bearer header")
            << QByteArray("Authorization: Bearer s3cret-token\r\n") << QJsonObject() << 101 << 0;
        QTest::addRow("wrong bearer header")
            << QByteArray("Authorization: Bearer s3cret-tokem\r\n") << QJsonObject() << 403 << 0;
        QTest::addRow("prefix of the token")
            << QByteArray("Authorization: Bearer s3cret\r\n") << QJsonObject() << 403 << 0;
    }
    void tokens()
    {
        QFETCH(QByteArray, header);
        QFETCH(QJsonObject, initPayload);
        QFETCH(int, upgradeStatus);
        QFETCH(int, closeCode);
        api::ApiServerConfig config = testConfig();
        config.token = "s3cret-token";
        startServer(config);
        WsClient c(port());
        QCOMPARE(c.open("/graphql"_ba, header), upgradeStatus);
        if (upgradeStatus != 101)
            return verifyStillServing({ { "token"_L1, u"s3cret-token"_s } });
        if (closeCode == 0) {
            QVERIFY(c.init(initPayload));
        } else {
            QJsonObject init { { "type"_L1, "connection_init"_L1 } };
            if (!initPayload.isEmpty())
                init.insert("payload"_L1, initPayload);
            c.sendJson(init);
            QCOMPARE(c.waitForClose(), closeCode);
        }
        verifyStillServing({ { "token"_L1, u"s3cret-token"_s } });
    }

    void tokensOnHttpEndpoints_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const QByteArray right = "Authorization: Bearer s3cret-token\r\n";
        QTest::addRow("POST without token") << httpPost("{\"query\":\"{a}\"}") << 401;
        QTest::addRow("POST with a wrong token")
            << httpPost("{\"query\":\"{a}\"}", "Content-Type: application/json\r\nAuthorization: Bearer x\r\n") << 403;
        QTest::addRow("POST with the token")
            << httpPost("{\"query\":\"{a}\"}", "Content-Type: application/json\r\n" + right) << 200;
        QTest::addRow("/metrics without token") << httpGet("/metrics") << 401;
        QTest::addRow("/metrics with the token") << httpGet("/metrics", right) << 200;
        QTest::addRow("/healthz needs none") << httpGet("/healthz") << 200;
    }
    void tokensOnHttpEndpoints()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        api::ApiServerConfig config = testConfig();
        config.token = "s3cret-token";
        startServer(config);
        QCOMPARE(httpRequest(port(), request).first, status);
    }

    void tokenInStreamQuery()
    {
        api::ApiServerConfig config = testConfig();
        config.token = "s3cret-token";
        startServer(config);
        QCOMPARE(WsClient(port()).open("/metrics/stream?name=cpu"_ba, {}, {}), 401);
        QCOMPARE(WsClient(port()).open("/metrics/stream?name=cpu&token=nope"_ba, {}, {}), 403);
        WsClient ok(port());
        QCOMPARE(ok.open("/metrics/stream?name=cpu&token=s3cret-token"_ba, {}, {}), 101);
        const auto s = m_sut.server->stats();
        QCOMPARE(s.rejected[static_cast<int>(api::RejectReason::Unauthorized)], 1u);
        QCOMPARE(s.rejected[static_cast<int>(api::RejectReason::Forbidden)], 1u);
    }

    void originAllowList()
    {
        api::ApiServerConfig config = testConfig();
        config.allowedOrigins = { "https://wall.example" };
        startServer(config);
        QCOMPARE(WsClient(port()).open("/graphql"_ba, "Origin: https://evil.example\r\n"), 403);
        QCOMPARE(
            httpRequest(port(),
                httpPost("{\"query\":\"{a}\"}", "Content-Type: application/json\r\nOrigin: https://evil.example\r\n"))
                .first,
            403);
        WsClient good(port());
        QCOMPARE(good.open("/graphql"_ba, "Origin: https://wall.example\r\n"), 101);
        QVERIFY(good.init());
        QCOMPARE(m_sut.server->stats().rejected[static_cast<int>(api::RejectReason::OriginNotAllowed)], 2u);
        verifyStillServing();
    }

    void connectionLimit()
    {
        api::ApiServerConfig config = testConfig();
        config.maxConnections = 2;
        startServer(config);
        auto a = std::make_unique<WsClient>(port());
        WsClient b(port());
        QCOMPARE(a->open(), 101);
        QCOMPARE(b.open(), 101);
        WsClient c(port());
        QCOMPARE(c.open(), 503);
        QCOMPARE(m_sut.server->stats().rejected[static_cast<int>(api::RejectReason::ConnectionLimit)], 1u);
        a.reset();
        QTRY_COMPARE(m_sut.server->stats().connectionsOpen, 1u);
        verifyStillServing();
    }

    void handshakeTimeout()
    {
        api::ApiServerConfig config = testConfig();
        config.handshakeTimeoutMs = 100;
        startServer(config);
        WsClient c(port());
        c.socket().connectToHost(QStringLiteral("127.0.0.1"), port());
        QVERIFY(c.socket().waitForConnected());
        c.socket().write("GET /graphql HTTP/1.1\r\nHost: x\r\n"); // and never the blank line
        QVERIFY(c.waitForDisconnected());
        QCOMPARE(m_sut.server->stats().rejected[static_cast<int>(api::RejectReason::HandshakeTimeout)], 1u);
        QTRY_COMPARE(m_sut.server->stats().connectionsOpen, 0u);
        verifyStillServing();
    }

    void silentClientIsDroppedAfterPongTimeout()
    {
        api::ApiServerConfig config = testConfig();
        config.keepaliveIntervalMs = 50;
        config.pongTimeoutMs = 150;
        startServer(config);
        WsClient silent(port());
        QCOMPARE(silent.open(), 101);
        WsClient answering(port());
        QCOMPARE(answering.open(), 101);
        QVERIFY(answering.init());
        // The answering client reads (and so answers pings) until the silent one has been dropped.
        const QDeadlineTimer deadline(10'000);
        while (m_sut.server->stats().pingTimeouts == 0 && !deadline.hasExpired())
            answering.roundTrip();
        QCOMPARE(m_sut.server->stats().pingTimeouts, 1u);
        QVERIFY(silent.waitForDisconnected());
        QVERIFY(answering.socket().state() == QAbstractSocket::ConnectedState);
        answering.roundTrip();
    }

    void slowClientIsConflatedThenCutOffWhileAnotherStaysLive()
    {
        const std::vector<SeriesId> ids = startWithSmallBuffers(300);

        StalledClient stalled(port());
        QVERIFY(stalled.subscribe(kCpuQuery));
        WsClient live(port());
        QCOMPARE(live.open(), 101);
        QVERIFY(live.init());
        live.subscribe(u"live"_s, kCpuQuery);
        live.roundTrip();
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 2u);

        // Batches until the stalled client's updates are being conflated; the live one gets every update of each.
        int batch = 0;
        for (; batch < 200 && m_sut.server->stats().conflatedUpdates == 0; ++batch) {
            m_sut.feed->push(ids, batch, 1000 * (batch + 1));
            for (std::size_t i = 0; i < ids.size(); ++i) {
                const QJsonObject next = live.nextJson();
                QCOMPARE(next["payload"_L1]["data"_L1]["metricUpdated"_L1]["value"_L1].toDouble(), double(batch));
            }
        }
        QVERIFY(m_sut.server->stats().conflatedUpdates > 0);
        // Still over the soft cap after the grace period: closed with 1013; the live client noticed nothing.
        QTRY_COMPARE(m_sut.server->stats().slowClientDisconnects, 1u);
        QCOMPARE(stalled.drainUntilClose(5'000), 1013);
        QVERIFY(stalled.received() > 0);
        m_sut.feed->push(ids, -1, 1000 * (batch + 2));
        for (std::size_t i = 0; i < ids.size(); ++i)
            QCOMPARE(live.nextJson()["payload"_L1]["data"_L1]["metricUpdated"_L1]["value"_L1].toDouble(), -1.0);
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 1u);
        QVERIFY(m_sut.server->metricsText().find("pulse_api_slow_client_disconnects_total 1") != std::string::npos);
    }

    void aClientThatFellBehindGetsTheNewestOfEverySeriesOnceItReads()
    {
        const std::vector<SeriesId> ids = startWithSmallBuffers(60'000); // it catches up long before this
        StalledClient client(port());
        QVERIFY(client.subscribe(kCpuQuery));
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 1u);
        int batch = 0;
        for (; batch < 200 && m_sut.server->stats().conflatedUpdates == 0; ++batch) {
            m_sut.feed->push(ids, batch, 1000 * (batch + 1));
            QTest::qWait(1);
        }
        QVERIFY(m_sut.server->stats().conflatedUpdates > 0);
        m_sut.feed->push(ids, 1000.0, 1000 * (batch + 1));
        // Reading again: the held-back updates follow by themselves, in time order per series, up to the newest.
        const std::map<QString, double> latest = client.readUntilAllAre(1000.0, ids.size(), 10'000);
        QCOMPARE(latest.size(), ids.size());
        for (const auto& [host, value] : latest)
            QCOMPARE(value, 1000.0);
        QCOMPARE(m_sut.server->stats().slowClientDisconnects, 0u);
    }

    void hardCapClosesAtOnce()
    {
        api::ApiServerConfig config = testConfig();
        config.softSendCapBytes = 4 * 1024;
        config.hardSendCapBytes = 32 * 1024;
        config.slowClientGraceMs = 60'000; // only the hard cap can close it in this test
        config.sendBufferBytes = 4096;
        startServer(config);
        std::vector<SeriesId> ids;
        for (int i = 0; i < 1000; ++i)
            ids.push_back(m_sut.feed->series("cpu", "h" + std::to_string(i)));
        StalledClient stalled(port());
        QVERIFY(stalled.subscribe(kCpuQuery));
        QTRY_COMPARE(m_sut.server->stats().subscriptionsActive, 1u);
        for (int batch = 0; batch < 20 && m_sut.server->stats().slowClientDisconnects == 0; ++batch) {
            m_sut.feed->push(ids, batch, 1000 * (batch + 1));
            QTRY_VERIFY(m_sut.server->stats().messagesOut + m_sut.server->stats().conflatedUpdates > 0);
        }
        QTRY_COMPARE(m_sut.server->stats().slowClientDisconnects, 1u);
        QCOMPARE(stalled.drainUntilClose(5'000), 1013);
        verifyStillServing();
    }
};

QTEST_GUILESS_MAIN(TestApiServerRobustness)
#include "tst_apiserverrobustness.moc"
