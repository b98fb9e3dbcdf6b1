// Sketch benchmarks: t-digest add / mergeAll / quantile / serialisation and HyperLogLog add / merge / estimate.
// Before the timings it prints an accuracy table (rank error per distribution at 1M samples) so BENCHMARKS.md can
// quote both. Run: bench_tdigest [--benchmark_repetitions=5 --benchmark_report_aggregates_only=true]
#include "model/hash.h"
#include "sketch/hyperloglog.h"
#include "sketch/tdigest.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace pulse;

namespace {

std::vector<double> normalSamples(std::size_t n, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(100.0, 15.0);
    std::vector<double> xs(n);
    for (double& x : xs)
        x = normal(rng);
    return xs;
}

TDigest digestOf(const std::vector<double>& xs)
{
    TDigest digest;
    for (const double x : xs)
        digest.add(x);
    digest.compress();
    return digest;
}

void BM_TDigestAdd(benchmark::State& state)
{
    const std::vector<double> xs = normalSamples(1 << 20, 1);
    TDigest digest;
    std::size_t i = 0;
    for (auto _ : state) {
        digest.add(xs[i]);
        i = (i + 1) & (xs.size() - 1);
    }
    benchmark::DoNotOptimize(digest.count());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TDigestAdd);

void BM_TDigestAddWeighted(benchmark::State& state)
{
    const std::vector<double> xs = normalSamples(1 << 20, 2);
    TDigest digest;
    std::size_t i = 0;
    for (auto _ : state) {
        digest.add(xs[i], 1.0 / 0.3);
        i = (i + 1) & (xs.size() - 1);
    }
    benchmark::DoNotOptimize(digest.count());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TDigestAddWeighted);

std::vector<TDigest> sixtyPanes(std::size_t samplesEach)
{
    const std::vector<double> xs = normalSamples(60 * samplesEach, 3);
    std::vector<TDigest> panes(60);
    for (std::size_t i = 0; i < xs.size(); ++i)
        panes[i / samplesEach].add(xs[i]);
    for (const TDigest& p : panes)
        p.compress();
    return panes;
}

void BM_TDigestMergeAll60(benchmark::State& state)
{
    const std::vector<TDigest> panes = sixtyPanes(std::size_t(state.range(0)));
    std::vector<const TDigest*> pointers;
    for (const TDigest& p : panes)
        pointers.push_back(&p);
    for (auto _ : state) {
        TDigest merged = TDigest::mergeAll(pointers);
        benchmark::DoNotOptimize(merged.count());
    }
}
BENCHMARK(BM_TDigestMergeAll60)->Arg(1000)->Arg(16667)->Unit(benchmark::kMicrosecond);

void BM_TDigestMergePairwise60(benchmark::State& state)
{
    const std::vector<TDigest> panes = sixtyPanes(1000);
    for (auto _ : state) {
        TDigest merged;
        for (const TDigest& p : panes)
            merged.merge(p);
        benchmark::DoNotOptimize(merged.count());
    }
}
BENCHMARK(BM_TDigestMergePairwise60)->Unit(benchmark::kMicrosecond);

void BM_TDigestQuantile(benchmark::State& state)
{
    const TDigest digest = digestOf(normalSamples(1'000'000, 4));
    int i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(digest.quantile((i % 1001) / 1000.0));
        ++i;
    }
}
BENCHMARK(BM_TDigestQuantile);

void BM_TDigestCdf(benchmark::State& state)
{
    const TDigest digest = digestOf(normalSamples(1'000'000, 5));
    int i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(digest.cdf(40.0 + (i % 1000) * 0.12));
        ++i;
    }
}
BENCHMARK(BM_TDigestCdf);

void BM_TDigestSerialize(benchmark::State& state)
{
    const TDigest digest = digestOf(normalSamples(1'000'000, 6));
    std::string out;
    for (auto _ : state) {
        out.clear();
        digest.serialize(out);
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["bytes"] = double(out.size());
}
BENCHMARK(BM_TDigestSerialize);

void BM_TDigestDeserialize(benchmark::State& state)
{
    const std::string bytes = digestOf(normalSamples(1'000'000, 7)).serialized();
    for (auto _ : state) {
        auto digest = TDigest::deserialize(bytes);
        benchmark::DoNotOptimize(digest);
    }
    state.counters["bytes"] = double(bytes.size());
}
BENCHMARK(BM_TDigestDeserialize);

void BM_HyperLogLogAdd(benchmark::State& state)
{
    HyperLogLog sketch;
    std::uint64_t i = 0;
    for (auto _ : state)
        sketch.add(hashMix(++i));
    benchmark::DoNotOptimize(sketch.isEmpty());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HyperLogLogAdd);

void BM_HyperLogLogMerge(benchmark::State& state)
{
    HyperLogLog a;
    HyperLogLog b;
    for (std::uint64_t i = 0; i < 100'000; ++i) {
        a.add(hashMix(i));
        b.add(hashMix(i + 50'000));
    }
    for (auto _ : state) {
        HyperLogLog merged = a;
        merged.merge(b);
        benchmark::DoNotOptimize(merged.isEmpty());
    }
}
BENCHMARK(BM_HyperLogLogMerge);

void BM_HyperLogLogEstimate(benchmark::State& state)
{
    HyperLogLog sketch;
    for (std::uint64_t i = 0; i < 1'000'000; ++i)
        sketch.add(hashMix(i));
    for (auto _ : state)
        benchmark::DoNotOptimize(sketch.estimate());
}
BENCHMARK(BM_HyperLogLogEstimate);

// --- accuracy report ---

struct Accuracy {
    double worstMid = 0.0; // max |F(quantile(q)) - q| for q in [0.01, 0.99], step 0.001
    double atQ999 = 0.0;
    std::size_t centroids = 0;
    std::size_t bytes = 0;
};

Accuracy measure(const TDigest& digest, std::vector<double> xs)
{
    std::sort(xs.begin(), xs.end());
    auto rank
        = [&](double v) { return double(std::upper_bound(xs.begin(), xs.end(), v) - xs.begin()) / double(xs.size()); };
    Accuracy a;
    for (int i = 10; i <= 990; ++i)
        a.worstMid = std::max(a.worstMid, std::abs(rank(digest.quantile(i / 1000.0)) - i / 1000.0));
    a.atQ999 = std::abs(rank(digest.quantile(0.999)) - 0.999);
    a.centroids = digest.centroidCount();
    a.bytes = digest.serialized().size();
    return a;
}

void printAccuracy()
{
    constexpr std::size_t n = 1'000'000;
    std::printf("t-digest accuracy, compression 100, %zu samples, seed 42 (rank error |F(estimate) - q|)\n", n);
    std::printf("%-22s %12s %12s %10s %8s\n", "input", "max q.01-.99", "at q=.999", "centroids", "bytes");
    const char* names[] = { "uniform", "normal", "log-normal", "pareto (shape 1)", "sorted", "reverse-sorted",
        "60 panes, mergeAll", "60 panes, pairwise" };
    for (int d = 0; d < 8; ++d) {
        std::mt19937_64 rng(42);
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        std::normal_distribution<double> normal(0.0, 1.0);
        std::lognormal_distribution<double> logNormal(0.0, 1.0);
        std::vector<double> xs(n);
        for (double& x : xs)
            x = d == 1             ? normal(rng)
                : d == 2 || d >= 6 ? logNormal(rng)
                : d == 3           ? 1.0 / (1.0 - uniform(rng))
                                   : uniform(rng);
        if (d == 4 || d == 5)
            std::sort(xs.begin(), xs.end());
        if (d == 5)
            std::reverse(xs.begin(), xs.end());
        TDigest digest;
        if (d < 6) {
            for (const double x : xs)
                digest.add(x);
        } else {
            std::vector<TDigest> panes(60);
            for (std::size_t i = 0; i < n; ++i)
                panes[i * 60 / n].add(xs[i]);
            std::vector<const TDigest*> pointers;
            for (const TDigest& p : panes)
                pointers.push_back(&p);
            if (d == 6) {
                digest = TDigest::mergeAll(pointers);
            } else {
                for (const TDigest& p : panes)
                    digest.merge(p);
            }
        }
        const Accuracy a = measure(digest, std::move(xs));
        std::printf("%-22s %12.5f %12.6f %10zu %8zu\n", names[d], a.worstMid, a.atQ999, a.centroids, a.bytes);
    }
    std::printf("\n");
}

} // namespace

int main(int argc, char** argv)
{
    bool isAccuracyWanted = true;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no_accuracy") == 0)
            isAccuracyWanted = false;
    }
    if (isAccuracyWanted)
        printAccuracy();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
