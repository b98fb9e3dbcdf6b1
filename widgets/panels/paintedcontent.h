#pragma once

#include <QPainter>
#include <QWidget>

#include <functional>

namespace pulse::ui {

/** A content area drawn by its panel with QPainter (stat, gauges); repaints only when update() is called. */
class PaintedContent final : public QWidget {
    Q_OBJECT
public:
    using PaintFunction = std::function<void(QPainter&, const QRect&)>;
    explicit PaintedContent(PaintFunction paint, QWidget* parent = nullptr)
        : QWidget(parent)
        , m_paint(std::move(paint))
    {
        setAttribute(Qt::WA_OpaquePaintEvent, false);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing, true);
        m_paint(painter, rect());
    }

private:
    PaintFunction m_paint;
};

/** The largest point size at which `text` fits `box` (width and height), between minPt and maxPt. */
double fittingPointSize(
    const QFont& font, const QString& text, const QSizeF& box, double minPt = 6, double maxPt = 400);

/** Draws points as a polyline inside `box`, broken wherever consecutive points are more than gapMs apart. */
void drawSparkline(
    QPainter& painter, const QRectF& box, const std::vector<QPointF>& points, double gapMs, const QColor& color);

} // namespace pulse::ui
