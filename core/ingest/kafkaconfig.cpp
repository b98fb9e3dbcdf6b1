#include "ingest/kafkaconfig.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>

namespace pulse {

namespace {

// Properties the source owns: letting a URL override them would break at-least-once delivery.
constexpr std::string_view kManaged[] = { "group.id", "bootstrap.servers", "enable.auto.offset.store",
    "enable.auto.commit", "partition.assignment.strategy", "auto.offset.reset", "enable.partition.eof" };

// Pass-through prefixes: security and connection tuning only.
constexpr std::string_view kAllowedPrefixes[]
    = { "security.protocol", "sasl.", "ssl.", "client.id", "client.rack", "socket.", "reconnect.backoff",
          "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "metadata.max.age.ms",
          "topic.metadata.refresh.interval.ms", "broker.address.family", "statistics.interval.ms", "debug" };

constexpr std::string_view kSecretKeys[]
    = { "sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.oauthbearer.client.secret", "ssl.key.pem" };

bool isSecretKey(std::string_view key)
{
    return std::find(std::begin(kSecretKeys), std::end(kSecretKeys), key) != std::end(kSecretKeys);
}

bool isValidTopic(std::string_view t)
{
    if (t.empty() || t.size() > 249 || t == "." || t == "..")
        return false;
    return std::all_of(t.begin(), t.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
            || c == '-';
    });
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos)
            return out;
        start = pos + 1;
    }
}

std::optional<std::string> checkBroker(std::string_view b)
{
    const auto colon = b.rfind(':');
    if (b.empty() || colon == std::string_view::npos || colon == 0)
        return "broker '" + std::string(b) + "' is not HOST:PORT";
    const std::string_view port = b.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
        return "broker '" + std::string(b) + "' has a bad port";
    return std::nullopt;
}

std::optional<std::string> percentDecode(std::string_view in, std::string& out)
{
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        unsigned v = 0;
        if (i + 2 >= in.size() || std::from_chars(in.data() + i + 1, in.data() + i + 3, v, 16).ptr != in.data() + i + 3)
            return "bad percent escape in '" + std::string(in) + "'";
        out.push_back(static_cast<char>(v));
        i += 2;
    }
    return std::nullopt;
}

std::optional<std::size_t> parseSize(std::string_view s, std::size_t min, std::size_t max)
{
    std::size_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max)
        return std::nullopt;
    return v;
}

bool isAllowedProperty(std::string_view key)
{
    return std::any_of(std::begin(kAllowedPrefixes), std::end(kAllowedPrefixes),
        [&](std::string_view p) { return key.starts_with(p); });
}

} // namespace

std::string_view payloadFormatName(PayloadFormat format)
{
    switch (format) {
    case PayloadFormat::Statsd:
        return "statsd";
    case PayloadFormat::Influx:
        return "influx";
    case PayloadFormat::Json:
        return "json";
    }
    return "?";
}

KafkaConfigResult parseKafkaSourceUrl(std::string_view url)
{
    KafkaSourceConfig c;
    auto fail = [](std::string why) { return KafkaConfigResult { std::nullopt, std::move(why) }; };
    if (url.starts_with("kafka://"))
        url.remove_prefix(8);
    const auto question = url.find('?');
    const std::string_view path = url.substr(0, question);
    const std::string_view query = question == std::string_view::npos ? std::string_view {} : url.substr(question + 1);
    const auto slash = path.find('/');
    if (slash == std::string_view::npos)
        return fail("expected BROKERS/TOPIC, found no '/'");
    const std::string_view brokers = path.substr(0, slash);
    if (brokers.empty())
        return fail("no broker before '/'");
    for (std::string_view b : split(brokers, ','))
        if (auto problem = checkBroker(b))
            return fail(*problem);
    c.brokers = std::string(brokers);
    const std::string_view topics = path.substr(slash + 1);
    if (topics.empty())
        return fail("no topic after '/'");
    for (std::string_view t : split(topics, ',')) {
        if (!isValidTopic(t))
            return fail("topic '" + std::string(t) + "' is not a valid Kafka topic name");
        if (std::find(c.topics.begin(), c.topics.end(), t) != c.topics.end())
            return fail("topic '" + std::string(t) + "' given twice");
        c.topics.emplace_back(t);
    }

    std::set<std::string, std::less<>> seen;
    std::string value;
    if (!query.empty()) {
        for (std::string_view pair : split(query, '&')) {
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos || eq == 0)
                return fail("query item '" + std::string(pair) + "' is not KEY=VALUE");
            const std::string_view key = pair.substr(0, eq);
            if (auto problem = percentDecode(pair.substr(eq + 1), value))
                return fail(*problem);
            if (!seen.insert(std::string(key)).second)
                return fail("'" + std::string(key) + "' given twice");
            if (key == "group") {
                if (value.empty())
                    return fail("group must not be empty");
                c.group = value;
            } else if (key == "format") {
                if (value == "statsd")
                    c.format = PayloadFormat::Statsd;
                else if (value == "influx")
                    c.format = PayloadFormat::Influx;
                else if (value == "json")
                    c.format = PayloadFormat::Json;
                else
                    return fail("format must be statsd, influx or json, not '" + value + "'");
            } else if (key == "from") {
                if (value != "latest" && value != "earliest")
                    return fail("from must be latest or earliest, not '" + value + "'");
                c.isFromEarliest = value == "earliest";
            } else if (key == "max_message_bytes") {
                const auto n = parseSize(value, 1, 100 * 1024 * 1024);
                if (!n)
                    return fail("max_message_bytes must be 1..104857600, not '" + value + "'");
                c.maxMessageBytes = *n;
            } else if (key == "dead_letters") {
                const auto n = parseSize(value, 1, 100'000);
                if (!n)
                    return fail("dead_letters must be 1..100000, not '" + value + "'");
                c.deadLetterCapacity = *n;
            } else if (key == "dead_letter_file") {
                c.deadLetterPath = value;
            } else {
                const std::string_view base = key.ends_with(".file") ? key.substr(0, key.size() - 5) : key;
                if (std::find(std::begin(kManaged), std::end(kManaged), base) != std::end(kManaged))
                    return fail("'" + std::string(key) + "' is managed by the Kafka source and cannot be set");
                if (!isAllowedProperty(base))
                    return fail("unknown option '" + std::string(key) + "'");
                if (isSecretKey(key) && !value.starts_with("env:"))
                    return fail("'" + std::string(key) + "' must come from env:VAR or " + std::string(key)
                        + ".file=PATH, never from the URL itself");
                if (key.ends_with(".file") && !isSecretKey(base))
                    return fail("'" + std::string(key) + "': only secrets can be read from a file");
                c.properties.emplace_back(std::string(key), value);
            }
        }
    }
    return { std::move(c), {} };
}

KafkaPropertiesResult consumerProperties(const KafkaSourceConfig& config)
{
    KafkaPropertiesResult r;
    auto& p = r.properties;
    const std::size_t fetchBytes = std::max<std::size_t>(config.maxMessageBytes, 16 * 1024 * 1024);
    p = {
        { "bootstrap.servers", config.brokers },
        { "group.id", config.group },
        { "partition.assignment.strategy", "cooperative-sticky" },
        { "enable.auto.offset.store", "false" },
        // librdkafka commits the stored offsets; its timer skips rebalances (the generation is in flux then,
        // and a failed commit would mark the assignment lost). KafkaSource stores nothing while the brokers
        // are down, so no commit is left waiting for a coordinator when it closes.
        { "enable.auto.commit", "true" },
        { "auto.commit.interval.ms", "1000" },
        { "auto.offset.reset", config.isFromEarliest ? "earliest" : "latest" },
        { "fetch.wait.max.ms", std::to_string(std::clamp(config.fetchWaitMaxMs, 1, 50)) },
        // Room for 10 MB messages so an oversized one is consumed (and dead-lettered) instead of stalling
        // its partition; the application limit is maxMessageBytes.
        { "fetch.max.bytes", std::to_string(fetchBytes * 2) },
        { "max.partition.fetch.bytes", std::to_string(fetchBytes) },
        { "message.max.bytes", std::to_string(fetchBytes + 64 * 1024) },
        { "receive.message.max.bytes", std::to_string(fetchBytes * 2 + 1024 * 1024) },
        // Bounded local prefetch so a paused source does not hold megabytes per partition. The bound is in
        // bytes: librdkafka 2.0.2 stops fetching every partition while the shared consumer queue holds
        // queued.min.messages, which at the default 100,000 left the fetcher idle between refills
        // (bench_kafkaconsume: 0.49M msg/s at 0.3 cores; 1.0M+ msg/s with 1,000,000).
        { "queued.max.messages.kbytes", "16384" },
        { "queued.min.messages", "1000000" },
    };
    if (config.exactlyOnce) {
        // The database holds the offsets (with the rollups); the end of a partition moves the event clock on.
        for (KafkaProperty& property : p)
            if (property.first == "enable.auto.commit")
                property.second = "false";
        p.push_back({ "enable.partition.eof", "true" });
    }
    for (const auto& [key, raw] : config.properties) {
        std::string name = key;
        std::string value = raw;
        if (key.ends_with(".file")) {
            name = key.substr(0, key.size() - 5);
            std::ifstream in(raw, std::ios::binary);
            if (!in) {
                r.error = "cannot read " + key + " '" + raw + "'";
                return r;
            }
            value.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
                value.pop_back();
        } else if (raw.starts_with("env:")) {
            const std::string var = raw.substr(4);
            const char* env = var.empty() ? nullptr : std::getenv(var.c_str());
            if (!env) {
                r.error = "environment variable '" + var + "' for " + key + " is not set";
                return r;
            }
            value = env;
        }
        p.emplace_back(std::move(name), std::move(value));
    }
    return r;
}

} // namespace pulse
