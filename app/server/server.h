#pragma once

#include "serveroptions.h"

namespace pulse::server {

/**
 * Runs the pipeline until SIGINT/SIGTERM: UDP listeners, Kafka consumers, the relay, PostgreSQL history and
 * --print, wired as the options say. Returns the exit code (0 after a clean shutdown, 1 when something could not
 * start). Operator messages go to stderr, windows (with --print) to stdout.
 */
int runServer(RunOptions options, int argc, char** argv);

} // namespace pulse::server
