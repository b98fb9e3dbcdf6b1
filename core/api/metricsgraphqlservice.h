#pragma once

#include "api/graphqlservice.h"
#include "graphql/executor.h"
#include "graphql/schema.h"
#include "model/clock.h"
#include "store/rollingstore.h"
#include "window/windowresult.h"

#include <memory>
#include <optional>
#include <vector>

namespace pulse::api {

/** Most series one query may read points of (`metrics`, `seriesMetrics`); more is a GraphQL error. */
inline constexpr std::size_t kMaxQuerySeries = 1000;
/** Most series one request may read points of in all its fields together (aliases repeat fields). */
inline constexpr std::size_t kMaxRequestSeries = 10'000;
/** `resolution: "auto"` takes the finest store resolution with at most this many windows in the range. */
inline constexpr std::int64_t kAutoMaxPoints = 1000;

/**
 * The Pulseboard schema (metricsSchema()) over the in-memory rolling store: `Query.metrics/series/seriesMetrics` read
 * closed windows at one store resolution; the subscriptions `metricUpdated/seriesUpdated` and `/metrics/stream` render
 * the closed windows of the finest tumbling engine spec, and subscriptions with `live: true` also its provisional
 * results (the live edge, `provisional: true`).
 *
 * `metrics(name, sourceId)` answers for every series with that name (and `source` tag): points are ordered by time,
 * then by series, and each carries `series` — the same points `metricUpdated` with the same arguments delivers live.
 *
 * Thread-safe: every method is const, reads the store lock-free and keeps no state between calls. The store must
 * outlive the service and every subscription it prepared.
 */
class MetricsGraphqlService final : public GraphqlService {
public:
    /** `engineSpecs`: the pipeline's window specs (Pipeline::engineConfig().specs), the store's resolutions first. */
    MetricsGraphqlService(
        const RollingStore& store, std::vector<WindowSpec> engineSpecs, const Clock& clock = SystemClock::instance());

    QJsonObject execute(const GraphqlRequest& request) const override;
    SubscribeResult subscribe(const GraphqlRequest& request) const override;
    std::shared_ptr<const PreparedSubscription> stream(const QString& name, const QString& sourceId) const override;

    const graphql::Schema& schema() const { return *m_schema; }
    const RollingStore& store() const { return m_store; }
    /** The spec subscriptions render (finest tumbling); nullopt when the engine has none. */
    std::optional<std::uint16_t> subscriptionSpec() const { return m_subscriptionSpec; }

    /** The store resolution index for a `resolution` argument over [fromMs, toMs]; nullopt with a message if unknown.
     */
    std::optional<std::size_t> resolutionFor(
        const QString& resolution, TimestampMs fromMs, TimestampMs toMs, QString& error) const;

private:
    graphql::PreparedRequest prepare(const GraphqlRequest& request) const;

    const RollingStore& m_store;
    std::vector<WindowSpec> m_specs;
    const Clock& m_clock;
    std::shared_ptr<const graphql::Schema> m_schema;
    std::optional<std::uint16_t> m_subscriptionSpec;
};

} // namespace pulse::api
