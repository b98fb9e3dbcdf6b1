// pulseboard-server driven as a process: `parse`, `--print`, flags and signals.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QUdpSocket>

using namespace Qt::StringLiterals;

namespace {

QString serverPath()
{
    return qEnvironmentVariable("PULSE_BIN_DIR") + u"/pulseboard-server"_s;
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runWithInput(const QStringList& args, const QByteArray& input)
{
    QProcess p;
    // A PULSE_PG_URL of the caller's environment would turn storage on for every run.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"PULSE_PG_URL"_s);
    p.setProcessEnvironment(env);
    p.start(serverPath(), args);
    if (!p.waitForStarted(10'000))
        return {};
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(30'000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

QList<QJsonObject> jsonLines(const QByteArray& out)
{
    QList<QJsonObject> objects;
    for (const QByteArray& line : out.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError)
            return {};
        objects.append(doc.object());
    }
    return objects;
}

} // namespace

class TestServerProcess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseStatsdPrintsOneObjectPerValueAndFailsOnRejects()
    {
        const Run r = runWithInput({ u"parse"_s, u"--format"_s, u"statsd"_s },
            "a:1:2|d|@0.5|#k:v,flag\r\nbroken\n_sc|db|2|m:down\ns:alice|s\n");
        QCOMPARE(r.exitCode, 1);
        const auto lines = jsonLines(r.out);
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0][u"kind"_s].toString(), u"sample"_s);
        QCOMPARE(lines[0][u"value"_s].toDouble(), 1.0);
        QCOMPARE(lines[1][u"value"_s].toDouble(), 2.0);
        QCOMPARE(lines[1][u"rate"_s].toDouble(), 0.5);
        QCOMPARE(lines[1][u"tags"_s].toArray().at(1).toArray().at(1).toString(), QString());
        QCOMPARE(lines[2][u"kind"_s].toString(), u"error"_s);
        QCOMPARE(lines[2][u"line"_s].toInt(), 2);
        QCOMPARE(lines[3][u"kind"_s].toString(), u"service_check"_s);
        QCOMPARE(lines[4][u"value"_s].toString(), u"alice"_s);
    }

    void parseInfluxWithPrecisionAndDefaultTime()
    {
        const Run r = runWithInput(
            { u"parse"_s, u"--format"_s, u"influx"_s, u"--precision"_s, u"s"_s, u"--default-time"_s, u"42"_s },
            "m,t=a v=1i,s=\"x y\" 10\nm v=2\n");
        QCOMPARE(r.exitCode, 0);
        const auto lines = jsonLines(r.out);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0][u"time"_s].toInteger(), 10'000'000'000LL);
        QCOMPARE(lines[0][u"fields"_s].toArray().at(0).toArray().at(1).toObject()[u"int"_s].toInteger(), 1);
        QCOMPARE(lines[1][u"time"_s].toInteger(), 42);
    }

    void invalidFlagsGiveOneLineAndExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addRow("unknown flag") << QStringList { u"--frobnicate"_s };
        QTest::addRow("bad window") << QStringList { u"--window"_s, u"1.5s"_s };
        QTest::addRow("slide not dividing window") << QStringList { u"--window"_s, u"10s"_s, u"--slide"_s, u"3s"_s };
        QTest::addRow("bad udp address") << QStringList { u"--udp"_s, u"nowhere"_s };
        QTest::addRow("missing value") << QStringList { u"--max-series"_s };
        QTest::addRow("bad parse format") << QStringList { u"parse"_s, u"--format"_s, u"xml"_s };
        QTest::addRow("kafka without topic") << QStringList { u"--kafka"_s, u"127.0.0.1:9092"_s };
        QTest::addRow("kafka without value") << QStringList { u"--kafka"_s };
        QTest::addRow("kafka bad format") << QStringList { u"--kafka"_s, u"h:9092/t?format=xml"_s };
        QTest::addRow("kafka bad from") << QStringList { u"--kafka"_s, u"h:9092/t?from=yesterday"_s };
        QTest::addRow("kafka bad broker port") << QStringList { u"--kafka"_s, u"h:99999/t"_s };
        QTest::addRow("kafka literal secret in url")
            << QStringList { u"--kafka"_s, u"h:9092/t?sasl.password=hunter2"_s };
        QTest::addRow("kafka managed property") << QStringList { u"--kafka"_s, u"h:9092/t?enable.auto.commit=true"_s };
        QTest::addRow("kafka same source twice")
            << QStringList { u"--kafka"_s, u"h:9092/t"_s, u"--kafka"_s, u"h:9092/t?group=other"_s };
        QTest::addRow("kafka property without value")
            << QStringList { u"--kafka"_s, u"h:9092/t"_s, u"--kafka-property"_s, u"client.id"_s };
        QTest::addRow("kafka property not allowed")
            << QStringList { u"--kafka"_s, u"h:9092/t"_s, u"--kafka-property"_s, u"group.id=x"_s };
        QTest::addRow("kafka property literal secret")
            << QStringList { u"--kafka"_s, u"h:9092/t"_s, u"--kafka-property"_s, u"sasl.password=hunter2"_s };
        QTest::addRow("kafka property twice") << QStringList { u"--kafka"_s, u"h:9092/t"_s, u"--kafka-property"_s,
            u"client.id=a"_s, u"--kafka-property"_s, u"client.id=b"_s };
        QTest::addRow("kafka property without kafka") << QStringList { u"--kafka-property"_s, u"client.id=a"_s };
        QTest::addRow("kafka-produce without topic") << QStringList { u"--kafka-produce"_s, u"h:9092"_s };
        QTest::addRow("kafka-produce bad topic") << QStringList { u"--kafka-produce"_s, u"h:9092/a b"_s };
        QTest::addRow("kafka-produce twice")
            << QStringList { u"--kafka-produce"_s, u"h:9092/a"_s, u"--kafka-produce"_s, u"h:9092/b"_s };
        QTest::addRow("pg without value") << QStringList { u"--pg"_s };
        QTest::addRow("pg empty") << QStringList { u"--pg"_s, QString() };
        QTest::addRow("pg not a url") << QStringList { u"--pg"_s, u"localhost"_s };
        QTest::addRow("pg password on the command line")
            << QStringList { u"--pg"_s, u"postgresql://pulse:hunter2@db/metrics"_s };
        QTest::addRow("pg keyword password on the command line")
            << QStringList { u"--pg"_s, u"host=db password=hunter2"_s };
        QTest::addRow("spool dir without pg") << QStringList { u"--spool-dir"_s, u"/tmp/pulse-spool"_s };
        QTest::addRow("password file without pg") << QStringList { u"--pg-password-file"_s, u"/tmp/pw"_s };
        QTest::addRow("backfill without pg") << QStringList { u"--pg-backfill"_s, u"1"_s };
        QTest::addRow("backfill not a number")
            << QStringList { u"--pg"_s, u"postgresql://pulse@db/metrics"_s, u"--pg-backfill"_s, u"1h"_s };
        QTest::addRow("backfill negative")
            << QStringList { u"--pg"_s, u"postgresql://pulse@db/metrics"_s, u"--pg-backfill"_s, u"-1"_s };
        QTest::addRow("empty spool dir") << QStringList { u"--pg"_s, u"postgresql://pulse@db/metrics"_s,
            u"--spool-dir"_s, QString() };
    }
    void invalidFlagsGiveOneLineAndExitTwo()
    {
        QFETCH(QStringList, args);
        const Run r = runWithInput(args, {});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void versionAndHelp()
    {
        const Run v = runWithInput({ u"--version"_s }, {});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith("pulseboard-server "));
        const Run h = runWithInput({ u"--help"_s }, {});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains("--window"));
        for (const char* flag : { "--kafka URL", "--kafka-property KEY=VALUE", "--kafka-produce BROKERS/TOPIC",
                 "--pg URL", "--pg-password-file PATH", "--pg-backfill HOURS", "--spool-dir DIR",
                 "format=statsd|influx|json", "PULSE_PG_URL" })
            QVERIFY2(h.out.contains(flag), flag);
    }

    void flagErrorsNameTheFlagAndWhatIsWrong_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("kafka format") << QStringList { u"--kafka"_s, u"h:9092/t?format=xml"_s }
                                      << QByteArray("--kafka h:9092/t: format must be statsd, influx or json");
        QTest::addRow("kafka secret")
            << QStringList { u"--kafka"_s, u"h:9092/t"_s, u"--kafka-property"_s, u"sasl.password=hunter2"_s }
            << QByteArray(
                   "--kafka-property sasl.password: 'sasl.password' must come from env:VAR or sasl.password.file=PATH");
        QTest::addRow("relay target") << QStringList { u"--kafka-produce"_s, u"h:9092"_s }
                                      << QByteArray("--kafka-produce h:9092: expected BROKERS/TOPIC");
        QTest::addRow("pg password") << QStringList { u"--pg"_s, u"postgresql://pulse:hunter2@db/metrics"_s }
                                     << QByteArray("--pg: the URL holds a password");
        QTest::addRow("secret in kafka url") << QStringList { u"--kafka"_s, u"h:9092/t?sasl.password=hunter2"_s }
                                             << QByteArray("--kafka h:9092/t: 'sasl.password' must come from env:VAR");
    }
    void flagErrorsNameTheFlagAndWhatIsWrong()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const Run r = runWithInput(args, {});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
        // A secret given by mistake is never echoed back.
        QVERIFY(!r.err.contains("hunter2"));
    }

    void printEmitsWindowsAndSigtermFlushesTheOpenOnes()
    {
        QProcess p;
        p.start(
            serverPath(), { u"--udp"_s, u"127.0.0.1:0"_s, u"--window"_s, u"60s"_s, u"--no-system"_s, u"--print"_s });
        QVERIFY(p.waitForStarted(10'000));
        // The bound port is announced on stderr.
        QRegularExpression portLine(uR"(listening on udp 127\.0\.0\.1:(\d+))"_s);
        QByteArray err;
        QRegularExpressionMatch m;
        QTRY_VERIFY_WITH_TIMEOUT(
            (err += p.readAllStandardError(), m = portLine.match(QString::fromUtf8(err))).hasMatch(), 10'000);
        const quint16 port = m.captured(1).toUShort();
        QUdpSocket socket;
        QCOMPARE(socket.writeDatagram("orders:3|c|#shop:eu\norders:4|c|#shop:eu\nlatency:12|ms\nlatency:18|ms\n",
                     QHostAddress::LocalHost, port),
            qint64(68));
        // A 60 s window is still open: SIGTERM must close it and print it.
        QTest::qWait(300);
        p.terminate();
        QVERIFY(p.waitForFinished(10'000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const auto lines = jsonLines(p.readAllStandardOutput());
        QVERIFY(!lines.isEmpty());
        bool hasOrders = false;
        bool hasLatency = false;
        for (const QJsonObject& o : lines) {
            if (o[u"series"_s].toString() == u"orders"_s) {
                hasOrders = true;
                QCOMPARE(o[u"type"_s].toString(), u"c"_s);
                QCOMPARE(o[u"sum"_s].toDouble(), 7.0);
                QCOMPARE(o[u"tags"_s].toArray().at(0).toArray().at(1).toString(), u"eu"_s);
                QCOMPARE(o[u"end"_s].toInteger() - o[u"start"_s].toInteger(), 60'000);
                QVERIFY(!o.contains(u"p99"_s));
            }
            if (o[u"series"_s].toString() == u"latency"_s) {
                hasLatency = true;
                QCOMPARE(o[u"count"_s].toDouble(), 2.0);
                QCOMPARE(o[u"min"_s].toDouble(), 12.0);
                QCOMPARE(o[u"max"_s].toDouble(), 18.0);
                QVERIFY(o.contains(u"p999"_s));
            }
        }
        QVERIFY(hasOrders);
        QVERIFY(hasLatency);
    }

    void takenPortExitsNonZeroWithAMessage()
    {
        QUdpSocket holder;
        QVERIFY(holder.bind(QHostAddress::LocalHost, 0));
        const Run r = runWithInput(
            { u"--udp"_s, u"127.0.0.1:%1"_s.arg(holder.localPort()), u"--no-system"_s, u"--print"_s }, {});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("in use"));
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"
