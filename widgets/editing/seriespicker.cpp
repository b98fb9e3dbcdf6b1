#include "editing/seriespicker.h"

#include "editing/seriescatalogmodel.h"
#include "editing/seriesfilterproxymodel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {
constexpr int kRefreshMs = 1000;
}

SeriesPicker::SeriesPicker(const RollingStore* store, QWidget* parent)
    : QDialog(parent)
    , m_catalog(new SeriesCatalogModel(this))
    , m_filter(new SeriesFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_refreshTimer(new QTimer(this))
{
    setWindowTitle(tr("Pick Series"));
    m_catalog->setStore(store);
    m_filter->setSourceModel(m_catalog);

    auto* searchLabel = new QLabel(tr("&Selector:"), this);
    searchLabel->setBuddy(m_search);
    m_search->setObjectName(u"selector"_s);
    m_search->setPlaceholderText(tr("e.g. http.*{service=api,host=*}"));
    m_search->setClearButtonEnabled(true);
    m_status->setObjectName(u"status"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto* tableLabel = new QLabel(tr("&Matching series:"), this);
    tableLabel->setBuddy(m_table);
    m_table->setObjectName(u"series"_s);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SeriesCatalogModel::Name, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(searchLabel);
    layout->addWidget(m_search);
    layout->addWidget(m_status);
    layout->addWidget(tableLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_buttons);
    setTabOrder(m_search, m_table);
    setTabOrder(m_table, m_buttons);

    connect(m_search, &QLineEdit::textChanged, this, &SeriesPicker::applyText);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        m_search->setText(index.data(SeriesCatalogModel::SelectorRole).toString());
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (const auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_filter, signal, this, &SeriesPicker::updateStatus);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &SeriesPicker::updateStatus);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &SeriesPicker::updateStatus);

    m_refreshTimer->setInterval(kRefreshMs);
    connect(m_refreshTimer, &QTimer::timeout, m_catalog, qOverload<>(&SeriesCatalogModel::refresh));

    resize(720, 480);
    applyText({});
}

SeriesPicker::~SeriesPicker() = default;

void SeriesPicker::setSelectorText(const QString& text)
{
    m_search->setText(text.trimmed() == u"*"_s ? QString() : text);
    applyText(m_search->text()); // textChanged does not fire when the text is already the same
}

QString SeriesPicker::selectorText() const
{
    const QString text = m_search->text().trimmed();
    return text.isEmpty() ? u"*"_s : text;
}

bool SeriesPicker::isSelectorValid() const
{
    return m_filter->isValid();
}

int SeriesPicker::matchCount() const
{
    return m_filter->rowCount();
}

void SeriesPicker::showEvent(QShowEvent* event)
{
    m_catalog->refresh();
    m_refreshTimer->start();
    QDialog::showEvent(event);
}

void SeriesPicker::hideEvent(QHideEvent* event)
{
    m_refreshTimer->stop();
    QDialog::hideEvent(event);
}

void SeriesPicker::applyText(const QString& text)
{
    m_filter->setSelectorText(text);
    updateStatus();
}

void SeriesPicker::updateStatus()
{
    const bool isValid = m_filter->isValid();
    if (isValid)
        m_status->setText(tr("%n matching series of %1", nullptr, m_filter->rowCount()).arg(m_catalog->rowCount()));
    else
        m_status->setText(tr("Invalid selector: %1").arg(m_filter->errorText()));
    m_search->setToolTip(isValid ? tr("A name glob (* ? [abc]) and optional tag filters in braces: key=glob, "
                                      "key!=glob or key; a backslash makes the next character literal.")
                                 : m_status->text());
    if (QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(isValid);
}

} // namespace pulse::ui
