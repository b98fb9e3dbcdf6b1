#include "storage/pgspool.h"

#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <unistd.h>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

SeriesTextPtr series(std::string key, MetricType type = MetricType::Gauge)
{
    auto s = std::make_shared<SeriesText>();
    s->key = key;
    s->metricName = std::move(key);
    s->tagsJson = "{}";
    s->type = type;
    return s;
}

StorageBatch batchOf(StorageTable table, int rows, TimestampMs startMs, const std::string& key = "cpu")
{
    StorageBatch b;
    b.table = table;
    const SeriesTextPtr s = series(key);
    for (int i = 0; i < rows; ++i) {
        StorageRow r;
        r.series = s;
        r.timeMs = startMs + i * 1000;
        r.count = 1;
        r.sum = i;
        b.rows.push_back(r);
    }
    return b;
}

std::vector<StorageBatch> drain(PgSpool& spool)
{
    std::vector<StorageBatch> out;
    while (auto record = spool.peekOldest()) {
        out.push_back(record->batch);
        spool.markDone(record->id);
    }
    return out;
}

qint64 fileSize(const std::string& path)
{
    return QFileInfo(QString::fromStdString(path)).size();
}

void corruptByte(const std::string& path, qint64 offset)
{
    const int fd = ::open(path.c_str(), O_RDWR);
    QVERIFY(fd >= 0);
    char c = 0;
    QCOMPARE(::pread(fd, &c, 1, offset), ssize_t(1));
    c = static_cast<char>(c ^ 0x5A);
    QCOMPARE(::pwrite(fd, &c, 1, offset), ssize_t(1));
    ::close(fd);
}

} // namespace

class TestPgSpool : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void crc32MatchesTheStandardCheckValue() { QCOMPARE(PgSpool::crc32("123456789"), 0xCBF43926u); }

    void encodingRoundTripsHostileTextVerbatim_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addRow("sql injection") << QByteArray("'); DROP TABLE metrics; --");
        QTest::addRow("backslashes and tabs") << QByteArray("a\\b\\\\c\td\ne\r");
        QTest::addRow("unicode") << QByteArray("température/δ/日本語/🚀");
        QTest::addRow("json-ish") << QByteArray("{\"k\":\"v\"}\\u0000");
        QTest::addRow("empty") << QByteArray();
    }
    void encodingRoundTripsHostileTextVerbatim()
    {
        QFETCH(QByteArray, text);
        auto s = std::make_shared<SeriesText>();
        s->key = s->sourceId = s->metricName = s->tagsJson = text.toStdString();
        s->type = MetricType::Timer;
        StorageBatch b;
        b.table = StorageTable::Rollup1m;
        StorageRow r;
        r.series = s;
        r.timeMs = -5;
        r.count = 3;
        r.p99 = 1.5;
        r.digestBytes = text.toStdString() + std::string(1, '\0');
        b.rows.push_back(r);
        const std::string payload = PgSpool::encode(b);
        const auto rows = PgSpool::decode(payload, 1);
        QVERIFY(rows.has_value());
        QCOMPARE(rows->size(), std::size_t(1));
        const StorageRow& back = rows->front();
        QCOMPARE(back.series->key, s->key);
        QCOMPARE(back.series->tagsJson, s->tagsJson);
        QCOMPARE(back.series->type, MetricType::Timer);
        QCOMPARE(back.timeMs, TimestampMs(-5));
        QCOMPARE(back.count, 3.0);
        QCOMPARE(back.p99, 1.5);
        QVERIFY(std::isnan(back.sum));
        QCOMPARE(back.digestBytes, r.digestBytes);
        QVERIFY(!PgSpool::decode(payload.substr(0, payload.size() - 1), 1));
        QVERIFY(!PgSpool::decode(payload, 2));
        // Records of the first format have no writer run in front of the rows.
        std::int64_t run = -1;
        const auto legacy = PgSpool::decode(std::string_view(payload).substr(8), 1, &run, false);
        QVERIFY(legacy.has_value());
        QCOMPARE(legacy->front().digestBytes, r.digestBytes);
        QCOMPARE(run, std::int64_t(0));
    }

    void batchesReplayInOrderAndSurviveReopen()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(u"spool"_s).toStdString();
        {
            PgSpool spool(path, 1 << 20);
            QVERIFY(spool.open());
            for (int i = 0; i < 5; ++i) {
                StorageBatch b = batchOf(StorageTable::Raw, 3, i * 10'000);
                b.writerRun = 1000 + i; // the run that wrote it comes back with it (a replay stays recognisable)
                QVERIFY(spool.append(b));
            }
            auto first = spool.peekOldest();
            QVERIFY(first);
            spool.markDone(first->id);
            QCOMPARE(spool.stats().liveRows, std::uint64_t(12));
        }
        PgSpool reopened(path, 1 << 20);
        QVERIFY(reopened.open());
        QCOMPARE(reopened.stats().liveRecords, std::uint64_t(4));
        const auto batches = drain(reopened);
        QCOMPARE(batches.size(), std::size_t(4));
        for (std::size_t i = 0; i < batches.size(); ++i) {
            QCOMPARE(batches[i].rows.front().timeMs, TimestampMs((i + 1) * 10'000));
            QCOMPARE(batches[i].writerRun, std::int64_t(1001 + i));
        }
        QVERIFY(reopened.isEmpty());
        QCOMPARE(fileSize(path), qint64(0)); // fully replayed: the file is reset
    }

    void fullSpoolDropsOldestRawRowsFirstAndKeepsRollups()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(u"spool"_s).toStdString();
        const std::size_t recordBytes
            = PgSpool::kHeaderBytes + PgSpool::encode(batchOf(StorageTable::Raw, 10, 0)).size();
        PgSpool spool(path, recordBytes * 6); // room for six records
        QVERIFY(spool.open());
        QVERIFY(spool.append(batchOf(StorageTable::Rollup10s, 10, 0)));
        QVERIFY(spool.append(batchOf(StorageTable::Rollup1h, 10, 0)));
        for (int i = 0; i < 8; ++i)
            QVERIFY(spool.append(batchOf(StorageTable::Raw, 10, i * 100'000)));
        const PgSpoolStats stats = spool.stats();
        QCOMPARE(stats.droppedRows[int(StorageTable::Raw)], std::uint64_t(40));
        QCOMPARE(stats.droppedRows[int(StorageTable::Rollup10s)], std::uint64_t(0));
        QCOMPARE(stats.droppedRows[int(StorageTable::Rollup1h)], std::uint64_t(0));
        QCOMPARE(stats.liveRecords, std::uint64_t(6));
        const auto batches = drain(spool);
        QCOMPARE(batches[0].table, StorageTable::Rollup10s);
        QCOMPARE(batches[1].table, StorageTable::Rollup1h);
        QCOMPARE(batches[2].rows.front().timeMs, TimestampMs(400'000)); // the four oldest raw batches went
    }

    void rawBatchIsDroppedRatherThanAnyRollup()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(u"spool"_s).toStdString();
        const std::size_t recordBytes
            = PgSpool::kHeaderBytes + PgSpool::encode(batchOf(StorageTable::Raw, 10, 0)).size();
        PgSpool spool(path, recordBytes * 2);
        QVERIFY(spool.open());
        QVERIFY(spool.append(batchOf(StorageTable::Rollup1m, 10, 0)));
        QVERIFY(spool.append(batchOf(StorageTable::Rollup1m, 10, 60'000)));
        QVERIFY(!spool.append(batchOf(StorageTable::Raw, 10, 0)));
        QCOMPARE(spool.stats().droppedRows[int(StorageTable::Raw)], std::uint64_t(10));
        QCOMPARE(spool.stats().droppedRows[int(StorageTable::Rollup1m)], std::uint64_t(0));
        // A newer rollup still evicts the oldest rollup: rollups are kept, newest first.
        QVERIFY(spool.append(batchOf(StorageTable::Rollup1m, 10, 120'000)));
        QCOMPARE(spool.stats().droppedRows[int(StorageTable::Rollup1m)], std::uint64_t(10));
    }

    void corruptionIsDetectedCountedAndSkipped_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<int>("expectedCorrupt");
        QTest::addColumn<int>("expectedBatches");
        QTest::addRow("torn last record") << u"truncate"_s << 1 << 3;
        QTest::addRow("flipped byte in a middle payload") << u"flip-middle"_s << 1 << 3;
        QTest::addRow("garbage appended after the last record") << u"garbage"_s << 1 << 4;
        QTest::addRow("header of the first record destroyed") << u"flip-magic"_s << 1 << 0;
        QTest::addRow("no damage") << u"none"_s << 0 << 4;
    }
    void corruptionIsDetectedCountedAndSkipped()
    {
        QFETCH(QString, damage);
        QFETCH(int, expectedCorrupt);
        QFETCH(int, expectedBatches);
        QTemporaryDir dir;
        const std::string path = dir.filePath(u"spool"_s).toStdString();
        const qint64 recordBytes
            = qint64(PgSpool::kHeaderBytes + PgSpool::encode(batchOf(StorageTable::Raw, 4, 0)).size());
        {
            PgSpool spool(path, 1 << 20);
            QVERIFY(spool.open());
            for (int i = 0; i < 4; ++i)
                QVERIFY(spool.append(batchOf(StorageTable::Raw, 4, i * 10'000)));
        }
        QCOMPARE(fileSize(path), recordBytes * 4);
        if (damage == u"truncate"_s) {
            QCOMPARE(::truncate(path.c_str(), recordBytes * 4 - 7), 0);
        } else if (damage == u"flip-middle"_s) {
            corruptByte(path, recordBytes * 1 + PgSpool::kHeaderBytes + 5);
        } else if (damage == u"garbage"_s) {
            QFile f(QString::fromStdString(path));
            QVERIFY(f.open(QIODevice::Append));
            f.write(QByteArray(13, 'x'));
        } else if (damage == u"flip-magic"_s) {
            corruptByte(path, 0);
        }
        PgSpool spool(path, 1 << 20);
        QVERIFY(spool.open());
        const auto batches = drain(spool);
        QCOMPARE(int(spool.stats().corruptRecords), expectedCorrupt);
        QCOMPARE(int(batches.size()), expectedBatches);
        for (const StorageBatch& b : batches)
            QCOMPARE(b.rows.size(), std::size_t(4));
        // After recovery the spool is usable again.
        QVERIFY(spool.append(batchOf(StorageTable::Raw, 4, 0)));
        QCOMPARE(drain(spool).size(), std::size_t(1));
    }

    void unwritablePathFailsToOpenWithAReason()
    {
        PgSpool spool("/nonexistent-dir/spool", 1024);
        std::string error;
        QVERIFY(!spool.open(&error));
        QVERIFY(error.find("/nonexistent-dir/spool") != std::string::npos);
        QVERIFY(!spool.append(batchOf(StorageTable::Raw, 2, 0)));
        QCOMPARE(spool.stats().droppedRows[int(StorageTable::Raw)], std::uint64_t(2));
    }
};

QTEST_GUILESS_MAIN(TestPgSpool)
#include "tst_pgspool.moc"
