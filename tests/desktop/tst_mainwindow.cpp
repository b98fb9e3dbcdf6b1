#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "dashboard/panelframe.h"
#include "dashboard/panelregistration.h"
#include "document/dashboarddocument.h"
#include "document/editcommands.h"
#include "editing/paneleditor.h"
#include "layout/layoutwriter.h"
#include "mainwindow.h"
#include "panels/panelwidget.h"
#include "panels/tablemodel.h"
#include "panels/tablepanel.h"
#include "recentfiles.h"
#include "shortcutsdialog.h"
#include "statusstrip.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
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

void sendUdp(quint16 port, const QByteArray& payload)
{
    QUdpSocket socket;
    QCOMPARE(socket.writeDatagram(payload, QHostAddress::LocalHost, port), payload.size());
}

/** Answers the next message box with `button` once it is shown (it runs its own event loop). */
void answerMessageBox(QMessageBox::StandardButton button, QString* seenText = nullptr)
{
    auto* timer = new QTimer(qApp);
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, seenText] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || !box->button(button))
            return;
        if (seenText)
            *seenText = box->text() + u'\n' + box->detailedText();
        timer->stop(); // deleteLater alone waits for the outer event loop, which the test does not return to
        timer->deleteLater();
        box->button(button)->click();
    });
    timer->start();
}

QStringList tableSeries(ui::TablePanel* table)
{
    QStringList names;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        names.append(table->model()->index(row, 0).data().toString());
    return names;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"PulseboardTest"_s);
        QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
        ui::registerMorePanelTypes();
    }
    void init() { RecentFiles().clear(); }

    void defaultDashboardShowsAFedCounterWithinSeconds()
    {
        MainWindow window(loopbackOnly());
        window.openDefault();
        window.show();
        QVERIFY(window.controller()->pipeline());
        QCOMPARE(window.controller()->pipelineError(), QString());
        const quint16 port = window.controller()->pipeline()->udpPorts().at(0);
        QVERIFY(port != 0);
        ui::TablePanel* table = nullptr;
        for (int i = 0; i < window.view()->panelCount() && !table; ++i)
            table = qobject_cast<ui::TablePanel*>(window.view()->panelWidget(i));
        QVERIFY(table);
        QVERIFY(!tableSeries(table).contains(u"deploys"_s));

        // Keep sending: the first window closes once the watermark passes it (allowed lateness 2 s).
        QTimer sender;
        connect(&sender, &QTimer::timeout, this, [port] { sendUdp(port, "deploys:1|c"); });
        sender.start(200);
        QTRY_VERIFY_WITH_TIMEOUT(tableSeries(table).contains(u"deploys"_s), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.statusStrip()->sourcesText().contains(u"lines/s"_s), 5000);
        QVERIFY(window.statusStrip()->sourcesText().contains(u"udp:127.0.0.1:%1/statsd"_s.arg(port)));
        QVERIFY(window.controller()->renderer()->stats().ticks > 1);
        // The heartbeat: a wall clock with seconds and what was loaded.
        QVERIFY2(QRegularExpression(u"^\\d\\d:\\d\\d:\\d\\d$"_s).match(window.statusStrip()->clockText()).hasMatch(),
            qPrintable(window.statusStrip()->clockText()));
        QVERIFY2(window.statusStrip()->layoutStatus().startsWith(u"default dashboard loaded "_s),
            qPrintable(window.statusStrip()->layoutStatus()));
    }

    void saveThenLoadIsByteIdenticalAndEditsAreUndoable()
    {
        MainWindow window(loopbackOnly());
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        QCOMPARE(window.document()->panelCount(), 3);
        QVERIFY(!window.isWindowModified());

        QTemporaryDir dir;
        const QString path = dir.filePath(u"saved.json"_s);
        QVERIFY(window.saveTo(path));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray first = saved.readAll();
        QCOMPARE(first, layout::serializeLayout(window.document()->dashboard()));
        QVERIFY(window.openFile(path).dashboard);
        QVERIFY(window.saveTo(path));
        saved.seek(0);
        QCOMPARE(saved.readAll(), first);
        QCOMPARE(window.recentFiles()->files().value(0), path);

        QVERIFY(ui::pushMovePanel(*window.document(), 1, 2, 12));
        QVERIFY(window.document()->isModified());
        QVERIFY(window.isWindowModified());
        QCOMPARE(window.view()->panelWidget(1)->panel().x, 2);
        window.action(u"actionUndo"_s)->trigger();
        QCOMPARE(window.view()->panelWidget(1)->panel().x, 0);
        QVERIFY(!window.document()->isModified());
        window.action(u"actionRedo"_s)->trigger();
        QCOMPARE(window.document()->panel(1).x, 2);
    }

    void keyboardMoveAndRemoveGoThroughTheUndoStack()
    {
        MainWindow window(loopbackOnly());
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.view()->setSelectedIndex(1);
        ui::PanelFrame* frame = window.view()->panelFrame(1);
        frame->setFocus();
        QTest::keyClick(frame, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(window.document()->panel(1).x, 1);
        QTest::keyClick(frame, Qt::Key_Down, Qt::AltModifier | Qt::ShiftModifier);
        QCOMPARE(window.document()->panel(1).h, 9);
        QCOMPARE(window.document()->undoStack()->count(), 2);

        window.action(u"actionRemovePanel"_s)->trigger();
        QCOMPARE(window.document()->panelCount(), 2);
        QCOMPARE(window.view()->panelCount(), 2);
        window.action(u"actionUndo"_s)->trigger();
        QCOMPARE(window.view()->panelCount(), 3);
        QCOMPARE(window.view()->panelWidget(1)->panel().title, u"Probe over time"_s);

        window.view()->setSelectedIndex(0);
        window.action(u"actionDuplicatePanel"_s)->trigger();
        QCOMPARE(window.document()->panelCount(), 4);
        QCOMPARE(window.document()->panel(3).type, layout::PanelType::Stat);
    }

    void thePanelEditorEditsThroughTheUndoStack()
    {
        MainWindow window(loopbackOnly());
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        window.view()->setSelectedIndex(1);
        auto* timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, [timer] {
            auto* editor = qobject_cast<ui::PanelEditor*>(QApplication::activeModalWidget());
            if (!editor)
                return;
            timer->stop();
            timer->deleteLater();
            auto* title = editor->findChild<QLineEdit*>(u"title"_s);
            QVERIFY(title);
            title->setText(u"Renamed"_s);
            QVERIFY(editor->previewWidget());
            editor->accept();
        });
        timer->start(10);
        window.action(u"actionEditPanel"_s)->trigger();
        QCOMPARE(window.document()->panel(1).title, u"Renamed"_s);
        QCOMPARE(window.view()->panelWidget(1)->panel().title, u"Renamed"_s);
        window.action(u"actionUndo"_s)->trigger();
        QCOMPARE(window.document()->panel(1).title, u"Probe over time"_s);
    }

    void droppingAFileOpensIt()
    {
        MainWindow window(loopbackOnly());
        window.openDefault();
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(fixture(u"probe.json"_s)) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QTRY_COMPARE(window.document()->dashboard().title, u"Probe"_s);
        QVERIFY(window.document()->filePath().endsWith(u"probe.json"_s));
    }

    void unsavedChangesAreNotLostSilently()
    {
        MainWindow window(loopbackOnly());
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        window.show();
        QVERIFY(window.confirmDiscard()); // nothing changed: no question
        QVERIFY(ui::pushMovePanel(*window.document(), 0, 0, 20));

        QString text;
        answerMessageBox(QMessageBox::Cancel, &text);
        QVERIFY(!window.openFileInteractively(fixture(u"probe.json"_s)));
        QVERIFY(text.contains(u"not saved"_s));
        QCOMPARE(window.document()->panel(0).y, 20); // kept

        answerMessageBox(QMessageBox::Cancel);
        QVERIFY(!window.close());
        QVERIFY(window.document()->isModified());

        answerMessageBox(QMessageBox::Discard);
        QVERIFY(window.openFileInteractively(fixture(u"probe.json"_s)));
        QCOMPARE(window.document()->panel(0).y, 0);
        QVERIFY(!window.document()->isModified());
    }

    void aBrokenFileOpensWhatIsValidAndSaysWhatIsNot()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"broken.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"schemaVersion\": 1, \"title\": \"B\", \"panels\": ["
                   "{\"type\": \"stat\", \"x\": 0, \"y\": 0, \"w\": 4, \"h\": 4,"
                   " \"queries\": [{\"selector\": \"a\", \"field\": \"p42\"}]},"
                   "{\"type\": \"clock\", \"x\": 4, \"y\": 0, \"w\": 4, \"h\": 4}]}");
        file.close();

        MainWindow window(loopbackOnly());
        QString text;
        answerMessageBox(QMessageBox::Ok, &text);
        QVERIFY(window.openFileInteractively(path));
        QVERIFY(text.contains(u"panels[0].queries[0].field: unknown field \"p42\""_s));
        QCOMPARE(window.document()->dashboard().title, u"B"_s);
        QVERIFY(window.document()->panelCount() >= 1);

        QFile huge(dir.filePath(u"huge.json"_s));
        QVERIFY(huge.open(QIODevice::WriteOnly));
        huge.write(QByteArray(5 * 1024 * 1024, ' '));
        huge.close();
        answerMessageBox(QMessageBox::Ok, &text);
        QVERIFY(!window.openFileInteractively(huge.fileName()));
        QCOMPARE(window.document()->dashboard().title, u"B"_s); // the open dashboard stays
        QVERIFY(!window.recentFiles()->files().contains(huge.fileName()));
    }

    void themeAndTimeRangeAreUndoableSettings()
    {
        MainWindow window(loopbackOnly());
        window.openDefault();
        const QColor dark = QApplication::palette().color(QPalette::Window);
        window.action(u"actionThemelight"_s)->trigger();
        QCOMPARE(window.document()->dashboard().theme, layout::Theme::Light);
        QVERIFY(QApplication::palette().color(QPalette::Window) != dark);
        QVERIFY(window.action(u"actionThemelight"_s)->isChecked());
        window.action(u"actionUndo"_s)->trigger();
        QCOMPARE(QApplication::palette().color(QPalette::Window), dark);
        QVERIFY(window.action(u"actionThemedark"_s)->isChecked());

        window.action(u"actionRange3600"_s)->trigger();
        QCOMPARE(window.document()->dashboard().timeRangeMs, 3'600'000);
        QCOMPARE(window.controller()->renderer()->timeRangeMs(), 3'600'000);
    }

    void changedSourcesRestartThePipelineAndAFailureIsShown()
    {
        SourceOverrides overrides;
        overrides.isSystemDisabled = true;
        MainWindow window(overrides);
        QVERIFY(window.openFile(fixture(u"probe.json"_s)).dashboard);
        const Pipeline* first = window.controller()->pipeline();
        QVERIFY(first);
        QCOMPARE(first->udpPorts().size(), std::size_t(1));

        QUdpSocket squatter;
        QVERIFY(squatter.bind(QHostAddress::LocalHost, 0));
        ui::DashboardSettings settings = ui::DashboardSettings::of(window.document()->dashboard());
        settings.sources[0].listen.port = squatter.localPort();
        QSignalSpy restarted(window.controller(), &DashboardController::pipelineRestarted);
        QVERIFY(ui::pushEditSettings(*window.document(), settings));
        QCOMPARE(restarted.size(), 1);
        QVERIFY(window.controller()->pipeline()); // still running: the pipeline's own metrics keep flowing
        QCOMPARE(window.controller()->pipeline()->udpPorts(), std::vector<std::uint16_t> { 0 }); // not bound
        window.statusStrip()->refresh();
        QVERIFY(window.statusStrip()->errorText().contains(u"Source failed"_s));
        QVERIFY(window.statusStrip()->errorText().contains(QString::number(squatter.localPort())));

        window.action(u"actionUndo"_s)->trigger(); // back to port 0: starts cleanly again
        QCOMPARE(restarted.size(), 2);
        QCOMPARE(window.controller()->pipelineError(), QString());
        QCOMPARE(window.controller()->pipeline()->udpPorts().size(), std::size_t(1));
        window.statusStrip()->refresh();
        QCOMPARE(window.statusStrip()->errorText(), QString());
    }

    void aTakenPortGivesErrorOnExactlyItsPanelsAndRecoversByItself()
    {
        QUdpSocket squatter;
        QVERIFY(squatter.bind(QHostAddress::LocalHost, 0));
        const quint16 takenPort = squatter.localPort();
        SourceOverrides overrides;
        overrides.udp = std::vector<ListenAddress> { *parseListenAddress("127.0.0.1:0").address,
            *parseListenAddress("127.0.0.1:" + std::to_string(takenPort)).address };
        overrides.isSystemDisabled = true;
        QTemporaryDir dir;
        const QString path = dir.filePath(u"two-feeds.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({ "schemaVersion": 1, "title": "Two feeds", "timeRange": { "last": "5m" },
          "sources": [ { "type": "udp", "listen": "127.0.0.1:0/statsd" } ],
          "panels": [
            { "type": "stat", "title": "Alpha", "x": 0, "y": 0, "w": 8, "h": 6,
              "queries": [ { "selector": "alpha.value", "field": "last", "window": { "type": "tumbling", "size": "1s" } } ] },
            { "type": "stat", "title": "Beta", "x": 8, "y": 0, "w": 8, "h": 6,
              "queries": [ { "selector": "beta.value", "field": "last", "window": { "type": "tumbling", "size": "1s" } } ] },
            { "type": "stat", "title": "Load", "x": 16, "y": 0, "w": 8, "h": 6,
              "queries": [ { "selector": "system.load.1", "field": "last", "window": { "type": "tumbling", "size": "1s" } } ] } ] })");
        file.close();

        MainWindow window(overrides);
        window.resize(1200, 600);
        window.show();
        QVERIFY(window.openFile(path).dashboard);
        const Pipeline* pipeline = window.controller()->pipeline();
        QVERIFY(pipeline);
        QCOMPARE(pipeline->udpPorts().size(), std::size_t(2));
        const quint16 alphaPort = pipeline->udpPorts()[0];
        QVERIFY(alphaPort != 0);
        QCOMPARE(pipeline->udpPorts()[1], std::uint16_t(0)); // its port is taken: retried, not fatal

        ui::PanelWidget* alpha = window.view()->panelWidget(0);
        ui::PanelWidget* beta = window.view()->panelWidget(1);
        ui::PanelWidget* load = window.view()->panelWidget(2);
        // Alpha's series arrives through the working listener: it is fed by that one only.
        QTRY_VERIFY_WITH_TIMEOUT(
            (sendUdp(alphaPort, "alpha.value:7|g"), alpha->freshness() == PanelFreshness::Live), 5000);
        QTRY_COMPARE(beta->freshness(), PanelFreshness::Error); // nothing of it seen yet: any listener may feed it
        QVERIFY(beta->data()->error.contains(QString::number(takenPort)));
        QCOMPARE(alpha->freshness(), PanelFreshness::Live);
        QCOMPARE(load->freshness(), PanelFreshness::NoData); // the app's own metrics do not depend on a listener
        QVERIFY(beta->findChild<QLabel*>(u"panelState"_s)->text().startsWith(u"⚠ ERROR: udp:"_s)); // said, not hovered
        // The heartbeat strip gives every source its state: the taken one failed, the other one up.
        window.statusStrip()->refresh();
        const QString takenName = u"udp:127.0.0.1:%1/statsd"_s.arg(takenPort);
        QVERIFY2(window.statusStrip()->sourcesText().contains(u"⚠ "_s + takenName + u" failed"_s),
            qPrintable(window.statusStrip()->sourcesText()));
        QVERIFY(window.statusStrip()->sourcesText().contains(u"● udp:127.0.0.1:%1/statsd"_s.arg(alphaPort)));

        squatter.close(); // the port comes free: the listener binds again by itself
        QTRY_VERIFY_WITH_TIMEOUT(pipeline->udpPorts()[1] == takenPort, 3000);
        QTRY_COMPARE(beta->freshness(), PanelFreshness::NoData);
        QTRY_VERIFY_WITH_TIMEOUT(
            (sendUdp(takenPort, "beta.value:3|g"), beta->freshness() == PanelFreshness::Live), 5000);
        QCOMPARE(alpha->freshness(), PanelFreshness::Live);
        window.statusStrip()->refresh();
        QCOMPARE(window.statusStrip()->errorText(), QString());
        QVERIFY(window.statusStrip()->sourcesText().contains(u"● "_s + takenName));
    }

    void shortcutsAreListedUnderHelp()
    {
        MainWindow window(loopbackOnly());
        ShortcutsDialog dialog(window.allActions());
        QStringList rows;
        for (int row = 0; row < dialog.table()->rowCount(); ++row)
            rows.append(dialog.table()->item(row, 0)->text() + u" = "_s + dialog.table()->item(row, 1)->text());
        const QString all = rows.join(u'\n');
        QVERIFY2(all.contains(u"Save = Ctrl+S"_s), qPrintable(all));
        QVERIFY2(all.contains(u"Undo = Ctrl+Z"_s), qPrintable(all));
        QVERIFY2(all.contains(u"Move the focused panel by one cell"_s), qPrintable(all));
        for (const QAction* action : window.allActions()) {
            if (!action->shortcut().isEmpty())
                QVERIFY2(all.contains(action->text().remove(u'&')), qPrintable(action->text()));
        }
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
