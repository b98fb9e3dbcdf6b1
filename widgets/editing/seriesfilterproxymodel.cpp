#include "editing/seriesfilterproxymodel.h"

#include "editing/seriescatalogmodel.h"

namespace pulse::ui {

SeriesFilterProxyModel::SeriesFilterProxyModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SeriesCatalogModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

SeriesFilterProxyModel::~SeriesFilterProxyModel() = default;

bool SeriesFilterProxyModel::setSelectorText(const QString& text)
{
    m_text = text;
    const QString trimmed = text.trimmed();
    QString error;
    int column = 0;
    if (trimmed.isEmpty()) {
        m_selector = SeriesSelector();
        invalidateFilter();
    } else {
        SelectorParse parsed = SeriesSelector::parse(text.toStdString());
        if (parsed.isOk()) {
            m_selector = std::move(*parsed.selector);
            invalidateFilter();
        } else {
            error = QString::fromStdString(parsed.error);
            column = parsed.errorColumn;
        }
    }
    m_errorColumn = column;
    if (error != m_error) {
        m_error = error;
        Q_EMIT errorTextChanged(m_error);
    }
    return m_error.isEmpty();
}

void SeriesFilterProxyModel::setSourceModel(QAbstractItemModel* sourceModel)
{
    m_catalog = qobject_cast<SeriesCatalogModel*>(sourceModel);
    Q_ASSERT(m_catalog || !sourceModel);
    QSortFilterProxyModel::setSourceModel(m_catalog);
}

bool SeriesFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid() || !m_catalog)
        return false;
    const SeriesInfo* info = m_catalog->seriesAt(sourceRow);
    return info && m_selector.matches(*info);
}

} // namespace pulse::ui
