#include "store/pointlayout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace pulse {

namespace {

// Cell indices per type; the order is the storage order.
enum CounterCell : std::uint8_t { CounterSum, CounterCount, CounterCells };
enum GaugeCell : std::uint8_t { GaugeLast, GaugeMin, GaugeMax, GaugeMean, GaugeCells };
enum DigestCell : std::uint8_t { DigestCount, DigestMean, DigestMin, DigestMax, DigestQuantiles };
enum SetCell : std::uint8_t { SetCount, SetDistinct, SetCells };

constexpr double kQuantileTolerance = 1e-9;

FieldAccess cellAccess(std::uint8_t cell)
{
    return FieldAccess { FieldAccess::Kind::Cell, cell, 0 };
}
FieldAccess perSecondAccess(std::uint8_t cell)
{
    return FieldAccess { FieldAccess::Kind::PerSecond, cell, 0 };
}

std::string quantileList(std::span<const double> quantiles)
{
    std::string s;
    for (double q : quantiles) {
        if (!s.empty())
            s += ", ";
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", q);
        s += buf;
    }
    return s.empty() ? std::string("none") : s;
}

} // namespace

double FieldAccess::compute(float value, float other, std::int64_t stepMs) const
{
    switch (kind) {
    case Kind::Cell:
        return value;
    case Kind::PerSecond:
        return static_cast<double>(value) * 1000.0 / static_cast<double>(stepMs);
    case Kind::Product:
        return static_cast<double>(value) * static_cast<double>(other);
    }
    return std::numeric_limits<double>::quiet_NaN();
}

int PointLayout::cellCount(MetricType type, std::size_t quantileCount)
{
    switch (type) {
    case MetricType::Counter:
        return CounterCells;
    case MetricType::Gauge:
        return GaugeCells;
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution:
        return DigestQuantiles + static_cast<int>(std::min<std::size_t>(quantileCount, kMaxQuantiles));
    case MetricType::Set:
        return SetCells;
    }
    return 0;
}

float PointLayout::toCell(double value)
{
    // Converting a finite double outside float's range is undefined behaviour; saturate explicitly.
    constexpr double kMax = std::numeric_limits<float>::max();
    if (value > kMax)
        return std::numeric_limits<float>::infinity();
    if (value < -kMax)
        return -std::numeric_limits<float>::infinity();
    return static_cast<float>(value); // NaN stays NaN
}

void PointLayout::fill(
    const WindowResult& result, MetricType type, std::span<const int> quantileSource, std::span<float> cells)
{
    switch (type) {
    case MetricType::Counter:
        cells[CounterSum] = toCell(result.sum);
        cells[CounterCount] = toCell(result.count);
        return;
    case MetricType::Gauge:
        cells[GaugeLast] = toCell(result.last);
        cells[GaugeMin] = toCell(result.min);
        cells[GaugeMax] = toCell(result.max);
        cells[GaugeMean] = toCell(result.mean);
        return;
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution: {
        cells[DigestCount] = toCell(result.count);
        cells[DigestMean] = toCell(result.mean);
        cells[DigestMin] = toCell(result.min);
        cells[DigestMax] = toCell(result.max);
        const std::size_t n = cells.size() - DigestQuantiles;
        for (std::size_t i = 0; i < n; ++i) {
            const int source = i < quantileSource.size() ? quantileSource[i] : -1;
            const bool isPresent = source >= 0 && source < result.quantileCount && source < kMaxQuantiles;
            cells[DigestQuantiles + i] = isPresent ? toCell(result.quantiles[static_cast<std::size_t>(source)])
                                                   : std::numeric_limits<float>::quiet_NaN();
        }
        return;
    }
    case MetricType::Set:
        cells[SetCount] = toCell(result.count);
        cells[SetDistinct] = toCell(result.distinct);
        return;
    }
}

FieldResolution PointLayout::resolve(Field field, MetricType type, std::span<const double> quantiles)
{
    if (!fieldAppliesTo(field, type)) {
        return { std::nullopt,
            "field '" + std::string(fieldName(field)) + "' does not apply to a " + std::string(metricTypeName(type))
                + " series" };
    }
    switch (type) {
    case MetricType::Counter:
        switch (field) {
        case Field::Value:
        case Field::Rate:
            return { perSecondAccess(CounterSum), {} };
        case Field::Count:
            return { cellAccess(CounterCount), {} };
        default:
            return { cellAccess(CounterSum), {} };
        }
    case MetricType::Gauge:
        switch (field) {
        case Field::Min:
            return { cellAccess(GaugeMin), {} };
        case Field::Max:
            return { cellAccess(GaugeMax), {} };
        case Field::Mean:
            return { cellAccess(GaugeMean), {} };
        default: // value, last
            return { cellAccess(GaugeLast), {} };
        }
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution:
        if (const auto q = fieldQuantile(field)) {
            const std::size_t n = std::min<std::size_t>(quantiles.size(), kMaxQuantiles);
            for (std::size_t i = 0; i < n; ++i) {
                if (std::abs(quantiles[i] - *q) < kQuantileTolerance)
                    return { cellAccess(static_cast<std::uint8_t>(DigestQuantiles + i)), {} };
            }
            return { std::nullopt,
                "field '" + std::string(fieldName(field))
                    + "' is not kept by the store (quantiles: " + quantileList(quantiles.first(n)) + ")" };
        }
        switch (field) {
        case Field::Rate:
            return { perSecondAccess(DigestCount), {} };
        case Field::Count:
            return { cellAccess(DigestCount), {} };
        case Field::Sum:
            return { FieldAccess { FieldAccess::Kind::Product, DigestMean, DigestCount }, {} };
        case Field::Min:
            return { cellAccess(DigestMin), {} };
        case Field::Max:
            return { cellAccess(DigestMax), {} };
        default: // value, mean
            return { cellAccess(DigestMean), {} };
        }
    case MetricType::Set:
        if (field == Field::Count)
            return { cellAccess(SetCount), {} };
        return { cellAccess(SetDistinct), {} };
    }
    return { std::nullopt, "unknown metric type" };
}

} // namespace pulse
