#include "panels/timeseriespanel.h"

#include "charts/timechart.h"
#include "format/valueformat.h"

#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

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

TimeseriesPanel::TimeseriesPanel(QWidget* parent)
    : PanelWidget(parent)
    , m_chart(new TimeChart)
    , m_liveButton(new QToolButton)
    , m_legend(new QWidget)
    , m_legendLayout(new QGridLayout(m_legend))
{
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_liveButton->setText(tr("Back to live"));
    m_liveButton->setToolTip(tr("Follow the live time range again (Home)"));
    m_liveButton->setVisible(false);
    layout->addWidget(m_liveButton, 0, Qt::AlignRight);
    layout->addWidget(m_chart, 1);
    m_legendLayout->setContentsMargins(2, 0, 2, 0);
    m_legendLayout->setHorizontalSpacing(8);
    m_legendLayout->setVerticalSpacing(0);
    layout->addWidget(m_legend);
    setContentWidget(content);

    connect(m_liveButton, &QToolButton::clicked, this, &TimeseriesPanel::backToLive);
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
    themeChanged();
}

int TimeseriesPanel::plotWidthPx() const
{
    return m_chart->plotWidthPx();
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

void TimeseriesPanel::panelChanged()
{
    m_chart->setThresholds(panel().thresholds);
    m_chart->setValueBounds(panel().min, panel().max);
    redraw();
}

void TimeseriesPanel::dataChanged()
{
    redraw();
}

void TimeseriesPanel::themeChanged()
{
    m_chart->setTheme(theme());
    QPalette pal = m_legend->palette();
    pal.setColor(QPalette::WindowText, theme().text);
    m_legend->setPalette(pal);
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
    m_chart->setLines(lines);
    rebuildLegend();
}

void TimeseriesPanel::rebuildLegend()
{
    const auto& d = data();
    const std::size_t count = d ? d->lines.size() : 0;
    while (static_cast<std::size_t>(m_legendRows.size()) > count) {
        for (QLabel* label : m_legendRows.takeLast())
            delete label;
    }
    while (static_cast<std::size_t>(m_legendRows.size()) < count) {
        const int row = static_cast<int>(m_legendRows.size());
        QList<QLabel*> labels;
        for (int column = 0; column < 6; ++column) {
            auto* label = new QLabel(m_legend);
            label->setTextFormat(Qt::PlainText);
            m_legendLayout->addWidget(label, row, column, column == 1 ? Qt::AlignLeft : Qt::AlignRight);
            labels.append(label);
        }
        labels[1]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        m_legendRows.append(labels);
    }
    m_legendLayout->setColumnStretch(1, 1);
    for (std::size_t i = 0; i < count; ++i) {
        const PanelLine& line = d->lines[i];
        const Summary s = summarize(line);
        const QList<QLabel*>& labels = m_legendRows[static_cast<qsizetype>(i)];
        labels[0]->setText(u"━"_s);
        QPalette pal = labels[0]->palette();
        pal.setColor(QPalette::WindowText, theme().seriesColor(static_cast<int>(i)));
        labels[0]->setPalette(pal);
        labels[1]->setText(line.label);
        labels[1]->setToolTip(line.label);
        const auto fmt = [this](double v) { return displayValue(panel(), v).value.text(); };
        labels[2]->setText(tr("last %1").arg(fmt(line.lastValue.value_or(NAN))));
        labels[3]->setText(tr("min %1").arg(fmt(s.min)));
        labels[4]->setText(tr("max %1").arg(fmt(s.max)));
        labels[5]->setText(tr("mean %1").arg(fmt(s.mean)));
    }
    m_legend->setVisible(count > 0);
}

QStringList TimeseriesPanel::legendRows() const
{
    QStringList rows;
    for (const QList<QLabel*>& labels : m_legendRows) {
        QStringList cells;
        for (qsizetype i = 1; i < labels.size(); ++i)
            cells.append(labels[i]->text());
        rows.append(cells.join(u"  "_s));
    }
    return rows;
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
