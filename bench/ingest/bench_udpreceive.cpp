// UDP receive throughput: statsd-blast's sending loop on one core, a UdpReceiver on the other, and a
// consumer that only counts lines and recycles batches. Reports offered vs received lines/s and
// kernel drops at 2M, 6M, 12M lines/s offered and unlimited. Plain program (not Google Benchmark):
// each point is a timed run over real loopback sockets.
//
//   bench_udpreceive [--seconds S] [--runs N] [--rcvbuf BYTES] [--lines-per-datagram N]

#include "../../tools/statsd-blast/blaster.h"
#include "ingest/udpreceiver.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace pulse;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Settings {
    double seconds = 2.0;
    int runs = 3;
    int rcvBufBytes = 8 * 1024 * 1024;
    int linesPerDatagram = 40;
};

struct RunResult {
    double sentLinesPerS = 0;
    double receivedLinesPerS = 0;
    std::uint64_t sentLines = 0;
    std::uint64_t receivedLines = 0;
    std::uint64_t sentDatagrams = 0;
    std::uint64_t receivedDatagrams = 0;
    std::uint64_t kernelDrops = 0;
    std::int64_t unaccounted = 0; ///< sent - received - kernel drops (drops before the socket, e.g. backlog)
    std::string error;
};

std::uint64_t countLines(const IngestBatch& batch)
{
    std::uint64_t n = 0;
    const char* p = batch.bytes.data();
    const char* end = p + batch.bytes.size();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))))) {
        ++n;
        ++p;
    }
    return n;
}

RunResult runOnce(double linesPerS, const Settings& settings)
{
    RunResult result;
    IngestQueue queue(64);
    UdpReceiverConfig config;
    config.address = *parseListenAddress("127.0.0.1:0").address;
    config.rcvBufBytes = settings.rcvBufBytes;
    config.cpu = 0;
    UdpReceiver receiver(config, queue);
    if (const auto error = receiver.start()) {
        result.error = *error;
        return result;
    }

    std::atomic<bool> isConsumerStopped { false };
    std::atomic<std::uint64_t> receivedLines { 0 };
    std::atomic<SteadyClock::rep> lastBatchTicks { 0 };
    std::thread consumer([&] {
        std::vector<IngestBatchPtr> batches;
        while (!isConsumerStopped.load(std::memory_order_acquire) || queue.depth() > 0) {
            queue.popAll(batches, std::chrono::milliseconds(20));
            if (batches.empty())
                continue;
            std::uint64_t lines = 0;
            for (IngestBatchPtr& b : batches) {
                lines += countLines(*b);
                queue.recycle(std::move(b));
            }
            batches.clear();
            receivedLines.fetch_add(lines, std::memory_order_relaxed);
            lastBatchTicks.store(SteadyClock::now().time_since_epoch().count(), std::memory_order_relaxed);
        }
    });

    blast::Options options;
    options.target = config.address;
    options.target.port = receiver.boundPort();
    options.linesPerS = linesPerS;
    options.lines = linesPerS > 0 ? static_cast<std::uint64_t>(linesPerS * settings.seconds) : 1'000'000'000'000ULL;
    options.maxSeconds = linesPerS > 0 ? settings.seconds * 2 : settings.seconds;
    options.linesPerDatagram = settings.linesPerDatagram;
    options.cpu = 1;
    const auto sendStart = SteadyClock::now();
    blast::Result sent;
    std::thread sender([&] { sent = blast::run(options); });
    sender.join();
    if (!sent.error.empty()) {
        result.error = sent.error;
        isConsumerStopped.store(true, std::memory_order_release);
        consumer.join();
        return result;
    }

    // Settle: every datagram is either received or counted as a kernel drop (read when the socket idles).
    const auto settleDeadline = SteadyClock::now() + std::chrono::seconds(3);
    while (SteadyClock::now() < settleDeadline) {
        const UdpReceiverSnapshot s = receiver.snapshot();
        if (s.datagrams + s.kernelDrops >= sent.datagrams)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(UdpReceiver::kPollInterval * 2); // let an idle drop-counter refresh land
    receiver.stop();
    isConsumerStopped.store(true, std::memory_order_release);
    consumer.join();

    const UdpReceiverSnapshot s = receiver.snapshot();
    const double receiveSeconds
        = std::chrono::duration<double>(SteadyClock::duration(lastBatchTicks.load()) - sendStart.time_since_epoch())
              .count();
    result.sentLines = sent.lines;
    result.sentDatagrams = sent.datagrams;
    result.sentLinesPerS = sent.linesPerS();
    result.receivedLines = receivedLines.load();
    result.receivedDatagrams = s.datagrams;
    result.receivedLinesPerS = receiveSeconds > 0 ? static_cast<double>(result.receivedLines) / receiveSeconds : 0;
    result.kernelDrops = s.kernelDrops;
    result.unaccounted = static_cast<std::int64_t>(sent.datagrams) - static_cast<std::int64_t>(s.datagrams)
        - static_cast<std::int64_t>(s.kernelDrops);
    return result;
}

std::string rateName(double linesPerS)
{
    if (linesPerS <= 0)
        return "unlimited";
    char text[32];
    std::snprintf(text, sizeof text, "%gM/s", linesPerS / 1e6);
    return text;
}

template <typename T> T median(std::vector<T> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

bool parseSettings(int argc, char** argv, Settings& s)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view arg = argv[i];
        const char* value = argv[i + 1];
        if (arg == "--seconds")
            s.seconds = std::atof(value);
        else if (arg == "--runs")
            s.runs = std::atoi(value);
        else if (arg == "--rcvbuf")
            s.rcvBufBytes = std::atoi(value);
        else if (arg == "--lines-per-datagram")
            s.linesPerDatagram = std::atoi(value);
        else
            return false;
    }
    return (argc % 2) == 1 && s.seconds > 0 && s.runs > 0 && s.linesPerDatagram > 0;
}

} // namespace

int main(int argc, char** argv)
{
    Settings settings;
    if (!parseSettings(argc, argv, settings)) {
        std::fprintf(
            stderr, "usage: bench_udpreceive [--seconds S] [--runs N] [--rcvbuf BYTES] [--lines-per-datagram N]\n");
        return 2;
    }
    std::printf("UDP receive: receiver pinned to cpu 0, sender (sendmmsg, %d lines/datagram) to cpu 1, "
                "%.1f s per run, median of %d runs, SO_RCVBUF %d bytes\n",
        settings.linesPerDatagram, settings.seconds, settings.runs, settings.rcvBufBytes);
    std::printf("%-10s %14s %14s %12s %8s %12s\n", "offered", "sent lines/s", "recv lines/s", "kernel drops", "drop %",
        "unaccounted");

    for (const double rate : { 2e6, 6e6, 12e6, 0.0 }) {
        std::vector<RunResult> runs;
        for (int i = 0; i < settings.runs; ++i) {
            RunResult r = runOnce(rate, settings);
            if (!r.error.empty()) {
                std::fprintf(stderr, "bench_udpreceive: %s\n", r.error.c_str());
                return 1;
            }
            std::fprintf(stderr,
                "  run %d %-10s sent %.0f recv %.0f lines/s, datagrams sent %llu recv %llu drops %llu\n", i + 1,
                rateName(rate).c_str(), r.sentLinesPerS, r.receivedLinesPerS,
                static_cast<unsigned long long>(r.sentDatagrams), static_cast<unsigned long long>(r.receivedDatagrams),
                static_cast<unsigned long long>(r.kernelDrops));
            runs.push_back(r);
        }
        std::vector<double> sentRates, receivedRates, dropPercents;
        std::vector<std::uint64_t> drops;
        std::vector<std::int64_t> unaccounted;
        for (const RunResult& r : runs) {
            sentRates.push_back(r.sentLinesPerS);
            receivedRates.push_back(r.receivedLinesPerS);
            drops.push_back(r.kernelDrops);
            dropPercents.push_back(r.sentDatagrams
                    ? 100.0 * static_cast<double>(r.kernelDrops) / static_cast<double>(r.sentDatagrams)
                    : 0);
            unaccounted.push_back(r.unaccounted);
        }
        std::printf("%-10s %14.0f %14.0f %12llu %7.2f%% %12lld\n", rateName(rate).c_str(), median(sentRates),
            median(receivedRates), static_cast<unsigned long long>(median(drops)), median(dropPercents),
            static_cast<long long>(median(unaccounted)));
        std::fflush(stdout);
    }
    return 0;
}
