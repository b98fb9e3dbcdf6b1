#pragma once

#include "graphql/ast.h"
#include "graphql/schema.h"

#include <cstddef>
#include <vector>

namespace pulse::graphql {

/** Bounds on what an operation may ask for once its fragments are expanded. */
struct ValidationLimits {
    int maxDepth = 32; ///< nested fields
    std::size_t maxFields = 10'000; ///< field selections, each fragment spread counted as often as it is spread
};

/**
 * Validates an executable document against a schema (spec October 2021, section 5): the operation, field, argument,
 * fragment, value, directive and variable rules, plus the limits. Returns every problem found, each with locations.
 */
std::vector<Error> validate(const Schema& schema, const Document& document, const ValidationLimits& limits = {});

/** Spec GetOperation: the operation to run for `operationName` (empty: the only one); nullptr with an error if none. */
const OperationDefinition* selectOperation(
    const Document& document, const QString& operationName, std::vector<Error>& errors);

} // namespace pulse::graphql
