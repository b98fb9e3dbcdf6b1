#include "model/hash.h"
#include "sketch/hyperloglog.h"

#include <QTest>

#include <cmath>
#include <cstdint>
#include <string>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

// Relative standard error of HyperLogLog with 2^12 registers: 1.04 / sqrt(4096).
constexpr double kStandardError = 1.04 / 64.0;

/** The i-th distinct hash of stream `stream`: distinct inputs to a bijective mixer never collide. */
std::uint64_t hashOf(std::uint64_t stream, std::uint64_t i)
{
    return hashMix(i ^ (stream << 40));
}

HyperLogLog sketchOf(std::uint64_t stream, std::uint64_t from, std::uint64_t to)
{
    HyperLogLog sketch;
    for (std::uint64_t i = from; i < to; ++i)
        sketch.add(hashOf(stream, i));
    return sketch;
}

std::string withChecksum(std::string payload)
{
    const auto sum = static_cast<std::uint32_t>(hashBytes(payload));
    for (int i = 0; i < 4; ++i)
        payload.push_back(static_cast<char>((sum >> (8 * i)) & 0xff));
    return payload;
}

std::string u32Bytes(std::uint32_t v)
{
    std::string out;
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return out;
}

std::string u64Bytes(std::uint64_t v)
{
    std::string out;
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return out;
}

} // namespace

class TestHyperLogLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smallSetsAreCountedExactly_data()
    {
        QTest::addColumn<int>("distinct");
        QTest::addRow("empty") << 0;
        QTest::addRow("one") << 1;
        QTest::addRow("two") << 2;
        QTest::addRow("hundred") << 100;
        QTest::addRow("exactly the exact limit") << int(HyperLogLog::kExactLimit);
    }

    void smallSetsAreCountedExactly()
    {
        QFETCH(int, distinct);
        HyperLogLog sketch;
        for (int repeat = 0; repeat < 3; ++repeat) {
            for (int i = 0; i < distinct; ++i)
                sketch.add(hashOf(1, std::uint64_t(i)));
        }
        QVERIFY(sketch.isExact());
        QCOMPARE(sketch.isEmpty(), distinct == 0);
        QCOMPARE(sketch.estimate(), double(distinct));
        QVERIFY(sketch.memoryBytes() < 4096);
    }

    void switchesToRegistersPastTheExactLimit()
    {
        HyperLogLog sketch = sketchOf(2, 0, HyperLogLog::kExactLimit + 1);
        QVERIFY(!sketch.isExact());
        QVERIFY(!sketch.isEmpty());
        QVERIFY(sketch.memoryBytes() >= HyperLogLog::kRegisterCount);
        const auto n = double(HyperLogLog::kExactLimit + 1);
        QVERIFY2(std::abs(sketch.estimate() / n - 1.0) <= 3 * kStandardError,
            qPrintable(QString::number(sketch.estimate())));
        // Duplicates of what is already there change nothing.
        const std::string before = sketch.serialized();
        for (std::uint64_t i = 0; i <= HyperLogLog::kExactLimit; ++i)
            sketch.add(hashOf(2, i));
        QCOMPARE(sketch.serialized(), before);
    }

    void estimateWithinThreeStandardErrors_data()
    {
        QTest::addColumn<int>("distinct");
        QTest::addColumn<bool>("isRawIds"); // sequential integers instead of hashes: the sketch remixes them
        QTest::addRow("1k distinct") << 1'000 << false;
        QTest::addRow("10k distinct (old linear-counting switch-over)") << 10'000 << false;
        QTest::addRow("100k distinct") << 100'000 << false;
        QTest::addRow("1M distinct") << 1'000'000 << false;
        QTest::addRow("100k sequential raw ids") << 100'000 << true;
    }

    void estimateWithinThreeStandardErrors()
    {
        QFETCH(int, distinct);
        QFETCH(bool, isRawIds);
        HyperLogLog sketch;
        for (int i = 0; i < distinct; ++i)
            sketch.add(isRawIds ? std::uint64_t(i) : hashOf(3, std::uint64_t(i)));
        const double error = sketch.estimate() / distinct - 1.0;
        QVERIFY2(std::abs(error) <= 3 * kStandardError, qPrintable(QString::number(error)));
    }

    void rmsErrorAtOneMillionIsAboutTwoPercent()
    {
        // Eight independent streams: the RMS error estimates the standard error (1.6 % in theory).
        double sumSquares = 0.0;
        constexpr int kStreams = 8;
        for (int stream = 0; stream < kStreams; ++stream) {
            const double error = sketchOf(10 + std::uint64_t(stream), 0, 1'000'000).estimate() / 1e6 - 1.0;
            QVERIFY2(std::abs(error) <= 3 * kStandardError, qPrintable(QString::number(error)));
            sumSquares += error * error;
        }
        const double rms = std::sqrt(sumSquares / kStreams);
        QVERIFY2(rms <= 0.025, qPrintable(QString::number(rms)));
    }

    void mergeIsUnion_data()
    {
        QTest::addColumn<int>("sizeA");
        QTest::addColumn<int>("sizeB");
        QTest::addColumn<int>("overlap");
        QTest::addColumn<bool>("isExactResult");
        QTest::addRow("two small exact sets") << 100 << 100 << 50 << true;
        QTest::addRow("exact sets whose union passes the limit") << 200 << 200 << 50 << false;
        QTest::addRow("exact set into registers") << 100 << 50'000 << 100 << false;
        QTest::addRow("registers with half overlap") << 300'000 << 300'000 << 150'000 << false;
        QTest::addRow("identical sets") << 5'000 << 5'000 << 5'000 << false;
        QTest::addRow("one side empty") << 0 << 300 << 0 << false;
    }

    void mergeIsUnion()
    {
        QFETCH(int, sizeA);
        QFETCH(int, sizeB);
        QFETCH(int, overlap);
        QFETCH(bool, isExactResult);
        // A holds [0, sizeA), B holds [sizeA - overlap, sizeA - overlap + sizeB).
        const auto startB = std::uint64_t(sizeA - overlap);
        const HyperLogLog a = sketchOf(4, 0, std::uint64_t(sizeA));
        const HyperLogLog b = sketchOf(4, startB, startB + std::uint64_t(sizeB));
        const HyperLogLog both = sketchOf(4, 0, startB + std::uint64_t(sizeB));

        HyperLogLog ab = a;
        ab.merge(b);
        HyperLogLog ba = b;
        ba.merge(a);
        QCOMPARE(ab.isExact(), isExactResult);
        // Registers take the maximum, so the merge equals the sketch of the union bit for bit.
        QCOMPARE(ab.serialized(), both.serialized());
        QCOMPARE(ba.serialized(), both.serialized());
        const auto n = double(sizeA + sizeB - overlap);
        if (isExactResult)
            QCOMPARE(ab.estimate(), n);
        else
            QVERIFY2(
                std::abs(ab.estimate() / n - 1.0) <= 3 * kStandardError, qPrintable(QString::number(ab.estimate())));
    }

    void mergingWithItselfOrEmptyChangesNothing()
    {
        for (const int size : { 10, 10'000 }) {
            HyperLogLog sketch = sketchOf(5, 0, std::uint64_t(size));
            const std::string before = sketch.serialized();
            sketch.merge(sketch);
            QCOMPARE(sketch.serialized(), before);
            sketch.merge(HyperLogLog());
            QCOMPARE(sketch.serialized(), before);
        }
    }

    void clearedSketchIsEmptyAndReusable()
    {
        HyperLogLog sketch = sketchOf(6, 0, 50'000);
        sketch.clear();
        QVERIFY(sketch.isEmpty());
        QVERIFY(sketch.isExact());
        QCOMPARE(sketch.estimate(), 0.0);
        sketch.add(42);
        sketch.add(42);
        QCOMPARE(sketch.estimate(), 1.0);
    }

    void serializationRoundTrips_data()
    {
        QTest::addColumn<int>("distinct");
        QTest::addRow("empty") << 0;
        QTest::addRow("exact, 10 hashes") << 10;
        QTest::addRow("exact, full") << int(HyperLogLog::kExactLimit);
        QTest::addRow("registers, 100k hashes") << 100'000;
    }

    void serializationRoundTrips()
    {
        QFETCH(int, distinct);
        const HyperLogLog sketch = sketchOf(7, 0, std::uint64_t(distinct));
        const std::string bytes = sketch.serialized();
        QVERIFY(bytes.size() <= 2 + 4 + HyperLogLog::kRegisterCount + 4);
        std::string error;
        const std::optional<HyperLogLog> back = HyperLogLog::deserialize(bytes, &error);
        QVERIFY2(back.has_value(), error.c_str());
        QCOMPARE(back->serialized(), bytes);
        QCOMPARE(back->estimate(), sketch.estimate());
        QCOMPARE(back->isExact(), sketch.isExact());
        QCOMPARE(back->isEmpty(), sketch.isEmpty());
    }

    void corruptBytesAreRejected_data()
    {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<QString>("reason");
        const std::string exact = sketchOf(8, 0, 3).serialized();
        const std::string dense = sketchOf(8, 0, 1000).serialized();
        const std::string exactPayload = exact.substr(0, exact.size() - 4);
        const std::string densePayload = dense.substr(0, dense.size() - 4);
        QTest::addRow("no bytes") << std::string() << u"truncated"_s;
        QTest::addRow("five bytes") << exact.substr(0, 5) << u"truncated"_s;
        QTest::addRow("wrong version") << withChecksum("\x02" + exactPayload.substr(1)) << u"version"_s;
        QTest::addRow("flipped register") << (dense.substr(0, 100) + '\x7f' + dense.substr(101)) << u"checksum"_s;
        QTest::addRow("unknown mode") << withChecksum(std::string("\x01\x05") + exactPayload.substr(2)) << u"mode"_s;
        QTest::addRow("exact set without its size") << withChecksum(std::string("\x01\x00", 2)) << u"truncated"_s;
        QTest::addRow("exact set larger than the limit")
            << withChecksum(std::string("\x01\x00", 2) + u32Bytes(1000) + std::string(8000, 'x')) << u"limit"_s;
        QTest::addRow("exact size not matching the data")
            << withChecksum(std::string("\x01\x00", 2) + u32Bytes(2) + u64Bytes(1)) << u"match"_s;
        QTest::addRow("exact set not increasing")
            << withChecksum(std::string("\x01\x00", 2) + u32Bytes(2) + u64Bytes(9) + u64Bytes(3)) << u"increasing"_s;
        QTest::addRow("exact set with a duplicate")
            << withChecksum(std::string("\x01\x00", 2) + u32Bytes(2) + u64Bytes(9) + u64Bytes(9)) << u"increasing"_s;
        QTest::addRow("register block too short")
            << withChecksum(densePayload.substr(0, densePayload.size() - 1)) << u"wrong size"_s;
        std::string badRank = densePayload;
        badRank[10] = static_cast<char>(60);
        QTest::addRow("register rank beyond 53") << withChecksum(badRank) << u"rank"_s;
        QTest::addRow("registers all zero")
            << withChecksum(std::string("\x01\x01", 2) + std::string(HyperLogLog::kRegisterCount, '\0')) << u"zero"_s;
    }

    void corruptBytesAreRejected()
    {
        QFETCH(std::string, bytes);
        QFETCH(QString, reason);
        std::string error;
        QVERIFY(!HyperLogLog::deserialize(bytes, &error).has_value());
        QVERIFY2(QString::fromStdString(error).contains(reason), error.c_str());
    }

    void everyTruncationAndFlippedByteIsRejected_data()
    {
        QTest::addColumn<int>("distinct");
        QTest::addRow("exact") << 50;
        QTest::addRow("registers") << 20'000;
    }

    void everyTruncationAndFlippedByteIsRejected()
    {
        QFETCH(int, distinct);
        const std::string bytes = sketchOf(9, 0, std::uint64_t(distinct)).serialized();
        for (std::size_t length = 0; length < bytes.size(); ++length)
            QVERIFY2(
                !HyperLogLog::deserialize(bytes.substr(0, length)).has_value(), qPrintable(QString::number(length)));
        for (std::size_t at = 0; at < bytes.size(); ++at) {
            std::string flipped = bytes;
            flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
            QVERIFY2(!HyperLogLog::deserialize(flipped).has_value(), qPrintable(QString::number(at)));
        }
    }
};

QTEST_GUILESS_MAIN(TestHyperLogLog)
#include "tst_hyperloglog.moc"
