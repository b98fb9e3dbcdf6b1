// pulseboard-server with --pg, as a process: rows and rollups of a UDP ledger in the test PostgreSQL server, the
// history backfilled after a restart, and the spool while the database is away.

#include "../core/storage/testdatabase.h"
#include "serverprocess.h"
#include "storage/pgmigrations.h"

#include <QDir>
#include <QFileInfo>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <pqxx/pqxx>

#include <random>

using namespace Qt::StringLiterals;
using namespace pulse::test;

namespace {

quint16 closedTcpPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort(); // closed again when server goes out of scope
}

/** 20 counter lines of 5 (sum 100) and 10 timer lines 1..10 in one datagram. */
QByteArray ledgerDatagram()
{
    QByteArray d;
    for (int i = 0; i < 20; ++i)
        d += "pg.orders:5|c|#shop:eu\n";
    for (int i = 1; i <= 10; ++i)
        d += "pg.latency:" + QByteArray::number(i) + "|ms\n";
    return d;
}

} // namespace

class TestServerStorage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ledgerIsWrittenWithRollupsAndBackfilledAfterARestart()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        QTemporaryDir spool;
        QVERIFY(spool.isValid());
        const QStringList args { u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s, u"--pg"_s,
            QString::fromStdString(db.url()), u"--spool-dir"_s, spool.path(), u"--window"_s, u"1s"_s, u"--print"_s };
        {
            ServerProcess server;
            QVERIFY(server.start(args));
            const QList<quint16> ports = server.udpPorts();
            QCOMPARE(ports.size(), 1);
            const QByteArray migrated = "schema version " + QByteArray::number(pulse::PgMigrations::kLatestVersion)
                + " (migrated from 0), plain PostgreSQL";
            QVERIFY2(server.stderrText().contains(migrated), server.stderrText().constData());
            QUdpSocket socket;
            const QByteArray datagram = ledgerDatagram();
            QCOMPARE(socket.writeDatagram(datagram, QHostAddress::LocalHost, ports[0]), qint64(datagram.size()));
            // 1 s rows reach the table once their window closes (after the 2 s lateness).
            QTRY_COMPARE_WITH_TIMEOUT(
                db.scalar("SELECT sum(value) FROM metrics WHERE metric_name = 'pg.orders'"), 100.0, 20'000);
            // The writer's own health is a series too.
            QTRY_VERIFY_WITH_TIMEOUT(
                printedTotal(printedWindows(server.stdoutText()), u"pulse.storage.written"_s, u"sum"_s) > 0, 20'000);
            QCOMPARE(server.terminate(), 0);
            QVERIFY2(server.stderrText().contains(" rows written"), server.stderrText().constData());
            const auto windows = printedWindows(server.stdoutText());
            QVERIFY(printedTotal(windows, u"pulse.storage.up"_s, u"last"_s) > 0); // connected in some window
            QCOMPARE(printedTotal(windows, u"pulse.storage.dropped"_s, u"sum"_s), 0.0);
        }
        // The shutdown wrote the open 10 s, 1 min and 1 h windows: every rollup holds the whole ledger, and the
        // digest types carry percentiles and the serialized digest.
        QCOMPARE(
            db.scalar("SELECT count(*) FROM metrics WHERE metric_name = 'pg.orders' AND tags->>'shop' = 'eu'"), 1.0);
        for (const char* table : { "metrics_10s", "metrics_1m", "metrics_1h" }) {
            const std::string t(table);
            QCOMPARE(db.scalar("SELECT sum(sum) FROM " + t + " WHERE metric_name = 'pg.orders'"), 100.0);
            QCOMPARE(db.scalar("SELECT sum(count) FROM " + t + " WHERE metric_name = 'pg.latency'"), 10.0);
            QCOMPARE(db.scalar("SELECT max(max) FROM " + t + " WHERE metric_name = 'pg.latency'"), 10.0);
            QCOMPARE(db.scalar("SELECT count(*) FROM " + t
                         + " WHERE metric_name = 'pg.latency' AND (p50 IS NULL OR digest IS NULL)"),
                0.0);
            const double p50 = db.scalar("SELECT p50 FROM " + t + " WHERE metric_name = 'pg.latency' LIMIT 1");
            QVERIFY2(p50 >= 4.0 && p50 <= 7.0, qPrintable(QString::number(p50)));
        }
        const double rows = db.scalar("SELECT count(*) FROM metrics");

        // A restart loads the history back into memory before ingest starts.
        ServerProcess again;
        QVERIFY(again.start(args));
        const QRegularExpressionMatch m = again.waitForStderr(u"backfilled (\\d+) series, (\\d+) points"_s);
        QVERIFY2(m.hasMatch(), again.stderrText().constData());
        QVERIFY(!again.udpPorts().isEmpty());
        const QByteArray current
            = "schema version " + QByteArray::number(pulse::PgMigrations::kLatestVersion) + ", plain PostgreSQL";
        QVERIFY2(again.stderrText().contains(current), again.stderrText().constData());
        // pg.orders, pg.latency and the self-metrics of the first run.
        QVERIFY(m.captured(1).toInt() >= 2);
        QVERIFY(m.captured(2).toInt() >= 2);
        // Nothing of the first run was written twice.
        QVERIFY(db.scalar("SELECT count(*) FROM metrics") >= rows);
        QCOMPARE(db.scalar("SELECT sum(value) FROM metrics WHERE metric_name = 'pg.orders'"), 100.0);

        // The same ledger again, within the same hour (and usually the same minute) as the first run: the rollup
        // buckets the first run wrote at its stop get this run's share as rows of their own, so every rollup still
        // holds everything — the share is not dropped as a conflict.
        QUdpSocket socket;
        const QByteArray datagram = ledgerDatagram();
        QCOMPARE(socket.writeDatagram(datagram, QHostAddress::LocalHost, again.udpPorts()[0]), qint64(datagram.size()));
        QTRY_COMPARE_WITH_TIMEOUT(
            db.scalar("SELECT sum(value) FROM metrics WHERE metric_name = 'pg.orders'"), 200.0, 20'000);
        QCOMPARE(again.terminate(), 0);
        for (const char* table : { "metrics_10s", "metrics_1m", "metrics_1h" }) {
            const std::string t(table);
            QCOMPARE(db.scalar("SELECT sum(sum) FROM " + t + " WHERE metric_name = 'pg.orders'"), 200.0);
            QCOMPARE(db.scalar("SELECT sum(count) FROM " + t + " WHERE metric_name = 'pg.latency'"), 20.0);
        }
        // Two runs wrote the hour: two rows for its bucket, told apart by their writer run.
        QVERIFY(db.scalar("SELECT count(DISTINCT writer_run) FROM metrics_1h WHERE metric_name = 'pg.orders'") >= 2.0);
    }

    void unreachableDatabaseSpoolsAndTheSpoolIsExclusive()
    {
        QTemporaryDir spool;
        QVERIFY(spool.isValid());
        // From the environment, where a password may be (the command line is readable by every user).
        QProcessEnvironment env = serverEnvironment();
        env.insert(u"PULSE_PG_URL"_s,
            u"postgresql://pulse:hunter2@127.0.0.1:%1/nowhere?connect_timeout=2"_s.arg(closedTcpPort()));
        const QStringList args { u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s, u"--spool-dir"_s, spool.path(),
            u"--window"_s, u"1s"_s, u"--print"_s };
        ServerProcess server;
        server.process().setProcessEnvironment(env);
        QVERIFY(server.start(args));
        const QList<quint16> ports = server.udpPorts();
        QCOMPARE(ports.size(), 1);
        QVERIFY2(server.stderrText().contains("postgresql://pulse:***@127.0.0.1:"), server.stderrText().constData());
        QVERIFY2(server.stderrText().contains("is not reachable"), server.stderrText().constData());
        QVERIFY(server.stderrText().contains("history not backfilled"));

        // A second server on the same database and spool directory must not share the spool file.
        ServerProcess second;
        second.process().setProcessEnvironment(env);
        QVERIFY(second.start(args));
        QCOMPARE(second.waitForExit(), 1);
        QVERIFY2(second.stderrText().contains("in use by another process"), second.stderrText().constData());

        QUdpSocket socket;
        const QByteArray datagram = ledgerDatagram();
        QCOMPARE(socket.writeDatagram(datagram, QHostAddress::LocalHost, ports[0]), qint64(datagram.size()));
        // The datagram has been taken once the listener's payload counter shows it.
        QTRY_COMPARE_WITH_TIMEOUT(
            printedTotal(printedWindows(server.stdoutText()), u"pulse.ingest.payloads"_s, u"sum"_s), 1.0, 20'000);
        QCOMPARE(server.terminate(), 0);
        const QRegularExpressionMatch kept = QRegularExpression(u"(\\d+) rows kept in (\\S+) for the next start"_s)
                                                 .match(QString::fromUtf8(server.stderrText()));
        QVERIFY2(kept.hasMatch(), server.stderrText().constData());
        QVERIFY(kept.captured(1).toInt() >= 2);
        QVERIFY(kept.captured(2).startsWith(spool.path() + u"/pg-"_s));
        QVERIFY(QFileInfo(kept.captured(2)).size() > 0);
        QVERIFY(!server.stderrText().contains("hunter2"));
    }
};

QTEST_GUILESS_MAIN(TestServerStorage)
#include "tst_serverstorage.moc"
