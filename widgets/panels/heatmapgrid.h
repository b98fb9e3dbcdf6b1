#pragma once

#include "panels/panelfields.h"

#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace pulse::ui {

/** What the store keeps of one window of a digest-typed series: count, min, max and some quantiles. */
struct DistributionColumn {
    TimestampMs timeMs = 0;
    double count = 0;
    double min = 0;
    double max = 0;
    std::vector<std::pair<double, double>> quantiles; ///< (q in (0, 1), value), ascending by q
};

/**
 * The approximation a heatmap draws: the fraction of samples at or below x is the piecewise-linear CDF through
 * (min, 0), (value_q, q) for each stored quantile, and (max, 1) — samples spread evenly between the known
 * quantiles. Exact at the stored quantiles; in between, the true shape within each quantile gap is unknown.
 */
double distributionCdf(const DistributionColumn& column, double x);

/** count × (F(edges[i+1]) − F(edges[i])) per bucket; when the edges span [min, max] the buckets sum to count. */
std::vector<double> bucketCounts(const DistributionColumn& column, std::span<const double> edges);

/** The value below which a fraction q of the histogram's samples lie (linear inside a bucket); nullopt if empty. */
std::optional<double> histogramQuantile(std::span<const double> counts, std::span<const double> edges, double q);

/** Buckets × time, ready to paint. */
struct HeatmapGrid {
    std::vector<double> edges; ///< bucketCount + 1 ascending values
    std::int64_t stepMs = 0;
    std::vector<TimestampMs> times; ///< ascending; only windows with data (missing windows are gaps)
    std::vector<std::vector<double>> counts; ///< per time, per bucket
    std::vector<std::optional<double>> p50; ///< per time
    std::vector<std::optional<double>> p99;
    double maxCount = 0;
};

/** A series' columns from its count, min, max and pXX lines (points matched by time). */
std::vector<DistributionColumn> distributionColumns(const SeriesLines& lines);

/**
 * Sums the reconstructed histograms of every series per window over `bucketCount` linear buckets spanning all
 * mins and maxes. p50/p99 are the stored ones when a single series has the window, else read off the merged
 * histogram (quantiles cannot be combined exactly without the digests).
 */
HeatmapGrid buildHeatmapGrid(const std::vector<std::vector<DistributionColumn>>& series, int bucketCount);

} // namespace pulse::ui
