#include "charts/timechart.h"

#include <QCategoryAxis>
#include <QGraphicsItem>
#include <QLineSeries>
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

/** Threshold lines and bands, drawn above the grid and below the series. */
class ThresholdOverlay final : public QGraphicsItem {
public:
    explicit ThresholdOverlay(QChart* chart)
        : QGraphicsItem(chart)
        , m_chart(chart)
    {
        // Qt Charts stacks its items by z: grid 2, axes 3, series 4.
        setZValue(2.5);
    }

    void setLevels(std::vector<ThresholdLevel> levels)
    {
        m_levels = std::move(levels);
        update();
    }
    void plotAreaChanged()
    {
        prepareGeometryChange();
        update();
    }
    QRectF boundingRect() const override { return m_chart->plotArea(); }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override
    {
        const QRectF plot = m_chart->plotArea();
        if (m_levels.empty() || plot.isEmpty())
            return;
        const auto yOf = [&](double value) { return m_chart->mapToPosition(QPointF(0, value)).y(); };
        painter->save();
        painter->setClipRect(plot);
        painter->setRenderHint(QPainter::Antialiasing, false);
        for (std::size_t i = 0; i < m_levels.size(); ++i) {
            const ThresholdLevel& level = m_levels[i];
            const double y = yOf(level.value);
            // The first level is the base state: what "normal" looks like needs no tint.
            if (i > 0) {
                const double top = i + 1 < m_levels.size() ? yOf(m_levels[i + 1].value) : plot.top();
                QColor band = level.color;
                band.setAlphaF(0.12f);
                painter->fillRect(QRectF(QPointF(plot.left(), std::max(top, plot.top())),
                                      QPointF(plot.right(), std::min(y, plot.bottom())))
                                      .normalized(),
                    band);
            }
            if (y > plot.top() + 0.5 && y < plot.bottom() - 0.5) {
                QPen pen(level.color);
                pen.setStyle(Qt::DashLine);
                pen.setWidthF(1.5);
                painter->setPen(pen);
                painter->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
            }
        }
        painter->restore();
    }

private:
    QChart* m_chart;
    std::vector<ThresholdLevel> m_levels;
};

// The chart is handed to the base constructor: setChart() would release (and so leak) a default chart.
TimeChart::TimeChart(QWidget* parent)
    : QChartView(new QChart, parent)
    , m_chart(chart())
    , m_timeAxis(new QCategoryAxis)
    , m_valueAxis(new QCategoryAxis)
    , m_overlay(new ThresholdOverlay(m_chart))
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
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        m_overlay->plotAreaChanged();
        updateTimeAxis();
        updateValueAxis();
    });
    setTheme(Theme::builtinDark());
    setTimeRange(0, 1000);
}

TimeChart::~TimeChart() = default;

void TimeChart::setTheme(const Theme& theme)
{
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
    m_fromMs = fromMs;
    m_toMs = std::max(toMs, fromMs + 1);
    updateTimeAxis();
}

void TimeChart::setValueBounds(std::optional<double> min, std::optional<double> max)
{
    m_fixedMin = min;
    m_fixedMax = max;
    updateValueAxis();
}

void TimeChart::setValueUnit(const layout::Unit& unit, bool isAutoScaled)
{
    m_unit = unit;
    m_isAutoScaled = isAutoScaled;
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

void TimeChart::setThresholds(std::vector<ThresholdLevel> levels)
{
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
    m_overlay->update();
}

void TimeChart::updateTimeAxis()
{
    const QFontMetricsF metrics(m_timeAxis->labelsFont());
    const double labelWidth = std::max(metrics.horizontalAdvance(u"88:88:88"_s),
        metrics.horizontalAdvance(QLocale().toString(QTime(8, 8), u"ddd HH:mm"_s)));
    const int fit = timeTicksThatFit(plotSize().width(), labelWidth + 1);
    applyTicks(m_timeAxis, m_timeTicks, timeAxisTicks(m_fromMs, m_toMs, std::max(1, fit)), double(m_fromMs),
        double(m_toMs), fit >= 1);
    m_overlay->update();
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

void TimeChart::resizeEvent(QResizeEvent* event)
{
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
