#pragma once

#include "model/seriesregistry.h"
#include "store/rollingstore.h"

#include <QAbstractTableModel>
#include <QString>

#include <optional>
#include <unordered_map>
#include <vector>

namespace pulse::ui {

/** Selector text that selects this series by its exact name and tags, with glob characters escaped. */
QString exactSelectorFor(const SeriesInfo& info);

/**
 * The store's series catalog as a table: name, type, tags ("k=v,…"), last value and last update.
 * Rows keep the order in which series were first seen. The store only ever gains series, so refresh() appends
 * new rows (one beginInsertRows for the batch) and emits dataChanged for the value cells of series that received
 * data since the previous refresh; only setStore() and clear() reset the model. GUI thread; the store's catalog
 * reads are lock-free.
 */
class SeriesCatalogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Tags, LastValue, LastUpdate };
    static constexpr int kColumnCount = 5;
    enum Role {
        SeriesIdRole = Qt::UserRole + 1, ///< the SeriesId (qulonglong)
        SelectorRole, ///< exactSelectorFor() the row's series
        SortRole, ///< a value that sorts the column naturally (numbers as numbers, missing first)
    };

    explicit SeriesCatalogModel(QObject* parent = nullptr);
    ~SeriesCatalogModel() override;

    /** Shows another store's catalog (nullptr: none): resets, then reads it. The store must outlive the model. */
    void setStore(const RollingStore* store);
    const RollingStore* store() const { return m_store; }
    /** Catches up with the store given to setStore(); nothing without one. */
    void refresh();
    /** Catches up with `store`; a store other than the current one is taken as setStore(&store). */
    void refresh(const RollingStore& store);
    /** Forgets every row and the store (a reset). */
    void clear();

    /** The series of a row; nullptr for an invalid row. */
    const SeriesInfo* seriesAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row {
        SeriesInfoPtr info;
        QString name;
        QString tags;
        std::optional<TimestampMs> lastUpdateMs;
        std::optional<double> lastValue;
    };
    Row makeRow(const RollingStore& store, const CatalogEntry& entry) const;

    const RollingStore* m_store = nullptr;
    std::vector<Row> m_rows;
    std::unordered_map<SeriesId, int> m_rowOf;
};

} // namespace pulse::ui
