#include "model/duration.h"

#include <charconv>
#include <limits>

namespace pulse {

std::optional<std::int64_t> parseDurationMs(std::string_view text)
{
    std::int64_t n = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, n);
    if (ec != std::errc() || ptr == text.data() || n < 0)
        return std::nullopt;
    const std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
    std::int64_t factor = 0;
    if (unit == "ms")
        factor = 1;
    else if (unit.empty() || unit == "s")
        factor = 1000;
    else if (unit == "m")
        factor = 60'000;
    else if (unit == "h")
        factor = 3'600'000;
    else if (unit == "d")
        factor = 86'400'000;
    else
        return std::nullopt;
    if (n > std::numeric_limits<std::int64_t>::max() / factor)
        return std::nullopt;
    return n * factor;
}

std::string formatDurationMs(std::int64_t ms)
{
    struct Unit {
        std::int64_t ms;
        const char* suffix;
    };
    static constexpr Unit units[] = { { 86'400'000, "d" }, { 3'600'000, "h" }, { 60'000, "m" }, { 1000, "s" } };
    if (ms != 0) {
        for (const auto& u : units)
            if (ms % u.ms == 0)
                return std::to_string(ms / u.ms) + u.suffix;
    }
    return std::to_string(ms) + "ms";
}

} // namespace pulse
