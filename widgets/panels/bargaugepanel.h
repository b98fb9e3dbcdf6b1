#pragma once

#include "panels/panelwidget.h"

namespace pulse::ui {

class PaintedContent;

/** One bar per line (horizontal or vertical, from the panel options) filled to its newest value in its threshold
 * colour. */
class BarGaugePanel : public PanelWidget {
    Q_OBJECT
public:
    explicit BarGaugePanel(QWidget* parent = nullptr);

    /** The rectangle each bar's filled part occupies in the content widget, by line, for tests. */
    std::vector<QRectF> barRects() const;
    QWidget* canvas() const;

protected:
    void panelChanged() override;
    void dataChanged() override;
    void themeChanged() override;

private:
    struct Bar {
        QRectF track;
        QRectF fill;
        QRectF label;
        QRectF value;
    };
    std::vector<Bar> layoutBars(const QRect& rect) const;
    void paint(QPainter& painter, const QRect& rect);

    PaintedContent* m_content;
};

} // namespace pulse::ui
