#include "desktopoptions.h"

#include <QTest>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

class TestDesktopOptions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validCommandLines()
    {
        const auto command = parseDesktopArguments(
            { u"board.json"_s, u"--udp"_s, u":9000/influx"_s, u"--udp=[::1]:0"_s, u"--no-system"_s, u"--lang"_s,
                u"DE"_s, u"--theme"_s, u"light"_s, u"--screenshot"_s, u"/tmp/x.png"_s, u"--after"_s, u"0.5"_s });
        const auto* options = std::get_if<DesktopOptions>(&command);
        QVERIFY(options);
        QCOMPARE(options->layoutPath, u"board.json"_s);
        QCOMPARE(options->udp.size(), std::size_t(2));
        QCOMPARE(options->udp[0].port, 9000);
        QCOMPARE(options->udp[0].format, PayloadFormat::Influx);
        QCOMPARE(options->udp[0].toString(), std::string("127.0.0.1:9000/influx")); // loopback unless told otherwise
        QCOMPARE(options->udp[1].port, 0);
        QVERIFY(options->isSystemDisabled);
        QCOMPARE(options->language, u"de"_s);
        QCOMPARE(options->theme, layout::Theme::Light);
        QCOMPARE(options->screenshotPath, u"/tmp/x.png"_s);
        QCOMPARE(options->screenshotAfterS, 0.5);
    }

    void defaultsOpenTheShippedDashboard()
    {
        const auto command = parseDesktopArguments({});
        const auto* options = std::get_if<DesktopOptions>(&command);
        QVERIFY(options);
        QVERIFY(options->layoutPath.isEmpty());
        QVERIFY(options->udp.empty());
        QVERIFY(!options->isSystemDisabled);
        QVERIFY(!options->theme);
        QCOMPARE(options->screenshotAfterS, 2.0);
        const auto viaFlag = parseDesktopArguments({ u"--layout"_s, u"a.json"_s });
        QCOMPARE(std::get<DesktopOptions>(viaFlag).layoutPath, u"a.json"_s);
    }

    void kioskAndPlaylist()
    {
        const auto command = parseDesktopArguments(
            { u"--playlist"_s, u"wall.json"_s, u"--kiosk"_s, u"--kiosk-exit"_s, u"ctrl+shift+x"_s });
        const auto* options = std::get_if<DesktopOptions>(&command);
        QVERIFY(options);
        QCOMPARE(options->playlistPath, u"wall.json"_s);
        QVERIFY(options->isKiosk);
        QCOMPARE(options->kioskExitKeys, u"Ctrl+Shift+X"_s);
        const auto plain = parseDesktopArguments({ u"--kiosk"_s });
        QCOMPARE(std::get<DesktopOptions>(plain).kioskExitKeys, u"Ctrl+Alt+Q"_s);
        QVERIFY(!std::get<DesktopOptions>(plain).screen);
        const auto onScreen = parseDesktopArguments({ u"--kiosk"_s, u"--screen"_s, u"1"_s });
        QCOMPARE(std::get<DesktopOptions>(onScreen).screen, std::optional<int>(1));
    }

    void historyDatabaseFromPgOrTheEnvironment()
    {
        const QString url = u"postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&sslrootcert=/etc/ca.pem"_s;
        const auto flag = parseDesktopArguments({ u"--pg"_s, url });
        QCOMPARE(std::get<DesktopOptions>(flag).pg, url.toStdString());
        // $PULSE_PG_URL when --pg is not given; --pg wins over it.
        const auto env = parseDesktopArguments({}, u"postgresql://pulse@env/m"_s);
        QCOMPARE(std::get<DesktopOptions>(env).pg, std::string("postgresql://pulse@env/m"));
        const auto both = parseDesktopArguments({ u"--pg"_s, url }, u"postgresql://pulse@env/m"_s);
        QCOMPARE(std::get<DesktopOptions>(both).pg, url.toStdString());
        // Client mode takes the history from the server: the environment's database is not used then.
        const auto client = parseDesktopArguments(
            { u"--connect"_s, u"ws://127.0.0.1:8080/graphql"_s }, u"postgresql://pulse@env/m"_s);
        QVERIFY(std::get<DesktopOptions>(client).pg.empty());
        // A bad URL in the environment is an error that names where it came from.
        const auto bad = parseDesktopArguments({}, u"postgresql://pulse:secret@env/m"_s);
        QVERIFY(std::holds_alternative<DesktopUsageError>(bad));
        QVERIFY2(std::get<DesktopUsageError>(bad).message.startsWith(u"PULSE_PG_URL "_s),
            qPrintable(std::get<DesktopUsageError>(bad).message));
    }

    void helpAndVersion()
    {
        const auto help = parseDesktopArguments({ u"--help"_s });
        QVERIFY(std::holds_alternative<DesktopHelp>(help));
        const QString text = std::get<DesktopHelp>(help).text;
        QVERIFY(text.startsWith(u"Usage: pulseboard"_s));
        for (const QString& flag : { u"--layout"_s, u"--udp"_s, u"--no-system"_s, u"--pg"_s, u"--lang"_s, u"--theme"_s,
                 u"--screenshot"_s, u"--after"_s })
            QVERIFY2(text.contains(flag), qPrintable(flag));
        QVERIFY(std::holds_alternative<DesktopVersion>(parseDesktopArguments({ u"--version"_s })));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown flag") << QStringList { u"--bogus"_s } << u"Unknown option 'bogus'."_s;
        QTest::addRow("bad udp address") << QStringList { u"--udp"_s, u"nowhere"_s } << u"--udp nowhere: "_s;
        QTest::addRow("udp without value") << QStringList { u"--udp"_s } << u"Missing value after '--udp'."_s;
        QTest::addRow("unknown language") << QStringList { u"--lang"_s, u"xx"_s } << u"--lang xx: unknown language"_s;
        QTest::addRow("unknown theme") << QStringList { u"--theme"_s, u"pink"_s } << u"--theme pink: expected dark"_s;
        QTest::addRow("after without screenshot") << QStringList { u"--after"_s, u"1"_s } << u"--after only"_s;
        QTest::addRow("negative after") << QStringList { u"--screenshot"_s, u"a.png"_s, u"--after"_s, u"-1"_s }
                                        << u"--after -1: expected seconds"_s;
        QTest::addRow("layout and playlist") << QStringList { u"a.json"_s, u"--playlist"_s, u"p.json"_s }
                                             << u"Give either a layout file or --playlist"_s;
        QTest::addRow("kiosk exit without kiosk")
            << QStringList { u"--kiosk-exit"_s, u"Ctrl+Q"_s } << u"--kiosk-exit only makes sense"_s;
        QTest::addRow("kiosk exit not a chord") << QStringList { u"--kiosk"_s, u"--kiosk-exit"_s, u"Ctrl+Bogus"_s }
                                                << u"--kiosk-exit Ctrl+Bogus: expected one key chord"_s;
        QTest::addRow("screen not a number")
            << QStringList { u"--screen"_s, u"left"_s } << u"--screen left: expected"_s;
        QTest::addRow("negative screen") << QStringList { u"--screen"_s, u"-1"_s } << u"--screen -1: expected"_s;
        QTest::addRow("two files") << QStringList { u"a.json"_s, u"b.json"_s } << u"Only one layout file"_s;
        QTest::addRow("pg with a password")
            << QStringList { u"--pg"_s, u"postgresql://u:pw@h/db"_s } << u"--pg postgresql://u:pw@h/db: "_s;
        QTest::addRow("pg not a URL") << QStringList { u"--pg"_s, u"host=h dbname=x"_s } << u"--pg host=h dbname=x: "_s;
        QTest::addRow("pg with connect") << QStringList { u"--connect"_s, u"ws://127.0.0.1:8080/graphql"_s, u"--pg"_s,
            u"postgresql://u@h/db"_s } << u"--connect takes the data (and its history)"_s;
        QTest::addRow("file twice") << QStringList { u"a.json"_s, u"--layout"_s, u"b.json"_s }
                                    << u"Give the layout file either as FILE"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const auto command = parseDesktopArguments(arguments);
        const auto* error = std::get_if<DesktopUsageError>(&command);
        QVERIFY(error);
        QVERIFY2(error->message.startsWith(message), qPrintable(error->message));
    }
};

QTEST_GUILESS_MAIN(TestDesktopOptions)
#include "tst_desktopoptions.moc"
