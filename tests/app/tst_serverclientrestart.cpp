// Client mode against the real pulseboard-server: the server is killed with SIGKILL and started again. The client
// says RECONNECTING with its next retry, comes back by itself, and keeps the outage a gap: no point is invented for
// the seconds the server was gone, and nothing joins across them.

#include "../core/client/backendfixture.h"
#include "serverprocess.h"

#include <QTest>

#include <csignal>

#include <thread>

using namespace pulse;
using namespace pulse::test;
using namespace Qt::StringLiterals;

class TestServerClientRestart : public QObject {
    Q_OBJECT

    /** Sends the gauge ledger.g{host=x} = 5 to the server's UDP port every 50 ms for `ms`. */
    static void feed(quint16 port, int ms)
    {
        UdpSender sender(port);
        for (int elapsed = 0; elapsed < ms; elapsed += 50) {
            sender.send("ledger.g:5|g|#host:x");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

    static quint16 startServer(ServerProcess& server, std::uint16_t apiPort)
    {
        if (!server.start({ u"--udp"_s, u"127.0.0.1:0"_s, u"--serve"_s, u"127.0.0.1:%1"_s.arg(apiPort) }))
            return 0;
        const QList<quint16> ports = server.udpPorts();
        return ports.isEmpty() ? 0 : ports.front();
    }

private Q_SLOTS:
    void killedServerIsAGapAndTheClientComesBack()
    {
        const std::uint16_t apiPort = freeTcpPort();
        auto first = std::make_unique<ServerProcess>();
        const quint16 udp = startServer(*first, apiPort);
        QVERIFY2(udp != 0, first->stderrText().constData());

        TestClient client;
        const auto error = client.start(backendAt(apiPort), { "ledger.g{host=x}" });
        QVERIFY2(!error, error ? error->c_str() : "");
        feed(udp, 4000);
        QTRY_VERIFY_WITH_TIMEOUT(findSeries(client.pipeline->store(), "ledger.g{host=x}"), 10'000);
        const SeriesInfoPtr g = findSeries(client.pipeline->store(), "ledger.g{host=x}");
        QTRY_VERIFY_WITH_TIMEOUT(pointsOf(client.pipeline->store(), g->id, Field::Last).size() >= 2, 10'000);

        first.reset(); // SIGKILL
        const TimestampMs killedAt = SystemClock::instance().nowMs();
        QTRY_COMPARE_WITH_TIMEOUT(client.backend->health().state, SourceHealth::State::Reconnecting, 10'000);
        const SourceStatus status = client.pipeline->sourceStatus();
        QVERIFY(status.reconnectingMask & sourceBit(client.backendIndex));
        QVERIFY(status.nextRetry(sourceBit(client.backendIndex)) >= killedAt);
        std::this_thread::sleep_for(std::chrono::milliseconds(3000));

        ServerProcess second;
        const quint16 udp2 = startServer(second, apiPort);
        QVERIFY2(udp2 != 0, second.stderrText().constData());
        const TimestampMs restartedAt = SystemClock::instance().nowMs();
        feed(udp2, 4000);
        QTRY_COMPARE_WITH_TIMEOUT(client.backend->health().state, SourceHealth::State::Up, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            pointsOf(client.pipeline->store(), g->id, Field::Last).back().timeMs >= restartedAt, 10'000);

        // The outage: no point in it, and a read over it reports the missing windows, so charts draw a gap.
        const std::vector<StorePoint> points = pointsOf(client.pipeline->store(), g->id, Field::Last);
        for (const StorePoint& p : points) {
            QVERIFY2(p.timeMs < killedAt || p.timeMs >= restartedAt - 1000, qPrintable(QString::number(p.timeMs)));
            QCOMPARE(p.value, 5.0);
        }
        RangeQuery over { g->id, Field::Last, killedAt - 3000, restartedAt + 2000, 1000 };
        const RangeResult read = client.pipeline->store().read(over);
        QVERIFY(read.hasMissing);
        QVERIFY(client.backend->stats().connects >= 2);
        client.stop();
    }

    void aHungServerIsNoticedByTheKeepalive()
    {
        const std::uint16_t apiPort = freeTcpPort();
        ServerProcess server;
        const quint16 udp = startServer(server, apiPort);
        QVERIFY2(udp != 0, server.stderrText().constData());
        client::BackendConfig config = backendAt(apiPort);
        config.keepalive = std::chrono::milliseconds(400);
        config.connectTimeout = std::chrono::milliseconds(1000);
        TestClient client;
        const auto error = client.start(config, { "ledger.g{host=x}" });
        QVERIFY2(!error, error ? error->c_str() : "");
        QTRY_COMPARE_WITH_TIMEOUT(client.backend->health().state, SourceHealth::State::Up, 10'000);
        // The server stops answering but keeps its sockets open (SIGSTOP): only the keepalive can tell.
        QCOMPARE(::kill(static_cast<pid_t>(server.processId()), SIGSTOP), 0);
        QTRY_COMPARE_WITH_TIMEOUT(client.backend->health().state, SourceHealth::State::Reconnecting, 5000);
        QVERIFY2(client.backend->health().message.find("no answer") != std::string::npos,
            client.backend->health().message.c_str());
        QCOMPARE(::kill(static_cast<pid_t>(server.processId()), SIGCONT), 0);
        QTRY_COMPARE_WITH_TIMEOUT(client.backend->health().state, SourceHealth::State::Up, 15'000);
        client.stop();
    }
};

QTEST_GUILESS_MAIN(TestServerClientRestart)
#include "tst_serverclientrestart.moc"
