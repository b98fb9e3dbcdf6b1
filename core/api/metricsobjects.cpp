#include "api/metricsobjects.h"

#include "api/metricsschema.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using pulse::graphql::ObjectPtr;
using pulse::graphql::ObjectSource;
using pulse::graphql::Resolved;

namespace pulse::api {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString fromStd(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::optional<Field> pointField(const QString& name)
{
    for (const PointField& f : kPointFields) {
        if (name == f.name)
            return f.field;
    }
    return std::nullopt;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

class TagObject final : public ObjectSource {
public:
    TagObject(QString key, QString value)
        : m_key(std::move(key))
        , m_value(std::move(value))
    { }
    QString typeName() const override { return u"Tag"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        return Resolved::value(field == u"key"_s ? m_key : m_value);
    }

private:
    QString m_key;
    QString m_value;
};

class SeriesObject final : public ObjectSource {
public:
    SeriesObject(const SeriesInfo& info, SeriesInfoPtr keepAlive, std::optional<TimestampMs> lastUpdateMs)
        : m_info(info)
        , m_keepAlive(std::move(keepAlive))
        , m_lastUpdateMs(lastUpdateMs)
    { }
    QString typeName() const override { return u"Series"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"id"_s)
            return Resolved::value(seriesId(m_info));
        if (field == u"name"_s)
            return Resolved::value(fromStd(m_info.name));
        if (field == u"type"_s)
            return Resolved::value(fromStd(metricTypeName(m_info.type)));
        if (field == u"lastUpdate"_s)
            return m_lastUpdateMs ? Resolved::value(formatTimestamp(*m_lastUpdateMs)) : Resolved::null();
        if (field == u"tags"_s) {
            std::vector<Resolved> tags;
            for (const auto& [k, v] : m_info.tags)
                tags.push_back(Resolved::of(std::make_shared<TagObject>(fromStd(k), fromStd(v))));
            return Resolved::listOf(std::move(tags));
        }
        return Resolved::null();
    }

private:
    const SeriesInfo& m_info;
    SeriesInfoPtr m_keepAlive;
    std::optional<TimestampMs> m_lastUpdateMs;
};

/** One series' range read: the value points, and the other fields read on first use. Lives for one request. */
struct SeriesRead {
    const RollingStore& store;
    CatalogEntry entry;
    RangeQuery query;
    std::size_t resolution = 0;
    std::vector<StorePoint> values;
    mutable std::array<std::optional<std::vector<StorePoint>>, kFieldCount> fields;
    mutable ObjectPtr series;

    double get(Field field, std::size_t index) const
    {
        if (field == Field::Value)
            return values[index].value;
        auto& cached = fields[static_cast<std::size_t>(field)];
        if (!cached) {
            RangeQuery q = query;
            q.field = field;
            RangeResult r = store.read(q);
            cached = r.isOk() && r.resolutionIndex == resolution ? std::move(r.points) : std::vector<StorePoint> {};
        }
        const TimestampMs t = values[index].timeMs;
        const auto it = std::lower_bound(
            cached->begin(), cached->end(), t, [](const StorePoint& p, TimestampMs v) { return p.timeMs < v; });
        return it != cached->end() && it->timeMs == t ? it->value : kNaN;
    }
    const ObjectPtr& seriesObject() const
    {
        if (!series)
            series = makeSeriesObject(*entry.info, entry.info, entry.lastUpdateMs);
        return series;
    }
};

class StorePointObject final : public ObjectSource {
public:
    StorePointObject(std::shared_ptr<const SeriesRead> read, std::size_t index)
        : m_read(std::move(read))
        , m_index(index)
    { }
    QString typeName() const override { return u"MetricPoint"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"timestamp"_s)
            return Resolved::value(formatTimestamp(m_read->values[m_index].timeMs));
        if (field == u"series"_s)
            return Resolved::of(m_read->seriesObject());
        if (field == u"provisional"_s)
            return Resolved::value(false); // the store's closed windows only
        const std::optional<Field> f = pointField(field);
        return f ? Resolved::number(m_read->get(*f, m_index)) : Resolved::null();
    }

private:
    std::shared_ptr<const SeriesRead> m_read;
    std::size_t m_index;
};

class WindowPointObject final : public ObjectSource {
public:
    WindowPointObject(const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch,
        const RollingStore* store, bool isProvisional)
        : m_series(series)
        , m_result(result)
        , m_batch(batch)
        , m_store(store)
        , m_isProvisional(isProvisional)
    { }
    QString typeName() const override { return u"MetricPoint"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"timestamp"_s)
            return Resolved::value(formatTimestamp(m_result.startMs));
        if (field == u"series"_s) {
            std::optional<TimestampMs> last = m_result.endMs;
            if (m_store) {
                if (const std::optional<CatalogEntry> e = m_store->entry(m_series.id); e && e->lastUpdateMs)
                    last = std::max(*last, *e->lastUpdateMs);
            }
            return Resolved::of(makeSeriesObject(m_series, nullptr, last));
        }
        if (field == u"provisional"_s)
            return Resolved::value(m_isProvisional);
        const std::optional<Field> f = pointField(field);
        return f ? Resolved::number(windowField(m_result, m_batch.quantiles, *f)) : Resolved::null();
    }

private:
    const SeriesInfo& m_series;
    const WindowResult& m_result;
    const WindowBatch& m_batch;
    const RollingStore* m_store;
    bool m_isProvisional;
};

} // namespace

QString seriesId(const SeriesInfo& info)
{
    return fromStd(info.displayName()) + u'|' + fromStd(statsdTypeName(info.type));
}

ObjectPtr makeSeriesObject(const SeriesInfo& info, SeriesInfoPtr keepAlive, std::optional<TimestampMs> lastUpdateMs)
{
    return std::make_shared<SeriesObject>(info, std::move(keepAlive), lastUpdateMs);
}

double windowField(const WindowResult& r, std::span<const double> quantiles, Field field)
{
    if (!fieldAppliesTo(field, r.type))
        return kNaN;
    switch (field) {
    case Field::Value:
        switch (r.type) {
        case MetricType::Counter:
            return r.rate;
        case MetricType::Gauge:
            return r.last;
        case MetricType::Set:
            return r.distinct;
        default:
            return r.mean;
        }
    case Field::Rate:
        return r.rate;
    case Field::Count:
        return r.count;
    case Field::Sum:
        return r.sum;
    case Field::Mean:
        return r.mean;
    case Field::Min:
        return r.min;
    case Field::Max:
        return r.max;
    case Field::Last:
        return r.last;
    case Field::Distinct:
        return r.distinct;
    default:
        break;
    }
    const std::optional<double> q = fieldQuantile(field);
    for (std::size_t i = 0; q && i < quantiles.size() && i < r.quantileCount; ++i) {
        if (std::abs(quantiles[i] - *q) < 1e-9)
            return r.quantiles[i];
    }
    return kNaN;
}

ObjectPtr makeWindowPoint(const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch,
    const RollingStore* store, bool isProvisional)
{
    return std::make_shared<WindowPointObject>(series, result, batch, store, isProvisional);
}

std::vector<TimedPoint> readPoints(const RollingStore& store, const CatalogEntry& entry, const PointRange& range)
{
    const auto& resolutions = store.config().resolutions;
    if (!entry.info || !entry.lastUpdateMs || range.resolution >= resolutions.size())
        return {};
    const std::int64_t step = resolutions[range.resolution].stepMs;
    const std::int64_t capacity = resolutions[range.resolution].spanMs / std::max<std::int64_t>(step, 1);
    if (step <= 0 || capacity <= 0)
        return {};
    // No window starts after the newest one stored, and one ring holds at most `capacity` windows: this bounds the
    // work whatever range is asked for.
    const TimestampMs toMs = std::min(range.toMs, *entry.lastUpdateMs);
    const TimestampMs last = floorDiv(toMs, step) * step;
    auto read = std::make_shared<SeriesRead>(SeriesRead { store, entry, {}, range.resolution, {}, {}, {} });
    read->query.series = entry.info->id;
    read->query.field = Field::Value;
    const auto attempt = [&](TimestampMs fromMs) -> std::optional<RangeResult> {
        const TimestampMs first = -floorDiv(-fromMs, step) * step;
        if (first > last)
            return RangeResult {};
        // The store reads the finest ring whose windows in range fit maxPoints and that reaches back to fromMs.
        // Asking for this step's windows up to the end of the last one makes every finer ring too big.
        read->query.fromMs = first;
        read->query.toMs = last + step - 1;
        read->query.maxPoints = static_cast<std::size_t>((last - first) / step + 1);
        RangeResult r = store.read(read->query);
        if (!r.isOk() || r.resolutionIndex != range.resolution)
            return std::nullopt;
        return r;
    };
    const TimestampMs fromMs = std::max(range.fromMs, last - (capacity - 1) * step);
    std::optional<RangeResult> r = attempt(fromMs);
    // A ring that does not reach back to fromMs makes the store prefer a coarser one: start where this ring must
    // still hold data (its newest window ends by the series' last update).
    if (!r && *entry.lastUpdateMs - capacity * step > fromMs)
        r = attempt(*entry.lastUpdateMs - capacity * step);
    if (!r)
        return {};
    read->values = std::move(r->points);
    std::vector<TimedPoint> out;
    out.reserve(read->values.size());
    for (std::size_t i = 0; i < read->values.size(); ++i)
        out.push_back({ read->values[i].timeMs, Resolved::of(std::make_shared<StorePointObject>(read, i)) });
    return out;
}

QJsonObject windowPointJson(const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch)
{
    QJsonObject o { { u"timestamp"_s, formatTimestamp(result.startMs) }, { u"series"_s, seriesId(series) } };
    for (std::size_t i = 0; i < kStreamPointFieldCount; ++i) {
        const PointField& f = kPointFields[i];
        const double v = windowField(result, batch.quantiles, f.field);
        if (std::isfinite(v))
            o.insert(f.name.toString(), v);
    }
    return o;
}

} // namespace pulse::api
