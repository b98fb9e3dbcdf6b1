#pragma once

#include "panels/panelwidget.h"

#include <QList>

class QGridLayout;
class QLabel;
class QToolButton;

namespace pulse::ui {

class TimeChart;

/**
 * Lines per query and group over time, with gaps as gaps, threshold lines, a legend (last, min, max, mean
 * over the range), a tooltip with the exact values under the mouse, wheel zoom and drag pan on the time
 * axis, and "Back to live" (button, Home key) once the operator left the live range.
 */
class TimeseriesPanel : public PanelWidget {
    Q_OBJECT
public:
    explicit TimeseriesPanel(QWidget* parent = nullptr);

    int plotWidthPx() const override;
    TimeChart* chart() const { return m_chart; }
    /** The tooltip text for a time (exact values of every line at the nearest point), for tests. */
    QString tooltipAt(double timeMs) const;
    /** Legend row texts ("label  last  min  max  mean"), for tests. */
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
    void keyPressEvent(QKeyEvent* event) override;

private:
    void redraw();
    void rebuildLegend();
    std::pair<TimestampMs, TimestampMs> shownRange() const;

    TimeChart* m_chart;
    QToolButton* m_liveButton;
    QWidget* m_legend;
    QGridLayout* m_legendLayout;
    QList<QList<QLabel*>> m_legendRows;
};

} // namespace pulse::ui
