#include "charts/chartlegend.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

constexpr double kSwatchPx = 12;
constexpr double kGapPx = 6;
constexpr double kCellGapPx = 14;
constexpr int kStatColumns = 4;
/** The table needs room for whole names, up to this many average characters; else a lighter mode is used. */
constexpr double kMinNameChars = 20;
/** Packed modes cap a name at this many average characters so more entries share a row. */
constexpr double kPackedNameChars = 14;

int rowHeight(const QFontMetricsF& metrics)
{
    return static_cast<int>(std::ceil(metrics.height())) + 2;
}

double widestName(const std::vector<LegendEntry>& entries, const QFontMetricsF& metrics)
{
    double widest = 0;
    for (const LegendEntry& entry : entries)
        widest = std::max(widest, metrics.horizontalAdvance(entry.name));
    return widest;
}

/** Width of a packed cell: swatch, name (capped) and, in Compact, the last value. */
double packedCellWidth(const std::vector<LegendEntry>& entries, const QFontMetricsF& metrics, bool withValue)
{
    double value = 0;
    if (withValue) {
        for (const LegendEntry& entry : entries)
            value = std::max(value, metrics.horizontalAdvance(entry.last));
    }
    const double name = std::min(widestName(entries, metrics), metrics.averageCharWidth() * kPackedNameChars);
    return kSwatchPx + kGapPx + name + (withValue ? kGapPx + value : 0);
}

QString escapedTooltip(const QString& plain)
{
    // Names come from files and the network: escape them so a tooltip never renders markup.
    return u"<p style='white-space:pre'>"_s + plain.toHtmlEscaped() + u"</p>"_s;
}

} // namespace

ChartLegend::ChartLegend(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"chartLegend"_s);
    m_theme = Theme::builtinDark();
}

QString ChartLegend::statText(int column, const LegendEntry& entry)
{
    switch (column) {
    case 0:
        return tr("last %1").arg(entry.last);
    case 1:
        return tr("min %1").arg(entry.min);
    case 2:
        return tr("max %1").arg(entry.max);
    default:
        return tr("mean %1").arg(entry.mean);
    }
}

LegendPlan ChartLegend::plan(
    const std::vector<LegendEntry>& entries, const QFontMetricsF& metrics, int widthPx, int maxHeightPx)
{
    LegendPlan plan;
    const int count = static_cast<int>(entries.size());
    if (count == 0)
        return plan;
    const int row = rowHeight(metrics);
    const double width = widthPx;

    // Full: a table, one row per line.
    double statsWidth = 0;
    for (int column = 0; column < kStatColumns; ++column) {
        double widest = 0;
        for (const LegendEntry& entry : entries)
            widest = std::max(widest, metrics.horizontalAdvance(statText(column, entry)));
        statsWidth += widest + 2 * kGapPx;
    }
    const double nameNeeded = std::min(widestName(entries, metrics), metrics.averageCharWidth() * kMinNameChars);
    if (count * row <= maxHeightPx && kSwatchPx + kGapPx + nameNeeded + statsWidth <= width)
        return { LegendMode::Full, 1, count, count * row };

    // Compact, then names only: entries packed side by side.
    for (const LegendMode mode : { LegendMode::Compact, LegendMode::Names }) {
        const double cell = packedCellWidth(entries, metrics, mode == LegendMode::Compact);
        const int columns = std::clamp(static_cast<int>((width + kCellGapPx) / (cell + kCellGapPx)), 1, count);
        const int rows = (count + columns - 1) / columns;
        // One column narrower than the cell still works while a short name and the value fit.
        const double least = mode == LegendMode::Compact
            ? kSwatchPx + 2 * kGapPx + metrics.averageCharWidth() * 4 + metrics.horizontalAdvance(entries.front().last)
            : kSwatchPx + kGapPx + metrics.averageCharWidth() * 4;
        if (rows * row <= maxHeightPx && (columns > 1 || least <= width))
            return { mode, columns, rows, rows * row };
    }

    if (row <= maxHeightPx)
        return { LegendMode::Hidden, 1, 1, row };
    return { LegendMode::Hidden, 1, 0, 0 };
}

void ChartLegend::setEntries(std::vector<LegendEntry> entries)
{
    m_entries = std::move(entries);
    QStringList rows = rowTexts();
    if (rows.isEmpty() && !hintText().isEmpty())
        rows.append(hintText());
    setAccessibleDescription(rows.join(u'\n'));
    update();
}

void ChartLegend::setTheme(const Theme& theme)
{
    m_theme = theme;
    update();
}

int ChartLegend::fitTo(int widthPx, int maxHeightPx)
{
    m_plan = plan(m_entries, QFontMetricsF(font()), widthPx, maxHeightPx);
    update();
    return m_plan.heightPx;
}

QStringList ChartLegend::rowTexts() const
{
    QStringList rows;
    for (const LegendEntry& entry : m_entries) {
        switch (m_plan.mode) {
        case LegendMode::Full: {
            QStringList cells { entry.name };
            for (int column = 0; column < kStatColumns; ++column)
                cells.append(statText(column, entry));
            rows.append(cells.join(u"  "_s));
            break;
        }
        case LegendMode::Compact:
            rows.append(entry.name + u"  "_s + entry.last);
            break;
        case LegendMode::Names:
            rows.append(entry.name);
            break;
        case LegendMode::Hidden:
            break;
        }
    }
    return rows;
}

QString ChartLegend::hintText() const
{
    if (m_plan.mode != LegendMode::Hidden || m_entries.empty())
        return {};
    return tr("%n series", nullptr, static_cast<int>(m_entries.size()));
}

QRect ChartLegend::cellRect(int index) const
{
    const int row = rowHeight(QFontMetricsF(font()));
    if (m_plan.mode == LegendMode::Full)
        return { 0, index * row, width(), row };
    const int columns = std::max(1, m_plan.columns);
    const double cellWidth = (width() + kCellGapPx) / columns - kCellGapPx;
    const int column = index % columns;
    const int x = static_cast<int>(std::lround(column * (cellWidth + kCellGapPx)));
    return { x, (index / columns) * row, static_cast<int>(cellWidth), row };
}

int ChartLegend::entryAt(const QPoint& pos) const
{
    if (m_plan.mode == LegendMode::Hidden)
        return -1;
    for (int i = 0; i < static_cast<int>(m_entries.size()); ++i) {
        if (cellRect(i).contains(pos))
            return i;
    }
    return -1;
}

QString ChartLegend::tooltipFor(int index) const
{
    const auto line = [](const LegendEntry& entry) {
        QStringList cells { entry.name };
        for (int column = 0; column < kStatColumns; ++column)
            cells.append(statText(column, entry));
        return cells.join(u"  "_s);
    };
    if (index >= 0)
        return line(m_entries[static_cast<std::size_t>(index)]);
    QStringList rows;
    for (const LegendEntry& entry : m_entries)
        rows.append(line(entry));
    return rows.join(u'\n');
}

void ChartLegend::paintEvent(QPaintEvent*)
{
    if (m_plan.heightPx <= 0)
        return;
    QPainter painter(this);
    const QFontMetricsF metrics(font());
    const double baselineOffset = (rowHeight(metrics) + metrics.ascent() - metrics.descent()) / 2;
    if (m_plan.mode == LegendMode::Hidden) {
        painter.setPen(m_theme.mutedText);
        painter.drawText(QPointF(0, baselineOffset), metrics.elidedText(hintText(), Qt::ElideRight, width()));
        return;
    }

    std::array<double, kStatColumns> statWidths {};
    if (m_plan.mode == LegendMode::Full) {
        for (int column = 0; column < kStatColumns; ++column) {
            for (const LegendEntry& entry : m_entries)
                statWidths[static_cast<std::size_t>(column)] = std::max(
                    statWidths[static_cast<std::size_t>(column)], metrics.horizontalAdvance(statText(column, entry)));
        }
    }
    double lastWidth = 0;
    for (const LegendEntry& entry : m_entries)
        lastWidth = std::max(lastWidth, metrics.horizontalAdvance(entry.last));

    for (int i = 0; i < static_cast<int>(m_entries.size()); ++i) {
        const LegendEntry& entry = m_entries[static_cast<std::size_t>(i)];
        const QRectF cell = cellRect(i);
        const double baseline = cell.top() + baselineOffset;
        painter.fillRect(QRectF(cell.left(), cell.center().y() - 1.5, kSwatchPx, 3), entry.color);
        const double nameLeft = cell.left() + kSwatchPx + kGapPx;
        double nameRight = cell.right();
        painter.setPen(m_theme.text);
        if (m_plan.mode == LegendMode::Full) {
            double right = cell.right();
            for (int column = kStatColumns - 1; column >= 0; --column) {
                const QString text = statText(column, entry);
                painter.drawText(QPointF(right - metrics.horizontalAdvance(text), baseline), text);
                right -= statWidths[static_cast<std::size_t>(column)] + 2 * kGapPx;
            }
            nameRight = right + kGapPx;
        } else if (m_plan.mode == LegendMode::Compact) {
            painter.drawText(QPointF(cell.right() - metrics.horizontalAdvance(entry.last), baseline), entry.last);
            nameRight = cell.right() - lastWidth - kGapPx;
        }
        painter.drawText(QPointF(nameLeft, baseline),
            metrics.elidedText(entry.name, Qt::ElideRight, std::max(0.0, nameRight - nameLeft)));
    }
}

bool ChartLegend::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const int index = entryAt(help->pos());
        if (m_entries.empty() || (index < 0 && m_plan.mode != LegendMode::Hidden)) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), escapedTooltip(tooltipFor(index)), this);
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace pulse::ui
