#include "panels/heatmappanel.h"

#include "charts/plotitems.h"
#include "format/valueformat.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {
constexpr int kBucketCount = 24;
constexpr int kAxisWidthPx = 56;
} // namespace

class HeatmapPanel::Canvas final : public QWidget {
public:
    explicit Canvas(HeatmapPanel* panel)
        : m_panel(panel)
    {
        setAttribute(Qt::WA_OpaquePaintEvent);
        setObjectName(u"heatmapCanvas"_s);
    }

    QRect plotRect() const { return rect().adjusted(kAxisWidthPx, 2, -2, -2); }

    int xForTime(TimestampMs timeMs) const
    {
        const QRect plot = plotRect();
        const auto& data = m_panel->data();
        if (!data || data->toMs <= data->fromMs)
            return plot.left();
        const double fraction
            = static_cast<double>(timeMs - data->fromMs) / static_cast<double>(data->toMs - data->fromMs);
        return plot.left() + static_cast<int>(std::lround(fraction * plot.width()));
    }

    int yForValue(double value) const
    {
        const QRect plot = plotRect();
        const auto& edges = m_panel->m_grid.edges;
        if (edges.size() < 2)
            return plot.bottom();
        const double fraction = (value - edges.front()) / (edges.back() - edges.front());
        return plot.bottom() - static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * plot.height()));
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        const Theme& theme = m_panel->theme();
        painter.fillRect(rect(), theme.panelBackground);
        const HeatmapGrid& grid = m_panel->m_grid;
        if (grid.times.empty()) {
            painter.setPen(theme.mutedText);
            painter.drawText(rect(), Qt::AlignCenter, HeatmapPanel::tr("No distribution data"));
            return;
        }
        const std::int64_t stepMs = std::max<std::int64_t>(1, grid.stepMs);
        const int buckets = static_cast<int>(grid.edges.size()) - 1;
        for (std::size_t t = 0; t < grid.times.size(); ++t) {
            const int x0 = xForTime(grid.times[t]);
            const int x1 = std::max(x0 + 1, xForTime(grid.times[t] + stepMs));
            for (int b = 0; b < buckets; ++b) {
                const double count = grid.counts[t][static_cast<std::size_t>(b)];
                if (!(count > 0))
                    continue;
                const int yTop = yForValue(grid.edges[static_cast<std::size_t>(b) + 1]);
                const int yBottom = yForValue(grid.edges[static_cast<std::size_t>(b)]);
                painter.fillRect(QRect(x0, yTop, x1 - x0, std::max(1, yBottom - yTop)), m_panel->cellColor(count));
            }
        }
        // Over the cells (they fill the plot), under the quantile lines.
        if (m_panel->isHatched())
            paintHatch(painter, plotRect(), theme.noData);
        drawQuantileLine(painter, grid.p50, m_panel->p50Color(), stepMs);
        drawQuantileLine(painter, grid.p99, m_panel->p99Color(), stepMs);

        painter.setPen(theme.mutedText);
        const QRect plot = plotRect();
        const auto& panel = m_panel->panel();
        painter.drawText(QRect(0, plot.top(), kAxisWidthPx - 4, fontMetrics().height()), Qt::AlignRight,
            displayValue(panel, grid.edges.back()).value.text());
        painter.drawText(QRect(0, plot.bottom() - fontMetrics().height(), kAxisWidthPx - 4, fontMetrics().height()),
            Qt::AlignRight, displayValue(panel, grid.edges.front()).value.text());
        painter.setPen(m_panel->p50Color());
        painter.drawText(QRect(0, plot.center().y() - fontMetrics().height(), kAxisWidthPx - 4, fontMetrics().height()),
            Qt::AlignRight, u"p50"_s);
        painter.setPen(m_panel->p99Color());
        painter.drawText(
            QRect(0, plot.center().y(), kAxisWidthPx - 4, fontMetrics().height()), Qt::AlignRight, u"p99"_s);
    }

private:
    void drawQuantileLine(
        QPainter& painter, const std::vector<std::optional<double>>& values, const QColor& colour, std::int64_t stepMs)
    {
        const HeatmapGrid& grid = m_panel->m_grid;
        QPainterPath path;
        bool isOpen = false;
        for (std::size_t t = 0; t < grid.times.size(); ++t) {
            const bool isContiguous = t > 0 && grid.times[t] - grid.times[t - 1] <= stepMs + stepMs / 2;
            if (!values[t]) {
                isOpen = false;
                continue;
            }
            // Each window is a flat segment across its width; a gap breaks the line.
            const QPointF start(xForTime(grid.times[t]), yForValue(*values[t]));
            const QPointF end(xForTime(grid.times[t] + stepMs), start.y());
            if (isOpen && isContiguous)
                path.lineTo(start);
            else
                path.moveTo(start);
            path.lineTo(end);
            isOpen = true;
        }
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setPen(QPen(colour, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
    }

    HeatmapPanel* m_panel;
};

HeatmapPanel::HeatmapPanel(QWidget* parent)
    : PanelWidget(parent)
    , m_canvas(new Canvas(this))
{
    setContentWidget(m_canvas);
}

int HeatmapPanel::xForTime(TimestampMs timeMs) const
{
    return m_canvas->xForTime(timeMs);
}

int HeatmapPanel::yForValue(double value) const
{
    return m_canvas->yForValue(value);
}

QColor HeatmapPanel::cellColor(double count) const
{
    // Low counts fade from the background into the accent, high counts run on to the critical colour.
    const double level = m_grid.maxCount > 0 ? std::clamp(count / m_grid.maxCount, 0.0, 1.0) : 0.0;
    auto mix = [](const QColor& a, const QColor& b, double f) {
        return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * f),
            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * f),
            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * f));
    };
    const Theme& t = theme();
    if (level < 0.5)
        return mix(mix(t.panelBackground, t.accent, 0.25), t.accent, level * 2);
    return mix(t.accent, t.warning, (level - 0.5) * 2);
}

QColor HeatmapPanel::p50Color() const
{
    return theme().text;
}

QColor HeatmapPanel::p99Color() const
{
    return theme().critical;
}

void HeatmapPanel::rebuild()
{
    m_grid = {};
    if (const auto& current = data()) {
        std::vector<std::vector<DistributionColumn>> series;
        std::int64_t lineStepMs = 0;
        for (const SeriesLines& lines : groupLinesBySeries(panel(), *current)) {
            series.push_back(distributionColumns(lines));
            if (const PanelLine* count = lines.line(Field::Count))
                lineStepMs = std::max(lineStepMs, count->stepMs);
        }
        m_grid = buildHeatmapGrid(series, kBucketCount);
        if (lineStepMs > 0)
            m_grid.stepMs = lineStepMs; // the store's step, not the smallest spacing seen
    }
    m_canvas->update();
}

void HeatmapPanel::dataChanged()
{
    rebuild();
}

void HeatmapPanel::panelChanged()
{
    rebuild();
}

void HeatmapPanel::themeChanged()
{
    m_canvas->update();
}

} // namespace pulse::ui
