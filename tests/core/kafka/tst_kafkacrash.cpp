// At-least-once across a crash: a consumer process (kafka-ledger-consumer) is killed with SIGKILL mid-stream and a
// new member of the same group takes over. Nothing of the ledger may be lost; what is read twice is bounded by one
// commit interval (auto.commit.interval.ms = 1 s) of consumption.

#include "mockbroker.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace pulse;

namespace {

constexpr int kLedger = 20'000;

QByteArray ledger(int first, int last)
{
    QByteArray out;
    for (int i = first; i <= last; ++i)
        out += "seq:" + QByteArray::number(i) + "|c\n";
    return out;
}

/** A running kafka-ledger-consumer whose printed sequence numbers are collected as they come. */
class Consumer {
public:
    bool start(const std::string& bootstrap, int batchCostMs)
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setStandardErrorFile(QProcess::nullDevice());
        m_process.start(qEnvironmentVariable("PULSE_BIN_DIR") + u"/kafka-ledger-consumer"_s,
            { QString::fromStdString(bootstrap), u"crash"_s, u"crash-group"_s, QString::number(batchCostMs) });
        return m_process.waitForStarted(test::kMockStartMs);
    }
    /** Reads what the process printed so far; returns how many sequence numbers it printed in all. */
    int poll()
    {
        m_process.waitForReadyRead(50);
        while (m_process.canReadLine()) {
            const QByteArray line = m_process.readLine().trimmed();
            bool isNumber = false;
            const int seq = line.toInt(&isNumber);
            if (isNumber) {
                ++m_seen[seq];
                ++m_printed;
                if (!m_clock.isValid())
                    m_clock.start();
            }
        }
        return m_printed;
    }
    void kill()
    {
        m_activeMs = m_clock.isValid() ? m_clock.elapsed() : 0;
        m_process.kill(); // SIGKILL: no close, no final commit, no leaving the group
        m_process.waitForFinished(test::kMockStartMs);
        poll();
    }
    void terminate()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(test::kMockStartMs))
            m_process.kill();
    }
    const std::map<int, int>& seen() const { return m_seen; }
    int printed() const { return m_printed; }
    qint64 activeMs() const { return m_activeMs; }

private:
    QProcess m_process;
    std::map<int, int> m_seen;
    int m_printed = 0;
    QElapsedTimer m_clock; // from the first number printed
    qint64 m_activeMs = 0;
};

} // namespace

class TestKafkaCrash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedConsumerLosesNothingAndRereadsAtMostACommitInterval()
    {
        test::MockBroker mock;
        QVERIFY(mock.start(u"crash:2"_s));
        QVERIFY(test::produceWithKcat(mock.bootstrap, u"crash"_s, ledger(1, kLedger)));

        // Slowed down (each batch of up to 1,024 messages takes 150 ms more) so the kill lands mid-stream.
        Consumer first;
        QVERIFY(first.start(mock.bootstrap, 150));
        QDeadlineTimer deadline(60'000);
        while (first.poll() < kLedger / 10 && !deadline.hasExpired()) { }
        QVERIFY2(first.printed() >= kLedger / 10, "the first consumer did not get going");
        // Past the first automatic commit, so the next member does not simply start from the beginning.
        QTest::qWait(1500);
        first.kill();
        QVERIFY2(first.printed() < kLedger, "the first consumer finished before the kill: nothing to test");
        const int printedBeforeKill = first.printed();

        Consumer second;
        QVERIFY(second.start(mock.bootstrap, 0));
        std::map<int, int> all;
        deadline = QDeadlineTimer(60'000);
        while (!deadline.hasExpired()) {
            second.poll();
            all = first.seen();
            for (const auto& [seq, n] : second.seen())
                all[seq] += n;
            if (all.size() == std::size_t(kLedger))
                break;
        }
        second.terminate();

        // No loss: every message of the ledger was taken by one of the two.
        QCOMPARE(all.size(), std::size_t(kLedger));
        QCOMPARE(all.begin()->first, 1);
        QCOMPARE(all.rbegin()->first, kLedger);
        // Duplicates: only what the killed member took after its last commit, at most about one commit interval
        // (1 s, plus the time a commit takes) of its consumption rate.
        int duplicates = 0;
        for (const auto& [seq, n] : all)
            duplicates += n - 1;
        const double perSecond = 1000.0 * printedBeforeKill / std::max<qint64>(first.activeMs(), 1);
        qInfo("killed after %d messages (%.0f/s); %d read again by the next member", printedBeforeKill, perSecond,
            duplicates);
        QVERIFY(duplicates < printedBeforeKill); // the committed offsets were used, not the beginning
        QVERIFY2(duplicates <= int(2 * perSecond) + 1024,
            qPrintable(u"%1 duplicates at %2 messages/s"_s.arg(duplicates).arg(perSecond)));
    }
};

QTEST_MAIN(TestKafkaCrash)
#include "tst_kafkacrash.moc"
