#pragma once

#include "graphql/ast.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace pulse::graphql {

enum class TypeKind : std::uint8_t { Scalar, Object, Interface, Union, Enum, InputObject };

/** `SCALAR`, `OBJECT`, ... as __TypeKind spells it. */
QString typeKindName(TypeKind kind);

/** An argument or input field. */
struct InputValueDef {
    QString name;
    TypeRef type;
    std::optional<Value> defaultValue; ///< a constant literal
    QString description;
};

struct FieldDef {
    QString name;
    TypeRef type;
    std::vector<InputValueDef> args;
    QString description;
    bool isDeprecated = false;
    QString deprecationReason;

    const InputValueDef* arg(const QString& argName) const;
};

struct EnumValueDef {
    QString name;
    QString description;
    bool isDeprecated = false;
    QString deprecationReason;
};

struct TypeDef {
    TypeKind kind = TypeKind::Object;
    QString name;
    QString description;
    std::vector<FieldDef> fields; ///< Object, Interface
    std::vector<EnumValueDef> enumValues; ///< Enum
    std::vector<InputValueDef> inputFields; ///< InputObject
    QStringList interfaces; ///< Object
    QStringList possibleTypes; ///< Interface, Union
    QString specifiedByUrl; ///< Scalar

    const FieldDef* field(const QString& fieldName) const;
    bool hasEnumValue(const QString& value) const;
    bool isLeaf() const { return kind == TypeKind::Scalar || kind == TypeKind::Enum; }
    bool isComposite() const
    {
        return kind == TypeKind::Object || kind == TypeKind::Interface || kind == TypeKind::Union;
    }
    bool isInput() const { return isLeaf() || kind == TypeKind::InputObject; }
};

struct DirectiveDef {
    QString name;
    QString description;
    QStringList locations; ///< `FIELD`, `FRAGMENT_SPREAD`, ...
    std::vector<InputValueDef> args;
    bool isRepeatable = false;
};

/** Shorthand for schema building: the type is written in GraphQL (`[Tag!]!`), the default as a literal (`"auto"`). */
InputValueDef makeArg(
    const QString& name, const QString& type, const QString& defaultLiteral = {}, const QString& description = {});
FieldDef makeField(
    const QString& name, const QString& type, const QString& description = {}, std::vector<InputValueDef> args = {});

/**
 * A schema: named types, root operation types and directives. Starts with the built-in scalars (Int, Float, String,
 * Boolean, ID), the introspection types and the @include/@skip/@deprecated/@specifiedBy directives.
 * Immutable once built, so any thread may read it.
 */
class Schema {
public:
    Schema();

    /** Adds or replaces a type. */
    void addType(TypeDef type);
    void setQueryType(const QString& name) { m_query = name; }
    void setMutationType(const QString& name) { m_mutation = name; }
    void setSubscriptionType(const QString& name) { m_subscription = name; }
    void setDescription(const QString& description) { m_description = description; }

    const TypeDef* type(const QString& name) const;
    const TypeDef* queryType() const { return type(m_query); }
    const TypeDef* mutationType() const { return m_mutation.isEmpty() ? nullptr : type(m_mutation); }
    const TypeDef* subscriptionType() const { return m_subscription.isEmpty() ? nullptr : type(m_subscription); }
    const TypeDef* rootType(OperationType operation) const;
    const QString& description() const { return m_description; }
    /** Every type in the order added (built-ins first). */
    const std::vector<std::unique_ptr<TypeDef>>& types() const { return m_types; }
    const std::vector<DirectiveDef>& directives() const { return m_directives; }
    const DirectiveDef* directive(const QString& name) const;

    /**
     * A field of a composite type, including the meta-fields: `__typename` everywhere, `__schema` and `__type` on
     * the query root.
     */
    const FieldDef* field(const TypeDef& parent, const QString& name) const;
    /** Whether an object of type `objectType` is also of type `condition` (same type, interface or union member). */
    bool isPossibleType(const TypeDef& condition, const QString& objectType) const;
    /** Whether two composite types can have an object in common. */
    bool overlap(const TypeDef& a, const TypeDef& b) const;

private:
    void addIntrospectionTypes();

    std::vector<std::unique_ptr<TypeDef>> m_types;
    QHash<QString, std::size_t> m_index;
    std::vector<DirectiveDef> m_directives;
    QString m_query = QStringLiteral("Query");
    QString m_mutation;
    QString m_subscription;
    QString m_description;
    FieldDef m_typename;
    FieldDef m_schemaField;
    FieldDef m_typeField;
};

} // namespace pulse::graphql
