#include "charts/decimation.h"

#include <atomic>
#include <cmath>

namespace pulse::ui {

namespace {

std::atomic<bool> g_isDecimationEnabled { true };

/** Appends the min and max of one column in time order (one point when they coincide). */
void flushColumn(ChartSegment& out, const StorePoint* minPoint, const StorePoint* maxPoint)
{
    if (!minPoint)
        return;
    if (minPoint == maxPoint) {
        out.emplace_back(double(minPoint->timeMs), minPoint->value);
        return;
    }
    const StorePoint* first = minPoint->timeMs <= maxPoint->timeMs ? minPoint : maxPoint;
    const StorePoint* second = first == minPoint ? maxPoint : minPoint;
    out.emplace_back(double(first->timeMs), first->value);
    out.emplace_back(double(second->timeMs), second->value);
}

} // namespace

std::vector<ChartSegment> decimate(
    std::span<const StorePoint> points, std::int64_t stepMs, TimestampMs fromMs, TimestampMs toMs, int widthPx)
{
    std::vector<ChartSegment> segments;
    if (points.empty())
        return segments;
    const double gapMs = kGapSteps * double(std::max<std::int64_t>(stepMs, 1));
    const double spanMs = double(std::max<TimestampMs>(toMs - fromMs, 1));
    const bool isReduced = widthPx > 0 && isDecimationEnabled();

    ChartSegment current;
    const StorePoint* previous = nullptr;
    long long column = 0;
    const StorePoint* minPoint = nullptr;
    const StorePoint* maxPoint = nullptr;
    auto closeSegment = [&] {
        flushColumn(current, minPoint, maxPoint);
        minPoint = maxPoint = nullptr;
        if (!current.empty())
            segments.push_back(std::move(current));
        current.clear();
    };

    for (const StorePoint& point : points) {
        if (!std::isfinite(point.value)) {
            closeSegment();
            previous = nullptr;
            continue;
        }
        if (previous && double(point.timeMs - previous->timeMs) > gapMs)
            closeSegment();
        previous = &point;
        if (!isReduced) {
            current.emplace_back(double(point.timeMs), point.value);
            continue;
        }
        // Columns outside the range collapse into one on each side, so only edge neighbours survive.
        const double position = (double(point.timeMs) - double(fromMs)) / spanMs * widthPx;
        const long long pointColumn = point.timeMs < fromMs ? -1
            : point.timeMs > toMs                           ? widthPx
                                                            : std::min<long long>(widthPx - 1, (long long)position);
        if (minPoint && pointColumn != column) {
            flushColumn(current, minPoint, maxPoint);
            minPoint = maxPoint = nullptr;
        }
        column = pointColumn;
        if (pointColumn < 0 || pointColumn >= widthPx) {
            // Off-range: keep only the point nearest the range (the last before it, the first after it).
            if (pointColumn < 0) {
                minPoint = maxPoint = &point;
            } else if (!minPoint) {
                minPoint = maxPoint = &point;
            }
            continue;
        }
        if (!minPoint || point.value < minPoint->value)
            minPoint = &point;
        if (!maxPoint || point.value > maxPoint->value)
            maxPoint = &point;
    }
    closeSegment();
    return segments;
}

void setDecimationEnabled(bool isEnabled)
{
    g_isDecimationEnabled.store(isEnabled, std::memory_order_relaxed);
}

bool isDecimationEnabled()
{
    return g_isDecimationEnabled.load(std::memory_order_relaxed);
}

} // namespace pulse::ui
