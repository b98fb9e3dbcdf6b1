// Client mode in the desktop app: `--connect` (SourceOverrides::connect) and `backend` layout sources. The backend is
// a real API server over loopback (the server's pipeline and ApiServer in this process, fed over UDP).

#include "../core/client/backendfixture.h"
#include "dashboard/dashboardview.h"
#include "layout/layoutreader.h"
#include "layout/layoutwriter.h"
#include "ledgerlayout.h"
#include "mainwindow.h"
#include "panels/panelwidget.h"
#include "statusstrip.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

class TestDesktopClient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void backendSourcesRoundTripThroughTheLayoutFile_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<bool>("isValid");
        QTest::addRow("plain") << QByteArray("ws://10.1.2.3:8080/graphql") << true;
        QTest::addRow("token from the environment")
            << QByteArray("ws://wall:8080/graphql?token=env:WALL_TOKEN") << true;
        QTest::addRow("literal token") << QByteArray("ws://wall:8080/graphql?token=hunter2") << false;
        QTest::addRow("tls") << QByteArray("wss://wall/graphql") << false;
    }
    void backendSourcesRoundTripThroughTheLayoutFile()
    {
        QFETCH(QByteArray, url);
        QFETCH(bool, isValid);
        const layout::LayoutLoadResult loaded
            = layout::readLayout(test::ledgerLayout(R"({ "type": "backend", "url": ")" + url + R"(" })"));
        QVERIFY(loaded.dashboard);
        if (!isValid) {
            QVERIFY(loaded.dashboard->sources.empty());
            QVERIFY(!loaded.problems.empty());
            QCOMPARE(loaded.problems.front().path, u"sources[0].url"_s);
            return;
        }
        QVERIFY(loaded.problems.empty());
        const layout::LayoutLoadResult again = layout::readLayout(layout::serializeLayout(*loaded.dashboard));
        QVERIFY(again.dashboard);
        QCOMPARE(again.dashboard->sources.at(0).type, layout::SourceType::Backend);
        QCOMPARE(backendSourcesFor(*again.dashboard, {}), std::vector<std::string> { url.toStdString() });
        // A backend among the sources: pulse.* are the server's, so this process keeps its own out of the store.
        QVERIFY(!pipelineConfigFor(*again.dashboard, {}).hasSelfMetrics);
        // --connect wins over every source of the layout.
        SourceOverrides connect;
        connect.connect = "ws://127.0.0.1:1/graphql";
        QCOMPARE(backendSourcesFor(*again.dashboard, connect), std::vector<std::string> { *connect.connect });
        QVERIFY(kafkaSourcesFor(*again.dashboard, connect).empty());
        QCOMPARE(panelSelectors(*again.dashboard), (std::vector<std::string> { "ledger.*", "ledger.g{host=x}" }));
    }

    void connectedWallGoesLiveShowsReconnectingAndComesBack()
    {
        const std::uint16_t apiPort = test::freeTcpPort();
        test::TestServer server;
        const auto error = server.start(apiPort);
        QVERIFY2(!error, error ? error->c_str() : "");
        test::UdpSender sender(server.udpPort);
        QTimer feed;
        int value = 0;
        QObject::connect(&feed, &QTimer::timeout,
            [&] { sender.send("ledger.g:" + std::to_string(++value % 50 + 100) + "|g|#host:x"); });
        feed.start(50);

        QTemporaryDir dir;
        const QString path = dir.filePath(u"wall.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(test::ledgerLayout(R"({ "type": "udp", "listen": "127.0.0.1:0" })"));
        file.close();

        SourceOverrides overrides;
        overrides.connect = "ws://127.0.0.1:" + std::to_string(apiPort) + "/graphql";
        MainWindow window(overrides);
        window.resize(1200, 500);
        window.show();
        QVERIFY(window.openFile(path).dashboard);
        const Pipeline* pipeline = window.controller()->pipeline();
        QVERIFY(pipeline);
        QCOMPARE(window.controller()->pipelineError(), QString());
        // No local ingest at all: the layout's UDP listener is not opened, only the backend.
        QVERIFY(pipeline->udpPorts().empty());
        QVERIFY(!pipeline->config().hasSystemCollector);
        const std::string name = pipeline->sources().back().name;
        QVERIFY2(name.starts_with("backend:127.0.0.1:"), name.c_str());

        ui::PanelWidget* stat = window.view()->panelWidget(0);
        QTRY_VERIFY_WITH_TIMEOUT(stat->freshness() == PanelFreshness::Live, 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(stat->data()->lines.at(0).lastValue.value_or(0) >= 100, 5000);
        const QString sourceName = QString::fromStdString(name);
        QTRY_VERIFY_WITH_TIMEOUT(
            (window.statusStrip()->refresh(), window.statusStrip()->sourcesText().contains(u"● "_s + sourceName)),
            5000);

        // The server's API goes away: the panels fed by the backend say RECONNECTING, and so does the strip.
        server.api->stop();
        QTRY_VERIFY_WITH_TIMEOUT(stat->freshness() == PanelFreshness::Reconnecting, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.view()->panelWidget(1)->freshness() == PanelFreshness::Reconnecting, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            (window.statusStrip()->refresh(), window.statusStrip()->sourcesText().contains(u"↻ "_s + sourceName)),
            5000);
        // Back by itself once the server is.
        QVERIFY(!server.api->start());
        QTRY_VERIFY_WITH_TIMEOUT(stat->freshness() == PanelFreshness::Live, 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            (window.statusStrip()->refresh(), window.statusStrip()->sourcesText().contains(u"● "_s + sourceName)),
            5000);
        feed.stop();
        window.controller()->shutdown();
        server.stop();
    }
};

QTEST_MAIN(TestDesktopClient)
#include "tst_desktopclient.moc"
