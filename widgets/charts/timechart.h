#pragma once

#include "charts/decimation.h"
#include "format/axisticks.h"
#include "layout/dashboard.h"
#include "theme/theme.h"

#include <QChartView>
#include <QList>

#include <optional>
#include <vector>

class QCategoryAxis;
class QLineSeries;

namespace pulse::ui {

class ThresholdOverlay;

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

/**
 * The chart engine behind every time-based panel (Qt Charts today; panels only see this class).
 * No animation, no built-in legend; series objects are pooled and refilled with replace() so a redraw
 * allocates nothing on the scene. Wheel and drag are reported as requests; the panel owns the range.
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
    void setLines(const std::vector<ChartLine>& lines);
    /** Thresholds, ascending: a dashed line at each value inside the plot, a faint band from each one but the first. */
    void setThresholds(std::vector<ThresholdLevel> levels);

    /** Width of the plot area in pixels: how many columns decimation should target. */
    int plotWidthPx() const;
    /** The time under a point of the viewport (ms since the epoch). */
    double timeAt(const QPointF& viewportPos) const;
    /** The viewport position of a (time, value) point. */
    QPointF positionOf(double timeMs, double value) const;
    /** Number of visible line series (segments), for tests. */
    int visibleSegmentCount() const;
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
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QLineSeries* seriesAt(int index);
    void updateValueAxis();
    void updateTimeAxis();
    /** The plot area (once laid out) or an estimate from the view size. */
    QSizeF plotSize() const;

    QChart* m_chart;
    QCategoryAxis* m_timeAxis;
    QCategoryAxis* m_valueAxis;
    ThresholdOverlay* m_overlay;
    QList<QLineSeries*> m_pool;
    std::vector<AxisTick> m_valueTicks;
    std::vector<AxisTick> m_timeTicks;
    layout::Unit m_unit;
    bool m_isAutoScaled = true;
    int m_usedSeries = 0;
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
