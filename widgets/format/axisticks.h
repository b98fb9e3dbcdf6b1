#pragma once

#include "layout/dashboard.h"
#include "model/clock.h"

#include <QLocale>
#include <QString>

#include <vector>

namespace pulse::ui {

/** One labelled tick of an axis. */
struct AxisTick {
    double value = 0; ///< in the axis' units: the panel's base unit, or ms since the epoch
    QString label;
    friend bool operator==(const AxisTick&, const AxisTick&) = default;
};

/** The ticks of a value axis and the range they were made for. */
struct ValueAxisTicks {
    double min = 0;
    double max = 1;
    double step = 1; ///< between two ticks, in the base unit
    QString unit; ///< the scale every label is written in ("GiB"), empty for plain numbers
    std::vector<AxisTick> ticks;
};

/**
 * Ticks for a value axis over [min, max]: at most maxTicks of them (at least two), at round values (1, 2, 2.5
 * or 5 × 10^k) of the scale formatValue() picks for the larger bound (GiB for a 3e9-byte axis), each labelled
 * in that scale with the decimals the step needs ("0.5 GiB", "1 GiB"). A bound marked free is widened to the
 * next tick; a fixed bound stays as it is. An empty range is widened around its value when a bound is free.
 */
ValueAxisTicks valueAxisTicks(double min, double max, int maxTicks, const layout::Unit& unit, bool isAutoScaled,
    bool isMinFree, bool isMaxFree, const QLocale& locale = QLocale());

/**
 * Ticks for a time axis over [fromMs, toMs]: at most maxTicks (at least one) at whole seconds, minutes, hours or
 * days of local time, labelled "HH:mm:ss" below a minute's step, "HH:mm" below a day's ("ddd HH:mm" when the
 * range spans more than a day), else the date.
 */
std::vector<AxisTick> timeAxisTicks(
    TimestampMs fromMs, TimestampMs toMs, int maxTicks, const QLocale& locale = QLocale());

} // namespace pulse::ui
