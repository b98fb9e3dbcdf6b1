#pragma once

#include "layout/dashboard.h"
#include "theme/theme.h"

#include <QColor>
#include <QLocale>
#include <QString>

#include <optional>
#include <vector>

namespace pulse::ui {

/** A value ready to show: the number and its (scaled) unit apart, so a stat can size them differently. */
struct FormattedValue {
    QString number;
    QString unit; ///< e.g. "MiB", "ms", "%"; empty for plain numbers
    /** "12.5 MiB", "42 %"; a mapped text as is. */
    QString text() const;
};

/** How a panel shows a value: mapped text or the formatted number, and the colour from a mapping or threshold. */
struct DisplayValue {
    FormattedValue value;
    QColor color; ///< invalid when neither a mapping nor a threshold gives one (or the threshold has no colour)
    std::optional<layout::ThresholdSeverity> severity; ///< from the threshold the value reached
    bool isMapped = false;

    /** The colour to draw with: `color`, else the theme's colour for `severity`, else `fallback`. */
    QColor colorIn(const Theme& theme, const QColor& fallback) const;
};

/** How a unit is shown at one magnitude: values in the panel's base unit are divided by `factor`. */
struct UnitScale {
    double factor = 1;
    QString unit; ///< "GiB", "ms", "k lines/s"; empty for plain numbers
};

/**
 * The scale formatValue() picks for a magnitude (in the panel's base unit): the largest whose factor is
 * <= the magnitude, e.g. GiB for 3e9 bytes, "s" for 1500 ms. Without auto-scaling, and for percent, the base unit.
 */
UnitScale unitScale(double magnitude, const layout::Unit& unit, bool isAutoScaled = true);

/**
 * Formats a value in a unit: IEC bytes (KiB, MiB…), SI prefixes (k, M, G…) for plain numbers, bits/s,
 * req/s and custom suffixes, durations scaled from µs up to days. `decimals` fixes the digits; without it
 * about three significant digits are shown with trailing zeros dropped. NaN shows as "–", infinities as "∞".
 */
FormattedValue formatValue(double value, const layout::Unit& unit, std::optional<int> decimals = std::nullopt,
    bool isAutoScaled = true, const QLocale& locale = QLocale());

/** The threshold a value reached: the highest whose value is ≤ the value; nullptr below the first one, or NaN. */
const layout::Threshold* thresholdFor(const std::vector<layout::Threshold>& thresholds, double value);

/** The first mapping that matches the value (exact value or closed range); nullptr when none does. */
const layout::ValueMapping* mappingFor(const std::vector<layout::ValueMapping>& mappings, double value);

/** The colour of a threshold: its own colour, else its severity's colour in the theme. */
QColor thresholdColor(const layout::Threshold& threshold, const Theme& theme);

/** Everything a panel needs to show one value: mapping first, then formatting; colour from mapping or threshold. */
DisplayValue displayValue(const layout::Panel& panel, double value, const QLocale& locale = QLocale());

} // namespace pulse::ui
