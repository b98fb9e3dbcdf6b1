#include "kafkanames.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>

namespace pulse::kafkamock {

namespace {

struct ApiKeyName {
    std::string_view name;
    std::int16_t key;
};

// librdkafka keeps its ApiKey table private, so the common requests are listed here (Kafka protocol numbering).
constexpr std::array<ApiKeyName, 20> kApiKeys { {
    { "Produce", 0 },
    { "Fetch", 1 },
    { "ListOffsets", 2 },
    { "Metadata", 3 },
    { "OffsetCommit", 8 },
    { "OffsetFetch", 9 },
    { "FindCoordinator", 10 },
    { "JoinGroup", 11 },
    { "Heartbeat", 12 },
    { "LeaveGroup", 13 },
    { "SyncGroup", 14 },
    { "DescribeGroups", 15 },
    { "ListGroups", 16 },
    { "SaslHandshake", 17 },
    { "ApiVersions", 18 },
    { "CreateTopics", 19 },
    { "InitProducerId", 22 },
    { "AddPartitionsToTxn", 24 },
    { "EndTxn", 26 },
    { "TxnOffsetCommit", 28 },
} };

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::optional<int> parseSigned(std::string_view text)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<long long> parseNumber(std::string_view text, long long max)
{
    long long value = 0;
    if (text.empty() || text.front() == '-' || text.front() == '+')
        return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > max)
        return std::nullopt;
    return value;
}

std::optional<std::int16_t> parseApiKey(std::string_view text)
{
    for (const ApiKeyName& entry : kApiKeys) {
        if (equalsIgnoringCase(entry.name, text))
            return entry.key;
    }
    if (const auto number = parseNumber(text, std::numeric_limits<std::int16_t>::max()))
        return static_cast<std::int16_t>(*number);
    return std::nullopt;
}

std::optional<int> parseErrorCode(std::string_view text)
{
    if (text.size() > 4 && equalsIgnoringCase(text.substr(0, 4), "ERR_"))
        text.remove_prefix(4);
    const auto number = parseSigned(text);
    const rd_kafka_err_desc* descs = nullptr;
    size_t count = 0;
    rd_kafka_get_err_descs(&descs, &count);
    // The table has holes (null names); only codes librdkafka can name are accepted.
    for (size_t i = 0; i < count; ++i) {
        if (!descs[i].name)
            continue;
        if (number ? descs[i].code == *number : equalsIgnoringCase(descs[i].name, text))
            return descs[i].code;
    }
    return std::nullopt;
}

std::string apiKeyNames()
{
    std::string names;
    for (const ApiKeyName& entry : kApiKeys) {
        if (!names.empty())
            names += ", ";
        names += entry.name;
    }
    return names;
}

} // namespace pulse::kafkamock
