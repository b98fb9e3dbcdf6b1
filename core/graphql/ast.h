#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace pulse::graphql {

/** 1-based line and column (UTF-16 code units) of a token in the document. */
struct Location {
    int line = 0;
    int column = 0;
    friend bool operator==(const Location&, const Location&) = default;
};

/** One GraphQL error as the response carries it: message, locations and (during execution) the response path. */
struct Error {
    QString message;
    std::vector<Location> locations;
    QJsonArray path;

    QJsonObject toJson() const;
};

QJsonArray errorsToJson(const std::vector<Error>& errors);

struct ObjectField;

/** A value literal as written in the document (variables not yet substituted). */
struct Value {
    enum class Kind : std::uint8_t { Variable, Int, Float, String, Boolean, Null, Enum, List, Object };
    Kind kind = Kind::Null;
    QString text; ///< variable name, number digits, string contents, enum name
    bool boolean = false;
    std::vector<Value> list;
    std::vector<ObjectField> fields; ///< object fields in document order
    std::vector<Location> fieldLocations; ///< one per object field
    Location location;

    /** The literal as GraphQL source, e.g. `{a: [1, "x"]}`, for error messages. */
    QString print() const;
};

/** One `name: value` of an object literal. */
struct ObjectField {
    QString name;
    Value value;
};

/** A type reference: `Name`, `[T]` or `T!`. */
struct TypeRef {
    enum class Kind : std::uint8_t { Named, List, NonNull };
    Kind kind = Kind::Named;
    QString name; ///< Named only
    std::shared_ptr<const TypeRef> ofType; ///< List and NonNull

    static TypeRef named(QString name);
    static TypeRef list(TypeRef of);
    static TypeRef nonNull(TypeRef of);
    /** The innermost named type. */
    const QString& namedType() const;
    bool isNonNull() const { return kind == Kind::NonNull; }
    /** GraphQL spelling: `[Tag!]!`. */
    QString toString() const;
    friend bool operator==(const TypeRef& a, const TypeRef& b);
};

struct Argument {
    QString name;
    Value value;
    Location location;
};

struct Directive {
    QString name;
    std::vector<Argument> arguments;
    Location location;
};

/** A field, a fragment spread or an inline fragment. */
struct Selection {
    enum class Kind : std::uint8_t { Field, FragmentSpread, InlineFragment };
    Kind kind = Kind::Field;
    QString alias; ///< Field: empty when none
    QString name; ///< Field name or spread fragment name
    std::vector<Argument> arguments;
    std::vector<Directive> directives;
    QString typeCondition; ///< InlineFragment: empty when none
    bool hasSelectionSet = false;
    std::vector<Selection> selectionSet;
    Location location;

    const QString& responseKey() const { return alias.isEmpty() ? name : alias; }
};

enum class OperationType : std::uint8_t { Query, Mutation, Subscription };

struct VariableDefinition {
    QString name;
    TypeRef type;
    std::optional<Value> defaultValue;
    std::vector<Directive> directives;
    Location location;
};

struct OperationDefinition {
    OperationType type = OperationType::Query;
    QString name; ///< empty for anonymous operations
    std::vector<VariableDefinition> variables;
    std::vector<Directive> directives;
    std::vector<Selection> selectionSet;
    Location location;
};

struct FragmentDefinition {
    QString name;
    QString typeCondition;
    std::vector<Directive> directives;
    std::vector<Selection> selectionSet;
    Location location;
};

/** An executable document: operations and fragments in document order. */
struct Document {
    std::vector<OperationDefinition> operations;
    std::vector<FragmentDefinition> fragments;
    QHash<QString, std::size_t> fragmentIndex; ///< name → first fragment of that name; filled by the parser

    const FragmentDefinition* fragment(const QString& name) const;
};

QString operationTypeName(OperationType type);

} // namespace pulse::graphql
