#pragma once

#include "layout/dashboard.h"
#include "query/paneldata.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace pulse::ui {

/** One table row: a series (or group-by value) and the newest value of each chosen field. */
struct TableRow {
    QString key; ///< stable identity across updates
    QString label; ///< plain text
    MetricType type = MetricType::Gauge;
    std::vector<std::optional<double>> values; ///< one per field column
    friend bool operator==(const TableRow&, const TableRow&) = default;
};

/** Rows for a table panel from its data: one per series group, values = each field line's last value. */
std::vector<TableRow> buildTableRows(const layout::Panel& panel, const PanelData& data);

/**
 * Rows = series, columns = Series, Type, then the panel's fields. Updates are precise: rows that vanished are
 * removed, new rows appended, and only changed cells get dataChanged (never a reset, except for new columns).
 */
class TableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        Value = Qt::UserRole + 1, ///< the raw double (numeric sort); the label or type name in the first columns
        ThresholdIndex, ///< index into the panel's thresholds, -1 below them, invalid without a value
    };
    static constexpr int kFixedColumns = 2; ///< Series, Type

    explicit TableModel(QObject* parent = nullptr);

    /** The panel gives the columns, thresholds, unit and mappings; a new column set resets the model. */
    void setPanel(const layout::Panel& panel);
    /** Applies new rows by key with precise change signals. */
    void setRows(std::vector<TableRow> rows);
    const std::vector<TableRow>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    layout::Panel m_panel;
    std::vector<TableRow> m_rows;
};

} // namespace pulse::ui
