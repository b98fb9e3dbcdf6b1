#include "panels/statpanel.h"

#include "charts/decimation.h"
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
        const DisplayValue shown = displayValue(panel(), *line->lastValue);
        if (shown.color.isValid())
            color = shown.color;
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

void StatPanel::paint(QPainter& painter, const QRect& rect)
{
    const PanelLine* line = firstLine(data());
    const QRectF area = QRectF(rect).adjusted(4, 2, -4, -2);
    const double sparkHeight = area.height() * 0.3;
    const QRectF valueBox(area.left(), area.top(), area.width(), area.height() - sparkHeight);

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

    FormattedValue value { u"–"_s, {} };
    if (line && line->lastValue)
        value = displayValue(panel(), *line->lastValue).value;
    // The number is as large as the box allows; the trend arrow and the unit are drawn at half its size.
    const QString trend = trendText();
    const QString big = value.number;
    const QString unit = value.unit.isEmpty() ? QString() : u' ' + value.unit;
    const QString lead = trend.isEmpty() ? QString() : trend + u' ';
    QFont font = this->font();
    font.setBold(true);
    const QString measured = big + lead + unit; // lead and unit count at half width, roughly
    font.setPointSizeF(fittingPointSize(font, measured, valueBox.size() * 0.92, 6, 400));
    QFont smallFont = font;
    smallFont.setBold(false);
    smallFont.setPointSizeF(std::max(6.0, font.pointSizeF() / 2));
    const QFontMetricsF bigMetrics(font);
    const QFontMetricsF smallMetrics(smallFont);
    const double leadWidth = smallMetrics.horizontalAdvance(lead);
    const double totalWidth = leadWidth + bigMetrics.horizontalAdvance(big) + smallMetrics.horizontalAdvance(unit);
    double x = valueBox.center().x() - totalWidth / 2;
    const double baseline = valueBox.center().y() + (bigMetrics.ascent() - bigMetrics.descent()) / 2;

    const QColor color = valueColor();
    if (!lead.isEmpty()) {
        painter.setFont(smallFont);
        painter.setPen(color);
        painter.drawText(QPointF(x, baseline), lead);
        x += leadWidth;
    }
    painter.setPen(color);
    painter.setFont(font);
    painter.drawText(QPointF(x, baseline), big);
    if (!unit.isEmpty()) {
        painter.setFont(smallFont);
        painter.setPen(theme().mutedText);
        painter.drawText(QPointF(x + bigMetrics.horizontalAdvance(big), baseline), unit);
    }
}

} // namespace pulse::ui
