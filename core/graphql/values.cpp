#include "graphql/values.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace pulse::graphql {

namespace {

bool isInt32(double d)
{
    return std::isfinite(d) && d == std::trunc(d) && d >= std::numeric_limits<std::int32_t>::min()
        && d <= std::numeric_limits<std::int32_t>::max();
}

/** Scalar literal check; empty when fine. */
QString scalarLiteralError(const TypeDef& type, const Value& v)
{
    const QString printed = v.print();
    if (type.name == u"Int"_s) {
        if (v.kind != Value::Kind::Int)
            return u"Int cannot represent non-integer value: "_s + printed;
        bool ok = false;
        const qlonglong n = v.text.toLongLong(&ok);
        if (!ok || n < std::numeric_limits<std::int32_t>::min() || n > std::numeric_limits<std::int32_t>::max())
            return u"Int cannot represent non 32-bit signed integer value: "_s + printed;
        return {};
    }
    if (type.name == u"Float"_s) {
        if (v.kind != Value::Kind::Int && v.kind != Value::Kind::Float)
            return u"Float cannot represent non numeric value: "_s + printed;
        if (!std::isfinite(v.text.toDouble()))
            return u"Float cannot represent non numeric value: "_s + printed;
        return {};
    }
    if (type.name == u"String"_s)
        return v.kind == Value::Kind::String ? QString() : u"String cannot represent a non string value: "_s + printed;
    if (type.name == u"Boolean"_s)
        return v.kind == Value::Kind::Boolean ? QString()
                                              : u"Boolean cannot represent a non boolean value: "_s + printed;
    if (type.name == u"ID"_s) {
        return v.kind == Value::Kind::String || v.kind == Value::Kind::Int
            ? QString()
            : u"ID cannot represent a non-string and non-integer value: "_s + printed;
    }
    // Custom scalars take any literal but objects, lists and enums.
    return v.kind == Value::Kind::String || v.kind == Value::Kind::Int || v.kind == Value::Kind::Float
            || v.kind == Value::Kind::Boolean
        ? QString()
        : type.name + u" cannot represent value: "_s + printed;
}

QString typeMismatch(const TypeRef& type, const Value& v, const QString& why = {})
{
    QString m = u"Expected value of type \""_s + type.toString() + u"\", found "_s + v.print();
    return why.isEmpty() ? QString(m + u'.') : QString(m + u"; "_s + why);
}

} // namespace

QString printJson(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return u"null"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == std::trunc(d) && std::abs(d) < 1e15 ? QString::number(static_cast<qint64>(d))
                                                        : QString::number(d, 'g', 17);
    }
    case QJsonValue::String: {
        Value v;
        v.kind = Value::Kind::String;
        v.text = value.toString();
        return v.print();
    }
    case QJsonValue::Array: {
        QString out = u"["_s;
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            out += (i ? u", "_s : QString()) + printJson(a.at(i));
        return out + u']';
    }
    case QJsonValue::Object: {
        QString out = u"{"_s;
        const QJsonObject o = value.toObject();
        bool first = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
            out += (first ? QString() : u", "_s) + it.key() + u": "_s + printJson(it.value());
            first = false;
        }
        return out + u'}';
    }
    }
    return {};
}

namespace {

/** `location` is the type the message names: the argument's type as written, or a list item's type. */
QString checkLiteral(const Schema& schema, const Value& literal, const TypeRef& type, const TypeRef& location)
{
    if (literal.kind == Value::Kind::Variable)
        return {};
    if (type.kind == TypeRef::Kind::NonNull) {
        if (literal.kind == Value::Kind::Null)
            return typeMismatch(location, literal);
        return checkLiteral(schema, literal, *type.ofType, location);
    }
    if (literal.kind == Value::Kind::Null)
        return {};
    if (type.kind == TypeRef::Kind::List) {
        if (literal.kind != Value::Kind::List)
            return checkLiteral(schema, literal, *type.ofType, location);
        for (const Value& item : literal.list) {
            const QString e = checkLiteral(schema, item, *type.ofType, *type.ofType);
            if (!e.isEmpty())
                return e;
        }
        return {};
    }
    const TypeDef* def = schema.type(type.name);
    if (!def)
        return u"Unknown type \""_s + type.name + u"\"."_s;
    switch (def->kind) {
    case TypeKind::Scalar: {
        const QString why = scalarLiteralError(*def, literal);
        return why.isEmpty() ? QString() : typeMismatch(location, literal, why);
    }
    case TypeKind::Enum:
        if (literal.kind != Value::Kind::Enum)
            return typeMismatch(location, literal,
                u"Enum \""_s + def->name + u"\" cannot represent non-enum value: "_s + literal.print() + u'.');
        if (!def->hasEnumValue(literal.text))
            return u"Value \""_s + literal.text + u"\" does not exist in \""_s + def->name + u"\" enum."_s;
        return {};
    case TypeKind::InputObject: {
        if (literal.kind != Value::Kind::Object)
            return typeMismatch(location, literal);
        for (const ObjectField& field : literal.fields) {
            const auto it = std::find_if(def->inputFields.begin(), def->inputFields.end(),
                [&field](const InputValueDef& f) { return f.name == field.name; });
            if (it == def->inputFields.end())
                return u"Field \""_s + field.name + u"\" is not defined by type \""_s + def->name + u"\"."_s;
            const QString e = checkLiteral(schema, field.value, it->type, it->type);
            if (!e.isEmpty())
                return e;
        }
        for (const InputValueDef& f : def->inputFields) {
            const bool present = std::any_of(
                literal.fields.begin(), literal.fields.end(), [&f](const ObjectField& p) { return p.name == f.name; });
            if (!present && f.type.isNonNull() && !f.defaultValue)
                return u"Field \""_s + def->name + u'.' + f.name + u"\" of required type \""_s + f.type.toString()
                    + u"\" was not provided."_s;
        }
        return {};
    }
    default:
        return typeMismatch(location, literal);
    }
}

} // namespace

QString literalError(const Schema& schema, const Value& literal, const TypeRef& type)
{
    return checkLiteral(schema, literal, type, type);
}

QJsonValue valueFromLiteral(
    const Schema& schema, const Value& literal, const TypeRef& type, const QJsonObject& variables)
{
    if (literal.kind == Value::Kind::Variable)
        return variables.value(literal.text).isUndefined() ? QJsonValue() : variables.value(literal.text);
    if (literal.kind == Value::Kind::Null)
        return QJsonValue();
    const TypeRef& t = type.kind == TypeRef::Kind::NonNull ? *type.ofType : type;
    if (t.kind == TypeRef::Kind::List) {
        QJsonArray out;
        if (literal.kind != Value::Kind::List) {
            out.append(valueFromLiteral(schema, literal, *t.ofType, variables));
        } else {
            for (const Value& item : literal.list)
                out.append(valueFromLiteral(schema, item, *t.ofType, variables));
        }
        return out;
    }
    const TypeDef* def = schema.type(t.name);
    switch (literal.kind) {
    case Value::Kind::Int:
        if (def && def->name == u"ID"_s)
            return literal.text;
        return def && def->name == u"Int"_s ? QJsonValue(literal.text.toInt()) : QJsonValue(literal.text.toDouble());
    case Value::Kind::Float:
        return literal.text.toDouble();
    case Value::Kind::String:
    case Value::Kind::Enum:
        return literal.text;
    case Value::Kind::Boolean:
        return literal.boolean;
    case Value::Kind::Object: {
        QJsonObject out;
        for (const auto& [key, v] : literal.fields) {
            const InputValueDef* f = nullptr;
            if (def) {
                for (const InputValueDef& field : def->inputFields)
                    f = field.name == key ? &field : f;
            }
            if (f && !(v.kind == Value::Kind::Variable && !variables.contains(v.text)))
                out.insert(key, valueFromLiteral(schema, v, f->type, variables));
        }
        if (def) {
            for (const InputValueDef& field : def->inputFields) {
                if (!out.contains(field.name) && field.defaultValue)
                    out.insert(field.name, valueFromLiteral(schema, *field.defaultValue, field.type, variables));
            }
        }
        return out;
    }
    default:
        return QJsonValue();
    }
}

bool coerceInput(const Schema& schema, const QJsonValue& input, const TypeRef& type, QJsonValue& out, QString& why)
{
    if (type.kind == TypeRef::Kind::NonNull) {
        if (input.isNull() || input.isUndefined()) {
            why = u"Expected non-nullable type \""_s + type.toString() + u"\" not to be null."_s;
            return false;
        }
        return coerceInput(schema, input, *type.ofType, out, why);
    }
    if (input.isNull() || input.isUndefined()) {
        out = QJsonValue();
        return true;
    }
    if (type.kind == TypeRef::Kind::List) {
        QJsonArray items;
        const QJsonArray in = input.isArray() ? input.toArray() : QJsonArray { input };
        for (const QJsonValue& item : in) {
            QJsonValue v;
            if (!coerceInput(schema, item, *type.ofType, v, why))
                return false;
            items.append(v);
        }
        out = items;
        return true;
    }
    const TypeDef* def = schema.type(type.name);
    if (!def) {
        why = u"Unknown type \""_s + type.name + u"\"."_s;
        return false;
    }
    const QString printed = printJson(input);
    if (def->kind == TypeKind::Enum) {
        if (!input.isString() || !def->hasEnumValue(input.toString())) {
            why = u"Value "_s + printed + u" does not exist in \""_s + def->name + u"\" enum."_s;
            return false;
        }
        out = input;
        return true;
    }
    if (def->kind == TypeKind::InputObject) {
        if (!input.isObject()) {
            why = u"Expected type \""_s + def->name + u"\" to be an object."_s;
            return false;
        }
        const QJsonObject in = input.toObject();
        QJsonObject o;
        for (const InputValueDef& f : def->inputFields) {
            QJsonValue v;
            if (!in.contains(f.name)) {
                if (f.defaultValue)
                    o.insert(f.name, valueFromLiteral(schema, *f.defaultValue, f.type, {}));
                else if (f.type.isNonNull()) {
                    why = u"Field \""_s + f.name + u"\" of required type \""_s + f.type.toString()
                        + u"\" was not provided."_s;
                    return false;
                }
                continue;
            }
            if (!coerceInput(schema, in.value(f.name), f.type, v, why))
                return false;
            o.insert(f.name, v);
        }
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (!def->field(it.key())
                && std::none_of(def->inputFields.begin(), def->inputFields.end(),
                    [&](const InputValueDef& f) { return f.name == it.key(); })) {
                why = u"Field \""_s + it.key() + u"\" is not defined by type \""_s + def->name + u"\"."_s;
                return false;
            }
        }
        out = o;
        return true;
    }
    if (def->kind != TypeKind::Scalar) {
        why = u"Type \""_s + def->name + u"\" cannot be used as an input type."_s;
        return false;
    }
    if (def->name == u"Int"_s) {
        if (!input.isDouble() || !isInt32(input.toDouble())) {
            why = input.isDouble() && input.toDouble() == std::trunc(input.toDouble())
                ? u"Int cannot represent non 32-bit signed integer value: "_s + printed
                : u"Int cannot represent non-integer value: "_s + printed;
            return false;
        }
        out = QJsonValue(static_cast<int>(input.toDouble()));
        return true;
    }
    if (def->name == u"Float"_s) {
        if (!input.isDouble() || !std::isfinite(input.toDouble())) {
            why = u"Float cannot represent non numeric value: "_s + printed;
            return false;
        }
        out = input;
        return true;
    }
    if (def->name == u"String"_s) {
        if (!input.isString()) {
            why = u"String cannot represent a non string value: "_s + printed;
            return false;
        }
        out = input;
        return true;
    }
    if (def->name == u"Boolean"_s) {
        if (!input.isBool()) {
            why = u"Boolean cannot represent a non boolean value: "_s + printed;
            return false;
        }
        out = input;
        return true;
    }
    if (def->name == u"ID"_s) {
        if (input.isString()) {
            out = input;
            return true;
        }
        if (input.isDouble() && input.toDouble() == std::trunc(input.toDouble())) {
            out = QString::number(static_cast<qint64>(input.toDouble()));
            return true;
        }
        why = u"ID cannot represent value: "_s + printed;
        return false;
    }
    if (input.isArray() || input.isObject()) {
        why = def->name + u" cannot represent value: "_s + printed;
        return false;
    }
    out = input;
    return true;
}

std::optional<QJsonObject> coerceVariableValues(
    const Schema& schema, const OperationDefinition& operation, const QJsonObject& inputs, std::vector<Error>& errors)
{
    QJsonObject coerced;
    const std::size_t before = errors.size();
    for (const VariableDefinition& def : operation.variables) {
        const QString name = u"$"_s + def.name;
        const TypeDef* named = schema.type(def.type.namedType());
        if (!named || !named->isInput()) {
            errors.push_back({ u"Variable \""_s + name + u"\" expected value of type \""_s + def.type.toString()
                    + u"\" which cannot be used as an input type."_s,
                { def.location }, {} });
            continue;
        }
        if (!inputs.contains(def.name)) {
            if (def.defaultValue)
                coerced.insert(def.name, valueFromLiteral(schema, *def.defaultValue, def.type, {}));
            else if (def.type.isNonNull())
                errors.push_back({ u"Variable \""_s + name + u"\" of required type \""_s + def.type.toString()
                        + u"\" was not provided."_s,
                    { def.location }, {} });
            continue;
        }
        const QJsonValue input = inputs.value(def.name);
        if (input.isNull() && def.type.isNonNull()) {
            errors.push_back({ u"Variable \""_s + name + u"\" of non-null type \""_s + def.type.toString()
                    + u"\" must not be null."_s,
                { def.location }, {} });
            continue;
        }
        QJsonValue v;
        QString why;
        if (!coerceInput(schema, input, def.type, v, why)) {
            errors.push_back({ u"Variable \""_s + name + u"\" got invalid value "_s + printJson(input) + u"; "_s + why,
                { def.location }, {} });
            continue;
        }
        coerced.insert(def.name, v);
    }
    if (errors.size() != before)
        return std::nullopt;
    return coerced;
}

std::optional<QJsonObject> coerceArgumentValues(const Schema& schema, const std::vector<InputValueDef>& defs,
    const std::vector<Argument>& arguments, const QJsonObject& variables, Location location, std::vector<Error>& errors)
{
    QJsonObject out;
    for (const InputValueDef& def : defs) {
        const Argument* arg = nullptr;
        for (const Argument& a : arguments)
            arg = a.name == def.name ? &a : arg;
        const bool hasVariableValue
            = arg && arg->value.kind == Value::Kind::Variable && variables.contains(arg->value.text);
        const bool hasValue = arg && (arg->value.kind != Value::Kind::Variable || hasVariableValue);
        if (!hasValue) {
            if (def.defaultValue) {
                out.insert(def.name, valueFromLiteral(schema, *def.defaultValue, def.type, variables));
            } else if (def.type.isNonNull()) {
                errors.push_back({ u"Argument \""_s + def.name + u"\" of required type \""_s + def.type.toString()
                        + u"\" was not provided."_s,
                    { arg ? arg->location : location }, {} });
                return std::nullopt;
            }
            continue;
        }
        const QJsonValue v = valueFromLiteral(schema, arg->value, def.type, variables);
        if (v.isNull() && def.type.isNonNull()) {
            errors.push_back({ u"Argument \""_s + def.name + u"\" of non-null type \""_s + def.type.toString()
                    + u"\" must not be null."_s,
                { arg->location }, {} });
            return std::nullopt;
        }
        out.insert(def.name, v);
    }
    return out;
}

} // namespace pulse::graphql
