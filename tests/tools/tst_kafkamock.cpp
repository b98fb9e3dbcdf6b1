// kafka-mock driven as a process, with the real kcat as the Kafka client on the other side.

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

constexpr int kStartMs = 15'000;
constexpr int kReplyMs = 10'000;
constexpr int kKcatMs = 30'000;
constexpr int kMessageCount = 1000;

QString mockPath()
{
    return qEnvironmentVariable("PULSE_BIN_DIR") + u"/kafka-mock"_s;
}

QString kcatPath()
{
    return QStandardPaths::findExecutable(u"kcat"_s);
}

/** One line of the process's stdout without its newline; empty on timeout or exit. */
QByteArray readLine(QProcess& p, int timeoutMs = kReplyMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!p.canReadLine()) {
        if (deadline.hasExpired() || !p.waitForReadyRead(int(deadline.remainingTime())))
            return {};
    }
    QByteArray line = p.readLine();
    line.chop(1);
    return line;
}

/** A running kafka-mock; stopped with `quit` (or killed) when it goes out of scope. */
struct Mock {
    QProcess process;
    QString bootstrap;

    bool start(const QStringList& args)
    {
        process.start(mockPath(), args);
        if (!process.waitForStarted(kStartMs))
            return false;
        const QByteArray first = readLine(process, kStartMs);
        if (!first.startsWith("bootstrap "))
            return false;
        bootstrap = QString::fromUtf8(first.mid(10));
        return true;
    }

    QByteArray command(const QByteArray& line)
    {
        process.write(line + '\n');
        return readLine(process);
    }

    ~Mock()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.closeWriteChannel();
        if (!process.waitForFinished(kStartMs))
            process.kill();
        process.waitForFinished(kStartMs);
    }
};

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/** Runs kcat with an empty config file so the user's kcat.conf cannot leak in. */
Run kcat(const QStringList& args, const QByteArray& input = {}, int timeoutMs = kKcatMs)
{
    QProcess p;
    p.start(kcatPath(), QStringList { u"-F"_s, u"/dev/null"_s } + args);
    if (!p.waitForStarted(kStartMs))
        return {};
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return { -1, p.readAllStandardOutput(), p.readAllStandardError() + "\n(kcat timed out)" };
    }
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

Run runMock(const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.start(mockPath(), args);
    if (!p.waitForStarted(kStartMs))
        return {};
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(kStartMs);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

QByteArray numberedMessages()
{
    QByteArray out;
    for (int i = 1; i <= kMessageCount; ++i)
        out += QByteArray::number(i) + '\n';
    return out;
}

} // namespace

class TestKafkaMock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(mockPath()), qPrintable(u"kafka-mock not built at "_s + mockPath()));
        QVERIFY(m_shared.start({ u"--topic"_s, u"orders:4"_s }));
    }

    void cleanupTestCase()
    {
        // Every bad command of the table must have left the shared process running.
        QCOMPARE(m_shared.process.state(), QProcess::Running);
        QCOMPARE(m_shared.command("quit"), QByteArray("ok"));
        QVERIFY(m_shared.process.waitForFinished(kStartMs));
        QCOMPARE(m_shared.process.exitCode(), 0);
        QVERIFY(m_shared.process.readAllStandardError().contains("rejected"));
    }

    void startupPrintsOneBootstrapAddressPerBroker_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("brokers");
        QTest::addRow("default is three") << QStringList {} << 3;
        QTest::addRow("one broker") << QStringList { u"--brokers"_s, u"1"_s } << 1;
        QTest::addRow("five brokers with =") << QStringList { u"--brokers=5"_s } << 5;
        QTest::addRow("topics with replication")
            << QStringList { u"--brokers"_s, u"2"_s, u"--topic"_s, u"a:3:2"_s, u"--topic=b.c-d_e:1"_s } << 2;
    }
    void startupPrintsOneBootstrapAddressPerBroker()
    {
        QFETCH(QStringList, args);
        QFETCH(int, brokers);
        Mock mock;
        QVERIFY(mock.start(args));
        const QStringList addresses = mock.bootstrap.split(u',');
        QCOMPARE(addresses.size(), brokers);
        static const QRegularExpression loopback(uR"(^127\.0\.0\.1:\d+$)"_s);
        for (const QString& a : addresses)
            QVERIFY2(loopback.match(a).hasMatch(), qPrintable(a));
    }

    void invalidArgumentsExitTwoWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addRow("zero brokers") << QStringList { u"--brokers"_s, u"0"_s };
        QTest::addRow("too many brokers") << QStringList { u"--brokers"_s, u"33"_s };
        QTest::addRow("brokers not a number") << QStringList { u"--brokers"_s, u"three"_s };
        QTest::addRow("missing value") << QStringList { u"--brokers"_s };
        QTest::addRow("unknown option") << QStringList { u"--frobnicate"_s };
        QTest::addRow("topic without partitions") << QStringList { u"--topic"_s, u"orders"_s };
        QTest::addRow("topic with zero partitions") << QStringList { u"--topic"_s, u"orders:0"_s };
        QTest::addRow("topic with a slash") << QStringList { u"--topic"_s, u"a/b:1"_s };
        QTest::addRow("empty topic name") << QStringList { u"--topic"_s, u":1"_s };
        QTest::addRow("replication above brokers") << QStringList { u"--brokers=2"_s, u"--topic"_s, u"a:1:3"_s };
        QTest::addRow("topic given twice") << QStringList { u"--topic=a:1"_s, u"--topic=a:2"_s };
    }
    void invalidArgumentsExitTwoWithOneLine()
    {
        QFETCH(QStringList, args);
        const Run r = runMock(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void helpListsEveryCommand()
    {
        const Run r = runMock({ u"--help"_s });
        QCOMPARE(r.exitCode, 0);
        for (const char* word : { "--brokers", "--topic", "broker down", "broker up", "rtt ", "leader ", "follower ",
                 "error APIKEY", "error-broker ", "topic NAME", "help", "quit", "NOT_COORDINATOR", "SyncGroup" })
            QVERIFY2(r.out.contains(word), word);
    }

    void commandsAreAnsweredOkOrError_data()
    {
        QTest::addColumn<QByteArray>("command");
        QTest::addColumn<QByteArray>("reply"); // "ok" or the start of the error
        QTest::addRow("one broker down") << QByteArray("broker down 2") << QByteArray("ok");
        QTest::addRow("the broker back up") << QByteArray("broker up 2") << QByteArray("ok");
        QTest::addRow("all brokers down") << QByteArray("broker down all") << QByteArray("ok");
        QTest::addRow("all brokers up") << QByteArray("broker up all") << QByteArray("ok");
        QTest::addRow("rtt on one broker") << QByteArray("rtt 1 50") << QByteArray("ok");
        QTest::addRow("rtt reset everywhere") << QByteArray("rtt all 0") << QByteArray("ok");
        QTest::addRow("leader moved") << QByteArray("leader orders 0 2") << QByteArray("ok");
        QTest::addRow("leader removed") << QByteArray("leader orders 1 none") << QByteArray("ok");
        QTest::addRow("follower set") << QByteArray("follower orders 3 3") << QByteArray("ok");
        QTest::addRow("error by names") << QByteArray("error Produce NOT_LEADER_FOR_PARTITION 2") << QByteArray("ok");
        QTest::addRow("error by numbers") << QByteArray("error 3 5") << QByteArray("ok");
        QTest::addRow("error names any case, ERR_ prefix")
            << QByteArray("error heartbeat ERR_REBALANCE_IN_PROGRESS") << QByteArray("ok");
        QTest::addRow("error dropping the connection")
            << QByteArray("error FindCoordinator _TRANSPORT") << QByteArray("ok");
        QTest::addRow("error on one broker with rtt")
            << QByteArray("error-broker 1 Fetch NOT_LEADER_FOR_PARTITION 100 3") << QByteArray("ok");
        QTest::addRow("topic created") << QByteArray("topic fresh 4") << QByteArray("ok");
        QTest::addRow("topic with replication") << QByteArray("topic fresh2 2 1") << QByteArray("ok");
        QTest::addRow("extra blanks and tabs") << QByteArray("  rtt \t 2   0 ") << QByteArray("ok");

        QTest::addRow("unknown command") << QByteArray("reboot") << QByteArray("error: unknown command 'reboot'");
        QTest::addRow("broker sideways") << QByteArray("broker sideways 1") << QByteArray("error: usage: broker");
        QTest::addRow("broker id zero") << QByteArray("broker down 0") << QByteArray("error: broker id '0'");
        QTest::addRow("broker id past the cluster") << QByteArray("broker down 4") << QByteArray("error: broker id");
        QTest::addRow("negative broker id") << QByteArray("broker up -1") << QByteArray("error: broker id");
        QTest::addRow("huge broker id") << QByteArray("broker up 99999999999999999999999")
                                        << QByteArray("error: broker");
        QTest::addRow("negative rtt") << QByteArray("rtt 1 -5") << QByteArray("error: rtt '-5'");
        QTest::addRow("rtt not a number") << QByteArray("rtt 1 fast") << QByteArray("error: rtt");
        QTest::addRow("rtt above ten minutes") << QByteArray("rtt 1 600001") << QByteArray("error: rtt");
        QTest::addRow("rtt missing ms") << QByteArray("rtt 1") << QByteArray("error: usage: rtt");
        // As a broker with auto.create.topics.enable would, the mock creates the topic (4 partitions).
        QTest::addRow("leader of an unknown topic creates it") << QByteArray("leader auto 0 1") << QByteArray("ok");
        QTest::addRow("which then exists") << QByteArray("topic auto 1") << QByteArray("error: cannot create topic");
        QTest::addRow("leader of unknown partition") << QByteArray("leader orders 9 1") << QByteArray("error: leader");
        QTest::addRow("leader on unknown broker") << QByteArray("leader orders 0 7") << QByteArray("error: broker id");
        QTest::addRow("leader of an invalid topic") << QByteArray("leader a/b 0 1") << QByteArray("error: topic name");
        QTest::addRow("follower missing broker") << QByteArray("follower orders 0") << QByteArray("error: usage");
        QTest::addRow("error unknown api")
            << QByteArray("error Bogus NOT_COORDINATOR") << QByteArray("error: unknown api key 'Bogus'");
        QTest::addRow("error unknown code")
            << QByteArray("error Produce NOT_A_CODE") << QByteArray("error: unknown error code");
        QTest::addRow("error code without name") << QByteArray("error Produce 99999") << QByteArray("error: unknown");
        QTest::addRow("error count zero")
            << QByteArray("error Produce NOT_COORDINATOR 0") << QByteArray("error: count");
        QTest::addRow("error count too large")
            << QByteArray("error Produce NOT_COORDINATOR 10001") << QByteArray("error: count");
        QTest::addRow("error without code") << QByteArray("error Produce") << QByteArray("error: usage: error APIKEY");
        QTest::addRow("error-broker on unknown broker")
            << QByteArray("error-broker 9 Produce NOT_COORDINATOR 0") << QByteArray("error: broker id");
        QTest::addRow("error-broker without rtt")
            << QByteArray("error-broker 1 Produce NOT_COORDINATOR") << QByteArray("error: usage: error-broker");
        QTest::addRow("topic twice") << QByteArray("topic orders 2") << QByteArray("error: cannot create topic");
        QTest::addRow("topic with no partitions") << QByteArray("topic x 0") << QByteArray("error: partition count");
        QTest::addRow("topic replicated beyond brokers")
            << QByteArray("topic x 1 4") << QByteArray("error: replication");
        QTest::addRow("topic with bad name") << QByteArray("topic bad!name 1") << QByteArray("error: topic name");
        QTest::addRow("quit with arguments") << QByteArray("quit now") << QByteArray("error: usage: quit");
        QTest::addRow("control bytes") << QByteArray("\x01\x02\xff\x7f")
                                       << QByteArray("error: unknown command '?\?\?\?'");
        QTest::addRow("utf-8") << QByteArray("br\xc3\xb6ker down 1") << QByteArray("error: unknown command");
        QTest::addRow("nul byte") << QByteArray("rtt 1 5\0 0", 9) << QByteArray("error: rtt");
    }
    void commandsAreAnsweredOkOrError()
    {
        QFETCH(QByteArray, command);
        QFETCH(QByteArray, reply);
        const QByteArray answer = m_shared.command(command);
        if (reply == "ok")
            QCOMPARE(answer, reply);
        else
            QVERIFY2(answer.startsWith(reply), answer.constData());
    }

    void linesAreFramedRobustly_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArrayList>("replies");
        QTest::addRow("blank and comment lines get no answer")
            << QByteArray("\n# a comment\n \t \nrtt 1 0\n") << QByteArrayList { "ok" };
        QTest::addRow("crlf line ends") << QByteArray("rtt 1 0\r\nrtt 2 0\r\n") << QByteArrayList { "ok", "ok" };
        QTest::addRow("overlong line answered once, next line served") << QByteArray(100'000, 'x')
                + "\nrtt 1 0\n" << QByteArrayList { "error: line longer than 4096 bytes, ignored", "ok" };
        QTest::addRow("help ends with ok")
            << QByteArray("help\nrtt 1 0\n") << QByteArrayList { "commands (one per line" };
    }
    void linesAreFramedRobustly()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArrayList, replies);
        m_shared.process.write(input);
        for (const QByteArray& expected : replies)
            QCOMPARE(readLine(m_shared.process).left(expected.size()), expected);
        if (input.startsWith("help")) {
            QByteArray line;
            int lineCount = 1;
            while ((line = readLine(m_shared.process)) != "ok" && !line.isEmpty())
                ++lineCount;
            QCOMPARE(line, QByteArray("ok"));
            QVERIFY(lineCount > 10);
            QCOMPARE(readLine(m_shared.process), QByteArray("ok")); // the rtt after help
        }
        // Nothing else was answered: the next command's reply is the next line.
        QCOMPARE(m_shared.command("rtt all 0"), QByteArray("ok"));
    }

    void kcatRoundTripsEveryMessageExactlyOnce_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArrayList>("faults");
        QTest::addRow("one broker one partition")
            << QStringList { u"--brokers=1"_s, u"--topic=events:1"_s } << QByteArrayList {};
        QTest::addRow("three brokers three partitions") << QStringList { u"--topic=events:3"_s } << QByteArrayList {};
        QTest::addRow("through retriable produce errors and slow brokers")
            << QStringList { u"--topic=events:3"_s }
            << QByteArrayList { "error Produce NOT_LEADER_FOR_PARTITION 3", "error Produce LEADER_NOT_AVAILABLE 2",
                   "error-broker 2 Fetch NOT_LEADER_FOR_PARTITION 50 2", "rtt all 20" };
        QTest::addRow("after leaders moved")
            << QStringList { u"--topic=events:3"_s }
            << QByteArrayList { "leader events 0 3", "leader events 1 3", "leader events 2 1", "follower events 0 2" };
    }
    void kcatRoundTripsEveryMessageExactlyOnce()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArrayList, faults);
        if (kcatPath().isEmpty())
            QSKIP("kcat is not installed (apt install kcat): it is the real Kafka client these tests talk to");
        Mock mock;
        QVERIFY(mock.start(args));
        for (const QByteArray& fault : faults)
            QCOMPARE(mock.command(fault), QByteArray("ok"));

        const Run produced = kcat({ u"-P"_s, u"-b"_s, mock.bootstrap, u"-t"_s, u"events"_s }, numberedMessages());
        QVERIFY2(produced.exitCode == 0, produced.err.constData());

        const Run consumed = kcat(
            { u"-C"_s, u"-b"_s, mock.bootstrap, u"-t"_s, u"events"_s, u"-o"_s, u"beginning"_s, u"-e"_s, u"-q"_s });
        QVERIFY2(consumed.exitCode == 0, consumed.err.constData());
        QList<int> numbers;
        for (const QByteArray& line : consumed.out.split('\n')) {
            if (!line.isEmpty())
                numbers.append(line.toInt());
        }
        std::sort(numbers.begin(), numbers.end());
        QCOMPARE(numbers.size(), kMessageCount); // no loss, no duplicates from retries
        for (int i = 0; i < kMessageCount; ++i)
            QCOMPARE(numbers[i], i + 1);
    }

    void allBrokersDownFailsMetadataAndUpRestoresIt()
    {
        if (kcatPath().isEmpty())
            QSKIP("kcat is not installed (apt install kcat): it is the real Kafka client these tests talk to");
        Mock mock;
        QVERIFY(mock.start({ u"--topic=events:2"_s }));
        const QStringList metadata { u"-L"_s, u"-b"_s, mock.bootstrap, u"-m"_s, u"2"_s };
        QCOMPARE(kcat(metadata).exitCode, 0);

        for (const char* id : { "1", "2", "3" })
            QCOMPARE(mock.command(QByteArray("broker down ") + id), QByteArray("ok"));
        const Run down = kcat(metadata, {}, 15'000);
        QVERIFY2(down.exitCode != 0, down.out.constData());
        QVERIFY2(down.err.contains("metadata"), down.err.constData());

        QCOMPARE(mock.command("broker up all"), QByteArray("ok"));
        const Run up = kcat(metadata);
        QVERIFY2(up.exitCode == 0, up.err.constData());
        QVERIFY(up.out.contains("3 brokers"));
        QVERIFY(up.out.contains("topic \"events\" with 2 partitions"));
    }

    void stopsCleanlyWithExitZero_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addRow("quit command") << u"quit"_s;
        QTest::addRow("quit as last line without newline") << u"quit-unterminated"_s;
        QTest::addRow("stdin closed") << u"eof"_s;
        QTest::addRow("stdin closed mid-line") << u"eof-partial"_s;
        QTest::addRow("SIGTERM") << u"sigterm"_s;
        QTest::addRow("SIGINT") << u"sigint"_s;
    }
    void stopsCleanlyWithExitZero()
    {
        QFETCH(QString, how);
        Mock mock;
        QVERIFY(mock.start({ u"--topic=events:2"_s }));
        QCOMPARE(mock.command("rtt all 1"), QByteArray("ok"));
        if (how == u"quit") {
            QCOMPARE(mock.command("quit"), QByteArray("ok"));
        } else if (how == u"quit-unterminated") {
            mock.process.write("quit");
            mock.process.closeWriteChannel();
            QCOMPARE(readLine(mock.process), QByteArray("ok"));
        } else if (how == u"eof") {
            mock.process.closeWriteChannel();
        } else if (how == u"eof-partial") {
            mock.process.write("broker do");
            mock.process.closeWriteChannel();
            QVERIFY(readLine(mock.process).startsWith("error: usage: broker"));
        } else {
            ::kill(pid_t(mock.process.processId()), how == u"sigterm" ? SIGTERM : SIGINT);
        }
        QVERIFY(mock.process.waitForFinished(kStartMs));
        QCOMPARE(mock.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(mock.process.exitCode(), 0);
        QVERIFY(mock.process.readAllStandardError().contains("commands"));
    }

private:
    Mock m_shared;
};

QTEST_GUILESS_MAIN(TestKafkaMock)
#include "tst_kafkamock.moc"
