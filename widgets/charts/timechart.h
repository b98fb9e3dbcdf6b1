#pragma once

#include "charts/decimation.h"
#include "layout/dashboard.h"
#include "theme/theme.h"

#include <QChartView>
#include <QList>

#include <optional>
#include <vector>

class QLineSeries;
class QDateTimeAxis;
class QValueAxis;

namespace pulse::ui {

/** One line of a time chart: its segments are drawn separately so gaps stay gaps. */
struct ChartLine {
    QString label;
    QColor color;
    std::vector<ChartSegment> segments;
};

/**
 * The chart engine behind every time-based panel (Qt Charts today; panels only see this class).
 * No animation, no built-in legend; series objects are pooled and refilled with replace() so a redraw
 * allocates nothing on the scene. Wheel and drag are reported as requests; the panel owns the range.
 */
class TimeChart : public QChartView {
    Q_OBJECT
public:
    explicit TimeChart(QWidget* parent = nullptr);
    ~TimeChart() override;

    void setTheme(const Theme& theme);
    void setTimeRange(TimestampMs fromMs, TimestampMs toMs);
    /** Fixed bounds; an unset one follows the data (with a small margin). */
    void setValueBounds(std::optional<double> min, std::optional<double> max);
    void setLines(const std::vector<ChartLine>& lines);
    /** Horizontal dashed lines at each threshold value, in its colour. */
    void setThresholds(const std::vector<layout::Threshold>& thresholds);

    /** Width of the plot area in pixels: how many columns decimation should target. */
    int plotWidthPx() const;
    /** The time under a point of the viewport (ms since the epoch). */
    double timeAt(const QPointF& viewportPos) const;
    /** The viewport position of a (time, value) point. */
    QPointF positionOf(double timeMs, double value) const;
    /** Number of visible line series (segments), for tests. */
    int visibleSegmentCount() const;

Q_SIGNALS:
    /** Wheel: scale the time span by factor around anchorMs (factor < 1 zooms in). */
    void zoomRequested(double factor, double anchorMs);
    /** Drag: move the time range by deltaMs. */
    void panRequested(double deltaMs);
    /** Mouse over the plot at a time; globalPos for a tooltip. */
    void hovered(double timeMs, QPoint globalPos);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QLineSeries* seriesAt(int index);
    void updateValueAxis();

    QChart* m_chart;
    QDateTimeAxis* m_timeAxis;
    QValueAxis* m_valueAxis;
    QList<QLineSeries*> m_pool;
    QList<QLineSeries*> m_thresholdSeries;
    std::vector<layout::Threshold> m_thresholds;
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
