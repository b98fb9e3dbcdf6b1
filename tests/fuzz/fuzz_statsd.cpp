// libFuzzer target for the StatsD/DogStatsD parser and its JSON dump.
#include "parse/statsddump.h"
#include "parse/statsdparser.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

// Touches every byte of every view so ASan sees any view that escapes the payload.
struct Toucher {
    std::string_view payload;
    std::uint64_t sum = 0;
    std::array<pulse::TagView, 64> buffer {};

    void touch(std::string_view v)
    {
        if (v.empty())
            return;
        if (v.data() < payload.data() || v.data() + v.size() > payload.data() + payload.size())
            std::abort();
        for (char c : v)
            sum += static_cast<unsigned char>(c);
    }
    void touch(const std::optional<std::string_view>& v)
    {
        if (v)
            touch(*v);
    }
    void touch(const pulse::StatsdTags& tags)
    {
        std::size_t n = 0;
        for (const pulse::TagView& t : tags) {
            touch(t.key);
            touch(t.value);
            if (t.key.empty())
                std::abort(); // validated tags never have an empty key
            ++n;
        }
        if (n != tags.size() || tags.copyTo(buffer) != std::min(n, buffer.size()))
            std::abort();
        touch(tags.raw());
    }
    void onSample(const pulse::StatsdSample& s)
    {
        touch(s.name);
        touch(s.setMember);
        touch(s.container);
        touch(s.tags);
        if (s.name.empty() || !(s.sampleRate > 0.0 && s.sampleRate <= 1.0) || s.value != s.value)
            std::abort();
        sum += static_cast<std::uint64_t>(s.lineNumber) + static_cast<std::uint64_t>(s.timestampSec.value_or(0));
    }
    void onEvent(const pulse::StatsdEvent& e)
    {
        touch(e.title);
        touch(e.text);
        touch(e.host);
        touch(e.aggregationKey);
        touch(e.priority);
        touch(e.sourceType);
        touch(e.alertType);
        touch(e.container);
        touch(e.tags);
    }
    void onServiceCheck(const pulse::StatsdServiceCheck& sc)
    {
        touch(sc.name);
        touch(sc.host);
        touch(sc.message);
        touch(sc.container);
        touch(sc.tags);
        if (sc.status < 0 || sc.status > 3)
            std::abort();
    }
    void onReject(std::size_t lineNumber, pulse::StatsdReject reason, std::string_view line)
    {
        touch(line);
        if (pulse::statsdRejectName(reason) == "unknown")
            std::abort();
        sum += lineNumber;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    Toucher toucher;
    toucher.payload = payload;
    pulse::parseStatsd(payload, pulse::StatsdLimits {}, toucher);

    // Tight limits reach the limit checks with small inputs.
    pulse::StatsdLimits tight;
    tight.maxLineBytes = 64;
    tight.maxNameBytes = 8;
    tight.maxTagBytes = 6;
    tight.maxTags = 3;
    pulse::parseStatsd(payload, tight, toucher);

    const pulse::DumpResult dump = pulse::dumpStatsd(payload);
    if (!dump.json.empty() && dump.json.back() != '\n')
        std::abort();
    return 0;
}
