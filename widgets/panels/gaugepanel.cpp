#include "panels/gaugepanel.h"

#include "charts/plotitems.h"
#include "format/valueformat.h"
#include "panels/paintedcontent.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

std::pair<double, double> gaugeRange(const layout::Panel& panel, double largestValue)
{
    const double lo = panel.min.value_or(0);
    double hi = 100;
    if (panel.max) {
        hi = *panel.max;
    } else {
        double top = panel.unit.kind == layout::UnitKind::Percent ? 100 : 0;
        for (const layout::Threshold& t : panel.thresholds)
            top = std::max(top, t.value);
        if (std::isfinite(largestValue))
            top = std::max(top, largestValue);
        if (top > lo) {
            // Round up to 1, 2 or 5 × a power of ten so the scale reads well.
            const double magnitude = std::pow(10, std::floor(std::log10(top - lo)));
            double nice = magnitude;
            for (double m : { 1.0, 2.0, 5.0, 10.0 }) {
                nice = m * magnitude;
                if (lo + nice >= top)
                    break;
            }
            hi = lo + nice;
        }
    }
    if (hi <= lo)
        hi = lo + 1;
    return { lo, hi };
}

GaugePanel::GaugePanel(QWidget* parent)
    : PanelWidget(parent)
    , m_content(new PaintedContent([this](QPainter& p, const QRect& r) { paint(p, r); }))
{
    setContentWidget(m_content);
}

std::pair<double, double> GaugePanel::range() const
{
    double largest = NAN;
    if (data() && !data()->lines.empty() && data()->lines.front().lastValue)
        largest = *data()->lines.front().lastValue;
    return gaugeRange(panel(), largest);
}

QString GaugePanel::valueText() const
{
    if (!data() || data()->lines.empty() || !data()->lines.front().lastValue)
        return u"–"_s;
    return displayValue(panel(), *data()->lines.front().lastValue).value.text();
}

void GaugePanel::panelChanged()
{
    m_content->update();
}
void GaugePanel::dataChanged()
{
    m_content->update();
}
void GaugePanel::themeChanged()
{
    m_content->update();
}

void GaugePanel::paint(QPainter& painter, const QRect& rect)
{
    constexpr double kStartDeg = 210; // Qt angles: counter-clockwise from 3 o'clock
    if (isHatched())
        paintHatch(painter, rect, theme().noData);
    constexpr double kSweepDeg = 240;
    const auto [lo, hi] = range();
    // The open 240° dial spans its radius above the centre and half of it below.
    const double thickness = std::max(4.0, std::min(rect.width(), rect.height()) * 0.08);
    const double inset = thickness * 1.5;
    const double radius = std::max(4.0, std::min(rect.width() / 2.0, rect.height() / 1.5) - inset);
    const QPointF centre(
        rect.center().x(), rect.top() + inset + radius + std::max(0.0, (rect.height() - 2 * inset - 1.5 * radius) / 2));
    const QRectF dial(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius);
    const auto angleOf = [&](double v) { return kStartDeg - kSweepDeg * std::clamp((v - lo) / (hi - lo), 0.0, 1.0); };
    const auto arc = [&](double fromValue, double toValue, const QColor& color, double width) {
        QPen pen(color);
        pen.setWidthF(width);
        pen.setCapStyle(Qt::FlatCap);
        painter.setPen(pen);
        const double a0 = angleOf(fromValue);
        const double a1 = angleOf(toValue);
        painter.drawArc(dial, int(a0 * 16), int((a1 - a0) * 16));
    };

    arc(lo, hi, theme().grid, thickness);
    // Threshold segments on the rim, each from its value to the next threshold.
    const auto& thresholds = panel().thresholds;
    const QRectF rim = dial.adjusted(-thickness * 0.75, -thickness * 0.75, thickness * 0.75, thickness * 0.75);
    for (std::size_t i = 0; i < thresholds.size(); ++i) {
        const double from = std::max(lo, thresholds[i].value);
        const double to = i + 1 < thresholds.size() ? thresholds[i + 1].value : hi;
        if (to <= from)
            continue;
        QPen pen(thresholdColor(thresholds[i], theme()));
        pen.setWidthF(std::max(2.0, thickness * 0.25));
        pen.setCapStyle(Qt::FlatCap);
        painter.setPen(pen);
        const double a0 = angleOf(from);
        const double a1 = angleOf(to);
        painter.drawArc(rim, int(a0 * 16), int((a1 - a0) * 16));
    }

    const PanelLine* line = data() && !data()->lines.empty() ? &data()->lines.front() : nullptr;
    QColor valueColor = theme().noData;
    if (line && line->lastValue) {
        valueColor = displayValue(panel(), *line->lastValue).colorIn(theme(), theme().seriesColor(0));
        if (data()->freshness == PanelFreshness::Stale)
            valueColor.setAlphaF(0.5f);
        arc(lo, *line->lastValue, valueColor, thickness);
    }

    QFont font = this->font();
    font.setBold(true);
    const QString text = valueText();
    const QSizeF box(dial.width() * 0.6, dial.height() * 0.3);
    font.setPointSizeF(fittingPointSize(font, text, box, 6, 200));
    painter.setFont(font);
    painter.setPen(line && line->lastValue ? valueColor : theme().mutedText);
    painter.drawText(dial, Qt::AlignCenter, text);
}

} // namespace pulse::ui
