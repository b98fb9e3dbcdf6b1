#include "panels/bargaugepanel.h"

#include "charts/plotitems.h"
#include "format/valueformat.h"
#include "panels/gaugepanel.h"
#include "panels/paintedcontent.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

BarGaugePanel::BarGaugePanel(QWidget* parent)
    : PanelWidget(parent)
    , m_content(new PaintedContent([this](QPainter& p, const QRect& r) { paint(p, r); }))
{
    setContentWidget(m_content);
}

QWidget* BarGaugePanel::canvas() const
{
    return m_content;
}

void BarGaugePanel::panelChanged()
{
    m_content->update();
}
void BarGaugePanel::dataChanged()
{
    m_content->update();
}
void BarGaugePanel::themeChanged()
{
    m_content->update();
}

std::vector<BarGaugePanel::Bar> BarGaugePanel::layoutBars(const QRect& rect) const
{
    std::vector<Bar> bars;
    if (!data() || data()->lines.empty())
        return bars;
    const auto& lines = data()->lines;
    double largest = NAN;
    for (const PanelLine& line : lines) {
        if (line.lastValue)
            largest = std::isnan(largest) ? *line.lastValue : std::max(largest, *line.lastValue);
    }
    const auto [lo, hi] = gaugeRange(panel(), largest);
    const auto n = static_cast<double>(lines.size());
    const double textHeight = fontMetrics().height();
    const bool isVertical = panel().options.orientation == layout::Orientation::Vertical;
    const QRectF area = QRectF(rect).adjusted(2, 2, -2, -2);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const double fraction = lines[i].lastValue ? std::clamp((*lines[i].lastValue - lo) / (hi - lo), 0.0, 1.0) : 0.0;
        Bar bar;
        if (isVertical) {
            const double slot = area.width() / n;
            const double x = area.left() + slot * double(i);
            bar.value = QRectF(x, area.top(), slot, textHeight);
            bar.label = QRectF(x, area.bottom() - textHeight, slot, textHeight);
            bar.track = QRectF(
                x + slot * 0.15, area.top() + textHeight, slot * 0.7, std::max(0.0, area.height() - 2 * textHeight));
            const double h = bar.track.height() * fraction;
            bar.fill = QRectF(bar.track.left(), bar.track.bottom() - h, bar.track.width(), h);
        } else {
            const double slot = area.height() / n;
            const double y = area.top() + slot * double(i);
            const double labelWidth = area.width() * 0.25;
            const double valueWidth = area.width() * 0.2;
            bar.label = QRectF(area.left(), y, labelWidth, slot);
            bar.value = QRectF(area.right() - valueWidth, y, valueWidth, slot);
            bar.track = QRectF(area.left() + labelWidth + 4, y + slot * 0.15,
                std::max(0.0, area.width() - labelWidth - valueWidth - 8), slot * 0.7);
            bar.fill = QRectF(bar.track.left(), bar.track.top(), bar.track.width() * fraction, bar.track.height());
        }
        bars.push_back(bar);
    }
    return bars;
}

std::vector<QRectF> BarGaugePanel::barRects() const
{
    std::vector<QRectF> out;
    for (const Bar& bar : layoutBars(m_content->rect()))
        out.push_back(bar.fill);
    return out;
}

void BarGaugePanel::paint(QPainter& painter, const QRect& rect)
{
    const std::vector<Bar> bars = layoutBars(rect);
    if (bars.empty()) {
        painter.setPen(theme().mutedText);
        painter.drawText(rect, Qt::AlignCenter, tr("No data"));
        return;
    }
    const auto& lines = data()->lines;
    const bool isStale = data()->freshness == PanelFreshness::Stale;
    if (isHatched())
        paintHatch(painter, rect, theme().noData);
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& bar = bars[i];
        const PanelLine& line = lines[i];
        painter.fillRect(bar.track, theme().grid);
        QColor color = theme().seriesColor(static_cast<int>(i));
        QString valueText = u"–"_s;
        if (line.lastValue) {
            const DisplayValue shown = displayValue(panel(), *line.lastValue);
            color = shown.colorIn(theme(), color);
            valueText = shown.value.text();
        }
        if (isStale)
            color.setAlphaF(0.5f);
        painter.fillRect(bar.fill, color);
        painter.setPen(theme().text);
        const auto elided = [&](const QString& text, const QRectF& box) {
            return fontMetrics().elidedText(text, Qt::ElideRight, int(box.width()));
        };
        painter.drawText(bar.label, Qt::AlignVCenter | Qt::AlignLeft, elided(line.label, bar.label));
        painter.drawText(bar.value, Qt::AlignVCenter | Qt::AlignRight, elided(valueText, bar.value));
    }
}

} // namespace pulse::ui
