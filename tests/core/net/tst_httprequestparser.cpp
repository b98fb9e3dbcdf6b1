#include "net/httprequestparser.h"
#include "net/websockethandshake.h"

#include <QTest>

using namespace pulse::net;

namespace {

HttpRequestParser::State feedAll(HttpRequestParser& p, std::string_view data, std::size_t chunk, std::size_t& used)
{
    used = 0;
    HttpRequestParser::State s = HttpRequestParser::State::Incomplete;
    for (std::size_t i = 0; i < data.size() && s == HttpRequestParser::State::Incomplete; i += chunk) {
        std::size_t consumed = 0;
        s = p.feed(data.substr(i, chunk), consumed);
        used += consumed;
    }
    return s;
}

const std::string kUpgrade
    = "GET /graphql HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

HttpRequest parsed(const std::string& head)
{
    HttpRequestParser p;
    std::size_t used = 0;
    if (p.feed(head, used) != HttpRequestParser::State::Complete)
        qFatal("request did not parse: %s", p.errorReason().c_str());
    return p.request();
}

} // namespace

class TestHttpRequestParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesARequestInAnyChunking_data()
    {
        QTest::addColumn<int>("chunk");
        for (const int c : { 1, 2, 3, 7, 64, 4096 })
            QTest::addRow("%d-byte reads", c) << c;
    }
    void parsesARequestInAnyChunking()
    {
        QFETCH(int, chunk);
        const std::string head = "POST /graphql?x=1&name=cpu%2Eload&sp=a+b HTTP/1.1\r\nHost: localhost:8080\r\n"
                                 "Content-Type: application/json\r\nContent-Length: 2\r\nX-Empty:\r\n"
                                 "Accept:   text/plain  \r\n\r\n";
        const std::string input = head + "{}FRAMES";
        HttpRequestParser p;
        std::size_t used = 0;
        QCOMPARE(feedAll(p, input, static_cast<std::size_t>(chunk), used), HttpRequestParser::State::Complete);
        QCOMPARE(used, head.size());
        const HttpRequest& r = p.request();
        QCOMPARE(r.method, std::string("POST"));
        QCOMPARE(r.path, std::string("/graphql"));
        QCOMPARE(r.query, std::string("x=1&name=cpu%2Eload&sp=a+b"));
        QCOMPARE(r.queryItem("name").value_or("?"), std::string("cpu.load"));
        QCOMPARE(r.queryItem("sp").value_or("?"), std::string("a b"));
        QVERIFY(!r.queryItem("missing"));
        QCOMPARE(r.contentLength, 2u);
        QCOMPARE(std::string(r.header("content-type").value_or("")), std::string("application/json"));
        QCOMPARE(std::string(r.header("accept").value_or("")), std::string("text/plain"));
        QCOMPARE(std::string(r.header("x-empty").value_or("?")), std::string());
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("status");
        QTest::addRow("no version") << QByteArray("GET /\r\n\r\n") << 400;
        QTest::addRow("extra space") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::addRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
        QTest::addRow("not HTTP") << QByteArray("GET / FTP/1.0\r\n\r\n") << 400;
        QTest::addRow("absolute-form target") << QByteArray("GET http://a/ HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::addRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::addRow("missing Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::addRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400;
        QTest::addRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::addRow("folded header") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n y\r\n\r\n") << 400;
        QTest::addRow("control char in value") << QByteArray("GET / HTTP/1.1\r\nHost: x\x01y\r\n\r\n") << 400;
        QTest::addRow("bad Content-Length")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n") << 400;
        QTest::addRow("conflicting Content-Length")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
        QTest::addRow("body over the limit")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n") << 413;
        QTest::addRow("chunked") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 501;
        QByteArray many("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 70; ++i)
            many += "X-H" + QByteArray::number(i) + ": v\r\n";
        QTest::addRow("too many headers") << many + "\r\n" << 431;
        QTest::addRow("head too large") << QByteArray("GET /") + QByteArray(20'000, 'a') << 431;
    }
    void rejects()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, status);
        HttpRequestParser p;
        std::size_t used = 0;
        QCOMPARE(feedAll(p, std::string_view(input.constData(), static_cast<std::size_t>(input.size())), 1000, used),
            HttpRequestParser::State::Error);
        QCOMPARE(p.errorStatus(), status);
        QVERIFY(!p.errorReason().empty());
    }

    void headLimitNeverBuffersMore()
    {
        HttpRequestParser p(HttpLimits { 1024, 10, 100 });
        std::size_t consumed = 0;
        const std::string flood(1'000'000, 'a');
        QCOMPARE(p.feed(flood, consumed), HttpRequestParser::State::Error);
        QCOMPARE(p.errorStatus(), 431);
        QVERIFY(consumed <= 1024);
    }

    void responsesHaveLengthAndClose()
    {
        const std::string r = httpResponse(200, "application/json", "{}", { "X-A: b" });
        QVERIFY(r.starts_with("HTTP/1.1 200 OK\r\n"));
        QVERIFY(r.find("Content-Length: 2\r\n") != std::string::npos);
        QVERIFY(r.find("Connection: close\r\n") != std::string::npos);
        QVERIFY(r.find("X-A: b\r\n") != std::string::npos);
        QVERIFY(r.ends_with("\r\n\r\n{}"));
        const std::string expected = "{\"error\":\"no \\\"such\\\" path\"}";
        QVERIFY(httpErrorResponse(404, "no \"such\" path").find(expected) != std::string::npos);
    }

    void handshakeAcceptsAValidUpgrade()
    {
        const HttpRequest r = parsed(kUpgrade + "Sec-WebSocket-Protocol: graphql-ws, graphql-transport-ws\r\n\r\n");
        const WsHandshakeResult h = acceptWebSocket(r, { {}, "graphql-transport-ws" });
        QVERIFY(h.isAccepted());
        QCOMPARE(h.subprotocol, std::string("graphql-transport-ws"));
        QVERIFY(h.response.starts_with("HTTP/1.1 101 Switching Protocols\r\n"));
        QVERIFY(h.response.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);
        QVERIFY(h.response.find("Sec-WebSocket-Protocol: graphql-transport-ws\r\n") != std::string::npos);
    }

    void handshakeWithoutTheSubprotocolPicksNone()
    {
        const WsHandshakeResult h = acceptWebSocket(parsed(kUpgrade + "\r\n"), { {}, "graphql-transport-ws" });
        QVERIFY(h.isAccepted());
        QVERIFY(h.subprotocol.empty());
        QVERIFY(h.response.find("Sec-WebSocket-Protocol") == std::string::npos);
    }

    void handshakeRefuses_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        const auto without = [](const std::string& header) {
            std::string s = kUpgrade;
            const auto at = s.find(header);
            s.erase(at, s.find("\r\n", at) + 2 - at);
            return QByteArray::fromStdString(s + "\r\n");
        };
        QTest::addRow("POST") << QByteArray::fromStdString("POST" + kUpgrade.substr(3) + "\r\n") << 405;
        QTest::addRow("no Upgrade") << without("Upgrade: websocket") << 426;
        QTest::addRow("no Connection: Upgrade") << without("Connection:") << 400;
        QTest::addRow("no key") << without("Sec-WebSocket-Key") << 400;
        QTest::addRow("version 8") << QByteArray::fromStdString(kUpgrade.substr(0, kUpgrade.size() - 4) + "8\r\n\r\n")
                                   << 426;
        QTest::addRow("short key") << QByteArray::fromStdString(
            "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            "YWJj\r\nSec-WebSocket-Version: 13\r\n\r\n")
                                   << 400;
        QTest::addRow("foreign origin") << QByteArray::fromStdString(kUpgrade + "Origin: https://evil.example\r\n\r\n")
                                        << 403;
    }
    void handshakeRefuses()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        const WsHandshakeResult h = acceptWebSocket(parsed(head.toStdString()), { { "https://wall.example" }, {} });
        QCOMPARE(h.status, status);
        QVERIFY(h.response.starts_with("HTTP/1.1 " + std::to_string(status)));
    }

    void originAllowList()
    {
        const std::vector<std::string> allowed { "https://wall.example" };
        QVERIFY(isOriginAllowed(parsed(kUpgrade + "\r\n"), allowed)); // no Origin: not a browser
        QVERIFY(isOriginAllowed(parsed(kUpgrade + "Origin: https://WALL.example\r\n\r\n"), allowed));
        QVERIFY(!isOriginAllowed(parsed(kUpgrade + "Origin: https://wall.example.evil\r\n\r\n"), allowed));
        QVERIFY(isOriginAllowed(parsed(kUpgrade + "Origin: https://any\r\n\r\n"), {}));
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
