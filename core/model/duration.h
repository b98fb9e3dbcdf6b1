#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pulse {

/** Parses "250ms", "10s", "5m", "1h", "2d" (a bare number means seconds); nullopt when malformed or negative. */
std::optional<std::int64_t> parseDurationMs(std::string_view text);

/** Shortest exact spelling: 10000 → "10s", 90000 → "90s", 3600000 → "1h", 250 → "250ms". */
std::string formatDurationMs(std::int64_t ms);

} // namespace pulse
