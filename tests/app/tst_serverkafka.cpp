// pulseboard-server with Kafka, as a process against tools/kafka-mock: the UDP → Kafka relay read back with a
// librdkafka consumer, and --kafka consumers aggregating a known ledger shown by --print.

#include "../core/kafka/mockbroker.h"
#include "serverprocess.h"

#include <QElapsedTimer>
#include <QMap>
#include <QTest>
#include <QUdpSocket>

#include <librdkafka/rdkafka.h>

#include <memory>
#include <random>

using namespace Qt::StringLiterals;
using namespace pulse::test;

namespace {

/** A kafka-mock with three brokers and the given topics (NAME:PARTITIONS). */
bool startMock(MockBroker& mock, const QStringList& topics)
{
    mock.process.setStandardErrorFile(QProcess::nullDevice());
    QStringList args { u"--brokers"_s, u"3"_s };
    for (const QString& t : topics)
        args << u"--topic"_s << t;
    mock.process.start(qEnvironmentVariable("PULSE_BIN_DIR") + u"/kafka-mock"_s, args);
    if (!mock.process.waitForStarted(kMockStartMs))
        return false;
    const QByteArray first = readLine(mock.process);
    if (!first.startsWith("bootstrap "))
        return false;
    mock.bootstrap = first.mid(10).toStdString();
    return true;
}

using Handle = std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)>;

Handle makeClient(rd_kafka_type_t type, const std::vector<std::pair<const char*, std::string>>& properties)
{
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char error[512];
    for (const auto& [key, value] : properties) {
        if (rd_kafka_conf_set(conf, key, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
            qWarning("%s: %s", key, error);
            rd_kafka_conf_destroy(conf);
            return { nullptr, &rd_kafka_destroy };
        }
    }
    rd_kafka_t* rk = rd_kafka_new(type, conf, error, sizeof error);
    if (!rk) {
        qWarning("rd_kafka_new: %s", error);
        rd_kafka_conf_destroy(conf);
    }
    return { rk, &rd_kafka_destroy };
}

/** Produces KEY/VALUE messages and waits for every delivery report; true when all were delivered. */
bool produce(const std::string& bootstrap, const char* topic, const QList<QPair<QByteArray, QByteArray>>& messages)
{
    Handle rk = makeClient(RD_KAFKA_PRODUCER, { { "bootstrap.servers", bootstrap }, { "linger.ms", "5" } });
    if (!rk)
        return false;
    for (const auto& [key, value] : messages) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC(topic),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key.constData(), std::size_t(key.size())),
            RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), std::size_t(value.size())), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            qWarning("produce: %s", rd_kafka_err2str(err));
            return false;
        }
    }
    return rd_kafka_flush(rk.get(), 30'000) == RD_KAFKA_RESP_ERR_NO_ERROR && rd_kafka_outq_len(rk.get()) == 0;
}

/**
 * Every message of a topic from the beginning as "KEY|VALUE", read with a librdkafka consumer: until `expected`
 * have come (or `timeoutMs` passed), then one more second, so duplicates would show as extra messages.
 */
QList<QByteArray> consumeAll(
    const std::string& bootstrap, const char* topic, int partitions, int expected, int timeoutMs = 30'000)
{
    Handle rk = makeClient(RD_KAFKA_CONSUMER,
        { { "bootstrap.servers", bootstrap }, { "group.id", "tst-serverkafka" }, { "enable.auto.commit", "false" } });
    if (!rk)
        return {};
    rd_kafka_poll_set_consumer(rk.get());
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk.get(), list);
    rd_kafka_topic_partition_list_destroy(list);
    QList<QByteArray> out;
    QDeadlineTimer deadline(timeoutMs);
    bool isExtraSecond = false;
    while (!deadline.hasExpired()) {
        if (!isExtraSecond && out.size() >= expected) {
            deadline.setRemainingTime(1000);
            isExtraSecond = true;
        }
        rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), 100);
        if (!m)
            continue;
        if (!m->err)
            out.append(QByteArray(static_cast<const char*>(m->key), qsizetype(m->key_len)) + '|'
                + QByteArray(static_cast<const char*>(m->payload), qsizetype(m->len)));
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk.get());
    return out;
}

} // namespace

class TestServerKafka : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void udpLinesAreRelayedToKafkaLineForLine()
    {
        MockBroker mock;
        QVERIFY(startMock(mock, { u"relay:3"_s }));
        const QString bootstrap = QString::fromStdString(mock.bootstrap);
        ServerProcess server;
        QVERIFY(server.start({ u"--udp"_s, u"127.0.0.1:0"_s, u"--udp"_s, u"127.0.0.1:0/influx"_s, u"--no-system"_s,
            u"--kafka-produce"_s, bootstrap + u"/relay"_s, u"--print"_s, u"--window"_s, u"1s"_s }));
        const QList<quint16> ports = server.udpPorts(2);
        QCOMPARE(ports.size(), 2);
        QVERIFY(server.waitForStderr(u"relaying accepted UDP lines to kafka-produce:"_s).hasMatch());
        const QByteArray listener = "udp:127.0.0.1:" + QByteArray::number(ports[0]) + "/statsd";

        // A ledger of StatsD lines (keyed by their source tag, else by the listener) and Influx lines; the rejected
        // lines in between must not be relayed.
        QMap<QByteArray, int> expected; // "KEY|LINE" -> count
        QUdpSocket socket;
        int sent = 0;
        for (int d = 0; d < 20; ++d) {
            QByteArray datagram;
            for (int i = 0; i < 20; ++i) {
                const int n = d * 20 + i;
                const QByteArray line = n % 4 == 0
                    ? QByteArray("relay.m:" + QByteArray::number(n) + "|c")
                    : QByteArray("relay.m:" + QByteArray::number(n) + "|c|#source:host" + QByteArray::number(n % 3));
                ++expected[(n % 4 == 0 ? listener : "host" + QByteArray::number(n % 3)) + '|' + line];
                datagram += line + "\ngarbage without a value\n";
                ++sent;
            }
            QCOMPARE(socket.writeDatagram(datagram, QHostAddress::LocalHost, ports[0]), qint64(datagram.size()));
        }
        for (int d = 0; d < 5; ++d) {
            QByteArray datagram;
            for (int i = 0; i < 10; ++i) {
                const QByteArray line
                    = "cpu,source=h" + QByteArray::number(i % 2) + " v=" + QByteArray::number(d * 10 + i);
                ++expected["h" + QByteArray::number(i % 2) + '|' + line];
                datagram += line + "\nnot influx\n";
                ++sent;
            }
            QCOMPARE(socket.writeDatagram(datagram, QHostAddress::LocalHost, ports[1]), qint64(datagram.size()));
        }

        QMap<QByteArray, int> seen;
        for (const QByteArray& m : consumeAll(mock.bootstrap, "relay", 3, sent))
            ++seen[m];
        QCOMPARE(seen.size(), expected.size());
        QCOMPARE(seen, expected);

        QCOMPARE(server.terminate(), 0);
        const QByteArray summary = QByteArray::number(sent) + " lines produced, " + QByteArray::number(sent)
            + " delivered, 0 failed, 0 dropped";
        QVERIFY2(server.stderrText().contains(summary), server.stderrText().constData());
        // The relay's self-metrics are ordinary series: the final windows account for every line.
        const auto windows = printedWindows(server.stdoutText());
        QCOMPARE(printedTotal(windows, u"pulse.kafka.relay.produced"_s, u"sum"_s), double(sent));
        QCOMPARE(printedTotal(windows, u"pulse.kafka.relay.delivered"_s, u"sum"_s), double(sent));
        QCOMPARE(printedTotal(windows, u"pulse.kafka.relay.dropped"_s, u"sum"_s), 0.0);
    }

    void kafkaLedgerIsAggregatedExactlyAndMonitored()
    {
        MockBroker mock;
        QVERIFY(startMock(mock, { u"ledger:3"_s, u"events:2"_s }));
        const QString bootstrap = QString::fromStdString(mock.bootstrap);

        // StatsD payloads of two lines each, keyed over the partitions, three poison messages among them; and JSON
        // metric events keyed by their source id.
        QList<QPair<QByteArray, QByteArray>> statsd;
        constexpr int kMessages = 300;
        for (int i = 1; i <= kMessages; ++i) {
            statsd.append({ "k" + QByteArray::number(i % 7),
                "ledger.orders:" + QByteArray::number(i) + "|c|#shop:eu\nledger.latency:" + QByteArray::number(i)
                    + "|ms" });
            if (i % 100 == 0)
                statsd.append({ "poison", QByteArray(3, '\0') + " not a metric" });
        }
        QList<QPair<QByteArray, QByteArray>> json;
        for (int i = 0; i < 100; ++i)
            json.append({ "web-" + QByteArray::number(i % 2),
                "{\"metric_name\":\"ledger.events\",\"type\":\"counter\",\"value\":2,\"tags\":{\"k\":\"v\"}}" });
        QVERIFY(produce(mock.bootstrap, "ledger", statsd));
        QVERIFY(produce(mock.bootstrap, "events", json));

        ServerProcess server;
        QVERIFY(server.start({ u"--kafka"_s, bootstrap + u"/ledger?group=tst-a&format=statsd&from=earliest"_s,
            u"--kafka"_s, bootstrap + u"/events?group=tst-b&format=json&from=earliest"_s, u"--kafka-property"_s,
            u"session.timeout.ms=6000"_s, u"--kafka-property"_s, u"heartbeat.interval.ms=500"_s, u"--no-system"_s,
            u"--print"_s, u"--window"_s, u"1s"_s }));
        QVERIFY(server.waitForStderr(u"consuming kafka:[^\\n]*/ledger/statsd as group tst-a"_s).hasMatch());
        // Without --udp, a Kafka-only server opens no UDP port.
        QVERIFY(!server.stderrText().contains("listening on udp"));

        const double orders = kMessages * (kMessages + 1) / 2.0;
        QTRY_COMPARE_WITH_TIMEOUT(
            printedTotal(printedWindows(server.stdoutText()), u"ledger.orders"_s, u"sum"_s), orders, 45'000);
        QTRY_COMPARE_WITH_TIMEOUT(
            printedTotal(printedWindows(server.stdoutText()), u"ledger.events"_s, u"sum"_s), 200.0, 20'000);
        QVERIFY(server.waitForStderr(u"dead-lettered"_s).hasMatch());
        QCOMPARE(server.terminate(), 0);

        // Exactly once per message within one run: nothing lost, nothing doubled.
        const auto windows = printedWindows(server.stdoutText());
        QCOMPARE(printedTotal(windows, u"ledger.orders"_s, u"sum"_s, { { u"shop"_s, u"eu"_s } }), orders);
        QCOMPARE(printedTotal(windows, u"ledger.latency"_s, u"count"_s), double(kMessages));
        QCOMPARE(printedTotal(windows, u"ledger.events"_s, u"sum"_s, { { u"source"_s, u"web-0"_s } }), 100.0);
        QCOMPARE(printedTotal(windows, u"ledger.events"_s, u"sum"_s, { { u"source"_s, u"web-1"_s } }), 100.0);
        double minLatency = 1e9;
        double maxLatency = 0;
        for (const QJsonObject& w : windows) {
            if (w[u"series"_s].toString() == u"ledger.latency"_s) {
                minLatency = std::min(minLatency, w[u"min"_s].toDouble());
                maxLatency = std::max(maxLatency, w[u"max"_s].toDouble());
            }
        }
        QCOMPARE(minLatency, 1.0);
        QCOMPARE(maxLatency, double(kMessages));

        // Per-partition self-metrics: every message counted once, poison ones as decode errors, lag known.
        const int poison = kMessages / 100;
        QCOMPARE(printedTotal(windows, u"pulse.kafka.messages"_s, u"sum"_s, { { u"topic"_s, u"ledger"_s } }),
            double(kMessages + poison));
        QCOMPARE(printedTotal(windows, u"pulse.kafka.messages"_s, u"sum"_s, { { u"topic"_s, u"events"_s } }), 100.0);
        QCOMPARE(printedTotal(windows, u"pulse.kafka.decode_errors"_s, u"sum"_s), double(poison));
        QVERIFY(printedTotal(windows, u"pulse.kafka.bytes"_s, u"sum"_s, { { u"topic"_s, u"ledger"_s } }) > 0);
        QSet<QString> partitionsWithLag;
        for (const QJsonObject& w : windows)
            if (w[u"series"_s].toString() == u"pulse.kafka.lag_messages"_s && tagOf(w, u"topic"_s) == u"ledger"_s)
                partitionsWithLag.insert(tagOf(w, u"partition"_s));
        QCOMPARE(partitionsWithLag, (QSet<QString> { u"0"_s, u"1"_s, u"2"_s }));
        QVERIFY(printedTotal(windows, u"pulse.kafka.rebalances"_s, u"sum"_s) >= 2.0); // one assignment per source
        // The ingest counters of the Kafka sources carry their names.
        QCOMPARE(printedTotal(windows, u"pulse.ingest.lines"_s, u"sum"_s,
                     { { u"source"_s, u"kafka:"_s + bootstrap + u"/ledger/statsd"_s } }),
            double(2 * kMessages));
    }

    void quittingDuringABrokerOutageReturnsWithinFiveSeconds()
    {
        MockBroker mock;
        QVERIFY(startMock(mock, { u"outage:2"_s }));
        const QString bootstrap = QString::fromStdString(mock.bootstrap);
        ServerProcess server;
        QVERIFY(
            server.start({ u"--kafka"_s, bootstrap + u"/outage?group=tst-outage&from=earliest"_s, u"--kafka-property"_s,
                u"session.timeout.ms=6000"_s, u"--no-system"_s, u"--print"_s, u"--window"_s, u"1s"_s }));
        const QString name = u"kafka:"_s + bootstrap + u"/outage/statsd"_s;
        // The operator sees the source come up, then go down with every broker.
        QVERIFY2(server.waitForStderr(QRegularExpression::escape(name) + u": up"_s).hasMatch(),
            server.stderrText().constData());
        QCOMPARE(mock.command("broker down all"), QByteArray("ok"));
        QVERIFY2(server.waitForStderr(QRegularExpression::escape(name) + u": down"_s).hasMatch(),
            server.stderrText().constData());
        QElapsedTimer quitting;
        quitting.start();
        QCOMPARE(server.terminate(), 0);
        qInfo("quit during the outage took %lld ms", quitting.elapsed());
        QVERIFY2(quitting.elapsed() <= 5000, qPrintable(QString::number(quitting.elapsed())));
        // The last second's self-metrics say so too.
        bool isDownShown = false;
        for (const QJsonObject& w : printedWindows(server.stdoutText()))
            if (w[u"series"_s].toString() == u"pulse.kafka.up"_s && w[u"last"_s].toDouble() == 0.0)
                isDownShown = true;
        QVERIFY(isDownShown);
    }

    void relayAccountsForEveryLineWhenTheBrokersAreGone()
    {
        MockBroker mock;
        QVERIFY(startMock(mock, { u"gone:1"_s }));
        ServerProcess server;
        QVERIFY(server.start({ u"--udp"_s, u"127.0.0.1:0"_s, u"--no-system"_s, u"--kafka-produce"_s,
            QString::fromStdString(mock.bootstrap) + u"/gone"_s, u"--print"_s, u"--window"_s, u"1s"_s }));
        const QList<quint16> ports = server.udpPorts();
        QCOMPARE(ports.size(), 1);
        QCOMPARE(mock.command("broker down all"), QByteArray("ok"));
        QUdpSocket socket;
        const QByteArray datagram = "gone.a:1|c\ngone.b:2|c\ngone.c:3|c\n";
        QCOMPARE(socket.writeDatagram(datagram, QHostAddress::LocalHost, ports[0]), qint64(datagram.size()));
        // Produced into the relay's queue, but nothing can be delivered.
        QTRY_COMPARE_WITH_TIMEOUT(
            printedTotal(printedWindows(server.stdoutText()), u"pulse.kafka.relay.produced"_s, u"sum"_s), 3.0, 20'000);
        QCOMPARE(printedTotal(printedWindows(server.stdoutText()), u"pulse.kafka.relay.delivered"_s, u"sum"_s), 0.0);
        QCOMPARE(server.terminate(), 0);
        // The bounded final flush fails what is left, and says so: every line is accounted for.
        QVERIFY2(server.stderrText().contains("3 lines produced, 0 delivered, 3 failed, 0 dropped"),
            server.stderrText().constData());
    }

    void missingKafkaSecretStopsTheStartWithExitOne()
    {
        ServerProcess server;
        QVERIFY(server.start({ u"--kafka"_s, u"127.0.0.1:9/metrics"_s, u"--kafka-property"_s,
            u"sasl.password=env:PULSE_TST_SECRET_THAT_IS_NOT_SET"_s, u"--no-system"_s }));
        QCOMPARE(server.waitForExit(), 1);
        QVERIFY2(server.stderrText().contains("PULSE_TST_SECRET_THAT_IS_NOT_SET"), server.stderrText().constData());
    }

    void missingRelaySecretFileStopsTheStartWithExitOne()
    {
        ServerProcess server;
        QVERIFY(server.start({ u"--udp"_s, u"127.0.0.1:0"_s, u"--kafka-produce"_s, u"127.0.0.1:9/relay"_s,
            u"--kafka-property"_s, u"ssl.key.password.file=/nonexistent/pulse-secret"_s, u"--no-system"_s }));
        QCOMPARE(server.waitForExit(), 1);
        QVERIFY2(server.stderrText().contains("/nonexistent/pulse-secret"), server.stderrText().constData());
    }
};

QTEST_GUILESS_MAIN(TestServerKafka)
#include "tst_serverkafka.moc"
