#include "api/metricsgraphqlservice.h"

#include "api/metricsobjects.h"
#include "api/metricsschema.h"
#include "api/subscriptionplan.h"
#include "model/duration.h"
#include "store/seriesselector.h"

#include <QStringList>

#include <algorithm>
#include <cctype>

using namespace Qt::StringLiterals;
using pulse::graphql::ObjectSource;
using pulse::graphql::Resolved;

namespace pulse::api {

namespace {

QString fromStd(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::int64_t windowCount(TimestampMs fromMs, TimestampMs toMs, std::int64_t stepMs)
{
    return toMs < fromMs ? 0 : (toMs - fromMs) / stepMs + 1;
}

/** Which series a subscription or stream wants, decided without allocating. */
struct SeriesMatcher {
    std::optional<SeriesSelector> selector;
    std::string name;
    std::string source;
    bool hasSource = false;

    bool matches(const SeriesInfo& info) const
    {
        if (selector)
            return selector->matches(info);
        return info.name == name && (!hasSource || info.tag("source") == source);
    }
};

std::optional<SeriesSelector> parseSelector(const QString& text, QString& error)
{
    const QByteArray utf8 = text.toUtf8();
    SelectorParse parsed
        = SeriesSelector::parse(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    if (!parsed.isOk())
        error = u"Invalid series selector \""_s + text + u"\": "_s + fromStd(parsed.error);
    return parsed.selector;
}

/** `name{source=value}` with all ASCII punctuation escaped: the store filters while it scans, nothing is copied. */
std::optional<SeriesSelector> literalSelector(const SeriesMatcher& m)
{
    const auto escaped = [](const std::string& text) {
        std::string out;
        for (char c : text) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x80 && !std::isalnum(u))
                out += '\\';
            out += c;
        }
        return out;
    };
    if (m.name.empty())
        return std::nullopt;
    const std::string text = escaped(m.name) + (m.hasSource ? "{source=" + escaped(m.source) + "}" : std::string());
    return SeriesSelector::parse(text).selector;
}

SeriesMatcher nameMatcher(const QString& name, const QJsonValue& sourceId)
{
    SeriesMatcher m;
    m.name = name.toStdString();
    m.hasSource = sourceId.isString();
    m.source = sourceId.toString().toStdString();
    return m;
}

class QueryRoot final : public ObjectSource {
public:
    explicit QueryRoot(const MetricsGraphqlService& service)
        : m_service(service)
    { }
    QString typeName() const override { return u"Query"_s; }
    Resolved resolve(const QString& field, const QJsonObject& args) const override
    {
        if (field == u"series"_s)
            return series(args);
        if (field == u"metrics"_s || field == u"seriesMetrics"_s)
            return points(field == u"metrics"_s, args);
        return Resolved::null();
    }

private:
    Resolved series(const QJsonObject& args) const
    {
        QString error;
        const std::optional<SeriesSelector> selector = parseSelector(args.value(u"match"_s).toString(), error);
        if (!selector)
            return Resolved::fail(error);
        std::vector<Resolved> out;
        for (const CatalogEntry& e : m_service.store().catalog()) {
            if (e.info && selector->matches(*e.info))
                out.push_back(Resolved::of(makeSeriesObject(*e.info, e.info, e.lastUpdateMs)));
        }
        return Resolved::listOf(std::move(out));
    }

    Resolved points(bool isByName, const QJsonObject& args) const
    {
        SeriesMatcher matcher;
        QString error;
        if (isByName) {
            matcher = nameMatcher(args.value(u"name"_s).toString(), args.value(u"sourceId"_s));
        } else {
            matcher.selector = parseSelector(args.value(u"match"_s).toString(), error);
            if (!matcher.selector)
                return Resolved::fail(error);
        }
        const QString fromText = args.value(u"from"_s).toString();
        const QString toText = args.value(u"to"_s).toString();
        const std::optional<TimestampMs> fromMs = parseTimestamp(fromText);
        const std::optional<TimestampMs> toMs = parseTimestamp(toText);
        const QString expected = u": expected ISO-8601 UTC (2026-01-01T00:00:00.000Z) or epoch milliseconds."_s;
        if (!fromMs)
            return Resolved::fail(u"Invalid timestamp \""_s + fromText + u"\" for \"from\""_s + expected);
        if (!toMs)
            return Resolved::fail(u"Invalid timestamp \""_s + toText + u"\" for \"to\""_s + expected);
        if (*fromMs > *toMs)
            return Resolved::fail(u"\"from\" ("_s + fromText + u") is after \"to\" ("_s + toText + u")."_s);
        const std::optional<std::size_t> resolution
            = m_service.resolutionFor(args.value(u"resolution"_s).toString(), *fromMs, *toMs, error);
        if (!resolution)
            return Resolved::fail(error);

        std::vector<CatalogEntry> entries;
        const std::optional<SeriesSelector> selector = matcher.selector ? matcher.selector : literalSelector(matcher);
        for (const SeriesInfoPtr& info : m_service.store().findSeries(selector.value_or(SeriesSelector()))) {
            if (!matcher.matches(*info))
                continue;
            if (std::optional<CatalogEntry> e = m_service.store().entry(info->id))
                entries.push_back(std::move(*e));
        }
        m_seriesRead += entries.size();
        if (m_seriesRead > kMaxRequestSeries)
            return Resolved::fail(u"The request reads more than %1 series in all; split it."_s.arg(kMaxRequestSeries));
        if (entries.size() > kMaxQuerySeries)
            return Resolved::fail(
                u"%1 series match; a query reads at most %2. Narrow the selector."_s.arg(entries.size())
                    .arg(kMaxQuerySeries));
        const PointRange range { *fromMs, *toMs, *resolution };
        std::vector<Resolved> out;
        if (!isByName) {
            for (const CatalogEntry& e : entries) {
                auto sp = std::make_shared<SeriesPointsObject>(
                    makeSeriesObject(*e.info, e.info, e.lastUpdateMs), readPoints(m_service.store(), e, range));
                out.push_back(Resolved::of(std::move(sp)));
            }
            return Resolved::listOf(std::move(out));
        }
        if (entries.size() == 1)
            return Resolved::listOf(pointsOnly(readPoints(m_service.store(), entries.front(), range)));
        // Several series share the name: merge by time, then series id (the catalog's order).
        std::vector<TimedPoint> all;
        for (const CatalogEntry& e : entries) {
            std::vector<TimedPoint> points = readPoints(m_service.store(), e, range);
            std::move(points.begin(), points.end(), std::back_inserter(all));
        }
        std::stable_sort(
            all.begin(), all.end(), [](const TimedPoint& a, const TimedPoint& b) { return a.timeMs < b.timeMs; });
        return Resolved::listOf(pointsOnly(std::move(all)));
    }

    static std::vector<Resolved> pointsOnly(std::vector<TimedPoint> points)
    {
        std::vector<Resolved> out;
        out.reserve(points.size());
        for (TimedPoint& p : points)
            out.push_back(std::move(p.point));
        return out;
    }

    class SeriesPointsObject final : public ObjectSource {
    public:
        SeriesPointsObject(graphql::ObjectPtr series, std::vector<TimedPoint> points)
            : m_series(std::move(series))
            , m_points(std::move(points))
        { }
        QString typeName() const override { return u"SeriesPoints"_s; }
        Resolved resolve(const QString& field, const QJsonObject&) const override
        {
            if (field == u"series"_s)
                return Resolved::of(m_series);
            std::vector<Resolved> out;
            out.reserve(m_points.size());
            for (const TimedPoint& p : m_points)
                out.push_back(p.point);
            return Resolved::listOf(std::move(out));
        }

    private:
        graphql::ObjectPtr m_series;
        std::vector<TimedPoint> m_points;
    };

    const MetricsGraphqlService& m_service;
    mutable std::size_t m_seriesRead = 0; // one root per request, used by one thread
};

/** The root value of one subscription event: every root field resolves to the closed window. */
class SubscriptionRoot final : public ObjectSource {
public:
    explicit SubscriptionRoot(graphql::ObjectPtr point)
        : m_point(std::move(point))
    { }
    QString typeName() const override { return u"Subscription"_s; }
    Resolved resolve(const QString&, const QJsonObject&) const override { return Resolved::of(m_point); }

private:
    graphql::ObjectPtr m_point;
};

class GraphqlSubscription final : public PreparedSubscription {
public:
    GraphqlSubscription(std::shared_ptr<const graphql::Schema> schema, graphql::PreparedRequest request,
        SeriesMatcher matcher, std::uint16_t spec, const RollingStore* store, bool isLive)
        : m_schema(std::move(schema))
        , m_request(std::move(request))
        , m_plan(SubscriptionPlan::make(*m_schema, m_request))
        , m_matcher(std::move(matcher))
        , m_spec(spec)
        , m_store(store)
        , m_isLive(isLive)
    { }
    std::uint16_t specIndex() const override { return m_spec; }
    bool isLive() const override { return m_isLive; }
    bool wants(const SeriesInfo& series) const override { return m_matcher.matches(series); }
    QJsonObject render(const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch,
        bool isProvisional) const override
    {
        if (m_plan) {
            if (std::optional<QJsonObject> payload = m_plan->render(result, batch, isProvisional))
                return *payload;
        }
        const SubscriptionRoot root(makeWindowPoint(series, result, batch, m_store, isProvisional));
        return graphql::execute(*m_schema, m_request, root);
    }
    QByteArray renderJson(const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch,
        bool isProvisional) const override
    {
        if (m_plan) {
            if (std::optional<QByteArray> payload = m_plan->renderJson(result, batch, isProvisional))
                return *payload;
        }
        return PreparedSubscription::renderJson(series, result, batch, isProvisional);
    }

private:
    std::shared_ptr<const graphql::Schema> m_schema;
    graphql::PreparedRequest m_request;
    std::optional<SubscriptionPlan> m_plan;
    SeriesMatcher m_matcher;
    std::uint16_t m_spec;
    const RollingStore* m_store;
    bool m_isLive;
};

class StreamSubscription final : public PreparedSubscription {
public:
    StreamSubscription(SeriesMatcher matcher, std::uint16_t spec)
        : m_matcher(std::move(matcher))
        , m_spec(spec)
    { }
    std::uint16_t specIndex() const override { return m_spec; }
    bool wants(const SeriesInfo& series) const override { return m_matcher.matches(series); }
    QJsonObject render(
        const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch, bool) const override
    {
        return windowPointJson(series, result, batch); // closed windows only: isLive() is false
    }

private:
    SeriesMatcher m_matcher;
    std::uint16_t m_spec;
};

graphql::Error requestError(const QString& message, const graphql::OperationDefinition& op)
{
    return { message, { op.location }, {} };
}

} // namespace

MetricsGraphqlService::MetricsGraphqlService(
    const RollingStore& store, std::vector<WindowSpec> engineSpecs, const Clock& clock)
    : m_store(store)
    , m_specs(std::move(engineSpecs))
    , m_clock(clock)
    , m_schema(std::make_shared<const graphql::Schema>(metricsSchema()))
{
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        const WindowSpec& s = m_specs[i];
        if (s.isTumbling() && (!m_subscriptionSpec || s.sizeMs < m_specs[*m_subscriptionSpec].sizeMs))
            m_subscriptionSpec = static_cast<std::uint16_t>(i);
    }
}

std::optional<std::size_t> MetricsGraphqlService::resolutionFor(
    const QString& resolution, TimestampMs fromMs, TimestampMs toMs, QString& error) const
{
    const auto& resolutions = m_store.config().resolutions;
    std::vector<std::size_t> byStep(resolutions.size());
    for (std::size_t i = 0; i < byStep.size(); ++i)
        byStep[i] = i;
    std::stable_sort(byStep.begin(), byStep.end(),
        [&](std::size_t a, std::size_t b) { return resolutions[a].stepMs < resolutions[b].stepMs; });
    if (byStep.empty()) {
        error = u"The store has no resolution."_s;
        return std::nullopt;
    }
    if (resolution == u"auto"_s) {
        std::optional<std::size_t> fitting;
        for (std::size_t i : byStep) {
            if (windowCount(fromMs, toMs, resolutions[i].stepMs) > kAutoMaxPoints)
                continue;
            if (!fitting)
                fitting = i;
            if (m_clock.nowMs() - resolutions[i].spanMs <= fromMs)
                return i; // finest that fits and still holds `from`
        }
        return fitting ? *fitting : byStep.back();
    }
    const std::optional<std::int64_t> stepMs = parseDurationMs(resolution.toStdString());
    for (std::size_t i : byStep) {
        if (stepMs && *stepMs > 0 && resolutions[i].stepMs == *stepMs)
            return i;
    }
    QStringList valid;
    for (std::size_t i : byStep)
        valid.push_back(u"\""_s + fromStd(formatDurationMs(resolutions[i].stepMs)) + u'"');
    valid.push_back(u"\"auto\""_s);
    error = u"Unknown resolution \""_s + resolution + u"\"; valid resolutions are "_s + valid.join(u", "_s) + u'.';
    return std::nullopt;
}

graphql::PreparedRequest MetricsGraphqlService::prepare(const GraphqlRequest& request) const
{
    return graphql::prepareRequest(*m_schema, request.query, request.variables, request.operationName);
}

QJsonObject MetricsGraphqlService::execute(const GraphqlRequest& request) const
{
    const graphql::PreparedRequest prepared = prepare(request);
    if (!prepared.isOk())
        return graphql::errorResponse(prepared.errors);
    if (prepared.operation->type == graphql::OperationType::Subscription) {
        return graphql::errorResponse(
            { requestError(u"Subscriptions need a graphql-transport-ws connection; this transport runs queries only."_s,
                *prepared.operation) });
    }
    const QueryRoot root(*this);
    return graphql::execute(*m_schema, prepared, root);
}

SubscribeResult MetricsGraphqlService::subscribe(const GraphqlRequest& request) const
{
    SubscribeResult result;
    graphql::PreparedRequest prepared = prepare(request);
    if (!prepared.isOk()) {
        result.errors = graphql::errorsToJson(prepared.errors);
        return result;
    }
    if (prepared.operation->type != graphql::OperationType::Subscription) {
        const QueryRoot root(*this);
        result.singleResult = graphql::execute(*m_schema, prepared, root);
        return result;
    }
    const std::vector<const graphql::Selection*> fields = graphql::rootFields(*m_schema, prepared);
    std::vector<graphql::Error> errors;
    if (fields.size() != 1) {
        errors.push_back(
            requestError(u"A subscription must select exactly one top level field."_s, *prepared.operation));
    } else if (!m_subscriptionSpec) {
        errors.push_back(requestError(u"The pipeline has no tumbling window to subscribe to."_s, *prepared.operation));
    }
    SeriesMatcher matcher;
    bool isLive = false;
    if (errors.empty()) {
        const graphql::Selection& field = *fields.front();
        const std::optional<QJsonObject> args
            = graphql::fieldArguments(*m_schema, *m_schema->subscriptionType(), field, prepared.variables, errors);
        if (args)
            isLive = args->value(u"live"_s).toBool(false); // absent or null: closed windows only
        if (args && field.name == u"seriesUpdated"_s) {
            QString error;
            matcher.selector = parseSelector(args->value(u"match"_s).toString(), error);
            if (!matcher.selector)
                errors.push_back({ error, { field.location }, {} });
        } else if (args) {
            matcher = nameMatcher(args->value(u"name"_s).toString(), args->value(u"sourceId"_s));
        }
    }
    if (!errors.empty()) {
        result.errors = graphql::errorsToJson(errors);
        return result;
    }
    result.subscription = std::make_shared<GraphqlSubscription>(
        m_schema, std::move(prepared), std::move(matcher), *m_subscriptionSpec, &m_store, isLive);
    return result;
}

std::shared_ptr<const PreparedSubscription> MetricsGraphqlService::stream(
    const QString& name, const QString& sourceId) const
{
    if (name.isEmpty() || !m_subscriptionSpec)
        return nullptr;
    return std::make_shared<StreamSubscription>(
        nameMatcher(name, sourceId.isEmpty() ? QJsonValue() : QJsonValue(sourceId)), *m_subscriptionSpec);
}

} // namespace pulse::api
