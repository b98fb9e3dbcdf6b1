#include "graphql/schema.h"

#include "graphql/parser.h"

using namespace Qt::StringLiterals;

namespace pulse::graphql {

QString typeKindName(TypeKind kind)
{
    switch (kind) {
    case TypeKind::Scalar:
        return u"SCALAR"_s;
    case TypeKind::Object:
        return u"OBJECT"_s;
    case TypeKind::Interface:
        return u"INTERFACE"_s;
    case TypeKind::Union:
        return u"UNION"_s;
    case TypeKind::Enum:
        return u"ENUM"_s;
    case TypeKind::InputObject:
        return u"INPUT_OBJECT"_s;
    }
    return {};
}

const InputValueDef* FieldDef::arg(const QString& argName) const
{
    for (const InputValueDef& a : args) {
        if (a.name == argName)
            return &a;
    }
    return nullptr;
}

const FieldDef* TypeDef::field(const QString& fieldName) const
{
    for (const FieldDef& f : fields) {
        if (f.name == fieldName)
            return &f;
    }
    return nullptr;
}

bool TypeDef::hasEnumValue(const QString& value) const
{
    for (const EnumValueDef& v : enumValues) {
        if (v.name == value)
            return true;
    }
    return false;
}

InputValueDef makeArg(
    const QString& name, const QString& type, const QString& defaultLiteral, const QString& description)
{
    InputValueDef a;
    a.name = name;
    const std::optional<TypeRef> t = parseTypeRef(type);
    Q_ASSERT(t);
    a.type = t.value_or(TypeRef::named(type));
    if (!defaultLiteral.isEmpty())
        a.defaultValue = parseConstValue(defaultLiteral);
    a.description = description;
    return a;
}

FieldDef makeField(
    const QString& name, const QString& type, const QString& description, std::vector<InputValueDef> args)
{
    FieldDef f;
    f.name = name;
    const std::optional<TypeRef> t = parseTypeRef(type);
    Q_ASSERT(t);
    f.type = t.value_or(TypeRef::named(type));
    f.description = description;
    f.args = std::move(args);
    return f;
}

namespace {

TypeDef scalar(const QString& name, const QString& description)
{
    TypeDef t;
    t.kind = TypeKind::Scalar;
    t.name = name;
    t.description = description;
    return t;
}

TypeDef object(const QString& name, const QString& description, std::vector<FieldDef> fields)
{
    TypeDef t;
    t.kind = TypeKind::Object;
    t.name = name;
    t.description = description;
    t.fields = std::move(fields);
    return t;
}

TypeDef enumType(const QString& name, const QString& description, const QStringList& values)
{
    TypeDef t;
    t.kind = TypeKind::Enum;
    t.name = name;
    t.description = description;
    for (const QString& v : values)
        t.enumValues.push_back({ v, {}, false, {} });
    return t;
}

InputValueDef includeDeprecated()
{
    return makeArg(u"includeDeprecated"_s, u"Boolean"_s, u"false"_s);
}

} // namespace

Schema::Schema()
{
    addType(scalar(u"Int"_s, u"The `Int` scalar type represents non-fractional signed whole numeric values."_s));
    addType(scalar(u"Float"_s, u"The `Float` scalar type represents signed double-precision fractional values."_s));
    addType(scalar(u"String"_s, u"The `String` scalar type represents textual data, as UTF-8 character sequences."_s));
    addType(scalar(u"Boolean"_s, u"The `Boolean` scalar type represents `true` or `false`."_s));
    addType(scalar(u"ID"_s, u"The `ID` scalar type represents a unique identifier."_s));
    addIntrospectionTypes();

    const QStringList executable { u"FIELD"_s, u"FRAGMENT_SPREAD"_s, u"INLINE_FRAGMENT"_s };
    m_directives.push_back({ u"include"_s,
        u"Directs the executor to include this field or fragment only when the `if` argument is true."_s, executable,
        { makeArg(u"if"_s, u"Boolean!"_s, {}, u"Included when true."_s) }, false });
    m_directives.push_back(
        { u"skip"_s, u"Directs the executor to skip this field or fragment when the `if` argument is true."_s,
            executable, { makeArg(u"if"_s, u"Boolean!"_s, {}, u"Skipped when true."_s) }, false });
    m_directives.push_back({ u"deprecated"_s, u"Marks an element of a GraphQL schema as no longer supported."_s,
        { u"FIELD_DEFINITION"_s, u"ARGUMENT_DEFINITION"_s, u"INPUT_FIELD_DEFINITION"_s, u"ENUM_VALUE"_s },
        { makeArg(u"reason"_s, u"String"_s, u"\"No longer supported\""_s) }, false });
    m_directives.push_back({ u"specifiedBy"_s, u"Exposes a URL that specifies the behavior of this scalar."_s,
        { u"SCALAR"_s }, { makeArg(u"url"_s, u"String!"_s) }, false });

    m_typename = makeField(u"__typename"_s, u"String!"_s, u"The name of the current Object type at runtime."_s);
    m_schemaField = makeField(u"__schema"_s, u"__Schema!"_s, u"Access the current type schema of this server."_s);
    m_typeField = makeField(u"__type"_s, u"__Type"_s, u"Request the type information of a single type."_s,
        { makeArg(u"name"_s, u"String!"_s) });
}

void Schema::addIntrospectionTypes()
{
    addType(object(u"__Schema"_s, u"A GraphQL Schema defines the capabilities of a GraphQL server."_s,
        { makeField(u"description"_s, u"String"_s), makeField(u"types"_s, u"[__Type!]!"_s),
            makeField(u"queryType"_s, u"__Type!"_s), makeField(u"mutationType"_s, u"__Type"_s),
            makeField(u"subscriptionType"_s, u"__Type"_s), makeField(u"directives"_s, u"[__Directive!]!"_s) }));
    addType(object(u"__Type"_s, u"The fundamental unit of any GraphQL Schema is the type."_s,
        { makeField(u"kind"_s, u"__TypeKind!"_s), makeField(u"name"_s, u"String"_s),
            makeField(u"description"_s, u"String"_s), makeField(u"specifiedByURL"_s, u"String"_s),
            makeField(u"fields"_s, u"[__Field!]"_s, {}, { includeDeprecated() }),
            makeField(u"interfaces"_s, u"[__Type!]"_s), makeField(u"possibleTypes"_s, u"[__Type!]"_s),
            makeField(u"enumValues"_s, u"[__EnumValue!]"_s, {}, { includeDeprecated() }),
            makeField(u"inputFields"_s, u"[__InputValue!]"_s, {}, { includeDeprecated() }),
            makeField(u"ofType"_s, u"__Type"_s) }));
    addType(object(u"__Field"_s, u"Object and Interface types are described by a list of Fields."_s,
        { makeField(u"name"_s, u"String!"_s), makeField(u"description"_s, u"String"_s),
            makeField(u"args"_s, u"[__InputValue!]!"_s, {}, { includeDeprecated() }),
            makeField(u"type"_s, u"__Type!"_s), makeField(u"isDeprecated"_s, u"Boolean!"_s),
            makeField(u"deprecationReason"_s, u"String"_s) }));
    addType(object(u"__InputValue"_s,
        u"Arguments provided to Fields or Directives and the input fields of an InputObject."_s,
        { makeField(u"name"_s, u"String!"_s), makeField(u"description"_s, u"String"_s),
            makeField(u"type"_s, u"__Type!"_s), makeField(u"defaultValue"_s, u"String"_s),
            makeField(u"isDeprecated"_s, u"Boolean!"_s), makeField(u"deprecationReason"_s, u"String"_s) }));
    addType(object(u"__EnumValue"_s, u"One possible value for a given Enum."_s,
        { makeField(u"name"_s, u"String!"_s), makeField(u"description"_s, u"String"_s),
            makeField(u"isDeprecated"_s, u"Boolean!"_s), makeField(u"deprecationReason"_s, u"String"_s) }));
    addType(object(u"__Directive"_s, u"A Directive provides a way to describe alternate runtime execution."_s,
        { makeField(u"name"_s, u"String!"_s), makeField(u"description"_s, u"String"_s),
            makeField(u"isRepeatable"_s, u"Boolean!"_s), makeField(u"locations"_s, u"[__DirectiveLocation!]!"_s),
            makeField(u"args"_s, u"[__InputValue!]!"_s, {}, { includeDeprecated() }) }));
    addType(enumType(u"__TypeKind"_s, u"An enum describing what kind of type a given `__Type` is."_s,
        { u"SCALAR"_s, u"OBJECT"_s, u"INTERFACE"_s, u"UNION"_s, u"ENUM"_s, u"INPUT_OBJECT"_s, u"LIST"_s,
            u"NON_NULL"_s }));
    addType(enumType(u"__DirectiveLocation"_s, u"A Directive can be adjacent to many parts of the GraphQL language."_s,
        { u"QUERY"_s, u"MUTATION"_s, u"SUBSCRIPTION"_s, u"FIELD"_s, u"FRAGMENT_DEFINITION"_s, u"FRAGMENT_SPREAD"_s,
            u"INLINE_FRAGMENT"_s, u"VARIABLE_DEFINITION"_s, u"SCHEMA"_s, u"SCALAR"_s, u"OBJECT"_s,
            u"FIELD_DEFINITION"_s, u"ARGUMENT_DEFINITION"_s, u"INTERFACE"_s, u"UNION"_s, u"ENUM"_s, u"ENUM_VALUE"_s,
            u"INPUT_OBJECT"_s, u"INPUT_FIELD_DEFINITION"_s }));
}

void Schema::addType(TypeDef type)
{
    const auto it = m_index.constFind(type.name);
    if (it != m_index.cend()) {
        *m_types[*it] = std::move(type);
        return;
    }
    m_index.insert(type.name, m_types.size());
    m_types.push_back(std::make_unique<TypeDef>(std::move(type)));
}

const TypeDef* Schema::type(const QString& name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.cend() ? nullptr : m_types[*it].get();
}

const TypeDef* Schema::rootType(OperationType operation) const
{
    switch (operation) {
    case OperationType::Query:
        return queryType();
    case OperationType::Mutation:
        return mutationType();
    case OperationType::Subscription:
        return subscriptionType();
    }
    return nullptr;
}

const DirectiveDef* Schema::directive(const QString& name) const
{
    for (const DirectiveDef& d : m_directives) {
        if (d.name == name)
            return &d;
    }
    return nullptr;
}

const FieldDef* Schema::field(const TypeDef& parent, const QString& name) const
{
    if (name.startsWith(u"__")) {
        if (name == u"__typename"_s && parent.isComposite())
            return &m_typename;
        if (parent.name == m_query) {
            if (name == u"__schema"_s)
                return &m_schemaField;
            if (name == u"__type"_s)
                return &m_typeField;
        }
    }
    return parent.field(name);
}

bool Schema::isPossibleType(const TypeDef& condition, const QString& objectType) const
{
    if (condition.name == objectType)
        return true;
    return condition.possibleTypes.contains(objectType);
}

bool Schema::overlap(const TypeDef& a, const TypeDef& b) const
{
    if (a.name == b.name)
        return true;
    const auto members
        = [](const TypeDef& t) { return t.kind == TypeKind::Object ? QStringList { t.name } : t.possibleTypes; };
    const QStringList am = members(a);
    const QStringList bm = members(b);
    for (const QString& n : am) {
        if (bm.contains(n))
            return true;
    }
    return false;
}

} // namespace pulse::graphql
