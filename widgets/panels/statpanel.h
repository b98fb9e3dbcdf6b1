#pragma once

#include "panels/panelwidget.h"

namespace pulse::ui {

class PaintedContent;

/** The newest value of the first line, as big as the tile allows, with unit, threshold colour, sparkline and trend. */
class StatPanel : public PanelWidget {
    Q_OBJECT
public:
    explicit StatPanel(QWidget* parent = nullptr);

    /** The value text shown ("12.5 MiB", a mapped text, or "–"), for tests and accessibility. */
    QString valueText() const;
    /** "▲", "▼" or "▶" comparing the newest value with the first of the range; empty without two values. */
    QString trendText() const;
    /** The colour the value is drawn in. */
    QColor valueColor() const;

protected:
    void panelChanged() override;
    void dataChanged() override;
    void themeChanged() override;

private:
    void paint(QPainter& painter, const QRect& rect);

    PaintedContent* m_content;
};

} // namespace pulse::ui
