#include "panels/timeseriespanel.h"

#include "charts/chartlegend.h"
#include "charts/timechart.h"
#include "format/valueformat.h"

#include <QDateTime>
#include <QKeyEvent>
#include <QToolButton>
#include <QToolTip>

#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

struct Summary {
    double min = NAN;
    double max = NAN;
    double mean = NAN;
};

Summary summarize(const PanelLine& line)
{
    Summary s;
    double sum = 0;
    int n = 0;
    for (const StorePoint& p : line.points) {
        if (!std::isfinite(p.value))
            continue;
        s.min = n == 0 ? p.value : std::min(s.min, p.value);
        s.max = n == 0 ? p.value : std::max(s.max, p.value);
        sum += p.value;
        ++n;
    }
    if (n > 0)
        s.mean = sum / n;
    return s;
}

} // namespace

/** The content area: lays its children out by hand, since the legend's height depends on the space left. */
class TimeseriesPanel::Content final : public QWidget {
public:
    explicit Content(TimeseriesPanel* panel)
        : m_panel(panel)
    { }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QWidget::resizeEvent(event);
        m_panel->layoutContent();
    }

private:
    TimeseriesPanel* m_panel;
};

TimeseriesPanel::TimeseriesPanel(QWidget* parent)
    : PanelWidget(parent)
    , m_content(new Content(this))
    , m_liveButton(new QToolButton(m_content))
    , m_legend(new ChartLegend(m_content))
{
    m_liveButton->setText(tr("Back to live"));
    m_liveButton->setToolTip(tr("Follow the live time range again (Home)"));
    m_liveButton->setVisible(false);
    setContentWidget(m_content);
    connect(m_liveButton, &QToolButton::clicked, this, &TimeseriesPanel::backToLive);
    themeChanged();
}

TimeChart* TimeseriesPanel::chart()
{
    ensureChart();
    return m_chart;
}

void TimeseriesPanel::ensureChart()
{
    if (m_chart)
        return;
    m_chart = new TimeChart(m_content);
    m_chart->show();
    connect(m_chart, &TimeChart::zoomRequested, this, &TimeseriesPanel::zoom);
    connect(m_chart, &TimeChart::panRequested, this, &TimeseriesPanel::pan);
    connect(m_chart, &TimeChart::hovered, this, [this](double timeMs, QPoint globalPos) {
        const QString text = tooltipAt(timeMs);
        // Labels come from files and the network: escape them so the tooltip never renders markup.
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(globalPos, u"<p style='white-space:pre'>"_s + text.toHtmlEscaped() + u"</p>"_s, m_chart);
    });
    m_chart->setTheme(theme());
    m_chart->setValueUnit(panel().unit, panel().isAutoScaled);
    m_chart->setValueBounds(panel().min, panel().max);
    applyThresholds();
    redraw();
}

void TimeseriesPanel::onScreenChanged()
{
    // Queued: a panel that comes into view with a dashboard load gets its first data in the same pass, and a
    // chart built after that is laid out once, legend included, rather than again when the data arrives.
    if (!isOnScreen() || m_chart || m_isChartQueued)
        return;
    m_isChartQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_isChartQueued = false;
            if (isOnScreen())
                ensureChart();
        },
        Qt::QueuedConnection);
}

void TimeseriesPanel::showEvent(QShowEvent* event)
{
    PanelWidget::showEvent(event);
    if (isOnScreen())
        ensureChart();
}

void TimeseriesPanel::layoutContent()
{
    const QRect area = m_content->rect();
    constexpr int kSpacingPx = 2;
    // The plot keeps at least half of the content height; the legend gets what it needs of the rest.
    const int legendHeight = m_legend->fitTo(area.width(), std::max(0, area.height() / 2 - kSpacingPx));
    const int chartHeight = area.height() - legendHeight - (legendHeight > 0 ? kSpacingPx : 0);
    if (m_chart)
        m_chart->setGeometry(area.left(), area.top(), area.width(), std::max(0, chartHeight));
    m_legend->setGeometry(area.left(), area.top() + chartHeight + kSpacingPx, area.width(), legendHeight);
    m_legend->setVisible(legendHeight > 0);
    m_liveButton->adjustSize();
    m_liveButton->move(area.right() - m_liveButton->width() - 4, area.top() + 4);
    m_liveButton->raise();
}

int TimeseriesPanel::plotWidthPx() const
{
    return m_chart ? m_chart->plotWidthPx() : PanelWidget::plotWidthPx();
}

std::pair<TimestampMs, TimestampMs> TimeseriesPanel::shownRange() const
{
    if (auto range = viewRangeMs())
        return *range;
    if (data())
        return { data()->fromMs, data()->toMs };
    return { 0, 1 };
}

void TimeseriesPanel::zoom(double factor, double anchorMs)
{
    const auto [fromMs, toMs] = shownRange();
    const double span = std::clamp(double(toMs - fromMs) * factor, 10'000.0, 86'400'000.0 * 2);
    const double ratio = toMs > fromMs ? (anchorMs - double(fromMs)) / double(toMs - fromMs) : 0.5;
    const auto newFrom = static_cast<TimestampMs>(anchorMs - span * std::clamp(ratio, 0.0, 1.0));
    setViewRangeMs(std::pair { newFrom, newFrom + static_cast<TimestampMs>(span) });
    m_liveButton->setVisible(true);
    redraw();
}

void TimeseriesPanel::pan(double deltaMs)
{
    const auto [fromMs, toMs] = shownRange();
    const auto delta = static_cast<TimestampMs>(deltaMs);
    setViewRangeMs(std::pair { fromMs + delta, toMs + delta });
    m_liveButton->setVisible(true);
    redraw();
}

void TimeseriesPanel::backToLive()
{
    setViewRangeMs(std::nullopt);
    m_liveButton->setVisible(false);
    redraw();
}

void TimeseriesPanel::applyThresholds()
{
    if (!m_chart)
        return;
    std::vector<ThresholdLevel> levels;
    levels.reserve(panel().thresholds.size());
    for (const layout::Threshold& threshold : panel().thresholds)
        levels.push_back({ threshold.value, thresholdColor(threshold, theme()) });
    m_chart->setThresholds(std::move(levels));
}

void TimeseriesPanel::panelChanged()
{
    if (!m_chart)
        return;
    applyThresholds();
    m_chart->setValueUnit(panel().unit, panel().isAutoScaled);
    m_chart->setValueBounds(panel().min, panel().max);
    redraw();
}

void TimeseriesPanel::dataChanged()
{
    redraw();
}

void TimeseriesPanel::themeChanged()
{
    m_legend->setTheme(theme());
    if (!m_chart)
        return;
    m_chart->setTheme(theme());
    applyThresholds();
    redraw();
}

void TimeseriesPanel::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Home && viewRangeMs()) {
        backToLive();
        event->accept();
        return;
    }
    PanelWidget::keyPressEvent(event);
}

void TimeseriesPanel::redraw()
{
    // Without a chart there is nothing to draw into: ensureChart() draws the data it finds.
    if (!m_chart)
        return;
    const auto [fromMs, toMs] = shownRange();
    m_chart->setTimeRange(fromMs, toMs);
    std::vector<ChartLine> lines;
    if (const auto& d = data()) {
        const int widthPx = m_chart->plotWidthPx();
        lines.reserve(d->lines.size());
        for (std::size_t i = 0; i < d->lines.size(); ++i) {
            const PanelLine& line = d->lines[i];
            QColor color = theme().seriesColor(static_cast<int>(i));
            if (d->freshness == PanelFreshness::Stale)
                color.setAlphaF(0.45f); // last good data stays visible, dimmed
            lines.push_back({ line.label, color, decimate(line.points, line.stepMs, fromMs, toMs, widthPx) });
        }
    }
    m_chart->setHatchColor(isHatched() ? theme().noData : QColor());
    m_chart->setLines(std::move(lines));
    rebuildLegend();
}

void TimeseriesPanel::rebuildLegend()
{
    std::vector<LegendEntry> entries;
    if (const auto& d = data()) {
        entries.reserve(d->lines.size());
        const auto fmt = [this](double v) { return displayValue(panel(), v).value.text(); };
        for (std::size_t i = 0; i < d->lines.size(); ++i) {
            const PanelLine& line = d->lines[i];
            const Summary s = summarize(line);
            entries.push_back({ line.label, theme().seriesColor(static_cast<int>(i)), fmt(line.lastValue.value_or(NAN)),
                fmt(s.min), fmt(s.max), fmt(s.mean) });
        }
    }
    m_legend->setEntries(std::move(entries));
    layoutContent();
}

QStringList TimeseriesPanel::legendRows() const
{
    return m_legend->rowTexts();
}

QString TimeseriesPanel::tooltipAt(double timeMs) const
{
    const auto& d = data();
    if (!d)
        return {};
    QStringList rows;
    std::optional<TimestampMs> shownTime;
    for (const PanelLine& line : d->lines) {
        // The nearest point within one step; none means a gap there, which the tooltip says.
        const auto it = std::lower_bound(line.points.begin(), line.points.end(), timeMs,
            [](const StorePoint& p, double t) { return double(p.timeMs) < t; });
        const StorePoint* nearest = nullptr;
        for (auto candidate : { it, it == line.points.begin() ? it : std::prev(it) }) {
            if (candidate == line.points.end())
                continue;
            if (!nearest || std::fabs(double(candidate->timeMs) - timeMs) < std::fabs(double(nearest->timeMs) - timeMs))
                nearest = &*candidate;
        }
        if (nearest && std::fabs(double(nearest->timeMs) - timeMs) <= double(std::max<std::int64_t>(line.stepMs, 1))) {
            shownTime = nearest->timeMs;
            rows.append(line.label + u": "_s + QString::number(nearest->value, 'g', 15) + u" ("_s
                + displayValue(panel(), nearest->value).value.text() + u')');
        } else {
            rows.append(line.label + u": "_s + tr("no data"));
        }
    }
    if (rows.isEmpty())
        return {};
    if (shownTime)
        rows.prepend(QDateTime::fromMSecsSinceEpoch(*shownTime).toString(u"yyyy-MM-dd HH:mm:ss"_s));
    return rows.join(u'\n');
}

} // namespace pulse::ui
