#include "graphql/executor.h"

#include "graphql/introspection.h"
#include "graphql/values.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::graphql {

Resolved Resolved::value(QJsonValue v)
{
    Resolved r;
    r.kind = v.isNull() || v.isUndefined() ? Kind::Null : Kind::Leaf;
    r.leaf = std::move(v);
    return r;
}

Resolved Resolved::number(double v)
{
    return std::isfinite(v) ? value(v) : null();
}

Resolved Resolved::of(ObjectPtr o)
{
    Resolved r;
    r.kind = o ? Kind::Object : Kind::Null;
    r.object = std::move(o);
    return r;
}

Resolved Resolved::listOf(std::vector<Resolved> items)
{
    Resolved r;
    r.kind = Kind::List;
    r.list = std::move(items);
    return r;
}

Resolved Resolved::fail(QString message)
{
    Resolved r;
    r.kind = Kind::Error;
    r.error = std::move(message);
    return r;
}

namespace {

using FieldGroup = std::vector<const Selection*>;

/** The response path while executing; turned into JSON only for an error (it changes for every field). */
class ResponsePath {
public:
    void push(const QString* key) { m_items.push_back({ key, 0 }); }
    void push(qint64 index) { m_items.push_back({ nullptr, index }); }
    void pop() { m_items.pop_back(); }
    QJsonArray toJson() const
    {
        QJsonArray out;
        for (const Item& i : m_items)
            out.append(i.key ? QJsonValue(*i.key) : QJsonValue(i.index));
        return out;
    }

private:
    struct Item {
        const QString* key;
        qint64 index;
    };
    std::vector<Item> m_items;
};

/** Fields by response key, in the order first seen (spec CollectFields). */
struct Grouped {
    struct Entry {
        QString key;
        FieldGroup fields;
        const FieldDef* def = nullptr; ///< null for an unknown field or __typename
        const TypeDef* named = nullptr; ///< the named type of def
    };
    std::vector<Entry> fields;
    QHash<QString, std::size_t> index;
    // Filled by resolve() for one object type, so the items of a list share the lookups.
    const TypeDef* resolvedFor = nullptr;
    std::vector<std::size_t> byKey; ///< entries sorted by key: QJsonObject keeps keys sorted, appending is cheapest

    void add(const Selection& s)
    {
        const QString& key = s.responseKey();
        const auto it = index.constFind(key);
        if (it != index.cend()) {
            fields[*it].fields.push_back(&s);
            return;
        }
        index.insert(key, fields.size());
        fields.push_back({ key, { &s }, nullptr, nullptr });
    }

    void resolve(const Schema& schema, const TypeDef& type)
    {
        if (resolvedFor == &type)
            return;
        resolvedFor = &type;
        byKey.resize(fields.size());
        for (std::size_t i = 0; i < fields.size(); ++i) {
            Entry& e = fields[i];
            const QString& name = e.fields.front()->name;
            e.def = name == u"__typename"_s ? nullptr : schema.field(type, name);
            e.named = e.def ? schema.type(e.def->type.namedType()) : nullptr;
            byKey[i] = i;
        }
        std::sort(
            byKey.begin(), byKey.end(), [this](std::size_t a, std::size_t b) { return fields[a].key < fields[b].key; });
    }
};

class Executor {
public:
    Executor(const Schema& schema, const Document& document, const QJsonObject& variables)
        : m_schema(schema)
        , m_doc(document)
        , m_vars(variables)
    { }

    QJsonValue run(const TypeDef& rootType, const ObjectSource& root, const std::vector<Selection>& selections)
    {
        Grouped grouped;
        QSet<QString> visited;
        collectFields(rootType, selections, grouped, visited);
        ResponsePath path;
        QJsonObject data;
        if (!executeFields(rootType, root, grouped, path, data))
            return QJsonValue();
        return data;
    }

    std::vector<Error>& errors() { return m_errors; }

    std::vector<const Selection*> topFields(const TypeDef& rootType, const std::vector<Selection>& selections)
    {
        Grouped grouped;
        QSet<QString> visited;
        collectFields(rootType, selections, grouped, visited);
        std::vector<const Selection*> out;
        for (const Grouped::Entry& e : grouped.fields)
            out.push_back(e.fields.front());
        return out;
    }

    std::vector<std::pair<QString, const Selection*>> subFieldsOf(const TypeDef& objectType, const Selection& field)
    {
        const Grouped grouped = subFields(objectType, { &field });
        std::vector<std::pair<QString, const Selection*>> out;
        for (const Grouped::Entry& e : grouped.fields)
            out.emplace_back(e.key, e.fields.front());
        return out;
    }

private:
    bool shouldInclude(const std::vector<Directive>& directives)
    {
        for (const Directive& d : directives) {
            const bool isSkip = d.name == u"skip"_s;
            if (!isSkip && d.name != u"include"_s)
                continue;
            const DirectiveDef* def = m_schema.directive(d.name);
            std::vector<Error> ignored;
            const std::optional<QJsonObject> args = def
                ? coerceArgumentValues(m_schema, def->args, d.arguments, m_vars, d.location, ignored)
                : std::nullopt;
            const bool condition = args && args->value(u"if"_s).toBool();
            if (isSkip == condition)
                return false;
        }
        return true;
    }

    bool appliesTo(const QString& condition, const TypeDef& objectType) const
    {
        if (condition.isEmpty())
            return true;
        const TypeDef* cond = m_schema.type(condition);
        return cond && m_schema.isPossibleType(*cond, objectType.name);
    }

    void collectFields(
        const TypeDef& objectType, const std::vector<Selection>& selections, Grouped& out, QSet<QString>& visited)
    {
        for (const Selection& s : selections) {
            if (!shouldInclude(s.directives))
                continue;
            switch (s.kind) {
            case Selection::Kind::Field:
                out.add(s);
                break;
            case Selection::Kind::InlineFragment:
                if (appliesTo(s.typeCondition, objectType))
                    collectFields(objectType, s.selectionSet, out, visited);
                break;
            case Selection::Kind::FragmentSpread: {
                if (visited.contains(s.name))
                    break;
                visited.insert(s.name);
                const FragmentDefinition* frag = m_doc.fragment(s.name);
                if (frag && appliesTo(frag->typeCondition, objectType))
                    collectFields(objectType, frag->selectionSet, out, visited);
                break;
            }
            }
        }
    }

    Grouped subFields(const TypeDef& objectType, const FieldGroup& fields)
    {
        Grouped grouped;
        QSet<QString> visited;
        for (const Selection* f : fields)
            collectFields(objectType, f->selectionSet, grouped, visited);
        return grouped;
    }

    void fieldError(const QString& message, const FieldGroup& fields, const ResponsePath& path)
    {
        m_errors.push_back({ message, { fields.front()->location }, path.toJson() });
    }

    /** Fills `out` with the object's fields; false when a non-null field was null (the object becomes null). */
    bool executeFields(
        const TypeDef& type, const ObjectSource& object, Grouped& grouped, ResponsePath& path, QJsonObject& out)
    {
        grouped.resolve(m_schema, type);
        bool isOk = true;
        for (std::size_t i : grouped.byKey) {
            const Grouped::Entry& entry = grouped.fields[i];
            path.push(&entry.key);
            QJsonValue value;
            if (!executeField(type, object, entry, path, value))
                isOk = false;
            out.insert(entry.key, value);
            path.pop();
        }
        return isOk;
    }

    bool executeField(const TypeDef& type, const ObjectSource& object, const Grouped::Entry& entry, ResponsePath& path,
        QJsonValue& out)
    {
        const Selection& field = *entry.fields.front();
        const FieldGroup& fields = entry.fields;
        if (!entry.def && field.name == u"__typename"_s) {
            out = type.name;
            return true;
        }
        const FieldDef* def = entry.def;
        if (!def) {
            fieldError(
                u"Cannot query field \""_s + field.name + u"\" on type \""_s + type.name + u"\"."_s, fields, path);
            out = QJsonValue();
            return true;
        }
        std::vector<Error> argErrors;
        const std::optional<QJsonObject> args = def->args.empty()
            ? std::optional<QJsonObject>(QJsonObject())
            : coerceArgumentValues(m_schema, def->args, field.arguments, m_vars, field.location, argErrors);
        Resolved resolved;
        if (!args)
            resolved = Resolved::fail(argErrors.front().message);
        else if (field.name == u"__schema"_s && type.name == m_schema.queryType()->name)
            resolved = Resolved::of(introspectSchema(m_schema));
        else if (field.name == u"__type"_s && type.name == m_schema.queryType()->name)
            resolved = Resolved::of(introspectType(m_schema, args->value(u"name"_s).toString()));
        else
            resolved = object.resolve(field.name, *args);
        // A failed nullable field stays null here; a failed non-null one nulls its parent object.
        return completeValue(def->type, entry.named, fields, std::move(resolved), path, out) || !def->type.isNonNull();
    }

    /** Completes a resolved value; false when it is null because of an error already reported (spec 6.4.4). */
    bool completeValue(const TypeRef& type, const TypeDef* named, const FieldGroup& fields, Resolved&& r,
        ResponsePath& path, QJsonValue& out)
    {
        out = QJsonValue();
        if (r.kind == Resolved::Kind::Error) {
            fieldError(r.error, fields, path);
            return false;
        }
        if (type.kind == TypeRef::Kind::NonNull) {
            if (!completeValue(*type.ofType, named, fields, std::move(r), path, out))
                return false;
            if (out.isNull()) {
                fieldError(u"Cannot return null for non-nullable field."_s, fields, path);
                return false;
            }
            return true;
        }
        if (r.kind == Resolved::Kind::Null)
            return true;
        if (type.kind == TypeRef::Kind::List) {
            if (r.kind != Resolved::Kind::List) {
                fieldError(u"Expected a list."_s, fields, path);
                return false;
            }
            const TypeRef& itemType = *type.ofType;
            QJsonArray items;
            // Items of one list mostly share their type: collect their sub-fields once.
            const TypeDef* cachedType = nullptr;
            Grouped cached;
            // Objects of one list have the same keys: each starts as a copy of the first, so filling it replaces
            // values instead of inserting sorted keys one by one (a QJsonObject's costliest operation).
            QJsonObject shape;
            for (std::size_t i = 0; i < r.list.size(); ++i) {
                path.push(static_cast<qint64>(i));
                QJsonValue item;
                Resolved& ri = r.list[i];
                bool isOk = true;
                if (ri.kind == Resolved::Kind::Object && named && named->name == ri.object->typeName()) {
                    const TypeDef* objectType = named;
                    if (objectType != cachedType) {
                        cached = subFields(*objectType, fields);
                        cachedType = objectType;
                        shape = QJsonObject();
                    }
                    QJsonObject o = shape;
                    isOk = executeFields(*objectType, *ri.object, cached, path, o);
                    if (isOk) {
                        item = o;
                        if (shape.isEmpty())
                            shape = o;
                    }
                } else {
                    isOk = completeValue(itemType, named, fields, std::move(ri), path, item);
                }
                path.pop();
                if (!isOk && itemType.isNonNull())
                    return false;
                items.append(item);
            }
            out = items;
            return true;
        }
        if (!named)
            return true;
        if (named->isLeaf()) {
            if (r.kind != Resolved::Kind::Leaf) {
                fieldError(u"Expected a value of type \""_s + named->name + u"\"."_s, fields, path);
                return false;
            }
            if (named->name == u"Float"_s && !(r.leaf.isDouble() && std::isfinite(r.leaf.toDouble()))) {
                fieldError(u"Float cannot represent non numeric value: "_s + printJson(r.leaf), fields, path);
                return false;
            }
            out = std::move(r.leaf);
            return true;
        }
        if (r.kind != Resolved::Kind::Object) {
            fieldError(u"Expected an object of type \""_s + named->name + u"\"."_s, fields, path);
            return false;
        }
        const TypeDef* objectType = m_schema.type(r.object->typeName());
        if (!objectType || !m_schema.isPossibleType(*named, objectType->name)) {
            fieldError(u"Runtime object type \""_s + r.object->typeName() + u"\" is not a possible type for \""_s
                    + named->name + u"\"."_s,
                fields, path);
            return false;
        }
        QJsonObject o;
        Grouped sub = subFields(*objectType, fields);
        if (!executeFields(*objectType, *r.object, sub, path, o))
            return false;
        out = o;
        return true;
    }

    const Schema& m_schema;
    const Document& m_doc;
    const QJsonObject& m_vars;
    std::vector<Error> m_errors;
};

} // namespace

PreparedRequest prepareRequest(const Schema& schema, const QString& query, const QJsonObject& variables,
    const QString& operationName, const ParseLimits& parseLimits, const ValidationLimits& validationLimits)
{
    PreparedRequest prepared;
    ParseResult parsed = parseDocument(query, parseLimits);
    if (!parsed.isOk()) {
        prepared.errors.push_back(std::move(parsed.error));
        return prepared;
    }
    auto doc = std::make_shared<const Document>(std::move(*parsed.document));
    prepared.document = doc;
    prepared.errors = validate(schema, *doc, validationLimits);
    if (!prepared.errors.empty())
        return prepared;
    prepared.operation = selectOperation(*doc, operationName, prepared.errors);
    if (!prepared.operation)
        return prepared;
    std::optional<QJsonObject> vars = coerceVariableValues(schema, *prepared.operation, variables, prepared.errors);
    if (vars)
        prepared.variables = std::move(*vars);
    return prepared;
}

QJsonObject execute(const Schema& schema, const PreparedRequest& request, const ObjectSource& root)
{
    if (!request.isOk())
        return errorResponse(request.errors);
    const TypeDef* rootType = schema.rootType(request.operation->type);
    if (!rootType) {
        return errorResponse({ { u"Schema is not configured to execute "_s + operationTypeName(request.operation->type)
                + u" operation."_s,
            { request.operation->location }, {} } });
    }
    Executor executor(schema, *request.document, request.variables);
    QJsonObject response { { u"data"_s, executor.run(*rootType, root, request.operation->selectionSet) } };
    if (!executor.errors().empty())
        response.insert(u"errors"_s, errorsToJson(executor.errors()));
    return response;
}

std::vector<const Selection*> rootFields(const Schema& schema, const PreparedRequest& request)
{
    const TypeDef* rootType = request.isOk() ? schema.rootType(request.operation->type) : nullptr;
    if (!rootType)
        return {};
    Executor executor(schema, *request.document, request.variables);
    return executor.topFields(*rootType, request.operation->selectionSet);
}

std::vector<std::pair<QString, const Selection*>> subFields(
    const Schema& schema, const PreparedRequest& request, const TypeDef& objectType, const Selection& field)
{
    if (!request.isOk())
        return {};
    Executor executor(schema, *request.document, request.variables);
    return executor.subFieldsOf(objectType, field);
}

std::optional<QJsonObject> fieldArguments(const Schema& schema, const TypeDef& parent, const Selection& field,
    const QJsonObject& variables, std::vector<Error>& errors)
{
    const FieldDef* def = schema.field(parent, field.name);
    if (!def) {
        errors.push_back({ u"Cannot query field \""_s + field.name + u"\" on type \""_s + parent.name + u"\"."_s,
            { field.location }, {} });
        return std::nullopt;
    }
    return coerceArgumentValues(schema, def->args, field.arguments, variables, field.location, errors);
}

QJsonObject errorResponse(const std::vector<Error>& errors)
{
    return QJsonObject { { u"errors"_s, errorsToJson(errors) } };
}

} // namespace pulse::graphql
