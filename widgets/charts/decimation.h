#pragma once

#include "store/rollingstore.h"

#include <QPointF>

#include <cstdint>
#include <span>
#include <vector>

namespace pulse::ui {

/** A drawable run of points with no gap inside; x is the time in ms since the epoch. */
using ChartSegment = std::vector<QPointF>;

/** Consecutive points further apart than this many steps are a gap, drawn as a break in the line. */
inline constexpr double kGapSteps = 1.5;

/**
 * Splits points at gaps (more than kGapSteps × stepMs apart, or a non-finite value) and reduces each segment
 * to at most two points per pixel column of [fromMs, toMs] across widthPx: the column's min and max, in time
 * order. Every column's min and max survive, so spikes are never lost; nothing is joined across a gap and
 * nothing is filled in. Points outside [fromMs, toMs] are kept only as one neighbour on each side so lines
 * run to the edges. widthPx <= 0 disables the reduction (gaps are still split).
 */
std::vector<ChartSegment> decimate(
    std::span<const StorePoint> points, std::int64_t stepMs, TimestampMs fromMs, TimestampMs toMs, int widthPx);

/**
 * Process-wide switch for benchmarks (default on). Off, decimate() only splits at gaps, whatever widthPx, and
 * the render tick reads every stored point of the range instead of a few per pixel column.
 */
void setDecimationEnabled(bool isEnabled);
bool isDecimationEnabled();

} // namespace pulse::ui
