#pragma once

#include "panels/panelwidget.h"

#include <QFont>

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
    /** The content area and the box the value text (trend, number, unit) covers in it, in panel coordinates. */
    QRect contentRect() const;
    QRectF valueTextRect() const;

protected:
    void panelChanged() override;
    void dataChanged() override;
    void themeChanged() override;

private:
    /** Where the value's parts go: trend and unit at half the number's size, centred in the value box. */
    struct ValueLayout {
        QString lead;
        QString number;
        QString unit;
        QFont bigFont;
        QFont smallFont;
        QPointF leadAt;
        QPointF numberAt;
        QPointF unitAt;
        QRectF bounds;
    };
    static constexpr double kSparkShare = 0.3; ///< of the content height, under the value
    static QRectF valueBox(const QRect& rect);
    ValueLayout layoutValue(const QRectF& box) const;
    void paint(QPainter& painter, const QRect& rect);

    PaintedContent* m_content;
};

} // namespace pulse::ui
