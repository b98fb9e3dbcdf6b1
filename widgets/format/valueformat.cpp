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

/** The largest scale whose factor (times baseFactor) is <= magnitude; the factor-1 scale for zero. */
template <std::size_t N>
UnitScale pick(double magnitude, const std::array<Scale, N>& scales, double baseFactor, const QString& after = {})
{
    const Scale* chosen = &scales[0];
    for (const Scale& scale : scales) {
        if (magnitude == 0 ? scale.factor == 1 : magnitude >= scale.factor * baseFactor)
            chosen = &scale;
    }
    return { chosen->factor * baseFactor, QString(QString::fromUtf16(chosen->unit) + after).trimmed() };
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

QColor DisplayValue::colorIn(const Theme& theme, const QColor& fallback) const
{
    if (color.isValid())
        return color;
    return severity ? theme.severityColor(*severity) : fallback;
}

UnitScale unitScale(double magnitude, const layout::Unit& unit, bool isAutoScaled)
{
    magnitude = std::fabs(magnitude);
    if (!isAutoScaled || !std::isfinite(magnitude))
        return { 1, baseUnit(unit) };
    switch (unit.kind) {
    case layout::UnitKind::None:
        return pick(magnitude, kSiUp, 1);
    case layout::UnitKind::Percent:
        return { 1, baseUnit(unit) };
    case layout::UnitKind::Seconds:
        return pick(magnitude, kSeconds, 1);
    case layout::UnitKind::Milliseconds:
        return pick(magnitude, kSeconds, 1e3);
    case layout::UnitKind::Microseconds:
        return pick(magnitude, kSeconds, 1e6);
    case layout::UnitKind::Bytes:
        return pick(magnitude, kIec, 1);
    case layout::UnitKind::BitsPerSecond:
        return pick(magnitude, kSiUp, 1, u"bit/s"_s);
    case layout::UnitKind::RequestsPerSecond:
        return pick(magnitude, kSiUp, 1, u" req/s"_s);
    case layout::UnitKind::Custom:
        return pick(magnitude, kSiUp, 1, u' ' + unit.customSuffix);
    }
    return { 1, baseUnit(unit) };
}

FormattedValue formatValue(
    double value, const layout::Unit& unit, std::optional<int> decimals, bool isAutoScaled, const QLocale& locale)
{
    if (std::isnan(value))
        return { u"–"_s, {} };
    if (std::isinf(value))
        return { value > 0 ? u"∞"_s : u"-∞"_s, baseUnit(unit) };
    const UnitScale scale = unitScale(value, unit, isAutoScaled);
    return { number(value / scale.factor, decimals, locale), scale.unit };
}

const layout::Threshold* thresholdFor(const std::vector<layout::Threshold>& thresholds, double value)
{
    if (std::isnan(value))
        return nullptr;
    // Layout validation keeps thresholds ascending: stop at the first one above the value.
    const layout::Threshold* reached = nullptr;
    for (const layout::Threshold& threshold : thresholds) {
        if (value < threshold.value)
            break;
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

QColor thresholdColor(const layout::Threshold& threshold, const Theme& theme)
{
    const QColor own = QColor::fromString(threshold.color);
    return own.isValid() ? own : theme.severityColor(threshold.severity);
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
