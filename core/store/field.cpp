#include "store/field.h"

#include <array>

namespace pulse {

namespace {

constexpr std::array<std::string_view, kFieldCount> kNames { "value", "rate", "count", "sum", "mean", "min", "max",
    "last", "p50", "p90", "p95", "p99", "p999", "distinct" };

} // namespace

std::string_view fieldName(Field field)
{
    const auto i = static_cast<std::size_t>(field);
    return i < kNames.size() ? kNames[i] : std::string_view("?");
}

std::optional<Field> parseField(std::string_view name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name)
            return static_cast<Field>(i);
    }
    return std::nullopt;
}

std::optional<double> fieldQuantile(Field field)
{
    switch (field) {
    case Field::P50:
        return 0.5;
    case Field::P90:
        return 0.9;
    case Field::P95:
        return 0.95;
    case Field::P99:
        return 0.99;
    case Field::P999:
        return 0.999;
    default:
        return std::nullopt;
    }
}

bool fieldAppliesTo(Field field, MetricType type)
{
    if (field == Field::Value)
        return true;
    switch (type) {
    case MetricType::Counter:
        return field == Field::Rate || field == Field::Count || field == Field::Sum;
    case MetricType::Gauge:
        return field == Field::Last || field == Field::Min || field == Field::Max || field == Field::Mean;
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution:
        return field != Field::Last && field != Field::Distinct;
    case MetricType::Set:
        return field == Field::Count || field == Field::Distinct;
    }
    return false;
}

bool isCumulativeField(Field field, MetricType type)
{
    switch (type) {
    case MetricType::Counter:
    case MetricType::Set:
        return true;
    case MetricType::Gauge:
        return false;
    case MetricType::Timer:
    case MetricType::Histogram:
    case MetricType::Distribution:
        return field == Field::Rate || field == Field::Count || field == Field::Sum;
    }
    return true;
}

} // namespace pulse
