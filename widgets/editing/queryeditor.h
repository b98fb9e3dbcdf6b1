#pragma once

#include "layout/dashboard.h"
#include "layout/layoutreader.h"

#include <QGroupBox>
#include <QList>

#include <vector>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace pulse::ui {

/**
 * One query of a panel: selector (with a Pick… button that the panel editor answers with the series picker),
 * field, window kind/size/slide, group-by tag and legend template. query() is the best representable query:
 * a selector or duration that does not parse keeps its last valid value and is reported by problems().
 */
class QueryEditor : public QGroupBox {
    Q_OBJECT
public:
    explicit QueryEditor(QWidget* parent = nullptr);
    ~QueryEditor() override;

    void setQuery(const layout::Query& query);
    layout::Query query() const;

    /** Its place in the panel's list: the group title and the problem paths use it. */
    void setIndex(int index);
    int index() const { return m_index; }

    /** Problems core validation cannot see: text that does not parse (paths like `queries[0].selector`). */
    std::vector<layout::LayoutProblem> problems() const;

    void setSelectorText(const QString& text);
    QString selectorText() const;

    /** The focusable controls in tab order. */
    QList<QWidget*> focusWidgets() const;

    QLineEdit* selectorEdit() const { return m_selector; }

Q_SIGNALS:
    void changed();
    void pickRequested();
    void removeRequested();

private:
    void onEdited();
    void updateSlideEnabled();

    int m_index = 0;
    layout::Query m_query;
    QLineEdit* m_selector;
    QPushButton* m_pick;
    QComboBox* m_field;
    QComboBox* m_windowKind;
    QLineEdit* m_windowSize;
    QLineEdit* m_windowSlide;
    QLineEdit* m_groupBy;
    QLineEdit* m_legend;
    QPushButton* m_remove;
    bool m_isLoading = false;
};

} // namespace pulse::ui
