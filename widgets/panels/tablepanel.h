#pragma once

#include "panels/panelwidget.h"

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace pulse::ui {

class TableModel;

/**
 * Rows = series, columns = the panel's chosen fields (plus series name and type); sortable by clicking a header
 * (numeric for values), filterable by series name, cells coloured by the threshold their value reaches.
 * Its data comes from queriesToEvaluate(panel), which asks for every column's field.
 */
class TablePanel : public PanelWidget {
    Q_OBJECT
public:
    explicit TablePanel(QWidget* parent = nullptr);
    ~TablePanel() override;

    TableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxyModel() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }

protected:
    void panelChanged() override;
    void dataChanged() override;
    void themeChanged() override;

private:
    TableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTableView* m_view;
};

} // namespace pulse::ui
