#include "parsecommand.h"

#include "parse/influxdump.h"
#include "parse/statsddump.h"

#include <chrono>
#include <string>

namespace pulse::server {

int runParse(const ParseOptions& options, std::FILE* in, std::FILE* out)
{
    std::string payload;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;)
        payload.append(buf, n);
    std::string json;
    std::size_t rejected = 0;
    if (options.format == "influx") {
        const std::int64_t defaultTimeNs = options.hasDefaultTime
            ? options.defaultTimeNs
            : std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
                  .count();
        auto r = dumpInflux(payload, *influxPrecisionFromString(options.precision), defaultTimeNs);
        json = std::move(r.json);
        rejected = r.rejected;
    } else {
        auto r = dumpStatsd(payload);
        json = std::move(r.json);
        rejected = r.rejected;
    }
    std::fwrite(json.data(), 1, json.size(), out);
    std::fflush(out);
    return rejected == 0 ? 0 : 1;
}

} // namespace pulse::server
