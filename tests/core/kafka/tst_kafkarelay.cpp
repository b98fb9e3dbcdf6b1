// KafkaRelay with real librdkafka against tools/kafka-mock over TCP, read back with kcat; plus the
// Ingestor's LineSink hook it hangs on.

#include "kafka/kafkarelay.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "mockbroker.h"

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;
using namespace pulse;
using test::readLine;
using Mock = test::MockBroker;

namespace {

constexpr int kStartMs = test::kMockStartMs;
constexpr int kConsumeMs = 30'000;

/** Every message of the topic as "KEY|VALUE", read with kcat from the beginning. */
QList<QByteArray> consumeAll(const std::string& bootstrap, const QString& topic)
{
    QProcess p;
    p.start(QStandardPaths::findExecutable(u"kcat"_s),
        { u"-F"_s, u"/dev/null"_s, u"-C"_s, u"-b"_s, QString::fromStdString(bootstrap), u"-t"_s, topic, u"-o"_s,
            u"beginning"_s, u"-e"_s, u"-q"_s, u"-f"_s, u"%k|%s\\n"_s });
    if (!p.waitForFinished(kConsumeMs)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    QList<QByteArray> out = p.readAllStandardOutput().split('\n');
    out.removeAll(QByteArray());
    return out;
}

IngestBatch batchOf(PayloadFormat format, std::uint16_t sourceIndex, std::string_view payload)
{
    IngestBatch b;
    b.sourceIndex = sourceIndex;
    b.format = format;
    b.bytes.assign(payload.begin(), payload.end());
    b.payloads.push_back({ 0, std::uint32_t(payload.size()), SystemClock::instance().nowMs(), false });
    return b;
}

struct CollectingLineSink : LineSink {
    QStringList lines; ///< "INDEX KEY|LINE"
    void onAcceptedLine(std::uint16_t sourceIndex, std::string_view line, std::string_view sourceKey) override
    {
        lines << QString::number(sourceIndex) + u' ' + QString::fromUtf8(sourceKey) + u'|' + QString::fromUtf8(line);
    }
};

struct Fixture {
    SeriesRegistry registry;
    WindowEngine engine { EngineConfig { { WindowSpec { 1000, 1000, false } } } };
    Ingestor ingestor { registry, engine };
};

std::uint64_t failuresFor(const KafkaRelayStats& s, const std::string& reason)
{
    for (const auto& [name, n] : s.failuresByReason)
        if (name == reason)
            return n;
    return 0;
}

} // namespace

class TestKafkaRelay : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ingestorForwardsOnlyAcceptedLines_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QStringList>("expected");
        const int statsd = int(PayloadFormat::Statsd);
        const int influx = int(PayloadFormat::Influx);
        QTest::addRow("statsd line keyed by its source tag")
            << statsd << QByteArray("a:1|c|#env:x,source:web1") << QStringList { u"3 web1|a:1|c|#env:x,source:web1"_s };
        QTest::addRow("statsd line without source tag has an empty key")
            << statsd << QByteArray("a:1|c") << QStringList { u"3 |a:1|c"_s };
        QTest::addRow("rejected statsd line is not forwarded")
            << statsd << QByteArray("a:1|c\nbad line\nb:2|g") << QStringList { u"3 |a:1|c"_s, u"3 |b:2|g"_s };
        QTest::addRow("packed values forwarded once")
            << statsd << QByteArray("t:1:2:3|ms|#source:s") << QStringList { u"3 s|t:1:2:3|ms|#source:s"_s };
        QTest::addRow("crlf and blank lines dropped")
            << statsd << QByteArray("a:1|c\r\n\n\nb:1|c\r\n") << QStringList { u"3 |a:1|c"_s, u"3 |b:1|c"_s };
        QTest::addRow("statsd event keeps its source tag")
            << statsd << QByteArray("_e{2,3}:ab|cde|#source:ev") << QStringList { u"3 ev|_e{2,3}:ab|cde|#source:ev"_s };
        QTest::addRow("influx line keyed by its source tag")
            << influx << QByteArray("cpu,source=h1,zone=a usage=1\nbroken\n")
            << QStringList { u"3 h1|cpu,source=h1,zone=a usage=1"_s };
        QTest::addRow("influx escaped source tag unescaped in key")
            << influx << QByteArray("cpu,source=h\\ 1 v=2") << QStringList { u"3 h 1|cpu,source=h\\ 1 v=2"_s };
    }
    void ingestorForwardsOnlyAcceptedLines()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, payload);
        QFETCH(QStringList, expected);
        Fixture f;
        CollectingLineSink sink;
        f.ingestor.setLineSink(&sink);
        f.ingestor.ingest(batchOf(PayloadFormat(format), 3, payload.toStdString()));
        QCOMPARE(sink.lines, expected);
        QCOMPARE(f.ingestor.counters(3).acceptedLines, std::uint64_t(expected.size()));
    }

    void parsesRelayTarget_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("brokers"); // empty: rejected
        QTest::addColumn<QString>("topic");
        QTest::addRow("plain") << u"h1:9092,h2:9092/metrics"_s << u"h1:9092,h2:9092"_s << u"metrics"_s;
        QTest::addRow("with scheme") << u"kafka://h:1/a.b-c_d"_s << u"h:1"_s << u"a.b-c_d"_s;
        QTest::addRow("no topic") << u"h:1"_s << QString() << QString();
        QTest::addRow("empty topic") << u"h:1/"_s << QString() << QString();
        QTest::addRow("no brokers") << u"/t"_s << QString() << QString();
        QTest::addRow("bad topic character") << u"h:1/a b"_s << QString() << QString();
        QTest::addRow("empty broker entry") << u"h:1,,h:2/t"_s << QString() << QString();
    }
    void parsesRelayTarget()
    {
        QFETCH(QString, target);
        QFETCH(QString, brokers);
        QFETCH(QString, topic);
        const KafkaRelayConfigResult r = parseKafkaRelayTarget(target.toStdString());
        QCOMPARE(r.config.has_value(), !brokers.isEmpty());
        QCOMPARE(r.error.empty(), !brokers.isEmpty());
        if (r.config) {
            QCOMPARE(QString::fromStdString(r.config->brokers), brokers);
            QCOMPARE(QString::fromStdString(r.config->topic), topic);
        }
    }

    void ledgerSurvivesRoundTripWithKeys()
    {
        Mock mock;
        QVERIFY(mock.start(u"relay:3"_s));
        KafkaRelayConfig config;
        config.brokers = mock.bootstrap;
        config.topic = "relay";
        config.fallbackKeys = { "udp:127.0.0.1:8125/statsd" };
        KafkaRelay relay(config);
        QCOMPARE(relay.start(), std::nullopt);
        QVERIFY(!relay.compression().empty());

        Fixture f;
        f.ingestor.setLineSink(&relay);
        constexpr int kLines = 600;
        QMap<QByteArray, int> expected; // "KEY|LINE" -> count
        std::string statsd;
        std::string influx;
        for (int i = 0; i < kLines; ++i) {
            std::string line;
            std::string key;
            if (i % 3 == 2) {
                line = "seq.m:" + std::to_string(i) + "|c"; // no source tag: the listener name keys it
                key = "udp:127.0.0.1:8125/statsd";
            } else {
                key = "src" + std::to_string(i % 5);
                line = "seq.m:" + std::to_string(i) + "|c|#source:" + key;
            }
            statsd += line + "\n";
            if (i % 50 == 0)
                statsd += "rejected:" + std::to_string(i) + "|bogus\n";
            ++expected[QByteArray::fromStdString(key + "|" + line)];
        }
        for (int i = 0; i < 30; ++i) {
            const std::string line = "cpu,source=h" + std::to_string(i % 2) + " v=" + std::to_string(i);
            influx += line + "\nnot influx\n";
            ++expected[QByteArray::fromStdString("h" + std::to_string(i % 2) + "|" + line)];
        }
        f.ingestor.ingest(batchOf(PayloadFormat::Statsd, 0, statsd));
        f.ingestor.ingest(batchOf(PayloadFormat::Influx, 1, influx));
        relay.stop();

        const KafkaRelayStats s = relay.stats();
        QCOMPARE(s.produced, std::uint64_t(kLines + 30));
        QCOMPARE(s.delivered, s.produced);
        QCOMPARE(s.failed, std::uint64_t(0));
        QCOMPARE(s.queueFullDrops, std::uint64_t(0));

        QMap<QByteArray, int> seen;
        for (const QByteArray& m : consumeAll(mock.bootstrap, u"relay"_s))
            ++seen[m];
        QCOMPARE(seen.size(), expected.size());
        QCOMPARE(seen, expected);
    }

    void fullQueueDropsAreCounted()
    {
        Mock mock;
        QVERIFY(mock.start(u"tiny:1"_s));
        KafkaRelayConfig config;
        config.brokers = mock.bootstrap;
        config.topic = "tiny";
        config.queueMaxMessages = 10;
        config.lingerMs = 2000; // nothing leaves while the lines pour in
        KafkaRelay relay(config);
        QCOMPARE(relay.start(), std::nullopt);
        for (int i = 0; i < 200; ++i)
            relay.onAcceptedLine(0, "x:1|c", "k");
        const KafkaRelayStats before = relay.stats();
        QCOMPARE(before.produced + before.queueFullDrops, std::uint64_t(200));
        QVERIFY(before.queueFullDrops >= std::uint64_t(190));
        QCOMPARE(failuresFor(before, "_QUEUE_FULL"), before.queueFullDrops);
        relay.stop();
        const KafkaRelayStats after = relay.stats();
        QCOMPARE(after.delivered + after.failed, after.produced);
        QCOMPARE(std::uint64_t(consumeAll(mock.bootstrap, u"tiny"_s).size()), after.delivered);
    }

    void brokerDownFailuresAreCounted()
    {
        Mock mock;
        QVERIFY(mock.start(u"down:1"_s));
        QCOMPARE(mock.command("broker down all"), QByteArray("ok"));
        KafkaRelayConfig config;
        config.brokers = mock.bootstrap;
        config.topic = "down";
        config.messageTimeoutMs = 1000;
        config.stopTimeoutMs = 3000;
        KafkaRelay relay(config);
        QCOMPARE(relay.start(), std::nullopt);
        for (int i = 0; i < 20; ++i)
            relay.onAcceptedLine(0, "x:1|c", {});
        QTRY_COMPARE_WITH_TIMEOUT(relay.stats().failed, 20u, 10'000);
        const KafkaRelayStats s = relay.stats();
        QCOMPARE(s.delivered, std::uint64_t(0));
        QCOMPARE(s.inFlight, std::uint64_t(0));
        QCOMPARE(failuresFor(s, "_MSG_TIMED_OUT"), std::uint64_t(20));
        relay.stop();
    }

    void linesBeforeStartAreCountedNotProduced()
    {
        KafkaRelay relay(KafkaRelayConfig {});
        relay.onAcceptedLine(0, "x:1|c", {});
        QCOMPARE(relay.stats().produceErrors, std::uint64_t(1));
        QCOMPARE(failuresFor(relay.stats(), "_STATE"), std::uint64_t(1));
        QVERIFY(relay.start().has_value()); // no brokers, no topic
    }
};

QTEST_GUILESS_MAIN(TestKafkaRelay)
#include "tst_kafkarelay.moc"
