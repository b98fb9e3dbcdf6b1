#pragma once

#include "parse/influxparser.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pulse {

/** JSON lines describing a parsed payload, and how many of its lines were rejected. */
struct InfluxDumpResult {
    std::string json;
    std::size_t rejected = 0;
};

/**
 * One JSON object per point or rejected line, in input order, each followed by '\n':
 *   {"kind":"point","measurement":m,"tags":[[k,v],...],"fields":[[k,{"float":x}],...],"time":ns}
 *   {"kind":"error","line":n,"reason":"bad_tag"}
 * Names and strings are unescaped; field values are tagged float, int, uint, bool or string.
 * Backs `pulseboard-server parse --format influx`; uses the default InfluxLimits.
 */
InfluxDumpResult dumpInflux(std::string_view payload, InfluxPrecision precision, std::int64_t defaultTimeNs);

} // namespace pulse
