// statsd-blast: a bounded StatsD load generator (sendmmsg), loopback by default.
// Prints one JSON line with what was sent, for benchmarks and soak tests.

#include "blaster.h"

#include <csignal>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace {

std::atomic<bool> g_isInterrupted { false };

void onSignal(int)
{
    g_isInterrupted.store(true, std::memory_order_relaxed);
}

constexpr const char* kUsage = R"(usage: statsd-blast [options]
Sends StatsD lines "blast.s<k>:<value>|<type>" cycling k over the series, then prints
{"lines":...,"datagrams":...,"bytes":...,"seconds":...,"lines_per_s":...}

  --target HOST:PORT          where to send (default 127.0.0.1:8125; IPv6 as [::1]:8125)
  --lines N                   total lines to send (default 1000000)
  --rate LINES_PER_S          0 = as fast as possible (default 0)
  --lines-per-datagram N      (default 40)
  --series K                  distinct series blast.s0 .. blast.s<K-1> (default 1000)
  --type c|g|ms               counters send 1, gauges k, timers sequence % 1000 (default c)
  --cpu N                     pin the sender to CPU N
  --max-seconds S             hard stop (default 60)
  --help
)";

template <typename T> std::optional<T> number(std::string_view text)
{
    T value {};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/** Fills `o` from the command line; an error message for bad usage. */
std::optional<std::string> parseArguments(int argc, char** argv, pulse::blast::Options& o, bool& isHelp)
{
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            isHelp = true;
            return std::nullopt;
        }
        std::string_view value;
        if (const auto eq = arg.find('='); eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return std::string("missing value for ") + std::string(arg);
        }
        const std::string bad = "invalid value '" + std::string(value) + "' for " + std::string(arg);

        if (arg == "--target") {
            const auto parsed = pulse::parseListenAddress(value);
            if (!parsed.isOk())
                return parsed.error;
            o.target = *parsed.address;
            if (o.target.port == 0)
                return std::string("--target needs a port other than 0");
        } else if (arg == "--lines") {
            const auto v = number<std::uint64_t>(value);
            if (!v)
                return bad;
            o.lines = *v;
        } else if (arg == "--rate") {
            const auto v = number<double>(value);
            if (!v)
                return bad;
            o.linesPerS = *v;
        } else if (arg == "--lines-per-datagram") {
            const auto v = number<int>(value);
            if (!v)
                return bad;
            o.linesPerDatagram = *v;
        } else if (arg == "--series") {
            const auto v = number<std::uint32_t>(value);
            if (!v)
                return bad;
            o.series = *v;
        } else if (arg == "--type") {
            const auto t = pulse::metricTypeFromStatsd(value);
            if (!t
                || (*t != pulse::MetricType::Counter && *t != pulse::MetricType::Gauge
                    && *t != pulse::MetricType::Timer))
                return bad + " (expected c, g or ms)";
            o.type = *t;
        } else if (arg == "--cpu") {
            const auto v = number<int>(value);
            if (!v || *v < 0)
                return bad;
            o.cpu = *v;
        } else if (arg == "--max-seconds") {
            const auto v = number<double>(value);
            if (!v)
                return bad;
            o.maxSeconds = *v;
        } else {
            return "unknown option " + std::string(arg);
        }
    }
    if (auto error = pulse::blast::validate(o); !error.empty())
        return error;
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv)
{
    pulse::blast::Options options;
    bool isHelp = false;
    if (const auto error = parseArguments(argc, argv, options, isHelp)) {
        std::fprintf(stderr, "statsd-blast: %s (see --help)\n", error->c_str());
        return 2;
    }
    if (isHelp) {
        std::fputs(kUsage, stdout);
        return 0;
    }

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    options.stop = &g_isInterrupted;
    const pulse::blast::Result result = pulse::blast::run(options);
    if (result.refusedSends > 0)
        std::fprintf(stderr, "statsd-blast: %llu sends refused: is anything listening on %s?\n",
            static_cast<unsigned long long>(result.refusedSends), options.target.toString().c_str());
    if (!result.error.empty()) {
        std::fprintf(stderr, "statsd-blast: %s\n", result.error.c_str());
        std::puts(result.toJson().c_str());
        return 1;
    }
    std::puts(result.toJson().c_str());
    return 0;
}
