#include "graphql/introspection.h"

using namespace Qt::StringLiterals;

namespace pulse::graphql {

namespace {

Resolved text(const QString& s)
{
    return s.isNull() ? Resolved::null() : Resolved::value(s);
}

Resolved optionalText(const QString& s)
{
    return s.isEmpty() ? Resolved::null() : Resolved::value(s);
}

class TypeObject final : public ObjectSource {
public:
    TypeObject(const Schema& schema, const TypeDef* named, TypeRef ref)
        : m_schema(schema)
        , m_named(named)
        , m_ref(std::move(ref))
    { }
    static ObjectPtr fromRef(const Schema& schema, const TypeRef& ref)
    {
        const TypeDef* named = ref.kind == TypeRef::Kind::Named ? schema.type(ref.name) : nullptr;
        return std::make_shared<TypeObject>(schema, named, ref);
    }
    static ObjectPtr fromName(const Schema& schema, const QString& name)
    {
        const TypeDef* def = schema.type(name);
        return def ? std::make_shared<TypeObject>(schema, def, TypeRef::named(name)) : nullptr;
    }
    QString typeName() const override { return u"__Type"_s; }
    Resolved resolve(const QString& field, const QJsonObject& args) const override;

private:
    const Schema& m_schema;
    const TypeDef* m_named; // null for List and NonNull
    TypeRef m_ref;
};

class InputValueObject final : public ObjectSource {
public:
    InputValueObject(const Schema& schema, const InputValueDef& def)
        : m_schema(schema)
        , m_def(def)
    { }
    QString typeName() const override { return u"__InputValue"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"name"_s)
            return text(m_def.name);
        if (field == u"description"_s)
            return optionalText(m_def.description);
        if (field == u"type"_s)
            return Resolved::of(TypeObject::fromRef(m_schema, m_def.type));
        if (field == u"defaultValue"_s)
            return m_def.defaultValue ? text(m_def.defaultValue->print()) : Resolved::null();
        if (field == u"isDeprecated"_s)
            return Resolved::value(false);
        return Resolved::null();
    }

private:
    const Schema& m_schema;
    const InputValueDef& m_def;
};

Resolved inputValues(const Schema& schema, const std::vector<InputValueDef>& defs)
{
    std::vector<Resolved> out;
    for (const InputValueDef& d : defs)
        out.push_back(Resolved::of(std::make_shared<InputValueObject>(schema, d)));
    return Resolved::listOf(std::move(out));
}

class FieldObject final : public ObjectSource {
public:
    FieldObject(const Schema& schema, const FieldDef& def)
        : m_schema(schema)
        , m_def(def)
    { }
    QString typeName() const override { return u"__Field"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"name"_s)
            return text(m_def.name);
        if (field == u"description"_s)
            return optionalText(m_def.description);
        if (field == u"args"_s)
            return inputValues(m_schema, m_def.args);
        if (field == u"type"_s)
            return Resolved::of(TypeObject::fromRef(m_schema, m_def.type));
        if (field == u"isDeprecated"_s)
            return Resolved::value(m_def.isDeprecated);
        if (field == u"deprecationReason"_s)
            return optionalText(m_def.deprecationReason);
        return Resolved::null();
    }

private:
    const Schema& m_schema;
    const FieldDef& m_def;
};

class EnumValueObject final : public ObjectSource {
public:
    explicit EnumValueObject(const EnumValueDef& def)
        : m_def(def)
    { }
    QString typeName() const override { return u"__EnumValue"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"name"_s)
            return text(m_def.name);
        if (field == u"description"_s)
            return optionalText(m_def.description);
        if (field == u"isDeprecated"_s)
            return Resolved::value(m_def.isDeprecated);
        if (field == u"deprecationReason"_s)
            return optionalText(m_def.deprecationReason);
        return Resolved::null();
    }

private:
    const EnumValueDef& m_def;
};

class DirectiveObject final : public ObjectSource {
public:
    DirectiveObject(const Schema& schema, const DirectiveDef& def)
        : m_schema(schema)
        , m_def(def)
    { }
    QString typeName() const override { return u"__Directive"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"name"_s)
            return text(m_def.name);
        if (field == u"description"_s)
            return optionalText(m_def.description);
        if (field == u"isRepeatable"_s)
            return Resolved::value(m_def.isRepeatable);
        if (field == u"args"_s)
            return inputValues(m_schema, m_def.args);
        if (field == u"locations"_s) {
            std::vector<Resolved> out;
            for (const QString& l : m_def.locations)
                out.push_back(Resolved::value(l));
            return Resolved::listOf(std::move(out));
        }
        return Resolved::null();
    }

private:
    const Schema& m_schema;
    const DirectiveDef& m_def;
};

Resolved TypeObject::resolve(const QString& field, const QJsonObject& args) const
{
    if (field == u"kind"_s) {
        if (m_ref.kind == TypeRef::Kind::List)
            return Resolved::value(u"LIST"_s);
        if (m_ref.kind == TypeRef::Kind::NonNull)
            return Resolved::value(u"NON_NULL"_s);
        return m_named ? Resolved::value(typeKindName(m_named->kind)) : Resolved::fail(u"Unknown type."_s);
    }
    if (field == u"ofType"_s)
        return m_ref.ofType ? Resolved::of(fromRef(m_schema, *m_ref.ofType)) : Resolved::null();
    if (!m_named)
        return Resolved::null();
    const TypeDef& t = *m_named;
    const bool includeDeprecated = args.value(u"includeDeprecated"_s).toBool();
    if (field == u"name"_s)
        return text(t.name);
    if (field == u"description"_s)
        return optionalText(t.description);
    if (field == u"specifiedByURL"_s)
        return optionalText(t.specifiedByUrl);
    if (field == u"fields"_s) {
        if (t.kind != TypeKind::Object && t.kind != TypeKind::Interface)
            return Resolved::null();
        std::vector<Resolved> out;
        for (const FieldDef& f : t.fields) {
            if (includeDeprecated || !f.isDeprecated)
                out.push_back(Resolved::of(std::make_shared<FieldObject>(m_schema, f)));
        }
        return Resolved::listOf(std::move(out));
    }
    if (field == u"interfaces"_s || field == u"possibleTypes"_s) {
        const bool isInterfaces = field == u"interfaces"_s;
        if (isInterfaces ? t.kind != TypeKind::Object && t.kind != TypeKind::Interface
                         : t.kind != TypeKind::Interface && t.kind != TypeKind::Union)
            return Resolved::null();
        std::vector<Resolved> out;
        for (const QString& name : isInterfaces ? t.interfaces : t.possibleTypes)
            out.push_back(Resolved::of(fromName(m_schema, name)));
        return Resolved::listOf(std::move(out));
    }
    if (field == u"enumValues"_s) {
        if (t.kind != TypeKind::Enum)
            return Resolved::null();
        std::vector<Resolved> out;
        for (const EnumValueDef& v : t.enumValues) {
            if (includeDeprecated || !v.isDeprecated)
                out.push_back(Resolved::of(std::make_shared<EnumValueObject>(v)));
        }
        return Resolved::listOf(std::move(out));
    }
    if (field == u"inputFields"_s)
        return t.kind == TypeKind::InputObject ? inputValues(m_schema, t.inputFields) : Resolved::null();
    return Resolved::null();
}

class SchemaObject final : public ObjectSource {
public:
    explicit SchemaObject(const Schema& schema)
        : m_schema(schema)
    { }
    QString typeName() const override { return u"__Schema"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"description"_s)
            return optionalText(m_schema.description());
        if (field == u"types"_s) {
            std::vector<Resolved> out;
            for (const auto& t : m_schema.types())
                out.push_back(Resolved::of(TypeObject::fromName(m_schema, t->name)));
            return Resolved::listOf(std::move(out));
        }
        const auto root = [this](const TypeDef* t) {
            return t ? Resolved::of(TypeObject::fromName(m_schema, t->name)) : Resolved::null();
        };
        if (field == u"queryType"_s)
            return root(m_schema.queryType());
        if (field == u"mutationType"_s)
            return root(m_schema.mutationType());
        if (field == u"subscriptionType"_s)
            return root(m_schema.subscriptionType());
        if (field == u"directives"_s) {
            std::vector<Resolved> out;
            for (const DirectiveDef& d : m_schema.directives())
                out.push_back(Resolved::of(std::make_shared<DirectiveObject>(m_schema, d)));
            return Resolved::listOf(std::move(out));
        }
        return Resolved::null();
    }

private:
    const Schema& m_schema;
};

} // namespace

ObjectPtr introspectSchema(const Schema& schema)
{
    return std::make_shared<SchemaObject>(schema);
}

ObjectPtr introspectType(const Schema& schema, const QString& name)
{
    return TypeObject::fromName(schema, name);
}

} // namespace pulse::graphql
