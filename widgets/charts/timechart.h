#pragma once

#include "charts/decimation.h"
#include "charts/plotitems.h"
#include "format/axisticks.h"
#include "layout/dashboard.h"
#include "theme/theme.h"

#include <QChartView>
#include <QList>

#include <cstdint>
#include <optional>
#include <vector>

class QCategoryAxis;

namespace pulse::ui {

/**
 * The chart engine behind every time-based panel (Qt Charts axes, grid and layout; panels only see this class).
 * No animation, no built-in legend. The lines are one painted item (LineLayer) rather than a QLineSeries each: a
 * redraw hands the decimated points over once and the item maps them to pixels when it paints, so Qt Charts never
 * re-strokes a series. Wheel and drag are reported as requests; the panel owns the range.
 *
 * Both axes carry computed ticks (QCategoryAxis with labels on the values): round values of the panel's unit
 * in one scale ("0.5 GiB", "1 GiB"), and whole seconds/minutes/hours of local time. The number of ticks
 * follows the plot's size so Qt Charts never has to shorten a label to "...".
 */
class TimeChart : public QChartView {
    Q_OBJECT
public:
    explicit TimeChart(QWidget* parent = nullptr);
    ~TimeChart() override;

    void setTheme(const Theme& theme);
    void setTimeRange(TimestampMs fromMs, TimestampMs toMs);
    /** Fixed bounds; an unset one follows the data, widened to the next tick. */
    void setValueBounds(std::optional<double> min, std::optional<double> max);
    /** The unit the value axis labels are written in (auto-scaled unless isAutoScaled is false). */
    void setValueUnit(const layout::Unit& unit, bool isAutoScaled);
    /** The lines to draw (replacing the previous ones); the value axis follows their range. */
    void setLines(std::vector<ChartLine> lines);
    /** Hatches the plot in this colour (last good values, see paintHatch()); an invalid colour draws none. */
    void setHatchColor(const QColor& color);
    /** Thresholds, ascending: a dashed line at each value inside the plot, a faint band from each one but the first. */
    void setThresholds(std::vector<ThresholdLevel> levels);

    /** Width of the plot area in pixels: how many columns decimation should target. */
    int plotWidthPx() const;
    /** The time under a point of the viewport (ms since the epoch). */
    double timeAt(const QPointF& viewportPos) const;
    /** The viewport position of a (time, value) point. */
    QPointF positionOf(double timeMs, double value) const;
    /** Number of drawn segments (runs without a gap), for tests. */
    int visibleSegmentCount() const;
    /** Points handed over by the last setLines(), over all lines, for benchmarks. */
    int pointCount() const;
    /** How many times lines were handed over (one per redraw), for tests. */
    std::uint64_t lineUpdateCount() const { return m_lineUpdates; }
    /** The value axis labels, bottom to top ("0 GiB", "1 GiB"…), for tests. */
    QStringList valueAxisLabels() const;
    /** The time axis labels, left to right, for tests. */
    QStringList timeAxisLabels() const;
    /** The value axis range shown. */
    std::pair<double, double> valueRange() const;

Q_SIGNALS:
    /** Wheel: scale the time span by factor around anchorMs (factor < 1 zooms in). */
    void zoomRequested(double factor, double anchorMs);
    /** Drag: move the time range by deltaMs. */
    void panRequested(double deltaMs);
    /** Mouse over the plot at a time; globalPos for a tooltip. */
    void hovered(double timeMs, QPoint globalPos);

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void updateValueAxis();
    void updateTimeAxis();
    /** The plot area (once laid out) or an estimate from the view size. */
    QSizeF plotSize() const;
    /** Repaints the whole chart on the window's next paint (and never synchronously; see the constructor). */
    void scheduleRepaint();
    /** The mapping changed (plot area or an axis range): the painted items follow. */
    void mappingChanged();

    QChart* m_chart;
    QCategoryAxis* m_timeAxis;
    QCategoryAxis* m_valueAxis;
    PlotMapping m_mapping;
    ThresholdOverlay* m_overlay;
    LineLayer* m_lineLayer;
    std::uint64_t m_lineUpdates = 0;
    std::vector<AxisTick> m_valueTicks;
    std::vector<AxisTick> m_timeTicks;
    layout::Unit m_unit;
    bool m_isAutoScaled = true;
    double m_dataMin = 0;
    double m_dataMax = 0;
    bool m_hasData = false;
    std::optional<double> m_fixedMin;
    std::optional<double> m_fixedMax;
    TimestampMs m_fromMs = 0;
    TimestampMs m_toMs = 1;
    std::optional<QPointF> m_dragOrigin;
    Theme m_theme;
};

} // namespace pulse::ui
