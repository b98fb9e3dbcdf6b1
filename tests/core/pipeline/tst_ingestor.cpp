#include "pipeline/ingestor.h"

#include <QTest>

#include <cmath>

using namespace pulse;

namespace {

IngestBatch batchOf(PayloadFormat format, const std::vector<std::string>& payloads, TimestampMs arrivalMs)
{
    IngestBatch b;
    b.sourceIndex = 2;
    b.format = format;
    for (const std::string& p : payloads) {
        PayloadSlice s;
        s.offset = static_cast<std::uint32_t>(b.bytes.size());
        s.size = static_cast<std::uint32_t>(p.size());
        s.arrivalMs = arrivalMs;
        b.bytes.insert(b.bytes.end(), p.begin(), p.end());
        b.payloads.push_back(s);
    }
    return b;
}

struct Fixture {
    SeriesRegistry registry;
    WindowEngine engine { EngineConfig { { WindowSpec { 10'000, 10'000, false } } } };
    Ingestor ingestor { registry, engine };

    /** Every closed result by series display name. */
    std::map<std::string, WindowResult> flush()
    {
        std::map<std::string, WindowResult> out;
        for (const auto& b : engine.flush())
            for (const auto& r : b->results)
                out[registry.info(r.series).displayName()] = r;
        return out;
    }
};

constexpr TimestampMs kT0 = 1'700'000'000'000;

} // namespace

class TestIngestor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void statsdBadLinesAreCountedAndTheRestAggregated()
    {
        Fixture f;
        f.ingestor.ingest(batchOf(PayloadFormat::Statsd,
            { "hits:1|c\nhits:2|c|@0.5\nbroken\nlat:10|ms|#svc:api,host:a\nlat:30|ms|#host:a,svc:api\n",
                "g:5|g\ng:+3|g\nx:1|zz\n_e{1,1}:a|b\nset:alice|s\nset:bob|s\nset:alice|s\nv:NaN|g\n" },
            kT0 + 100));
        const SourceCounters& c = f.ingestor.counters(2);
        QCOMPARE(c.payloads, std::uint64_t(2));
        QCOMPARE(c.rejectedLines, std::uint64_t(3));
        QCOMPARE(c.statsdRejects[static_cast<int>(StatsdReject::NoValue)], std::uint64_t(1));
        QCOMPARE(c.statsdRejects[static_cast<int>(StatsdReject::BadType)], std::uint64_t(1));
        QCOMPARE(c.statsdRejects[static_cast<int>(StatsdReject::NotFinite)], std::uint64_t(1));
        QCOMPARE(c.acceptedLines, std::uint64_t(10));
        QCOMPARE(c.events, std::uint64_t(1));

        const auto results = f.flush();
        QCOMPARE(results.at("hits").sum, 5.0); // 1 + 2 / 0.5
        QCOMPARE(results.at("hits").count, 3.0);
        // Tag order does not split a series.
        QCOMPARE(results.at("lat{host=a,svc=api}").count, 2.0);
        QCOMPARE(results.at("lat{host=a,svc=api}").sum, 40.0);
        QCOMPARE(results.at("g").last, 8.0);
        QCOMPARE(results.at("set").distinct, 2.0);
        QVERIFY(!results.contains("x"));
    }

    void statsdTimestampsSetEventTimeAndFutureOnesAreRejected()
    {
        Fixture f;
        const std::int64_t t0s = kT0 / 1000;
        const std::string payload
            = "a:1|c|T" + std::to_string(t0s - 5) + "\na:1|c|T" + std::to_string(t0s + 3600) + "\n";
        f.ingestor.ingest(batchOf(PayloadFormat::Statsd, { payload }, kT0));
        const SourceCounters& c = f.ingestor.counters(2);
        QCOMPARE(c.ingestRejects[static_cast<int>(IngestReject::FutureTimestamp)], std::uint64_t(1));
        QCOMPARE(c.rejectedLines, std::uint64_t(1));
        QCOMPARE(c.acceptedLines, std::uint64_t(1));
        const auto results = f.flush();
        QCOMPARE(results.at("a").startMs, (kT0 - 5000) / 10'000 * 10'000);
    }

    void influxFieldsBecomeGaugesWithTheLineTags()
    {
        Fixture f;
        const std::string ns = std::to_string((kT0 - 2000) * 1'000'000);
        f.ingestor.ingest(batchOf(PayloadFormat::Influx,
            { "cpu,host=a\\ b,dc=eu usage=12.5,cores=4i,ok=true,label=\"x\" " + ns
                + "\n# comment\ncpu usage=\nmem\\,x free=1u\n" },
            kT0));
        const SourceCounters& c = f.ingestor.counters(2);
        QCOMPARE(c.acceptedLines, std::uint64_t(2));
        QCOMPARE(c.rejectedLines, std::uint64_t(1));
        QCOMPARE(c.stringFields, std::uint64_t(1));
        QCOMPARE(c.samples, std::uint64_t(4));
        const auto results = f.flush();
        QCOMPARE(results.at("cpu.usage{dc=eu,host=a b}").last, 12.5);
        QCOMPARE(results.at("cpu.cores{dc=eu,host=a b}").last, 4.0);
        QCOMPARE(results.at("cpu.ok{dc=eu,host=a b}").last, 1.0);
        QCOMPARE(results.at("mem,x.free").last, 1.0);
        QCOMPARE(results.at("cpu.usage{dc=eu,host=a b}").startMs, (kT0 - 2000) / 10'000 * 10'000);
    }

    void truncatedPayloadIsRejectedWhole()
    {
        Fixture f;
        IngestBatch b = batchOf(PayloadFormat::Statsd, { "a:1|c\na:1|c\n" }, kT0);
        b.payloads[0].isTruncated = true;
        f.ingestor.ingest(b);
        QCOMPARE(
            f.ingestor.counters(2).ingestRejects[static_cast<int>(IngestReject::TruncatedPayload)], std::uint64_t(1));
        QVERIFY(f.flush().empty());
    }

    void pointsAreInternedWithSortedTags()
    {
        Fixture f;
        std::vector<PointSample> points { { "sys.cpu", { { "host", "h" }, { "cpu", "total" } }, MetricType::Gauge, 50,
                                              kT0 },
            { "sys.cpu", { { "cpu", "total" }, { "host", "h" } }, MetricType::Gauge, 70, kT0 + 10 } };
        f.ingestor.ingestPoints(points, 1);
        const auto results = f.flush();
        QCOMPARE(results.size(), std::size_t(1));
        QCOMPARE(results.at("sys.cpu{cpu=total,host=h}").max, 70.0);
        QCOMPARE(f.ingestor.counters(1).acceptedLines, std::uint64_t(2));
    }

    void rejectionsAreListedByReason()
    {
        Fixture f;
        f.ingestor.ingest(batchOf(PayloadFormat::Statsd, { "a\nb\nc:1|q\n" }, kT0));
        const auto reasons = f.ingestor.counters(2).rejectsByReason();
        QCOMPARE(reasons.size(), std::size_t(2));
        QCOMPARE(reasons[0].first, std::string_view("no_value"));
        QCOMPARE(reasons[0].second, std::uint64_t(2));
        QCOMPARE(reasons[1].first, std::string_view("bad_type"));
    }

    void lineSinkForwardsOnlyTheChosenSources_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("payload");
        QTest::addRow("statsd") << int(PayloadFormat::Statsd) << QByteArray("a:1|c|#source:s\nbroken\nb:2|g");
        QTest::addRow("influx") << int(PayloadFormat::Influx) << QByteArray("cpu,source=s v=1\nbroken\ncpu v=2");
    }
    void lineSinkForwardsOnlyTheChosenSources()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, payload);
        struct Lines : LineSink {
            std::vector<std::pair<std::uint16_t, std::string>> seen;
            void onAcceptedLine(std::uint16_t sourceIndex, std::string_view line, std::string_view) override
            {
                seen.emplace_back(sourceIndex, std::string(line));
            }
        } sink;
        Fixture f;
        f.ingestor.setLineSink(&sink, { false, false, true }); // source 2 only
        for (std::uint16_t source : { 1, 2, 3 }) {
            IngestBatch b = batchOf(PayloadFormat(format), { payload.toStdString() }, kT0);
            b.sourceIndex = source;
            f.ingestor.ingest(b);
        }
        QCOMPARE(sink.seen.size(), std::size_t(2));
        QCOMPARE(sink.seen[0].first, std::uint16_t(2));
        QCOMPARE(sink.seen[1].first, std::uint16_t(2));
        // Every source is still aggregated; only forwarding is per source.
        for (std::uint16_t source : { 1, 2, 3 })
            QCOMPARE(f.ingestor.counters(source).acceptedLines, std::uint64_t(2));
        f.ingestor.setLineSink(&sink);
        IngestBatch b = batchOf(PayloadFormat(format), { payload.toStdString() }, kT0);
        b.sourceIndex = 7;
        f.ingestor.ingest(b);
        QCOMPARE(sink.seen.size(), std::size_t(4));
        QCOMPARE(sink.seen[3].first, std::uint16_t(7));
    }
};

QTEST_GUILESS_MAIN(TestIngestor)
#include "tst_ingestor.moc"
