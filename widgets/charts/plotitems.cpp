#include "charts/plotitems.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pulse::ui {

namespace {

// Qt Charts stacks its items by z: grid 2, axes 3, series 4.
constexpr double kThresholdZ = 2.5;
constexpr double kLineZ = 4;
/**
 * 1 px: the raster engine's fast path (a wider antialiased pen is stroked as a polygon per segment, about 4 times
 * the cost). Points sit on pixel centres so flat runs and a column's min-max step are crisp at full colour.
 */
constexpr double kLineWidthPx = 1;
/** A segment of one point cannot draw a line; a dot shows it. */
constexpr double kDotWidthPx = 5;

QPointF pixelCentre(QPointF p)
{
    return { std::floor(p.x()) + 0.5, std::floor(p.y()) + 0.5 };
}

} // namespace

ThresholdOverlay::ThresholdOverlay(const PlotMapping& mapping, QGraphicsItem* parent)
    : QGraphicsItem(parent)
    , m_mapping(mapping)
{
    setZValue(kThresholdZ);
}

void ThresholdOverlay::setLevels(std::vector<ThresholdLevel> levels)
{
    if (levels == m_levels)
        return;
    m_levels = std::move(levels);
    update();
}

void ThresholdOverlay::plotChanged()
{
    if (m_bounds != m_mapping.plot) {
        prepareGeometryChange();
        m_bounds = m_mapping.plot;
    }
    if (!m_levels.empty())
        update();
}

void ThresholdOverlay::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const QRectF plot = m_mapping.plot;
    if (m_levels.empty() || plot.isEmpty())
        return;
    const auto yOf = [&](double value) { return m_mapping.toScene(m_mapping.fromMs, value).y(); };
    painter->save();
    painter->setClipRect(plot);
    painter->setRenderHint(QPainter::Antialiasing, false);
    for (std::size_t i = 0; i < m_levels.size(); ++i) {
        const ThresholdLevel& level = m_levels[i];
        const double y = yOf(level.value);
        // The first level is the base state: what "normal" looks like needs no tint.
        if (i > 0) {
            const double top = i + 1 < m_levels.size() ? yOf(m_levels[i + 1].value) : plot.top();
            QColor band = level.color;
            band.setAlphaF(0.12f);
            painter->fillRect(QRectF(QPointF(plot.left(), std::max(top, plot.top())),
                                  QPointF(plot.right(), std::min(y, plot.bottom())))
                                  .normalized(),
                band);
        }
        if (y > plot.top() + 0.5 && y < plot.bottom() - 0.5) {
            QPen pen(level.color);
            pen.setStyle(Qt::DashLine);
            pen.setWidthF(1.5);
            painter->setPen(pen);
            painter->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        }
    }
    painter->restore();
}

LineLayer::LineLayer(const PlotMapping& mapping, QGraphicsItem* parent)
    : QGraphicsItem(parent)
    , m_mapping(mapping)
{
    setZValue(kLineZ);
}

void LineLayer::setLines(std::vector<ChartLine> lines)
{
    m_lines = std::move(lines);
    update();
}

void LineLayer::setHatchColor(const QColor& color)
{
    if (color == m_hatchColor)
        return;
    m_hatchColor = color;
    update();
}

void LineLayer::plotChanged()
{
    if (m_bounds != m_mapping.plot) {
        prepareGeometryChange();
        m_bounds = m_mapping.plot;
    }
    update();
}

void LineLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const QRectF plot = m_mapping.plot;
    if (m_lines.empty() || plot.isEmpty())
        return;
    painter->save();
    painter->setClipRect(plot);
    if (m_hatchColor.isValid())
        paintHatch(*painter, plot, m_hatchColor);
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setBrush(Qt::NoBrush);
    for (const ChartLine& line : m_lines) {
        QPen pen(line.color, kLineWidthPx);
        pen.setJoinStyle(Qt::BevelJoin);
        QPen dot(line.color, kDotWidthPx, Qt::SolidLine, Qt::RoundCap);
        for (const ChartSegment& segment : line.segments) {
            if (segment.size() == 1) {
                painter->setPen(dot);
                painter->drawPoint(pixelCentre(m_mapping.toScene(segment.front().x(), segment.front().y())));
                continue;
            }
            m_scratch.resize(static_cast<qsizetype>(segment.size()));
            for (std::size_t i = 0; i < segment.size(); ++i)
                m_scratch[static_cast<qsizetype>(i)] = pixelCentre(m_mapping.toScene(segment[i].x(), segment[i].y()));
            painter->setPen(pen);
            painter->drawPolyline(m_scratch);
        }
    }
    painter->restore();
}

void paintHatch(QPainter& painter, const QRectF& area, const QColor& color)
{
    if (area.isEmpty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    // Anchored to the area so the lines do not crawl when the area moves.
    painter.setBrushOrigin(area.topLeft());
    painter.fillRect(area, QBrush(color, Qt::BDiagPattern));
    painter.restore();
}

} // namespace pulse::ui
