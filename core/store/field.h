#pragma once

#include "model/metrictype.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace pulse {

/**
 * What to read from a stored point. `Value` is the type's natural value: counter → rate,
 * gauge → last, timer/histogram/distribution → mean, set → distinct.
 */
enum class Field : std::uint8_t { Value, Rate, Count, Sum, Mean, Min, Max, Last, P50, P90, P95, P99, P999, Distinct };

inline constexpr int kFieldCount = 14;

/** Lowercase name of a field: "value", "rate", ..., "p999", "distinct". */
std::string_view fieldName(Field field);

/** The field for a lowercase name; nullopt when the name is unknown (names are case-sensitive). */
std::optional<Field> parseField(std::string_view name);

/** The quantile a pXX field stands for (p999 → 0.999); nullopt for the other fields. */
std::optional<double> fieldQuantile(Field field);

/**
 * Whether a field has a meaning for a type, quantile availability aside:
 * counter {value, rate, count, sum}; gauge {value, last, min, max, mean};
 * timer/histogram/distribution {value, rate, count, sum, mean, min, max, pXX}; set {value, count, distinct}.
 */
bool fieldAppliesTo(Field field, MetricType type);

/**
 * Whether a field accumulates over its window (counter fields, the rate/count/sum of digest types, set counts), so
 * a window still in progress understates it; the "so far" fields (gauge last/min/max/mean, digest mean/min/max/pXX)
 * are exact for the samples seen.
 */
bool isCumulativeField(Field field, MetricType type);

} // namespace pulse
