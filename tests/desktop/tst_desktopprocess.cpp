// The real `pulseboard` binary as a child process under the offscreen platform.

#include <QDir>
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

Run runPulseboard(const QStringList& arguments, const std::function<void()>& whileRunning = {})
{
    QProcess process;
    process.setProgram(binary());
    process.setArguments(arguments);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QTemporaryDir home;
    env.insert(u"HOME"_s, home.path()); // recent files and settings stay out of the real home
    env.insert(u"XDG_CONFIG_HOME"_s, home.path());
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
};

QTEST_MAIN(TestDesktopProcess)
#include "tst_desktopprocess.moc"
