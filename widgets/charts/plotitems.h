#pragma once

#include "charts/decimation.h"

#include <QColor>
#include <QGraphicsItem>
#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <vector>

namespace pulse::ui {

/** Where the plot sits in the chart's scene and which time and value ranges it spans. */
struct PlotMapping {
    QRectF plot;
    double fromMs = 0;
    double toMs = 1;
    double minValue = 0;
    double maxValue = 1;

    QPointF toScene(double timeMs, double value) const
    {
        const double xSpan = toMs > fromMs ? toMs - fromMs : 1;
        const double ySpan = maxValue > minValue ? maxValue - minValue : 1;
        return { plot.left() + (timeMs - fromMs) * plot.width() / xSpan,
            plot.bottom() - (value - minValue) * plot.height() / ySpan };
    }
    double timeAt(double sceneX) const
    {
        return plot.width() > 0 ? fromMs + (sceneX - plot.left()) * (toMs - fromMs) / plot.width() : fromMs;
    }
};

/** One line of a time chart: its segments are drawn separately so gaps stay gaps. */
struct ChartLine {
    QString label;
    QColor color;
    std::vector<ChartSegment> segments;
};

/** A threshold as the chart draws it: a dashed line at `value` and a faint band up to the next level. */
struct ThresholdLevel {
    double value = 0;
    QColor color;
    friend bool operator==(const ThresholdLevel&, const ThresholdLevel&) = default;
};

/** Threshold lines and bands, drawn above the grid and below the lines. */
class ThresholdOverlay final : public QGraphicsItem {
public:
    ThresholdOverlay(const PlotMapping& mapping, QGraphicsItem* parent);

    void setLevels(std::vector<ThresholdLevel> levels);
    /** The plot moved or resized. */
    void plotChanged();
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    const PlotMapping& m_mapping;
    QRectF m_bounds;
    std::vector<ThresholdLevel> m_levels;
};

/**
 * The data lines, painted as polylines in the plot (clipped to it). Replaces QLineSeries: Qt Charts strokes every
 * series' whole path on each geometry change (to get a hit-test shape this chart never uses), which cost more than
 * everything else in a redraw. Lines keep their data coordinates; mapping to pixels happens once per paint.
 */
class LineLayer final : public QGraphicsItem {
public:
    LineLayer(const PlotMapping& mapping, QGraphicsItem* parent);

    void setLines(std::vector<ChartLine> lines);
    const std::vector<ChartLine>& lines() const { return m_lines; }
    /** Hatches the plot over the lines in this colour (last good values); an invalid colour draws none. */
    void setHatchColor(const QColor& color);
    void plotChanged();
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    const PlotMapping& m_mapping;
    QRectF m_bounds;
    std::vector<ChartLine> m_lines;
    QPolygonF m_scratch;
    QColor m_hatchColor;
};

/**
 * Diagonal hatching over `area`, the mark of last good values (stale, error, reconnecting): a pattern, so the state
 * never rests on colour alone. One pattern-brush fill, painted with the content it covers (no widget of its own).
 */
void paintHatch(QPainter& painter, const QRectF& area, const QColor& color);

} // namespace pulse::ui
