#include "editing/textrowlist.h"

#include "editing/editfields.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace pulse::ui {

namespace {

QString capitalised(const QString& text)
{
    return text.isEmpty() ? text : text.front().toUpper() + text.mid(1);
}

} // namespace

TextRowList::TextRowList(const QString& objectPrefix, Texts texts, QWidget* parent)
    : QWidget(parent)
    , m_prefix(objectPrefix)
    , m_texts(std::move(texts))
    , m_rowsLayout(new QVBoxLayout)
    , m_add(new QPushButton(m_texts.add, this))
{
    m_add->setObjectName(QStringLiteral("add") + capitalised(m_prefix));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    layout->addWidget(m_add, 0, Qt::AlignLeft);
    connect(m_add, &QPushButton::clicked, this, [this] { addRow()->setFocus(); });
}

QLineEdit* TextRowList::edit(int index) const
{
    if (index < 0 || index >= count())
        return nullptr;
    return m_rows[static_cast<std::size_t>(index)].edit;
}

QStringList TextRowList::texts() const
{
    QStringList out;
    for (const Row& row : m_rows)
        out.append(row.edit->text().trimmed());
    return out;
}

QLineEdit* TextRowList::addRow(const QString& text)
{
    Row row;
    row.row = new QWidget(this);
    auto* layout = new QHBoxLayout(row.row);
    layout->setContentsMargins(0, 0, 0, 0);
    row.edit = new QLineEdit(text, row.row);
    row.edit->setObjectName(m_prefix);
    row.edit->setPlaceholderText(m_texts.placeholder);
    row.edit->setToolTip(m_texts.toolTip);
    row.remove = new QPushButton(m_texts.remove, row.row);
    row.remove->setObjectName(QStringLiteral("remove") + capitalised(m_prefix));
    layout->addWidget(row.edit, 1);
    layout->addWidget(row.remove);
    m_rowsLayout->addWidget(row.row);

    QWidget* key = row.row;
    connect(row.edit, &QLineEdit::textChanged, this, &TextRowList::edited);
    connect(row.remove, &QPushButton::clicked, this, [this, key] {
        const auto it = std::find_if(m_rows.begin(), m_rows.end(), [key](const Row& r) { return r.row == key; });
        if (it != m_rows.end())
            removeRow(static_cast<int>(it - m_rows.begin()));
    });
    m_rows.push_back(row);
    renumber();
    Q_EMIT edited();
    return row.edit;
}

void TextRowList::removeRow(int index)
{
    if (index < 0 || index >= count())
        return;
    const auto at = m_rows.begin() + index;
    at->row->hide();
    at->row->deleteLater();
    m_rows.erase(at);
    renumber();
    if (m_rows.empty())
        m_add->setFocus();
    else
        m_rows[static_cast<std::size_t>(std::min(index, count() - 1))].edit->setFocus();
    Q_EMIT edited();
}

void TextRowList::setProblem(int index, const QString& problem)
{
    if (QLineEdit* e = edit(index))
        e->setToolTip(problem.isEmpty() ? m_texts.toolTip : problem);
}

void TextRowList::renumber()
{
    std::vector<QList<QWidget*>> order;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const int n = static_cast<int>(i) + 1;
        m_rows[i].edit->setAccessibleName(m_texts.rowName.arg(n));
        m_rows[i].remove->setAccessibleName(m_texts.removeName.arg(n));
        order.push_back(QList<QWidget*> { m_rows[i].edit, m_rows[i].remove });
    }
    ui::chainTabOrder(order, m_add);
}

} // namespace pulse::ui
