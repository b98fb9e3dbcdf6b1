// One process, several screens: a playlist's `screens` section under Qt's offscreen platform with two screens
// (its own main sets the platform before QApplication exists).

#include "dashboard/dashboardview.h"
#include "document/dashboarddocument.h"
#include "layout/playlist.h"
#include "mainwindow.h"
#include "playlistrunner.h"
#include "screenwall.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QScreen>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

namespace {

void writeFile(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

QByteArray layoutTitled(const QByteArray& title, const QByteArray& sources = "")
{
    return R"({ "schemaVersion": 1, "title": ")" + title + R"(", "sources": [ )" + sources + R"( ],
      "panels": [ { "type": "stat", "title": "Value", "x": 0, "y": 0, "w": 12, "h": 6,
        "queries": [ { "selector": "wall.value", "field": "last", "window": { "type": "tumbling", "size": "1s" } } ] } ] })";
}

QString titleOf(const MainWindow* window)
{
    return window->document()->dashboard().title;
}

} // namespace

class TestScreenWall : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    layout::Playlist playlist(const QByteArray& screens)
    {
        writeFile(m_dir.filePath(u"a.json"_s), layoutTitled("Page A"));
        writeFile(m_dir.filePath(u"b.json"_s), layoutTitled("Page B"));
        writeFile(m_dir.filePath(u"map.json"_s), layoutTitled("Map", R"({ "type": "udp", "listen": "127.0.0.1:0" })"));
        const layout::PlaylistLoadResult loaded = layout::readPlaylist(
            R"({"pages": [{"layout": "a.json"}, {"layout": "b.json"}], "screens": )" + screens + "}", m_dir.path());
        [&] {
            QVERIFY(loaded.playlist);
            QVERIFY(loaded.problems.empty());
        }();
        return loaded.playlist.value_or(layout::Playlist {});
    }

    static SourceOverrides noSystem()
    {
        SourceOverrides o;
        o.isSystemDisabled = true;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCOMPARE(QGuiApplication::screens().size(), 2);
    }

    void aPinnedScreenSharesThePipelineOfTheRotation()
    {
        const layout::Playlist list = playlist(R"([{"screen": 0}, {"screen": 1, "layout": "map.json"}])");
        MainWindow primary(noSystem());
        primary.runPlaylist(list);
        ScreenWall wall(&primary, list, noSystem(), QKeySequence(u"Ctrl+Alt+Q"_s));
        const QList<QScreen*> screens = QGuiApplication::screens();
        QCOMPARE(wall.windowCount(), 1);
        MainWindow* map = wall.windowOn(1);
        QVERIFY(map);
        QCOMPARE(map->screen(), screens[1]);
        QCOMPARE(map->geometry(), screens[1]->geometry()); // kiosk: the whole of its screen
        QVERIFY(map->isKiosk());
        QCOMPARE(primary.screen(), screens[0]);
        QCOMPARE(titleOf(map), u"Map"_s);
        QCOMPARE(titleOf(&primary), u"Page A"_s);
        // One pipeline: the pinned layout's listener runs in it, and the further window draws from its store.
        QVERIFY(primary.controller()->pipeline());
        QCOMPARE(map->controller()->pipeline(), primary.controller()->pipeline());
        QVERIFY(map->controller()->isFollower());
        QCOMPARE(primary.controller()->pipeline()->udpPorts().size(), std::size_t(1));
        // The rotation turns; the pinned screen stays; editing is off there.
        primary.playlistRunner()->next();
        QCOMPARE(titleOf(&primary), u"Page B"_s);
        QCOMPARE(titleOf(map), u"Map"_s);
        QVERIFY(!map->action(u"actionAddPanel"_s)->isEnabled());
        // The pinned file edited on disk is shown again.
        writeFile(
            m_dir.filePath(u"map.json"_s), layoutTitled("Map v2", R"({ "type": "udp", "listen": "127.0.0.1:0" })"));
        QTRY_COMPARE(titleOf(map), u"Map v2"_s);
    }

    void rotatingScreensTurnTogether()
    {
        const layout::Playlist list = playlist(R"([{"screen": 0}, {"screen": 1, "offset": 1}])");
        MainWindow primary(noSystem());
        primary.runPlaylist(list);
        ScreenWall wall(&primary, list, noSystem(), std::nullopt);
        MainWindow* right = wall.windowOn(1);
        QVERIFY(right);
        QCOMPARE(titleOf(&primary), u"Page A"_s);
        QCOMPARE(titleOf(right), u"Page B"_s);
        primary.playlistRunner()->next();
        QCOMPARE(titleOf(&primary), u"Page B"_s);
        QCOMPARE(titleOf(right), u"Page A"_s);
        // Any screen's keys drive the one rotation.
        right->action(u"actionNextPage"_s)->trigger();
        QCOMPARE(titleOf(&primary), u"Page A"_s);
        QCOMPARE(titleOf(right), u"Page B"_s);
    }

    void windowsFollowScreensComingAndGoing()
    {
        const layout::Playlist list = playlist(R"([{"screen": 0}, {"screen": 1, "offset": 1}])");
        MainWindow primary(noSystem());
        primary.runPlaylist(list);
        ScreenWall wall(&primary, list, noSystem(), std::nullopt);
        const QList<QScreen*> screens = QGuiApplication::screens();
        QCOMPARE(wall.windowCount(), 1);
        wall.reconcile({ screens[0] }); // the second monitor unplugged
        QCOMPARE(wall.windowCount(), 0);
        QVERIFY(!wall.windowOn(1));
        primary.playlistRunner()->next(); // the rotation goes on meanwhile
        wall.reconcile(screens); // plugged in again: the window is back, on the page the rotation is at
        QCOMPARE(wall.windowCount(), 1);
        QCOMPARE(wall.windowOn(1)->screen(), screens[1]);
        QCOMPARE(titleOf(wall.windowOn(1)), u"Page A"_s);
    }

    void furtherWindowsDrawFromTheNewPipelineAfterARestart()
    {
        const layout::Playlist list = playlist(R"([{"screen": 0}, {"screen": 1, "layout": "map.json"}])");
        MainWindow primary(noSystem());
        primary.runPlaylist(list);
        ScreenWall wall(&primary, list, noSystem(), std::nullopt);
        const Pipeline* before = primary.controller()->pipeline();
        SourceOverrides changed = primary.controller()->sourceOverrides();
        changed.udp = std::vector<ListenAddress> { *parseListenAddress("127.0.0.1:0").address,
            *parseListenAddress("127.0.0.1:0/influx").address };
        primary.controller()->setSourceOverrides(changed);
        QVERIFY(primary.controller()->pipeline() != before);
        QCOMPARE(wall.windowOn(1)->controller()->pipeline(), primary.controller()->pipeline());
        QTest::qWait(300); // render ticks of both windows against the new store (ASan would catch the old one)
    }
};

int main(int argc, char** argv)
{
    QTemporaryDir dir;
    QFile config(dir.filePath(QStringLiteral("screens.json")));
    if (!config.open(QIODevice::WriteOnly))
        return 1;
    config.write(R"({ "screens": [
        { "name": "left", "x": 0, "y": 0, "width": 800, "height": 600, "logicalDpi": 96, "dpr": 1 },
        { "name": "right", "x": 800, "y": 0, "width": 640, "height": 480, "logicalDpi": 96, "dpr": 1 } ] })");
    config.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.fileName().toUtf8());
    QApplication app(argc, argv);
    TestScreenWall test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_screenwall.moc"
