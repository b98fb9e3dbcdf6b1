#include "editing/paneleditor.h"

#include "dashboard/dashboardrenderer.h"
#include "panels/panelfields.h"

#include "editing/editfields.h"
#include "editing/queryeditor.h"
#include "editing/seriespicker.h"
#include "editing/thresholdlisteditor.h"
#include "editing/valuemappinglisteditor.h"
#include "layout/layoutwriter.h"
#include "panels/panelfactory.h"
#include "panels/panelwidget.h"
#include "query/panelquery.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

constexpr layout::PanelType kPanelTypes[] = { layout::PanelType::Timeseries, layout::PanelType::Stat,
    layout::PanelType::Gauge, layout::PanelType::Bargauge, layout::PanelType::Table, layout::PanelType::Heatmap,
    layout::PanelType::StateTimeline, layout::PanelType::Text, layout::PanelType::Clock };

constexpr layout::UnitKind kUnits[] = { layout::UnitKind::None, layout::UnitKind::Percent, layout::UnitKind::Seconds,
    layout::UnitKind::Milliseconds, layout::UnitKind::Microseconds, layout::UnitKind::Bytes,
    layout::UnitKind::BitsPerSecond, layout::UnitKind::RequestsPerSecond, layout::UnitKind::Custom };

bool usesQueries(layout::PanelType type)
{
    return type != layout::PanelType::Text && type != layout::PanelType::Clock;
}

QString unitLabel(layout::UnitKind unit)
{
    switch (unit) {
    case layout::UnitKind::None:
        return PanelEditor::tr("None");
    case layout::UnitKind::Percent:
        return PanelEditor::tr("Percent (%)");
    case layout::UnitKind::Seconds:
        return PanelEditor::tr("Seconds (s)");
    case layout::UnitKind::Milliseconds:
        return PanelEditor::tr("Milliseconds (ms)");
    case layout::UnitKind::Microseconds:
        return PanelEditor::tr("Microseconds (µs)");
    case layout::UnitKind::Bytes:
        return PanelEditor::tr("Bytes (KiB, MiB, …)");
    case layout::UnitKind::BitsPerSecond:
        return PanelEditor::tr("Bits per second");
    case layout::UnitKind::RequestsPerSecond:
        return PanelEditor::tr("Requests per second");
    case layout::UnitKind::Custom:
        return PanelEditor::tr("Custom suffix");
    }
    return {};
}

QScrollArea* scrolled(QWidget* content, QWidget* parent)
{
    auto* area = new QScrollArea(parent);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(content);
    return area;
}

QLabel* buddyLabel(const QString& text, QWidget* buddy, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

/** A problem from core's one-panel dashboard, with the path made relative to the panel. */
layout::LayoutProblem relativeToPanel(layout::LayoutProblem problem)
{
    static const QString prefix = u"panels[0]"_s;
    if (problem.path.startsWith(prefix)) {
        problem.path.remove(0, prefix.size());
        if (problem.path.startsWith(u'.'))
            problem.path.remove(0, 1);
    }
    return problem;
}

} // namespace

PanelEditor::DataProvider storeDataProvider(const RollingStore& store, std::int64_t timeRangeMs, const Clock& clock)
{
    auto query = std::make_shared<PanelQuery>();
    return [&store, &clock, query, timeRangeMs](const layout::Panel& panel) {
        // Evaluated as the render tick does: table and heatmap panels need their extra fields.
        layout::Panel evaluated = panel;
        evaluated.queries = queriesToEvaluate(panel);
        query->setPanel(std::move(evaluated));
        query->setMaxLines(panel.type == layout::PanelType::Table ? DashboardRenderer::kTableMaxLines : kMaxPanelLines);
        const TimestampMs nowMs = clock.nowMs();
        return std::make_shared<const PanelData>(
            query->evaluate(store, nowMs - timeRangeMs, nowMs, kPreviewPoints, nowMs));
    };
}

QString panelTypeLabel(layout::PanelType type)
{
    switch (type) {
    case layout::PanelType::Timeseries:
        return PanelEditor::tr("Time series");
    case layout::PanelType::Stat:
        return PanelEditor::tr("Stat");
    case layout::PanelType::Gauge:
        return PanelEditor::tr("Gauge");
    case layout::PanelType::Bargauge:
        return PanelEditor::tr("Bar gauge");
    case layout::PanelType::Table:
        return PanelEditor::tr("Table");
    case layout::PanelType::Heatmap:
        return PanelEditor::tr("Heatmap");
    case layout::PanelType::StateTimeline:
        return PanelEditor::tr("State timeline");
    case layout::PanelType::Text:
        return PanelEditor::tr("Text");
    case layout::PanelType::Clock:
        return PanelEditor::tr("Clock");
    }
    return {};
}

PanelEditor::PanelEditor(const layout::Panel& panel, QWidget* parent)
    : QDialog(parent)
    , m_original(panel)
    , m_panel(panel)
    , m_theme(Theme::builtinDark())
    , m_tabs(new QTabWidget(this))
    , m_previewGroup(new QGroupBox(tr("Preview"), this))
    , m_problemLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_previewTimer(new QTimer(this))
{
    setWindowTitle(tr("Edit Panel"));
    m_tabs->setObjectName(u"tabs"_s);
    m_tabs->addTab(buildGeneralTab(), tr("&General"));
    m_tabs->addTab(buildValuesTab(), tr("&Values"));
    m_tabs->addTab(buildQueriesTab(), tr("&Queries"));
    m_thresholds = new ThresholdListEditor(this);
    m_thresholds->setObjectName(u"thresholds"_s);
    m_tabs->addTab(scrolled(m_thresholds, this), tr("T&hresholds"));
    m_mappings = new ValueMappingListEditor(this);
    m_mappings->setObjectName(u"valueMappings"_s);
    m_tabs->addTab(scrolled(m_mappings, this), tr("&Mappings"));
    m_tabs->addTab(buildOptionsTab(), tr("O&ptions"));

    m_previewGroup->setObjectName(u"preview"_s);
    m_previewGroup->setMinimumSize(320, 240);
    auto* previewLayout = new QVBoxLayout(m_previewGroup);
    previewLayout->setContentsMargins(4, 4, 4, 4);

    m_problemLabel->setObjectName(u"problems"_s);
    m_problemLabel->setTextFormat(Qt::PlainText);
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_problemLabel->setFocusPolicy(Qt::NoFocus);

    auto* body = new QHBoxLayout;
    body->addWidget(m_tabs, 3);
    body->addWidget(m_previewGroup, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &PanelEditor::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_thresholds, &ThresholdListEditor::changed, this, &PanelEditor::onEdited);
    connect(m_mappings, &ValueMappingListEditor::changed, this, &PanelEditor::onEdited);
    m_previewTimer->setObjectName(u"previewTimer"_s);
    m_previewTimer->setInterval(kPreviewIntervalMs);
    connect(m_previewTimer, &QTimer::timeout, this, &PanelEditor::feedPreview);

    load(panel);
    setTabOrder(m_tabs, m_type);
    resize(960, 620);
}

PanelEditor::~PanelEditor() = default;

QWidget* PanelEditor::buildGeneralTab()
{
    auto* tab = new QWidget(this);
    auto* form = new QFormLayout(tab);
    m_type = new QComboBox(tab);
    m_type->setObjectName(u"type"_s);
    for (layout::PanelType type : kPanelTypes)
        m_type->addItem(panelTypeLabel(type), static_cast<int>(type));
    m_title = new QLineEdit(tab);
    m_title->setObjectName(u"title"_s);
    m_description = new QPlainTextEdit(tab);
    m_description->setObjectName(u"description"_s);
    m_description->setTabChangesFocus(true);
    m_description->setPlaceholderText(tr("Shown as the title's tooltip"));
    form->addRow(buddyLabel(tr("T&ype:"), m_type, tab), m_type);
    form->addRow(buddyLabel(tr("&Title:"), m_title, tab), m_title);
    form->addRow(buddyLabel(tr("&Description:"), m_description, tab), m_description);

    connect(m_type, &QComboBox::currentIndexChanged, this, &PanelEditor::onEdited);
    connect(m_title, &QLineEdit::textChanged, this, &PanelEditor::onEdited);
    connect(m_description, &QPlainTextEdit::textChanged, this, &PanelEditor::onEdited);
    return tab;
}

QWidget* PanelEditor::buildValuesTab()
{
    auto* tab = new QWidget(this);
    auto* form = new QFormLayout(tab);
    m_unit = new QComboBox(tab);
    m_unit->setObjectName(u"unit"_s);
    for (layout::UnitKind unit : kUnits)
        m_unit->addItem(unitLabel(unit), static_cast<int>(unit));
    m_unitSuffix = new QLineEdit(tab);
    m_unitSuffix->setObjectName(u"unitSuffix"_s);
    m_unitSuffix->setMaxLength(32);
    m_unitSuffix->setPlaceholderText(tr("e.g. jobs"));
    m_autoScale = new QCheckBox(tr("&Auto-scale (k, M, G; KiB, MiB; ms, s, min)"), tab);
    m_autoScale->setObjectName(u"autoScale"_s);
    m_decimals = new QSpinBox(tab);
    m_decimals->setObjectName(u"decimals"_s);
    m_decimals->setRange(-1, 10);
    m_decimals->setSpecialValueText(tr("Automatic"));
    m_min = new QLineEdit(tab);
    m_min->setObjectName(u"min"_s);
    m_min->setPlaceholderText(tr("automatic"));
    m_max = new QLineEdit(tab);
    m_max->setObjectName(u"max"_s);
    m_max->setPlaceholderText(tr("automatic"));
    m_staleAfter = new QLineEdit(tab);
    m_staleAfter->setObjectName(u"staleAfter"_s);
    m_staleAfter->setToolTip(tr("With no data for this long the panel shows STALE; empty: three times the longest "
                                "query slide."));

    form->addRow(buddyLabel(tr("&Unit:"), m_unit, tab), m_unit);
    form->addRow(buddyLabel(tr("Su&ffix:"), m_unitSuffix, tab), m_unitSuffix);
    form->addRow(QString(), m_autoScale);
    form->addRow(buddyLabel(tr("De&cimals:"), m_decimals, tab), m_decimals);
    form->addRow(buddyLabel(tr("Mi&nimum:"), m_min, tab), m_min);
    form->addRow(buddyLabel(tr("Ma&ximum:"), m_max, tab), m_max);
    form->addRow(buddyLabel(tr("&Stale after:"), m_staleAfter, tab), m_staleAfter);

    connect(m_unit, &QComboBox::currentIndexChanged, this, &PanelEditor::onEdited);
    connect(m_autoScale, &QCheckBox::toggled, this, &PanelEditor::onEdited);
    connect(m_decimals, &QSpinBox::valueChanged, this, &PanelEditor::onEdited);
    for (QLineEdit* edit : { m_unitSuffix, m_min, m_max, m_staleAfter })
        connect(edit, &QLineEdit::textChanged, this, &PanelEditor::onEdited);
    return tab;
}

QWidget* PanelEditor::buildQueriesTab()
{
    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    m_queryLayout = new QVBoxLayout;
    layout->addLayout(m_queryLayout);
    m_addQuery = new QPushButton(tr("&Add Query"), content);
    m_addQuery->setObjectName(u"addQuery"_s);
    layout->addWidget(m_addQuery, 0, Qt::AlignLeft);
    layout->addStretch(1);
    connect(m_addQuery, &QPushButton::clicked, this, [this] {
        layout::Query query;
        if (!m_queries.empty())
            query = m_queries.back()->query(); // a variation of the last one is the common case
        addQuery(query)->selectorEdit()->setFocus();
    });
    m_queriesTab = scrolled(content, this);
    return m_queriesTab;
}

QWidget* PanelEditor::buildOptionsTab()
{
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);

    m_orientationGroup = new QGroupBox(tr("Bar gauge"), tab);
    auto* orientationForm = new QFormLayout(m_orientationGroup);
    m_orientation = new QComboBox(m_orientationGroup);
    m_orientation->setObjectName(u"orientation"_s);
    m_orientation->addItem(tr("Horizontal"), static_cast<int>(layout::Orientation::Horizontal));
    m_orientation->addItem(tr("Vertical"), static_cast<int>(layout::Orientation::Vertical));
    orientationForm->addRow(buddyLabel(tr("&Orientation:"), m_orientation, m_orientationGroup), m_orientation);
    layout->addWidget(m_orientationGroup);

    m_columnsGroup = new QGroupBox(tr("Table"), tab);
    auto* columnsLayout = new QGridLayout(m_columnsGroup);
    m_columns = new QListWidget(m_columnsGroup);
    m_columns->setObjectName(u"columns"_s);
    auto* up = new QPushButton(tr("Move &Up"), m_columnsGroup);
    auto* down = new QPushButton(tr("Move Do&wn"), m_columnsGroup);
    auto* columnsLabel = buddyLabel(tr("&Columns (checked ones are shown, in this order):"), m_columns, tab);
    columnsLabel->setWordWrap(true);
    columnsLayout->addWidget(columnsLabel, 0, 0, 1, 2);
    columnsLayout->addWidget(m_columns, 1, 0, 3, 1);
    columnsLayout->addWidget(up, 1, 1);
    columnsLayout->addWidget(down, 2, 1);
    columnsLayout->setRowStretch(3, 1);
    layout->addWidget(m_columnsGroup);

    m_contentGroup = new QGroupBox(tr("Text"), tab);
    auto* contentLayout = new QVBoxLayout(m_contentGroup);
    m_content = new QPlainTextEdit(m_contentGroup);
    m_content->setObjectName(u"content"_s);
    m_content->setTabChangesFocus(true);
    m_content->setPlaceholderText(tr("Plain text shown in the panel"));
    contentLayout->addWidget(buddyLabel(tr("&Content:"), m_content, m_contentGroup));
    contentLayout->addWidget(m_content);
    layout->addWidget(m_contentGroup);

    m_noOptions = new QLabel(tr("This panel type has no further options."), tab);
    layout->addWidget(m_noOptions);
    layout->addStretch(1);

    connect(m_orientation, &QComboBox::currentIndexChanged, this, &PanelEditor::onEdited);
    connect(m_columns, &QListWidget::itemChanged, this, &PanelEditor::onEdited);
    connect(m_content, &QPlainTextEdit::textChanged, this, &PanelEditor::onEdited);
    connect(up, &QPushButton::clicked, this, [this] { moveColumn(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveColumn(1); });
    m_optionsTab = scrolled(tab, this);
    return m_optionsTab;
}

void PanelEditor::load(const layout::Panel& panel)
{
    m_isLoading = true;
    m_type->setCurrentIndex(m_type->findData(static_cast<int>(panel.type)));
    m_title->setText(panel.title);
    m_description->setPlainText(panel.description);

    m_unit->setCurrentIndex(m_unit->findData(static_cast<int>(panel.unit.kind)));
    m_unitSuffix->setText(panel.unit.customSuffix);
    m_autoScale->setChecked(panel.isAutoScaled);
    m_decimals->setValue(panel.decimals.value_or(-1));
    m_min->setText(panel.min ? numberText(*panel.min) : QString());
    m_max->setText(panel.max ? numberText(*panel.max) : QString());
    m_staleAfter->setText(panel.staleAfterMs ? durationText(*panel.staleAfterMs) : QString());

    for (const layout::Query& query : panel.queries)
        addQuery(query);
    m_thresholds->setThresholds(panel.thresholds);
    m_mappings->setValueMappings(panel.valueMappings);

    m_orientation->setCurrentIndex(m_orientation->findData(static_cast<int>(panel.options.orientation)));
    loadColumns(panel.options.columns);
    m_content->setPlainText(panel.options.content);
    m_isLoading = false;
    onEdited();
}

void PanelEditor::loadColumns(const std::vector<Field>& columns)
{
    m_columns->clear();
    std::vector<Field> order = columns;
    for (Field field : allFields())
        if (std::find(order.begin(), order.end(), field) == order.end())
            order.push_back(field);
    for (Field field : order) {
        auto* item = new QListWidgetItem(fieldLabel(field), m_columns);
        item->setData(Qt::UserRole, static_cast<int>(field));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        const bool isShown = std::find(columns.begin(), columns.end(), field) != columns.end();
        item->setCheckState(isShown ? Qt::Checked : Qt::Unchecked);
    }
    m_columns->setCurrentRow(0);
}

void PanelEditor::moveColumn(int delta)
{
    const int row = m_columns->currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_columns->count())
        return;
    QListWidgetItem* item = m_columns->takeItem(row);
    m_columns->insertItem(target, item);
    m_columns->setCurrentRow(target);
    onEdited();
}

QueryEditor* PanelEditor::queryEditor(int index) const
{
    if (index < 0 || index >= queryCount())
        return nullptr;
    return m_queries[static_cast<std::size_t>(index)];
}

QueryEditor* PanelEditor::addQuery(const layout::Query& query)
{
    auto* editor = new QueryEditor(m_queriesTab);
    editor->setQuery(query);
    m_queryLayout->addWidget(editor);
    m_queries.push_back(editor);
    connect(editor, &QueryEditor::changed, this, &PanelEditor::onEdited);
    connect(editor, &QueryEditor::pickRequested, this, [this, editor] { pickSelector(editor); });
    connect(editor, &QueryEditor::removeRequested, this, [this, editor] {
        const auto it = std::find(m_queries.begin(), m_queries.end(), editor);
        if (it != m_queries.end())
            removeQuery(static_cast<int>(it - m_queries.begin()));
    });
    renumberQueries();
    onEdited();
    return editor;
}

void PanelEditor::removeQuery(int index)
{
    QueryEditor* editor = queryEditor(index);
    if (!editor)
        return;
    m_queries.erase(m_queries.begin() + index);
    editor->hide();
    editor->deleteLater();
    renumberQueries();
    if (m_queries.empty())
        m_addQuery->setFocus();
    else
        m_queries[static_cast<std::size_t>(std::min(index, queryCount() - 1))]->selectorEdit()->setFocus();
    onEdited();
}

void PanelEditor::renumberQueries()
{
    std::vector<QList<QWidget*>> order;
    for (std::size_t i = 0; i < m_queries.size(); ++i) {
        m_queries[i]->setIndex(static_cast<int>(i));
        order.push_back(m_queries[i]->focusWidgets());
    }
    chainTabOrder(order, m_addQuery);
}

void PanelEditor::pickSelector(QueryEditor* editor)
{
    auto* picker = new SeriesPicker(m_store, this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    picker->setSelectorText(editor->selectorText());
    const QPointer<QueryEditor> target(editor);
    connect(picker, &QDialog::accepted, this, [picker, target] {
        if (target) {
            target->setSelectorText(picker->selectorText());
            target->selectorEdit()->setFocus();
        }
    });
    picker->open();
}

void PanelEditor::setDataProvider(DataProvider provider)
{
    m_provider = std::move(provider);
    if (m_provider && isVisible())
        m_previewTimer->start();
    feedPreview();
}

void PanelEditor::setStore(const RollingStore* store)
{
    m_store = store;
}

void PanelEditor::setTheme(const Theme& theme)
{
    m_theme = theme;
    if (m_preview)
        m_preview->setTheme(theme);
}

bool PanelEditor::hasErrors() const
{
    return std::any_of(m_problems.begin(), m_problems.end(),
        [](const layout::LayoutProblem& p) { return p.severity == layout::ProblemSeverity::Error; });
}

void PanelEditor::accept()
{
    if (hasErrors())
        return;
    QDialog::accept();
}

void PanelEditor::showEvent(QShowEvent* event)
{
    if (m_provider)
        m_previewTimer->start();
    QDialog::showEvent(event);
}

void PanelEditor::hideEvent(QHideEvent* event)
{
    m_previewTimer->stop();
    QDialog::hideEvent(event);
}

void PanelEditor::onEdited()
{
    if (m_isLoading)
        return;
    collect();
    validate();
    showProblems();
    updateTypeControls();
    rebuildPreviewIfNeeded();
    m_preview->setPanel(m_panel);
    feedPreview();
    Q_EMIT panelEdited();
}

void PanelEditor::collect()
{
    layout::Panel panel = m_original; // keeps the grid position
    panel.type = static_cast<layout::PanelType>(m_type->currentData().toInt());
    panel.title = m_title->text();
    panel.description = m_description->toPlainText();
    panel.queries.clear();
    if (usesQueries(panel.type))
        for (const QueryEditor* editor : m_queries)
            panel.queries.push_back(editor->query());
    panel.unit.kind = static_cast<layout::UnitKind>(m_unit->currentData().toInt());
    panel.unit.customSuffix = panel.unit.kind == layout::UnitKind::Custom ? m_unitSuffix->text() : QString();
    panel.isAutoScaled = m_autoScale->isChecked();
    panel.decimals = m_decimals->value() < 0 ? std::nullopt : std::optional<int>(m_decimals->value());
    panel.min = parseNumberText(m_min->text());
    panel.max = parseNumberText(m_max->text());
    panel.thresholds = m_thresholds->thresholds();
    panel.valueMappings = m_mappings->valueMappings();
    panel.staleAfterMs = parseDurationText(m_staleAfter->text());
    panel.options.orientation = static_cast<layout::Orientation>(m_orientation->currentData().toInt());
    panel.options.content = m_content->toPlainText();
    std::vector<Field> columns;
    for (int i = 0; i < m_columns->count(); ++i)
        if (m_columns->item(i)->checkState() == Qt::Checked)
            columns.push_back(static_cast<Field>(m_columns->item(i)->data(Qt::UserRole).toInt()));
    if (!columns.empty())
        panel.options.columns = std::move(columns);
    m_panel = std::move(panel);
}

void PanelEditor::validate()
{
    std::vector<layout::LayoutProblem> problems;
    const auto append = [&problems](std::vector<layout::LayoutProblem> more) {
        problems.insert(problems.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    };
    const layout::PanelType type = m_panel.type;
    if (usesQueries(type))
        for (const QueryEditor* editor : m_queries)
            append(editor->problems());
    for (const auto& [edit, key] : { std::pair { m_min, u"min"_s }, std::pair { m_max, u"max"_s } })
        if (!edit->text().trimmed().isEmpty() && !parseNumberText(edit->text()))
            problems.push_back(editError(key, tr("enter a number or leave it empty")));
    if (!m_staleAfter->text().trimmed().isEmpty() && !m_panel.staleAfterMs)
        problems.push_back(editError(u"staleAfter"_s, tr("enter a duration such as 30s or 2m, or leave it empty")));
    append(m_thresholds->problems());
    append(m_mappings->problems());
    if (type == layout::PanelType::Table) {
        const bool hasColumn = [this] {
            for (int i = 0; i < m_columns->count(); ++i)
                if (m_columns->item(i)->checkState() == Qt::Checked)
                    return true;
            return false;
        }();
        if (!hasColumn)
            problems.push_back(editError(u"options.columns"_s, tr("choose at least one column")));
    }

    // Core's validator is the authority on what a layout file may hold: run it on a one-panel dashboard.
    layout::Dashboard dashboard;
    dashboard.panels = { m_panel };
    const layout::LayoutLoadResult result = layout::readLayout(layout::toJson(dashboard));
    for (const layout::LayoutProblem& problem : result.problems)
        problems.push_back(relativeToPanel(problem));
    m_problems = std::move(problems);
}

void PanelEditor::showProblems()
{
    QStringList lines;
    for (const layout::LayoutProblem& problem : m_problems)
        lines.append(problem.severity == layout::ProblemSeverity::Error ? tr("Error: %1").arg(problem.toString())
                                                                        : tr("Warning: %1").arg(problem.toString()));
    m_problemLabel->setText(lines.join(u'\n'));
    m_problemLabel->setVisible(!lines.isEmpty());
    if (QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok)) {
        ok->setEnabled(!hasErrors());
        ok->setToolTip(hasErrors() ? tr("Fix the errors listed above first") : QString());
    }
}

void PanelEditor::updateTypeControls()
{
    const layout::PanelType type = m_panel.type;
    const int queriesIndex = m_tabs->indexOf(m_queriesTab);
    m_tabs->setTabEnabled(queriesIndex, usesQueries(type));
    m_unitSuffix->setEnabled(m_panel.unit.kind == layout::UnitKind::Custom);
    m_orientationGroup->setVisible(type == layout::PanelType::Bargauge);
    m_columnsGroup->setVisible(type == layout::PanelType::Table);
    m_contentGroup->setVisible(type == layout::PanelType::Text);
    m_noOptions->setVisible(
        type != layout::PanelType::Bargauge && type != layout::PanelType::Table && type != layout::PanelType::Text);
    layout::Panel automatic = m_panel;
    automatic.staleAfterMs.reset();
    m_staleAfter->setPlaceholderText(tr("automatic (%1)").arg(durationText(automatic.effectiveStaleAfterMs())));
}

void PanelEditor::rebuildPreviewIfNeeded()
{
    if (m_preview && m_preview->panel().type == m_panel.type)
        return;
    delete m_preview;
    m_preview = createPanelWidget(m_panel.type, m_previewGroup).release();
    m_preview->setObjectName(u"previewPanel"_s);
    m_preview->setTheme(m_theme);
    m_preview->setPanel(m_panel); // panels build their content here; the focus policies below must see it
    // The preview shows the result; keyboard focus stays with the form.
    m_preview->setFocusPolicy(Qt::NoFocus);
    for (QWidget* child : m_preview->findChildren<QWidget*>())
        child->setFocusPolicy(Qt::NoFocus);
    m_previewGroup->layout()->addWidget(m_preview);
    m_preview->show();
}

void PanelEditor::feedPreview()
{
    if (m_provider && m_preview)
        m_preview->setData(m_provider(m_panel));
}

} // namespace pulse::ui
