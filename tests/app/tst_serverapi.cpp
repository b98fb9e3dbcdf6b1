// pulseboard-server --serve as a process: the options, the token file, /healthz and /metrics over a real socket,
// and a clean shutdown that closes WebSocket clients with 1001.

#include "serverprocess.h"

#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace pulse::test;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runServer(const QStringList& args)
{
    QProcess p;
    p.setProcessEnvironment(serverEnvironment());
    p.start(serverPath(), args);
    p.waitForFinished(30'000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

/** One HTTP request on a fresh socket: the whole response (the server closes after it). */
QByteArray httpGet(quint16 port, const QByteArray& path, const QByteArray& headers = {})
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5'000))
        return {};
    s.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
    QByteArray response;
    while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(5'000))
        response += s.readAll();
    return response + s.readAll();
}

quint16 apiPort(ServerProcess& server)
{
    const auto m = server.waitForStderr(u"serving the API on http://127\\.0\\.0\\.1:(\\d+)"_s);
    return m.hasMatch() ? m.captured(1).toUShort() : 0;
}

} // namespace

class TestServerApi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void invalidServeOptionsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("host name") << QStringList { u"--serve"_s, u"example.com:8080"_s }
                                   << QByteArray("--serve example.com:8080: the host must be an IP address");
        QTest::addRow("port too big") << QStringList { u"--serve"_s, u"127.0.0.1:70000"_s }
                                      << QByteArray("the port must be a number from 0 to 65535");
        QTest::addRow("bare IPv6") << QStringList { u"--serve"_s, u"::1:80"_s } << QByteArray("in brackets");
        QTest::addRow("token file without --serve")
            << QStringList { u"--token-file"_s, u"/x"_s } << QByteArray("need --serve");
        QTest::addRow("origin without scheme") << QStringList { u"--serve"_s, u"--allow-origin"_s, u"wall"_s }
                                               << QByteArray("--allow-origin needs an origin");
        QTest::addRow("zero connections") << QStringList { u"--serve"_s, u"--max-connections"_s, u"0"_s }
                                          << QByteArray("--max-connections needs a number");
    }
    void invalidServeOptionsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const Run r = runServer(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void helpNamesTheApiOptions()
    {
        const Run r = runServer({ u"--help"_s });
        QCOMPARE(r.exitCode, 0);
        for (const char* flag : { "--serve [ADDRESS]", "--token-file FILE", "--allow-origin ORIGIN",
                 "--max-connections N", "127.0.0.1:8080", "/metrics/stream" })
            QVERIFY2(r.out.contains(flag), flag);
    }

    void unreadableTokenFileExitsOne()
    {
        const Run r = runServer({ u"--serve"_s, u"127.0.0.1:0"_s, u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s,
            u"--token-file"_s, u"/nonexistent/token"_s });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--token-file /nonexistent/token: cannot read the file"), r.err.constData());
    }

    void takenPortExitsOne()
    {
        ServerProcess first;
        QVERIFY(first.start({ u"--serve"_s, u"127.0.0.1:0"_s, u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s }));
        const quint16 port = apiPort(first);
        QVERIFY(port != 0);
        const Run r = runServer(
            { u"--serve"_s, u"127.0.0.1:"_s + QString::number(port), u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--serve: cannot listen on 127.0.0.1:"), r.err.constData());
        QCOMPARE(first.terminate(), 0);
    }

    void servesHealthAndMetricsWithTheToken()
    {
        QTemporaryDir dir;
        QFile tokenFile(dir.filePath(u"token"_s));
        QVERIFY(tokenFile.open(QIODevice::WriteOnly));
        tokenFile.write("  t0ken-from-file \n second line ignored\n");
        tokenFile.close();
        ServerProcess server;
        QVERIFY(server.start({ u"--serve"_s, u"127.0.0.1:0"_s, u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s,
            u"--token-file"_s, tokenFile.fileName(), u"--allow-origin"_s, u"https://wall.example"_s,
            u"--max-connections"_s, u"8"_s }));
        const quint16 port = apiPort(server);
        QVERIFY(port != 0);
        QVERIFY(server.stderrText().contains("(bearer token required)"));
        const QByteArray health = httpGet(port, "/healthz");
        QVERIFY2(health.startsWith("HTTP/1.1 200 OK\r\n"), health.constData());
        QVERIFY(health.contains("\"status\":\"ok\""));
        QVERIFY(httpGet(port, "/metrics").startsWith("HTTP/1.1 401"));
        QVERIFY(httpGet(port, "/metrics", "Authorization: Bearer wrong\r\n").startsWith("HTTP/1.1 403"));
        QVERIFY(httpGet(port, "/healthz", "Origin: https://evil.example\r\n").startsWith("HTTP/1.1 403"));
        const QByteArray metrics = httpGet(port, "/metrics", "Authorization: Bearer t0ken-from-file\r\n");
        QVERIFY2(metrics.startsWith("HTTP/1.1 200 OK\r\n"), metrics.constData());
        QVERIFY(metrics.contains("pulse_api_connections_rejected_total{reason=\"unauthorized\"} 1"));
        QVERIFY(metrics.contains("pulse_api_http_requests_total{code=\"200\"} 1"));
        QCOMPARE(server.terminate(), 0);
    }

    void sigtermClosesWebSocketsWith1001()
    {
        ServerProcess server;
        QVERIFY(server.start({ u"--serve"_s, u"127.0.0.1:0"_s, u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s }));
        const quint16 port = apiPort(server);
        QVERIFY(port != 0);
        QTcpSocket ws;
        ws.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(ws.waitForConnected(5'000));
        ws.write("GET /metrics/stream?name=x HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QByteArray in;
        while (!in.contains("\r\n\r\n") && ws.waitForReadyRead(5'000))
            in += ws.readAll();
        QVERIFY2(in.startsWith("HTTP/1.1 101"), in.constData());
        in.remove(0, in.indexOf("\r\n\r\n") + 4);
        server.process().terminate();
        while (ws.state() == QAbstractSocket::ConnectedState && ws.waitForReadyRead(10'000))
            in += ws.readAll();
        in += ws.readAll();
        // A server close frame: 0x88, length, then the code 1001 (0x03e9).
        const qsizetype at = in.indexOf('\x88');
        QVERIFY2(at >= 0 && in.size() >= at + 4, in.toHex().constData());
        QCOMPARE(QByteArray(in.mid(at + 2, 2)).toHex(), QByteArray("03e9"));
        QCOMPARE(server.waitForExit(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerApi)
#include "tst_serverapi.moc"
