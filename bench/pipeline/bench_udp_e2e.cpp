// UDP end to end: statsd-blast (sendmmsg, ~40 lines per datagram) on CPU 1 offers a bounded number of
// lines at a fixed rate to a Pipeline pinned to CPU 0 (receiver thread + aggregation thread). Reports
// lines/s offered and accounted, and checks the ledger: sent = accepted + rejected + kernel-dropped.
//   bench_udp_e2e [RATE ...]   (default rates: 2M, 6M, 9M, 12M lines/s; 0 = unlimited)

#include "pipeline/pipeline.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <chrono>
#include <cstdio>
#include <sched.h>
#include <thread>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

struct Outcome {
    double offeredLinesPerS = 0;
    std::uint64_t sentLines = 0;
    std::uint64_t sentDatagrams = 0;
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    std::uint64_t kernelDropped = 0;
    std::uint64_t receivedDatagrams = 0;
    double seconds = 0;
};

Outcome runOnce(const QString& blast, long rate, long lines)
{
    PipelineConfig config;
    ListenAddress a;
    a.port = 0;
    config.udp.push_back(a);
    config.hasSystemCollector = false;
    config.outputWindows.push_back(WindowSpec { 10'000, 10'000, false });
    config.maxSeries = 100'000;
    Pipeline pipeline(config);
    if (auto error = pipeline.start()) {
        std::fprintf(stderr, "start failed: %s\n", error->c_str());
        std::exit(1);
    }
    const std::uint16_t port = pipeline.udpPorts().at(0);
    QProcess p;
    p.start(blast,
        { u"--target"_s, u"127.0.0.1:%1"_s.arg(port), u"--lines"_s, QString::number(lines), u"--rate"_s,
            QString::number(rate), u"--lines-per-datagram"_s, u"40"_s, u"--series"_s, u"1000"_s, u"--cpu"_s, u"1"_s,
            u"--max-seconds"_s, u"60"_s });
    p.waitForFinished(120'000);
    const QJsonObject summary
        = QJsonDocument::fromJson(p.readAllStandardOutput().trimmed().split('\n').last()).object();
    Outcome o;
    o.sentLines = static_cast<std::uint64_t>(summary[u"lines"_s].toDouble());
    o.sentDatagrams = static_cast<std::uint64_t>(summary[u"datagrams"_s].toDouble());
    o.seconds = summary[u"seconds"_s].toDouble();
    o.offeredLinesPerS = summary[u"lines_per_s"_s].toDouble();
    // Wait until the receiver has accounted for every datagram (received or dropped by the kernel).
    for (int i = 0; i < 200; ++i) {
        const auto snap = pipeline.udpSnapshots().at(0);
        if (snap.datagrams + snap.kernelDrops >= o.sentDatagrams)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1200)); // the aggregator publishes stats each second
    pipeline.stop();
    const auto stats = pipeline.stats();
    const auto snap = pipeline.udpSnapshots().at(0);
    o.accepted = stats.sources.at(2).acceptedLines;
    o.rejected = stats.sources.at(2).rejectedLines;
    o.receivedDatagrams = snap.datagrams;
    o.kernelDropped = snap.kernelDrops * 40;
    return o;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QString blast
        = qEnvironmentVariable("PULSE_BIN_DIR", QCoreApplication::applicationDirPath()) + u"/statsd-blast"_s;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    sched_setaffinity(0, sizeof set, &set); // every pipeline thread inherits CPU 0
    std::vector<long> rates;
    for (int i = 1; i < argc; ++i)
        rates.push_back(std::atol(argv[i]));
    if (rates.empty())
        rates = { 2'000'000, 6'000'000, 9'000'000, 12'000'000, 0 };
    std::printf("%-12s %-14s %-14s %-10s %-14s %-10s\n", "offered/s", "sent lines", "accepted", "received%",
        "kernel-dropped", "ledger");
    for (long rate : rates) {
        const long lines = rate == 0 ? 40'000'000 : std::max(4'000'000L, rate * 4);
        const Outcome o = runOnce(blast, rate, lines);
        const bool ledgerOk = o.sentLines == o.accepted + o.rejected + o.kernelDropped;
        std::printf("%-12.0f %-14llu %-14llu %-10.3f %-14llu %s\n", o.offeredLinesPerS,
            static_cast<unsigned long long>(o.sentLines), static_cast<unsigned long long>(o.accepted),
            o.sentLines ? 100.0 * double(o.accepted) / double(o.sentLines) : 0.0,
            static_cast<unsigned long long>(o.kernelDropped), ledgerOk ? "exact" : "MISMATCH");
        std::fflush(stdout);
    }
    return 0;
}
