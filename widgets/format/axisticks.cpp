#include "format/axisticks.h"

#include "format/valueformat.h"

#include <QDateTime>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

/** A round step: mantissa (1, 2, 2.5 or 5) × 10^exponent. */
struct NiceStep {
    double mantissa = 1;
    int exponent = 0;
    double value() const { return mantissa * std::pow(10.0, exponent); }
    /** Decimals a multiple of this step needs: 2.5 × 10^-1 needs two. */
    int decimals() const { return std::max(0, -exponent + (mantissa == 2.5 ? 1 : 0)); }
    NiceStep next() const
    {
        constexpr std::array kMantissas { 1.0, 2.0, 2.5, 5.0 };
        for (std::size_t i = 0; i + 1 < kMantissas.size(); ++i) {
            if (mantissa == kMantissas[i])
                return { kMantissas[i + 1], exponent };
        }
        return { 1, exponent + 1 };
    }
};

/** The smallest round step that is at least `raw`. */
NiceStep niceStepAtLeast(double raw)
{
    NiceStep step { 1, static_cast<int>(std::floor(std::log10(raw))) };
    while (step.value() < raw * (1 - 1e-9))
        step = step.next();
    return step;
}

/** Index range of the multiples of step inside [lo, hi] (tolerant of rounding at the bounds). */
std::pair<double, double> multiplesWithin(double lo, double hi, double step)
{
    constexpr double kSlack = 1e-9;
    return { std::ceil(lo / step - kSlack), std::floor(hi / step + kSlack) };
}

} // namespace

ValueAxisTicks valueAxisTicks(double min, double max, int maxTicks, const layout::Unit& unit, bool isAutoScaled,
    bool isMinFree, bool isMaxFree, const QLocale& locale)
{
    maxTicks = std::max(2, maxTicks);
    if (!std::isfinite(min) || !std::isfinite(max)) {
        min = 0;
        max = 1;
    }
    if (max < min)
        std::swap(min, max);
    if (max - min <= 1e-12 * std::max(1.0, std::fabs(max))) {
        // A flat line: give it room, without crossing zero when it sits on or above it.
        const double pad = min == 0 ? 1 : std::fabs(min) * 0.1;
        if (isMaxFree || !isMinFree)
            max += pad;
        if (isMinFree)
            min = (min >= 0 && min - pad < 0) ? 0 : min - pad;
    }

    const UnitScale scale = unitScale(std::max(std::fabs(min), std::fabs(max)), unit, isAutoScaled);
    const double lo = min / scale.factor;
    const double hi = max / scale.factor;
    NiceStep step = niceStepAtLeast((hi - lo) / (maxTicks - 1));
    // Bytes come whole: no "0.5 B" ticks.
    if (unit.kind == layout::UnitKind::Bytes && scale.factor == 1) {
        while (step.exponent < 0 || step.mantissa == 2.5)
            step = step.next();
    }
    double first = 0;
    double last = 0;
    // Bounded: with both bounds free around zero no step gives fewer than three ticks.
    for (int attempt = 0; attempt < 32; ++attempt) {
        const double s = step.value();
        const double a = isMinFree ? std::floor(lo / s) * s : lo;
        const double b = isMaxFree ? std::ceil(hi / s) * s : hi;
        std::tie(first, last) = multiplesWithin(a, b, s);
        if (last - first + 1 <= maxTicks)
            break;
        step = step.next();
    }

    ValueAxisTicks out;
    const double s = step.value();
    out.step = s * scale.factor;
    out.unit = scale.unit;
    out.min = isMinFree ? first * s * scale.factor : min;
    out.max = isMaxFree ? last * s * scale.factor : max;
    if (out.max <= out.min)
        out.max = out.min + out.step;
    const int decimals = step.decimals();
    for (double k = first; k <= last; ++k) {
        QString label = locale.toString(k * s, 'f', decimals);
        if (!scale.unit.isEmpty())
            label += u' ' + scale.unit;
        out.ticks.push_back({ k * s * scale.factor, label });
    }
    return out;
}

std::vector<AxisTick> timeAxisTicks(TimestampMs fromMs, TimestampMs toMs, int maxTicks, const QLocale& locale)
{
    constexpr std::int64_t kSecond = 1000;
    constexpr std::int64_t kMinute = 60 * kSecond;
    constexpr std::int64_t kHour = 60 * kMinute;
    constexpr std::int64_t kDay = 24 * kHour;
    constexpr std::array<std::int64_t, 22> kSteps { kSecond, 2 * kSecond, 5 * kSecond, 10 * kSecond, 15 * kSecond,
        30 * kSecond, kMinute, 2 * kMinute, 5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute, kHour, 2 * kHour,
        3 * kHour, 6 * kHour, 12 * kHour, kDay, 2 * kDay, 7 * kDay, 14 * kDay, 28 * kDay };
    std::vector<AxisTick> ticks;
    if (toMs <= fromMs)
        return ticks;
    maxTicks = std::max(1, maxTicks);
    // Whole minutes and hours of local time: shift by the zone offset before rounding.
    const std::int64_t offsetMs = std::int64_t(QDateTime::fromMSecsSinceEpoch(fromMs).offsetFromUtc()) * kSecond;
    const auto count = [&](std::int64_t step) {
        const std::int64_t first = (fromMs + offsetMs + step - 1) / step;
        const std::int64_t last = (toMs + offsetMs) / step;
        return std::pair { first, last };
    };
    std::int64_t step = kSteps.back();
    for (const std::int64_t candidate : kSteps) {
        const auto [first, last] = count(candidate);
        if (last - first + 1 <= maxTicks) {
            step = candidate;
            break;
        }
    }
    QString format;
    if (step < kMinute)
        format = u"HH:mm:ss"_s;
    else if (step < kDay)
        format = toMs - fromMs > kDay ? u"ddd HH:mm"_s : u"HH:mm"_s;
    else
        format = locale.dateFormat(QLocale::ShortFormat);
    const auto [first, last] = count(step);
    for (std::int64_t k = first; k <= std::min(last, first + std::int64_t(maxTicks) - 1); ++k) {
        const TimestampMs t = k * step - offsetMs;
        ticks.push_back({ double(t), locale.toString(QDateTime::fromMSecsSinceEpoch(t), format) });
    }
    return ticks;
}

} // namespace pulse::ui
