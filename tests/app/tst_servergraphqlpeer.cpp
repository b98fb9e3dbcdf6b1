// pulseboard-server --serve against a third-party peer: the graphql-ws client (Node, with the `ws` package) from
// tests/peers/node subscribes to points of metrics sent over UDP (StatsD and Influx) and runs a query; a third peer
// subscribes with live: true and gets the live edge. It fails, never skips, when node or the packages are missing:
// scripts/test installs them (npm ci).

#include "serverprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>

using namespace Qt::StringLiterals;
using namespace pulse::test;

namespace {

QString peersDir()
{
    return qEnvironmentVariable("PULSE_SOURCE_DIR") + u"/tests/peers/node"_s;
}

/** The JSON lines a peer printed. */
QList<QJsonObject> jsonLines(const QByteArray& out)
{
    QList<QJsonObject> lines;
    for (const QByteArray& l : out.split('\n'))
        if (const QJsonDocument d = QJsonDocument::fromJson(l); d.isObject())
            lines.append(d.object());
    return lines;
}

} // namespace

class TestServerGraphqlPeer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!QStandardPaths::findExecutable(u"node"_s).isEmpty(),
            "node is not on PATH: scripts/test installs nodejs and npm from Debian");
        QVERIFY2(QFileInfo::exists(peersDir() + u"/node_modules/graphql-ws/package.json"_s),
            "graphql-ws is not installed: run `npm ci` in tests/peers/node (scripts/test does)");
        QVERIFY2(QFileInfo::exists(peersDir() + u"/node_modules/ws/package.json"_s), "ws is not installed");
    }

    void graphqlWsClientReceivesUdpPointsAndQueries()
    {
        ServerProcess server;
        QVERIFY(server.start({ u"--serve"_s, u"127.0.0.1:0"_s, u"--udp"_s, u"127.0.0.1:0"_s, u"--udp"_s,
            u"127.0.0.1:0/influx"_s, u"--no-system"_s }));
        const QList<quint16> udp = server.udpPorts(2);
        QCOMPARE(udp.size(), 2);
        const QRegularExpressionMatch api = server.waitForStderr(u"serving the API on http://127\\.0\\.0\\.1:(\\d+)"_s);
        QVERIFY2(api.hasMatch(), server.stderrText().constData());
        const QString url = u"ws://127.0.0.1:"_s + api.captured(1) + u"/graphql"_s;

        // Two peers: one on a StatsD gauge, one on an Influx field, each filtered by its source tag; a third on the
        // gauge with live: true.
        const auto startPeer = [&](QProcess& p, const QString& name, const QString& source, bool isLive) {
            p.setWorkingDirectory(peersDir());
            p.start(u"node"_s,
                { u"subscribe-client.mjs"_s, u"--url"_s, url, u"--name"_s, name, u"--source"_s, source, u"--count"_s,
                    u"3"_s, u"--timeout"_s, u"60000"_s, u"--live"_s, isLive ? u"true"_s : u"false"_s });
            return p.waitForStarted(10'000);
        };
        QProcess statsdPeer;
        QProcess influxPeer;
        QProcess livePeer;
        QVERIFY(startPeer(statsdPeer, u"peer.load"_s, u"host-a"_s, false));
        QVERIFY(startPeer(influxPeer, u"peer_temp.value"_s, u"host-b"_s, false));
        QVERIFY(startPeer(livePeer, u"peer.load"_s, u"host-a"_s, true));

        // A ledger of lines, a few per second, until both peers are done; other sources must not reach them.
        QUdpSocket udpOut;
        int sent = 0;
        QTimer sender;
        connect(&sender, &QTimer::timeout, this, [&] {
            ++sent;
            const QByteArray n = QByteArray::number(sent);
            udpOut.writeDatagram("peer.load:" + n + "|g|#source:host-a\npeer.load:999|g|#source:other\n",
                QHostAddress::LocalHost, udp[0]);
            udpOut.writeDatagram("peer_temp,source=host-b value=" + n + ".5\npeer_temp,source=other value=-1\n",
                QHostAddress::LocalHost, udp[1]);
        });
        sender.start(200);
        QSignalSpy statsdDone(&statsdPeer, &QProcess::finished);
        QSignalSpy influxDone(&influxPeer, &QProcess::finished);
        QSignalSpy liveDone(&livePeer, &QProcess::finished);
        QVERIFY(statsdDone.wait(90'000) || statsdPeer.state() == QProcess::NotRunning);
        QVERIFY(influxDone.count() > 0 || influxDone.wait(90'000));
        QVERIFY(liveDone.count() > 0 || liveDone.wait(90'000));
        sender.stop();

        for (QProcess* p : { &statsdPeer, &influxPeer, &livePeer }) {
            const bool isLive = p == &livePeer;
            const QByteArray err = p->readAllStandardError();
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, err.constData());
            const QList<QJsonObject> lines = jsonLines(p->readAllStandardOutput());
            QCOMPARE(lines.first()["kind"_L1].toString(), u"connected"_s);
            int points = 0;
            int provisionalPoints = 0;
            int closedAfterTheirLiveEdge = 0;
            QSet<QString> provisionalWindows; // timestamps of windows seen open
            QSet<QString> closedWindows;
            double lastValue = -1e9;
            QString expectedSource = p == &influxPeer ? u"host-b"_s : u"host-a"_s;
            for (const QJsonObject& line : lines) {
                if (line["kind"_L1].toString() != "next"_L1)
                    continue;
                const QJsonObject point = line["point"_L1].toObject();
                const double value = point["value"_L1].toDouble();
                const QString timestamp = point["timestamp"_L1].toString();
                // Only our source: the `other` lines carry 999 and -1.
                QVERIFY2(value > 0 && value < 999, qPrintable(QString::number(value)));
                QVERIFY(!timestamp.isEmpty());
                const QJsonArray tags = point["series"_L1]["tags"_L1].toArray();
                QVERIFY(tags.contains(QJsonObject { { "key"_L1, u"source"_s }, { "value"_L1, expectedSource } }));
                QVERIFY(point["provisional"_L1].isBool());
                if (point["provisional"_L1].toBool()) {
                    QVERIFY2(isLive, "a provisional point reached a subscription without live: true");
                    // The live edge of a window stops once it closes.
                    QVERIFY2(!closedWindows.contains(timestamp), qPrintable(timestamp));
                    provisionalWindows.insert(timestamp);
                    ++provisionalPoints;
                    continue;
                }
                ++points;
                QVERIFY(value >= lastValue); // the ledger counts up, closed windows arrive in order
                lastValue = value;
                closedWindows.insert(timestamp);
                if (provisionalWindows.contains(timestamp))
                    ++closedAfterTheirLiveEdge;
            }
            QCOMPARE(points, 3);
            if (isLive) {
                // Lines every 200 ms, the live edge every ~20 ms, windows closing 2 s late: each window that closed
                // while subscribed was seen open first.
                QVERIFY2(provisionalPoints >= 3, qPrintable(QString::number(provisionalPoints)));
                QVERIFY2(closedAfterTheirLiveEdge >= 1, qPrintable(QString::number(closedAfterTheirLiveEdge)));
            }
            const QJsonObject query = lines.last();
            QCOMPARE(query["kind"_L1].toString(), u"query"_s);
            const QJsonArray history = query["result"_L1]["data"_L1]["metrics"_L1].toArray();
            QVERIFY2(history.size() >= 3, QJsonDocument(query).toJson().constData());
            QVERIFY(!query["result"_L1].toObject().contains("errors"_L1));
        }

        // The server counted the peers on /metrics and stops cleanly.
        QCOMPARE(server.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerGraphqlPeer)
#include "tst_servergraphqlpeer.moc"
