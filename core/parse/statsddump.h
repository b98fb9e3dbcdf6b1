#pragma once

#include "parse/statsdparser.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace pulse {

/** The JSON text of a parsed payload (one object per line) and how many lines were rejected. */
struct DumpResult {
    std::string json;
    std::size_t rejected = 0;
};

/**
 * Parses a StatsD/DogStatsD payload and renders every sample (one per packed value), event,
 * service check and rejection as one JSON object per output line, in input order.
 * Backs `pulseboard-server parse --format statsd`.
 */
DumpResult dumpStatsd(std::string_view payload, const StatsdLimits& limits = {});

} // namespace pulse
