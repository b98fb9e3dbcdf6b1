// KafkaSource with real librdkafka clients against tools/kafka-mock over TCP, kcat as the producer.

#include "kafka/kafkasource.h"
#include "pipeline/aggregator.h"

#include "../pipeline/collectingsink.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "mockbroker.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using namespace pulse;
using test::readLine;
using Mock = test::MockBroker;

namespace {
QString mockPath()
{
    return qEnvironmentVariable("PULSE_BIN_DIR") + u"/kafka-mock"_s;
}
} // namespace

namespace {

constexpr int kStartMs = test::kMockStartMs;
constexpr int kConsumeMs = 30'000;

bool produce(const std::string& bootstrap, const QString& topic, const QByteArray& lines, bool hasKeys = false)
{
    return test::produceWithKcat(bootstrap, topic, lines, hasKeys);
}

KafkaSourceConfig configFor(const Mock& mock, const char* topic, PayloadFormat format, const char* group = "g")
{
    KafkaSourceConfig c;
    c.brokers = mock.bootstrap;
    c.topics = { topic };
    c.group = group;
    c.format = format;
    c.isFromEarliest = true;
    c.stopTimeoutMs = 3000;
    // The mock group coordinator waits a session time-out for members that vanished: keep it short.
    c.properties = { { "session.timeout.ms", "6000" }, { "heartbeat.interval.ms", "500" } };
    return c;
}

/**
 * Stands in for the aggregation thread when the test needs message identity: takes batches, records
 * the ledger sequence numbers of `seq:N|c` payloads, then acknowledges like the Aggregator does.
 */
class LedgerDrain {
public:
    explicit LedgerDrain(IngestQueue& queue)
        : m_queue(queue)
        , m_thread([this] { run(); })
    { }
    ~LedgerDrain()
    {
        m_isStopping = true;
        m_thread.join();
    }
    void setHeld(bool isHeld) { m_isHeld = isHeld; }
    /** Simulates an aggregation thread slower than the consumer: every batch then takes this long. */
    void setBatchCost(std::chrono::milliseconds cost) { m_batchCostMs = int(cost.count()); }
    std::size_t unique() const
    {
        std::lock_guard lock(m_mutex);
        return m_seen.size();
    }
    std::size_t duplicates() const
    {
        std::lock_guard lock(m_mutex);
        std::size_t d = 0;
        for (const auto& [seq, n] : m_seen)
            d += n - 1;
        return d;
    }
    bool hasAll(int first, int last) const
    {
        std::lock_guard lock(m_mutex);
        for (int i = first; i <= last; ++i)
            if (!m_seen.count(i))
                return false;
        return true;
    }

private:
    void run()
    {
        std::vector<IngestBatchPtr> batches;
        while (!m_isStopping) {
            if (m_isHeld) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5)); // simulates a stalled aggregation thread
                continue;
            }
            m_queue.popAll(batches, std::chrono::milliseconds(20));
            for (IngestBatchPtr& b : batches) {
                for (const PayloadSlice& s : b->payloads) {
                    const std::string_view p(b->bytes.data() + s.offset, s.size);
                    const auto colon = p.find(':');
                    if (!p.starts_with("seq:"))
                        continue;
                    std::lock_guard lock(m_mutex);
                    ++m_seen[std::stoi(std::string(p.substr(4, colon - 4)))];
                }
                if (b->onIngested)
                    b->onIngested();
                m_queue.recycle(std::move(b));
                if (const int cost = m_batchCostMs.load(); cost > 0)
                    std::this_thread::sleep_for(std::chrono::milliseconds(cost));
            }
            batches.clear();
        }
    }

    IngestQueue& m_queue;
    mutable std::mutex m_mutex;
    std::map<int, int> m_seen;
    std::atomic<bool> m_isStopping { false };
    std::atomic<bool> m_isHeld { false };
    std::atomic<int> m_batchCostMs { 0 };
    std::thread m_thread;
};

QByteArray ledger(int first, int last)
{
    QByteArray out;
    for (int i = first; i <= last; ++i)
        out += "seq:" + QByteArray::number(i) + "|c\n";
    return out;
}

/** All `messages` were read and every partition that delivered some has them committed. */
bool isAllCommitted(const KafkaSourceStats& s, std::uint64_t messages)
{
    std::uint64_t read = 0;
    for (const KafkaPartitionStats& p : s.partitions) {
        read += p.messages;
        if (p.messages > 0 && p.committedOffset != p.nextOffset)
            return false;
    }
    return read == messages;
}

int outageMs()
{
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("PULSE_KAFKA_OUTAGE_MS", &ok);
    return ok ? ms : 10'000;
}

} // namespace

class TestKafkaSource : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(mockPath()), qPrintable(u"kafka-mock not built at "_s + mockPath()));
        QVERIFY(!QStandardPaths::findExecutable(u"kcat"_s).isEmpty());
    }

    void ledgerInEveryFormatIsAggregatedExactly_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("series");
        QTest::addRow("statsd") << int(PayloadFormat::Statsd) << u"ledger"_s;
        QTest::addRow("influx") << int(PayloadFormat::Influx) << u"ledger.value"_s;
        QTest::addRow("json, source from the key") << int(PayloadFormat::Json) << u"ledger{source=web-1}"_s;
    }
    void ledgerInEveryFormatIsAggregatedExactly()
    {
        QFETCH(int, format);
        QFETCH(QString, series);
        constexpr int kCount = 300;
        Mock mock;
        QVERIFY(mock.start(u"ledger:3"_s));
        QByteArray lines;
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        for (int i = 1; i <= kCount; ++i) {
            if (format == int(PayloadFormat::Statsd))
                lines += "k|ledger:" + QByteArray::number(i) + "|c\n";
            else if (format == int(PayloadFormat::Influx))
                lines += "k|ledger value=" + QByteArray::number(i) + "\n";
            else
                lines += "web-1|{\"metric_name\":\"ledger\",\"value\":" + QByteArray::number(i)
                    + ",\"time\":" + QByteArray::number(nowMs) + "}\n";
        }
        QVERIFY(produce(mock.bootstrap, u"ledger"_s, lines, true));

        IngestQueue queue;
        AggregatorConfig ac;
        ac.engine.specs = { WindowSpec { 1000, 1000 } };
        ac.engine.allowedLatenessMs = 60'000; // only counting here: nothing may be late
        ac.sourceNames = { "pulse", "kafka" };
        Aggregator aggregator(ac, queue, SystemClock::instance());
        test::CollectingSink sink(0);
        aggregator.addSink(&sink);
        aggregator.start();
        KafkaSource source(configFor(mock, "ledger", PayloadFormat(format)), 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().messages, std::uint64_t(kCount), kConsumeMs);
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().batchesAcked > 0 && queue.depth() == 0, true, kConsumeMs);
        source.stop();
        aggregator.stop();
        QCOMPARE(source.stats().decodeErrors, 0u);
        QCOMPARE(sink.total(series.toStdString(), &WindowResult::count), double(kCount));
        QCOMPARE(sink.total(series.toStdString(), &WindowResult::sum), double(kCount) * (kCount + 1) / 2);
    }

    void poisonMessagesAreDeadLetteredAndThePartitionMovesOn()
    {
        Mock mock;
        QVERIFY(mock.start(u"poison:1"_s));
        QByteArray lines = "{\"name\":\"ok\",\"value\":1}"
                           "\n"
                           "\x01\x02\xfe garbage\n"
                           "{\"name\":\"ok\",\"value\":"
                           "\n"
                           "{\"name\":\"ok\",\"value\":\"12\"}"
                           "\n";
        lines += "{\"name\":\"ok\",\"value\":1,\"pad\":\"" + QByteArray(2 * 1024 * 1024, 'x') + "\"}\n";
        lines += "{\"name\":\"ok\",\"value\":2}"
                 "\n";
        QVERIFY(produce(mock.bootstrap, u"poison"_s, lines));

        IngestQueue queue;
        LedgerDrain drain(queue); // JSON arrives as points: the drain only acknowledges
        KafkaSource source(configFor(mock, "poison", PayloadFormat::Json), 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().messages, 6u, kConsumeMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            source.stats().partitions.size() == 1 && source.stats().partitions[0].lagMessages == 0, true, kConsumeMs);
        const KafkaSourceStats s = source.stats();
        QCOMPARE(s.decodeErrors, 4u);
        QCOMPARE(s.tooLarge, 1u);
        QCOMPARE(s.partitions[0].decodeErrors, 4u);
        QCOMPARE(s.partitions[0].nextOffset, 6);
        const std::vector<DeadLetter> dead = source.deadLetters().entries();
        QCOMPARE(dead.size(), 4u);
        const std::vector<std::pair<std::int64_t, std::string>> expected { { 1, "invalid_json" }, { 2, "invalid_json" },
            { 3, "wrong_value_type" }, { 4, "too_large" } };
        for (std::size_t i = 0; i < dead.size(); ++i) {
            QCOMPARE(dead[i].offset, expected[i].first);
            QCOMPARE(dead[i].reason, expected[i].second);
            QVERIFY(dead[i].hexPrefix.size() <= 2 * kDeadLetterPrefixBytes);
        }
        QCOMPARE(dead[0].hexPrefix.substr(0, 4), "0102");
        QVERIFY(dead[3].sizeBytes > 2u * 1024 * 1024);
        source.stop();

        // The offsets of dead letters were committed too: a restarted consumer of the group sees nothing again.
        KafkaSource again(configFor(mock, "poison", PayloadFormat::Json), 1, queue);
        QCOMPARE(again.start(), std::nullopt);
        QVERIFY(produce(mock.bootstrap, u"poison"_s,
            "{\"name\":\"ok\",\"value\":3}"
            "\n"));
        QTRY_COMPARE_WITH_TIMEOUT(again.stats().messages, 1u, kConsumeMs);
        QCOMPARE(again.stats().decodeErrors, 0u);
    }

    void allBrokersDownThenUpLosesNothing()
    {
        Mock mock;
        QVERIFY(mock.start(u"outage:2"_s));
        IngestQueue queue;
        LedgerDrain drain(queue);
        KafkaSource source(configFor(mock, "outage", PayloadFormat::Statsd), 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        QVERIFY(produce(mock.bootstrap, u"outage"_s, ledger(1, 200)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 200), kConsumeMs);
        for (int id = 1; id <= 3; ++id)
            QCOMPARE(mock.command("broker down " + QByteArray::number(id)), QByteArray("ok"));
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().state, KafkaState::Down, kConsumeMs);
        QVERIFY(!source.stats().stateReason.empty());
        QCOMPARE(source.state(), KafkaState::Down); // the lock-free view agrees (panels ask it every tick)
        QCOMPARE(source.stateReason(), source.stats().stateReason);
        QTest::qWait(outageMs()); // the outage itself is the scenario, not a synchronisation
        for (int id = 1; id <= 3; ++id)
            QCOMPARE(mock.command("broker up " + QByteArray::number(id)), QByteArray("ok"));
        QVERIFY(produce(mock.bootstrap, u"outage"_s, ledger(201, 400)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 400), kConsumeMs);
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().state, KafkaState::Up, kConsumeMs);
        QCOMPARE(source.state(), KafkaState::Up);
        QVERIFY(source.stateReason().empty());
        QCOMPARE(drain.unique(), 400u);
        // Whatever was read twice is counted, exactly (the stats are published about once a second).
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().redelivered, std::uint64_t(drain.duplicates()), kConsumeMs);
        qInfo("duplicates after the outage: %zu", drain.duplicates());
    }

    void coordinatorAndCommitErrorsLoseNothing_data()
    {
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<bool>("failsCommits");
        // Each is answered to the next requests of that API, cluster-wide, by the mock's group coordinator.
        QTest::addRow("heartbeat NOT_COORDINATOR") << QByteArray("error Heartbeat NOT_COORDINATOR 5") << false;
        // librdkafka looks the coordinator up again and retries the commit itself: no error reaches the source.
        QTest::addRow("offset commit NOT_COORDINATOR") << QByteArray("error OffsetCommit NOT_COORDINATOR 3") << false;
        QTest::addRow("offset commit timed out") << QByteArray("error OffsetCommit REQUEST_TIMED_OUT 3") << true;
    }
    void coordinatorAndCommitErrorsLoseNothing()
    {
        QFETCH(QByteArray, fault);
        QFETCH(bool, failsCommits);
        Mock mock;
        QVERIFY(mock.start(u"coord:2"_s));
        IngestQueue queue;
        LedgerDrain drain(queue);
        KafkaSource source(configFor(mock, "coord", PayloadFormat::Statsd, "coord-group"), 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        QVERIFY(produce(mock.bootstrap, u"coord"_s, ledger(1, 200)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 200), kConsumeMs);
        QTRY_VERIFY_WITH_TIMEOUT(isAllCommitted(source.stats(), 200), kConsumeMs);
        QCOMPARE(mock.command(fault), QByteArray("ok"));
        QVERIFY(produce(mock.bootstrap, u"coord"_s, ledger(201, 400)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 400), kConsumeMs);
        if (failsCommits)
            QTRY_VERIFY_WITH_TIMEOUT(source.stats().commitErrors >= 1u, kConsumeMs); // the fault was hit
        // The coordinator recovers, the next commits go through and cover everything read.
        QTRY_VERIFY_WITH_TIMEOUT(isAllCommitted(source.stats(), 400), kConsumeMs);
        QCOMPARE(drain.unique(), 400u);
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().redelivered, std::uint64_t(drain.duplicates()), kConsumeMs);
        source.stop();

        // A consumer of the same group starts where the commits say: nothing of the ledger is read again.
        KafkaSource again(configFor(mock, "coord", PayloadFormat::Statsd, "coord-group"), 2, queue);
        QCOMPARE(again.start(), std::nullopt);
        QVERIFY(produce(mock.bootstrap, u"coord"_s, ledger(401, 450)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 450), kConsumeMs);
        QTRY_VERIFY_WITH_TIMEOUT(isAllCommitted(again.stats(), 50), kConsumeMs);
        QCOMPARE(again.stats().messages, 50u);
    }

    void hugeMessageIsDeadLetteredAndThePartitionMovesOn()
    {
        // The issue asks for 10 MB; librdkafka 2.0.2's mock cluster keeps at most 5 MiB per partition and a larger
        // message set leaves the partition unreadable to every client (kcat too), so 4.5 MiB is the largest it can
        // serve. The consumer's fetch limits (16 MiB per partition, kafkaconfig.cpp) are checked in tst_kafkaconfig.
        Mock mock;
        QVERIFY(mock.start(u"huge:1"_s));
        QByteArray lines = ledger(1, 10);
        lines += "seq:11:" + QByteArray(4608 * 1024, '7') + "|c\n";
        lines += ledger(12, 20);
        QVERIFY(produce(mock.bootstrap, u"huge"_s, lines));
        IngestQueue queue;
        LedgerDrain drain(queue);
        KafkaSource source(configFor(mock, "huge", PayloadFormat::Statsd), 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(12, 20), kConsumeMs);
        QVERIFY(drain.hasAll(1, 10));
        QCOMPARE(drain.unique(), 19u); // the huge one never reached the aggregation thread
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().tooLarge, 1u, kConsumeMs);
        const std::vector<DeadLetter> dead = source.deadLetters().entries();
        QCOMPARE(dead.size(), 1u);
        QCOMPARE(dead[0].offset, std::int64_t(10));
        QCOMPARE(dead[0].reason, std::string("too_large"));
        QVERIFY(dead[0].sizeBytes > 4608u * 1024);
        QVERIFY(dead[0].hexPrefix.size() <= 2 * kDeadLetterPrefixBytes); // the log holds a prefix, not megabytes
        QTRY_VERIFY_WITH_TIMEOUT(isAllCommitted(source.stats(), 20), kConsumeMs); // its offset was stored too
    }

    void secondConsumerJoiningAndLeavingLosesNothing()
    {
        Mock mock;
        QVERIFY(mock.start(u"shared:4"_s));
        IngestQueue queue;
        LedgerDrain drain(queue);
        KafkaSource first(configFor(mock, "shared", PayloadFormat::Statsd, "team"), 1, queue);
        QCOMPARE(first.start(), std::nullopt);
        QVERIFY(produce(mock.bootstrap, u"shared"_s, ledger(1, 500)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 500), kConsumeMs);
        {
            KafkaSource second(configFor(mock, "shared", PayloadFormat::Statsd, "team"), 2, queue);
            QCOMPARE(second.start(), std::nullopt);
            QTRY_VERIFY_WITH_TIMEOUT(first.stats().rebalances >= 2 && second.stats().rebalances >= 1, kConsumeMs);
            QVERIFY(produce(mock.bootstrap, u"shared"_s, ledger(501, 1000)));
            QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 1000), kConsumeMs);
            // The rebalance counts above prove the group changed; whether the newcomer's partitions got part of
            // this one batch depends on when the cooperative assignment completed, so it is logged, not asserted.
            qInfo(
                "second consumer took %llu of the messages", static_cast<unsigned long long>(second.stats().messages));
        } // the second consumer leaves: its partitions go back to the first one
        QVERIFY(produce(mock.bootstrap, u"shared"_s, ledger(1001, 1500)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 1500), kConsumeMs);
        QCOMPARE(drain.unique(), 1500u);
        qInfo("duplicates across join and leave: %zu", drain.duplicates());
        QVERIFY(drain.duplicates() <= 500u); // bounded: at most what was in flight at a rebalance
    }

    void fullQueuePausesPartitionsAndLosesNothing()
    {
        Mock mock;
        QVERIFY(mock.start(u"slow:2"_s));
        IngestQueue queue(1);
        LedgerDrain drain(queue);
        drain.setHeld(true);
        KafkaSource source(configFor(mock, "slow", PayloadFormat::Statsd), 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        // Two produce runs, so the messages arrive as separate batches: one fills the queue, the next pauses.
        QVERIFY(produce(mock.bootstrap, u"slow"_s, ledger(1, 100)));
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().messages >= 100u, kConsumeMs); // first batch now fills the queue
        QVERIFY(produce(mock.bootstrap, u"slow"_s, ledger(101, 200)));
        QVERIFY(produce(mock.bootstrap, u"slow"_s, ledger(201, 300)));
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().isPaused, kConsumeMs);
        drain.setHeld(false);
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 300), kConsumeMs);
        QTRY_VERIFY_WITH_TIMEOUT(!source.stats().isPaused, kConsumeMs);
        QVERIFY(source.stats().pauses >= 1u);
        QCOMPARE(drain.unique(), 300u);
    }

    void sustainedBackpressurePausesAndResumesWithoutLoss()
    {
        // 200,000 messages through a two-batch queue into a slow aggregation thread: the partitions are paused and
        // resumed many times, and every message still arrives. Four partitions keep each under the mock cluster's
        // per-partition retention (5 MiB), which would otherwise drop the oldest messages before they are read.
        constexpr int kCount = 200'000;
        Mock mock;
        QVERIFY(mock.start(u"stress:4"_s));
        QVERIFY(produce(mock.bootstrap, u"stress"_s, ledger(1, kCount)));
        IngestQueue queue(2);
        LedgerDrain drain(queue);
        drain.setBatchCost(std::chrono::milliseconds(15));
        KafkaSource source(configFor(mock, "stress", PayloadFormat::Statsd), 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().pauses >= 3u, kConsumeMs);
        drain.setBatchCost(std::chrono::milliseconds(0));
        QTRY_VERIFY_WITH_TIMEOUT(drain.unique() == std::size_t(kCount), 4 * kConsumeMs);
        QVERIFY(drain.hasAll(1, kCount));
        // Stats are a snapshot published every so often: the last messages can reach the drain before they are
        // counted in it, so wait for both (the first version read one snapshot and failed in CI with all delivered).
        QTRY_VERIFY_WITH_TIMEOUT(
            !source.stats().isPaused && source.stats().messages >= std::uint64_t(kCount), kConsumeMs);
        const KafkaSourceStats s = source.stats();
        qInfo("%llu pauses, %zu duplicates", static_cast<unsigned long long>(s.pauses), drain.duplicates());
        QCOMPARE(s.decodeErrors, 0u);
    }

    void stopWithMessagesStillPrefetchedDoesNotAbort()
    {
        // librdkafka serves the consumer queue on the close queue while closing; fetched messages still in it once
        // aborted the process (2.0.2 asserts on an op no callback handles). Stop a source mid-stream, several times,
        // with a prefetch full of messages the aggregation thread never took.
        constexpr int kCount = 100'000;
        Mock mock;
        QVERIFY(mock.start(u"midstream:4"_s));
        QVERIFY(produce(mock.bootstrap, u"midstream"_s, ledger(1, kCount)));
        IngestQueue queue(2);
        LedgerDrain drain(queue);
        drain.setBatchCost(std::chrono::milliseconds(20)); // slower than the fetcher: the prefetch fills up
        std::uint64_t dropped = 0;
        for (int round = 1; round <= 3; ++round) {
            KafkaSource source(configFor(mock, "midstream", PayloadFormat::Statsd, "midstream-group"), 1, queue);
            QCOMPARE(source.start(), std::nullopt);
            const std::size_t before = drain.unique();
            QTRY_VERIFY_WITH_TIMEOUT(drain.unique() > before + 1000, kConsumeMs);
            source.stop();
            dropped += source.stats().droppedWhileClosing;
        }
        qInfo("messages dropped while closing (not stored, read again by the next member): %llu",
            static_cast<unsigned long long>(dropped));
        // Nothing taken was lost on the way: the next member reads on from the committed offsets.
        drain.setBatchCost(std::chrono::milliseconds(0));
        KafkaSource last(configFor(mock, "midstream", PayloadFormat::Statsd, "midstream-group"), 1, queue);
        QCOMPARE(last.start(), std::nullopt);
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, kCount), 4 * kConsumeMs);
    }

    void statsPerPartitionCanBePolledFromAnotherThread()
    {
        Mock mock;
        QVERIFY(mock.start(u"metrics:3"_s));
        IngestQueue queue;
        LedgerDrain drain(queue);
        KafkaSource source(configFor(mock, "metrics", PayloadFormat::Statsd), 1, queue);
        std::atomic<bool> isPolling { true };
        std::atomic<int> snapshots { 0 };
        std::mutex seenMutex;
        double maxMessagesPerSec = 0;
        double maxBytesPerSec = 0;
        std::int64_t maxLagMessages = -1;
        std::thread poller([&] {
            while (isPolling) {
                const KafkaSourceStats s = source.stats(); // races with the consumer thread unless it is safe
                std::lock_guard lock(seenMutex);
                for (const KafkaPartitionStats& p : s.partitions) {
                    maxMessagesPerSec = std::max(maxMessagesPerSec, p.messagesPerSec);
                    maxBytesPerSec = std::max(maxBytesPerSec, p.bytesPerSec);
                    maxLagMessages = std::max(maxLagMessages, p.lagMessages);
                }
                ++snapshots;
            }
        });
        QCOMPARE(source.start(), std::nullopt);
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().rebalances >= 1u, kConsumeMs);
        QByteArray lines;
        QByteArray payloadBytes;
        for (int i = 1; i <= 3000; ++i) {
            const QByteArray line = "seq:" + QByteArray::number(i) + "|c";
            lines += "k" + QByteArray::number(i % 97) + "|" + line + "\n";
            payloadBytes += line;
        }
        lines += "k1|\x01\x02 binary\n";
        QVERIFY(produce(mock.bootstrap, u"metrics"_s, lines, true));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 3000), kConsumeMs);
        const auto isCaughtUp = [&source] {
            const KafkaSourceStats now = source.stats(); // one snapshot: begin() and end() of the same vector
            return now.messages == 3001u && now.partitions.size() == 3u
                && std::all_of(now.partitions.begin(), now.partitions.end(),
                    [](const KafkaPartitionStats& p) { return p.lagMessages == 0; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(isCaughtUp(), kConsumeMs);
        QTRY_VERIFY_WITH_TIMEOUT(isAllCommitted(source.stats(), 3001u), kConsumeMs);
        isPolling = false;
        poller.join();
        const KafkaSourceStats s = source.stats();
        QVERIFY(s.commits >= 1u);
        std::uint64_t messages = 0;
        std::uint64_t bytes = 0;
        std::uint64_t decodeErrors = 0;
        for (const KafkaPartitionStats& p : s.partitions) {
            QCOMPARE(p.topic, "metrics");
            QVERIFY(p.isAssigned);
            QVERIFY2(p.rebalances >= 1u, "the assignment counts for each partition");
            QVERIFY2(p.messages > 0u, "97 keys spread over 3 partitions");
            QCOMPARE(p.lagMs, std::int64_t(0)); // caught up: no lag in time either
            QCOMPARE(p.nextOffset, std::int64_t(p.messages));
            messages += p.messages;
            bytes += p.bytes;
            decodeErrors += p.decodeErrors;
        }
        QCOMPARE(messages, 3001u);
        QCOMPARE(bytes, std::uint64_t(payloadBytes.size()) + 9u);
        QCOMPARE(decodeErrors, 1u);
        QCOMPARE(s.decodeErrors, 1u);
        std::lock_guard lock(seenMutex);
        QVERIFY(snapshots > 10);
        QVERIFY2(maxMessagesPerSec > 0, "some snapshot showed the partitions' message rate");
        QVERIFY2(maxBytesPerSec > 0, "and their byte rate");
        QVERIFY(maxLagMessages >= 0);
    }

    void stopDuringBrokerOutageReturnsPromptly_data()
    {
        QTest::addColumn<bool>("isAssignmentLost");
        QTest::addRow("partitions still assigned") << false;
        QTest::addRow("after the session timed out") << true;
    }
    void stopDuringBrokerOutageReturnsPromptly()
    {
        QFETCH(bool, isAssignmentLost);
        // A close an earlier test left to the background must not be counted against this stop.
        QVERIFY(KafkaSource::waitForBackgroundCloses(std::chrono::milliseconds(kConsumeMs)));
        Mock mock;
        QVERIFY(mock.start(u"gone:2"_s));
        IngestQueue queue;
        LedgerDrain drain(queue);
        KafkaSource source(configFor(mock, "gone", PayloadFormat::Statsd), 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        QVERIFY(produce(mock.bootstrap, u"gone"_s, ledger(1, 50)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 50), kConsumeMs);
        // Everything read is committed: the outage starts with no commit pending, as it usually does.
        QTRY_VERIFY_WITH_TIMEOUT(isAllCommitted(source.stats(), 50u), kConsumeMs);
        for (int id = 1; id <= 3; ++id)
            QCOMPARE(mock.command("broker down " + QByteArray::number(id)), QByteArray("ok"));
        QTRY_COMPARE_WITH_TIMEOUT(source.stats().state, KafkaState::Down, kConsumeMs);
        if (isAssignmentLost) // the consumer also had to give its partitions up (lost, not revoked)
            QTRY_VERIFY_WITH_TIMEOUT(source.stats().lostAssignments >= 1u, kConsumeMs);
        else // two seconds into the outage (the scenario, not a synchronisation), within the 6 s session
            QTest::qWait(2000);
        if (!isAssignmentLost)
            QCOMPARE(source.stats().lostAssignments, 0u);
        const KafkaState stateAtStop = source.stats().state;
        QElapsedTimer timer;
        timer.start();
        source.stop();
        const qint64 stopMs = timer.elapsed();
        qInfo("stop took %lld ms, %zu close(s) left to the background (state was %s)", stopMs,
            KafkaSource::backgroundCloses(), std::string(kafkaStateName(stateAtStop)).c_str());
        QVERIFY2(stopMs < 3000, qPrintable(QString::number(stopMs)));
        // No commit was waiting for a coordinator, so the handle was closed and destroyed within stop().
        QCOMPARE(KafkaSource::backgroundCloses(), 0u);
    }

    void slowCloseFinishesInTheBackgroundAfterStopReturns()
    {
        Mock mock;
        QVERIFY(mock.start(u"slowclose:2"_s));
        IngestQueue queue;
        LedgerDrain drain(queue);
        KafkaSourceConfig config = configFor(mock, "slowclose", PayloadFormat::Statsd);
        config.stopTimeoutMs = 1000;
        KafkaSource source(config, 1, queue);
        QCOMPARE(source.start(), std::nullopt);
        QVERIFY(produce(mock.bootstrap, u"slowclose"_s, ledger(1, 50)));
        QTRY_VERIFY_WITH_TIMEOUT(drain.hasAll(1, 50), kConsumeMs);
        // Every broker answers 4 s late: leaving the group at close cannot finish within the stop budget.
        QCOMPARE(mock.command("rtt all 4000"), QByteArray("ok"));
        QElapsedTimer timer;
        timer.start();
        source.stop();
        const qint64 stopMs = timer.elapsed();
        qInfo("stop took %lld ms", stopMs);
        QVERIFY2(stopMs < 1500, qPrintable(QString::number(stopMs)));
        QCOMPARE(KafkaSource::backgroundCloses(), 1u);
        // The close goes on with its own handle and callback state, and ends: no handle or thread is leaked.
        QVERIFY(KafkaSource::waitForBackgroundCloses(std::chrono::milliseconds(kConsumeMs)));
        QCOMPARE(KafkaSource::backgroundCloses(), 0u);
    }
};

QTEST_GUILESS_MAIN(TestKafkaSource)
#include "tst_kafkasource.moc"
