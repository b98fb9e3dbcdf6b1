#pragma once

#include "graphql/ast.h"
#include "graphql/schema.h"

#include <QJsonObject>
#include <QJsonValue>

#include <optional>
#include <vector>

namespace pulse::graphql {

/**
 * Why a literal cannot be a value of `type` (spec "Values of Correct Type"), e.g.
 * `Expected value of type "String!", found 1; String cannot represent a non string value: 1`; empty when it can.
 * Variables inside the literal are not judged here (see "All Variable Usages Are Allowed").
 */
QString literalError(const Schema& schema, const Value& literal, const TypeRef& type);

/** The coerced value of a valid literal, variables substituted from already coerced `variables`. */
QJsonValue valueFromLiteral(
    const Schema& schema, const Value& literal, const TypeRef& type, const QJsonObject& variables);

/** Coerces a JSON input (a variable value) to `type`; on failure returns false and says why in `why`. */
bool coerceInput(const Schema& schema, const QJsonValue& input, const TypeRef& type, QJsonValue& out, QString& why);

/** Spec CoerceVariableValues: the operation's variables with defaults applied; nullopt with errors when invalid. */
std::optional<QJsonObject> coerceVariableValues(
    const Schema& schema, const OperationDefinition& operation, const QJsonObject& inputs, std::vector<Error>& errors);

/**
 * Spec CoerceArgumentValues for a validated field or directive: literals, variables and defaults. A missing required
 * argument or a null variable in a non-null position adds an error (located at `location`) and returns nullopt.
 */
std::optional<QJsonObject> coerceArgumentValues(const Schema& schema, const std::vector<InputValueDef>& defs,
    const std::vector<Argument>& arguments, const QJsonObject& variables, Location location,
    std::vector<Error>& errors);

/** A JSON value as GraphQL would print it in a message: `"x"`, `12`, `[1, 2]`, `{a: 1}`. */
QString printJson(const QJsonValue& value);

} // namespace pulse::graphql
