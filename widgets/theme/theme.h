#pragma once

#include "layout/dashboard.h"

#include <QByteArray>
#include <QColor>
#include <QPalette>
#include <QString>

#include <vector>

namespace pulse::ui {

/** Colours and text size of one look; read from resources/themes/<name>.json, style sheet from <name>.qss. */
struct Theme {
    QString name = QStringLiteral("dark");
    QColor window { 0x11, 0x14, 0x18 };
    QColor panelBackground { 0x18, 0x1b, 0x1f };
    QColor panelBorder { 0x2c, 0x31, 0x38 };
    QColor text { 0xd8, 0xd9, 0xda };
    QColor mutedText { 0x8e, 0x92, 0x9a };
    QColor grid { 0x2a, 0x2e, 0x35 };
    QColor accent { 0x3d, 0x71, 0xd9 };
    QColor focus { 0x6e, 0x9f, 0xff };
    std::vector<QColor> series; ///< line colours, used in turn
    QColor ok { 0x73, 0xbf, 0x69 };
    QColor warning { 0xfa, 0xde, 0x2a };
    QColor critical { 0xf2, 0x49, 0x5c };
    QColor noData { 0x8e, 0x92, 0x9a };
    double fontScale = 1.0; ///< multiplies the application font for panel text
    QString styleSheet;

    /** The colour of line i (cycles through `series`). */
    QColor seriesColor(int index) const;
    /** Ok, Warning or Critical colour. */
    QColor severityColor(layout::ThresholdSeverity severity) const;
    /** A QPalette for the application built from these colours. */
    QPalette palette() const;

    /** Built-in themes, used when a theme file is missing or broken. */
    static Theme builtinDark();
    static Theme builtinLight();
};

/** Outcome of parseTheme(): the theme (defaults where the file says nothing) and each rejected key. */
struct ThemeParse {
    Theme theme;
    std::vector<QString> problems; ///< "key: reason"
};

/** Reads a theme JSON over `base`: unknown keys and bad colours are reported and leave the base value. */
ThemeParse parseTheme(const QByteArray& json, const Theme& base);

/** The theme for a layout's choice, from the embedded resources (:/themes/dark.json + .qss); built-in on failure. */
Theme loadTheme(layout::Theme which);

} // namespace pulse::ui
