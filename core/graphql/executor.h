#pragma once

#include "graphql/ast.h"
#include "graphql/parser.h"
#include "graphql/schema.h"
#include "graphql/validator.h"

#include <QJsonObject>
#include <QJsonValue>

#include <memory>
#include <vector>

namespace pulse::graphql {

class ObjectSource;
using ObjectPtr = std::shared_ptr<const ObjectSource>;

/** What a resolver returns for one field: a leaf JSON value, an object, a list of them, null or an error. */
struct Resolved {
    enum class Kind : std::uint8_t { Null, Leaf, Object, List, Error };
    Kind kind = Kind::Null;
    QJsonValue leaf;
    ObjectPtr object;
    std::vector<Resolved> list;
    QString error;

    static Resolved null() { return {}; }
    static Resolved value(QJsonValue v);
    /** A number, or null when it is NaN or infinite (a window without that statistic). */
    static Resolved number(double v);
    static Resolved of(ObjectPtr o);
    static Resolved listOf(std::vector<Resolved> items);
    static Resolved fail(QString message);
};

/** An object of the schema at run time: its concrete type and its fields' resolvers. */
class ObjectSource {
public:
    virtual ~ObjectSource() = default;
    /** The name of its object type in the schema. */
    virtual QString typeName() const = 0;
    /** The value of a field of its type (never a meta-field); `args` are coerced, defaults applied. */
    virtual Resolved resolve(const QString& field, const QJsonObject& args) const = 0;
};

/** A request after parsing, validation, operation selection and variable coercion. */
struct PreparedRequest {
    std::shared_ptr<const Document> document;
    const OperationDefinition* operation = nullptr; ///< points into *document
    QJsonObject variables; ///< coerced
    std::vector<Error> errors; ///< non-empty: the request must not run
    bool isOk() const { return operation && errors.empty(); }
};

/** Parses, validates, selects the operation and coerces its variables (spec sections 2, 5 and 6.1). */
PreparedRequest prepareRequest(const Schema& schema, const QString& query, const QJsonObject& variables,
    const QString& operationName, const ParseLimits& parseLimits = {}, const ValidationLimits& validationLimits = {});

/**
 * Executes a prepared operation's selection set on `root` (an object of the operation's root type): the response
 * `{"data": …}` plus `"errors"` when a field failed, with null propagation, aliases, fragments, @include/@skip,
 * `__typename` and the introspection fields `__schema` and `__type`.
 */
QJsonObject execute(const Schema& schema, const PreparedRequest& request, const ObjectSource& root);

/**
 * Spec CollectFields on the root type of a prepared operation, with @skip/@include applied: the first field of each
 * response key, in document order (a subscription has exactly one after validation unless directives removed it).
 */
std::vector<const Selection*> rootFields(const Schema& schema, const PreparedRequest& request);

/**
 * Spec CollectFields on the selection set of `field` for an object of `objectType`, with fragments and @skip/@include
 * applied: each response key with the first field selected under it, in document order.
 */
std::vector<std::pair<QString, const Selection*>> subFields(
    const Schema& schema, const PreparedRequest& request, const TypeDef& objectType, const Selection& field);

/** The coerced arguments of a field of `parent`; nullopt with errors when invalid (or the field is unknown). */
std::optional<QJsonObject> fieldArguments(const Schema& schema, const TypeDef& parent, const Selection& field,
    const QJsonObject& variables, std::vector<Error>& errors);

/** The response for a request that failed before execution: `{"errors": [...]}` (no data). */
QJsonObject errorResponse(const std::vector<Error>& errors);

} // namespace pulse::graphql
