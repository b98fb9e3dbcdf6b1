// The real `pulseboard` binary as a child process under the offscreen platform.

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>

using namespace Qt::StringLiterals;

namespace {

QString binary()
{
    return qEnvironmentVariable("PULSE_BIN_DIR") + u"/pulseboard"_s;
}

QString fixture(const QString& name)
{
    return qEnvironmentVariable("PULSE_SOURCE_DIR") + u"/tests/desktop/fixtures/"_s + name;
}

quint16 freeUdpPort()
{
    QUdpSocket probe;
    if (!probe.bind(QHostAddress::LocalHost, 0))
        return 0;
    return probe.localPort();
}

/** Pixels within a small distance of `colour` (anti-aliasing blends the edges of text). */
int pixelsNear(const QImage& image, QColor colour)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = line[x];
            if (std::abs(qRed(p) - colour.red()) + std::abs(qGreen(p) - colour.green())
                    + std::abs(qBlue(p) - colour.blue())
                < 40)
                ++count;
        }
    }
    return count;
}

struct Run {
    int exitCode = -1;
    QByteArray stderrText;
};

/** `env` entries win over the defaults (QT_QPA_PLATFORM=offscreen, a throw-away HOME). */
Run runPulseboard(const QStringList& arguments, const std::function<void()>& whileRunning = {},
    const QList<std::pair<QString, QString>>& envOverrides = {})
{
    QProcess process;
    process.setProgram(binary());
    process.setArguments(arguments);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    const auto& extraEnv = envOverrides;
    QTemporaryDir home;
    env.insert(u"HOME"_s, home.path()); // recent files and settings stay out of the real home
    env.insert(u"XDG_CONFIG_HOME"_s, home.path());
    for (const auto& [name, value] : extraEnv)
        env.insert(name, value);
    process.setProcessEnvironment(env);
    process.start();
    if (!process.waitForStarted())
        return {};
    QTimer feeder;
    if (whileRunning) {
        QObject::connect(&feeder, &QTimer::timeout, &feeder, whileRunning);
        feeder.start(100);
    }
    QElapsedTimer clock;
    clock.start();
    while (process.state() != QProcess::NotRunning && clock.elapsed() < 60'000)
        QTest::qWait(50);
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardError() };
}

/** An Xvfb with two X screens (1280×800 and 1024×768; Qt's xcb sees two QScreens) on a free display number. */
class TwoScreenXvfb {
public:
    TwoScreenXvfb()
    {
        for (int n = 90; n < 200; ++n) {
            if (QFile::exists(u"/tmp/.X%1-lock"_s.arg(n)) || QFile::exists(u"/tmp/.X11-unix/X%1"_s.arg(n)))
                continue;
            m_display = n;
            break;
        }
        m_process.setProgram(u"Xvfb"_s);
        m_process.setArguments({ u":%1"_s.arg(m_display), u"-screen"_s, u"0"_s, u"1280x800x24"_s, u"-screen"_s, u"1"_s,
            u"1024x768x24"_s, u"-nolisten"_s, u"tcp"_s });
        m_process.start();
    }
    ~TwoScreenXvfb()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    /** Started and accepting connections (its socket exists). */
    bool waitReady()
    {
        if (!m_process.waitForStarted())
            return false;
        const QString socket = u"/tmp/.X11-unix/X%1"_s.arg(m_display);
        for (int i = 0; i < 200 && !QFile::exists(socket) && m_process.state() == QProcess::Running; ++i)
            QTest::qWait(50);
        return QFile::exists(socket) && m_process.state() == QProcess::Running;
    }
    QString display() const { return u":%1"_s.arg(m_display); }

private:
    int m_display = 0;
    QProcess m_process;
};

QSize pngSize(const QString& path)
{
    return QImage(path).size();
}

} // namespace

class TestDesktopProcess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void screenshotShowsTheValueFedOverUdp()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(u"fed.png"_s);
        const quint16 port = freeUdpPort();
        QVERIFY(port != 0);
        QUdpSocket sender;
        const Run run = runPulseboard({ fixture(u"probe.json"_s), u"--udp"_s, u"127.0.0.1:%1"_s.arg(port),
                                          u"--no-system"_s, u"--screenshot"_s, png, u"--after"_s, u"5"_s },
            [&] { sender.writeDatagram("probe.value:42|g", QHostAddress::LocalHost, port); });
        QVERIFY2(run.exitCode == 0, run.stderrText.constData());
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);
        // 42 is past the critical threshold at 40, whose colour is #ff00ff: the stat draws the value in it.
        QVERIFY2(pixelsNear(image, QColor(0xff, 0x00, 0xff)) > 300,
            qPrintable(u"magenta pixels: %1"_s.arg(pixelsNear(image, QColor(0xff, 0x00, 0xff)))));
        QCOMPARE(pixelsNear(image, QColor(0x00, 0xff, 0x00)), 0);
    }

    void withoutDataTheThresholdColourNeverAppears()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(u"idle.png"_s);
        const Run run = runPulseboard({ fixture(u"probe.json"_s), u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s,
            u"--screenshot"_s, png, u"--after"_s, u"1"_s, u"--theme"_s, u"light"_s });
        QVERIFY2(run.exitCode == 0, run.stderrText.constData());
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(pixelsNear(image, QColor(0xff, 0x00, 0xff)), 0);
        // The light theme: mostly light pixels.
        const QRgb corner = image.pixel(image.width() / 2, image.height() - 40);
        QVERIFY2(qGray(corner) > 128, qPrintable(QString::number(qGray(corner))));
    }

    void badFlagsAndBadLayoutsExitNonZeroWithAMessage()
    {
        Run run = runPulseboard({ u"--udp"_s, u"nowhere"_s });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.stderrText.contains("--udp nowhere"), run.stderrText.constData());

        QTemporaryDir dir;
        QFile bad(dir.filePath(u"bad.json"_s));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(
            "{\"schemaVersion\": 1, \"panels\": [{\"type\": \"sparkle\", \"x\": 0, \"y\": 0, \"w\": 1, \"h\": 1}]}");
        bad.close();
        run = runPulseboard({ bad.fileName(), u"--screenshot"_s, dir.filePath(u"x.png"_s) });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.stderrText.contains("panels[0].type"), run.stderrText.constData());
        QVERIFY(!QFile::exists(dir.filePath(u"x.png"_s)));

        QFile newer(dir.filePath(u"newer.json"_s));
        QVERIFY(newer.open(QIODevice::WriteOnly));
        newer.write("{\"schemaVersion\": 99}");
        newer.close();
        run = runPulseboard({ newer.fileName() });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.stderrText.contains("newer"), run.stderrText.constData());

        run = runPulseboard({ u"--help"_s });
        QCOMPARE(run.exitCode, 0);
    }

    void screenPutsTheKioskWindowOnThatScreen()
    {
        TwoScreenXvfb xvfb;
        QVERIFY2(xvfb.waitReady(), "Xvfb (Debian package xvfb) did not start");
        const QList<std::pair<QString, QString>> x11 { { u"QT_QPA_PLATFORM"_s, u"xcb"_s },
            { u"DISPLAY"_s, xvfb.display() } };
        QTemporaryDir dir;
        // Full screen on the screen named: the window (and so the screenshot of it) is that screen's size.
        for (const auto& [screen, size] : { std::pair { 0, QSize(1280, 800) }, std::pair { 1, QSize(1024, 768) } }) {
            const QString png = dir.filePath(u"screen%1.png"_s.arg(screen));
            const Run run = runPulseboard({ u"--kiosk"_s, u"--no-system"_s, u"--screen"_s, QString::number(screen),
                                              u"--screenshot"_s, png, u"--after"_s, u"1"_s },
                {}, x11);
            QVERIFY2(run.exitCode == 0, run.stderrText.constData());
            QCOMPARE(pngSize(png), size);
        }
        // A playlist's screens section: one full-screen window per screen in one process, each its screen's size.
        const auto write = [&](const QString& name, const QByteArray& text) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        write(u"a.json"_s, R"({ "schemaVersion": 1, "title": "A", "panels": [] })");
        write(u"map.json"_s, R"({ "schemaVersion": 1, "title": "Map", "panels": [] })");
        write(u"wall.json"_s, R"({ "pages": [ { "layout": "a.json" } ],
            "screens": [ { "screen": 0 }, { "screen": 1, "layout": "map.json" } ] })");
        const QString wallPng = dir.filePath(u"wall.png"_s);
        const Run wall = runPulseboard({ u"--kiosk"_s, u"--no-system"_s, u"--playlist"_s, dir.filePath(u"wall.json"_s),
                                           u"--screenshot"_s, wallPng, u"--after"_s, u"1"_s },
            {}, x11);
        QVERIFY2(wall.exitCode == 0, wall.stderrText.constData());
        QCOMPARE(pngSize(wallPng), QSize(1280, 800));
        QCOMPARE(pngSize(dir.filePath(u"wall-screen1.png"_s)), QSize(1024, 768));
        // With a screens section, --screen is refused: the playlist places the windows.
        const Run both = runPulseboard(
            { u"--no-system"_s, u"--playlist"_s, dir.filePath(u"wall.json"_s), u"--screen"_s, u"1"_s }, {}, x11);
        QCOMPARE(both.exitCode, 2);
        // A screen that is not there: exit 2 with the list of screens.
        const Run missing = runPulseboard({ u"--kiosk"_s, u"--no-system"_s, u"--screen"_s, u"2"_s }, {}, x11);
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.stderrText.contains("--screen 2") && missing.stderrText.contains("  0: ")
                && missing.stderrText.contains("  1: ") && missing.stderrText.contains("1024x768"),
            missing.stderrText.constData());
    }

    void screenWorksOnTheOffscreenPlatformsScreenList()
    {
        // Qt's offscreen platform takes a list of screens from a JSON file.
        QTemporaryDir dir;
        QFile config(dir.filePath(u"screens.json"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({ "screens": [
            { "name": "left", "x": 0, "y": 0, "width": 800, "height": 600, "logicalDpi": 96, "dpr": 1 },
            { "name": "right", "x": 800, "y": 0, "width": 640, "height": 480, "logicalDpi": 96, "dpr": 1 } ] })");
        config.close();
        const QList<std::pair<QString, QString>> platform { { u"QT_QPA_PLATFORM"_s,
            u"offscreen:configfile="_s + config.fileName() } };
        const QString png = dir.filePath(u"right.png"_s);
        const Run run = runPulseboard(
            { u"--kiosk"_s, u"--no-system"_s, u"--screen"_s, u"1"_s, u"--screenshot"_s, png, u"--after"_s, u"1"_s }, {},
            platform);
        QVERIFY2(run.exitCode == 0, run.stderrText.constData());
        QCOMPARE(pngSize(png), QSize(640, 480));
        const Run missing = runPulseboard({ u"--screen"_s, u"7"_s, u"--no-system"_s }, {}, platform);
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(
            missing.stderrText.contains("0: left 800x600+0+0") && missing.stderrText.contains("1: right 640x480+800+0"),
            missing.stderrText.constData());
    }
};

QTEST_MAIN(TestDesktopProcess)
#include "tst_desktopprocess.moc"
