#pragma once

#include "serveroptions.h"

#include <cstdio>

namespace pulse::server {

/** `pulseboard-server parse`: reads `in` whole, writes JSON lines to `out`; 0 if nothing was rejected, else 1. */
int runParse(const ParseOptions& options, std::FILE* in, std::FILE* out);

} // namespace pulse::server
