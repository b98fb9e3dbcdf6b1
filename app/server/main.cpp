// pulseboard-server: the headless pipeline (ingest → aggregate → store), and the `parse` tool.

#include "parsecommand.h"
#include "server.h"
#include "serveroptions.h"

#include <cstdio>

using namespace pulse::server;

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    ParsedCommand command = parseCommandLine(args);
    if (auto* error = std::get_if<UsageError>(&command)) {
        std::fprintf(stderr, "pulseboard-server: %s\n", error->message.c_str());
        return 2;
    }
    if (std::holds_alternative<HelpRequest>(command)) {
        std::fputs(helpText().c_str(), stdout);
        return 0;
    }
    if (std::holds_alternative<VersionRequest>(command)) {
        std::printf("pulseboard-server %s\n", PULSE_VERSION);
        return 0;
    }
    if (auto* parse = std::get_if<ParseOptions>(&command))
        return runParse(*parse, stdin, stdout);
    return runServer(std::get<RunOptions>(std::move(command)), argc, argv);
}
