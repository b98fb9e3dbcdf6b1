// Client mode against a real Pulseboard API server over loopback: subscriptions for the panels' selectors, backfill,
// the live edge, RECONNECTING with backoff while the server is away, and the outage backfilled afterwards.

#include "backendfixture.h"

#include <QElapsedTimer>
#include <QTest>

#include <cmath>
#include <thread>

using namespace pulse;
using namespace pulse::test;

class TestBackendSource : public QObject {
    Q_OBJECT

    std::uint16_t m_apiPort = 0;
    TestServer m_server;
    TestClient m_client;

    /** Sends gauge `ledger.g{host=x}` = whole seconds since `t0`, and timer samples, every 50 ms for `ms`. */
    void feed(int ms, TimestampMs t0)
    {
        UdpSender sender(m_server.udpPort);
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < ms) {
            const TimestampMs now = SystemClock::instance().nowMs();
            sender.send("ledger.g:" + std::to_string((now - t0) / 1000)
                + "|g|#host:x\nledger.t:" + std::to_string(now % 97) + "|ms|#host:x");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

    /** Every closed 1 s value of the client equals the server's for the same window. */
    void compareWithServer(const std::string& name, Field field, std::size_t* compared = nullptr)
    {
        const SeriesInfoPtr theirs = findSeries(m_server.pipeline->store(), name);
        const SeriesInfoPtr ours = findSeries(m_client.pipeline->store(), name);
        QVERIFY(theirs && ours);
        const std::vector<StorePoint> serverPoints = pointsOf(m_server.pipeline->store(), theirs->id, field);
        std::size_t n = 0;
        for (const StorePoint& p : pointsOf(m_client.pipeline->store(), ours->id, field)) {
            const auto it = std::find_if(
                serverPoints.begin(), serverPoints.end(), [&](const StorePoint& s) { return s.timeMs == p.timeMs; });
            QVERIFY2(it != serverPoints.end(), qPrintable(QString::number(p.timeMs)));
            QCOMPARE(p.value, it->value);
            ++n;
        }
        if (compared)
            *compared = n;
    }

private Q_SLOTS:
    void init()
    {
        m_apiPort = freeTcpPort();
        const auto error = m_server.start(m_apiPort);
        QVERIFY2(!error, error ? error->c_str() : "");
    }
    void cleanup()
    {
        m_client.stop();
        m_server.stop();
        m_client = {};
        m_server = {};
    }

    void backfillsThenGoesLiveWithTheServersValues()
    {
        const TimestampMs t0 = SystemClock::instance().nowMs();
        feed(2500, t0);
        const TimestampMs clientStart = SystemClock::instance().nowMs();
        const auto error = m_client.start(backendAt(m_apiPort), { "ledger.*{host=x}" });
        QVERIFY2(!error, error ? error->c_str() : "");
        QTRY_VERIFY_WITH_TIMEOUT(findSeries(m_client.pipeline->store(), "ledger.g{host=x}"), 5000);
        feed(2500, t0);
        const SeriesInfoPtr g = findSeries(m_client.pipeline->store(), "ledger.g{host=x}");
        // Backfilled: windows from before the client existed, with the server's values.
        QTRY_VERIFY_WITH_TIMEOUT(!pointsOf(m_client.pipeline->store(), g->id, Field::Last).empty(), 5000);
        QVERIFY(pointsOf(m_client.pipeline->store(), g->id, Field::Last).front().timeMs < clientStart - 1000);
        // Live: the newest closed window arrives like on the server.
        const SeriesInfoPtr theirs = findSeries(m_server.pipeline->store(), "ledger.g{host=x}");
        QTRY_COMPARE_WITH_TIMEOUT(pointsOf(m_client.pipeline->store(), g->id, Field::Last).back().timeMs,
            pointsOf(m_server.pipeline->store(), theirs->id, Field::Last).back().timeMs, 5000);
        std::size_t compared = 0;
        compareWithServer("ledger.g{host=x}", Field::Last, &compared);
        QVERIFY2(compared >= 4, qPrintable(QString::number(compared)));
        compareWithServer("ledger.t{host=x}", Field::P99);
        compareWithServer("ledger.t{host=x}", Field::Count);
        QVERIFY(m_client.backend->stats().backfilledWindows > 0);
        QVERIFY(m_client.backend->stats().liveWindows > 0);
        QCOMPARE(m_client.backend->stats().rejectedPoints, 0u);
        // The series are known to come from the backend, so its health marks exactly their panels.
        QVERIFY(m_client.pipeline->store().sourceMask(g->id) & sourceBit(m_client.backendIndex));
        QCOMPARE(m_client.backend->health().state, SourceHealth::State::Up);
    }

    void theLiveEdgeArrivesBeforeTheWindowCloses()
    {
        const auto error = m_client.start(backendAt(m_apiPort), { "ledger.g{host=x}" });
        QVERIFY2(!error, error ? error->c_str() : "");
        QTRY_COMPARE_WITH_TIMEOUT(m_client.backend->stats().connects, 1u, 5000);
        const TimestampMs t0 = SystemClock::instance().nowMs();
        UdpSender sender(m_server.udpPort);
        // A provisional point shows up while its second is still open on the server.
        bool isSeen = false;
        QElapsedTimer timer;
        timer.start();
        while (!isSeen && timer.elapsed() < 5000) {
            sender.send("ledger.g:" + std::to_string(7) + "|g|#host:x");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (const SeriesInfoPtr g = findSeries(m_client.pipeline->store(), "ledger.g{host=x}")) {
                const TimestampMs now = SystemClock::instance().nowMs();
                const auto edge = m_client.pipeline->store().provisional(g->id, Field::Last, now);
                isSeen = edge && edge->value == 7 && edge->timeMs >= t0 - 1000;
            }
        }
        QVERIFY(isSeen);
        // Selectors can change on the fly: a series no selector asks for does not come.
        m_client.backend->setSelectors({ "other.*" });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        sender.send("ledger.h:1|g|#host:x");
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        QVERIFY(!findSeries(m_client.pipeline->store(), "ledger.h{host=x}"));
        m_client.backend->setSelectors({ "ledger.h*" });
        sender.send("ledger.h:2|g|#host:x");
        QTRY_VERIFY_WITH_TIMEOUT(findSeries(m_client.pipeline->store(), "ledger.h{host=x}"), 5000);
        // A selector a panel starts to need is backfilled over the whole range: the second sent before it came.
        const SeriesInfoPtr h = findSeries(m_client.pipeline->store(), "ledger.h{host=x}");
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const std::vector<StorePoint> points = pointsOf(m_client.pipeline->store(), h->id, Field::Last);
                return !points.empty() && points.front().value == 1;
            }(),
            5000);
    }

    void reconnectsWithBackoffAndBackfillsTheOutage()
    {
        const TimestampMs t0 = SystemClock::instance().nowMs();
        const auto error = m_client.start(backendAt(m_apiPort), { "ledger.g{host=x}" });
        QVERIFY2(!error, error ? error->c_str() : "");
        feed(2000, t0);
        QTRY_VERIFY_WITH_TIMEOUT(findSeries(m_client.pipeline->store(), "ledger.g{host=x}"), 5000);

        // The API goes away; the server keeps aggregating meanwhile.
        m_server.api->stop();
        const TimestampMs outageStart = SystemClock::instance().nowMs();
        QTRY_COMPARE_WITH_TIMEOUT(m_client.backend->health().state, SourceHealth::State::Reconnecting, 5000);
        const SourceHealth h = m_client.backend->health();
        QVERIFY(!h.message.empty());
        QVERIFY(h.nextRetryMs >= outageStart);
        QVERIFY(h.nextRetryMs <= SystemClock::instance().nowMs() + 1000); // the test's backoff cap
        const SourceStatus status = m_client.pipeline->sourceStatus();
        QVERIFY(status.reconnectingMask & sourceBit(m_client.backendIndex));
        QVERIFY(status.nextRetry(sourceBit(m_client.backendIndex)) != 0);
        feed(3000, t0);
        const TimestampMs outageEnd = SystemClock::instance().nowMs();
        QVERIFY(!m_server.api->start());
        QTRY_COMPARE_WITH_TIMEOUT(m_client.backend->health().state, SourceHealth::State::Up, 5000);
        QVERIFY(m_client.backend->stats().connects >= 2);
        QVERIFY(m_client.backend->stats().failedAttempts >= 1);
        feed(1500, t0);
        // The seconds of the outage came back through the backfill, with the server's values.
        const SeriesInfoPtr g = findSeries(m_client.pipeline->store(), "ledger.g{host=x}");
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                int inOutage = 0;
                for (const StorePoint& p : pointsOf(m_client.pipeline->store(), g->id, Field::Last))
                    inOutage += p.timeMs >= outageStart && p.timeMs + 1000 <= outageEnd;
                return inOutage >= 2;
            }(),
            5000);
        // And live again: the newest closed window arrives like on the server.
        const SeriesInfoPtr theirs = findSeries(m_server.pipeline->store(), "ledger.g{host=x}");
        QTRY_COMPARE_WITH_TIMEOUT(pointsOf(m_client.pipeline->store(), g->id, Field::Last).back().timeMs,
            pointsOf(m_server.pipeline->store(), theirs->id, Field::Last).back().timeMs, 5000);
        compareWithServer("ledger.g{host=x}", Field::Last);
    }

    void stopIsPromptWhileTheServerIsAway()
    {
        m_server.stop();
        const auto error = m_client.start(backendAt(m_apiPort), { "*" });
        QVERIFY2(!error, error ? error->c_str() : "");
        QTRY_COMPARE_WITH_TIMEOUT(m_client.backend->health().state, SourceHealth::State::Reconnecting, 5000);
        QElapsedTimer timer;
        timer.start();
        m_client.stop();
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestBackendSource)
#include "tst_backendsource.moc"
