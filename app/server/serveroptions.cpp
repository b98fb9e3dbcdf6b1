#include "serveroptions.h"

#include "model/duration.h"
#include "storage/pgconnection.h"

#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <cstdlib>
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

/** Percent-encodes everything but unreserved characters, so a value travels through a URL query unchanged. */
std::string percentEncode(std::string_view s)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
            || c == '_' || c == '~') {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

/** A `--kafka-property KEY=VALUE`, checked by the rules of a --kafka URL's query; the property or the reason. */
std::variant<KafkaProperty, std::string> parseKafkaProperty(const std::string& item)
{
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
        return std::string("expected KEY=VALUE");
    const std::string key = item.substr(0, eq);
    if (key.find_first_of("&?=%") != std::string::npos)
        return "bad property name '" + key + "'";
    const KafkaConfigResult r
        = parseKafkaSourceUrl("127.0.0.1:9092/t?" + key + "=" + percentEncode(item.substr(eq + 1)));
    if (!r.config)
        return r.error;
    if (r.config->properties.size() != 1)
        return "'" + key + "' is not a librdkafka property";
    return r.config->properties.front();
}

/** postgresql://… or postgres://… URLs and libpq keyword strings (host=… dbname=…). */
bool looksLikePgConnectionString(std::string_view url)
{
    return url.starts_with("postgresql://") || url.starts_with("postgres://")
        || url.find('=') != std::string_view::npos;
}

bool isIpLiteral(const std::string& host)
{
    if (host == "localhost")
        return true;
    unsigned char buf[16];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
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

ParsedCommand parseCommandLine(
    const std::vector<std::string>& args, const std::function<const char*(const char*)>& environment)
{
    if (!args.empty() && args[0] == "parse")
        return parseParse(args, 1);
    RunOptions o;
    std::optional<std::int64_t> windowMs;
    std::optional<std::int64_t> slideMs;
    std::vector<KafkaProperty> kafkaProperties;
    StorageOptions storage;
    std::optional<ApiOptions> serve;
    ApiOptions apiExtras;
    bool hasMaxConnections = false;
    ArgReader r { args, 0 };
    for (; !r.atEnd(); ++r.i) {
        const std::string& a = args[r.i];
        if (a == "--help" || a == "-h")
            return HelpRequest {};
        if (a == "--version")
            return VersionRequest {};
        if (a == "--print") {
            o.isPrint = true;
        } else if (a == "--kafka-exactly-once") {
            o.isKafkaExactlyOnce = true;
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
        } else if (isOption(a, "--kafka")) {
            auto v = r.value("--kafka", a);
            if (!v)
                return UsageError {
                    "--kafka needs BROKERS/TOPIC[,TOPIC2]?group=G&format=statsd|influx|json&from=latest|earliest"
                };
            KafkaConfigResult parsed = parseKafkaSourceUrl(*v);
            // The query is left out of messages: a secret given there by mistake must not be echoed.
            const std::string shown = v->substr(0, v->find('?'));
            if (!parsed.config)
                return UsageError { "--kafka " + shown + ": " + parsed.error };
            const KafkaSourceConfig& c = *parsed.config;
            // Sources are told apart by brokers, topics and format (their name in self-metrics and health).
            for (const KafkaSourceConfig& other : o.kafka)
                if (other.brokers == c.brokers && other.topics == c.topics && other.format == c.format)
                    return UsageError { "--kafka " + shown + ": the same topics and format are consumed twice" };
            o.kafka.push_back(std::move(*parsed.config));
        } else if (isOption(a, "--kafka-property")) {
            auto v = r.value("--kafka-property", a);
            if (!v)
                return UsageError { "--kafka-property needs KEY=VALUE (secrets as KEY=env:VAR or KEY.file=PATH)" };
            auto parsed = parseKafkaProperty(*v);
            if (auto* error = std::get_if<std::string>(&parsed))
                return UsageError { "--kafka-property " + v->substr(0, v->find('=')) + ": " + *error };
            KafkaProperty& p = std::get<KafkaProperty>(parsed);
            if (std::any_of(kafkaProperties.begin(), kafkaProperties.end(),
                    [&](const KafkaProperty& q) { return q.first == p.first; }))
                return UsageError { "--kafka-property " + p.first + " given twice" };
            kafkaProperties.push_back(std::move(p));
        } else if (isOption(a, "--kafka-produce")) {
            auto v = r.value("--kafka-produce", a);
            if (!v)
                return UsageError { "--kafka-produce needs BROKERS/TOPIC" };
            if (o.relay)
                return UsageError { "--kafka-produce can be given once" };
            KafkaRelayConfigResult parsed = parseKafkaRelayTarget(*v);
            if (!parsed.config)
                return UsageError { "--kafka-produce " + *v + ": " + parsed.error };
            o.relay = std::move(*parsed.config);
        } else if (isOption(a, "--pg")) {
            auto v = r.value("--pg", a);
            if (!v || v->empty())
                return UsageError { "--pg needs a PostgreSQL URL such as postgresql://USER@HOST:5432/DATABASE" };
            if (!looksLikePgConnectionString(*v))
                return UsageError { "--pg " + pgRedactUrl(*v)
                    + ": not a postgresql:// URL or a libpq key=value string" };
            // Command lines are visible to every user of the machine (ps, /proc).
            if (pgRedactUrl(*v) != *v)
                return UsageError { "--pg: the URL holds a password, which other users can read in the process "
                                    "list; use PGPASSWORD, ~/.pgpass, PULSE_PG_URL or --pg-password-file" };
            storage.url = *v;
        } else if (isOption(a, "--pg-password-file")) {
            auto v = r.value("--pg-password-file", a);
            if (!v || v->empty())
                return UsageError { "--pg-password-file needs a file whose first line is the password" };
            storage.passwordFile = *v;
        } else if (isOption(a, "--pg-backfill")) {
            auto v = r.value("--pg-backfill", a);
            const auto n = v ? parseNumber<int>(*v) : std::nullopt;
            if (!n || *n < 0 || *n > 8760)
                return UsageError { "--pg-backfill needs a number of hours from 0 (none) to 8760" };
            storage.backfillHours = *n;
        } else if (isOption(a, "--spool-dir")) {
            auto v = r.value("--spool-dir", a);
            if (!v || v->empty())
                return UsageError { "--spool-dir needs a directory" };
            storage.spoolDir = *v;
        } else if (isOption(a, "--serve")) {
            // The address is optional: `--serve` alone serves on 127.0.0.1:8080.
            std::string address = "127.0.0.1:8080";
            if (a.size() > 7 && a[7] == '=')
                address = a.substr(8);
            else if (r.i + 1 < args.size() && !args[r.i + 1].starts_with("-"))
                address = args[++r.i];
            auto parsed = parseServeAddress(address);
            if (auto* error = std::get_if<std::string>(&parsed))
                return UsageError { "--serve " + address + ": " + *error };
            serve = std::get<ApiOptions>(std::move(parsed));
        } else if (isOption(a, "--token-file")) {
            auto v = r.value("--token-file", a);
            if (!v || v->empty())
                return UsageError { "--token-file needs a file whose first line is the bearer token" };
            apiExtras.tokenFile = *v;
        } else if (isOption(a, "--allow-origin")) {
            auto v = r.value("--allow-origin", a);
            if (!v || v->empty() || v->find("://") == std::string::npos)
                return UsageError { "--allow-origin needs an origin such as https://wall.example:8443" };
            apiExtras.allowedOrigins.push_back(*v);
        } else if (isOption(a, "--max-connections")) {
            auto v = r.value("--max-connections", a);
            const auto n = v ? parseNumber<int>(*v) : std::nullopt;
            if (!n || *n < 1 || *n > 100'000)
                return UsageError { "--max-connections needs a number from 1 to 100000" };
            apiExtras.maxConnections = *n;
            hasMaxConnections = true;
        } else {
            return UsageError { "unknown option '" + a + "' (see --help)" };
        }
    }
    if (serve) {
        serve->tokenFile = apiExtras.tokenFile;
        serve->allowedOrigins = apiExtras.allowedOrigins;
        serve->maxConnections = apiExtras.maxConnections;
        o.api = std::move(serve);
    } else if (!apiExtras.tokenFile.empty() || !apiExtras.allowedOrigins.empty() || hasMaxConnections) {
        return UsageError { "--token-file, --allow-origin and --max-connections need --serve" };
    }
    if (o.pipeline.udp.empty() && o.kafka.empty())
        o.pipeline.udp.push_back(*parseListenAddress("127.0.0.1:8125").address);
    // --kafka-property applies to every consumer (a property in a --kafka URL wins) and to the relay.
    for (KafkaSourceConfig& c : o.kafka) {
        for (const KafkaProperty& p : kafkaProperties) {
            const auto base
                = [](const std::string& key) { return key.ends_with(".file") ? key.substr(0, key.size() - 5) : key; };
            if (std::none_of(c.properties.begin(), c.properties.end(),
                    [&](const KafkaProperty& q) { return base(q.first) == base(p.first); }))
                c.properties.push_back(p);
        }
    }
    if (o.relay)
        o.relay->properties = kafkaProperties;
    else if (!kafkaProperties.empty() && o.kafka.empty())
        return UsageError { "--kafka-property needs --kafka or --kafka-produce" };

    if (storage.url.empty()) {
        const char* fromEnv = environment ? environment("PULSE_PG_URL") : std::getenv("PULSE_PG_URL");
        if (fromEnv && *fromEnv) {
            if (!looksLikePgConnectionString(fromEnv))
                return UsageError { "PULSE_PG_URL: not a postgresql:// URL or a libpq key=value string" };
            storage.url = fromEnv;
        }
    }
    if (!storage.url.empty())
        o.storage = std::move(storage);
    else if (!storage.passwordFile.empty() || !storage.spoolDir.empty() || storage.backfillHours >= 0)
        return UsageError { "--pg-password-file, --pg-backfill and --spool-dir need --pg (or PULSE_PG_URL)" };

    if (o.isKafkaExactlyOnce) {
        if (!o.storage)
            return UsageError { "--kafka-exactly-once needs --pg: the offsets are written with the rollups" };
        if (o.kafka.size() != 1)
            return UsageError { "--kafka-exactly-once needs exactly one --kafka" };
        if (!o.pipeline.udp.empty())
            return UsageError { "--kafka-exactly-once takes no --udp: only Kafka can replay what a crash lost" };
        if (o.kafka.front().format == PayloadFormat::Influx)
            return UsageError { "--kafka-exactly-once needs format=statsd or format=json" };
        o.pipeline.hasSystemCollector = false; // wall-clock samples would close windows a replay still fills
    }

    const std::int64_t size = windowMs.value_or(10'000);
    const std::int64_t slide = slideMs.value_or(size);
    if (size < 1000 || size % 1000 != 0)
        return UsageError { "--window must be a whole number of seconds, at least 1s" };
    if (slide < 1000 || slide % 1000 != 0 || size % slide != 0)
        return UsageError { "--slide must be a whole number of seconds that divides --window" };
    o.pipeline.outputWindows.push_back(WindowSpec { size, slide, false });
    if (o.storage) {
        // History keeps 1 s rows and 10 s / 1 min / 1 h rollups with their digests; the store computes the first three.
        o.pipeline.outputWindows.push_back(WindowSpec { 3'600'000, 3'600'000, true });
        o.pipeline.hasRollupDigests = true;
    }
    if (const auto error = WindowEngine::validate(Pipeline::engineConfigFor(o.pipeline, nullptr)))
        return UsageError { *error };
    return o;
}

std::variant<ApiOptions, std::string> parseServeAddress(const std::string& text)
{
    ApiOptions o;
    std::string portText = text;
    if (text.starts_with("[")) {
        const auto close = text.find("]:");
        if (close == std::string::npos)
            return std::string("expected [IPV6]:PORT");
        o.host = text.substr(1, close - 1);
        portText = text.substr(close + 2);
    } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
        if (text.find(':') != colon)
            return std::string("put an IPv6 address in brackets: [::1]:8080");
        o.host = text.substr(0, colon);
        portText = text.substr(colon + 1);
    }
    if (o.host.empty() || !isIpLiteral(o.host))
        return std::string("the host must be an IP address or localhost");
    const auto port = parseNumber<unsigned>(portText);
    if (!port || *port > 65535)
        return std::string("the port must be a number from 0 to 65535");
    o.port = static_cast<std::uint16_t>(*port);
    return o;
}

std::string helpText()
{
    std::string h = R"(Usage: pulseboard-server [options]
       pulseboard-server parse --format statsd|influx [--precision ns|us|ms|s] [--default-time NS]

Ingests StatsD and InfluxDB line protocol over UDP and metrics from Kafka topics, aggregates them in
tumbling or sliding windows with t-digest percentiles, keeps rolling history in memory and, with
--pg, history in PostgreSQL.

Options:
  --udp ADDRESS        listen for metrics (repeatable); default 127.0.0.1:8125/statsd unless --udp
                       or --kafka is given; ADDRESS is )";
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

Kafka:
  --kafka URL          consume a consumer group (repeatable); URL is
                       BROKERS/TOPIC[,TOPIC2]?group=G&format=statsd|influx|json&from=latest|earliest
                       e.g. 'k1:9092,k2:9092/metrics?group=pulse&format=statsd&from=earliest'; defaults
                       group=pulseboard, format=statsd, from=latest. More query items:
                       max_message_bytes=N (larger messages are dead-lettered, default 1048576),
                       dead_letters=N, dead_letter_file=PATH, and librdkafka properties as below.
  --kafka-property KEY=VALUE
                       a librdkafka property for every --kafka consumer and --kafka-produce
                       (repeatable): security.protocol, sasl.*, ssl.*, client.id, socket.*, ...
                       Secrets never go on the command line: KEY=env:VAR reads an environment
                       variable, KEY.file=PATH a file (sasl.password.file=/run/secrets/kafka).
  --kafka-exactly-once with --pg and one --kafka (statsd or json): every sample takes its message's
                       timestamp as event time, the partitions' offsets are written to PostgreSQL in the
                       transaction of each rollup batch and read back at start-up, so a restart after a
                       crash (kill -9) writes every 1 s row and rollup exactly once; nothing is committed
                       to Kafka. No --udp and no system metrics then; the database must be reachable at
                       start-up, and the topic must keep an hour of messages (an open 1 h window is
                       re-read after a crash).
  --kafka-produce BROKERS/TOPIC
                       relay: forward every accepted UDP line to TOPIC, keyed by its source tag
                       (else the listener name); batched (linger.ms 5), compressed when available

API server:
  --serve [ADDRESS]    serve GraphQL over WebSocket (graphql-transport-ws) and HTTP POST on /graphql,
                       JSON points on /metrics/stream?name=N&sourceId=S, /healthz and Prometheus
                       /metrics; ADDRESS is HOST:PORT, [IPV6]:PORT or PORT, default 127.0.0.1:8080
                       (only this machine: give 0.0.0.0:8080 to serve the network)
  --token-file FILE    require the bearer token on FILE's first line: Authorization: Bearer
                       header, `token` in connection_init's payload or ?token= on /metrics/stream;
                       missing closes with 4401 (HTTP 401), wrong with 4403 (HTTP 403)
  --allow-origin ORIGIN
                       accept browsers only from this Origin (repeatable), e.g. https://wall.example
  --max-connections N  open connections at most, default 1024; more get 503

PostgreSQL history:
  --pg URL             write 1 s rows and 10 s / 1 min / 1 h rollups, migrate the schema at start-up
                       and load the last hours back into memory first; URL as libpq takes it, e.g.
                       postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&sslrootcert=ca.pem
                       Default: the PULSE_PG_URL environment variable. Passwords come from PGPASSWORD,
                       ~/.pgpass, PULSE_PG_URL or --pg-password-file, never from --pg itself.
  --pg-password-file PATH
                       the first line of PATH is the database password
  --pg-backfill HOURS  history loaded into memory at start-up, default all the in-memory store
                       holds (48 h); 0 starts empty
  --spool-dir DIR      where rows wait while the database is away (default
                       $XDG_STATE_HOME/pulseboard/spool or ~/.local/state/pulseboard/spool)

parse: reads all of stdin as one payload, prints one JSON object per line (samples, points,
events, service checks, errors) and exits 0 when no line was rejected, 1 otherwise.

SIGINT or SIGTERM closes all open windows, prints them (with --print), writes them to PostgreSQL
(waiting at most 5 s, the rest stays spooled), flushes the relay and exits 0. Invalid options
exit 2 with one line on stderr; a source that cannot start exits 1.
)";
    return h;
}

} // namespace pulse::server
