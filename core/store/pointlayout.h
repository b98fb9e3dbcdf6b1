#pragma once

#include "model/metrictype.h"
#include "store/field.h"
#include "window/windowresult.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace pulse {

/** Most float32 cells one stored point can have (digest types: count, mean, min, max + quantiles). */
inline constexpr int kMaxPointCells = 4 + kMaxQuantiles;

/** How one field is computed from the cells of a stored point. */
struct FieldAccess {
    enum class Kind : std::uint8_t {
        Cell, ///< the cell itself
        PerSecond, ///< the cell divided by the step in seconds (rates)
        Product, ///< cell × otherCell (sum of a digest type = mean × count)
    };
    Kind kind = Kind::Cell;
    std::uint8_t cell = 0;
    std::uint8_t otherCell = 0;

    /** The field value from the cells it needs; `other` is ignored unless kind is Product. */
    double compute(float value, float other, std::int64_t stepMs) const;
};

/** A field resolved for a type: the access path, or the reason it cannot be read. */
struct FieldResolution {
    std::optional<FieldAccess> access;
    std::string error;
};

/**
 * The float32 cells kept per point, by type (only what applies, to bound memory):
 * counter {sum, count}; gauge {last, min, max, mean};
 * timer/histogram/distribution {count, mean, min, max, q[0..n)}; set {count, distinct}.
 * float32 keeps 24 bits of mantissa: integer counts and sums stay exact up to 2^24 per point,
 * beyond that they are rounded (relative error below 6e-8). Exact totals belong to PostgreSQL.
 */
class PointLayout {
public:
    /** Cells per point for a type when the store keeps `quantileCount` quantiles. */
    static int cellCount(MetricType type, std::size_t quantileCount);

    /**
     * Writes the cells of `result` into `cells` (cellCount() long). `quantileSource[i]` is the index in
     * result.quantiles of the store's i-th quantile, or -1 when the batch lacks it (stored as NaN, read as absent).
     */
    static void fill(
        const WindowResult& result, MetricType type, std::span<const int> quantileSource, std::span<float> cells);

    /** How to read `field` from a point of `type` when the store keeps `quantiles`. */
    static FieldResolution resolve(Field field, MetricType type, std::span<const double> quantiles);

    /** double → float32 without undefined behaviour: out-of-range values become ±infinity. */
    static float toCell(double value);
};

} // namespace pulse
