// InfluxDB line protocol parsing throughput; items = lines. Target: >= 5M typical lines/s on one core.

#include "parse/influxdump.h"
#include "parse/influxparser.h"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

using namespace pulse;

namespace {

constexpr int kLines = 1000;

std::string typicalPayload()
{
    std::string payload;
    for (int i = 0; i < kLines; ++i) {
        payload += "cpu,host=web" + std::to_string(10 + i % 90) + ",region=eu usage_user=" + std::to_string(i % 100)
            + "." + std::to_string(i % 10) + ",usage_system=3." + std::to_string(i % 7) + " "
            + std::to_string(1700000000000000000LL + i * 1000000000LL) + "\n";
    }
    return payload;
}

std::string escapeHeavyPayload()
{
    std::string payload;
    for (int i = 0; i < kLines; ++i) {
        payload += "cpu\\ load\\,avg,host\\ name=web\\ " + std::to_string(10 + i % 90)
            + ",region=eu\\,west\\=1 usage\\ user=12." + std::to_string(i % 10)
            + ",msg=\"say \\\"hi\\\" to C:\\\\dir\" " + std::to_string(1700000000000000000LL + i) + "\n";
    }
    return payload;
}

std::string integerPayload()
{
    std::string payload;
    for (int i = 0; i < kLines; ++i) {
        payload += "net,host=web" + std::to_string(10 + i % 90) + ",iface=eth0 rx_bytes=" + std::to_string(i * 7919)
            + "i,tx_bytes=" + std::to_string(i * 104729) + "u,up=true " + std::to_string(1700000000 + i) + "\n";
    }
    return payload;
}

/** What an ingest adapter does on the fast path: read the values, look at the raw names. */
struct SummingVisitor {
    double sum = 0.0;
    std::size_t nameBytes = 0;
    std::size_t rejects = 0;
    void onPoint(const InfluxPoint& p)
    {
        nameBytes += p.measurement.size() + p.tags.size();
        for (const InfluxField& f : p.fields)
            sum += f.asDouble();
        sum += static_cast<double>(p.timeNs & 1);
    }
    void onReject(std::size_t, InfluxReject, std::string_view) { ++rejects; }
};

/** The slow path of an ingest adapter: every name and string unescaped. */
struct UnescapingVisitor {
    std::string scratch;
    std::string arena;
    std::vector<TagView> tags;
    std::size_t bytes = 0;
    std::size_t rejects = 0;
    void onPoint(const InfluxPoint& p)
    {
        bytes += unescapeMeasurement(p.measurement, scratch).size();
        unescapeTagsInto(p, tags, arena);
        for (const TagView& t : tags)
            bytes += t.key.size() + t.value.size();
        for (const InfluxField& f : p.fields) {
            bytes += unescapeKey(f.key, scratch).size();
            if (f.kind == InfluxFieldKind::String)
                bytes += unescapeString(f.stringRaw, scratch).size();
        }
    }
    void onReject(std::size_t, InfluxReject, std::string_view) { ++rejects; }
};

template <class Visitor> void runParse(benchmark::State& state, const std::string& payload)
{
    InfluxParser parser;
    Visitor visitor;
    for (auto _ : state) {
        parser.parse(payload, InfluxPrecision::Nanoseconds, 0, visitor);
        benchmark::DoNotOptimize(visitor);
    }
    if (visitor.rejects != 0)
        state.SkipWithError("payload has rejected lines");
    state.SetItemsProcessed(state.iterations() * kLines);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(payload.size()));
}

void BM_InfluxTypical(benchmark::State& state)
{
    runParse<SummingVisitor>(state, typicalPayload());
}
BENCHMARK(BM_InfluxTypical);

void BM_InfluxIntegersAndBooleans(benchmark::State& state)
{
    runParse<SummingVisitor>(state, integerPayload());
}
BENCHMARK(BM_InfluxIntegersAndBooleans);

void BM_InfluxEscapeHeavyUnescaped(benchmark::State& state)
{
    runParse<UnescapingVisitor>(state, escapeHeavyPayload());
}
BENCHMARK(BM_InfluxEscapeHeavyUnescaped);

void BM_InfluxTypicalUnescaped(benchmark::State& state)
{
    runParse<UnescapingVisitor>(state, typicalPayload());
}
BENCHMARK(BM_InfluxTypicalUnescaped);

void BM_InfluxDumpJson(benchmark::State& state)
{
    const std::string payload = typicalPayload();
    for (auto _ : state) {
        InfluxDumpResult result = dumpInflux(payload, InfluxPrecision::Nanoseconds, 0);
        benchmark::DoNotOptimize(result.json.data());
    }
    state.SetItemsProcessed(state.iterations() * kLines);
}
BENCHMARK(BM_InfluxDumpJson);

} // namespace

BENCHMARK_MAIN();
