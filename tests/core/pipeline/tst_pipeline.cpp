// The whole headless pipeline over real loopback sockets: UDP → parse → windows → sinks and store.

#include "collectingsink.h"
#include "pipeline/pipeline.h"

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
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
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
