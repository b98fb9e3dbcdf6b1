#pragma once

#include "pipeline/pipeline.h"

#include <string>
#include <variant>
#include <vector>

namespace pulse::server {

/** `pulseboard-server [options]`: run the pipeline. */
struct RunOptions {
    PipelineConfig pipeline;
    bool isPrint = false;
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

ParsedCommand parseCommandLine(const std::vector<std::string>& args);
std::string helpText();

} // namespace pulse::server
