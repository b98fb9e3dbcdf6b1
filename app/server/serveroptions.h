#pragma once

#include "ingest/kafkaconfig.h"
#include "kafka/kafkarelay.h"
#include "pipeline/pipeline.h"
#include "storage/storageoutput.h"

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pulse::server {

/** `--serve`: the API server (GraphQL over WebSocket and HTTP, /metrics/stream, /healthz, /metrics). */
struct ApiOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::string tokenFile; ///< --token-file: its first line is the bearer token
    std::vector<std::string> allowedOrigins; ///< --allow-origin (repeatable)
    int maxConnections = 1024; ///< --max-connections
};

/** `pulseboard-server [options]`: run the pipeline. */
struct RunOptions {
    PipelineConfig pipeline;
    bool isPrint = false;
    std::vector<KafkaSourceConfig> kafka; ///< --kafka, with --kafka-property applied
    /** --kafka-exactly-once: offsets kept with the rollups in PostgreSQL, event time from message timestamps. */
    bool isKafkaExactlyOnce = false;
    std::optional<KafkaRelayConfig> relay; ///< --kafka-produce, with --kafka-property applied (unresolved)
    std::optional<StorageOptions> storage; ///< --pg or PULSE_PG_URL
    std::optional<ApiOptions> api; ///< --serve
};

/** `pulseboard-server parse --format …`: parse stdin and print JSON lines. */
struct ParseOptions {
    std::string format = "statsd";
    std::string precision = "ns";
    std::int64_t defaultTimeNs = 0;
    bool hasDefaultTime = false;
};

struct HelpRequest { };
struct VersionRequest { };
/** A one-line message for stderr; exit code 2. */
struct UsageError {
    std::string message;
};

using ParsedCommand = std::variant<RunOptions, ParseOptions, HelpRequest, VersionRequest, UsageError>;

/** `environment` stands in for getenv (PULSE_PG_URL); null reads the process environment. */
ParsedCommand parseCommandLine(
    const std::vector<std::string>& args, const std::function<const char*(const char*)>& environment = nullptr);
std::string helpText();

/** `HOST:PORT`, `[IPV6]:PORT` or `PORT` (on 127.0.0.1) for --serve; the host must be an IP address or localhost. */
std::variant<ApiOptions, std::string> parseServeAddress(const std::string& text);

} // namespace pulse::server
