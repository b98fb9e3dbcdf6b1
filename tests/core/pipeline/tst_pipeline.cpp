// The whole headless pipeline over real loopback sockets: UDP → parse → windows → sinks and store.

#include "collectingsink.h"
#include "pipeline/pipeline.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace pulse;
using namespace pulse::test;

namespace {

/** Sends datagrams to 127.0.0.1:port from a plain socket. */
class Sender {
public:
    explicit Sender(std::uint16_t port)
        : m_fd(::socket(AF_INET, SOCK_DGRAM, 0))
    {
        int sndbuf = 4 << 20;
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        m_to.sin_family = AF_INET;
        m_to.sin_port = htons(port);
        m_to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    ~Sender() { ::close(m_fd); }
    bool send(const std::string& payload)
    {
        return ::sendto(m_fd, payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&m_to), sizeof m_to)
            == static_cast<ssize_t>(payload.size());
    }

private:
    int m_fd;
    sockaddr_in m_to {};
};

PipelineConfig loopbackConfig(PayloadFormat format = PayloadFormat::Statsd)
{
    PipelineConfig c;
    ListenAddress a;
    a.host = "127.0.0.1";
    a.port = 0;
    a.format = format;
    c.udp.push_back(a);
    c.hasSystemCollector = false;
    c.outputWindows.push_back(WindowSpec { 1000, 1000, false });
    c.allowedLatenessMs = 200;
    return c;
}

/** A source with its own thread that pushes one StatsD payload, like the Kafka source does. */
class FakeSource final : public PipelineSource {
public:
    FakeSource(IngestQueue& queue, std::uint16_t index, std::string name, std::string payload, bool isBroken = false)
        : m_queue(queue)
        , m_index(index)
        , m_name(std::move(name))
        , m_payload(std::move(payload))
        , m_isBroken(isBroken)
    { }
    ~FakeSource() override { stop(); }
    std::string name() const override { return m_name; }
    std::optional<std::string> start() override
    {
        if (m_isBroken)
            return std::string("broken on purpose");
        isStarted = true;
        m_thread = std::thread([this] {
            IngestBatchPtr b = m_queue.acquire();
            b->sourceIndex = m_index;
            b->format = PayloadFormat::Statsd;
            b->bytes.assign(m_payload.begin(), m_payload.end());
            b->payloads.push_back({ 0, std::uint32_t(m_payload.size()), SystemClock::instance().nowMs(), false });
            b->onIngested = [this] { isAcked = true; };
            while (!m_isStopRequested && !m_queue.push(b, std::chrono::milliseconds(50))) { }
        });
        return std::nullopt;
    }
    void stop() override
    {
        m_isStopRequested = true;
        if (m_thread.joinable())
            m_thread.join();
        isStopped = isStarted.load();
    }
    void addSelfMetrics(std::vector<PointSample>& out, TimestampMs nowMs) override
    {
        out.push_back(PointSample { "pulse.fake.up", { { "source", m_name } }, MetricType::Gauge, 1.0, nowMs });
    }

    std::atomic<bool> isStarted { false };
    std::atomic<bool> isStopped { false };
    std::atomic<bool> isAcked { false };

private:
    IngestQueue& m_queue;
    std::uint16_t m_index;
    std::string m_name;
    std::string m_payload;
    bool m_isBroken;
    std::atomic<bool> m_isStopRequested { false };
    std::thread m_thread;
};

/** Remembers every forwarded line as "INDEX|LINE"; read after the pipeline stopped. */
struct CollectingLines final : LineSink {
    std::vector<std::string> lines;
    void onAcceptedLine(std::uint16_t sourceIndex, std::string_view line, std::string_view) override
    {
        lines.push_back(std::to_string(sourceIndex) + "|" + std::string(line));
    }
};

SeriesSelector selectorOf(const char* text)
{
    return *SeriesSelector::parse(text).selector;
}

} // namespace

class TestPipeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void udpStatsdEndToEndExactAggregates()
    {
        Pipeline pipeline(loopbackConfig());
        CollectingSink sink(0);
        pipeline.addSink(&sink);
        QVERIFY(!pipeline.start().has_value());
        // The sink collects the output window spec; with a 1 s output it shares the 1 s store spec.
        QCOMPARE(pipeline.outputSpecIndex(0), std::uint16_t(0));
        Sender sender(pipeline.udpPorts().at(0));

        std::uint64_t sentLines = 0;
        for (int d = 0; d < 200; ++d) {
            std::string payload;
            for (int i = 0; i < 40; ++i) {
                payload += "ledger.c" + std::to_string(i % 4) + ":" + std::to_string(d + 1) + "|c|#run:t\n";
                ++sentLines;
            }
            payload += "ledger.t:" + std::to_string(d) + "|ms\n";
            payload += "bad line in the middle\n";
            payload += "ledger.g:+1|g\n";
            QVERIFY(sender.send(payload));
        }
        // The largest IPv4 UDP payload: 65,507 bytes of counter lines, delivered and parsed whole.
        std::string big;
        std::uint64_t bigLines = 0;
        while (big.size() + 16 <= 65'507 - 32) {
            big += "ledger.big:1|c\n";
            ++bigLines;
        }
        std::string last = "ledger.pad";
        const std::size_t room = 65'507 - big.size() - std::string(":1|c").size();
        last.append(room - last.size(), 'x');
        big += last + ":1|c";
        QCOMPARE(big.size(), std::size_t(65'507));
        QVERIFY(sender.send(big));

        QTRY_VERIFY_WITH_TIMEOUT(
            pipeline.stats().sources.size() > 2 && pipeline.stats().sources[2].payloads == 201, 10'000);
        pipeline.stop();
        QVERIFY(sink.isStopped());

        // Σ over d of (d + 1) per counter line; each counter series gets 10 lines per datagram.
        const double perSeries = 10.0 * (200.0 * 201.0 / 2.0);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(sink.total("ledger.c" + std::to_string(i) + "{run=t}", &WindowResult::sum), perSeries);
        QCOMPARE(sink.total("ledger.t", &WindowResult::count), 200.0);
        QCOMPARE(sink.total("ledger.t", &WindowResult::sum), 199.0 * 200.0 / 2.0);
        QCOMPARE(sink.total("ledger.big", &WindowResult::sum), double(bigLines));
        QCOMPARE(sink.total("ledger.pad" + std::string(last.size() - 10, 'x'), &WindowResult::sum), 1.0);
        const auto gauges = sink.resultsFor("ledger.g");
        QVERIFY(!gauges.empty());
        QCOMPARE(gauges.back().last, 200.0);

        const AggregatorStats stats = pipeline.stats();
        const SourceCounters& c = stats.sources.at(2);
        QCOMPARE(c.rejectedLines, std::uint64_t(200));
        QCOMPARE(c.statsdRejects[static_cast<int>(StatsdReject::NoValue)], std::uint64_t(200));
        QCOMPARE(c.acceptedLines, sentLines + 400 + bigLines + 1);
        QCOMPARE(stats.lateSamples, std::uint64_t(0));
        const auto snaps = pipeline.udpSnapshots();
        QCOMPARE(snaps.at(0).datagrams, std::uint64_t(201));
        QCOMPARE(snaps.at(0).kernelDrops, std::uint64_t(0));
    }

    void influxListenerUsesEventTime()
    {
        Pipeline pipeline(loopbackConfig(PayloadFormat::Influx));
        CollectingSink sink(0);
        pipeline.addSink(&sink);
        QVERIFY(!pipeline.start().has_value());
        Sender sender(pipeline.udpPorts().at(0));
        const TimestampMs t = SystemClock::instance().nowMs() - 100;
        QVERIFY(sender.send("room,floor=2 temp=21.5,humidity=40i " + std::to_string(t * 1'000'000) + "\nroom temp\n"));
        QTRY_VERIFY_WITH_TIMEOUT(
            pipeline.stats().sources.size() > 2 && pipeline.stats().sources[2].payloads == 1, 10'000);
        pipeline.stop();
        const auto temp = sink.resultsFor("room.temp{floor=2}");
        QCOMPARE(temp.size(), std::size_t(1));
        QCOMPARE(temp[0].last, 21.5);
        QCOMPARE(temp[0].startMs, t / 1000 * 1000);
        QCOMPARE(sink.total("room.humidity{floor=2}", &WindowResult::last), 40.0);
        QCOMPARE(pipeline.stats().sources[2].rejectedLines, std::uint64_t(1));
    }

    void closedWindowsReachTheStoreAndSelfMetricsAppear()
    {
        PipelineConfig config = loopbackConfig();
        Pipeline pipeline(config);
        QVERIFY(!pipeline.start().has_value());
        Sender sender(pipeline.udpPorts().at(0));
        QVERIFY(sender.send("store.me:7|g\n"));
        // The 1 s pane closes after lateness; the store then has the series and its point.
        QTRY_VERIFY_WITH_TIMEOUT(
            !pipeline.store().findSeries(*SeriesSelector::parse("store.me").selector).empty(), 10'000);
        const auto series = pipeline.store().findSeries(*SeriesSelector::parse("store.me").selector);
        QTRY_VERIFY_WITH_TIMEOUT(pipeline.store().latest(series[0]->id, Field::Last).has_value(), 10'000);
        QCOMPARE(pipeline.store().latest(series[0]->id, Field::Last)->value, 7.0);
        // The pipeline's own health is an ordinary series.
        QTRY_VERIFY_WITH_TIMEOUT(
            !pipeline.store().findSeries(*SeriesSelector::parse("pulse.ingest.lines{source=udp:*}").selector).empty(),
            10'000);
        pipeline.stop();
    }

    void liveEdgeIsReadableWithinASecondWhileTheWindowIsStillOpen()
    {
        PipelineConfig config = loopbackConfig();
        config.allowedLatenessMs = 5000; // the closed window cannot arrive during the check
        Pipeline pipeline(config);
        QVERIFY(!pipeline.start().has_value());
        Sender sender(pipeline.udpPorts().at(0));
        QElapsedTimer sinceSend;
        sinceSend.start();
        QVERIFY(sender.send("live.edge:42|g\nlive.hits:5|c\n"));
        const RollingStore& store = pipeline.store();
        const auto provisionalOf = [&](const char* selector, Field field) -> std::optional<StorePoint> {
            const auto series = store.findSeries(selectorOf(selector));
            if (series.empty())
                return std::nullopt;
            return store.provisional(series.front()->id, field, SystemClock::instance().nowMs());
        };
        QTRY_VERIFY_WITH_TIMEOUT(provisionalOf("live.edge", Field::Last).has_value(), 1000);
        QVERIFY2(sinceSend.elapsed() < 1000, qPrintable(QString::number(sinceSend.elapsed())));
        QCOMPARE(provisionalOf("live.edge", Field::Last)->value, 42.0);
        const SeriesId id = store.findSeries(selectorOf("live.edge")).front()->id;
        QVERIFY(!store.latest(id, Field::Last).has_value()); // the closed window is not there yet
        QVERIFY(store.stats().provisionalUpdates > 0);

        // A panel-style read ends in it, marked as provisional.
        const TimestampMs now = SystemClock::instance().nowMs();
        RangeQuery query { id, Field::Last, now - 60'000, now, 1000 };
        query.hasLiveEdge = true;
        query.nowMs = now;
        const RangeResult read = store.read(query);
        QCOMPARE(read.points.size(), std::size_t(1));
        QCOMPARE(read.provisionalCount, std::size_t(1));
        QCOMPARE(read.points.back().value, 42.0);

        // The counter's rate shows once its second has passed (a second in progress would understate it).
        QTRY_VERIFY_WITH_TIMEOUT(provisionalOf("live.hits", Field::Rate).has_value(), 3000);
        QCOMPARE(provisionalOf("live.hits", Field::Rate)->value, 5.0);

        // Then the closed window takes over.
        QTRY_VERIFY_WITH_TIMEOUT(store.latest(id, Field::Last).has_value(), 15'000);
        QCOMPARE(store.latest(id, Field::Last)->value, 42.0);
        QVERIFY(!store.provisional(id, Field::Last, SystemClock::instance().nowMs()).has_value());
        pipeline.stop();
    }

    void portAlreadyTakenFailsStartWithAClearError()
    {
        Pipeline first(loopbackConfig());
        QVERIFY(!first.start().has_value());
        PipelineConfig config = loopbackConfig();
        config.udp[0].port = first.udpPorts().at(0);
        Pipeline second(config);
        const auto error = second.start();
        QVERIFY(error.has_value());
        QVERIFY2(error->find("in use") != std::string::npos, error->c_str());
    }

    void withRetriesATakenPortIsReportedFailedAndBindsOnceFree()
    {
        auto first = std::make_unique<Pipeline>(loopbackConfig());
        QVERIFY(!first->start().has_value());
        const std::uint16_t port = first->udpPorts().at(0);
        PipelineConfig config = loopbackConfig();
        config.udp[0].port = port;
        config.udpRetryInterval = std::chrono::milliseconds(100);
        Pipeline second(config);
        QVERIFY(!second.start().has_value()); // goes on without the listener
        QCOMPARE(second.udpPorts().at(0), std::uint16_t(0));
        std::vector<SourceHealth> health = second.sourceHealth();
        QCOMPARE(health.size(), second.sources().size());
        const std::size_t udpIndex = second.sources().at(2).index;
        QCOMPARE(health[udpIndex].state, SourceHealth::State::Failed);
        QVERIFY2(health[udpIndex].message.find("in use") != std::string::npos, health[udpIndex].message.c_str());
        SourceStatus status = second.sourceStatus();
        QCOMPARE(status.failedMask, sourceBit(static_cast<std::uint16_t>(udpIndex)));
        QVERIFY(status.describe(status.failedMask).contains(QString::number(port)));
        QCOMPARE(status.ingestMask, sourceBit(static_cast<std::uint16_t>(udpIndex)));

        first->stop();
        first.reset(); // the port comes free
        QTRY_COMPARE_WITH_TIMEOUT(second.udpPorts().at(0), port, 5000);
        QCOMPARE(second.sourceStatus().failedMask, std::uint64_t(0));
        Sender sender(port);
        QVERIFY(sender.send("back.again:5|g\n"));
        QTRY_VERIFY_WITH_TIMEOUT(
            !second.store().findSeries(*SeriesSelector::parse("back.again").selector).empty(), 10'000);
        second.stop();
    }

    void everySeriesKnowsWhichListenersFedIt()
    {
        PipelineConfig config = loopbackConfig();
        config.udp.push_back(config.udp[0]);
        Pipeline pipeline(config);
        QVERIFY(!pipeline.start().has_value());
        Sender a(pipeline.udpPorts().at(0));
        Sender b(pipeline.udpPorts().at(1));
        QVERIFY(a.send("only.a:1|g\nshared:1|c\n"));
        QVERIFY(b.send("only.b:1|g\nshared:1|c\n"));
        const std::uint64_t bitA = sourceBit(pipeline.sources().at(2).index);
        const std::uint64_t bitB = sourceBit(pipeline.sources().at(3).index);
        const auto maskOf = [&](const char* selector) -> std::uint64_t {
            const auto found = pipeline.store().findSeries(*SeriesSelector::parse(selector).selector);
            return found.empty() ? 0 : pipeline.store().sourceMask(found[0]->id);
        };
        QTRY_COMPARE_WITH_TIMEOUT(maskOf("shared"), bitA | bitB, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(maskOf("only.a"), bitA, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(maskOf("only.b"), bitB, 10'000);
        const auto catalog = pipeline.store().catalog();
        const auto shared = std::find_if(
            catalog.begin(), catalog.end(), [](const CatalogEntry& e) { return e.info->name == "shared"; });
        QVERIFY(shared != catalog.end());
        QCOMPARE(shared->sourceMask, bitA | bitB);
        pipeline.stop();
    }

    void addedSourceIsNamedAggregatedAcknowledgedAndStoppedFirst()
    {
        Pipeline pipeline(loopbackConfig());
        CollectingSink sink(0);
        pipeline.addSink(&sink);
        FakeSource* fake = nullptr;
        const std::uint16_t index = pipeline.addSource(
            [&](IngestQueue& queue, std::uint16_t sourceIndex, const Clock&) {
                auto s = std::make_unique<FakeSource>(queue, sourceIndex, "fake:one", "fake.c:5|c\nfake.c:6|c\nbad\n");
                fake = s.get();
                return s;
            });
        QCOMPARE(index, std::uint16_t(3)); // pulse, system, one UDP listener, then added sources
        QCOMPARE(pipeline.addedSource(index), fake);
        QCOMPARE(pipeline.addedSource(2), nullptr);
        QCOMPARE(pipeline.sources().back().name, std::string("fake:one"));
        QCOMPARE(pipeline.sources().back().index, index);
        QVERIFY(!pipeline.start().has_value());
        QVERIFY(fake->isStarted);
        QTRY_VERIFY_WITH_TIMEOUT(fake->isAcked, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            pipeline.stats().sources.size() > index && pipeline.stats().sources[index].acceptedLines == 2, 10'000);
        QCOMPARE(pipeline.stats().sources[index].rejectedLines, std::uint64_t(1));
        // Its own self-metrics and the ingest counters carry its name.
        QTRY_VERIFY_WITH_TIMEOUT(
            !pipeline.store().findSeries(selectorOf("pulse.fake.up{source=fake:one}")).empty(), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            !pipeline.store().findSeries(selectorOf("pulse.ingest.lines{source=fake:one}")).empty(), 10'000);
        pipeline.stop();
        QVERIFY(fake->isStopped);
        QCOMPARE(sink.total("fake.c", &WindowResult::sum), 11.0);
    }

    void failingAddedSourceFailsStartAndLeavesNothingRunning()
    {
        Pipeline pipeline(loopbackConfig());
        FakeSource* first = nullptr;
        pipeline.addSource([&](IngestQueue& queue, std::uint16_t sourceIndex, const Clock&) {
            auto s = std::make_unique<FakeSource>(queue, sourceIndex, "fake:one", "a:1|c\n");
            first = s.get();
            return s;
        });
        pipeline.addSource([&](IngestQueue& queue, std::uint16_t sourceIndex, const Clock&) {
            return std::make_unique<FakeSource>(queue, sourceIndex, "fake:two", "b:1|c\n", true);
        });
        const auto error = pipeline.start();
        QVERIFY(error.has_value());
        QCOMPARE(*error, std::string("fake:two: broken on purpose"));
        QVERIFY(first->isStopped);
        QVERIFY(pipeline.stats().sources.empty());
        // The UDP listener was closed again: its port can be bound.
        PipelineConfig config = loopbackConfig();
        config.udp[0].port = pipeline.udpPorts().at(0);
        Pipeline again(config);
        QVERIFY(!again.start().has_value());
    }

    void lineSinkGetsTheAcceptedLinesOfUdpListenersOnly()
    {
        Pipeline pipeline(loopbackConfig());
        CollectingLines lines;
        pipeline.setLineSink(&lines);
        FakeSource* fake = nullptr;
        pipeline.addSource([&](IngestQueue& queue, std::uint16_t sourceIndex, const Clock&) {
            auto s = std::make_unique<FakeSource>(queue, sourceIndex, "fake:one", "from.fake:1|c\n");
            fake = s.get();
            return s;
        });
        QVERIFY(!pipeline.start().has_value());
        Sender sender(pipeline.udpPorts().at(0));
        QVERIFY(sender.send("from.udp:1|c|#source:web\nnot a line\nfrom.udp:2|c\n"));
        QTRY_VERIFY_WITH_TIMEOUT(fake->isAcked, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            pipeline.stats().sources.size() > 2 && pipeline.stats().sources[2].payloads == 1, 10'000);
        pipeline.stop();
        QCOMPARE(lines.lines, (std::vector<std::string> { "2|from.udp:1|c|#source:web", "2|from.udp:2|c" }));
    }

    void startHookFillsStoreAndRegistryBeforeAggregation()
    {
        Pipeline pipeline(loopbackConfig());
        const TimestampMs then = (SystemClock::instance().nowMs() / 1000 - 30) * 1000;
        SeriesId historyId = kInvalidSeries;
        std::string listenerName;
        pipeline.setStartHook([&](RollingStore& store, SeriesRegistry& registry) -> std::optional<std::string> {
            listenerName = pipeline.sources().at(2).name;
            historyId = registry.intern(MetricType::Gauge, "history.g", {});
            if (!store.addSeries(registry.infoPtr(historyId)))
                return std::string("addSeries failed");
            WindowBatch batch;
            batch.specIndex = 0;
            batch.spec = WindowSpec { 1000, 1000, false };
            WindowResult r;
            r.series = historyId;
            r.type = MetricType::Gauge;
            r.startMs = then;
            r.endMs = then + 1000;
            r.count = 1;
            r.sum = r.min = r.max = r.mean = r.last = 4;
            batch.results.push_back(r);
            return store.append(0, batch) == 1 ? std::nullopt : std::optional<std::string>("append failed");
        });
        QVERIFY(!pipeline.start().has_value());
        QCOMPARE(listenerName, "udp:127.0.0.1:" + std::to_string(pipeline.udpPorts().at(0)) + "/statsd");
        Sender sender(pipeline.udpPorts().at(0));
        QVERIFY(sender.send("history.g:9|g\n"));
        // The live sample lands on the series the hook interned: one series, the old point and the new one.
        QTRY_COMPARE_WITH_TIMEOUT(
            pipeline.store().latest(historyId, Field::Last).value_or(StorePoint {}).value, 9.0, 10'000);
        QCOMPARE(pipeline.store().findSeries(selectorOf("history.g")).size(), std::size_t(1));
        const RangeResult points
            = pipeline.store().read(RangeQuery { historyId, Field::Last, then, then + 60'000, 1000 });
        QVERIFY(points.points.size() >= 2);
        QCOMPARE(points.points.front().timeMs, then);
        QCOMPARE(points.points.front().value, 4.0);
        pipeline.stop();
    }

    void failingStartHookFailsStartWithItsMessage()
    {
        Pipeline pipeline(loopbackConfig());
        pipeline.setStartHook([](RollingStore&, SeriesRegistry&) { return std::optional<std::string>("no history"); });
        QCOMPARE(pipeline.start(), std::optional<std::string>("no history"));
        PipelineConfig config = loopbackConfig();
        config.udp[0].port = pipeline.udpPorts().at(0);
        Pipeline again(config);
        QVERIFY(!again.start().has_value());
    }

    void selfMetricsProvidersBecomeSeries()
    {
        Pipeline pipeline(loopbackConfig());
        pipeline.addSelfMetricsProvider([](std::vector<PointSample>& out, TimestampMs nowMs) {
            out.push_back(PointSample { "pulse.extra.value", {}, MetricType::Gauge, 42.0, nowMs });
        });
        QVERIFY(!pipeline.start().has_value());
        QTRY_VERIFY_WITH_TIMEOUT(!pipeline.store().findSeries(selectorOf("pulse.extra.value")).empty(), 10'000);
        const SeriesId id = pipeline.store().findSeries(selectorOf("pulse.extra.value")).front()->id;
        QTRY_VERIFY_WITH_TIMEOUT(pipeline.store().latest(id, Field::Last).has_value(), 10'000);
        QCOMPARE(pipeline.store().latest(id, Field::Last)->value, 42.0);
        pipeline.stop();
    }

    void rollupDigestsAreKeptFromTenSecondsAndOutputWindowsShareSpecs()
    {
        PipelineConfig config;
        config.outputWindows = { WindowSpec { 10'000, 10'000, false }, WindowSpec { 3'600'000, 3'600'000, false } };
        config.hasRollupDigests = true;
        std::vector<std::uint16_t> outputs;
        const EngineConfig e = Pipeline::engineConfigFor(config, &outputs);
        QCOMPARE(e.specs.size(), std::size_t(4)); // 1 s, 10 s, 1 min, 1 h
        QCOMPARE(outputs, (std::vector<std::uint16_t> { 1, 3 }));
        QVERIFY(!e.specs[0].keepDigest);
        QVERIFY(e.specs[1].keepDigest);
        QVERIFY(e.specs[2].keepDigest);
        QVERIFY(e.specs[3].keepDigest);
        config.hasRollupDigests = false;
        for (const WindowSpec& s : Pipeline::engineConfigFor(config, nullptr).specs)
            QVERIFY(!s.keepDigest);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
