#pragma once

// A librdkafka mock cluster plus the line commands that inject faults into it.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace pulse::kafkamock {

/** Largest values accepted from the command line and stdin, so no command can exhaust memory. */
inline constexpr int kMaxBrokers = 32;
inline constexpr int kMaxPartitions = 1000;
inline constexpr int kMaxTopics = 1000;
inline constexpr int kMaxRttMs = 600'000;
inline constexpr int kMaxErrorsPerCommand = 10'000;
inline constexpr long long kMaxErrorsTotal = 1'000'000;

/** Why `name` is not a valid Kafka topic name, or nullopt when it is. */
std::optional<std::string> topicNameProblem(std::string_view name);

/** The reply to one command: "ok", "error: <why>", or for help some lines followed by "ok". */
struct CommandResult {
    std::string reply;
    bool isQuit = false;
    bool isError = false;
};

/** One mock cluster on loopback, owning the librdkafka handle it needs for its threads. */
class MockCluster {
public:
    /** Starts `brokerCount` brokers (ids 1..brokerCount); nullptr and `error` set on failure. */
    static std::unique_ptr<MockCluster> start(int brokerCount, std::string& error);
    ~MockCluster();
    MockCluster(const MockCluster&) = delete;
    MockCluster& operator=(const MockCluster&) = delete;

    /** Comma-separated host:port list for bootstrap.servers. */
    std::string bootstraps() const;
    int brokerCount() const { return m_brokerCount; }

    /** Creates a topic; an error message when it is invalid or already exists. */
    std::optional<std::string> createTopic(std::string_view name, long long partitions, long long replication);

    /** Parses and runs one command line (without its newline). Never throws on bad input. */
    CommandResult execute(std::string_view line);

    /** Counts a line rejected before parsing (e.g. too long) and returns its error reply. */
    CommandResult reject(const std::string& why);

    long long commandCount() const { return m_commandCount; }
    long long rejectedCount() const { return m_rejectedCount; }

private:
    MockCluster() = default;

    CommandResult run(std::string_view line);
    std::optional<std::int32_t> brokerId(std::string_view text, bool isAllAllowed, std::string& error) const;

    rd_kafka_s* m_handle = nullptr;
    rd_kafka_mock_cluster_s* m_cluster = nullptr;
    int m_brokerCount = 0;
    std::set<std::string, std::less<>> m_topicNames; // created or touched by commands, to cap them
    long long m_errorsPushed = 0;
    long long m_commandCount = 0;
    long long m_rejectedCount = 0;
};

/** Text for `help` and `--help`: every command with its arguments. */
std::string commandHelp();

} // namespace pulse::kafkamock
