#include "panels/paintedcontent.h"

#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace pulse::ui {

double fittingPointSize(const QFont& font, const QString& text, const QSizeF& box, double minPt, double maxPt)
{
    if (text.isEmpty() || box.width() <= 0 || box.height() <= 0)
        return minPt;
    // Text size scales linearly with the point size: measure once, then scale.
    QFont probe = font;
    constexpr double kProbePt = 100;
    probe.setPointSizeF(kProbePt);
    const QFontMetricsF metrics(probe);
    const double w = metrics.horizontalAdvance(text);
    const double h = metrics.height();
    if (w <= 0 || h <= 0)
        return minPt;
    const double fit = kProbePt * std::min(box.width() / w, box.height() / h);
    return std::clamp(std::floor(fit * 10) / 10, minPt, maxPt);
}

void drawSparkline(
    QPainter& painter, const QRectF& box, const std::vector<QPointF>& points, double gapMs, const QColor& color)
{
    if (points.empty() || box.isEmpty())
        return;
    double x0 = points.front().x(), x1 = points.back().x();
    double y0 = points.front().y(), y1 = y0;
    for (const QPointF& p : points) {
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    }
    if (x1 <= x0)
        x1 = x0 + 1;
    if (y1 - y0 < 1e-12) {
        y0 -= 1;
        y1 += 1;
    }
    const auto map = [&](const QPointF& p) {
        return QPointF(box.left() + (p.x() - x0) / (x1 - x0) * box.width(),
            box.bottom() - (p.y() - y0) / (y1 - y0) * box.height());
    };
    QPainterPath path;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i == 0 || points[i].x() - points[i - 1].x() > gapMs)
            path.moveTo(map(points[i]));
        else
            path.lineTo(map(points[i]));
    }
    painter.save();
    QPen pen(color);
    pen.setWidthF(1.5);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(path);
    painter.restore();
}

} // namespace pulse::ui
