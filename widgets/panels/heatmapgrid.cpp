#include "panels/heatmapgrid.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace pulse::ui {

double distributionCdf(const DistributionColumn& column, double x)
{
    if (std::isnan(x) || x < column.min)
        return 0;
    if (x >= column.max)
        return 1;
    // Knots (value, probability), values forced non-decreasing inside [min, max] (float rounding can disorder them).
    double previousValue = column.min;
    double previousProbability = 0;
    for (const auto& [q, rawValue] : column.quantiles) {
        if (std::isnan(rawValue) || q <= previousProbability || q >= 1)
            continue;
        const double value = std::clamp(rawValue, previousValue, column.max);
        if (x < value)
            return previousProbability + (q - previousProbability) * (x - previousValue) / (value - previousValue);
        previousValue = value;
        previousProbability = q;
    }
    if (column.max <= previousValue)
        return 1;
    return previousProbability + (1 - previousProbability) * (x - previousValue) / (column.max - previousValue);
}

std::vector<double> bucketCounts(const DistributionColumn& column, std::span<const double> edges)
{
    std::vector<double> counts(edges.size() > 1 ? edges.size() - 1 : 0, 0.0);
    if (counts.empty() || !(column.count > 0))
        return counts;
    double below = distributionCdf(column, edges.front());
    for (std::size_t i = 0; i < counts.size(); ++i) {
        // The top edge is inclusive so the max lands in the last bucket.
        const double upTo
            = i + 1 == counts.size() && edges[i + 1] >= column.max ? 1.0 : distributionCdf(column, edges[i + 1]);
        counts[i] = column.count * std::max(0.0, upTo - below);
        below = upTo;
    }
    return counts;
}

std::optional<double> histogramQuantile(std::span<const double> counts, std::span<const double> edges, double q)
{
    double total = 0;
    for (const double c : counts)
        total += c;
    if (!(total > 0) || edges.size() != counts.size() + 1)
        return std::nullopt;
    const double target = q * total;
    double seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] > 0 && seen + counts[i] >= target) {
            const double fraction = std::clamp((target - seen) / counts[i], 0.0, 1.0);
            return edges[i] + fraction * (edges[i + 1] - edges[i]);
        }
        seen += counts[i];
    }
    return edges.back();
}

std::vector<DistributionColumn> distributionColumns(const SeriesLines& lines)
{
    std::vector<DistributionColumn> columns;
    const PanelLine* count = lines.line(Field::Count);
    const PanelLine* min = lines.line(Field::Min);
    const PanelLine* max = lines.line(Field::Max);
    if (!count || !min || !max)
        return columns;
    auto byTime = [](const PanelLine* line) {
        std::map<TimestampMs, double> values;
        if (line)
            for (const StorePoint& point : line->points)
                values.emplace(point.timeMs, point.value);
        return values;
    };
    const auto mins = byTime(min);
    const auto maxes = byTime(max);
    std::vector<std::pair<double, std::map<TimestampMs, double>>> quantiles;
    for (const Field field : heatmapFields())
        if (const auto q = fieldQuantile(field); q && lines.line(field))
            quantiles.emplace_back(*q, byTime(lines.line(field)));
    std::sort(quantiles.begin(), quantiles.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    for (const StorePoint& point : count->points) {
        const auto lo = mins.find(point.timeMs);
        const auto hi = maxes.find(point.timeMs);
        if (lo == mins.end() || hi == maxes.end() || !(point.value > 0) || std::isnan(lo->second)
            || std::isnan(hi->second) || hi->second < lo->second)
            continue; // incomplete or empty window: drawn as a gap
        DistributionColumn column { point.timeMs, point.value, lo->second, hi->second, {} };
        for (const auto& [q, values] : quantiles)
            if (const auto it = values.find(point.timeMs); it != values.end() && !std::isnan(it->second))
                column.quantiles.emplace_back(q, it->second);
        columns.push_back(std::move(column));
    }
    return columns;
}

HeatmapGrid buildHeatmapGrid(const std::vector<std::vector<DistributionColumn>>& series, int bucketCount)
{
    HeatmapGrid grid;
    double lowest = std::numeric_limits<double>::infinity();
    double highest = -std::numeric_limits<double>::infinity();
    std::map<TimestampMs, std::vector<const DistributionColumn*>> byTime;
    for (const auto& columns : series)
        for (const DistributionColumn& column : columns) {
            lowest = std::min(lowest, column.min);
            highest = std::max(highest, column.max);
            byTime[column.timeMs].push_back(&column);
        }
    if (byTime.empty() || bucketCount < 1)
        return grid;
    if (highest <= lowest) { // every sample had one value: give the single bucket some height
        const double pad = lowest == 0 ? 0.5 : std::abs(lowest) * 0.05;
        lowest -= pad;
        highest += pad;
    }
    grid.edges.resize(static_cast<std::size_t>(bucketCount) + 1);
    for (int i = 0; i <= bucketCount; ++i)
        grid.edges[static_cast<std::size_t>(i)] = lowest + (highest - lowest) * i / bucketCount;
    grid.edges.back() = highest;

    TimestampMs previous = 0;
    for (const auto& [timeMs, columns] : byTime) {
        if (!grid.times.empty() && (grid.stepMs == 0 || timeMs - previous < grid.stepMs))
            grid.stepMs = timeMs - previous;
        previous = timeMs;
        std::vector<double> sum(static_cast<std::size_t>(bucketCount), 0.0);
        for (const DistributionColumn* column : columns) {
            const auto counts = bucketCounts(*column, grid.edges);
            for (std::size_t b = 0; b < sum.size(); ++b)
                sum[b] += counts[b];
        }
        for (const double c : sum)
            grid.maxCount = std::max(grid.maxCount, c);
        auto stored = [&](double q) -> std::optional<double> {
            if (columns.size() == 1)
                for (const auto& [storedQ, value] : columns.front()->quantiles)
                    if (std::abs(storedQ - q) < 1e-9)
                        return value;
            return histogramQuantile(sum, grid.edges, q);
        };
        grid.times.push_back(timeMs);
        grid.p50.push_back(stored(0.5));
        grid.p99.push_back(stored(0.99));
        grid.counts.push_back(std::move(sum));
    }
    return grid;
}

} // namespace pulse::ui
