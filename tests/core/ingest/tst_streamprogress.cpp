// KafkaStreamProgress: the event clock and the resume offsets of exactly-once Kafka.

#include "ingest/streamprogress.h"

#include <QTest>

using namespace pulse;

namespace {

constexpr TimestampMs kBase = 1'700'000'000'000;

PartitionProgress batchOf(
    const std::string& topic, int partition, std::initializer_list<std::pair<std::int64_t, TimestampMs>> messages)
{
    PartitionProgress p;
    p.topic.assign(topic.begin(), topic.end());
    p.partition = partition;
    for (const auto& [offset, ms] : messages)
        p.add(offset, ms);
    return p;
}

} // namespace

class TestStreamProgress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchesKeepTheFirstOffsetOfEachSecond()
    {
        const PartitionProgress p
            = batchOf("t", 0, { { 10, kBase + 100 }, { 11, kBase + 900 }, { 12, kBase + 1500 }, { 13, kBase + 50 } });
        QCOMPARE(p.nextOffset, 14);
        QCOMPARE(p.maxEventMs, kBase + 1500);
        // A late message (offset 13, an earlier second) keeps the earlier second's lowest offset.
        const std::vector<std::pair<std::int64_t, std::int64_t>> expected { { kBase / 1000, 10 },
            { kBase / 1000 + 1, 12 } };
        QCOMPARE(p.firstOffsetBySecond, expected);
    }

    void theClockIsTheSlowestPartitionUntilEveryOneReachedItsEnd()
    {
        KafkaStreamProgress progress;
        const TimestampMs wall = kBase + 3'600'000;
        QCOMPARE(progress.eventClockMs(wall), KafkaStreamProgress::kUnknownMs);
        progress.onAssigned("t", 0, 0);
        progress.onAssigned("t", 1, 0);
        progress.onIngested({ batchOf("t", 0, { { 0, kBase + 5000 } }) });
        // Partition 1 has delivered nothing: the clock does not move (its samples could still be older).
        QCOMPARE(progress.eventClockMs(wall), KafkaStreamProgress::kUnknownMs);
        progress.onIngested({ batchOf("t", 1, { { 0, kBase + 2000 } }) });
        QCOMPARE(progress.eventClockMs(wall), kBase + 2000);
        // Partition 1 reached its end at offset 3, but offsets 1 and 2 are not aggregated yet.
        progress.onEndReached("t", 1, 3, false);
        QCOMPARE(progress.eventClockMs(wall), kBase + 2000);
        progress.onIngested({ batchOf("t", 1, { { 1, kBase + 2100 }, { 2, kBase + 2200 } }) });
        QCOMPARE(progress.eventClockMs(wall), kBase + 5000);
        // Both at their end: the wall clock.
        progress.onEndReached("t", 0, 1, false);
        QCOMPARE(progress.eventClockMs(wall), wall);
        // Monotonic: a partition assigned later with old data does not turn it back.
        progress.onAssigned("t", 2, 0);
        progress.onIngested({ batchOf("t", 2, { { 0, kBase } }) });
        QCOMPARE(progress.eventClockMs(wall + 1), wall);
        // A revoked partition no longer holds it back.
        progress.onRevoked("t", 2);
        QCOMPARE(progress.eventClockMs(wall + 1), wall + 1);
    }

    void anEmptyPartitionAtItsEndDoesNotHoldTheClock()
    {
        KafkaStreamProgress progress;
        progress.onAssigned("t", 0, -1);
        progress.onAssigned("t", 1, -1);
        progress.onIngested({ batchOf("t", 0, { { 7, kBase } }) });
        progress.onEndReached("t", 1, 42, true); // nothing consumed from it: nothing pending
        QCOMPARE(progress.eventClockMs(kBase + 10), kBase);
        // Its resume offset is its end.
        const auto offsets = progress.resumeOffsets(KafkaStreamProgress::kUnknownMs);
        QCOMPARE(offsets.size(), std::size_t(2));
        QCOMPARE(offsets[0], (PartitionOffset { "t", 0, 7 }));
        QCOMPARE(offsets[1], (PartitionOffset { "t", 1, 42 }));
    }

    void resumeAtTheFirstMessageOfAWindowNotWrittenYet()
    {
        KafkaStreamProgress progress;
        progress.onAssigned("t", 0, 100);
        progress.onAssigned("t", 1, 500);
        QCOMPARE(progress.resumeOffsets(KafkaStreamProgress::kUnknownMs),
            (std::vector<PartitionOffset> { { "t", 0, 100 }, { "t", 1, 500 } }));
        progress.onIngested({ batchOf("t", 0, { { 100, kBase }, { 101, kBase + 1000 }, { 102, kBase + 2000 } }),
            batchOf("t", 1, { { 500, kBase + 500 } }) });
        // Nothing written: everything since the start is needed again.
        QCOMPARE(progress.resumeOffsets(KafkaStreamProgress::kUnknownMs),
            (std::vector<PartitionOffset> { { "t", 0, 100 }, { "t", 1, 500 } }));
        // Windows up to kBase + 1 s written: partition 0 resumes at 101, partition 1 has nothing open (its next).
        QCOMPARE(
            progress.resumeOffsets(kBase + 1000), (std::vector<PartitionOffset> { { "t", 0, 101 }, { "t", 1, 501 } }));
        // A late message in a written second (offset 103) does not move the resume point back.
        progress.onIngested({ batchOf("t", 0, { { 103, kBase + 10 } }) });
        QCOMPARE(
            progress.resumeOffsets(kBase + 1000), (std::vector<PartitionOffset> { { "t", 0, 101 }, { "t", 1, 501 } }));
        QCOMPARE(
            progress.resumeOffsets(kBase + 3000), (std::vector<PartitionOffset> { { "t", 0, 104 }, { "t", 1, 501 } }));
    }

    void setStartOffsetsAreLookedUpByPartition()
    {
        KafkaStreamProgress progress;
        progress.setStartOffsets({ { "a", 0, 5 }, { "b", 3, 9 } });
        QCOMPARE(progress.startOffset("a", 0), std::optional<std::int64_t>(5));
        QCOMPARE(progress.startOffset("b", 3), std::optional<std::int64_t>(9));
        QVERIFY(!progress.startOffset("a", 1));
    }
};

QTEST_GUILESS_MAIN(TestStreamProgress)
#include "tst_streamprogress.moc"
