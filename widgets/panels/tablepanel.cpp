#include "panels/tablepanel.h"

#include "charts/plotitems.h"
#include "format/valueformat.h"
#include "panels/tablemodel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

/** Paints a value cell in the colour of the threshold it reaches, with legible text on top. */
class ThresholdDelegate final : public QStyledItemDelegate {
public:
    ThresholdDelegate(const TablePanel* panel, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_panel(panel)
    { }

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QVariant state = index.data(TableModel::Role::ThresholdIndex);
        if (!state.isValid())
            return;
        const int threshold = state.toInt();
        const auto& thresholds = m_panel->panel().thresholds;
        if (threshold < 0 || threshold >= static_cast<int>(thresholds.size()))
            return;
        const QColor colour = thresholdColor(thresholds[static_cast<std::size_t>(threshold)], m_panel->theme());
        option->backgroundBrush = colour;
        const QColor textColour = colour.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white);
        option->palette.setColor(QPalette::Text, textColour);
        option->palette.setColor(QPalette::HighlightedText, textColour);
    }

private:
    const TablePanel* m_panel;
};

/** The table, hatched over its cells while the panel shows last good values (see PanelWidget::isHatched()). */
class HatchedTableView final : public QTableView {
public:
    explicit HatchedTableView(const TablePanel* panel)
        : m_panel(panel)
    { }

protected:
    void paintEvent(QPaintEvent* event) override
    {
        QTableView::paintEvent(event);
        if (!m_panel->isHatched())
            return;
        QPainter painter(viewport());
        paintHatch(painter, viewport()->rect(), m_panel->theme().noData);
    }

private:
    const TablePanel* m_panel;
};

} // namespace

TablePanel::TablePanel(QWidget* parent)
    : PanelWidget(parent)
    , m_model(new TableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit)
    , m_view(new HatchedTableView(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TableModel::Role::Value);
    m_proxy->setFilterKeyColumn(0);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);

    m_filter->setPlaceholderText(tr("Filter series"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new ThresholdDelegate(this, m_view));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);

    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    setContentWidget(content);
}

TablePanel::~TablePanel() = default;

void TablePanel::panelChanged()
{
    m_model->setPanel(panel());
    m_view->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    if (data())
        m_model->setRows(buildTableRows(panel(), *data()));
}

void TablePanel::dataChanged()
{
    m_model->setRows(data() ? buildTableRows(panel(), *data()) : std::vector<TableRow> {});
    m_view->viewport()->update(); // the hatch follows the freshness even when the rows stay the same
}

void TablePanel::themeChanged()
{
    QPalette pal = m_view->palette();
    pal.setColor(QPalette::Base, theme().panelBackground);
    pal.setColor(QPalette::AlternateBase, theme().window);
    pal.setColor(QPalette::Text, theme().text);
    pal.setColor(QPalette::Disabled, QPalette::Text, theme().mutedText);
    m_view->setPalette(pal);
    m_view->viewport()->update();
}

} // namespace pulse::ui
