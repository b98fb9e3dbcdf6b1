#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pulse::desktop {

ShortcutsDialog::ShortcutsDialog(const QList<QAction*>& actions, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    QList<std::pair<QString, QString>> rows;
    for (const QAction* action : actions) {
        const QList<QKeySequence> keys = action->shortcuts();
        if (keys.isEmpty())
            continue;
        QStringList texts;
        for (const QKeySequence& key : keys)
            texts.append(key.toString(QKeySequence::NativeText));
        // Menu accelerators are noise here: "&Open" and the Japanese style "開く(&O)" both lose them.
        static const QRegularExpression kAccelerator(QStringLiteral("\\(&[^)]\\)|&(?=.)"));
        rows.append({ action->text().remove(kAccelerator), texts.join(tr(" or ")) });
    }
    const auto key
        = [](QKeyCombination combination) { return QKeySequence(combination).toString(QKeySequence::NativeText); };
    rows.append({ tr("Move the focused panel by one cell"),
        tr("%1 / %2 / %3 / %4")
            .arg(key(Qt::ALT | Qt::Key_Left), key(Qt::ALT | Qt::Key_Right), key(Qt::ALT | Qt::Key_Up),
                key(Qt::ALT | Qt::Key_Down)) });
    rows.append({ tr("Resize the focused panel by one cell"),
        tr("%1 / %2 / %3 / %4")
            .arg(key(Qt::SHIFT | Qt::ALT | Qt::Key_Left), key(Qt::SHIFT | Qt::ALT | Qt::Key_Right),
                key(Qt::SHIFT | Qt::ALT | Qt::Key_Up), key(Qt::SHIFT | Qt::ALT | Qt::Key_Down)) });
    rows.append({ tr("Next / previous panel"), tr("Tab / Shift+Tab") });
    rows.append({ tr("Time series: back to live"), key(Qt::Key_Home) });

    m_table->setColumnCount(2);
    m_table->setRowCount(static_cast<int>(rows.size()));
    m_table->setHorizontalHeaderLabels({ tr("Action"), tr("Shortcut") });
    for (int row = 0; row < rows.size(); ++row) {
        m_table->setItem(row, 0, new QTableWidgetItem(rows[row].first));
        m_table->setItem(row, 1, new QTableWidgetItem(rows[row].second));
    }
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(560, 480);
}

} // namespace pulse::desktop
