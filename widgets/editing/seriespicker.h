#pragma once

#include <QDialog>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace pulse {
class RollingStore;
}

namespace pulse::ui {

class SeriesCatalogModel;
class SeriesFilterProxyModel;

/**
 * Finds series in the store's catalog with a selector (`http.*{service=api,host=*}`): the search line filters
 * the table as it is typed, the count of matches is shown, and a parse error replaces the count and disables OK.
 * Activating a row (double click, Enter) puts that series' exact selector in the line. selectorText() is the
 * selector to use. The catalog refreshes once a second while the picker is shown.
 */
class SeriesPicker : public QDialog {
    Q_OBJECT
public:
    /** `store` may be nullptr (an empty catalog); it must outlive the picker. */
    explicit SeriesPicker(const RollingStore* store, QWidget* parent = nullptr);
    ~SeriesPicker() override;

    void setSelectorText(const QString& text);
    /** The selector as typed without surrounding spaces; "*" when the line is empty. */
    QString selectorText() const;
    /** Whether the text parses (OK is enabled). */
    bool isSelectorValid() const;
    /** Series the selector matches right now. */
    int matchCount() const;

    SeriesCatalogModel* catalogModel() const { return m_catalog; }
    SeriesFilterProxyModel* filterModel() const { return m_filter; }

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void applyText(const QString& text);
    void updateStatus();

    SeriesCatalogModel* m_catalog;
    SeriesFilterProxyModel* m_filter;
    QLineEdit* m_search;
    QLabel* m_status;
    QTableView* m_table;
    QDialogButtonBox* m_buttons;
    QTimer* m_refreshTimer;
};

} // namespace pulse::ui
