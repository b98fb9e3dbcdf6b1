// (No "//" inside raw string literals here: moc 6.4 then silently emits nothing for the file.)
// History in PostgreSQL in the desktop app (--pg, `postgres` layout sources): a first window writes what it ingests, a
// second one opened later shows LOADING while it reads that back and then draws it. A real PostgreSQL server (the one
// scripts/test starts) and UDP over loopback.

#include "../core/client/backendfixture.h"
#include "dashboard/dashboardview.h"
#include "layout/layoutreader.h"
#include "ledgerlayout.h"
#include "mainwindow.h"
#include "panels/panelwidget.h"
#include "statusstrip.h"
#include "storage/pgconnection.h"
#include "storage/pghistorysource.h"
#include "storage/storageoutput.h"

#include <QFile>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <pqxx/pqxx>

#include <unistd.h>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

namespace {

QByteArray historyLayout(const QByteArray& extraSource = {})
{
    return test::ledgerLayout(R"({ "type": "udp", "listen": "127.0.0.1:0" })" + extraSource);
}

} // namespace

class TestDesktopHistory : public QObject {
    Q_OBJECT
private:
    std::string m_adminUrl;
    std::string m_url;
    std::string m_database;
    QTemporaryDir m_state;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // The writer's spool goes to $XDG_STATE_HOME/pulseboard/spool: a throw-away one.
        qputenv("XDG_STATE_HOME", m_state.path().toLocal8Bit());
        m_adminUrl = qEnvironmentVariable("PULSE_TEST_PG_URL").toStdString();
        if (m_adminUrl.empty())
            return;
        m_database = "pulse_tst_desktophistory_" + std::to_string(::getpid());
        pqxx::connection admin(m_adminUrl);
        pqxx::nontransaction tx(admin);
        tx.exec0("DROP DATABASE IF EXISTS " + m_database);
        tx.exec0("CREATE DATABASE " + m_database);
        m_url = pgUrlWithDatabase(m_adminUrl, m_database);
    }

    void cleanupTestCase()
    {
        if (m_database.empty())
            return;
        pqxx::connection admin(m_adminUrl);
        pqxx::nontransaction tx(admin);
        tx.exec0("DROP DATABASE IF EXISTS " + m_database + " WITH (FORCE)");
    }

    void theDatabaseComesFromPgThenTheLayoutAndNeverInClientMode()
    {
        const layout::LayoutLoadResult loaded = layout::readLayout(
            historyLayout(", { \"type\": \"postgres\", \"url\": \"postgresql://pulse@db:5432/m\" }"));
        QVERIFY(loaded.dashboard);
        QVERIFY(loaded.problems.empty());
        QCOMPARE(historyDatabaseFor(*loaded.dashboard, {}), std::optional<std::string>("postgresql://pulse@db:5432/m"));
        SourceOverrides pg;
        pg.pg = "postgresql://other@db2/m";
        QCOMPARE(historyDatabaseFor(*loaded.dashboard, pg), pg.pg);
        SourceOverrides client;
        client.connect = "ws://127.0.0.1:1/graphql";
        client.pg = pg.pg;
        QCOMPARE(historyDatabaseFor(*loaded.dashboard, client), std::nullopt);
        const layout::LayoutLoadResult plain = layout::readLayout(historyLayout());
        QVERIFY(plain.dashboard);
        QCOMPARE(historyDatabaseFor(*plain.dashboard, {}), std::nullopt);
    }

    void aSecondWindowShowsLoadingThenWhatTheFirstOneWrote()
    {
        if (m_url.empty())
            QSKIP("PULSE_TEST_PG_URL is unset: run under scripts/test (or source scripts/pg-test-env; pg_test_start)");
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(historyLayout());
        file.close();
        SourceOverrides overrides;
        overrides.isSystemDisabled = true;
        overrides.pg = m_url;

        int lastSent = 0;
        {
            MainWindow first(overrides);
            first.resize(1200, 500);
            first.show();
            QVERIFY(first.openFile(path).dashboard);
            QCOMPARE(first.controller()->pipelineError(), QString());
            QVERIFY(first.controller()->storage());
            test::UdpSender sender(first.controller()->pipeline()->udpPorts().at(0));
            QTimer feed;
            QObject::connect(&feed, &QTimer::timeout, [&] {
                lastSent = 100 + (lastSent + 1) % 50;
                sender.send("ledger.g:" + std::to_string(lastSent) + "|g|#host:x");
            });
            feed.start(50);
            ui::PanelWidget* stat = first.view()->panelWidget(0);
            QTRY_VERIFY_WITH_TIMEOUT(stat->freshness() == PanelFreshness::Live, 15'000);
            // The writer connected (and migrated the empty database by itself) and writes.
            QTRY_VERIFY_WITH_TIMEOUT(first.controller()->storage()->stats().writtenRows > 0, 15'000);
            first.statusStrip()->refresh();
            QVERIFY2(first.statusStrip()->storageText().startsWith(u"⛁ history up"_s),
                qPrintable(first.statusStrip()->storageText()));
            QTest::qWait(2000);
            feed.stop();
            QTest::qWait(200); // the last datagram is in
            first.controller()->shutdown(); // closes every window and writes it (bounded)
        }
        {
            pqxx::connection c(m_url);
            pqxx::read_transaction tx(c);
            QVERIFY(tx.exec1("SELECT count(*) FROM metrics WHERE metric_name = 'ledger.g'")[0].as<int>() >= 2);
        }
        QTest::qWait(1100); // every 1 s window of the first run has ended

        // While the history is held up (a lock on the raw table), the panels say LOADING, not NO DATA.
        pqxx::connection locker(m_url);
        auto lock = std::make_unique<pqxx::work>(locker);
        lock->exec0("LOCK TABLE metrics IN ACCESS EXCLUSIVE MODE");
        MainWindow second(overrides);
        second.resize(1200, 500);
        second.show();
        QVERIFY(second.openFile(path).dashboard);
        ui::PanelWidget* stat = second.view()->panelWidget(0);
        QTRY_VERIFY_WITH_TIMEOUT(stat->freshness() == PanelFreshness::Loading, 10'000);
        QVERIFY(second.view()->panelWidget(1)->freshness() == PanelFreshness::Loading);
        const QString state = stat->findChild<QLabel*>(u"panelState"_s)->text();
        QVERIFY2(state.contains(u"LOADING"_s), qPrintable(state));
        second.statusStrip()->refresh();
        QVERIFY2(second.statusStrip()->sourcesText().contains(u"loading"_s),
            qPrintable(second.statusStrip()->sourcesText()));
        lock->commit();
        lock.reset();

        // Then the first run's data: the last value sent, from the database (nothing is sent to this window).
        QTRY_VERIFY_WITH_TIMEOUT(stat->freshness() != PanelFreshness::Loading, 15'000);
        QVERIFY(stat->data());
        QCOMPARE(stat->data()->lines.size(), 1u);
        QCOMPARE(stat->data()->lines.at(0).lastValue, std::optional<double>(lastSent));
        const PgHistorySource* history = second.controller()->historySource();
        QVERIFY(history);
        QVERIFY(history->stats().windows >= 2u);
        second.statusStrip()->refresh();
        QVERIFY2(!second.statusStrip()->sourcesText().contains(u"loading"_s),
            qPrintable(second.statusStrip()->sourcesText()));
        second.controller()->shutdown();
    }
};

QTEST_MAIN(TestDesktopHistory)
#include "tst_desktophistory.moc"
