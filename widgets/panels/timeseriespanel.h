#pragma once

#include "panels/panelwidget.h"

class QToolButton;

namespace pulse::ui {

class ChartLegend;
class TimeChart;

/**
 * Lines per query and group over time, with gaps as gaps, threshold lines and bands, a legend (last, min, max,
 * mean over the range), a tooltip with the exact values under the mouse, wheel zoom and drag pan on the time
 * axis, and "Back to live" (button, Home key) once the operator left the live range.
 *
 * The legend never takes more than half the content height: it drops to names with the last value, then to
 * names only (both packed side by side), then to an "n series" hint, so small panels keep their plot.
 */
class TimeseriesPanel : public PanelWidget {
    Q_OBJECT
public:
    explicit TimeseriesPanel(QWidget* parent = nullptr);

    int plotWidthPx() const override;
    /** The chart, built on first use (in a dashboard: when the panel is first shown on screen or scrolled into view).
     */
    TimeChart* chart();
    /** Whether the chart exists yet, for tests. */
    bool hasChart() const { return m_chart != nullptr; }
    ChartLegend* legend() const { return m_legend; }
    /** The tooltip text for a time (exact values of every line at the nearest point), for tests. */
    QString tooltipAt(double timeMs) const;
    /** Legend row texts as shown ("label  last  min  max  mean" in the full legend), for tests. */
    QStringList legendRows() const;

    /** Zoom (factor < 1: in) around a time; leaves the live range. */
    void zoom(double factor, double anchorMs);
    /** Move the view by deltaMs; leaves the live range. */
    void pan(double deltaMs);
    /** Follow the dashboard's live range again. */
    void backToLive();

protected:
    void panelChanged() override;
    void dataChanged() override;
    void themeChanged() override;
    void onScreenChanged() override;
    void showEvent(QShowEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    class Content;
    /** Builds the chart (Qt Charts set-up is the costly part of a panel) and draws the current data into it. */
    void ensureChart();
    void redraw();
    void rebuildLegend();
    void applyThresholds();
    /** Splits the content between chart and legend, and pins the live button to the chart's corner. */
    void layoutContent();
    std::pair<TimestampMs, TimestampMs> shownRange() const;

    Content* m_content;
    TimeChart* m_chart = nullptr;
    bool m_isChartQueued = false;
    QToolButton* m_liveButton;
    ChartLegend* m_legend;
};

} // namespace pulse::ui
