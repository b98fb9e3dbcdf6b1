#include "panels/tablemodel.h"

#include "format/valueformat.h"
#include "panels/panelfields.h"

#include <QHash>

#include <algorithm>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {
QString latin1(std::string_view text)
{
    return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
}
} // namespace

std::vector<TableRow> buildTableRows(const layout::Panel& panel, const PanelData& data)
{
    std::vector<TableRow> rows;
    const auto groups = groupLinesBySeries(panel, data);
    rows.reserve(groups.size());
    for (const SeriesLines& group : groups) {
        TableRow row;
        row.key = group.groupValue.isEmpty() ? group.label : group.groupValue + u'\x1f' + group.label;
        row.label = group.label;
        row.type = group.type;
        row.values.reserve(panel.options.columns.size());
        for (const Field field : panel.options.columns) {
            const PanelLine* line = group.line(field);
            row.values.push_back(line ? line->lastValue : std::nullopt);
        }
        // Same label twice (two queries, same legend): keep keys unique so updates stay precise.
        int duplicate = 1;
        const QString base = row.key;
        while (std::any_of(rows.begin(), rows.end(), [&](const TableRow& r) { return r.key == row.key; }))
            row.key = base + u'#' + QString::number(++duplicate);
        rows.push_back(std::move(row));
    }
    return rows;
}

TableModel::TableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void TableModel::setPanel(const layout::Panel& panel)
{
    const bool isNewShape = panel.options.columns != m_panel.options.columns;
    if (isNewShape) {
        beginResetModel();
        m_panel = panel;
        m_rows.clear();
        endResetModel();
        return;
    }
    m_panel = panel;
    if (!m_rows.empty()) // thresholds, unit or mappings may have changed: every value cell reads differently
        Q_EMIT dataChanged(index(0, kFixedColumns), index(rowCount() - 1, columnCount() - 1));
}

void TableModel::setRows(std::vector<TableRow> rows)
{
    const std::size_t columns = m_panel.options.columns.size();
    for (TableRow& row : rows)
        row.values.resize(columns);

    std::unordered_map<QString, std::size_t> incoming;
    for (std::size_t i = 0; i < rows.size(); ++i)
        incoming.emplace(rows[i].key, i);

    // Remove vanished rows, from the bottom, one contiguous run at a time.
    for (int r = rowCount() - 1; r >= 0;) {
        if (incoming.contains(m_rows[static_cast<std::size_t>(r)].key)) {
            --r;
            continue;
        }
        int first = r;
        while (first > 0 && !incoming.contains(m_rows[static_cast<std::size_t>(first - 1)].key))
            --first;
        beginRemoveRows({}, first, r);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + r + 1);
        endRemoveRows();
        r = first - 1;
    }

    // Update the rows that stay, cell by cell.
    std::unordered_map<QString, std::size_t> existing;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        TableRow& current = m_rows[i];
        existing.emplace(current.key, i);
        TableRow& next = rows[incoming.at(current.key)];
        const int row = static_cast<int>(i);
        if (current.label != next.label || current.type != next.type) {
            current.label = next.label;
            current.type = next.type;
            Q_EMIT dataChanged(index(row, 0), index(row, kFixedColumns - 1));
        }
        int firstChanged = -1;
        int lastChanged = -1;
        for (std::size_t c = 0; c < columns; ++c) {
            if (current.values[c] != next.values[c]) {
                current.values[c] = next.values[c];
                const int column = kFixedColumns + static_cast<int>(c);
                firstChanged = firstChanged < 0 ? column : firstChanged;
                lastChanged = column;
            }
        }
        if (firstChanged >= 0)
            Q_EMIT dataChanged(index(row, firstChanged), index(row, lastChanged),
                { Qt::DisplayRole, Role::Value, Role::ThresholdIndex });
    }

    // Append the new ones, in their incoming order.
    std::vector<TableRow> added;
    for (TableRow& row : rows)
        if (!existing.contains(row.key))
            added.push_back(std::move(row));
    if (!added.empty()) {
        const int first = rowCount();
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        std::move(added.begin(), added.end(), std::back_inserter(m_rows));
        endInsertRows();
    }
}

int TableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kFixedColumns + static_cast<int>(m_panel.options.columns.size());
}

QVariant TableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TableRow& row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    if (column == 0)
        return role == Qt::DisplayRole || role == Role::Value || role == Qt::ToolTipRole ? QVariant(row.label)
                                                                                         : QVariant();
    if (column == 1)
        return role == Qt::DisplayRole || role == Role::Value ? QVariant(latin1(metricTypeName(row.type))) : QVariant();
    const auto& value = row.values[static_cast<std::size_t>(column - kFixedColumns)];
    switch (role) {
    case Qt::DisplayRole:
        return value ? displayValue(m_panel, *value).value.text() : QString();
    case Role::Value:
        return value ? QVariant(*value) : QVariant();
    case Role::ThresholdIndex: {
        if (!value)
            return {};
        const layout::Threshold* reached = thresholdFor(m_panel.thresholds, *value);
        return reached ? static_cast<int>(reached - m_panel.thresholds.data()) : -1;
    }
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    default:
        return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= columnCount())
        return {};
    if (section == 0)
        return tr("Series");
    if (section == 1)
        return tr("Type");
    const Field field = m_panel.options.columns[static_cast<std::size_t>(section - kFixedColumns)];
    return latin1(fieldName(field));
}

QHash<int, QByteArray> TableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(Role::Value, "value");
    names.insert(Role::ThresholdIndex, "thresholdIndex");
    return names;
}

} // namespace pulse::ui
