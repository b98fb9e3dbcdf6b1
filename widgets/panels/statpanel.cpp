#include "panels/statpanel.h"

#include "charts/decimation.h"
#include "charts/plotitems.h"
#include "format/valueformat.h"
#include "panels/paintedcontent.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

const PanelLine* firstLine(const std::shared_ptr<const PanelData>& data)
{
    if (!data || data->lines.empty())
        return nullptr;
    return &data->lines.front();
}

} // namespace

StatPanel::StatPanel(QWidget* parent)
    : PanelWidget(parent)
    , m_content(new PaintedContent([this](QPainter& p, const QRect& r) { paint(p, r); }))
{
    setContentWidget(m_content);
}

QString StatPanel::valueText() const
{
    const PanelLine* line = firstLine(data());
    if (!line || !line->lastValue)
        return u"–"_s;
    return displayValue(panel(), *line->lastValue).value.text();
}

QString StatPanel::trendText() const
{
    const PanelLine* line = firstLine(data());
    if (!line || line->points.size() < 2)
        return {};
    const double first = line->points.front().value;
    const double last = line->points.back().value;
    if (!std::isfinite(first) || !std::isfinite(last))
        return {};
    const double tolerance = std::max(std::fabs(first), std::fabs(last)) * 1e-3;
    if (last > first + tolerance)
        return u"▲"_s;
    if (last < first - tolerance)
        return u"▼"_s;
    return u"▶"_s;
}

QColor StatPanel::valueColor() const
{
    const PanelLine* line = firstLine(data());
    QColor color = theme().text;
    if (line && line->lastValue) {
        color = displayValue(panel(), *line->lastValue).colorIn(theme(), theme().text);
    } else {
        color = theme().noData;
    }
    if (data() && data()->freshness == PanelFreshness::Stale)
        color.setAlphaF(0.5f);
    return color;
}

void StatPanel::panelChanged()
{
    m_content->update();
}

void StatPanel::dataChanged()
{
    m_content->update();
}

void StatPanel::themeChanged()
{
    m_content->update();
}

QRectF StatPanel::valueBox(const QRect& rect)
{
    const QRectF area = QRectF(rect).adjusted(4, 2, -4, -2);
    return { area.left(), area.top(), area.width(), area.height() * (1 - kSparkShare) };
}

StatPanel::ValueLayout StatPanel::layoutValue(const QRectF& box) const
{
    ValueLayout out;
    FormattedValue value { u"–"_s, {} };
    if (const PanelLine* line = firstLine(data()); line && line->lastValue)
        value = displayValue(panel(), *line->lastValue).value;
    // The number is as large as the box allows; the trend arrow and the unit are drawn at half its size.
    const QString trend = trendText();
    out.number = value.number;
    out.unit = value.unit.isEmpty() ? QString() : u' ' + value.unit;
    out.lead = trend.isEmpty() ? QString() : trend + u' ';
    out.bigFont = font();
    out.bigFont.setBold(true);
    out.smallFont = out.bigFont;
    out.smallFont.setBold(false);
    // Text scales linearly with the point size: measure the number and (at half that size) the lead and unit once,
    // then take the largest size at which both fit the box, with a margin for hinting.
    constexpr double kProbePt = 100;
    out.bigFont.setPointSizeF(kProbePt);
    out.smallFont.setPointSizeF(kProbePt / 2);
    const QFontMetricsF bigProbe(out.bigFont);
    const double probeWidth
        = bigProbe.horizontalAdvance(out.number) + QFontMetricsF(out.smallFont).horizontalAdvance(out.lead + out.unit);
    const QSizeF room = box.size() * 0.92;
    double pointSize = 1;
    if (probeWidth > 0 && room.width() > 0 && room.height() > 0)
        pointSize = kProbePt * std::min(room.width() / probeWidth, room.height() / bigProbe.height());
    pointSize = std::clamp(std::floor(pointSize * 10) / 10, 1.0, 400.0);
    out.bigFont.setPointSizeF(pointSize);
    out.smallFont.setPointSizeF(pointSize / 2);
    const QFontMetricsF bigMetrics(out.bigFont);
    const QFontMetricsF smallMetrics(out.smallFont);
    const double leadWidth = smallMetrics.horizontalAdvance(out.lead);
    const double numberWidth = bigMetrics.horizontalAdvance(out.number);
    const double totalWidth = leadWidth + numberWidth + smallMetrics.horizontalAdvance(out.unit);
    const double baseline = box.center().y() + (bigMetrics.ascent() - bigMetrics.descent()) / 2;
    const double left = box.center().x() - totalWidth / 2;
    out.leadAt = QPointF(left, baseline);
    out.numberAt = QPointF(left + leadWidth, baseline);
    out.unitAt = QPointF(left + leadWidth + numberWidth, baseline);
    out.bounds = QRectF(left, baseline - bigMetrics.ascent(), totalWidth, bigMetrics.ascent() + bigMetrics.descent());
    return out;
}

QRect StatPanel::contentRect() const
{
    return m_content->geometry();
}

QRectF StatPanel::valueTextRect() const
{
    return layoutValue(valueBox(m_content->rect())).bounds.translated(m_content->pos());
}

void StatPanel::paint(QPainter& painter, const QRect& rect)
{
    const PanelLine* line = firstLine(data());
    const QRectF area = QRectF(rect).adjusted(4, 2, -4, -2);
    const double sparkHeight = area.height() * kSparkShare;
    if (isHatched())
        paintHatch(painter, rect, theme().noData);

    if (line && !line->points.empty()) {
        std::vector<QPointF> points;
        points.reserve(line->points.size());
        for (const ChartSegment& segment :
            decimate(line->points, line->stepMs, data()->fromMs, data()->toMs, int(area.width()))) {
            points.insert(points.end(), segment.begin(), segment.end());
        }
        QColor sparkColor = valueColor();
        sparkColor.setAlphaF(sparkColor.alphaF() * 0.6f);
        drawSparkline(painter, QRectF(area.left(), area.bottom() - sparkHeight, area.width(), sparkHeight), points,
            kGapSteps * double(std::max<std::int64_t>(line->stepMs, 1)), sparkColor);
    }

    const ValueLayout layout = layoutValue(valueBox(rect));
    const QColor color = valueColor();
    painter.setPen(color);
    if (!layout.lead.isEmpty()) {
        painter.setFont(layout.smallFont);
        painter.drawText(layout.leadAt, layout.lead);
    }
    painter.setFont(layout.bigFont);
    painter.drawText(layout.numberAt, layout.number);
    if (!layout.unit.isEmpty()) {
        painter.setFont(layout.smallFont);
        painter.setPen(theme().mutedText);
        painter.drawText(layout.unitAt, layout.unit);
    }
}

} // namespace pulse::ui
