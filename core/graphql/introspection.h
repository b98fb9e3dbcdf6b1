#pragma once

#include "graphql/executor.h"
#include "graphql/schema.h"

namespace pulse::graphql {

/** The `__schema` object over a schema (which must outlive it). */
ObjectPtr introspectSchema(const Schema& schema);

/** The `__type(name:)` object, or null when the schema has no such type. */
ObjectPtr introspectType(const Schema& schema, const QString& name);

} // namespace pulse::graphql
