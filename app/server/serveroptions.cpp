#include "serveroptions.h"

#include "model/duration.h"

#include <charconv>
#include <sstream>

namespace pulse::server {

namespace {

/** Splits `--name=value` or takes the next argument; nullopt when the value is missing. */
struct ArgReader {
    const std::vector<std::string>& args;
    std::size_t i = 0;

    bool atEnd() const { return i >= args.size(); }
    std::optional<std::string> value(std::string_view name, const std::string& arg)
    {
        if (arg.size() > name.size() && arg[name.size()] == '=')
            return arg.substr(name.size() + 1);
        if (i + 1 >= args.size())
            return std::nullopt;
        return args[++i];
    }
};

bool isOption(const std::string& arg, std::string_view name)
{
    return arg == name
        || (arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 && arg[name.size()] == '=');
}

template <class T> std::optional<T> parseNumber(const std::string& s)
{
    T v {};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::optional<std::vector<double>> parseQuantiles(const std::string& s)
{
    std::vector<double> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto q = parseNumber<double>(item);
        if (!q || *q < 0 || *q > 1)
            return std::nullopt;
        out.push_back(*q);
    }
    if (out.empty() || out.size() > kMaxQuantiles)
        return std::nullopt;
    return out;
}

ParsedCommand parseParse(const std::vector<std::string>& args, std::size_t from)
{
    ParseOptions o;
    ArgReader r { args, from };
    for (; !r.atEnd(); ++r.i) {
        const std::string& a = args[r.i];
        if (isOption(a, "--format")) {
            auto v = r.value("--format", a);
            if (!v || (*v != "statsd" && *v != "influx"))
                return UsageError { "--format needs statsd or influx" };
            o.format = *v;
        } else if (isOption(a, "--precision")) {
            auto v = r.value("--precision", a);
            if (!v || (*v != "ns" && *v != "us" && *v != "ms" && *v != "s"))
                return UsageError { "--precision needs ns, us, ms or s" };
            o.precision = *v;
        } else if (isOption(a, "--default-time")) {
            auto v = r.value("--default-time", a);
            const auto n = v ? parseNumber<std::int64_t>(*v) : std::nullopt;
            if (!n)
                return UsageError { "--default-time needs an integer number of nanoseconds" };
            o.defaultTimeNs = *n;
            o.hasDefaultTime = true;
        } else if (a == "--help" || a == "-h") {
            return HelpRequest {};
        } else {
            return UsageError { "parse: unknown option '" + a + "'" };
        }
    }
    return o;
}

} // namespace

ParsedCommand parseCommandLine(const std::vector<std::string>& args)
{
    if (!args.empty() && args[0] == "parse")
        return parseParse(args, 1);
    RunOptions o;
    std::optional<std::int64_t> windowMs;
    std::optional<std::int64_t> slideMs;
    ArgReader r { args, 0 };
    for (; !r.atEnd(); ++r.i) {
        const std::string& a = args[r.i];
        if (a == "--help" || a == "-h")
            return HelpRequest {};
        if (a == "--version")
            return VersionRequest {};
        if (a == "--print") {
            o.isPrint = true;
        } else if (a == "--no-system") {
            o.pipeline.hasSystemCollector = false;
        } else if (isOption(a, "--udp")) {
            auto v = r.value("--udp", a);
            if (!v)
                return UsageError { "--udp needs HOST:PORT[/statsd|/influx]" };
            auto parsed = parseListenAddress(*v);
            if (!parsed.isOk())
                return UsageError { "--udp " + *v + ": " + parsed.error };
            o.pipeline.udp.push_back(*parsed.address);
        } else if (isOption(a, "--window") || isOption(a, "--slide") || isOption(a, "--lateness")) {
            const std::string name = a.substr(0, a.find('='));
            auto v = r.value(name, a);
            const auto ms = v ? parseDurationMs(*v) : std::nullopt;
            if (!ms)
                return UsageError { name + " needs a duration such as 10s, 1m or 500ms" };
            if (name == "--window")
                windowMs = *ms;
            else if (name == "--slide")
                slideMs = *ms;
            else
                o.pipeline.allowedLatenessMs = *ms;
        } else if (isOption(a, "--max-series")) {
            auto v = r.value("--max-series", a);
            const auto n = v ? parseNumber<std::size_t>(*v) : std::nullopt;
            if (!n || *n == 0 || *n > 10'000'000)
                return UsageError { "--max-series needs a number from 1 to 10000000" };
            o.pipeline.maxSeries = *n;
        } else if (isOption(a, "--quantiles")) {
            auto v = r.value("--quantiles", a);
            const auto q = v ? parseQuantiles(*v) : std::nullopt;
            if (!q)
                return UsageError { "--quantiles needs 1 to 8 comma-separated values in [0, 1]" };
            o.pipeline.quantiles = *q;
        } else if (isOption(a, "--rcvbuf")) {
            auto v = r.value("--rcvbuf", a);
            const auto n = v ? parseNumber<int>(*v) : std::nullopt;
            if (!n || *n < 4096)
                return UsageError { "--rcvbuf needs a byte count of at least 4096" };
            o.pipeline.rcvBufBytes = *n;
        } else {
            return UsageError { "unknown option '" + a + "' (see --help)" };
        }
    }
    if (o.pipeline.udp.empty())
        o.pipeline.udp.push_back(*parseListenAddress("127.0.0.1:8125").address);
    const std::int64_t size = windowMs.value_or(10'000);
    const std::int64_t slide = slideMs.value_or(size);
    if (size < 1000 || size % 1000 != 0)
        return UsageError { "--window must be a whole number of seconds, at least 1s" };
    if (slide < 1000 || slide % 1000 != 0 || size % slide != 0)
        return UsageError { "--slide must be a whole number of seconds that divides --window" };
    o.pipeline.outputWindows.push_back(WindowSpec { size, slide, false });
    if (const auto error = WindowEngine::validate(Pipeline::engineConfigFor(o.pipeline, nullptr)))
        return UsageError { *error };
    return o;
}

std::string helpText()
{
    std::string h = R"(Usage: pulseboard-server [options]
       pulseboard-server parse --format statsd|influx [--precision ns|us|ms|s] [--default-time NS]

Ingests StatsD and InfluxDB line protocol over UDP, aggregates it in tumbling or sliding windows
with t-digest percentiles and keeps rolling history in memory.

Options:
  --udp ADDRESS        listen for metrics (repeatable); default 127.0.0.1:8125/statsd
                       ADDRESS is )";
    h += kListenAddressHelp;
    h += R"(
  --window DURATION    output window size (whole seconds), default 10s
  --slide DURATION     slide of a sliding window (divides --window); omit for tumbling windows
  --lateness DURATION  how long to wait for late samples, default 2s
  --max-series N       cardinality cap; further series fold into pulse.overflow, default 50000
  --quantiles LIST     quantiles of timers/histograms/distributions, default 0.5,0.9,0.95,0.99,0.999
  --rcvbuf BYTES       UDP socket receive buffer to ask for, default 8388608
  --no-system          do not collect this machine's CPU, memory, network and disk metrics
  --print              print each closed output window as one JSON line on stdout
  --version            print the version and exit
  --help               print this help and exit

parse: reads all of stdin as one payload, prints one JSON object per line (samples, points,
events, service checks, errors) and exits 0 when no line was rejected, 1 otherwise.

SIGINT or SIGTERM closes all open windows, prints them (with --print) and exits 0.
)";
    return h;
}

} // namespace pulse::server
