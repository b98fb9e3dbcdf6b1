#include "graphql/ast.h"

using namespace Qt::StringLiterals;

namespace pulse::graphql {

QJsonObject Error::toJson() const
{
    QJsonObject o { { u"message"_s, message } };
    if (!locations.empty()) {
        QJsonArray locs;
        for (const Location& l : locations)
            locs.append(QJsonObject { { u"line"_s, l.line }, { u"column"_s, l.column } });
        o.insert(u"locations"_s, locs);
    }
    if (!path.isEmpty())
        o.insert(u"path"_s, path);
    return o;
}

QJsonArray errorsToJson(const std::vector<Error>& errors)
{
    QJsonArray out;
    for (const Error& e : errors)
        out.append(e.toJson());
    return out;
}

namespace {

QString quoted(const QString& s)
{
    QString out = u"\""_s;
    for (QChar c : s) {
        switch (c.unicode()) {
        case '"':
            out += u"\\\""_s;
            break;
        case '\\':
            out += u"\\\\"_s;
            break;
        case '\n':
            out += u"\\n"_s;
            break;
        case '\r':
            out += u"\\r"_s;
            break;
        case '\t':
            out += u"\\t"_s;
            break;
        default:
            if (c.unicode() < 0x20)
                out += u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0').toUpper();
            else
                out += c;
        }
    }
    out += u'"';
    return out;
}

} // namespace

QString Value::print() const
{
    switch (kind) {
    case Kind::Variable:
        return u"$"_s + text;
    case Kind::Int:
    case Kind::Float:
    case Kind::Enum:
        return text;
    case Kind::String:
        return quoted(text);
    case Kind::Boolean:
        return boolean ? u"true"_s : u"false"_s;
    case Kind::Null:
        return u"null"_s;
    case Kind::List: {
        QString out = u"["_s;
        for (std::size_t i = 0; i < list.size(); ++i)
            out += (i ? u", "_s : QString()) + list[i].print();
        return out + u']';
    }
    case Kind::Object: {
        QString out = u"{"_s;
        for (std::size_t i = 0; i < fields.size(); ++i)
            out += (i ? u", "_s : QString()) + fields[i].name + u": "_s + fields[i].value.print();
        return out + u'}';
    }
    }
    return {};
}

TypeRef TypeRef::named(QString name)
{
    TypeRef t;
    t.name = std::move(name);
    return t;
}

TypeRef TypeRef::list(TypeRef of)
{
    TypeRef t;
    t.kind = Kind::List;
    t.ofType = std::make_shared<const TypeRef>(std::move(of));
    return t;
}

TypeRef TypeRef::nonNull(TypeRef of)
{
    if (of.kind == Kind::NonNull)
        return of;
    TypeRef t;
    t.kind = Kind::NonNull;
    t.ofType = std::make_shared<const TypeRef>(std::move(of));
    return t;
}

const QString& TypeRef::namedType() const
{
    const TypeRef* t = this;
    while (t->kind != Kind::Named)
        t = t->ofType.get();
    return t->name;
}

QString TypeRef::toString() const
{
    switch (kind) {
    case Kind::Named:
        return name;
    case Kind::List:
        return u"["_s + ofType->toString() + u']';
    case Kind::NonNull:
        return ofType->toString() + u'!';
    }
    return {};
}

bool operator==(const TypeRef& a, const TypeRef& b)
{
    if (a.kind != b.kind)
        return false;
    if (a.kind == TypeRef::Kind::Named)
        return a.name == b.name;
    return *a.ofType == *b.ofType;
}

const FragmentDefinition* Document::fragment(const QString& name) const
{
    const auto it = fragmentIndex.constFind(name);
    return it == fragmentIndex.cend() ? nullptr : &fragments[*it];
}

QString operationTypeName(OperationType type)
{
    switch (type) {
    case OperationType::Query:
        return u"query"_s;
    case OperationType::Mutation:
        return u"mutation"_s;
    case OperationType::Subscription:
        return u"subscription"_s;
    }
    return {};
}

} // namespace pulse::graphql
