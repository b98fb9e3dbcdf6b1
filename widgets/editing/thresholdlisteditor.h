#pragma once

#include "layout/dashboard.h"
#include "layout/layoutreader.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace pulse::ui {

class ColorField;

/**
 * A panel's thresholds as rows of value, colour (hex or QColorDialog) and severity, with Add and Remove.
 * thresholds() holds the rows whose value and colour are valid, in row order; problems() names the others.
 * Order is checked by core validation (values must ascend).
 */
class ThresholdListEditor : public QWidget {
    Q_OBJECT
public:
    explicit ThresholdListEditor(QWidget* parent = nullptr);
    ~ThresholdListEditor() override;

    void setThresholds(const std::vector<layout::Threshold>& thresholds);
    std::vector<layout::Threshold> thresholds() const;
    std::vector<layout::LayoutProblem> problems() const;

    int rowCount() const { return static_cast<int>(m_rows.size()); }
    /** Appends a row above the last threshold's value (as the Add button does). */
    void addRow();
    void removeRow(int row);

    QPushButton* addButton() const { return m_add; }

Q_SIGNALS:
    void changed();

private:
    struct Row {
        QWidget* widget = nullptr;
        QLineEdit* value = nullptr;
        ColorField* color = nullptr;
        QComboBox* severity = nullptr;
        QPushButton* remove = nullptr;
    };
    void appendRow(const layout::Threshold& threshold);
    void renumber();

    std::vector<Row> m_rows;
    QVBoxLayout* m_rowsLayout;
    QPushButton* m_add;
    bool m_isLoading = false;
};

/** The default colour of a severity ("#73bf69" ok, "#fade2a" warning, "#f2495c" critical). */
QString defaultSeverityColor(layout::ThresholdSeverity severity);

} // namespace pulse::ui
