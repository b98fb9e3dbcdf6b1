#include "format/valueformat.h"

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

struct Scale {
    double factor;
    const char16_t* unit;
};

QString number(double value, std::optional<int> decimals, const QLocale& locale)
{
    if (decimals)
        return locale.toString(value, 'f', std::clamp(*decimals, 0, 12));
    const double magnitude = std::fabs(value);
    const int digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
    QString text = locale.toString(value, 'f', digits);
    // Drop trailing zeros (and a dangling separator) when the digits were chosen automatically.
    const QString point = locale.decimalPoint();
    if (digits > 0 && text.contains(point)) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(point.size());
    }
    if (text == u"-0"_s)
        text = u"0"_s;
    return text;
}

/** Picks the largest scale whose factor is ≤ |value| (the first one when none is). */
template <std::size_t N>
FormattedValue scaled(double value, const std::array<Scale, N>& scales, std::optional<int> decimals,
    const QLocale& locale, const QString& after = {})
{
    const double magnitude = std::fabs(value);
    const Scale* chosen = &scales[0];
    for (const Scale& scale : scales) {
        if (magnitude >= scale.factor)
            chosen = &scale;
    }
    if (magnitude == 0) {
        for (const Scale& scale : scales) {
            if (scale.factor == 1)
                chosen = &scale;
        }
    }
    QString unit = QString::fromUtf16(chosen->unit) + after;
    return { number(value / chosen->factor, decimals, locale), unit.trimmed() };
}

constexpr std::array<Scale, 5> kSiUp { { { 1, u"" }, { 1e3, u"k" }, { 1e6, u"M" }, { 1e9, u"G" }, { 1e12, u"T" } } };
constexpr std::array<Scale, 7> kIec { { { 1, u"B" }, { 1024.0, u"KiB" }, { 1024.0 * 1024, u"MiB" },
    { 1024.0 * 1024 * 1024, u"GiB" }, { 1024.0 * 1024 * 1024 * 1024, u"TiB" },
    { 1024.0 * 1024 * 1024 * 1024 * 1024, u"PiB" }, { 1024.0 * 1024 * 1024 * 1024 * 1024 * 1024, u"EiB" } } };
constexpr std::array<Scale, 8> kSeconds { { { 1e-9, u"ns" }, { 1e-6, u"µs" }, { 1e-3, u"ms" }, { 1, u"s" },
    { 60, u"min" }, { 3600, u"h" }, { 86400, u"d" }, { 86400.0 * 365, u"y" } } };

QString baseUnit(const layout::Unit& unit)
{
    switch (unit.kind) {
    case layout::UnitKind::None:
        return {};
    case layout::UnitKind::Percent:
        return u"%"_s;
    case layout::UnitKind::Seconds:
        return u"s"_s;
    case layout::UnitKind::Milliseconds:
        return u"ms"_s;
    case layout::UnitKind::Microseconds:
        return u"µs"_s;
    case layout::UnitKind::Bytes:
        return u"B"_s;
    case layout::UnitKind::BitsPerSecond:
        return u"bit/s"_s;
    case layout::UnitKind::RequestsPerSecond:
        return u"req/s"_s;
    case layout::UnitKind::Custom:
        return unit.customSuffix;
    }
    return {};
}

} // namespace

QString FormattedValue::text() const
{
    return unit.isEmpty() ? number : number + u' ' + unit;
}

FormattedValue formatValue(
    double value, const layout::Unit& unit, std::optional<int> decimals, bool isAutoScaled, const QLocale& locale)
{
    if (std::isnan(value))
        return { u"–"_s, {} };
    if (std::isinf(value))
        return { value > 0 ? u"∞"_s : u"-∞"_s, baseUnit(unit) };
    if (!isAutoScaled || unit.kind == layout::UnitKind::Percent)
        return { number(value, decimals, locale), baseUnit(unit) };
    switch (unit.kind) {
    case layout::UnitKind::None:
        return scaled(value, kSiUp, decimals, locale);
    case layout::UnitKind::Seconds:
        return scaled(value, kSeconds, decimals, locale);
    case layout::UnitKind::Milliseconds:
        return scaled(value / 1e3, kSeconds, decimals, locale);
    case layout::UnitKind::Microseconds:
        return scaled(value / 1e6, kSeconds, decimals, locale);
    case layout::UnitKind::Bytes:
        return scaled(value, kIec, decimals, locale);
    case layout::UnitKind::BitsPerSecond:
        return scaled(value, kSiUp, decimals, locale, u"bit/s"_s);
    case layout::UnitKind::RequestsPerSecond:
        return scaled(value, kSiUp, decimals, locale, u" req/s"_s);
    case layout::UnitKind::Custom:
        return scaled(value, kSiUp, decimals, locale, u' ' + unit.customSuffix);
    case layout::UnitKind::Percent:
        break;
    }
    return { number(value, decimals, locale), baseUnit(unit) };
}

const layout::Threshold* thresholdFor(const std::vector<layout::Threshold>& thresholds, double value)
{
    if (std::isnan(value))
        return nullptr;
    const layout::Threshold* reached = nullptr;
    for (const layout::Threshold& threshold : thresholds) {
        if (value >= threshold.value)
            reached = &threshold;
    }
    return reached;
}

const layout::ValueMapping* mappingFor(const std::vector<layout::ValueMapping>& mappings, double value)
{
    if (std::isnan(value))
        return nullptr;
    for (const layout::ValueMapping& mapping : mappings) {
        if (mapping.isRange ? (value >= mapping.from && value <= mapping.to) : value == mapping.value)
            return &mapping;
    }
    return nullptr;
}

DisplayValue displayValue(const layout::Panel& panel, double value, const QLocale& locale)
{
    DisplayValue out;
    const layout::ValueMapping* mapping = mappingFor(panel.valueMappings, value);
    if (mapping && !mapping->text.isEmpty()) {
        out.value = { mapping->text, {} };
        out.isMapped = true;
    } else {
        out.value = formatValue(value, panel.unit, panel.decimals, panel.isAutoScaled, locale);
    }
    if (const layout::Threshold* threshold = thresholdFor(panel.thresholds, value)) {
        out.severity = threshold->severity;
        out.color = QColor::fromString(threshold->color);
    }
    if (mapping && !mapping->color.isEmpty())
        out.color = QColor::fromString(mapping->color);
    return out;
}

} // namespace pulse::ui
