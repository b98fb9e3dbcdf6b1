#pragma once

#include "layout/dashboard.h"
#include "layout/layoutreader.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace pulse::ui {

class ColorField;

/**
 * A panel's value mappings as rows: one value or a [from, to] range, mapped to a text and/or a colour, with Add
 * and Remove. valueMappings() holds the rows that can be represented; problems() names the others.
 */
class ValueMappingListEditor : public QWidget {
    Q_OBJECT
public:
    explicit ValueMappingListEditor(QWidget* parent = nullptr);
    ~ValueMappingListEditor() override;

    void setValueMappings(const std::vector<layout::ValueMapping>& mappings);
    std::vector<layout::ValueMapping> valueMappings() const;
    std::vector<layout::LayoutProblem> problems() const;

    int rowCount() const { return static_cast<int>(m_rows.size()); }
    void addRow();
    void removeRow(int row);

    QPushButton* addButton() const { return m_add; }

Q_SIGNALS:
    void changed();

private:
    struct Row {
        QWidget* widget = nullptr;
        QComboBox* kind = nullptr;
        QLabel* valueLabel = nullptr;
        QLineEdit* value = nullptr;
        QLabel* fromLabel = nullptr;
        QLineEdit* from = nullptr;
        QLabel* toLabel = nullptr;
        QLineEdit* to = nullptr;
        QLineEdit* text = nullptr;
        ColorField* color = nullptr;
        QPushButton* remove = nullptr;
        bool isRange() const;
    };
    void appendRow(const layout::ValueMapping& mapping);
    void updateKind(const Row& row);
    void renumber();

    std::vector<Row> m_rows;
    QVBoxLayout* m_rowsLayout;
    QPushButton* m_add;
    bool m_isLoading = false;
};

} // namespace pulse::ui
