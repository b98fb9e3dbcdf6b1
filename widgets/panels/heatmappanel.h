#pragma once

#include "panels/heatmapgrid.h"
#include "panels/panelwidget.h"

namespace pulse::ui {

/**
 * Latency distribution over time: buckets × windows, colour = samples in the bucket, with the p50 and p99
 * lines drawn on top. Each window's histogram is rebuilt from the stored count, min, quantiles and max (see
 * distributionCdf for the approximation). Windows without data stay background: gaps, never zero.
 * Its data comes from queriesToEvaluate(panel), which asks for the count, min, max and quantile fields.
 */
class HeatmapPanel : public PanelWidget {
    Q_OBJECT
public:
    explicit HeatmapPanel(QWidget* parent = nullptr);

    const HeatmapGrid& grid() const { return m_grid; }
    /** Content-widget pixel x of a time / y of a value, as painted (tests). */
    int xForTime(TimestampMs timeMs) const;
    int yForValue(double value) const;
    /** The colour painted for a bucket holding `count` samples. */
    QColor cellColor(double count) const;
    QColor p50Color() const;
    QColor p99Color() const;

protected:
    void dataChanged() override;
    void panelChanged() override;
    void themeChanged() override;

private:
    class Canvas;
    void rebuild();

    HeatmapGrid m_grid;
    Canvas* m_canvas;
};

} // namespace pulse::ui
