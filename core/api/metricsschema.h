#pragma once

#include "graphql/schema.h"
#include "model/clock.h"

#include <QString>

#include <optional>

namespace pulse::api {

/** The Pulseboard GraphQL schema (Query, Subscription, MetricPoint, Series, SeriesPoints, Tag). */
graphql::Schema metricsSchema();

/** ISO-8601 UTC with milliseconds: `2026-11-28T12:00:00.000Z`. */
QString formatTimestamp(TimestampMs ms);

/** An ISO-8601 date-time (UTC unless it has an offset; milliseconds optional) or epoch milliseconds. */
std::optional<TimestampMs> parseTimestamp(const QString& text);

} // namespace pulse::api
