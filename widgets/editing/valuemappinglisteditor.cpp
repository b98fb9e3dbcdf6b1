#include "editing/valuemappinglisteditor.h"

#include "editing/colorfield.h"
#include "editing/editfields.h"

#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pulse::ui {

bool ValueMappingListEditor::Row::isRange() const
{
    return kind->currentIndex() == 1;
}

ValueMappingListEditor::ValueMappingListEditor(QWidget* parent)
    : QWidget(parent)
    , m_rowsLayout(new QVBoxLayout)
    , m_add(new QPushButton(tr("&Add Mapping"), this))
{
    auto* layout = new QVBoxLayout(this);
    auto* hint
        = new QLabel(tr("Show a text and/or a colour instead of a value (the first matching mapping wins)."), this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addLayout(m_rowsLayout);
    m_add->setObjectName(u"addMapping"_s);
    layout->addWidget(m_add, 0, Qt::AlignLeft);
    layout->addStretch(1);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow();
        m_rows.back().kind->setFocus();
    });
}

ValueMappingListEditor::~ValueMappingListEditor() = default;

void ValueMappingListEditor::setValueMappings(const std::vector<layout::ValueMapping>& mappings)
{
    m_isLoading = true;
    while (!m_rows.empty()) {
        delete m_rows.back().widget;
        m_rows.pop_back();
    }
    for (const layout::ValueMapping& mapping : mappings)
        appendRow(mapping);
    renumber();
    m_isLoading = false;
}

std::vector<layout::ValueMapping> ValueMappingListEditor::valueMappings() const
{
    std::vector<layout::ValueMapping> out;
    for (const Row& row : m_rows) {
        layout::ValueMapping mapping;
        mapping.isRange = row.isRange();
        if (mapping.isRange) {
            const auto from = parseNumberText(row.from->text());
            const auto to = parseNumberText(row.to->text());
            if (!from || !to)
                continue;
            mapping.from = *from;
            mapping.to = *to;
        } else {
            const auto value = parseNumberText(row.value->text());
            if (!value)
                continue;
            mapping.value = *value;
        }
        if (!row.color->isValid())
            continue;
        mapping.text = row.text->text();
        mapping.color = row.color->text().toLower();
        out.push_back(mapping);
    }
    return out;
}

std::vector<layout::LayoutProblem> ValueMappingListEditor::problems() const
{
    std::vector<layout::LayoutProblem> found;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const Row& row = m_rows[i];
        const QString path = u"valueMappings[%1]"_s.arg(i);
        if (row.isRange()) {
            if (!parseNumberText(row.from->text()))
                found.push_back(editError(path + u".from"_s, tr("enter a number")));
            if (!parseNumberText(row.to->text()))
                found.push_back(editError(path + u".to"_s, tr("enter a number")));
        } else if (!parseNumberText(row.value->text())) {
            found.push_back(editError(path + u".value"_s, tr("enter a number")));
        }
        if (!row.color->isValid())
            found.push_back(editError(path + u".color"_s, tr("enter a colour as #rrggbb or leave it empty")));
        else if (row.text->text().isEmpty() && row.color->text().isEmpty())
            found.push_back(editError(path, tr("needs a text or a colour")));
    }
    return found;
}

void ValueMappingListEditor::addRow()
{
    layout::ValueMapping mapping;
    mapping.text = tr("OK");
    appendRow(mapping);
    renumber();
    Q_EMIT changed();
}

void ValueMappingListEditor::removeRow(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const auto at = m_rows.begin() + row;
    at->widget->deleteLater();
    at->widget->hide();
    m_rows.erase(at);
    renumber();
    if (m_rows.empty())
        m_add->setFocus();
    else
        m_rows[static_cast<std::size_t>(std::min(row, rowCount() - 1))].kind->setFocus();
    Q_EMIT changed();
}

void ValueMappingListEditor::appendRow(const layout::ValueMapping& mapping)
{
    Row row;
    auto* frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    row.widget = frame;
    auto* grid = new QGridLayout(frame);
    row.kind = new QComboBox(frame);
    row.kind->setObjectName(u"mappingKind"_s);
    row.kind->addItem(tr("Value"));
    row.kind->addItem(tr("Range"));
    row.kind->setCurrentIndex(mapping.isRange ? 1 : 0);
    row.value = new QLineEdit(numberText(mapping.value), frame);
    row.value->setObjectName(u"mappingValue"_s);
    row.from = new QLineEdit(numberText(mapping.from), frame);
    row.from->setObjectName(u"mappingFrom"_s);
    row.to = new QLineEdit(numberText(mapping.to), frame);
    row.to->setObjectName(u"mappingTo"_s);
    row.text = new QLineEdit(mapping.text, frame);
    row.text->setObjectName(u"mappingText"_s);
    row.color = new ColorField(frame);
    row.color->setObjectName(u"mappingColor"_s);
    row.color->setEmptyAllowed(true);
    row.color->setText(mapping.color);
    row.remove = new QPushButton(tr("Remove"), frame);
    row.remove->setObjectName(u"removeMapping"_s);

    const auto label = [&](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, frame);
        l->setBuddy(buddy);
        return l;
    };
    grid->addWidget(label(tr("Match:"), row.kind), 0, 0);
    grid->addWidget(row.kind, 0, 1);
    row.valueLabel = label(tr("Value:"), row.value);
    grid->addWidget(row.valueLabel, 0, 2);
    grid->addWidget(row.value, 0, 3);
    row.fromLabel = label(tr("From:"), row.from);
    grid->addWidget(row.fromLabel, 0, 4);
    grid->addWidget(row.from, 0, 5);
    row.toLabel = label(tr("To:"), row.to);
    grid->addWidget(row.toLabel, 0, 6);
    grid->addWidget(row.to, 0, 7);
    grid->addWidget(label(tr("Text:"), row.text), 1, 0);
    grid->addWidget(row.text, 1, 1, 1, 3);
    grid->addWidget(label(tr("Colour:"), row.color), 1, 4);
    grid->addWidget(row.color, 1, 5, 1, 2);
    grid->addWidget(row.remove, 1, 7);
    m_rowsLayout->addWidget(frame);

    QWidget* key = row.widget;
    const auto edited = [this] {
        if (!m_isLoading)
            Q_EMIT changed();
    };
    for (QLineEdit* edit : { row.value, row.from, row.to, row.text })
        connect(edit, &QLineEdit::textChanged, this, edited);
    connect(row.color, &ColorField::textChanged, this, edited);
    connect(row.kind, &QComboBox::currentIndexChanged, this, [this, key] {
        const auto it = std::find_if(m_rows.begin(), m_rows.end(), [key](const Row& r) { return r.widget == key; });
        if (it == m_rows.end())
            return;
        updateKind(*it);
        renumber(); // the visible fields changed
        if (!m_isLoading)
            Q_EMIT changed();
    });
    connect(row.remove, &QPushButton::clicked, this, [this, key] {
        const auto it = std::find_if(m_rows.begin(), m_rows.end(), [key](const Row& r) { return r.widget == key; });
        if (it != m_rows.end())
            removeRow(static_cast<int>(it - m_rows.begin()));
    });
    m_rows.push_back(row);
    updateKind(m_rows.back());
}

void ValueMappingListEditor::updateKind(const Row& row)
{
    const bool isRange = row.isRange();
    row.valueLabel->setVisible(!isRange);
    row.value->setVisible(!isRange);
    for (QWidget* w : { static_cast<QWidget*>(row.fromLabel), static_cast<QWidget*>(row.from),
             static_cast<QWidget*>(row.toLabel), static_cast<QWidget*>(row.to) })
        w->setVisible(isRange);
}

void ValueMappingListEditor::renumber()
{
    std::vector<QList<QWidget*>> order;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const Row& row = m_rows[i];
        const int n = static_cast<int>(i) + 1;
        row.kind->setAccessibleName(tr("Mapping %1 match").arg(n));
        row.value->setAccessibleName(tr("Mapping %1 value").arg(n));
        row.from->setAccessibleName(tr("Mapping %1 from").arg(n));
        row.to->setAccessibleName(tr("Mapping %1 to").arg(n));
        row.text->setAccessibleName(tr("Mapping %1 text").arg(n));
        row.color->lineEdit()->setAccessibleName(tr("Mapping %1 colour").arg(n));
        row.remove->setAccessibleName(tr("Remove mapping %1").arg(n));
        order.push_back(QList<QWidget*> { row.kind, row.value, row.from, row.to, row.text, row.color->lineEdit(),
            row.color->chooseButton(), row.remove });
    }
    chainTabOrder(order, m_add);
}

} // namespace pulse::ui
