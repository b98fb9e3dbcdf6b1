#pragma once

// Sample builders and a batch collector that checks the batch contract, shared by the window engine tests.

#include "model/hash.h"
#include "window/windowengine.h"

#include <QMetaType>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

Q_DECLARE_METATYPE(pulse::MetricType)

namespace pulse::testing {

inline Sample makeSample(SeriesId id, MetricType type, TimestampMs t, double value = 1.0, double rate = 1.0)
{
    Sample s;
    s.series = id;
    s.type = type;
    s.eventTimeMs = t;
    s.value = value;
    s.sampleRate = rate;
    return s;
}

inline Sample counter(SeriesId id, TimestampMs t, double value = 1.0, double rate = 1.0)
{
    return makeSample(id, MetricType::Counter, t, value, rate);
}

inline Sample gauge(SeriesId id, TimestampMs t, double value, bool isDelta = false)
{
    Sample s = makeSample(id, MetricType::Gauge, t, value);
    s.isDelta = isDelta;
    return s;
}

inline Sample timer(SeriesId id, TimestampMs t, double value, double rate = 1.0)
{
    return makeSample(id, MetricType::Timer, t, value, rate);
}

inline Sample setMember(SeriesId id, TimestampMs t, std::uint64_t member)
{
    Sample s = makeSample(id, MetricType::Set, t, 0.0);
    s.setMemberHash = hashMix(member + 1);
    return s;
}

inline EngineConfig configWith(std::vector<WindowSpec> specs, std::int64_t latenessMs = 0)
{
    EngineConfig config;
    config.specs = std::move(specs);
    config.allowedLatenessMs = latenessMs;
    return config;
}

inline bool sameOrBothNaN(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

/** All results handed out by an engine, with the first broken batch invariant found (empty when none). */
struct Collected {
    std::vector<WindowResult> results;
    std::vector<std::shared_ptr<const WindowBatch>> batches;
    std::string problem;

    std::vector<WindowResult> forSpec(std::uint16_t specIndex) const
    {
        std::vector<WindowResult> out;
        for (const WindowResult& r : results)
            if (r.specIndex == specIndex)
                out.push_back(r);
        return out;
    }

    void add(const std::vector<WindowBatchPtr>& step, const EngineConfig& config)
    {
        std::set<std::uint16_t> specsInStep;
        for (const WindowBatchPtr& batch : step) {
            batches.push_back(batch);
            check(batch != nullptr, "null batch");
            if (!batch)
                continue;
            check(!batch->results.empty(), "empty batch");
            check(specsInStep.insert(batch->specIndex).second, "two batches for one spec in one step");
            check(batch->specIndex < config.specs.size(), "spec index out of range");
            if (batch->specIndex >= config.specs.size())
                continue;
            const WindowSpec& spec = config.specs[batch->specIndex];
            check(batch->spec == spec, "batch spec differs from the config");
            check(batch->quantiles == config.quantiles, "batch quantiles differ from the config");
            for (std::size_t i = 0; i < batch->results.size(); ++i) {
                const WindowResult& r = batch->results[i];
                check(r.specIndex == batch->specIndex, "result spec index differs from its batch");
                check(r.endMs - r.startMs == spec.sizeMs, "window length differs from the spec size");
                check(((r.startMs % spec.slideMs) + spec.slideMs) % spec.slideMs == 0, "window start not aligned");
                if (i > 0) {
                    const WindowResult& p = batch->results[i - 1];
                    check(p.startMs < r.startMs || (p.startMs == r.startMs && p.series < r.series),
                        "results not sorted by (start, series) or duplicated");
                }
                results.push_back(r);
            }
        }
    }

private:
    void check(bool ok, const char* what)
    {
        if (!ok && problem.empty())
            problem = what;
    }
};

} // namespace pulse::testing
