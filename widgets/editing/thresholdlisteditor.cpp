#include "editing/thresholdlisteditor.h"

#include "editing/colorfield.h"
#include "editing/editfields.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pulse::ui {

QString defaultSeverityColor(layout::ThresholdSeverity severity)
{
    switch (severity) {
    case layout::ThresholdSeverity::Ok:
        return u"#73bf69"_s;
    case layout::ThresholdSeverity::Warning:
        return u"#fade2a"_s;
    case layout::ThresholdSeverity::Critical:
        return u"#f2495c"_s;
    }
    return {};
}

ThresholdListEditor::ThresholdListEditor(QWidget* parent)
    : QWidget(parent)
    , m_rowsLayout(new QVBoxLayout)
    , m_add(new QPushButton(tr("&Add Threshold"), this))
{
    auto* layout = new QVBoxLayout(this);
    auto* hint
        = new QLabel(tr("A value at or above a threshold takes its colour and severity; values must ascend."), this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addLayout(m_rowsLayout);
    m_add->setObjectName(u"addThreshold"_s);
    layout->addWidget(m_add, 0, Qt::AlignLeft);
    layout->addStretch(1);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow();
        m_rows.back().value->setFocus();
    });
}

ThresholdListEditor::~ThresholdListEditor() = default;

void ThresholdListEditor::setThresholds(const std::vector<layout::Threshold>& thresholds)
{
    m_isLoading = true;
    while (!m_rows.empty()) {
        delete m_rows.back().widget;
        m_rows.pop_back();
    }
    for (const layout::Threshold& threshold : thresholds)
        appendRow(threshold);
    renumber();
    m_isLoading = false;
}

std::vector<layout::Threshold> ThresholdListEditor::thresholds() const
{
    std::vector<layout::Threshold> out;
    for (const Row& row : m_rows) {
        const auto value = parseNumberText(row.value->text());
        if (!value || !row.color->isValid())
            continue;
        layout::Threshold threshold;
        threshold.value = *value;
        threshold.color = row.color->text().toLower();
        threshold.severity = static_cast<layout::ThresholdSeverity>(row.severity->currentData().toInt());
        out.push_back(threshold);
    }
    return out;
}

std::vector<layout::LayoutProblem> ThresholdListEditor::problems() const
{
    std::vector<layout::LayoutProblem> found;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const QString path = u"thresholds[%1]"_s.arg(i);
        if (!parseNumberText(m_rows[i].value->text()))
            found.push_back(editError(path + u".value"_s, tr("enter a number")));
        if (!m_rows[i].color->isValid())
            found.push_back(editError(path + u".color"_s, tr("enter a colour as #rrggbb")));
    }
    return found;
}

void ThresholdListEditor::addRow()
{
    layout::Threshold threshold;
    if (m_rows.empty()) {
        threshold.value = 80;
        threshold.severity = layout::ThresholdSeverity::Warning;
    } else {
        const auto previous = parseNumberText(m_rows.back().value->text());
        threshold.value = previous.value_or(0) + 10;
        threshold.severity = layout::ThresholdSeverity::Critical;
    }
    threshold.color = defaultSeverityColor(threshold.severity);
    appendRow(threshold);
    renumber();
    Q_EMIT changed();
}

void ThresholdListEditor::removeRow(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const auto at = m_rows.begin() + row;
    at->widget->deleteLater();
    at->widget->hide();
    m_rows.erase(at);
    renumber();
    // Keep the keyboard where the row was.
    if (m_rows.empty())
        m_add->setFocus();
    else
        m_rows[static_cast<std::size_t>(std::min(row, rowCount() - 1))].value->setFocus();
    Q_EMIT changed();
}

void ThresholdListEditor::appendRow(const layout::Threshold& threshold)
{
    Row row;
    row.widget = new QWidget(this);
    auto* layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    row.value = new QLineEdit(numberText(threshold.value), row.widget);
    row.value->setObjectName(u"thresholdValue"_s);
    row.color = new ColorField(row.widget);
    row.color->setObjectName(u"thresholdColor"_s);
    row.color->setText(threshold.color);
    row.severity = new QComboBox(row.widget);
    row.severity->setObjectName(u"thresholdSeverity"_s);
    row.severity->addItem(tr("OK"), static_cast<int>(layout::ThresholdSeverity::Ok));
    row.severity->addItem(tr("Warning"), static_cast<int>(layout::ThresholdSeverity::Warning));
    row.severity->addItem(tr("Critical"), static_cast<int>(layout::ThresholdSeverity::Critical));
    row.severity->setCurrentIndex(row.severity->findData(static_cast<int>(threshold.severity)));
    row.remove = new QPushButton(tr("Remove"), row.widget);
    row.remove->setObjectName(u"removeThreshold"_s);

    const auto label = [&](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, row.widget);
        l->setBuddy(buddy);
        layout->addWidget(l);
        layout->addWidget(buddy, buddy == row.severity ? 0 : 1);
    };
    label(tr("Value:"), row.value);
    label(tr("Colour:"), row.color);
    label(tr("Severity:"), row.severity);
    layout->addWidget(row.remove);
    m_rowsLayout->addWidget(row.widget);

    QWidget* key = row.widget;
    const auto edited = [this] {
        if (!m_isLoading)
            Q_EMIT changed();
    };
    connect(row.value, &QLineEdit::textChanged, this, edited);
    connect(row.color, &ColorField::textChanged, this, edited);
    connect(row.severity, &QComboBox::currentIndexChanged, this, [this, key](int) {
        const auto it = std::find_if(m_rows.begin(), m_rows.end(), [key](const Row& r) { return r.widget == key; });
        if (it == m_rows.end())
            return;
        // A colour still at a severity default follows the severity.
        const QString colour = it->color->text().toLower();
        for (auto s :
            { layout::ThresholdSeverity::Ok, layout::ThresholdSeverity::Warning, layout::ThresholdSeverity::Critical })
            if (colour.isEmpty() || colour == defaultSeverityColor(s)) {
                it->color->setText(
                    defaultSeverityColor(static_cast<layout::ThresholdSeverity>(it->severity->currentData().toInt())));
                break;
            }
        if (!m_isLoading)
            Q_EMIT changed();
    });
    connect(row.remove, &QPushButton::clicked, this, [this, key] {
        const auto it = std::find_if(m_rows.begin(), m_rows.end(), [key](const Row& r) { return r.widget == key; });
        if (it != m_rows.end())
            removeRow(static_cast<int>(it - m_rows.begin()));
    });
    m_rows.push_back(row);
}

void ThresholdListEditor::renumber()
{
    std::vector<QList<QWidget*>> order;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const Row& row = m_rows[i];
        const int n = static_cast<int>(i) + 1;
        row.value->setAccessibleName(tr("Threshold %1 value").arg(n));
        row.color->lineEdit()->setAccessibleName(tr("Threshold %1 colour").arg(n));
        row.severity->setAccessibleName(tr("Threshold %1 severity").arg(n));
        row.remove->setAccessibleName(tr("Remove threshold %1").arg(n));
        order.push_back(
            QList<QWidget*> { row.value, row.color->lineEdit(), row.color->chooseButton(), row.severity, row.remove });
    }
    chainTabOrder(order, m_add);
}

} // namespace pulse::ui
