#pragma once

#include <QDialog>

class QAction;
class QTableWidget;

namespace pulse::desktop {

/** Help › Keyboard Shortcuts: every action with a shortcut, plus the grid's own keys. */
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

} // namespace pulse::desktop
