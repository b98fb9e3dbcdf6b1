#include "charts/timechart.h"

#include <QCategoryAxis>
#include <QMouseEvent>
#include <QPainter>
#include <QTime>
#include <QWheelEvent>

#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

// Qt Charts would shorten a label to "..." once it is taller (vertical axis) or wider (horizontal axis) than its
// share of the axis; truncation is off, and the tick count keeps labels a gap apart so none overlaps another
// (Qt Charts hides overlapping labels rather than drawing them on top of each other).
constexpr double kLabelGapPx = 6;
constexpr int kMaxValueTicks = 6;
constexpr int kMaxTimeTicks = 7;

/** Value ticks whose labels (of `extent` pixels) fit a vertical axis of `length`: the spacing is length/(n-1). */
int valueTicksThatFit(double length, double extent)
{
    return std::clamp(static_cast<int>(std::floor(length / (extent + kLabelGapPx))) + 1, 0, kMaxValueTicks);
}

/** Time ticks whose labels (of `extent` pixels) fit a horizontal axis of `length`: the spacing is at least length/n. */
int timeTicksThatFit(double length, double extent)
{
    return std::clamp(static_cast<int>(std::floor(length / (extent + kLabelGapPx))), 0, kMaxTimeTicks);
}

/** Replaces an axis' categories when the ticks changed (every replacement relayouts the chart). */
void applyTicks(QCategoryAxis* axis, std::vector<AxisTick>& current, std::vector<AxisTick> ticks, double min,
    double max, bool isLabelled)
{
    axis->setLabelsVisible(isLabelled);
    axis->setRange(min, max);
    if (ticks == current)
        return;
    for (const QString& label : axis->categoriesLabels())
        axis->remove(label);
    axis->setStartValue(min);
    for (const AxisTick& tick : ticks)
        axis->append(tick.label, std::clamp(tick.value, min, max));
    current = std::move(ticks);
}

} // namespace

// The chart is handed to the base constructor: setChart() would release (and so leak) a default chart.
TimeChart::TimeChart(QWidget* parent)
    : QChartView(new QChart, parent)
    , m_chart(chart())
    , m_timeAxis(new QCategoryAxis)
    , m_valueAxis(new QCategoryAxis)
    , m_overlay(new ThresholdOverlay(m_mapping, m_chart))
    , m_lineLayer(new LineLayer(m_mapping, m_chart))
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->hide();
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    for (QCategoryAxis* axis : { m_timeAxis, m_valueAxis }) {
        axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        axis->setTruncateLabels(false);
    }
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing, true);
    setMouseTracking(true);
    // A scene nobody listens to paints the whole window synchronously each time it has processed changed items
    // (QGraphicsScene sends the window's pending UpdateRequest), so a tick that redrew 16 charts painted and
    // flushed the window 16 times. With a listener and a scene-wide update() queued ahead of the item changes
    // (scheduleRepaint), the views update asynchronously and the window paints once for all charts. Besides the
    // setters, the chart's own relayouts move items: they are caught as they start (eventFilter, resizeEvent).
    connect(scene(), &QGraphicsScene::changed, this, [] {});
    m_chart->installEventFilter(this);
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        scheduleRepaint(); // a relayout (first show, resize, wider labels) moves every item
        updateTimeAxis();
        updateValueAxis();
        mappingChanged();
    });
    setTheme(Theme::builtinDark());
    setTimeRange(0, 1000);
}

TimeChart::~TimeChart() = default;

void TimeChart::setHatchColor(const QColor& color)
{
    m_lineLayer->setHatchColor(color);
}

void TimeChart::setTheme(const Theme& theme)
{
    scheduleRepaint();
    m_theme = theme;
    m_chart->setBackgroundBrush(theme.panelBackground);
    m_chart->setPlotAreaBackgroundVisible(false);
    for (QCategoryAxis* axis : { m_timeAxis, m_valueAxis }) {
        axis->setLabelsColor(theme.mutedText);
        axis->setGridLineColor(theme.grid);
        axis->setLinePenColor(theme.panelBorder);
    }
    setBackgroundBrush(theme.panelBackground);
}

void TimeChart::setTimeRange(TimestampMs fromMs, TimestampMs toMs)
{
    scheduleRepaint();
    m_fromMs = fromMs;
    m_toMs = std::max(toMs, fromMs + 1);
    updateTimeAxis();
}

void TimeChart::setValueBounds(std::optional<double> min, std::optional<double> max)
{
    scheduleRepaint();
    m_fixedMin = min;
    m_fixedMax = max;
    updateValueAxis();
}

void TimeChart::setValueUnit(const layout::Unit& unit, bool isAutoScaled)
{
    scheduleRepaint();
    m_unit = unit;
    m_isAutoScaled = isAutoScaled;
    updateValueAxis();
}

void TimeChart::setLines(std::vector<ChartLine> lines)
{
    m_hasData = false;
    for (const ChartLine& line : lines) {
        for (const ChartSegment& segment : line.segments) {
            for (const QPointF& p : segment) {
                m_dataMin = m_hasData ? std::min(m_dataMin, p.y()) : p.y();
                m_dataMax = m_hasData ? std::max(m_dataMax, p.y()) : p.y();
                m_hasData = true;
            }
        }
    }
    ++m_lineUpdates;
    scheduleRepaint();
    m_lineLayer->setLines(std::move(lines));
    updateValueAxis();
}

void TimeChart::setThresholds(std::vector<ThresholdLevel> levels)
{
    scheduleRepaint();
    m_overlay->setLevels(std::move(levels));
}

QSizeF TimeChart::plotSize() const
{
    const QRectF plot = m_chart->plotArea();
    if (plot.width() > 1 && plot.height() > 1)
        return plot.size();
    // Not laid out yet: the view less the margins, a row of time labels and a column of value labels.
    const QFontMetricsF metrics(m_valueAxis->labelsFont());
    return { std::max(0.0, width() - 8 - metrics.horizontalAdvance(u"000.0 MiB"_s) - 2 * kLabelGapPx),
        std::max(0.0, height() - 8 - metrics.height() - 2 * kLabelGapPx) };
}

void TimeChart::updateValueAxis()
{
    const double lo = m_fixedMin ? *m_fixedMin : (m_hasData ? m_dataMin : 0);
    double hi = m_fixedMax ? *m_fixedMax : (m_hasData ? m_dataMax : 1);
    if (m_fixedMin && !m_fixedMax && hi < lo)
        hi = lo; // data entirely below a fixed minimum: show the minimum
    const double labelHeight = QFontMetricsF(m_valueAxis->labelsFont()).height() + 1;
    const int fit = valueTicksThatFit(plotSize().height(), labelHeight);
    ValueAxisTicks ticks = valueAxisTicks(lo, hi, std::max(2, fit), m_unit, m_isAutoScaled, !m_fixedMin, !m_fixedMax);
    applyTicks(m_valueAxis, m_valueTicks, std::move(ticks.ticks), ticks.min, ticks.max, fit >= 2);
    if (m_mapping.minValue != ticks.min || m_mapping.maxValue != ticks.max) {
        m_mapping.minValue = ticks.min;
        m_mapping.maxValue = ticks.max;
        mappingChanged();
    }
}

void TimeChart::updateTimeAxis()
{
    const QFontMetricsF metrics(m_timeAxis->labelsFont());
    const double labelWidth = std::max(metrics.horizontalAdvance(u"88:88:88"_s),
        metrics.horizontalAdvance(QLocale().toString(QTime(8, 8), u"ddd HH:mm"_s)));
    const int fit = timeTicksThatFit(plotSize().width(), labelWidth + 1);
    applyTicks(m_timeAxis, m_timeTicks, timeAxisTicks(m_fromMs, m_toMs, std::max(1, fit)), double(m_fromMs),
        double(m_toMs), fit >= 1);
    if (m_mapping.fromMs != double(m_fromMs) || m_mapping.toMs != double(m_toMs)) {
        m_mapping.fromMs = double(m_fromMs);
        m_mapping.toMs = double(m_toMs);
        mappingChanged();
    }
}

void TimeChart::scheduleRepaint()
{
    scene()->update();
}

void TimeChart::mappingChanged()
{
    m_mapping.plot = m_chart->plotArea();
    m_overlay->plotChanged();
    m_lineLayer->plotChanged();
}

int TimeChart::plotWidthPx() const
{
    const int plot = static_cast<int>(m_chart->plotArea().width());
    return std::max(1, plot > 0 ? plot : width());
}

double TimeChart::timeAt(const QPointF& viewportPos) const
{
    return m_mapping.timeAt(m_chart->mapFromScene(mapToScene(viewportPos.toPoint())).x());
}

QPointF TimeChart::positionOf(double timeMs, double value) const
{
    return mapFromScene(m_chart->mapToScene(m_mapping.toScene(timeMs, value)));
}

int TimeChart::visibleSegmentCount() const
{
    int count = 0;
    for (const ChartLine& line : m_lineLayer->lines())
        count += static_cast<int>(line.segments.size());
    return count;
}

int TimeChart::pointCount() const
{
    int count = 0;
    for (const ChartLine& line : m_lineLayer->lines())
        for (const ChartSegment& segment : line.segments)
            count += static_cast<int>(segment.size());
    return count;
}

QStringList TimeChart::valueAxisLabels() const
{
    return m_valueAxis->categoriesLabels();
}

QStringList TimeChart::timeAxisLabels() const
{
    return m_timeAxis->categoriesLabels();
}

std::pair<double, double> TimeChart::valueRange() const
{
    return { m_valueAxis->min(), m_valueAxis->max() };
}

bool TimeChart::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_chart && event->type() == QEvent::LayoutRequest)
        scheduleRepaint();
    return QChartView::eventFilter(watched, event);
}

void TimeChart::resizeEvent(QResizeEvent* event)
{
    scheduleRepaint();
    QChartView::resizeEvent(event);
    updateTimeAxis();
    updateValueAxis();
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
