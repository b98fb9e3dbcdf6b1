// Client mode against a third-party backend: tests/peers/node/backend-server.mjs implements the Pulseboard schema with
// the reference graphql-ws server and graphql-js. The client subscribes, backfills and stores exactly the fixture's
// values; with WebSocket upgrades refused (a blocking proxy) it polls over HTTP and says so. It fails, never skips,
// when node or the packages are missing (scripts/test installs them).

#include "backendfixture.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace pulse;
using namespace pulse::test;
using namespace Qt::StringLiterals;

namespace {

QString peersDir()
{
    return qEnvironmentVariable("PULSE_SOURCE_DIR") + u"/tests/peers/node"_s;
}

/** The fixture's gauge: the window starting at t has the value (t / 1000) % 1000. */
double expectedValue(TimestampMs t)
{
    return static_cast<double>((t / 1000) % 1000);
}

} // namespace

class TestBackendPeer : public QObject {
    Q_OBJECT

    QProcess m_node;
    TestClient m_client;

    std::uint16_t startFixture(const QStringList& extra)
    {
        m_node.setWorkingDirectory(peersDir());
        m_node.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_node.start(u"node"_s, QStringList { u"backend-server.mjs"_s, u"--port"_s, u"0"_s } + extra);
        if (!m_node.waitForStarted(10'000))
            return 0;
        QByteArray line;
        while (!line.contains('\n') && m_node.waitForReadyRead(10'000))
            line += m_node.readAll();
        const QList<QByteArray> words = line.trimmed().split(' ');
        return words.size() == 2 && words[0] == "listening" ? static_cast<std::uint16_t>(words[1].toUInt()) : 0;
    }

    /** Every closed 1 s point of the fixture's gauge in the client's store; all are checked against the fixture. */
    std::vector<StorePoint> checkedPoints()
    {
        const SeriesInfoPtr g = findSeries(m_client.pipeline->store(), "fixture.gauge{host=node}");
        if (!g)
            return {};
        std::vector<StorePoint> points = pointsOf(m_client.pipeline->store(), g->id, Field::Last);
        for (const StorePoint& p : points)
            if (p.value != expectedValue(p.timeMs)) {
                qWarning() << "wrong value at" << p.timeMs << p.value;
                return {};
            }
        return points;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!QStandardPaths::findExecutable(u"node"_s).isEmpty(),
            "node is not on PATH: scripts/test installs nodejs and npm from Debian");
        QVERIFY2(QFileInfo::exists(peersDir() + u"/node_modules/graphql-ws/package.json"_s),
            "graphql-ws is not installed: run `npm ci` in tests/peers/node (scripts/test does)");
    }
    void cleanup()
    {
        m_client.stop();
        m_client = {};
        m_node.terminate();
        if (!m_node.waitForFinished(5000))
            m_node.kill();
        m_node.waitForFinished(5000);
    }

    void subscribesToTheReferenceGraphqlWsServer()
    {
        const std::uint16_t port = startFixture({});
        QVERIFY(port != 0);
        const TimestampMs started = SystemClock::instance().nowMs();
        const auto error = m_client.start(backendAt(port), { "fixture.*" });
        QVERIFY2(!error, error ? error->c_str() : "");
        // Backfilled (windows from before the client started) and then live, every value the fixture's.
        QTRY_VERIFY_WITH_TIMEOUT(!checkedPoints().empty(), 10'000);
        QVERIFY(checkedPoints().front().timeMs < started - 2000);
        const TimestampMs firstNewest = checkedPoints().back().timeMs;
        QTRY_VERIFY_WITH_TIMEOUT(
            !checkedPoints().empty() && checkedPoints().back().timeMs >= firstNewest + 2000, 10'000);
        const std::vector<StorePoint> points = checkedPoints();
        for (std::size_t i = 1; i < points.size(); ++i)
            QCOMPARE(points[i].timeMs - points[i - 1].timeMs, 1000); // no gap, nothing joined
        // The live edge: the open second, provisional.
        const SeriesInfoPtr g = findSeries(m_client.pipeline->store(), "fixture.gauge{host=node}");
        QTRY_VERIFY_WITH_TIMEOUT(
            m_client.pipeline->store().provisional(g->id, Field::Last, SystemClock::instance().nowMs()).has_value(),
            5000);
        const SourceHealth h = m_client.backend->health();
        QCOMPARE(h.state, SourceHealth::State::Up);
        QVERIFY(h.message.empty());
        QVERIFY(!m_client.backend->stats().isPolling);
        QVERIFY(m_client.backend->stats().liveWindows > 0);
        QCOMPARE(m_client.backend->stats().rejectedPoints, 0u);
    }

    void pollsOverHttpWhenWebSocketsAreBlocked()
    {
        const std::uint16_t port = startFixture({ u"--block-websocket"_s });
        QVERIFY(port != 0);
        const auto error = m_client.start(backendAt(port), { "fixture.*" });
        QVERIFY2(!error, error ? error->c_str() : "");
        QTRY_VERIFY_WITH_TIMEOUT(m_client.backend->stats().isPolling, 10'000);
        // isPolling is set during the first pass; the health says so once that pass is done (before, it still says
        // "connecting to …").
        QTRY_VERIFY_WITH_TIMEOUT(m_client.backend->health().message.starts_with("polling over HTTP"), 10'000);
        const SourceHealth h = m_client.backend->health();
        QCOMPARE(h.state, SourceHealth::State::Up);
        QVERIFY2(QString::fromStdString(h.message).contains(u"polling over HTTP"_s), h.message.c_str());
        QVERIFY2(QString::fromStdString(h.message).contains(u"403"_s), h.message.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(!checkedPoints().empty(), 10'000);
        const TimestampMs firstNewest = checkedPoints().back().timeMs;
        // Still current: new seconds keep arriving by polling.
        QTRY_VERIFY_WITH_TIMEOUT(
            !checkedPoints().empty() && checkedPoints().back().timeMs >= firstNewest + 2000, 10'000);
        QVERIFY(m_client.backend->stats().polls >= 3);
        QCOMPARE(m_client.backend->stats().liveWindows, 0u);
    }
};

QTEST_GUILESS_MAIN(TestBackendPeer)
#include "tst_backendpeer.moc"
