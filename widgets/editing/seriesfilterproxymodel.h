#pragma once

#include "store/seriesselector.h"

#include <QSortFilterProxyModel>
#include <QString>

namespace pulse::ui {

class SeriesCatalogModel;

/**
 * Filters a SeriesCatalogModel by a series selector (`http.*{service=api,host=*}`, parsed by core's
 * SeriesSelector, so the rows shown are exactly what a panel query with that selector reads) and sorts by
 * SeriesCatalogModel::SortRole. Empty text shows every series. Text that does not parse sets errorText() and
 * keeps the last valid filter, so the table does not flicker while a selector is being typed.
 */
class SeriesFilterProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit SeriesFilterProxyModel(QObject* parent = nullptr);
    ~SeriesFilterProxyModel() override;

    /** Applies the selector; false (and errorText() set) when it does not parse. */
    bool setSelectorText(const QString& text);
    const QString& selectorText() const { return m_text; }
    /** Why the current text does not parse, e.g. "column 6: expected ',' or '}', found the end"; empty when valid. */
    const QString& errorText() const { return m_error; }
    /** 1-based column of the problem in the text; 0 when valid. */
    int errorColumn() const { return m_errorColumn; }
    bool isValid() const { return m_error.isEmpty(); }

    /** Only a SeriesCatalogModel (or nullptr) is accepted as the source. */
    void setSourceModel(QAbstractItemModel* sourceModel) override;

Q_SIGNALS:
    void errorTextChanged(const QString& errorText);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    SeriesCatalogModel* m_catalog = nullptr;
    SeriesSelector m_selector;
    QString m_text;
    QString m_error;
    int m_errorColumn = 0;
};

} // namespace pulse::ui
