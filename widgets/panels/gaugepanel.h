#pragma once

#include "panels/panelwidget.h"

namespace pulse::ui {

class PaintedContent;

/**
 * A 240° dial for the newest value of the first line between the panel's min and max (0 and 100, or the
 * largest threshold / value seen, when unset): a track, threshold segments along the rim, the value arc in
 * its threshold colour and the formatted value in the middle.
 */
class GaugePanel : public PanelWidget {
    Q_OBJECT
public:
    explicit GaugePanel(QWidget* parent = nullptr);

    /** The dial's range for the current panel and data. */
    std::pair<double, double> range() const;
    QString valueText() const;

protected:
    void panelChanged() override;
    void dataChanged() override;
    void themeChanged() override;

private:
    void paint(QPainter& painter, const QRect& rect);

    PaintedContent* m_content;
};

/** Shared by the gauges: the bounds a value is drawn between (panel min/max, else 0 and a rounded-up maximum). */
std::pair<double, double> gaugeRange(const layout::Panel& panel, double largestValue);

} // namespace pulse::ui
