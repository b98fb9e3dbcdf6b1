// kafka-mock: librdkafka's mock cluster on loopback, with faults injected by commands on stdin.
// Prints "bootstrap HOST:PORT,..." first, then answers every command with "ok" or "error: <why>".

#include "kafkanames.h"
#include "mockcluster.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace pulse::kafkamock;

namespace {

constexpr std::size_t kMaxLineBytes = 4096;

constexpr const char* kUsage = R"(usage: kafka-mock [options]
Starts librdkafka's mock Kafka cluster on 127.0.0.1, prints "bootstrap HOST:PORT,..." as the
first line on stdout, then reads commands from stdin. Logs go to stderr.
Each partition keeps only its newest 5 MiB or 100,000 message sets (the mock cluster's fixed
retention): older messages are dropped and the low watermark moves up, so spread large test
volumes over enough partitions.

  --brokers N                      number of brokers, ids 1..N (default 3, at most 32)
  --topic NAME:PARTITIONS[:REPL]   create a topic at start (repeatable; REPL defaults to min(3, N))
  --help

)";

struct Options {
    int brokerCount = 3;
    struct Topic {
        std::string name;
        long long partitions = 1;
        long long replication = 0; // 0 = min(3, brokers)
    };
    std::vector<Topic> topics;
};

/** Fills `o`; a message for bad usage. */
std::optional<std::string> parseArguments(int argc, char** argv, Options& o, bool& isHelp)
{
    std::set<std::string> names;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            isHelp = true;
            return std::nullopt;
        }
        std::string_view value;
        if (const auto eq = arg.find('='); eq != std::string_view::npos && arg.starts_with("--")) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (arg == "--brokers" || arg == "--topic") {
            if (i + 1 >= argc)
                return "missing value for " + std::string(arg);
            value = argv[++i];
        } else {
            return "unknown option '" + std::string(arg) + "' (try --help)";
        }
        if (arg == "--brokers") {
            const auto n = parseNumber(value, kMaxBrokers);
            if (!n || *n < 1)
                return "--brokers must be 1.." + std::to_string(kMaxBrokers) + ", not '" + std::string(value) + "'";
            o.brokerCount = static_cast<int>(*n);
        } else if (arg == "--topic") {
            Options::Topic t;
            const auto c1 = value.find(':');
            if (c1 == std::string_view::npos)
                return "--topic wants NAME:PARTITIONS[:REPLICATION], not '" + std::string(value) + "'";
            t.name = std::string(value.substr(0, c1));
            std::string_view rest = value.substr(c1 + 1);
            const auto c2 = rest.find(':');
            const auto partitions = parseNumber(rest.substr(0, c2), kMaxPartitions);
            if (!partitions || *partitions < 1)
                return "--topic " + std::string(value) + ": partitions must be 1.." + std::to_string(kMaxPartitions);
            t.partitions = *partitions;
            if (c2 != std::string_view::npos) {
                const auto replication = parseNumber(rest.substr(c2 + 1), kMaxBrokers);
                if (!replication || *replication < 1)
                    return "--topic " + std::string(value) + ": replication must be a number from 1";
                t.replication = *replication;
            }
            if (auto problem = topicNameProblem(t.name))
                return "--topic: " + *problem;
            if (!names.insert(t.name).second)
                return "--topic " + t.name + " given twice";
            o.topics.push_back(std::move(t));
        } else {
            return "unknown option '" + std::string(arg) + "' (try --help)";
        }
    }
    for (const auto& t : o.topics) {
        if (t.replication > o.brokerCount)
            return "--topic " + t.name + ": replication " + std::to_string(t.replication) + " exceeds --brokers "
                + std::to_string(o.brokerCount);
    }
    return std::nullopt;
}

/** Writes and flushes; false when stdout is gone (the driver exited). */
bool say(const std::string& text)
{
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fputc('\n', stdout) != EOF
        && std::fflush(stdout) == 0;
}

/** Feeds stdin bytes to the cluster one line at a time; overlong lines are answered once and skipped. */
class LineReader {
public:
    explicit LineReader(MockCluster& cluster)
        : m_cluster(cluster)
    { }

    /** Handles `bytes`; false when a command asked to quit or stdout failed. */
    bool feed(std::string_view bytes)
    {
        for (const char c : bytes) {
            if (c == '\n') {
                const bool isDiscarding = m_isDiscarding;
                m_isDiscarding = false;
                if (!isDiscarding && !handle(m_line))
                    return false;
                m_line.clear();
                continue;
            }
            if (m_isDiscarding)
                continue;
            if (m_line.size() >= kMaxLineBytes) {
                m_line.clear();
                m_isDiscarding = true;
                const std::string why = "line longer than " + std::to_string(kMaxLineBytes) + " bytes, ignored";
                if (!say(m_cluster.reject(why).reply))
                    return false;
                continue;
            }
            m_line += c;
        }
        return true;
    }

    /** Runs a last line that had no newline before EOF. */
    bool finish()
    {
        const bool isRunnable = !m_isDiscarding && !m_line.empty();
        m_isDiscarding = false;
        return !isRunnable || handle(m_line);
    }

private:
    bool handle(std::string line)
    {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#')
            return true;
        const CommandResult result = m_cluster.execute(line);
        return say(result.reply) && !result.isQuit;
    }

    MockCluster& m_cluster;
    std::string m_line;
    bool m_isDiscarding = false;
};

} // namespace

int main(int argc, char** argv)
{
    Options options;
    bool isHelp = false;
    if (const auto problem = parseArguments(argc, argv, options, isHelp)) {
        std::fprintf(stderr, "kafka-mock: %s\n", problem->c_str());
        return 2;
    }
    if (isHelp) {
        std::fputs(kUsage, stdout);
        std::fputs(commandHelp().c_str(), stdout);
        return 0;
    }

    // Blocked before librdkafka starts its threads so they inherit the mask and the signals arrive only
    // through the signalfd polled below, next to stdin.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    sigprocmask(SIG_BLOCK, &stopSignals, nullptr);
    signal(SIGPIPE, SIG_IGN);
    const int signalFd = signalfd(-1, &stopSignals, SFD_CLOEXEC);
    if (signalFd < 0) {
        std::fprintf(stderr, "kafka-mock: signalfd: %s\n", std::strerror(errno));
        return 1;
    }

    std::string error;
    auto cluster = MockCluster::start(options.brokerCount, error);
    if (!cluster) {
        std::fprintf(stderr, "kafka-mock: %s\n", error.c_str());
        return 1;
    }
    for (const auto& t : options.topics) {
        const long long replication = t.replication > 0 ? t.replication : std::min(3, options.brokerCount);
        if (const auto problem = cluster->createTopic(t.name, t.partitions, replication)) {
            std::fprintf(stderr, "kafka-mock: %s\n", problem->c_str());
            return 2;
        }
    }
    std::fprintf(stderr, "kafka-mock: %d brokers, %zu topics\n", options.brokerCount, options.topics.size());
    if (!say("bootstrap " + cluster->bootstraps()))
        return 1;

    LineReader reader(*cluster);
    bool isRunning = true;
    while (isRunning) {
        pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { signalFd, POLLIN, 0 } };
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            std::fprintf(stderr, "kafka-mock: poll: %s\n", std::strerror(errno));
            break;
        }
        if (fds[1].revents & POLLIN) {
            signalfd_siginfo info {};
            if (read(signalFd, &info, sizeof info) == sizeof info)
                std::fprintf(stderr, "kafka-mock: signal %u, shutting down\n", info.ssi_signo);
            break;
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            char buffer[4096];
            const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                reader.finish();
                break;
            }
            isRunning = reader.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        }
    }
    std::fprintf(
        stderr, "kafka-mock: %lld commands, %lld rejected\n", cluster->commandCount(), cluster->rejectedCount());
    cluster.reset();
    close(signalFd);
    return std::ferror(stdout) ? 1 : 0; // 1 only when answers could not be written
}
