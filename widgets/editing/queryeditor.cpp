#include "editing/queryeditor.h"

#include "editing/editfields.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace pulse::ui {

QueryEditor::QueryEditor(QWidget* parent)
    : QGroupBox(parent)
    , m_selector(new QLineEdit(this))
    , m_pick(new QPushButton(tr("P&ick…"), this))
    , m_field(new QComboBox(this))
    , m_windowKind(new QComboBox(this))
    , m_windowSize(new QLineEdit(this))
    , m_windowSlide(new QLineEdit(this))
    , m_groupBy(new QLineEdit(this))
    , m_legend(new QLineEdit(this))
    , m_remove(new QPushButton(tr("&Remove Query"), this))
{
    m_selector->setObjectName(u"selector"_s);
    m_selector->setPlaceholderText(tr("e.g. http.latency{service=api,host=*}"));
    m_pick->setObjectName(u"pick"_s);
    m_pick->setToolTip(tr("Search the series catalog"));
    m_field->setObjectName(u"field"_s);
    for (Field field : allFields())
        m_field->addItem(fieldLabel(field), static_cast<int>(field));
    m_windowKind->setObjectName(u"windowKind"_s);
    m_windowKind->addItem(tr("Tumbling"), static_cast<int>(layout::WindowKind::Tumbling));
    m_windowKind->addItem(tr("Sliding"), static_cast<int>(layout::WindowKind::Sliding));
    m_windowSize->setObjectName(u"windowSize"_s);
    m_windowSize->setPlaceholderText(tr("e.g. 10s"));
    m_windowSlide->setObjectName(u"windowSlide"_s);
    m_windowSlide->setPlaceholderText(tr("e.g. 1s"));
    m_groupBy->setObjectName(u"groupBy"_s);
    m_groupBy->setPlaceholderText(tr("a tag key; empty: one line"));
    m_legend->setObjectName(u"legend"_s);
    m_legend->setPlaceholderText(tr("e.g. {{host}} p99; empty: the series name"));
    m_remove->setObjectName(u"removeQuery"_s);

    auto* form = new QFormLayout(this);
    const auto addRow = [&](const QString& text, QWidget* buddy, QLayout* row = nullptr) {
        auto* label = new QLabel(text, this);
        label->setBuddy(buddy);
        if (row)
            form->addRow(label, row);
        else
            form->addRow(label, buddy);
    };
    auto* selectorRow = new QHBoxLayout;
    selectorRow->addWidget(m_selector, 1);
    selectorRow->addWidget(m_pick);
    addRow(tr("&Selector:"), m_selector, selectorRow);
    addRow(tr("&Field:"), m_field);
    auto* windowRow = new QHBoxLayout;
    windowRow->addWidget(m_windowKind);
    auto* sizeLabel = new QLabel(tr("Si&ze:"), this);
    sizeLabel->setBuddy(m_windowSize);
    windowRow->addWidget(sizeLabel);
    windowRow->addWidget(m_windowSize, 1);
    auto* slideLabel = new QLabel(tr("Sli&de:"), this);
    slideLabel->setBuddy(m_windowSlide);
    windowRow->addWidget(slideLabel);
    windowRow->addWidget(m_windowSlide, 1);
    addRow(tr("&Window:"), m_windowKind, windowRow);
    addRow(tr("Group &by:"), m_groupBy);
    addRow(tr("&Legend:"), m_legend);
    form->addRow(QString(), m_remove);

    for (QLineEdit* edit : { m_selector, m_windowSize, m_windowSlide, m_groupBy, m_legend })
        connect(edit, &QLineEdit::textChanged, this, &QueryEditor::onEdited);
    for (QComboBox* combo : { m_field, m_windowKind })
        connect(combo, &QComboBox::currentIndexChanged, this, &QueryEditor::onEdited);
    connect(m_pick, &QPushButton::clicked, this, &QueryEditor::pickRequested);
    connect(m_remove, &QPushButton::clicked, this, &QueryEditor::removeRequested);

    setIndex(0);
    setQuery(layout::Query {});
}

QueryEditor::~QueryEditor() = default;

void QueryEditor::setQuery(const layout::Query& query)
{
    m_isLoading = true;
    m_query = query;
    m_selector->setText(QString::fromStdString(query.selector.text()));
    m_field->setCurrentIndex(m_field->findData(static_cast<int>(query.field)));
    m_windowKind->setCurrentIndex(m_windowKind->findData(static_cast<int>(query.window.kind)));
    m_windowSize->setText(durationText(query.window.sizeMs));
    m_windowSlide->setText(durationText(query.window.slideMs));
    m_groupBy->setText(query.groupBy);
    m_legend->setText(query.legend);
    m_isLoading = false;
    updateSlideEnabled();
}

layout::Query QueryEditor::query() const
{
    return m_query;
}

void QueryEditor::setIndex(int index)
{
    m_index = index;
    setTitle(tr("Query %1").arg(index + 1));
    m_remove->setAccessibleName(tr("Remove query %1").arg(index + 1));
}

std::vector<layout::LayoutProblem> QueryEditor::problems() const
{
    std::vector<layout::LayoutProblem> found;
    const QString path = u"queries[%1]"_s.arg(m_index);
    const SelectorParse parsed = SeriesSelector::parse(m_selector->text().toStdString());
    if (!parsed.isOk())
        found.push_back(editError(path + u".selector"_s,
            m_selector->text().trimmed().isEmpty()
                ? tr("enter a selector, e.g. * for every series")
                : tr("invalid selector: %1").arg(QString::fromStdString(parsed.error))));
    if (!parseDurationText(m_windowSize->text()))
        found.push_back(editError(path + u".window.size"_s, tr("enter a duration such as 10s, 1m or 1h")));
    if (m_windowSlide->isEnabled() && !parseDurationText(m_windowSlide->text()))
        found.push_back(editError(path + u".window.slide"_s, tr("enter a duration such as 1s, 10s or 1m")));
    return found;
}

void QueryEditor::setSelectorText(const QString& text)
{
    m_selector->setText(text);
}

QString QueryEditor::selectorText() const
{
    return m_selector->text();
}

QList<QWidget*> QueryEditor::focusWidgets() const
{
    return { m_selector, m_pick, m_field, m_windowKind, m_windowSize, m_windowSlide, m_groupBy, m_legend, m_remove };
}

void QueryEditor::onEdited()
{
    if (m_isLoading)
        return;
    updateSlideEnabled();
    SelectorParse parsed = SeriesSelector::parse(m_selector->text().toStdString());
    if (parsed.isOk())
        m_query.selector = std::move(*parsed.selector);
    m_query.field = static_cast<Field>(m_field->currentData().toInt());
    m_query.window.kind = static_cast<layout::WindowKind>(m_windowKind->currentData().toInt());
    if (const auto sizeMs = parseDurationText(m_windowSize->text()))
        m_query.window.sizeMs = *sizeMs;
    if (m_query.window.kind == layout::WindowKind::Tumbling) {
        m_query.window.slideMs = m_query.window.sizeMs;
    } else if (const auto slideMs = parseDurationText(m_windowSlide->text())) {
        m_query.window.slideMs = *slideMs;
    }
    m_query.groupBy = m_groupBy->text();
    m_query.legend = m_legend->text();
    Q_EMIT changed();
}

void QueryEditor::updateSlideEnabled()
{
    const bool isSliding
        = static_cast<layout::WindowKind>(m_windowKind->currentData().toInt()) == layout::WindowKind::Sliding;
    m_windowSlide->setEnabled(isSliding);
    if (!isSliding && m_windowSlide->text() != m_windowSize->text()) {
        const bool wasLoading = m_isLoading;
        m_isLoading = true; // the slide follows the size; not an edit of its own
        m_windowSlide->setText(m_windowSize->text());
        m_isLoading = wasLoading;
    }
}

} // namespace pulse::ui
