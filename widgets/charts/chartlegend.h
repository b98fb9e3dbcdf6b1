#pragma once

#include "theme/theme.h"

#include <QColor>
#include <QFontMetricsF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace pulse::ui {

/** One line in a chart legend: its name and its figures over the shown range, already formatted. */
struct LegendEntry {
    QString name; ///< plain text
    QColor color;
    QString last;
    QString min;
    QString max;
    QString mean;
};

/** How much of each entry a legend shows, from the richest to nothing. */
enum class LegendMode {
    Full, ///< one row per line: name, last, min, max, mean
    Compact, ///< name and last value, as many entries side by side as the width takes
    Names, ///< names only, side by side
    Hidden, ///< a single "8 series" hint (its tooltip lists them)
};

/** Where a legend's entries go for a given width: the mode, entries per row, rows and pixel height. */
struct LegendPlan {
    LegendMode mode = LegendMode::Hidden;
    int columns = 1;
    int rows = 0;
    int heightPx = 0;
};

/**
 * The legend under a chart, painted (not a grid of labels) so it can switch layouts as the panel is resized.
 * The owner calls fitTo() with the space it can spare and gives the legend the height it returns.
 */
class ChartLegend : public QWidget {
    Q_OBJECT
public:
    explicit ChartLegend(QWidget* parent = nullptr);

    void setEntries(std::vector<LegendEntry> entries);
    void setTheme(const Theme& theme);
    /**
     * The richest legend that fits: Full when its one-row-per-line table is no taller than maxHeightPx and its
     * columns fit the width, then Compact, then Names (both packed into columns), else Hidden with one hint row
     * (no row at all when even that is taller than maxHeightPx, or without entries).
     */
    static LegendPlan plan(
        const std::vector<LegendEntry>& entries, const QFontMetricsF& metrics, int widthPx, int maxHeightPx);
    /** Chooses the layout for this width and height budget; returns the height it needs (0: nothing shown). */
    int fitTo(int widthPx, int maxHeightPx);

    LegendMode mode() const { return m_plan.mode; }
    /** What each entry shows in the current mode ("rising  last 9  min 0  max 9  mean 4.5"); empty when hidden. */
    QStringList rowTexts() const;
    /** "8 series" while hidden, else empty. */
    QString hintText() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    static QString statText(int column, const LegendEntry& entry);
    /** The entry under a point, or -1. */
    int entryAt(const QPoint& pos) const;
    QRect cellRect(int index) const;
    QString tooltipFor(int index) const;

    std::vector<LegendEntry> m_entries;
    LegendPlan m_plan;
    Theme m_theme;
};

} // namespace pulse::ui
