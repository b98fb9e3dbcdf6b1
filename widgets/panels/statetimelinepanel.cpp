#include "panels/statetimelinepanel.h"

#include "charts/plotitems.h"
#include "format/valueformat.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

std::int64_t stepOf(const PanelLine& line)
{
    if (line.stepMs > 0)
        return line.stepMs;
    std::int64_t smallest = 0;
    for (std::size_t i = 1; i < line.points.size(); ++i) {
        const auto delta = line.points[i].timeMs - line.points[i - 1].timeMs;
        if (delta > 0 && (smallest == 0 || delta < smallest))
            smallest = delta;
    }
    return smallest > 0 ? smallest : 1000;
}

void appendBand(std::vector<StateBand>& bands, TimestampMs startMs, TimestampMs endMs, int state)
{
    if (endMs <= startMs)
        return;
    if (!bands.empty() && bands.back().state == state && bands.back().endMs >= startMs) {
        bands.back().endMs = std::max(bands.back().endMs, endMs);
        return;
    }
    bands.push_back({ startMs, endMs, state });
}

} // namespace

std::vector<StateBand> stateBands(
    const PanelLine& line, const std::vector<layout::Threshold>& thresholds, TimestampMs fromMs, TimestampMs toMs)
{
    std::vector<StateBand> bands;
    if (toMs <= fromMs)
        return bands;
    const std::int64_t stepMs = stepOf(line);
    // A point still covers its step when the next one is at most 1.5 steps later (PanelLine's gap rule).
    const std::int64_t gapMs = stepMs + stepMs / 2;
    TimestampMs coveredTo = fromMs;
    for (std::size_t i = 0; i < line.points.size(); ++i) {
        const StorePoint& point = line.points[i];
        TimestampMs endMs = point.timeMs + stepMs;
        if (i + 1 < line.points.size() && line.points[i + 1].timeMs - point.timeMs <= gapMs)
            endMs = line.points[i + 1].timeMs;
        const TimestampMs startMs = std::max(point.timeMs, fromMs);
        endMs = std::min(endMs, toMs);
        if (endMs <= startMs)
            continue;
        appendBand(bands, coveredTo, startMs, StateBand::kNoData);
        const layout::Threshold* reached = thresholdFor(thresholds, point.value);
        const int state = std::isnan(point.value) ? StateBand::kNoData
            : reached                             ? static_cast<int>(reached - thresholds.data())
                                                  : StateBand::kBase;
        appendBand(bands, startMs, endMs, state);
        coveredTo = std::max(coveredTo, endMs);
    }
    appendBand(bands, coveredTo, toMs, StateBand::kNoData);
    return bands;
}

class StateTimelinePanel::Canvas final : public QWidget {
public:
    explicit Canvas(StateTimelinePanel* panel)
        : m_panel(panel)
    {
        setAttribute(Qt::WA_OpaquePaintEvent);
        setObjectName(u"stateTimelineCanvas"_s);
        setMinimumHeight(16);
    }

    int labelWidth() const
    {
        const auto& data = m_panel->data();
        if (!data)
            return 0;
        int widest = 0;
        for (const PanelLine& line : data->lines)
            widest = std::max(widest, fontMetrics().horizontalAdvance(line.label));
        return std::min(widest + 8, width() / 3);
    }

    QRect rowRect(int lineIndex) const
    {
        const auto& data = m_panel->data();
        if (!data || lineIndex < 0 || lineIndex >= static_cast<int>(data->lines.size()))
            return {};
        const int rows = static_cast<int>(data->lines.size());
        const int rowHeight = std::min(std::max(4, height() / rows), fontMetrics().height() * 3);
        const int left = labelWidth();
        return { left, lineIndex * rowHeight + 1, width() - left, rowHeight - 2 };
    }

    int xForTime(TimestampMs timeMs) const
    {
        const auto& data = m_panel->data();
        const int left = labelWidth();
        if (!data || data->toMs <= data->fromMs)
            return left;
        const double fraction
            = static_cast<double>(timeMs - data->fromMs) / static_cast<double>(data->toMs - data->fromMs);
        return left + static_cast<int>(std::lround(fraction * (width() - left)));
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        const Theme& theme = m_panel->theme();
        painter.fillRect(rect(), theme.panelBackground);
        const auto& data = m_panel->data();
        if (!data || data->lines.empty()) {
            painter.setPen(theme.mutedText);
            painter.drawText(rect(), Qt::AlignCenter, StateTimelinePanel::tr("No data"));
            return;
        }
        const auto& thresholds = m_panel->panel().thresholds;
        const bool isDimmed = m_panel->freshness() == PanelFreshness::Stale;
        const QBrush hatch(theme.noData, Qt::BDiagPattern);
        for (int i = 0; i < static_cast<int>(data->lines.size()); ++i) {
            const PanelLine& line = data->lines[static_cast<std::size_t>(i)];
            const QRect row = rowRect(i);
            painter.setPen(theme.text);
            painter.drawText(QRect(0, row.top(), row.left() - 4, row.height()), Qt::AlignRight | Qt::AlignVCenter,
                fontMetrics().elidedText(line.label, Qt::ElideRight, row.left() - 4));
            for (const StateBand& band : stateBands(line, thresholds, data->fromMs, data->toMs)) {
                const int x0 = xForTime(band.startMs);
                const int x1 = std::max(x0 + 1, xForTime(band.endMs));
                const QRect area(x0, row.top(), x1 - x0, row.height());
                if (band.state == StateBand::kNoData) {
                    painter.fillRect(area, hatch);
                    continue;
                }
                QColor colour = band.state == StateBand::kBase
                    ? theme.ok
                    : thresholdColor(thresholds[static_cast<std::size_t>(band.state)], theme);
                if (isDimmed)
                    colour.setAlphaF(0.45f);
                painter.fillRect(area, colour);
            }
        }
        // Over the bands (they fill each row): last good states, hatched.
        if (m_panel->isHatched()) {
            for (int i = 0; i < static_cast<int>(data->lines.size()); ++i)
                paintHatch(painter, rowRect(i), theme.noData);
        }
    }

    bool event(QEvent* event) override
    {
        if (event->type() == QEvent::ToolTip) {
            const auto* help = static_cast<QHelpEvent*>(event);
            QToolTip::showText(help->globalPos(), tooltipAt(help->pos()), this);
            return true;
        }
        return QWidget::event(event);
    }

private:
    QString tooltipAt(QPoint pos) const
    {
        const auto& data = m_panel->data();
        if (!data)
            return {};
        for (int i = 0; i < static_cast<int>(data->lines.size()); ++i) {
            if (!rowRect(i).contains(pos))
                continue;
            const PanelLine& line = data->lines[static_cast<std::size_t>(i)];
            for (const StateBand& band : stateBands(line, m_panel->panel().thresholds, data->fromMs, data->toMs)) {
                if (pos.x() < xForTime(band.startMs) || pos.x() >= xForTime(band.endMs))
                    continue;
                const QString span = QDateTime::fromMSecsSinceEpoch(band.startMs).toString(u"HH:mm:ss"_s) + u" – "_s
                    + QDateTime::fromMSecsSinceEpoch(band.endMs).toString(u"HH:mm:ss"_s);
                if (band.state == StateBand::kNoData)
                    return StateTimelinePanel::tr("%1: no data %2").arg(line.label, span);
                const QString state = band.state == StateBand::kBase
                    ? StateTimelinePanel::tr("below thresholds")
                    : layout::name(m_panel->panel().thresholds[static_cast<std::size_t>(band.state)].severity);
                return StateTimelinePanel::tr("%1: %2 %3").arg(line.label, state, span);
            }
        }
        return {};
    }

    StateTimelinePanel* m_panel;
};

StateTimelinePanel::StateTimelinePanel(QWidget* parent)
    : PanelWidget(parent)
    , m_canvas(new Canvas(this))
{
    setContentWidget(m_canvas);
}

QRect StateTimelinePanel::rowRect(int lineIndex) const
{
    return m_canvas->rowRect(lineIndex);
}

int StateTimelinePanel::xForTime(TimestampMs timeMs) const
{
    return m_canvas->xForTime(timeMs);
}

void StateTimelinePanel::dataChanged()
{
    m_canvas->update();
}

void StateTimelinePanel::panelChanged()
{
    m_canvas->update();
}

void StateTimelinePanel::themeChanged()
{
    m_canvas->update();
}

} // namespace pulse::ui
