#include "graphql/validator.h"

#include "graphql/values.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace pulse::graphql {

namespace {

struct VariableUsage {
    QString name;
    Location location;
    std::optional<TypeRef> type; ///< expected type at the position; unknown when the position is invalid
    bool hasLocationDefault = false;
};

/** What an operation or a fragment uses directly. */
struct Uses {
    std::vector<VariableUsage> variables;
    QStringList spreads;
};

struct Cost {
    int depth = 0;
    std::size_t fields = 0;
};

QString quote(const QString& s)
{
    return u"\""_s + s + u'"';
}

bool typesCompatible(const TypeRef& var, const TypeRef& loc)
{
    if (loc.kind == TypeRef::Kind::NonNull)
        return var.kind == TypeRef::Kind::NonNull && typesCompatible(*var.ofType, *loc.ofType);
    if (var.kind == TypeRef::Kind::NonNull)
        return typesCompatible(*var.ofType, loc);
    if (loc.kind == TypeRef::Kind::List)
        return var.kind == TypeRef::Kind::List && typesCompatible(*var.ofType, *loc.ofType);
    if (var.kind == TypeRef::Kind::List)
        return false;
    return var.name == loc.name;
}

class Validator {
public:
    Validator(const Schema& schema, const Document& document, const ValidationLimits& limits)
        : m_schema(schema)
        , m_doc(document)
        , m_limits(limits)
    { }

    std::vector<Error> run();

private:
    void error(const QString& message, std::vector<Location> locations)
    {
        m_errors.push_back({ message, std::move(locations), {} });
    }

    void checkOperation(const OperationDefinition& op, Uses& uses);
    void checkSelections(const TypeDef& parent, const std::vector<Selection>& selections, Uses& uses);
    void checkField(const TypeDef& parent, const Selection& field, Uses& uses);
    void checkArguments(const std::vector<InputValueDef>& defs, const std::vector<Argument>& args, const QString& owner,
        const QString& requiredPrefix, Location location, Uses& uses);
    void checkDirectives(const std::vector<Directive>& directives, const QString& location, Uses& uses);
    void collectVariables(const Value& value, const std::optional<TypeRef>& type, bool hasDefault, Uses& uses);
    void checkOverlaps(const TypeDef& parent, const std::vector<Selection>& selections);
    void collectFieldsForOverlap(const TypeDef& parent, const std::vector<Selection>& selections,
        QHash<QString, std::pair<const TypeDef*, const Selection*>>& first, QSet<QString>& visited);
    void checkFragmentCycles();
    void checkVariables(const OperationDefinition& op, const Uses& uses);
    Cost cost(const std::vector<Selection>& selections, QHash<QString, Cost>& memo, int guard);

    const Schema& m_schema;
    const Document& m_doc;
    const ValidationLimits& m_limits;
    std::vector<Error> m_errors;
    QHash<QString, Uses> m_fragmentUses;
    bool m_hasCycle = false;
    // Field merging looks through fragments for every selection set; this bounds its total work.
    std::size_t m_overlapBudget = 200'000;
    bool m_isOverBudget = false;
};

std::vector<Error> Validator::run()
{
    // Fragments first: their direct uses feed the operations' variable rules.
    QSet<QString> fragmentNames;
    for (const FragmentDefinition& frag : m_doc.fragments) {
        if (fragmentNames.contains(frag.name)) {
            const FragmentDefinition* firstDef = m_doc.fragment(frag.name);
            error(u"There can be only one fragment named "_s + quote(frag.name) + u'.',
                { firstDef->location, frag.location });
            continue;
        }
        fragmentNames.insert(frag.name);
        Uses& uses = m_fragmentUses[frag.name];
        checkDirectives(frag.directives, u"FRAGMENT_DEFINITION"_s, uses);
        const TypeDef* type = m_schema.type(frag.typeCondition);
        if (!type) {
            error(u"Unknown type "_s + quote(frag.typeCondition) + u'.', { frag.location });
            continue;
        }
        if (!type->isComposite()) {
            error(u"Fragment "_s + quote(frag.name) + u" cannot condition on non composite type "_s
                    + quote(frag.typeCondition) + u'.',
                { frag.location });
            continue;
        }
        checkSelections(*type, frag.selectionSet, uses);
    }
    checkFragmentCycles();

    QSet<QString> operationNames;
    QSet<QString> usedFragments;
    for (const OperationDefinition& op : m_doc.operations) {
        if (op.name.isEmpty() && m_doc.operations.size() > 1)
            error(u"This anonymous operation must be the only defined operation."_s, { op.location });
        if (!op.name.isEmpty()) {
            if (operationNames.contains(op.name)) {
                const auto firstOp = std::find_if(m_doc.operations.begin(), m_doc.operations.end(),
                    [&op](const auto& o) { return o.name == op.name; });
                error(u"There can be only one operation named "_s + quote(op.name) + u'.',
                    { firstOp->location, op.location });
            }
            operationNames.insert(op.name);
        }
        Uses uses;
        checkOperation(op, uses);
        // Fragments reachable from this operation.
        QStringList pending = uses.spreads;
        QSet<QString> reached;
        while (!pending.isEmpty()) {
            const QString name = pending.takeLast();
            if (reached.contains(name) || !m_fragmentUses.contains(name))
                continue;
            reached.insert(name);
            const Uses& fu = m_fragmentUses[name];
            uses.variables.insert(uses.variables.end(), fu.variables.begin(), fu.variables.end());
            pending += fu.spreads;
        }
        usedFragments.unite(reached);
        checkVariables(op, uses);
        if (!m_hasCycle && m_errors.empty()) {
            QHash<QString, Cost> memo;
            const Cost c = cost(op.selectionSet, memo, 0);
            if (c.depth > m_limits.maxDepth)
                error(u"Operation is too deep: %1 levels of fields, the limit is %2."_s.arg(c.depth).arg(
                          m_limits.maxDepth),
                    { op.location });
            if (c.fields > m_limits.maxFields)
                error(u"Operation is too complex: more than %1 field selections once fragments are expanded."_s.arg(
                          m_limits.maxFields),
                    { op.location });
        }
    }
    for (const FragmentDefinition& frag : m_doc.fragments) {
        if (!usedFragments.contains(frag.name))
            error(u"Fragment "_s + quote(frag.name) + u" is never used."_s, { frag.location });
    }
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const Error& a, const Error& b) {
        const Location la = a.locations.empty() ? Location {} : a.locations.front();
        const Location lb = b.locations.empty() ? Location {} : b.locations.front();
        return std::pair(la.line, la.column) < std::pair(lb.line, lb.column);
    });
    return std::move(m_errors);
}

void Validator::checkOperation(const OperationDefinition& op, Uses& uses)
{
    const QString typeName = operationTypeName(op.type);
    checkDirectives(op.directives, typeName.toUpper(), uses);
    QSet<QString> varNames;
    for (const VariableDefinition& def : op.variables) {
        if (varNames.contains(def.name))
            error(u"There can be only one variable named \"$"_s + def.name + u"\"."_s, { def.location });
        varNames.insert(def.name);
        checkDirectives(def.directives, u"VARIABLE_DEFINITION"_s, uses);
        const TypeDef* t = m_schema.type(def.type.namedType());
        if (!t) {
            error(u"Unknown type "_s + quote(def.type.namedType()) + u'.', { def.location });
            continue;
        }
        if (!t->isInput()) {
            error(u"Variable \"$"_s + def.name + u"\" cannot be non-input type "_s + quote(def.type.toString()) + u'.',
                { def.location });
            continue;
        }
        if (def.defaultValue) {
            const QString e = literalError(m_schema, *def.defaultValue, def.type);
            if (!e.isEmpty())
                error(e, { def.defaultValue->location });
        }
    }
    const TypeDef* root = m_schema.rootType(op.type);
    if (!root) {
        error(u"Schema is not configured to execute "_s + typeName + u" operation."_s, { op.location });
        return;
    }
    if (op.type == OperationType::Subscription) {
        // Root fields with fragments expanded (directives are not evaluated: the spec collects with no variables).
        std::vector<const Selection*> fields;
        QSet<QString> keys;
        QSet<QString> visited;
        std::function<void(const std::vector<Selection>&)> collect = [&](const std::vector<Selection>& set) {
            for (const Selection& s : set) {
                if (s.kind == Selection::Kind::Field) {
                    if (!keys.contains(s.responseKey()))
                        fields.push_back(&s);
                    keys.insert(s.responseKey());
                } else if (s.kind == Selection::Kind::InlineFragment) {
                    collect(s.selectionSet);
                } else if (const FragmentDefinition* f = m_doc.fragment(s.name); f && !visited.contains(s.name)) {
                    visited.insert(s.name);
                    collect(f->selectionSet);
                }
            }
        };
        collect(op.selectionSet);
        const QString who = op.name.isEmpty() ? u"Anonymous Subscription"_s : u"Subscription "_s + quote(op.name);
        if (fields.size() > 1) {
            std::vector<Location> locs;
            for (std::size_t i = 1; i < fields.size(); ++i)
                locs.push_back(fields[i]->location);
            error(who + u" must select only one top level field."_s, locs);
        }
        for (const Selection* f : fields) {
            if (f->name.startsWith(u"__"))
                error(who + u" must not select an introspection top level field."_s, { f->location });
        }
    }
    checkSelections(*root, op.selectionSet, uses);
}

void Validator::checkSelections(const TypeDef& parent, const std::vector<Selection>& selections, Uses& uses)
{
    for (const Selection& s : selections) {
        switch (s.kind) {
        case Selection::Kind::Field:
            checkField(parent, s, uses);
            break;
        case Selection::Kind::FragmentSpread: {
            checkDirectives(s.directives, u"FRAGMENT_SPREAD"_s, uses);
            uses.spreads.push_back(s.name);
            const FragmentDefinition* frag = m_doc.fragment(s.name);
            if (!frag) {
                error(u"Unknown fragment "_s + quote(s.name) + u'.', { s.location });
                break;
            }
            const TypeDef* type = m_schema.type(frag->typeCondition);
            if (type && type->isComposite() && !m_schema.overlap(parent, *type))
                error(u"Fragment "_s + quote(s.name) + u" cannot be spread here as objects of type "_s
                        + quote(parent.name) + u" can never be of type "_s + quote(type->name) + u'.',
                    { s.location });
            break;
        }
        case Selection::Kind::InlineFragment: {
            checkDirectives(s.directives, u"INLINE_FRAGMENT"_s, uses);
            const TypeDef* type = &parent;
            if (!s.typeCondition.isEmpty()) {
                type = m_schema.type(s.typeCondition);
                if (!type) {
                    error(u"Unknown type "_s + quote(s.typeCondition) + u'.', { s.location });
                    break;
                }
                if (!type->isComposite()) {
                    error(u"Fragment cannot condition on non composite type "_s + quote(s.typeCondition) + u'.',
                        { s.location });
                    break;
                }
                if (!m_schema.overlap(parent, *type)) {
                    error(u"Fragment cannot be spread here as objects of type "_s + quote(parent.name)
                            + u" can never be of type "_s + quote(type->name) + u'.',
                        { s.location });
                    break;
                }
            }
            checkSelections(*type, s.selectionSet, uses);
            break;
        }
        }
    }
    checkOverlaps(parent, selections);
}

void Validator::checkField(const TypeDef& parent, const Selection& field, Uses& uses)
{
    checkDirectives(field.directives, u"FIELD"_s, uses);
    const FieldDef* def = m_schema.field(parent, field.name);
    if (!def) {
        error(u"Cannot query field "_s + quote(field.name) + u" on type "_s + quote(parent.name) + u'.',
            { field.location });
        for (const Argument& a : field.arguments)
            collectVariables(a.value, std::nullopt, false, uses);
        return;
    }
    checkArguments(def->args, field.arguments, u"field "_s + quote(parent.name + u'.' + field.name),
        u"Field "_s + quote(field.name), field.location, uses);
    const TypeDef* type = m_schema.type(def->type.namedType());
    if (!type)
        return;
    if (type->isLeaf() && field.hasSelectionSet) {
        error(u"Field "_s + quote(field.name) + u" must not have a selection since type "_s
                + quote(def->type.toString()) + u" has no subfields."_s,
            { field.location });
    } else if (!type->isLeaf() && !field.hasSelectionSet) {
        error(u"Field "_s + quote(field.name) + u" of type "_s + quote(def->type.toString())
                + u" must have a selection of subfields. Did you mean \""_s + field.name + u" { ... }\"?"_s,
            { field.location });
    } else if (field.hasSelectionSet) {
        checkSelections(*type, field.selectionSet, uses);
    }
}

void Validator::checkArguments(const std::vector<InputValueDef>& defs, const std::vector<Argument>& args,
    const QString& owner, const QString& requiredPrefix, Location location, Uses& uses)
{
    QSet<QString> seen;
    for (const Argument& a : args) {
        if (seen.contains(a.name))
            error(u"There can be only one argument named "_s + quote(a.name) + u'.', { a.location });
        seen.insert(a.name);
        const auto def = std::find_if(defs.begin(), defs.end(), [&a](const auto& d) { return d.name == a.name; });
        if (def == defs.end()) {
            error(u"Unknown argument "_s + quote(a.name) + u" on "_s + owner + u'.', { a.location });
            collectVariables(a.value, std::nullopt, false, uses);
            continue;
        }
        const QString e = literalError(m_schema, a.value, def->type);
        if (!e.isEmpty())
            error(e, { a.value.location });
        collectVariables(a.value, def->type, def->defaultValue.has_value(), uses);
    }
    for (const InputValueDef& d : defs) {
        if (d.type.isNonNull() && !d.defaultValue && !seen.contains(d.name))
            error(requiredPrefix + u" argument "_s + quote(d.name) + u" of type "_s + quote(d.type.toString())
                    + u" is required, but it was not provided."_s,
                { location });
    }
}

void Validator::checkDirectives(const std::vector<Directive>& directives, const QString& location, Uses& uses)
{
    QSet<QString> seen;
    for (const Directive& d : directives) {
        const DirectiveDef* def = m_schema.directive(d.name);
        if (!def) {
            error(u"Unknown directive \"@"_s + d.name + u"\"."_s, { d.location });
            for (const Argument& a : d.arguments)
                collectVariables(a.value, std::nullopt, false, uses);
            continue;
        }
        if (!def->locations.contains(location))
            error(u"Directive \"@"_s + d.name + u"\" may not be used on "_s + location + u'.', { d.location });
        if (seen.contains(d.name) && !def->isRepeatable)
            error(u"The directive \"@"_s + d.name + u"\" can only be used once at this location."_s, { d.location });
        seen.insert(d.name);
        checkArguments(def->args, d.arguments, u"directive \"@"_s + d.name + u'"', u"Directive \"@"_s + d.name + u'"',
            d.location, uses);
    }
}

void Validator::collectVariables(const Value& value, const std::optional<TypeRef>& type, bool hasDefault, Uses& uses)
{
    switch (value.kind) {
    case Value::Kind::Variable:
        uses.variables.push_back({ value.text, value.location, type, hasDefault });
        break;
    case Value::Kind::List: {
        std::optional<TypeRef> item;
        if (type) {
            const TypeRef& t = type->isNonNull() ? *type->ofType : *type;
            if (t.kind == TypeRef::Kind::List)
                item = *t.ofType;
        }
        for (const Value& v : value.list)
            collectVariables(v, item, false, uses);
        break;
    }
    case Value::Kind::Object: {
        const TypeDef* def = type ? m_schema.type(type->namedType()) : nullptr;
        for (const auto& [key, v] : value.fields) {
            std::optional<TypeRef> fieldType;
            bool fieldDefault = false;
            if (def) {
                for (const InputValueDef& f : def->inputFields) {
                    if (f.name == key) {
                        fieldType = f.type;
                        fieldDefault = f.defaultValue.has_value();
                    }
                }
            }
            collectVariables(v, fieldType, fieldDefault, uses);
        }
        break;
    }
    default:
        break;
    }
}

void Validator::checkOverlaps(const TypeDef& parent, const std::vector<Selection>& selections)
{
    QHash<QString, std::pair<const TypeDef*, const Selection*>> first;
    QSet<QString> visited;
    collectFieldsForOverlap(parent, selections, first, visited);
}

void Validator::collectFieldsForOverlap(const TypeDef& parent, const std::vector<Selection>& selections,
    QHash<QString, std::pair<const TypeDef*, const Selection*>>& first, QSet<QString>& visited)
{
    for (const Selection& s : selections) {
        if (m_overlapBudget == 0) {
            if (!m_isOverBudget)
                error(u"Document is too complex to validate: its selection sets expand to more than 200000 fields "
                      u"once fragments are spread."_s,
                    { s.location });
            m_isOverBudget = true;
            return;
        }
        --m_overlapBudget;
        if (s.kind == Selection::Kind::Field) {
            const auto it = first.constFind(s.responseKey());
            if (it == first.cend()) {
                first.insert(s.responseKey(), { &parent, &s });
                continue;
            }
            const auto [otherParent, other] = *it;
            // Fields of different object types never meet in one object.
            if (otherParent != &parent && otherParent->kind == TypeKind::Object && parent.kind == TypeKind::Object)
                continue;
            const QString prefix = u"Fields "_s + quote(s.responseKey()) + u" conflict because "_s;
            const QString suffix = u". Use different aliases on the fields to fetch both if this was intentional."_s;
            if (other->name != s.name) {
                error(prefix + quote(other->name) + u" and "_s + quote(s.name) + u" are different fields"_s + suffix,
                    { other->location, s.location });
                continue;
            }
            bool sameArgs = other->arguments.size() == s.arguments.size();
            for (const Argument& a : s.arguments) {
                const auto match = std::find_if(other->arguments.begin(), other->arguments.end(),
                    [&a](const Argument& b) { return b.name == a.name && b.value.print() == a.value.print(); });
                sameArgs = sameArgs && match != other->arguments.end();
            }
            if (!sameArgs)
                error(prefix + u"they have differing arguments"_s + suffix, { other->location, s.location });
        } else if (s.kind == Selection::Kind::InlineFragment) {
            const TypeDef* type = s.typeCondition.isEmpty() ? &parent : m_schema.type(s.typeCondition);
            if (type)
                collectFieldsForOverlap(*type, s.selectionSet, first, visited);
        } else if (!visited.contains(s.name)) {
            visited.insert(s.name);
            const FragmentDefinition* frag = m_doc.fragment(s.name);
            const TypeDef* type = frag ? m_schema.type(frag->typeCondition) : nullptr;
            if (type)
                collectFieldsForOverlap(*type, frag->selectionSet, first, visited);
        }
    }
}

void Validator::checkFragmentCycles()
{
    // Depth-first search over spreads; each fragment is finished once, so the cost is linear.
    QSet<QString> done;
    QStringList path;
    QSet<QString> onPath;
    std::function<void(const QString&)> visit = [&](const QString& name) {
        if (done.contains(name) || !m_fragmentUses.contains(name))
            return;
        path.push_back(name);
        onPath.insert(name);
        for (const QString& next : m_fragmentUses[name].spreads) {
            if (onPath.contains(next)) {
                m_hasCycle = true;
                const qsizetype start = path.indexOf(next);
                QStringList via;
                for (qsizetype i = start + 1; i < path.size(); ++i)
                    via.push_back(quote(path.at(i)));
                const FragmentDefinition* frag = m_doc.fragment(next);
                error(u"Cannot spread fragment "_s + quote(next) + u" within itself"_s
                        + (via.isEmpty() ? QString() : u" via "_s + via.join(u", "_s)) + u'.',
                    { frag->location });
                continue;
            }
            if (path.size() < 10'000)
                visit(next);
        }
        path.pop_back();
        onPath.remove(name);
        done.insert(name);
    };
    for (const FragmentDefinition& f : m_doc.fragments)
        visit(f.name);
}

void Validator::checkVariables(const OperationDefinition& op, const Uses& uses)
{
    const QString where = op.name.isEmpty() ? QString() : u" by operation "_s + quote(op.name);
    QSet<QString> used;
    for (const VariableUsage& u : uses.variables) {
        used.insert(u.name);
        const auto def = std::find_if(
            op.variables.begin(), op.variables.end(), [&u](const VariableDefinition& d) { return d.name == u.name; });
        if (def == op.variables.end()) {
            error(u"Variable \"$"_s + u.name + u"\" is not defined"_s + where + u'.', { u.location, op.location });
            continue;
        }
        if (!u.type)
            continue;
        const TypeRef& varType = def->type;
        const TypeRef& locType = *u.type;
        bool allowed = false;
        if (locType.isNonNull() && !varType.isNonNull()) {
            const bool hasNonNullDefault = def->defaultValue && def->defaultValue->kind != Value::Kind::Null;
            allowed = (hasNonNullDefault || u.hasLocationDefault) && typesCompatible(varType, *locType.ofType);
        } else {
            allowed = typesCompatible(varType, locType);
        }
        if (!allowed)
            error(u"Variable \"$"_s + u.name + u"\" of type "_s + quote(varType.toString())
                    + u" used in position expecting type "_s + quote(locType.toString()) + u'.',
                { def->location, u.location });
    }
    for (const VariableDefinition& def : op.variables) {
        if (!used.contains(def.name))
            error(u"Variable \"$"_s + def.name + u"\" is never used"_s
                    + (op.name.isEmpty() ? QString() : u" in operation "_s + quote(op.name)) + u'.',
                { def.location });
    }
}

Cost Validator::cost(const std::vector<Selection>& selections, QHash<QString, Cost>& memo, int guard)
{
    Cost total;
    constexpr std::size_t kSaturated = std::size_t { 1 } << 40;
    for (const Selection& s : selections) {
        Cost c;
        if (s.kind == Selection::Kind::Field) {
            c = cost(s.selectionSet, memo, guard + 1);
            c.depth += 1;
            c.fields += 1;
        } else if (s.kind == Selection::Kind::InlineFragment) {
            c = cost(s.selectionSet, memo, guard + 1);
        } else if (const auto it = memo.constFind(s.name); it != memo.cend()) {
            c = *it;
        } else if (const FragmentDefinition* frag = m_doc.fragment(s.name); frag && guard < 1000) {
            c = cost(frag->selectionSet, memo, guard + 1);
            memo.insert(s.name, c);
        }
        total.depth = std::max(total.depth, c.depth);
        total.fields = std::min(kSaturated, total.fields + c.fields);
    }
    return total;
}

} // namespace

std::vector<Error> validate(const Schema& schema, const Document& document, const ValidationLimits& limits)
{
    return Validator(schema, document, limits).run();
}

const OperationDefinition* selectOperation(
    const Document& document, const QString& operationName, std::vector<Error>& errors)
{
    if (operationName.isEmpty()) {
        if (document.operations.size() == 1)
            return &document.operations.front();
        errors.push_back(
            { document.operations.empty() ? u"Must provide an operation."_s
                                          : u"Must provide operation name if query contains multiple operations."_s,
                {}, {} });
        return nullptr;
    }
    for (const OperationDefinition& op : document.operations) {
        if (op.name == operationName)
            return &op;
    }
    errors.push_back({ u"Unknown operation named "_s + quote(operationName) + u'.', {}, {} });
    return nullptr;
}

} // namespace pulse::graphql
