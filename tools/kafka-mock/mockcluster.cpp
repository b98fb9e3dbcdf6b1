#include "mockcluster.h"

#include "model/textsplit.h"

#include "kafkanames.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace pulse::kafkamock {

namespace {

constexpr std::size_t kMaxEchoBytes = 64;
constexpr std::size_t kMaxTopicNameBytes = 249; // Kafka's own limit

// Input is echoed in error replies; keep it on one short printable line.
std::string quoted(std::string_view text)
{
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kMaxEchoBytes; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    if (text.size() > kMaxEchoBytes)
        out += "...";
    return out + "'";
}

CommandResult ok()
{
    return { "ok", false, false };
}
CommandResult fail(std::string why)
{
    return { "error: " + why, false, true };
}

CommandResult fromKafka(rd_kafka_resp_err_t err, std::string_view what)
{
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
        return ok();
    return fail(std::string(what) + ": " + rd_kafka_err2name(err) + " (" + rd_kafka_err2str(err) + ")");
}

void logToStderr(const rd_kafka_t*, int level, const char* facility, const char* message)
{
    // The hosting handle has no brokers of its own by design; its warning about that is noise.
    if (std::strcmp(facility, "CONFWARN") == 0 && std::strstr(message, "bootstrap.servers"))
        return;
    std::fprintf(stderr, "kafka-mock: librdkafka %d %s: %s\n", level, facility, message);
}

} // namespace

std::optional<std::string> topicNameProblem(std::string_view name)
{
    if (name.empty())
        return "empty topic name";
    if (name.size() > kMaxTopicNameBytes)
        return "topic name longer than 249 bytes";
    if (name == "." || name == "..")
        return "topic name cannot be '.' or '..'";
    for (const char c : name) {
        const bool isLegal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
            || c == '_' || c == '-';
        if (!isLegal)
            return "topic name " + quoted(name) + " has characters other than [A-Za-z0-9._-]";
    }
    return std::nullopt;
}

std::unique_ptr<MockCluster> MockCluster::start(int brokerCount, std::string& error)
{
    if (brokerCount < 1 || brokerCount > kMaxBrokers) {
        error = "broker count must be 1.." + std::to_string(kMaxBrokers);
        return nullptr;
    }
    char errstr[512] = {};
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logToStderr);
    // The handle only hosts the cluster's threads; it never produces anything itself.
    if (rd_kafka_conf_set(conf, "client.id", "kafka-mock", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        error = errstr;
        return nullptr;
    }
    std::unique_ptr<MockCluster> self(new MockCluster());
    self->m_handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!self->m_handle) {
        rd_kafka_conf_destroy(conf); // only owned by rd_kafka_new on success
        error = std::string("cannot create librdkafka handle: ") + errstr;
        return nullptr;
    }
    self->m_cluster = rd_kafka_mock_cluster_new(self->m_handle, brokerCount);
    if (!self->m_cluster) {
        error = "cannot start the mock cluster (no loopback listeners?)";
        return nullptr;
    }
    self->m_brokerCount = brokerCount;
    return self;
}

MockCluster::~MockCluster()
{
    if (m_cluster)
        rd_kafka_mock_cluster_destroy(m_cluster);
    if (m_handle)
        rd_kafka_destroy(m_handle);
}

std::string MockCluster::bootstraps() const
{
    return rd_kafka_mock_cluster_bootstraps(m_cluster);
}

std::optional<std::string> MockCluster::createTopic(std::string_view name, long long partitions, long long replication)
{
    if (auto problem = topicNameProblem(name))
        return problem;
    if (partitions < 1 || partitions > kMaxPartitions)
        return "partition count must be 1.." + std::to_string(kMaxPartitions);
    if (replication < 1 || replication > m_brokerCount)
        return "replication factor must be 1.." + std::to_string(m_brokerCount) + " (the broker count)";
    if (m_topicNames.size() >= kMaxTopics)
        return "too many topics (limit " + std::to_string(kMaxTopics) + ")";
    const std::string topic(name);
    const rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(
        m_cluster, topic.c_str(), static_cast<int>(partitions), static_cast<int>(replication));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return "cannot create topic " + quoted(name) + ": " + rd_kafka_err2name(err);
    m_topicNames.insert(topic);
    return std::nullopt;
}

std::optional<std::int32_t> MockCluster::brokerId(std::string_view text, bool isAllAllowed, std::string& error) const
{
    if (isAllAllowed && text == "all")
        return -1; // librdkafka applies broker commands with id -1 to every broker
    const auto id = parseNumber(text, m_brokerCount);
    if (!id || *id < 1) {
        error = "broker id " + quoted(text) + " is not 1.." + std::to_string(m_brokerCount)
            + (isAllAllowed ? " or 'all'" : "");
        return std::nullopt;
    }
    return static_cast<std::int32_t>(*id);
}

CommandResult MockCluster::execute(std::string_view line)
{
    ++m_commandCount;
    CommandResult result = run(line);
    if (result.isError)
        ++m_rejectedCount;
    return result;
}

CommandResult MockCluster::reject(const std::string& why)
{
    ++m_commandCount;
    ++m_rejectedCount;
    return fail(why);
}

CommandResult MockCluster::run(std::string_view line)
{
    const std::vector<std::string_view> w = pulse::splitWhitespace(line);
    if (w.empty())
        return fail("empty command");
    const std::string_view cmd = w[0];
    const std::size_t argc = w.size() - 1;
    std::string why;
    const auto usage = [&](std::string_view form) { return fail("usage: " + std::string(form)); };

    if (cmd == "quit" || cmd == "exit") {
        if (argc != 0)
            return usage("quit");
        return { "ok", true, false };
    }
    if (cmd == "help")
        return { commandHelp() + "ok", false, false };

    if (cmd == "broker") {
        if (argc != 2 || (w[1] != "down" && w[1] != "up"))
            return usage("broker down|up ID|all");
        const auto id = brokerId(w[2], true, why);
        if (!id)
            return fail(why);
        return fromKafka(w[1] == "down" ? rd_kafka_mock_broker_set_down(m_cluster, *id)
                                        : rd_kafka_mock_broker_set_up(m_cluster, *id),
            "broker " + std::string(w[1]));
    }
    if (cmd == "rtt") {
        if (argc != 2)
            return usage("rtt ID|all MS");
        const auto id = brokerId(w[1], true, why);
        if (!id)
            return fail(why);
        const auto rttMs = parseNumber(w[2], kMaxRttMs);
        if (!rttMs)
            return fail("rtt " + quoted(w[2]) + " is not 0.." + std::to_string(kMaxRttMs) + " ms");
        return fromKafka(rd_kafka_mock_broker_set_rtt(m_cluster, *id, static_cast<int>(*rttMs)), "rtt");
    }
    if (cmd == "leader" || cmd == "follower") {
        if (argc != 3)
            return usage(std::string(cmd) + " TOPIC PARTITION BROKER|none");
        if (auto problem = topicNameProblem(w[1]))
            return fail(*problem);
        const auto partition = parseNumber(w[2], kMaxPartitions - 1);
        if (!partition)
            return fail("partition " + quoted(w[2]) + " is not 0.." + std::to_string(kMaxPartitions - 1));
        std::int32_t id = -1; // "none": no leader / no preferred follower
        if (w[3] != "none") {
            const auto parsed = brokerId(w[3], false, why);
            if (!parsed)
                return fail(why + " or 'none'");
            id = *parsed;
        }
        // librdkafka 2.0 creates an unknown topic here (4 partitions), like a broker auto-creating it.
        const bool isKnown = m_topicNames.contains(w[1]);
        if (!isKnown && m_topicNames.size() >= kMaxTopics)
            return fail("too many topics (limit " + std::to_string(kMaxTopics) + ")");
        const std::string topic(w[1]);
        if (!isKnown)
            m_topicNames.insert(topic);
        const auto p = static_cast<std::int32_t>(*partition);
        return fromKafka(cmd == "leader" ? rd_kafka_mock_partition_set_leader(m_cluster, topic.c_str(), p, id)
                                         : rd_kafka_mock_partition_set_follower(m_cluster, topic.c_str(), p, id),
            std::string(cmd) + " " + quoted(w[1]) + " [" + std::string(w[2]) + "]");
    }
    if (cmd == "error" || cmd == "error-broker") {
        const bool isBroker = cmd == "error-broker";
        const std::size_t first = isBroker ? 2 : 1; // index of APIKEY
        const std::size_t required = isBroker ? 4 : 2;
        if (argc != required && argc != required + 1)
            return usage(isBroker ? "error-broker ID APIKEY ERRCODE RTTMS [COUNT]" : "error APIKEY ERRCODE [COUNT]");
        std::int32_t id = 0;
        if (isBroker) {
            const auto parsed = brokerId(w[1], false, why);
            if (!parsed)
                return fail(why);
            id = *parsed;
        }
        const auto apiKey = parseApiKey(w[first]);
        if (!apiKey)
            return fail("unknown api key " + quoted(w[first]) + " (a number or one of: " + apiKeyNames() + ")");
        const auto code = parseErrorCode(w[first + 1]);
        if (!code)
            return fail("unknown error code " + quoted(w[first + 1]) + " (a librdkafka error name or number)");
        long long rttMs = 0;
        if (isBroker) {
            const auto parsed = parseNumber(w[first + 2], kMaxRttMs);
            if (!parsed)
                return fail("rtt " + quoted(w[first + 2]) + " is not 0.." + std::to_string(kMaxRttMs) + " ms");
            rttMs = *parsed;
        }
        long long count = 1;
        if (argc == required + 1) {
            const auto parsed = parseNumber(w.back(), kMaxErrorsPerCommand);
            if (!parsed || *parsed < 1)
                return fail("count " + quoted(w.back()) + " is not 1.." + std::to_string(kMaxErrorsPerCommand));
            count = *parsed;
        }
        // The mock's error stacks only shrink as requests consume them; bound what a script can pile up.
        if (m_errorsPushed + count > kMaxErrorsTotal)
            return fail("error budget of " + std::to_string(kMaxErrorsTotal) + " injected errors used up");
        const auto err = static_cast<rd_kafka_resp_err_t>(*code);
        if (isBroker) {
            for (long long i = 0; i < count; ++i) {
                const rd_kafka_resp_err_t r = rd_kafka_mock_broker_push_request_error_rtts(
                    m_cluster, id, *apiKey, 1, err, static_cast<int>(rttMs));
                if (r != RD_KAFKA_RESP_ERR_NO_ERROR)
                    return fromKafka(r, "error-broker");
                ++m_errorsPushed;
            }
            return ok();
        }
        const std::vector<rd_kafka_resp_err_t> errors(static_cast<std::size_t>(count), err);
        rd_kafka_mock_push_request_errors_array(m_cluster, *apiKey, errors.size(), errors.data());
        m_errorsPushed += count;
        return ok();
    }
    if (cmd == "topic") {
        if (argc != 2 && argc != 3)
            return usage("topic NAME PARTITIONS [REPLICATION]");
        const auto partitions = parseNumber(w[2], kMaxPartitions);
        if (!partitions)
            return fail("partition count " + quoted(w[2]) + " is not 1.." + std::to_string(kMaxPartitions));
        long long replication = std::min(3, m_brokerCount);
        if (argc == 3) {
            const auto parsed = parseNumber(w[3], m_brokerCount);
            if (!parsed)
                return fail("replication " + quoted(w[3]) + " is not 1.." + std::to_string(m_brokerCount));
            replication = *parsed;
        }
        if (auto problem = createTopic(w[1], *partitions, replication))
            return fail(*problem);
        return ok();
    }
    return fail("unknown command " + quoted(cmd) + " (try 'help')");
}

std::string commandHelp()
{
    return "commands (one per line on stdin; each is answered by 'ok' or 'error: <why>'):\n"
           "  broker down ID|all             stop a broker: connections closed, new ones refused\n"
           "  broker up ID|all               bring it back\n"
           "  rtt ID|all MS                  delay every response of a broker by MS milliseconds\n"
           "  leader TOPIC PARTITION ID|none move a partition's leader\n"
           "  follower TOPIC PARTITION ID|none  set a partition's preferred follower\n"
           "  error APIKEY ERRCODE [COUNT]   fail the next COUNT (default 1) requests of APIKEY cluster-wide\n"
           "  error-broker ID APIKEY ERRCODE RTTMS [COUNT]  same on one broker, answering after RTTMS\n"
           "  topic NAME PARTITIONS [REPLICATION]  create a topic\n"
           "  help                           this text\n"
           "  quit                           destroy the cluster and exit 0 (so do EOF, SIGTERM, SIGINT)\n"
           "APIKEY: a number or "
        + apiKeyNames()
        + "\n"
          "ERRCODE: a number or a librdkafka error name, e.g. NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,\n"
          "  REQUEST_TIMED_OUT, NOT_LEADER_FOR_PARTITION, LEADER_NOT_AVAILABLE, UNKNOWN_MEMBER_ID,\n"
          "  REBALANCE_IN_PROGRESS, BROKER_NOT_AVAILABLE, _TRANSPORT (the broker drops the connection)\n"
          "Blank lines and lines starting with '#' are ignored and get no answer.\n";
}

} // namespace pulse::kafkamock
