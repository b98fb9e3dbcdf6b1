#include "editing/seriescatalogmodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

QString fromUtf8(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

/** Backslash-escapes every byte the selector grammar or a glob would read as syntax. */
QString escaped(std::string_view text, std::string_view special)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (special.find(c) != std::string_view::npos)
            out += '\\';
        out += c;
    }
    return QString::fromStdString(out);
}

constexpr std::string_view kGlobSpecial = "\\*?[]{},=! \t\r\n";
constexpr std::string_view kKeySpecial = "\\{},=! \t\r\n";

QString tagsText(const SeriesInfo& info)
{
    QString text;
    for (const auto& [key, value] : info.tags) {
        if (!text.isEmpty())
            text += u',';
        text += fromUtf8(key) + u'=' + fromUtf8(value);
    }
    return text;
}

QString typeText(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return SeriesCatalogModel::tr("counter");
    case MetricType::Gauge:
        return SeriesCatalogModel::tr("gauge");
    case MetricType::Timer:
        return SeriesCatalogModel::tr("timer");
    case MetricType::Histogram:
        return SeriesCatalogModel::tr("histogram");
    case MetricType::Distribution:
        return SeriesCatalogModel::tr("distribution");
    case MetricType::Set:
        return SeriesCatalogModel::tr("set");
    }
    return {};
}

std::optional<double> latestValue(const RollingStore& store, SeriesId id)
{
    const auto point = store.latest(id, Field::Value);
    if (!point || std::isnan(point->value))
        return std::nullopt;
    return point->value;
}

} // namespace

QString exactSelectorFor(const SeriesInfo& info)
{
    QString text = escaped(info.name, kGlobSpecial);
    if (text.isEmpty())
        text = u"*"_s; // a name is required before the filters; every series has one in practice
    if (info.tags.empty())
        return text;
    text += u'{';
    bool isFirst = true;
    for (const auto& [key, value] : info.tags) {
        if (!isFirst)
            text += u',';
        isFirst = false;
        text += escaped(key, kKeySpecial) + u'=' + escaped(value, kGlobSpecial);
    }
    return text + u'}';
}

SeriesCatalogModel::SeriesCatalogModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

SeriesCatalogModel::~SeriesCatalogModel() = default;

void SeriesCatalogModel::setStore(const RollingStore* store)
{
    beginResetModel();
    m_store = store;
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
    refresh();
}

void SeriesCatalogModel::refresh()
{
    if (m_store)
        refresh(*m_store);
}

void SeriesCatalogModel::refresh(const RollingStore& store)
{
    if (&store != m_store) {
        setStore(&store);
        return;
    }
    std::vector<Row> added;
    std::vector<int> changed;
    for (const CatalogEntry& entry : store.catalog()) {
        if (!entry.info)
            continue;
        const auto it = m_rowOf.find(entry.info->id);
        if (it == m_rowOf.end()) {
            added.push_back(makeRow(store, entry));
            continue;
        }
        Row& row = m_rows[static_cast<std::size_t>(it->second)];
        if (row.lastUpdateMs == entry.lastUpdateMs)
            continue;
        // Only series that received data since the last refresh pay for a latest() read.
        row.lastUpdateMs = entry.lastUpdateMs;
        row.lastValue = latestValue(store, entry.info->id);
        changed.push_back(it->second);
    }

    // One dataChanged per run of consecutive rows keeps the signal count low when many series update together.
    std::sort(changed.begin(), changed.end());
    const QList<int> roles { Qt::DisplayRole, Qt::ToolTipRole, SortRole };
    for (std::size_t i = 0; i < changed.size();) {
        std::size_t j = i + 1;
        while (j < changed.size() && changed[j] == changed[j - 1] + 1)
            ++j;
        Q_EMIT dataChanged(index(changed[i], LastValue), index(changed[j - 1], LastUpdate), roles);
        i = j;
    }

    if (added.empty())
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    for (Row& row : added) {
        m_rowOf.emplace(row.info->id, static_cast<int>(m_rows.size()));
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
}

void SeriesCatalogModel::clear()
{
    beginResetModel();
    m_store = nullptr;
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
}

const SeriesInfo* SeriesCatalogModel::seriesAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return m_rows[static_cast<std::size_t>(row)].info.get();
}

SeriesCatalogModel::Row SeriesCatalogModel::makeRow(const RollingStore& store, const CatalogEntry& entry) const
{
    Row row;
    row.info = entry.info;
    row.name = fromUtf8(entry.info->name);
    row.tags = tagsText(*entry.info);
    row.lastUpdateMs = entry.lastUpdateMs;
    if (entry.lastUpdateMs)
        row.lastValue = latestValue(store, entry.info->id);
    return row;
}

int SeriesCatalogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SeriesCatalogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant SeriesCatalogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case SeriesIdRole:
        return QVariant::fromValue(static_cast<qulonglong>(row.info->id));
    case SelectorRole:
        return exactSelectorFor(*row.info);
    case Qt::DisplayRole:
    case SortRole:
        break;
    case Qt::ToolTipRole:
        if (index.column() == LastUpdate && row.lastUpdateMs)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(*row.lastUpdateMs), QLocale::LongFormat);
        if (index.column() == Name && row.info->isOverflow)
            return tr("Series beyond the cardinality cap, folded into one");
        if (index.column() == Name)
            return exactSelectorFor(*row.info);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == LastValue)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }

    const bool isSort = role == SortRole;
    switch (static_cast<Column>(index.column())) {
    case Name:
        return row.name;
    case Type:
        return typeText(row.info->type);
    case Tags:
        return row.tags;
    case LastValue:
        if (isSort)
            return row.lastValue ? *row.lastValue : -std::numeric_limits<double>::infinity();
        return row.lastValue ? QLocale().toString(*row.lastValue, 'g', 6) : QString();
    case LastUpdate:
        if (isSort)
            return QVariant::fromValue(static_cast<qlonglong>(row.lastUpdateMs.value_or(0)));
        return row.lastUpdateMs ? QDateTime::fromMSecsSinceEpoch(*row.lastUpdateMs).toString(u"HH:mm:ss"_s) : QString();
    }
    return {};
}

QVariant SeriesCatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Series");
    case Type:
        return tr("Type");
    case Tags:
        return tr("Tags");
    case LastValue:
        return tr("Last value");
    case LastUpdate:
        return tr("Last update");
    default:
        return {};
    }
}

QHash<int, QByteArray> SeriesCatalogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SeriesIdRole, "seriesId");
    names.insert(SelectorRole, "selector");
    names.insert(SortRole, "sortKey");
    return names;
}

} // namespace pulse::ui
