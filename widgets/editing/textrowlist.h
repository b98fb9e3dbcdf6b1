#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <vector>

class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace pulse::ui {

/**
 * An editable list of one-line texts (listen addresses, source URLs): a line edit and a Remove button per row, an
 * Add button below. It keeps accessible names numbered ("Listener 2", "Remove listener 2") and the rows in the tab
 * chain just before the Add button, wherever that sits; checking the texts is the owner's job (it sets each row's tool
 * tip to its problem). Every text is supplied translated by the owner.
 */
class TextRowList : public QWidget {
    Q_OBJECT
public:
    struct Texts {
        QString add; ///< the Add button, with its accelerator ("&Add Listener")
        QString remove; ///< each row's Remove button
        QString rowName; ///< accessible name of row %1 ("Listener %1")
        QString removeName; ///< accessible name of row %1's Remove button
        QString placeholder;
        QString toolTip; ///< a row's tool tip while it has no problem
    };
    /** Child object names: `objectPrefix` for the line edits, "remove" + Prefix for their buttons, "add" + Prefix. */
    TextRowList(const QString& objectPrefix, Texts texts, QWidget* parent = nullptr);

    int count() const { return static_cast<int>(m_rows.size()); }
    QLineEdit* edit(int index) const;
    QStringList texts() const; ///< trimmed, in row order
    QPushButton* addButton() const { return m_add; }
    /** Appends a row and returns its line edit. */
    QLineEdit* addRow(const QString& text = {});
    /** Removes a row; the focus goes to the next row, else the Add button. */
    void removeRow(int index);
    /** Puts the rows back just before the Add button after the owner moved it in the tab chain. */
    void refreshTabOrder() { renumber(); }
    /** Shows a row's problem as its tool tip (the default tool tip when empty). */
    void setProblem(int index, const QString& problem);

Q_SIGNALS:
    /** A row was added, removed or edited. */
    void edited();

private:
    struct Row {
        QWidget* row = nullptr;
        QLineEdit* edit = nullptr;
        QPushButton* remove = nullptr;
    };
    void renumber();

    QString m_prefix;
    Texts m_texts;
    QVBoxLayout* m_rowsLayout;
    QPushButton* m_add;
    std::vector<Row> m_rows;
};

} // namespace pulse::ui
