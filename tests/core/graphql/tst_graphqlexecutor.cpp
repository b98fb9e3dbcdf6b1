#include "graphql/executor.h"
#include "testschema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace pulse::graphql;
using namespace Qt::StringLiterals;

namespace {

class SeriesObj final : public ObjectSource {
public:
    explicit SeriesObj(QString name)
        : m_name(std::move(name))
    { }
    QString typeName() const override { return u"Series"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"id"_s)
            return Resolved::value(QString(m_name + u"|g"_s));
        if (field == u"name"_s)
            return Resolved::value(m_name);
        return Resolved::listOf({});
    }

private:
    QString m_name;
};

class PointObj final : public ObjectSource {
public:
    PointObj(QString series, int index, bool hasValue = true)
        : m_series(std::move(series))
        , m_index(index)
        , m_hasValue(hasValue)
    { }
    QString typeName() const override { return u"Point"_s; }
    Resolved resolve(const QString& field, const QJsonObject&) const override
    {
        if (field == u"timestamp"_s)
            return Resolved::value(u"t%1"_s.arg(m_index));
        if (field == u"value"_s)
            return m_hasValue ? Resolved::number(m_index * 1.5) : Resolved::null();
        if (field == u"series"_s) {
            if (m_series == u"noseries"_s)
                return Resolved::fail(u"no series for this point"_s);
            if (m_series == u"alternate"_s && m_index % 2 == 1)
                return Resolved::null();
            return Resolved::of(std::make_shared<SeriesObj>(m_series));
        }
        return Resolved::null();
    }

private:
    QString m_series;
    int m_index;
    bool m_hasValue;
};

class QueryObj final : public ObjectSource {
public:
    QString typeName() const override { return u"Query"_s; }
    Resolved resolve(const QString& field, const QJsonObject& args) const override
    {
        if (field == u"hello"_s)
            return Resolved::value(u"world"_s);
        if (field == u"color"_s)
            return Resolved::value(u"RED"_s);
        if (field == u"broken"_s)
            return Resolved::null();
        if (field == u"brokenList"_s) {
            return Resolved::listOf({ Resolved::of(std::make_shared<PointObj>(u"a"_s, 0)),
                Resolved::of(std::make_shared<PointObj>(u"a"_s, 1, false)) });
        }
        if (field == u"points"_s) {
            const QString name = args.value(u"name"_s).toString();
            if (name == u"boom"_s)
                return Resolved::fail(u"boom"_s);
            std::vector<Resolved> out;
            for (int i = 0; i < args.value(u"limit"_s).toInt(); ++i)
                out.push_back(Resolved::of(std::make_shared<PointObj>(name, i)));
            return Resolved::listOf(std::move(out));
        }
        if (field == u"series"_s)
            return Resolved::listOf({ Resolved::of(std::make_shared<SeriesObj>(args.value(u"match"_s).toString())) });
        return Resolved::null();
    }
};

const Schema& schema()
{
    static const Schema s = test::testSchema();
    return s;
}

QJsonObject run(const QString& query, const QJsonObject& variables = {}, const QString& operationName = {})
{
    const PreparedRequest prepared = prepareRequest(schema(), query, variables, operationName);
    const QueryObj root;
    return execute(schema(), prepared, root);
}

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString normalised(const char* json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        return u"bad expected JSON: "_s + error.errorString();
    return compact(doc.object());
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QString typeRefText(const QJsonValue& type)
{
    const QJsonObject t = type.toObject();
    const QString kind = t.value(u"kind"_s).toString();
    if (kind == u"NON_NULL"_s)
        return typeRefText(t.value(u"ofType"_s)) + u'!';
    if (kind == u"LIST"_s)
        return u"["_s + typeRefText(t.value(u"ofType"_s)) + u']';
    return t.value(u"name"_s).toString();
}

// graphql-js getIntrospectionQuery() with every option on.
QString introspectionQuery()
{
    QFile file(QFINDTESTDATA("fixtures/introspection.graphql"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class TestGraphqlExecutor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void executes_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QJsonObject>("variables");
        QTest::addColumn<QString>("response");
        const QJsonObject none;
        QTest::addRow("aliases") << u"{ a: hello b: hello hello }"_s << none
                                 << normalised(R"({"data":{"a":"world","b":"world","hello":"world"}})");
        QTest::addRow("nested selections with arguments")
            << u"{ points(name: \"cpu\", limit: 2) { value ts: timestamp } }"_s << none
            << normalised(R"({"data":{"points":[{"value":0,"ts":"t0"},{"value":1.5,"ts":"t1"}]}})");
        QTest::addRow("argument default applies")
            << u"{ points(name: \"cpu\") { value } }"_s << none
            << normalised(
                   R"({"data":{"points":[{"value":0},{"value":1.5},{"value":3},{"value":4.5},{"value":6},{"value":7.5},{"value":9},{"value":10.5},{"value":12},{"value":13.5}]}})");
        QTest::addRow("fragment spreads and inline fragments merge")
            << u"{ points(name: \"cpu\", limit: 1) { ...V ... on Point { timestamp } ... { series { id } } } } fragment V on Point { value }"_s
            << none << normalised(R"({"data":{"points":[{"value":0,"timestamp":"t0","series":{"id":"cpu|g"}}]}})");
        QTest::addRow("same field in two fragments merges its sub-selections")
            << u"{ ...A ...B } fragment A on Query { points(name: \"x\", limit: 1) { series { id } } } fragment B on Query { points(name: \"x\", limit: 1) { series { name } } }"_s
            << none << normalised(R"({"data":{"points":[{"series":{"id":"x|g","name":"x"}}]}})");
        QTest::addRow("@include and @skip with a variable true")
            << u"query($x: Boolean!) { hello @include(if: $x) color @skip(if: $x) ... @skip(if: $x) { a: hello } }"_s
            << json(R"({"x":true})") << normalised(R"({"data":{"hello":"world"}})");
        QTest::addRow("@include and @skip with a variable false")
            << u"query($x: Boolean!) { hello @include(if: $x) color @skip(if: $x) ... @skip(if: $x) { a: hello } }"_s
            << json(R"({"x":false})") << normalised(R"({"data":{"color":"RED","a":"world"}})");
        QTest::addRow("both directives: included only if include and not skip")
            << u"{ hello @include(if: true) @skip(if: true) color @include(if: true) @skip(if: false) }"_s << none
            << normalised(R"({"data":{"color":"RED"}})");
        QTest::addRow("__typename everywhere")
            << u"{ __typename points(name: \"x\", limit: 1) { t: __typename series { __typename } } }"_s << none
            << normalised(
                   R"({"data":{"__typename":"Query","points":[{"t":"Point","series":{"__typename":"Series"}}]}})");
        QTest::addRow("variables with defaults")
            << u"query($n: String = \"mem\", $l: Int = 1) { points(name: $n, limit: $l) { series { name } } }"_s << none
            << normalised(R"({"data":{"points":[{"series":{"name":"mem"}}]}})");
        QTest::addRow("resolver error in a nullable field")
            << u"{ points(name: \"noseries\", limit: 1) {\n value series { id } } }"_s << none
            << normalised(
                   R"({"data":{"points":[{"value":0,"series":null}]},"errors":[{"message":"no series for this point","locations":[{"line":2,"column":8}],"path":["points",0,"series"]}]})");
        QTest::addRow("list items differ in which fields are null")
            << u"{ points(name: \"alternate\", limit: 3) { value series { name } } }"_s << none
            << normalised(
                   R"({"data":{"points":[{"value":0,"series":{"name":"alternate"}},{"value":1.5,"series":null},{"value":3,"series":{"name":"alternate"}}]}})");
        QTest::addRow("an error in every item")
            << u"{ points(name: \"noseries\", limit: 2) { series { id } } }"_s << none
            << normalised("{\"data\":{\"points\":[{\"series\":null},{\"series\":null}]},\"errors\":["
                          "{\"message\":\"no series for this "
                          "point\",\"locations\":[{\"line\":1,\"column\":40}],\"path\":[\"points\",0,\"series\"]},"
                          "{\"message\":\"no series for this "
                          "point\",\"locations\":[{\"line\":1,\"column\":40}],\"path\":[\"points\",1,\"series\"]}]}");
        QTest::addRow("null in a non-null root field nulls data")
            << u"{ hello broken }"_s << none
            << normalised(
                   R"({"data":null,"errors":[{"message":"Cannot return null for non-nullable field.","locations":[{"line":1,"column":9}],"path":["broken"]}]})");
        QTest::addRow("resolver error in a non-null root field nulls data")
            << u"{ hello points(name: \"boom\") { value } }"_s << none
            << normalised(
                   R"({"data":null,"errors":[{"message":"boom","locations":[{"line":1,"column":9}],"path":["points"]}]})");
        QTest::addRow("null item of a non-null list nulls the list")
            << u"{ brokenList { value } hello }"_s << none
            << normalised(
                   R"({"data":{"brokenList":null,"hello":"world"},"errors":[{"message":"Cannot return null for non-nullable field.","locations":[{"line":1,"column":16}],"path":["brokenList",1,"value"]}]})");
        QTest::addRow("validation errors: no data")
            << u"{ nope }"_s << none
            << normalised("{\"errors\":[{\"message\":\"Cannot query field \\\"nope\\\" on type "
                          "\\\"Query\\\".\",\"locations\":[{\"line\":1,\"column\":3}]}]}");
        QTest::addRow("syntax error: no data")
            << u"{ hello"_s << none
            << normalised(
                   R"({"errors":[{"message":"Syntax Error: Expected Name, found <EOF>.","locations":[{"line":1,"column":8}]}]})");
        QTest::addRow("invalid variables: no data")
            << u"query($l: Int!) { points(name: \"x\", limit: $l) { value } }"_s << json(R"({"l":"3"})")
            << normalised("{\"errors\":[{\"message\":\"Variable \\\"$l\\\" got invalid value \\\"3\\\"; Int cannot "
                          "represent non-integer value: \\\"3\\\"\",\"locations\":[{\"line\":1,\"column\":7}]}]}");
        QTest::addRow("introspection: __type with fields and wrapped types")
            << u"{ __type(name: \"Series\") { name kind fields { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } }"_s
            << none
            << normalised(
                   R"({"data":{"__type":{"name":"Series","kind":"OBJECT","fields":[)"
                   R"({"name":"id","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String","ofType":null}}},)"
                   R"({"name":"name","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String","ofType":null}}},)"
                   R"({"name":"tags","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"name":"Tag"}}}}}]}}})");
        QTest::addRow("introspection: unknown type is null")
            << u"{ __type(name: \"Nope\") { name } }"_s << none << normalised(R"({"data":{"__type":null}})");
        QTest::addRow("introspection: root types")
            << u"{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }"_s << none
            << normalised(
                   R"({"data":{"__schema":{"queryType":{"name":"Query"},"mutationType":null,"subscriptionType":{"name":"Subscription"}}}})");
        QTest::addRow("introspection: deprecated enum values are hidden unless asked")
            << u"{ __type(name: \"Color\") { a: enumValues { name } b: enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } fields { name } } }"_s
            << none
            << normalised(
                   R"({"data":{"__type":{"a":[{"name":"RED"}],"b":[{"name":"RED","isDeprecated":false,"deprecationReason":null},{"name":"GREEN","isDeprecated":true,"deprecationReason":"Use RED"}],"fields":null}}})");
        QTest::addRow("introspection: input fields and defaults")
            << u"{ __type(name: \"Range\") { kind inputFields { name defaultValue } } }"_s << none
            << normalised("{\"data\":{\"__type\":{\"kind\":\"INPUT_OBJECT\",\"inputFields\":[{\"name\":\"from\","
                          "\"defaultValue\":null},{\"name\":\"to\",\"defaultValue\":\"\\\"now\\\"\"}]}}}");
        QTest::addRow("introspection: field arguments")
            << u"{ __type(name: \"Query\") { fields { name args { name defaultValue } } } }"_s << none
            << normalised(
                   R"({"data":{"__type":{"fields":[)"
                   R"({"name":"points","args":[{"name":"name","defaultValue":null},{"name":"sourceId","defaultValue":null},{"name":"limit","defaultValue":"10"},{"name":"ratio","defaultValue":null},{"name":"colors","defaultValue":null},{"name":"flag","defaultValue":null},{"name":"range","defaultValue":null},{"name":"id","defaultValue":null}]},)"
                   R"({"name":"series","args":[{"name":"match","defaultValue":null}]},)"
                   R"({"name":"color","args":[]},{"name":"hello","args":[]},{"name":"broken","args":[]},{"name":"brokenList","args":[]}]}}})");
        QTest::addRow("introspection: directives")
            << u"{ __schema { directives { name locations args { name type { kind ofType { name } } } } } }"_s << none
            << normalised(
                   R"({"data":{"__schema":{"directives":[)"
                   R"({"name":"include","locations":["FIELD","FRAGMENT_SPREAD","INLINE_FRAGMENT"],"args":[{"name":"if","type":{"kind":"NON_NULL","ofType":{"name":"Boolean"}}}]},)"
                   R"({"name":"skip","locations":["FIELD","FRAGMENT_SPREAD","INLINE_FRAGMENT"],"args":[{"name":"if","type":{"kind":"NON_NULL","ofType":{"name":"Boolean"}}}]},)"
                   R"({"name":"deprecated","locations":["FIELD_DEFINITION","ARGUMENT_DEFINITION","INPUT_FIELD_DEFINITION","ENUM_VALUE"],"args":[{"name":"reason","type":{"kind":"SCALAR","ofType":null}}]},)"
                   R"({"name":"specifiedBy","locations":["SCALAR"],"args":[{"name":"url","type":{"kind":"NON_NULL","ofType":{"name":"String"}}}]}]}}})");
    }
    void executes()
    {
        QFETCH(QString, query);
        QFETCH(QJsonObject, variables);
        QFETCH(QString, response);
        QCOMPARE(compact(run(query, variables)), response);
    }

    void runsTheNamedOperation()
    {
        const QString doc = u"query A { hello } query B { color }"_s;
        QCOMPARE(compact(run(doc, {}, u"B"_s)), normalised(R"({"data":{"color":"RED"}})"));
        QCOMPARE(compact(run(doc, {}, u"A"_s)), normalised(R"({"data":{"hello":"world"}})"));
        QCOMPARE(compact(run(doc)),
            normalised(
                "{\"errors\":[{\"message\":\"Must provide operation name if query contains multiple operations.\"}]}"));
    }

    void answersTheStandardIntrospectionQuery()
    {
        const QJsonObject response = run(introspectionQuery(), {}, u"IntrospectionQuery"_s);
        QVERIFY(!introspectionQuery().isEmpty());
        QVERIFY2(!response.contains(u"errors"_s), qPrintable(compact(response)));
        const QJsonObject s = response.value(u"data"_s).toObject().value(u"__schema"_s).toObject();
        QCOMPARE(s.value(u"queryType"_s).toObject().value(u"name"_s).toString(), u"Query"_s);
        QVERIFY(s.value(u"mutationType"_s).isNull());
        QCOMPARE(s.value(u"subscriptionType"_s).toObject().value(u"name"_s).toString(), u"Subscription"_s);

        QSet<QString> names;
        QHash<QString, QJsonObject> types;
        for (const QJsonValue& t : s.value(u"types"_s).toArray()) {
            names.insert(t.toObject().value(u"name"_s).toString());
            types.insert(t.toObject().value(u"name"_s).toString(), t.toObject());
        }
        for (const auto& t : schema().types())
            QVERIFY2(names.contains(t->name), qPrintable(t->name));
        for (const char* builtin : { "Int", "Float", "String", "Boolean", "ID", "__Schema", "__Type", "__TypeKind",
                 "__Field", "__InputValue", "__EnumValue", "__Directive", "__DirectiveLocation" })
            QVERIFY2(names.contains(QString::fromLatin1(builtin)), builtin);

        // Every field's type reference resolves to a type the schema lists (what buildClientSchema checks).
        for (const QJsonObject& t : std::as_const(types)) {
            QVERIFY(!t.value(u"kind"_s).toString().isEmpty());
            const bool isObject = t.value(u"kind"_s).toString() == u"OBJECT"_s;
            QCOMPARE(t.value(u"fields"_s).isArray(), isObject);
            QCOMPARE(t.value(u"interfaces"_s).isArray(), isObject);
            for (const QJsonValue& f : t.value(u"fields"_s).toArray()) {
                QString named = typeRefText(f.toObject().value(u"type"_s));
                named.remove(u'!').remove(u'[').remove(u']');
                QVERIFY2(names.contains(named), qPrintable(named));
            }
        }
        const QJsonArray queryFields = types.value(u"Query"_s).value(u"fields"_s).toArray();
        QCOMPARE(queryFields.first().toObject().value(u"name"_s).toString(), u"points"_s);
        QCOMPARE(typeRefText(queryFields.first().toObject().value(u"type"_s)), u"[Point!]!"_s);
        QCOMPARE(queryFields.first().toObject().value(u"description"_s).toString(), u"Points of a series."_s);
        QCOMPARE(s.value(u"directives"_s).toArray().size(), 4);
    }

    void collectsRootFields()
    {
        const PreparedRequest prepared = prepareRequest(schema(),
            u"subscription S($skip: Boolean!) { ... on Subscription { up: updated(name: \"x\") @skip(if: $skip) { value } } }"_s,
            json(R"({"skip":false})"), {});
        QVERIFY(prepared.isOk());
        const std::vector<const Selection*> fields = rootFields(schema(), prepared);
        QCOMPARE(fields.size(), std::size_t { 1 });
        QCOMPARE(fields.front()->responseKey(), u"up"_s);
        std::vector<Error> errors;
        const std::optional<QJsonObject> args
            = fieldArguments(schema(), *schema().subscriptionType(), *fields.front(), prepared.variables, errors);
        QVERIFY(args);
        QCOMPARE(args->value(u"name"_s).toString(), u"x"_s);
    }
};

QTEST_APPLESS_MAIN(TestGraphqlExecutor)
#include "tst_graphqlexecutor.moc"
