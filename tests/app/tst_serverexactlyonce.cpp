// pulseboard-server --kafka-exactly-once as a process, against tools/kafka-mock and the test PostgreSQL server: a
// ledger on two partitions, the server killed with SIGKILL while windows of every table are open, restarted — every
// 1 s row and every rollup is written exactly once, each sample counted once.

#include "../core/kafka/mockbroker.h"
#include "../core/storage/testdatabase.h"
#include "serverprocess.h"

#include <QDateTime>
#include <QTest>

#include <librdkafka/rdkafka.h>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace pulse::test;

namespace {

struct TimedMessage {
    int partition = 0;
    qint64 timestampMs = 0;
    QByteArray value;
};

/** Produces the messages with their own timestamps and partitions; true when every one was delivered. */
bool produceTimed(const std::string& bootstrap, const char* topic, const QList<TimedMessage>& messages)
{
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK
        || rd_kafka_conf_set(conf, "linger.ms", "5", error, sizeof error) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return false;
    }
    std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> rk(
        rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error), &rd_kafka_destroy);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        qWarning("rd_kafka_new: %s", error);
        return false;
    }
    for (const TimedMessage& m : messages) {
        const rd_kafka_resp_err_t err
            = rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(m.partition),
                RD_KAFKA_V_TIMESTAMP(m.timestampMs), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_VALUE(const_cast<char*>(m.value.constData()), std::size_t(m.value.size())), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            qWarning("produce: %s", rd_kafka_err2str(err));
            return false;
        }
    }
    return rd_kafka_flush(rk.get(), 30'000) == RD_KAFKA_RESP_ERR_NO_ERROR && rd_kafka_outq_len(rk.get()) == 0;
}

/** The ledger of event seconds [fromSecond, toSecond) after `baseMs`: per second and partition, a counter and a timer.
 */
struct Ledger {
    QList<TimedMessage> messages;
    double counterSum = 0;
    double timerSum = 0;
    int samples = 0; ///< of each metric
};

Ledger ledger(qint64 baseMs, int fromSecond, int toSecond)
{
    Ledger l;
    for (int s = fromSecond; s < toSecond; ++s) {
        for (int p = 0; p < 2; ++p) {
            const int value = (s * 7 + p * 3) % 13 + 1;
            // Both partitions interleave within each second; one message carries both lines.
            l.messages.append({ p, baseMs + s * 1000LL + p * 300 + 100,
                "eo.orders:" + QByteArray::number(value) + "|c|#shop:eu\neo.latency:" + QByteArray::number(value * 10)
                    + "|ms" });
            l.counterSum += value;
            l.timerSum += value * 10;
            ++l.samples;
        }
    }
    return l;
}

} // namespace

class TestServerExactlyOnce : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void optionsAreChecked()
    {
        ServerProcess noPg;
        QVERIFY(noPg.start({ u"--kafka"_s, u"127.0.0.1:1/t"_s, u"--kafka-exactly-once"_s }));
        QCOMPARE(noPg.waitForExit(), 2);
        QVERIFY2(noPg.stderrText().contains("--kafka-exactly-once needs --pg"), noPg.stderrText().constData());

        ServerProcess withUdp;
        QVERIFY(withUdp.start({ u"--kafka"_s, u"127.0.0.1:1/t"_s, u"--udp"_s, u"127.0.0.1:0"_s,
            u"--kafka-exactly-once"_s, u"--pg"_s, u"postgresql://u@127.0.0.1:1/db"_s }));
        QCOMPARE(withUdp.waitForExit(), 2);
        QVERIFY2(withUdp.stderrText().contains("takes no --udp"), withUdp.stderrText().constData());

        ServerProcess influx;
        QVERIFY(influx.start({ u"--kafka"_s, u"127.0.0.1:1/t?format=influx"_s, u"--kafka-exactly-once"_s, u"--pg"_s,
            u"postgresql://u@127.0.0.1:1/db"_s }));
        QCOMPARE(influx.waitForExit(), 2);
        QVERIFY2(influx.stderrText().contains("format=statsd or format=json"), influx.stderrText().constData());

        // The database must be there at start-up: it says where to resume.
        ServerProcess noDatabase;
        QVERIFY(noDatabase.start({ u"--kafka"_s, u"127.0.0.1:1/t"_s, u"--kafka-exactly-once"_s, u"--pg"_s,
            u"postgresql://u@127.0.0.1:1/db?connect_timeout=2"_s }));
        QCOMPARE(noDatabase.waitForExit(), 1);
        QVERIFY2(noDatabase.stderrText().contains("reads where to resume from it at start-up"),
            noDatabase.stderrText().constData());
    }

    void killedAndRestartedWritesEveryAggregateExactlyOnce()
    {
        REQUIRE_SERVER();
        TestDatabase db;
        MockBroker mock;
        QVERIFY(mock.start(u"eo:2"_s));
        const QString bootstrap = QString::fromStdString(mock.bootstrap);
        // Event time in an hour to come, so every window stays open until the ledger's own time closes it.
        const qint64 hourMs = 3'600'000;
        const qint64 baseMs = (QDateTime::currentMSecsSinceEpoch() / hourMs + 2) * hourMs;
        const QStringList args { u"--kafka"_s, bootstrap + u"/eo?group=eo-test&format=statsd&from=earliest"_s,
            u"--kafka-exactly-once"_s, u"--pg"_s, QString::fromStdString(db.url()), u"--pg-backfill"_s, u"0"_s,
            u"--kafka-property"_s, u"session.timeout.ms=6000"_s, u"--kafka-property"_s,
            u"heartbeat.interval.ms=500"_s };
        const auto writtenThrough = [&](const char* table) {
            return db.scalar("SELECT (extract(epoch FROM written_through) * 1000)::bigint FROM pulse_kafka_written "
                             "WHERE consumer_group = 'eo-test' AND table_name = '"
                + std::string(table) + "'");
        };
        const auto waitWritten = [&](const char* table, qint64 atLeastMs) {
            const QDeadlineTimer deadline(60'000);
            while (!deadline.hasExpired()) {
                const double through = writtenThrough(table);
                if (!std::isnan(through) && through >= double(atLeastMs))
                    return true;
                QTest::qWait(50);
            }
            qWarning("%s written through %.0f, wanted %lld", table, writtenThrough(table), atLeastMs);
            return false;
        };

        const Ledger first = ledger(baseMs, 0, 600);
        const Ledger second = ledger(baseMs, 600, 1200);
        QVERIFY(produceTimed(mock.bootstrap, "eo", first.messages));

        ServerProcess run1;
        QVERIFY(run1.start(args));
        QVERIFY2(run1.waitForStderr(u"group eo-test has no checkpoint yet"_s).hasMatch(), run1.stderrText().data());
        QVERIFY(waitWritten("metrics_10s", baseMs + 590'000));
        QVERIFY(produceTimed(mock.bootstrap, "eo", second.messages));
        // The second half is in: 1 min windows up to its last open one are written, the hour is still open.
        QVERIFY(waitWritten("metrics_1m", baseMs + 1'140'000));
        ::kill(pid_t(run1.processId()), SIGKILL);
        QCOMPARE(run1.waitForExit(), -1);

        const std::string ledgerRows = "metric_name = 'eo.orders'";
        QCOMPARE(db.scalar("SELECT count(*) FROM metrics_1h WHERE " + ledgerRows), 0.0);
        const double rawBefore = db.scalar("SELECT sum(count) FROM metrics WHERE " + ledgerRows);
        QVERIFY2(rawBefore > 0 && rawBefore < double(first.samples + second.samples),
            QByteArray::number(rawBefore).constData());
        const double minuteBefore = db.scalar("SELECT count(*) FROM metrics_1m WHERE " + ledgerRows);
        QCOMPARE(minuteBefore, 19.0); // [0, 19 min) written, [19 min, 20 min) open when killed

        ServerProcess run2;
        QVERIFY(run2.start(args));
        // The open hour holds the first message of each partition: the restart reads everything again.
        QVERIFY2(run2.waitForStderr(u"group eo-test resumes at eo/0@0 eo/1@0"_s).hasMatch(), run2.stderrText().data());
        // A later message on each partition moves event time past the ledger's hour.
        QList<TimedMessage> closer;
        for (int p = 0; p < 2; ++p)
            closer.append({ p, baseMs + hourMs + 10'000, "eo.tick:1|c" });
        QVERIFY(produceTimed(mock.bootstrap, "eo", closer));
        QVERIFY(waitWritten("metrics_1h", baseMs + hourMs));
        QVERIFY(waitWritten("metrics_1m", baseMs + 1'200'000));
        QVERIFY(waitWritten("metrics_10s", baseMs + 1'200'000));
        QVERIFY(waitWritten("metrics", baseMs + 1'200'000));
        QCOMPARE(run2.terminate(), 0);

        // Every sample counted once in every table, every window exactly one row.
        const int samples = first.samples + second.samples;
        const double counterSum = first.counterSum + second.counterSum;
        const double timerSum = first.timerSum + second.timerSum;
        const struct {
            const char* table;
            const char* time;
            int windows;
        } tables[] = { { "metrics", "time", 1200 }, { "metrics_10s", "bucket", 120 }, { "metrics_1m", "bucket", 20 },
            { "metrics_1h", "bucket", 1 } };
        for (const auto& t : tables) {
            const std::string from = std::string(" FROM ") + t.table + " WHERE ";
            QCOMPARE(db.scalar("SELECT sum(count)" + from + ledgerRows), double(samples));
            QCOMPARE(db.scalar("SELECT sum(sum)" + from + ledgerRows), counterSum);
            QCOMPARE(db.scalar("SELECT sum(count)" + from + "metric_name = 'eo.latency'"), double(samples));
            QCOMPARE(db.scalar("SELECT sum(sum)" + from + "metric_name = 'eo.latency'"), timerSum);
            QCOMPARE(db.scalar("SELECT count(*)" + from + ledgerRows), double(t.windows));
            QCOMPARE(
                db.scalar("SELECT count(DISTINCT " + std::string(t.time) + ")" + from + ledgerRows), double(t.windows));
        }
        // The hour's percentiles come from one digest over every timer sample (values 10..130).
        QCOMPARE(db.scalar("SELECT max FROM metrics_1h WHERE metric_name = 'eo.latency'"), 130.0);
        QCOMPARE(db.scalar("SELECT min FROM metrics_1h WHERE metric_name = 'eo.latency'"), 10.0);
        // No sample came too late for its window in either run (the partitions were kept in step).
        QCOMPARE(db.scalar("SELECT coalesce(sum(sum), 0) FROM metrics WHERE metric_name = 'pulse.window.late_samples'"),
            0.0);
        // Each partition resumes at its closer message (offset 2400), whose windows are still open.
        QCOMPARE(db.scalar("SELECT count(*) FROM pulse_kafka_offsets WHERE consumer_group = 'eo-test'"), 2.0);
        QCOMPARE(db.scalar("SELECT min(next_offset) FROM pulse_kafka_offsets WHERE consumer_group = 'eo-test'"),
            double(first.messages.size() / 2 + second.messages.size() / 2));
        QCOMPARE(db.scalar("SELECT max(next_offset) FROM pulse_kafka_offsets WHERE consumer_group = 'eo-test'"),
            double(first.messages.size() / 2 + second.messages.size() / 2));
    }
};

QTEST_GUILESS_MAIN(TestServerExactlyOnce)
#include "tst_serverexactlyonce.moc"
