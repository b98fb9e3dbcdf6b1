#pragma once

#include "layout/dashboard.h"
#include "layout/layoutreader.h"
#include "model/clock.h"
#include "query/paneldata.h"
#include "theme/theme.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;
class QVBoxLayout;

namespace pulse {
class RollingStore;
}

namespace pulse::ui {

class PanelWidget;
class QueryEditor;
class ThresholdListEditor;
class ValueMappingListEditor;

/**
 * Edits one panel definition: type, title, description, queries, unit and scaling, thresholds, value mappings,
 * staleness and the type's own options, next to a live preview (the real panel widget for the type, given the
 * edited panel on every change and data from the caller's provider on every change and twice a second).
 *
 * Every edit is validated by core's layout validator (the panel is written as a one-panel dashboard and read
 * back), plus the editor's own checks for text that cannot be represented (a selector or number that does not
 * parse). Problems are listed in the dialog with their paths (`queries[0].window.slide: …`); OK is disabled
 * while any of them is an error. panel() is the edited definition (grid position unchanged).
 */
class PanelEditor : public QDialog {
    Q_OBJECT
public:
    /** The data the preview shows for a panel definition (typically PanelQuery over the live store). */
    using DataProvider = std::function<std::shared_ptr<const PanelData>(const layout::Panel&)>;
    static constexpr int kPreviewIntervalMs = 500;

    explicit PanelEditor(const layout::Panel& panel, QWidget* parent = nullptr);
    ~PanelEditor() override;

    void setDataProvider(DataProvider provider);
    /** The store the series picker searches; nullptr leaves its catalog empty. Must outlive the editor. */
    void setStore(const RollingStore* store);
    void setTheme(const Theme& theme);

    /** The edited panel. Text/clock panels carry no queries. */
    const layout::Panel& panel() const { return m_panel; }
    /** Every current problem, the editor's own first, then core's; paths relative to the panel. */
    const std::vector<layout::LayoutProblem>& problems() const { return m_problems; }
    bool hasErrors() const;

    PanelWidget* previewWidget() const { return m_preview; }
    int queryCount() const { return static_cast<int>(m_queries.size()); }
    QueryEditor* queryEditor(int index) const;
    /** Appends a query (as the Add Query button does) and returns its editor. */
    QueryEditor* addQuery(const layout::Query& query);
    void removeQuery(int index);

public Q_SLOTS:
    void accept() override;

Q_SIGNALS:
    /** panel() and problems() changed after an edit. */
    void panelEdited();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* buildGeneralTab();
    QWidget* buildValuesTab();
    QWidget* buildQueriesTab();
    QWidget* buildOptionsTab();
    void load(const layout::Panel& panel);
    void loadColumns(const std::vector<Field>& columns);
    void moveColumn(int delta);
    void onEdited();
    void collect();
    void validate();
    void showProblems();
    void rebuildPreviewIfNeeded();
    void feedPreview();
    void updateTypeControls();
    void renumberQueries();
    void pickSelector(QueryEditor* editor);

    layout::Panel m_original;
    layout::Panel m_panel;
    std::vector<layout::LayoutProblem> m_problems;
    DataProvider m_provider;
    const RollingStore* m_store = nullptr;
    Theme m_theme;
    bool m_isLoading = false;

    QTabWidget* m_tabs = nullptr;
    // General
    QComboBox* m_type = nullptr;
    QLineEdit* m_title = nullptr;
    QPlainTextEdit* m_description = nullptr;
    // Values
    QComboBox* m_unit = nullptr;
    QLineEdit* m_unitSuffix = nullptr;
    QCheckBox* m_autoScale = nullptr;
    QSpinBox* m_decimals = nullptr;
    QLineEdit* m_min = nullptr;
    QLineEdit* m_max = nullptr;
    QLineEdit* m_staleAfter = nullptr;
    // Queries
    QWidget* m_queriesTab = nullptr;
    QVBoxLayout* m_queryLayout = nullptr;
    QPushButton* m_addQuery = nullptr;
    std::vector<QueryEditor*> m_queries;
    // Thresholds and mappings
    ThresholdListEditor* m_thresholds = nullptr;
    ValueMappingListEditor* m_mappings = nullptr;
    // Options
    QWidget* m_optionsTab = nullptr;
    QGroupBox* m_orientationGroup = nullptr;
    QComboBox* m_orientation = nullptr;
    QGroupBox* m_columnsGroup = nullptr;
    QListWidget* m_columns = nullptr;
    QGroupBox* m_contentGroup = nullptr;
    QPlainTextEdit* m_content = nullptr;
    QLabel* m_noOptions = nullptr;
    // Preview and problems
    QGroupBox* m_previewGroup = nullptr;
    PanelWidget* m_preview = nullptr;
    QLabel* m_problemLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QTimer* m_previewTimer = nullptr;
};

/**
 * A DataProvider over the live store: each call evaluates the panel (PanelQuery) over the last `timeRangeMs` as of
 * `clock`, at most kPreviewPoints points per line. The store and the clock must outlive the provider.
 */
PanelEditor::DataProvider storeDataProvider(
    const RollingStore& store, std::int64_t timeRangeMs, const Clock& clock = SystemClock::instance());
inline constexpr std::size_t kPreviewPoints = 600;

/** The translated name of a panel type ("Time series", "Bar gauge", …). */
QString panelTypeLabel(layout::PanelType type);

} // namespace pulse::ui
