// HOLD, kiosk mode and playlists of the desktop app, in-process on the offscreen platform.

#include "dashboard/dashboardview.h"
#include "dashboard/panelframe.h"
#include "dashboard/panelregistration.h"
#include "document/dashboarddocument.h"
#include "document/editcommands.h"
#include "holdbanner.h"
#include "mainwindow.h"
#include "panels/panelwidget.h"
#include "playlistrunner.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QShortcut>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>
#include <QUndoStack>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

namespace {

QString fixture(const QString& name)
{
    return qEnvironmentVariable("PULSE_SOURCE_DIR") + u"/tests/desktop/fixtures/"_s + name;
}

SourceOverrides loopbackOnly()
{
    SourceOverrides o;
    o.udp = std::vector<ListenAddress> { *parseListenAddress("127.0.0.1:0").address };
    o.isSystemDisabled = true;
    return o;
}

/** A one-stat layout on probe.value; `critical` adds a critical threshold at 40. */
QByteArray pageJson(const QString& title, bool critical)
{
    QString json
        = u"{\"schemaVersion\": 1, \"title\": \"%1\", \"sources\": [{\"type\": \"udp\", \"listen\": \"127.0.0.1:0\"}],"
          " \"panels\": [{\"type\": \"stat\", \"title\": \"Probe %1\", \"x\": 0, \"y\": 0, \"w\": 8, \"h\": 4,"
          " \"queries\": [{\"selector\": \"probe.value\", \"field\": \"last\", \"window\": {\"type\": \"tumbling\", \"size\": \"1s\"}}]"_s
              .arg(title);
    if (critical)
        json
            += u", \"thresholds\": [{\"value\": 0, \"severity\": \"ok\"}, {\"value\": 40, \"severity\": \"critical\"}]"_s;
    json += u"}]}"_s;
    return json.toUtf8();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path + u".tmp"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    file.close();
    QFile::remove(path);
    QVERIFY(QFile::rename(file.fileName(), path)); // as editors save: a new file replaces the old
}

} // namespace

class TestWallDisplay : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        ui::registerMorePanelTypes();
    }

    void holdFreezesThePanelsWhileIngestContinues()
    {
        MainWindow window(loopbackOnly());
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        window.show();
        const quint16 port = window.controller()->pipeline()->udpPorts().at(0);
        QUdpSocket sender;
        QTimer feed;
        connect(&feed, &QTimer::timeout, this,
            [&] { sender.writeDatagram("probe.value:7|g", QHostAddress::LocalHost, port); });
        feed.start(100);
        ui::PanelWidget* stat = window.view()->panelWidget(0);
        QTRY_VERIFY_WITH_TIMEOUT(
            stat->data() && !stat->data()->lines.empty() && stat->data()->lines[0].lastValue, 10'000);

        window.action(u"actionHold"_s)->trigger();
        QVERIFY(window.isHeld());
        QVERIFY(window.holdBanner()->isVisible());
        QVERIFY(window.holdBanner()->text().contains(u"HOLD"_s));
        QCOMPARE(stat->freshness(), PanelFreshness::Hold);
        const auto heldStamp = stat->data()->stamp;
        const auto storedBefore = window.controller()->pipeline()->store().stats().pointsStored;
        QTRY_VERIFY_WITH_TIMEOUT(
            window.controller()->pipeline()->store().stats().pointsStored > storedBefore + 2, 5000);
        QTest::qWait(1200); // a render tick evaluates every panel at least once a second
        QCOMPARE(stat->data()->stamp, heldStamp); // ingest went on, the screen did not

        // Panels rebuilt while held stay held.
        window.document()->reset(window.document()->dashboard(), window.document()->filePath());
        QCOMPARE(window.view()->panelWidget(0)->freshness(), PanelFreshness::Hold);

        window.action(u"actionHold"_s)->trigger();
        QVERIFY(!window.isHeld());
        QVERIFY(!window.holdBanner()->isVisible());
        QTRY_VERIFY(window.view()->panelWidget(0)->freshness() != PanelFreshness::Hold);
    }

    void kioskHasNoMenusNoEditingAndSurvivesReloads()
    {
        MainWindow window(loopbackOnly());
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        window.setKioskMode(QKeySequence(u"Ctrl+Alt+Q"_s));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isKiosk());
        QVERIFY(!window.menuBar()->isVisible());
        QVERIFY(!window.action(u"actionSettings"_s)->isVisible());
        QVERIFY(!window.action(u"actionEditPanel"_s)->isEnabled());
        auto* exit = window.findChild<QShortcut*>(u"kioskExit"_s);
        QVERIFY(exit);
        QCOMPARE(exit->key(), QKeySequence(u"Ctrl+Alt+Q"_s));

        ui::PanelFrame* frame = window.view()->panelFrame(1);
        frame->setFocus();
        QTest::keyClick(frame, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(window.document()->panel(1).x, 0); // no editing in kiosk
        QCOMPARE(window.document()->undoStack()->count(), 0);

        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard); // a reload keeps kiosk
        window.view()->setSelectedIndex(0);
        QVERIFY(!window.menuBar()->isVisible());
        QVERIFY(!window.action(u"actionEditPanel"_s)->isEnabled());

        // The cursor hides after 3 s without mouse movement.
        QTRY_VERIFY_WITH_TIMEOUT(
            QGuiApplication::overrideCursor() && QGuiApplication::overrideCursor()->shape() == Qt::BlankCursor, 6000);
        QTest::mouseMove(window.view(), QPoint(20, 20));
        QTRY_VERIFY(!QGuiApplication::overrideCursor());
    }

    void zoomWithKeysInKioskAndHoldWhileTheTickFeedsIt()
    {
        MainWindow window(loopbackOnly());
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        window.setKioskMode(QKeySequence(u"Ctrl+Alt+Q"_s));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        ui::DashboardView* view = window.view();
        const quint16 port = window.controller()->pipeline()->udpPorts().at(0);
        QUdpSocket sender;
        QTimer feed;
        double value = 1;
        connect(&feed, &QTimer::timeout, this, [&] {
            value += 1;
            sender.writeDatagram("probe.value:" + QByteArray::number(value) + "|g", QHostAddress::LocalHost, port);
        });
        feed.start(100);

        // Keyboard only: Tab to the time series, Z zooms it over the whole dashboard.
        view->panelFrame(0)->setFocus(Qt::TabFocusReason);
        for (int press = 0; press < 20 && view->selectedIndex() != 1; ++press)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(view->selectedIndex(), 1);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z);
        QCOMPARE(view->zoomedIndex(), 1);
        QVERIFY(window.action(u"actionZoomPanel"_s)->isChecked());
        QCOMPARE(view->panelFrame(1)->geometry(), QRect(QPoint(0, 0), view->viewport()->size()));
        QVERIFY(view->panelFrame(0)->isHidden() && !view->panelWidget(0)->isOnScreen());

        // The render tick keeps feeding the zoomed panel.
        ui::PanelWidget* series = view->panelWidget(1);
        QTRY_VERIFY_WITH_TIMEOUT(series->data() && !series->data()->lines.empty(), 10'000);
        const auto stamp = series->data()->stamp;
        QTRY_VERIFY_WITH_TIMEOUT(series->data()->stamp != stamp, 10'000);

        // Esc returns to the grid; Z zooms again, also while held, and Z returns.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QCOMPARE(view->zoomedIndex(), -1);
        QVERIFY(!view->panelFrame(0)->isHidden());
        QVERIFY(view->panelFrame(1)->hasFocusWithin());
        window.action(u"actionHold"_s)->trigger();
        QVERIFY(window.isHeld());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z);
        QCOMPARE(view->zoomedIndex(), 1);
        QCOMPARE(series->freshness(), PanelFreshness::Hold);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z);
        QCOMPARE(view->zoomedIndex(), -1);
        QCOMPARE(view->panelFrame(1)->geometry(),
            ui::DashboardView::pixelRect(QRect(0, 12, 12, 8), view->viewport()->width()));
        window.action(u"actionHold"_s)->trigger();
    }

    void displayScaleFollowsTheProfileAndThePhysicalDpi_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("minTextMm");
        QTest::addColumn<double>("physicalDpi");
        QTest::addColumn<double>("expected");
        // 10 pt at 96 logical DPI = 13.33 px; at 96 physical DPI that is 3.53 mm on the glass.
        using Kind = layout::DisplayProfile::Kind;
        QTest::addRow("desk never shrinks") << int(Kind::Desk) << 0.0 << 96.0 << 1.0;
        QTest::addRow("room") << int(Kind::Room) << 0.0 << 96.0 << 5 / 3.5278;
        QTest::addRow("wall") << int(Kind::Wall) << 0.0 << 96.0 << 10 / 3.5278;
        QTest::addRow("wall on a dense 4K panel") << int(Kind::Wall) << 0.0 << 192.0 << 10 / 1.7639;
        QTest::addRow("custom 7 mm") << int(Kind::Custom) << 7.0 << 96.0 << 7 / 3.5278;
    }
    void displayScaleFollowsTheProfileAndThePhysicalDpi()
    {
        QFETCH(int, kind);
        QFETCH(double, minTextMm);
        QFETCH(double, physicalDpi);
        QFETCH(double, expected);
        layout::DisplayProfile profile;
        profile.kind = layout::DisplayProfile::Kind(kind);
        profile.minTextMm = minTextMm;
        const double scale = displayScale(profile, 10, 96, physicalDpi);
        QVERIFY2(std::abs(scale - expected) < 0.01, qPrintable(QString::number(scale)));
    }

    void aWallProfileDrawsLargerTextThanADeskProfile()
    {
        MainWindow window(loopbackOnly());
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        window.show();
        const double deskPt = window.view()->font().pointSizeF();
        const QImage desk = window.grab().toImage();
        ui::DashboardSettings settings = ui::DashboardSettings::of(window.document()->dashboard());
        settings.display.kind = layout::DisplayProfile::Kind::Wall;
        QVERIFY(ui::pushEditSettings(*window.document(), settings));
        QVERIFY2(window.view()->font().pointSizeF() > deskPt * 1.5,
            qPrintable(u"%1 -> %2, scale %3"_s.arg(deskPt)
                           .arg(window.view()->font().pointSizeF())
                           .arg(window.controller()->theme().fontScale)));
        QVERIFY(window.controller()->theme().fontScale > 1.5);
        QVERIFY(window.grab().toImage() != desk);
    }

    void playlistRotatesReloadsAndHoldsOnAlarmUntilAcknowledged()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(u"a.json"_s), pageJson(u"A"_s, false));
        writeFile(dir.filePath(u"b.json"_s), pageJson(u"B"_s, true));
        layout::Playlist playlist;
        playlist.pages = { { dir.filePath(u"a.json"_s), 2000 }, { dir.filePath(u"b.json"_s), 2000 } };

        SourceOverrides overrides;
        overrides.isSystemDisabled = true;
        MainWindow window(overrides);
        window.show();
        window.runPlaylist(playlist);
        PlaylistRunner* runner = window.playlistRunner();
        QVERIFY(runner);
        QCOMPARE(window.document()->dashboard().title, u"A"_s);
        QVERIFY(!window.action(u"actionSettings"_s)->isVisible()); // a playlist is not edited in place
        const Pipeline* pipeline = window.controller()->pipeline();
        QVERIFY(pipeline);
        auto* status = window.findChild<QLabel*>(u"playlistStatus"_s);
        QVERIFY(status);
        QTRY_VERIFY(status->text().contains(u"Page 1 of 2"_s));

        QTRY_COMPARE_WITH_TIMEOUT(window.document()->dashboard().title, u"B"_s, 5000);
        QCOMPARE(window.controller()->pipeline(), pipeline); // same sources: the pipeline and its history stay
        QTRY_COMPARE_WITH_TIMEOUT(window.document()->dashboard().title, u"A"_s, 5000);
        window.action(u"actionNextPage"_s)->trigger();
        QCOMPARE(window.document()->dashboard().title, u"B"_s);
        window.action(u"actionPreviousPage"_s)->trigger();
        QCOMPARE(window.document()->dashboard().title, u"A"_s);

        // Editing page A on disk reloads it while it is shown.
        writeFile(dir.filePath(u"a.json"_s), pageJson(u"A2"_s, false));
        QTRY_COMPARE_WITH_TIMEOUT(window.document()->dashboard().title, u"A2"_s, 3000);

        // A critical value on page B: rotation jumps there and stays until acknowledged.
        const quint16 port = pipeline->udpPorts().at(0);
        QUdpSocket sender;
        QTimer feed;
        connect(&feed, &QTimer::timeout, this,
            [&] { sender.writeDatagram("probe.value:55|g", QHostAddress::LocalHost, port); });
        feed.start(100);
        QTRY_VERIFY_WITH_TIMEOUT(runner->isHeldByAlarm(), 10'000);
        QCOMPARE(window.document()->dashboard().title, u"B"_s);
        QVERIFY(status->text().contains(u"ALARM"_s));
        QVERIFY(status->text().contains(u"Probe B"_s));
        QTest::qWait(3000); // longer than the dwell: still held
        QCOMPARE(window.document()->dashboard().title, u"B"_s);
        window.action(u"actionNextPage"_s)->trigger(); // paging does not override an alarm
        QCOMPARE(window.document()->dashboard().title, u"B"_s);

        QTest::keyClick(&window, Qt::Key_A);
        QVERIFY(!runner->isHeldByAlarm());
        // Still critical, but not newly: rotation resumes.
        QTRY_COMPARE_WITH_TIMEOUT(window.document()->dashboard().title, u"A2"_s, 5000);
    }
};

QTEST_MAIN(TestWallDisplay)
#include "tst_walldisplay.moc"
