#include "charts/timechart.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QMouseEvent>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

// The chart is handed to the base constructor: setChart() would release (and so leak) a default chart.
TimeChart::TimeChart(QWidget* parent)
    : QChartView(new QChart, parent)
    , m_chart(chart())
    , m_timeAxis(new QDateTimeAxis)
    , m_valueAxis(new QValueAxis)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->hide();
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_timeAxis->setFormat(u"HH:mm:ss"_s);
    m_timeAxis->setTickCount(5);
    m_valueAxis->setTickCount(5);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing, true);
    setMouseTracking(true);
    setTheme(Theme::builtinDark());
    setTimeRange(0, 1000);
}

TimeChart::~TimeChart() = default;

void TimeChart::setTheme(const Theme& theme)
{
    m_theme = theme;
    m_chart->setBackgroundBrush(theme.panelBackground);
    m_chart->setPlotAreaBackgroundVisible(false);
    for (QAbstractAxis* axis : { static_cast<QAbstractAxis*>(m_timeAxis), static_cast<QAbstractAxis*>(m_valueAxis) }) {
        axis->setLabelsColor(theme.mutedText);
        axis->setGridLineColor(theme.grid);
        axis->setLinePenColor(theme.panelBorder);
    }
    setBackgroundBrush(theme.panelBackground);
}

void TimeChart::setTimeRange(TimestampMs fromMs, TimestampMs toMs)
{
    m_fromMs = fromMs;
    m_toMs = std::max(toMs, fromMs + 1);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(m_fromMs), QDateTime::fromMSecsSinceEpoch(m_toMs));
    setThresholds(m_thresholds);
}

void TimeChart::setValueBounds(std::optional<double> min, std::optional<double> max)
{
    m_fixedMin = min;
    m_fixedMax = max;
    updateValueAxis();
}

QLineSeries* TimeChart::seriesAt(int index)
{
    while (m_pool.size() <= index) {
        auto* series = new QLineSeries;
        m_chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        m_pool.append(series);
    }
    return m_pool[index];
}

void TimeChart::setLines(const std::vector<ChartLine>& lines)
{
    int used = 0;
    m_hasData = false;
    for (const ChartLine& line : lines) {
        QPen pen(line.color);
        pen.setWidthF(1.5);
        for (const ChartSegment& segment : line.segments) {
            QLineSeries* series = seriesAt(used++);
            series->setPen(pen);
            series->setName(line.label);
            // A single-point segment cannot draw a line; points make it visible.
            series->setPointsVisible(segment.size() == 1);
            series->replace(QList<QPointF>(segment.begin(), segment.end()));
            series->setVisible(true);
            for (const QPointF& p : segment) {
                m_dataMin = m_hasData ? std::min(m_dataMin, p.y()) : p.y();
                m_dataMax = m_hasData ? std::max(m_dataMax, p.y()) : p.y();
                m_hasData = true;
            }
        }
    }
    for (int i = used; i < m_usedSeries; ++i) {
        m_pool[i]->clear();
        m_pool[i]->setVisible(false);
    }
    m_usedSeries = used;
    updateValueAxis();
}

void TimeChart::setThresholds(const std::vector<layout::Threshold>& thresholds)
{
    m_thresholds = thresholds;
    while (m_thresholdSeries.size() < static_cast<qsizetype>(thresholds.size())) {
        auto* series = new QLineSeries;
        m_chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        m_thresholdSeries.append(series);
    }
    for (qsizetype i = 0; i < m_thresholdSeries.size(); ++i) {
        QLineSeries* series = m_thresholdSeries[i];
        if (i >= static_cast<qsizetype>(thresholds.size())) {
            series->clear();
            series->setVisible(false);
            continue;
        }
        const layout::Threshold& threshold = thresholds[static_cast<std::size_t>(i)];
        QPen pen(QColor::fromString(threshold.color));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(2);
        series->setPen(pen);
        series->replace({ QPointF(double(m_fromMs), threshold.value), QPointF(double(m_toMs), threshold.value) });
        series->setVisible(true);
    }
    updateValueAxis();
}

void TimeChart::updateValueAxis()
{
    double lo = m_hasData ? m_dataMin : 0;
    double hi = m_hasData ? m_dataMax : 1;
    if (hi - lo < 1e-9) {
        lo -= 1;
        hi += 1;
    } else {
        const double margin = (hi - lo) * 0.05;
        lo -= margin;
        hi += margin;
    }
    if (m_fixedMin)
        lo = *m_fixedMin;
    if (m_fixedMax)
        hi = *m_fixedMax;
    if (hi <= lo)
        hi = lo + 1;
    m_valueAxis->setRange(lo, hi);
}

int TimeChart::plotWidthPx() const
{
    const int plot = static_cast<int>(m_chart->plotArea().width());
    return std::max(1, plot > 0 ? plot : width());
}

double TimeChart::timeAt(const QPointF& viewportPos) const
{
    return m_chart->mapToValue(mapToScene(viewportPos.toPoint())).x();
}

QPointF TimeChart::positionOf(double timeMs, double value) const
{
    const QPointF scene = m_chart->mapToPosition(QPointF(timeMs, value));
    return mapFromScene(scene);
}

int TimeChart::visibleSegmentCount() const
{
    return m_usedSeries;
}

void TimeChart::wheelEvent(QWheelEvent* event)
{
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0) {
        event->ignore();
        return;
    }
    Q_EMIT zoomRequested(std::pow(0.8, steps), timeAt(event->position()));
    event->accept();
}

void TimeChart::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        m_dragOrigin = event->position();
    QChartView::mousePressEvent(event);
}

void TimeChart::mouseMoveEvent(QMouseEvent* event)
{
    if (m_dragOrigin && (event->buttons() & Qt::LeftButton)) {
        const double deltaMs = timeAt(*m_dragOrigin) - timeAt(event->position());
        m_dragOrigin = event->position();
        if (deltaMs != 0)
            Q_EMIT panRequested(deltaMs);
    } else if (m_chart->plotArea().contains(mapToScene(event->position().toPoint()))) {
        Q_EMIT hovered(timeAt(event->position()), event->globalPosition().toPoint());
    }
    QChartView::mouseMoveEvent(event);
}

void TimeChart::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        m_dragOrigin.reset();
    QChartView::mouseReleaseEvent(event);
}

} // namespace pulse::ui
