#include "layout/playlist.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pulse::layout;
using namespace Qt::StringLiterals;

class TestPlaylist : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pagesResolveAgainstThePlaylistFolder()
    {
        const PlaylistLoadResult result = readPlaylist("{\"dwell\": \"20s\", \"pages\": [{\"layout\": \"a.json\"}, "
                                                       "{\"layout\": \"/abs/b.json\", \"dwell\": \"1m\"},"
                                                       " {\"layout\": \"../c.json\"}]}",
            u"/walls/room1"_s);
        QCOMPARE(result.problems.size(), std::size_t(0));
        QVERIFY(result.playlist);
        const auto& pages = result.playlist->pages;
        QCOMPARE(pages.size(), std::size_t(3));
        QCOMPARE(pages[0].layoutPath, u"/walls/room1/a.json"_s);
        QCOMPARE(pages[0].dwellMs, 20'000);
        QCOMPARE(pages[1].layoutPath, u"/abs/b.json"_s);
        QCOMPARE(pages[1].dwellMs, 60'000);
        QCOMPARE(pages[2].layoutPath, u"/walls/c.json"_s);
    }

    void everyProblemHasItsPathAndTheRestIsKept_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("problems");
        QTest::addColumn<int>("pageCount");
        QTest::addRow("page without layout")
            << QByteArray("{\"pages\": [{\"dwell\": \"5s\"}, {\"layout\": \"a.json\"}]}")
            << QStringList { u"pages[0].layout: missing or not a file name; page dropped"_s } << 1;
        QTest::addRow("dwell too short")
            << QByteArray("{\"pages\": [{\"layout\": \"a.json\", \"dwell\": \"100ms\"}, {\"layout\": \"b.json\"}]}")
            << QStringList { u"pages[0].dwell: expected a duration between 2s and 1d such as \"30s\", got \"100ms\""_s }
            << 1;
        QTest::addRow("dwell not a string")
            << QByteArray("{\"pages\": [{\"layout\": \"a.json\", \"dwell\": 30}]}")
            << QStringList { u"pages[0].dwell: expected a duration between 2s and 1d such as \"30s\", got a value that is not a string"_s,
                   u"pages: no usable page"_s }
            << -1;
        QTest::addRow("unknown keys warn")
            << QByteArray("{\"pages\": [{\"layout\": \"a.json\", \"colour\": 1}], \"speed\": 2}")
            << QStringList { u"speed: unknown key, ignored"_s, u"pages[0].colour: unknown key, ignored"_s } << 1;
        QTest::addRow("page not an object")
            << QByteArray("{\"pages\": [\"a.json\", {\"layout\": \"b.json\"}]}")
            << QStringList { u"pages[0]: expected an object such as {\"layout\": \"a.json\", \"dwell\": \"30s\"}; page dropped"_s }
            << 1;
        QTest::addRow("no pages") << QByteArray("{}") << QStringList { u"pages: missing or not a list"_s } << -1;
        QTest::addRow("not JSON") << QByteArray("{pages")
                                  << QStringList { u"not valid JSON at offset 2: unterminated object"_s } << -1;
    }
    void everyProblemHasItsPathAndTheRestIsKept()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, problems);
        QFETCH(int, pageCount);
        const PlaylistLoadResult result = readPlaylist(json, u"/d"_s);
        QStringList got;
        for (const LayoutProblem& p : result.problems)
            got.append(p.toString());
        QCOMPARE(got.size(), problems.size());
        for (int i = 0; i < got.size(); ++i)
            QVERIFY2(got[i].startsWith(problems[i]), qPrintable(got[i]));
        if (pageCount < 0)
            QVERIFY(!result.playlist);
        else
            QCOMPARE(int(result.playlist->pages.size()), pageCount);
    }

    void screensPlaceRotatingAndPinnedWindows()
    {
        const PlaylistLoadResult result = readPlaylist(R"({"pages": [{"layout": "a.json"}, {"layout": "b.json"}],
            "screens": [{"screen": 1}, {"screen": 0, "offset": 1}, {"screen": 2, "layout": "map.json"}]})",
            u"/walls"_s);
        QCOMPARE(result.problems.size(), std::size_t(0));
        QVERIFY(result.playlist);
        const auto& screens = result.playlist->screens;
        QCOMPARE(screens.size(), std::size_t(3));
        QCOMPARE(screens[0].screen, 1);
        QVERIFY(!screens[0].isPinned());
        QCOMPARE(screens[1].screen, 0);
        QCOMPARE(screens[1].offset, 1);
        QCOMPARE(screens[2].pinnedLayoutPath, u"/walls/map.json"_s);
    }

    void screenProblemsHaveTheirPaths_data()
    {
        QTest::addColumn<QByteArray>("screens");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<int>("screenCount");
        QTest::addRow("not a list") << QByteArray(R"({"screen": 0})") << u"screens: expected a list"_s << 0;
        QTest::addRow("same screen twice") << QByteArray(R"([{"screen": 0}, {"screen": 0, "offset": 1}])")
                                           << u"screens[1].screen: screen 0 is already listed"_s << 1;
        QTest::addRow("negative screen") << QByteArray(R"([{"screen": 0}, {"screen": -1}])")
                                         << u"screens[1].screen: expected a screen number from 0 to 15"_s << 1;
        QTest::addRow("fractional screen") << QByteArray(R"([{"screen": 0}, {"screen": 1.5}])")
                                           << u"screens[1].screen: expected a screen number"_s << 1;
        QTest::addRow("offset beyond the pages") << QByteArray(R"([{"screen": 0}, {"screen": 1, "offset": 2}])")
                                                 << u"screens[1].offset: expected a page offset from 0 to 1"_s << 1;
        QTest::addRow("pinned and offset")
            << QByteArray(R"([{"screen": 0}, {"screen": 1, "offset": 1, "layout": "m.json"}])")
            << u"screens[1]: either \"layout\" (pinned) or \"offset\""_s << 1;
        QTest::addRow("first pinned") << QByteArray(R"([{"screen": 0, "layout": "m.json"}, {"screen": 1}])")
                                      << u"screens[0]: the first screen must rotate"_s << 0;
        QTest::addRow("unknown key") << QByteArray(R"([{"screen": 0, "zoom": 2}])")
                                     << u"screens[0].zoom: unknown key, ignored"_s << 1;
    }
    void screenProblemsHaveTheirPaths()
    {
        QFETCH(QByteArray, screens);
        QFETCH(QString, problem);
        QFETCH(int, screenCount);
        const PlaylistLoadResult result = readPlaylist(
            R"({"pages": [{"layout": "a.json"}, {"layout": "b.json"}], "screens": )" + screens + "}", u"/d"_s);
        QVERIFY(result.playlist); // the pages still play
        QCOMPARE(result.problems.size(), std::size_t(1));
        QVERIFY2(result.problems[0].toString().startsWith(problem), qPrintable(result.problems[0].toString()));
        QCOMPARE(int(result.playlist->screens.size()), screenCount);
    }

    void oversizedAndMissingFilesAreRefused()
    {
        QTemporaryDir dir;
        QFile big(dir.filePath(u"big.json"_s));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(kMaxPlaylistFileBytes + 1, ' '));
        big.close();
        PlaylistLoadResult result = loadPlaylistFile(big.fileName());
        QVERIFY(!result.playlist);
        QVERIFY(result.problems.at(0).message.contains(u"refused"_s));
        result = loadPlaylistFile(dir.filePath(u"missing.json"_s));
        QVERIFY(!result.playlist);
        QVERIFY(result.problems.at(0).message.contains(u"no such file"_s));
    }
};

QTEST_GUILESS_MAIN(TestPlaylist)
#include "tst_playlist.moc"
