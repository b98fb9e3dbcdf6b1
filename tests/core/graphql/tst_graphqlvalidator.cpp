#include "graphql/parser.h"
#include "graphql/validator.h"
#include "graphql/values.h"
#include "testschema.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace pulse::graphql;
using namespace Qt::StringLiterals;

namespace {

QString describe(const std::vector<Error>& errors)
{
    QStringList lines;
    for (const Error& e : errors) {
        QStringList locs;
        for (const Location& l : e.locations)
            locs << QString::number(l.line) + u':' + QString::number(l.column);
        lines << e.message + (locs.isEmpty() ? QString() : u" @"_s + locs.join(u','));
    }
    return lines.join(u'\n');
}

QString validateText(const QString& source)
{
    static const Schema schema = test::testSchema();
    const ParseResult parsed = parseDocument(source);
    if (!parsed.isOk())
        return u"parse: "_s + parsed.error.message;
    return describe(validate(schema, *parsed.document));
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestGraphqlValidator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validates_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("errors");
        // Valid documents.
        QTest::addRow("valid: shorthand with alias, args, nested")
            << u"{ p: points(name: \"x\", limit: 5) { value series { tags { key } } } }"_s << QString();
        QTest::addRow("valid: fragments, inline fragments, directives")
            << u"query Q($f: Boolean!) { points(name: \"x\") { ...P ... on Point @include(if: $f) { value } } } fragment P on Point { timestamp @skip(if: false) }"_s
            << QString();
        QTest::addRow("valid: list coercion of a single enum, input object, ID int")
            << u"{ points(name: \"x\", colors: RED, range: {from: \"1\"}, id: 7, ratio: 1) { value } }"_s << QString();
        QTest::addRow("valid: nullable variable where a default exists")
            << u"query($l: Int) { points(name: \"x\", limit: $l) { value } }"_s << QString();
        QTest::addRow("valid: nullable variable with a non-null default in a non-null position")
            << u"query($n: String = \"a\") { points(name: $n) { value } }"_s << QString();
        QTest::addRow("valid: __typename, __schema, __type")
            << u"{ __typename __schema { queryType { name } } __type(name: \"Point\") { kind } points(name: \"x\") { __typename } }"_s
            << QString();
        QTest::addRow("valid: subscription with one root field through a fragment")
            << u"subscription S { ...F } fragment F on Subscription { updated(name: \"x\") { value } }"_s << QString();
        QTest::addRow("valid: same field twice with same args") << u"{ hello hello }"_s << QString();

        // Operations.
        QTest::addRow("duplicate operation name")
            << u"query A { hello } query A { color }"_s << u"There can be only one operation named \"A\". @1:1,1:19"_s;
        QTest::addRow("anonymous operation with another")
            << u"{ hello } query B { color }"_s
            << u"This anonymous operation must be the only defined operation. @1:1"_s;
        QTest::addRow("mutation is rejected")
            << u"mutation M { hello }"_s << u"Schema is not configured to execute mutation operation. @1:1"_s;
        QTest::addRow("subscription with two root fields")
            << u"subscription S { updated(name: \"a\") { value } other { value } }"_s
            << u"Subscription \"S\" must select only one top level field. @1:47"_s;
        QTest::addRow("anonymous subscription selecting introspection")
            << u"subscription { __typename }"_s
            << u"Anonymous Subscription must not select an introspection top level field. @1:16"_s;

        // Fields.
        QTest::addRow("unknown field") << u"{ foo }"_s << u"Cannot query field \"foo\" on type \"Query\". @1:3"_s;
        QTest::addRow("unknown nested field on line 2") << u"{ points(name: \"x\") {\n  value\n  nope } }"_s
                                                        << u"Cannot query field \"nope\" on type \"Point\". @3:3"_s;
        QTest::addRow("__schema is only on the query root")
            << u"{ points(name: \"x\") { __schema { types { name } } } }"_s
            << u"Cannot query field \"__schema\" on type \"Point\". @1:23"_s;
        QTest::addRow("leaf with a selection")
            << u"{ hello { x } }"_s
            << u"Field \"hello\" must not have a selection since type \"String\" has no subfields. @1:3"_s;
        QTest::addRow("composite without a selection")
            << u"{ points(name: \"x\") }"_s
            << u"Field \"points\" of type \"[Point!]!\" must have a selection of subfields. Did you mean \"points { ... }\"? @1:3"_s;
        QTest::addRow("conflicting fields under one response key")
            << u"{ a: hello a: color }"_s
            << u"Fields \"a\" conflict because \"hello\" and \"color\" are different fields. Use different aliases on the fields to fetch both if this was intentional. @1:3,1:12"_s;
        QTest::addRow("same field with differing arguments")
            << u"{ series(match: \"a\") { id } series(match: \"b\") { id } }"_s
            << u"Fields \"series\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional. @1:3,1:29"_s;

        // Arguments.
        QTest::addRow("unknown argument") << u"{ series(match: \"a\", foo: 1) { id } }"_s
                                          << u"Unknown argument \"foo\" on field \"Query.series\". @1:22"_s;
        QTest::addRow("duplicate argument") << u"{ series(match: \"a\", match: \"b\") { id } }"_s
                                            << u"There can be only one argument named \"match\". @1:22"_s;
        QTest::addRow("missing required argument")
            << u"{ series { id } }"_s
            << u"Field \"series\" argument \"match\" of type \"String!\" is required, but it was not provided. @1:3"_s;
        QTest::addRow("null for a non-null argument")
            << u"{ series(match: null) { id } }"_s << u"Expected value of type \"String!\", found null. @1:17"_s;
        QTest::addRow("int for a string")
            << u"{ series(match: 1) { id } }"_s
            << u"Expected value of type \"String!\", found 1; String cannot represent a non string value: 1 @1:17"_s;
        QTest::addRow("float for an int")
            << u"{ points(name: \"x\", limit: 1.5) { value } }"_s
            << u"Expected value of type \"Int\", found 1.5; Int cannot represent non-integer value: 1.5 @1:28"_s;
        QTest::addRow("int out of 32-bit range")
            << u"{ points(name: \"x\", limit: 3000000000) { value } }"_s
            << u"Expected value of type \"Int\", found 3000000000; Int cannot represent non 32-bit signed integer value: 3000000000 @1:28"_s;
        QTest::addRow("string for a boolean")
            << u"{ points(name: \"x\", flag: \"yes\") { value } }"_s
            << u"Expected value of type \"Boolean\", found \"yes\"; Boolean cannot represent a non boolean value: \"yes\" @1:27"_s;
        QTest::addRow("unknown enum value in a list") << u"{ points(name: \"x\", colors: [RED, BLUE]) { value } }"_s
                                                      << u"Value \"BLUE\" does not exist in \"Color\" enum. @1:29"_s;
        QTest::addRow("string for an enum")
            << u"{ points(name: \"x\", colors: \"RED\") { value } }"_s
            << u"Expected value of type \"[Color!]\", found \"RED\"; Enum \"Color\" cannot represent non-enum value: \"RED\". @1:29"_s;
        QTest::addRow("input object missing a required field")
            << u"{ points(name: \"x\", range: {to: \"1\"}) { value } }"_s
            << u"Field \"Range.from\" of required type \"String!\" was not provided. @1:28"_s;
        QTest::addRow("input object with an unknown field")
            << u"{ points(name: \"x\", range: {from: \"1\", x: 2}) { value } }"_s
            << u"Field \"x\" is not defined by type \"Range\". @1:28"_s;

        // Directives.
        QTest::addRow("unknown directive") << u"{ hello @nope }"_s << u"Unknown directive \"@nope\". @1:9"_s;
        QTest::addRow("directive in a wrong place")
            << u"query @skip(if: true) { hello }"_s << u"Directive \"@skip\" may not be used on QUERY. @1:7"_s;
        QTest::addRow("directive repeated")
            << u"{ hello @skip(if: true) @skip(if: false) }"_s
            << u"The directive \"@skip\" can only be used once at this location. @1:25"_s;
        QTest::addRow("directive missing its argument")
            << u"{ hello @include }"_s
            << u"Directive \"@include\" argument \"if\" of type \"Boolean!\" is required, but it was not provided. @1:9"_s;

        // Fragments.
        QTest::addRow("unknown fragment") << u"{ ...Nope }"_s << u"Unknown fragment \"Nope\". @1:3"_s;
        QTest::addRow("duplicate fragment") << u"{ ...F } fragment F on Query { hello } fragment F on Query { color }"_s
                                            << u"There can be only one fragment named \"F\". @1:10,1:40"_s;
        QTest::addRow("unused fragment") << u"{ hello } fragment F on Query { hello }"_s
                                         << u"Fragment \"F\" is never used. @1:11"_s;
        QTest::addRow("fragment on unknown type")
            << u"{ ...F } fragment F on Nope { hello }"_s << u"Unknown type \"Nope\". @1:10"_s;
        QTest::addRow("fragment on a scalar")
            << u"{ ...F } fragment F on String { hello }"_s
            << u"Fragment \"F\" cannot condition on non composite type \"String\". @1:10"_s;
        QTest::addRow("inline fragment on a scalar")
            << u"{ ... on Int { hello } }"_s << u"Fragment cannot condition on non composite type \"Int\". @1:3"_s;
        QTest::addRow("fragment spread on an impossible type")
            << u"{ ...F } fragment F on Point { value }"_s
            << u"Fragment \"F\" cannot be spread here as objects of type \"Query\" can never be of type \"Point\". @1:3"_s;
        QTest::addRow("inline fragment on an impossible type")
            << u"{ ... on Series { id } }"_s
            << u"Fragment cannot be spread here as objects of type \"Query\" can never be of type \"Series\". @1:3"_s;
        QTest::addRow("fragment spreading itself") << u"{ ...A } fragment A on Query { hello ...A }"_s
                                                   << u"Cannot spread fragment \"A\" within itself. @1:10"_s;
        QTest::addRow("fragment cycle through two others")
            << u"{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }"_s
            << u"Cannot spread fragment \"A\" within itself via \"B\", \"C\". @1:10"_s;

        // Variables.
        QTest::addRow("duplicate variable") << u"query($a: String!, $a: String!) { series(match: $a) { id } }"_s
                                            << u"There can be only one variable named \"$a\". @1:20"_s;
        QTest::addRow("undefined variable in a named operation")
            << u"query Q { series(match: $m) { id } }"_s
            << u"Variable \"$m\" is not defined by operation \"Q\". @1:25,1:1"_s;
        QTest::addRow("undefined variable through a fragment")
            << u"{ ...F } fragment F on Query { series(match: $m) { id } }"_s
            << u"Variable \"$m\" is not defined. @1:46,1:1"_s;
        QTest::addRow("unused variable") << u"query Q($a: Int) { hello }"_s
                                         << u"Variable \"$a\" is never used in operation \"Q\". @1:9"_s;
        QTest::addRow("variable of an output type")
            << u"query($p: Point) { hello }"_s
            << u"Variable \"$p\" cannot be non-input type \"Point\". @1:7\nVariable \"$p\" is never used. @1:7"_s;
        QTest::addRow("variable of an unknown type")
            << u"query($p: Nope) { hello }"_s << u"Unknown type \"Nope\". @1:7\nVariable \"$p\" is never used. @1:7"_s;
        QTest::addRow("nullable variable in a non-null position")
            << u"query($m: String) { series(match: $m) { id } }"_s
            << u"Variable \"$m\" of type \"String\" used in position expecting type \"String!\". @1:7,1:35"_s;
        QTest::addRow("variable of a wrong type")
            << u"query($m: Int!) { series(match: $m) { id } }"_s
            << u"Variable \"$m\" of type \"Int!\" used in position expecting type \"String!\". @1:7,1:33"_s;
        QTest::addRow("variable inside a list literal")
            << u"query($c: String) { points(name: \"x\", colors: [$c]) { value } }"_s
            << u"Variable \"$c\" of type \"String\" used in position expecting type \"Color!\". @1:7,1:48"_s;
        QTest::addRow("default value of a wrong type")
            << u"query($l: Int = \"ten\") { points(name: \"x\", limit: $l) { value } }"_s
            << u"Expected value of type \"Int\", found \"ten\"; Int cannot represent non-integer value: \"ten\" @1:17"_s;

        // Several problems at once, reported in document order.
        QTest::addRow("every problem is reported")
            << u"{ foo\n  hello { x }\n  series { id } }"_s
            << u"Cannot query field \"foo\" on type \"Query\". @1:3\n"
               u"Field \"hello\" must not have a selection since type \"String\" has no subfields. @2:3\n"
               u"Field \"series\" argument \"match\" of type \"String!\" is required, but it was not provided. @3:3"_s;
    }
    void validates()
    {
        QFETCH(QString, document);
        QFETCH(QString, errors);
        QCOMPARE(validateText(document), errors);
    }

    void limitsExpandedOperations_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("message");
        // Each fragment selects the next one under two aliases: 2^20 fields from a few hundred bytes.
        QString doubling = u"{ __type(name: \"Query\") { ...T0 } }"_s;
        for (int i = 0; i < 20; ++i)
            doubling += u" fragment T%1 on __Type { a: ofType { ...T%2 } b: ofType { ...T%2 } }"_s.arg(i).arg(i + 1);
        doubling += u" fragment T20 on __Type { name }"_s;
        QTest::addRow("exponential fragment expansion")
            << doubling
            << u"Operation is too complex: more than 10000 field selections once fragments are expanded. @1:1"_s;
        // Selection sets may nest 32 deep per definition; fragments chain them deeper.
        QString deep = u"{ __type(name: \"Query\") { ...D0 } }"_s;
        for (int i = 0; i < 40; ++i)
            deep += u" fragment D%1 on __Type { ofType { ...D%2 } }"_s.arg(i).arg(i + 1);
        deep += u" fragment D40 on __Type { name }"_s;
        QTest::addRow("fields nested 42 deep through fragments")
            << deep << u"Operation is too deep: 42 levels of fields, the limit is 32. @1:1"_s;
        QTest::addRow("nesting within the limit through fragments")
            << u"{ points(name: \"x\") { ...P } } fragment P on Point { series { tags { key } } }"_s << QString();
    }
    void limitsExpandedOperations()
    {
        QFETCH(QString, document);
        QFETCH(QString, message);
        QElapsedTimer timer;
        timer.start();
        const QString errors = validateText(document);
        QVERIFY2(timer.elapsed() < 10'000, "validation must stay quick");
        QCOMPARE(errors, message);
    }

    void limitsDepth()
    {
        static const Schema schema = test::testSchema();
        // Depth 3 (points > series > tags) + key, repeated through a chain of fragments exceeds a limit of 3.
        const ParseResult parsed
            = parseDocument(u"{ points(name: \"x\") { ...P } } fragment P on Point { series { tags { key } } }"_s);
        QVERIFY(parsed.isOk());
        QCOMPARE(validate(schema, *parsed.document, { 4, 10'000 }).size(), std::size_t { 0 });
        const std::vector<Error> errors = validate(schema, *parsed.document, { 3, 10'000 });
        QCOMPARE(describe(errors), u"Operation is too deep: 4 levels of fields, the limit is 3. @1:1"_s);
    }

    void hostileDocumentsStayQuick_data()
    {
        QTest::addColumn<int>("fragments");
        QTest::addColumn<QString>("errors");
        QTest::addRow("a chain of 100 fragments is fine") << 100 << QString();
        QTest::addRow("a chain of 1500 fragments is too complex")
            << 1500
            << u"Document is too complex to validate: its selection sets expand to more than 200000 fields once "
               u"fragments are spread."_s;
    }
    void hostileDocumentsStayQuick()
    {
        QFETCH(int, fragments);
        QFETCH(QString, errors);
        // Each fragment spreads the next: the work to merge fields grows with the square of the chain.
        QString chain = u"{ ...F0 }"_s;
        for (int i = 0; i < fragments; ++i)
            chain += u" fragment F%1 on Query { hello ...F%2 }"_s.arg(i).arg(i + 1);
        chain += u" fragment F%1 on Query { hello }"_s.arg(fragments);
        QElapsedTimer timer;
        timer.start();
        const QString actual = validateText(chain);
        QCOMPARE(actual.section(u" @"_s, 0, 0), errors);
        QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
    }

    void selectsOperations_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("operationName");
        QTest::addColumn<QString>("result");
        QTest::addRow("the only operation") << u"query A { hello }"_s << QString() << u"A"_s;
        QTest::addRow("by name") << u"query A { hello } query B { color }"_s << u"B"_s << u"B"_s;
        QTest::addRow("name needed") << u"query A { hello } query B { color }"_s << QString()
                                     << u"Must provide operation name if query contains multiple operations."_s;
        QTest::addRow("unknown name") << u"query A { hello }"_s << u"C"_s << u"Unknown operation named \"C\"."_s;
        QTest::addRow("no operation") << u"fragment F on Query { hello }"_s << QString()
                                      << u"Must provide an operation."_s;
    }
    void selectsOperations()
    {
        QFETCH(QString, document);
        QFETCH(QString, operationName);
        QFETCH(QString, result);
        const ParseResult parsed = parseDocument(document);
        QVERIFY(parsed.isOk());
        std::vector<Error> errors;
        const OperationDefinition* op = selectOperation(*parsed.document, operationName, errors);
        QCOMPARE(op ? op->name : describe(errors), result);
    }

    void coercesVariables_data()
    {
        QTest::addColumn<QString>("definitions");
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QString>("expected"); // coerced JSON, or the errors
        QTest::addRow("provided values") << u"$s: String!, $i: Int, $f: Float, $b: Boolean"_s
                                         << json(R"({"s":"x","i":3,"f":2.5,"b":true})")
                                         << u"{\"b\":true,\"f\":2.5,\"i\":3,\"s\":\"x\"}"_s;
        QTest::addRow("defaults fill missing values")
            << u"$s: String = \"d\", $l: [Int] = [1, 2]"_s << QJsonObject() << u"{\"l\":[1,2],\"s\":\"d\"}"_s;
        QTest::addRow("missing nullable without default stays absent") << u"$s: String"_s << QJsonObject() << u"{}"_s;
        QTest::addRow("explicit null for a nullable variable")
            << u"$s: String = \"d\""_s << json(R"({"s":null})") << u"{\"s\":null}"_s;
        QTest::addRow("a single value becomes a list")
            << u"$c: [Color!]"_s << json(R"({"c":"RED"})") << u"{\"c\":[\"RED\"]}"_s;
        QTest::addRow("int is a valid float and ID")
            << u"$f: Float, $id: ID"_s << json(R"({"f":2,"id":12})") << u"{\"f\":2,\"id\":\"12\"}"_s;
        QTest::addRow("input object with default field")
            << u"$r: Range"_s << json(R"({"r":{"from":"1"}})") << u"{\"r\":{\"from\":\"1\",\"to\":\"now\"}}"_s;
        QTest::addRow("missing non-null variable")
            << u"$s: String!"_s << QJsonObject()
            << u"Variable \"$s\" of required type \"String!\" was not provided. @1:7"_s;
        QTest::addRow("null for a non-null variable")
            << u"$s: String!"_s << json(R"({"s":null})")
            << u"Variable \"$s\" of non-null type \"String!\" must not be null. @1:7"_s;
        QTest::addRow("number for a string")
            << u"$s: String"_s << json(R"({"s":5})")
            << u"Variable \"$s\" got invalid value 5; String cannot represent a non string value: 5 @1:7"_s;
        QTest::addRow("fraction for an int")
            << u"$i: Int"_s << json(R"({"i":1.5})")
            << u"Variable \"$i\" got invalid value 1.5; Int cannot represent non-integer value: 1.5 @1:7"_s;
        QTest::addRow("int beyond 32 bits")
            << u"$i: Int"_s << json(R"({"i":4294967296})")
            << u"Variable \"$i\" got invalid value 4294967296; Int cannot represent non 32-bit signed integer value: 4294967296 @1:7"_s;
        QTest::addRow("unknown enum value")
            << u"$c: [Color!]"_s << json(R"({"c":["RED","BLUE"]})")
            << u"Variable \"$c\" got invalid value [\"RED\", \"BLUE\"]; Value \"BLUE\" does not exist in \"Color\" enum. @1:7"_s;
        QTest::addRow("null inside a list of non-null")
            << u"$c: [Color!]"_s << json(R"({"c":[null]})")
            << u"Variable \"$c\" got invalid value [null]; Expected non-nullable type \"Color!\" not to be null. @1:7"_s;
        QTest::addRow("string for a boolean")
            << u"$b: Boolean"_s << json(R"({"b":"true"})")
            << u"Variable \"$b\" got invalid value \"true\"; Boolean cannot represent a non boolean value: \"true\" @1:7"_s;
        QTest::addRow("input object missing a field")
            << u"$r: Range"_s << json(R"({"r":{"to":"1"}})")
            << u"Variable \"$r\" got invalid value {to: \"1\"}; Field \"from\" of required type \"String!\" was not provided. @1:7"_s;
        QTest::addRow("every bad variable is reported")
            << u"$a: String!, $b: Int!"_s << json(R"({"b":"x"})")
            << u"Variable \"$a\" of required type \"String!\" was not provided. @1:7\n"
               u"Variable \"$b\" got invalid value \"x\"; Int cannot represent non-integer value: \"x\" @1:20"_s;
    }
    void coercesVariables()
    {
        QFETCH(QString, definitions);
        QFETCH(QJsonObject, inputs);
        QFETCH(QString, expected);
        static const Schema schema = test::testSchema();
        const ParseResult parsed = parseDocument(u"query("_s + definitions + u") { hello }"_s);
        QVERIFY2(parsed.isOk(), qPrintable(parsed.error.message));
        std::vector<Error> errors;
        const std::optional<QJsonObject> vars
            = coerceVariableValues(schema, parsed.document->operations.front(), inputs, errors);
        const QString actual
            = vars ? QString::fromUtf8(QJsonDocument(*vars).toJson(QJsonDocument::Compact)) : describe(errors);
        QCOMPARE(actual, expected);
    }
};

QTEST_APPLESS_MAIN(TestGraphqlValidator)
#include "tst_graphqlvalidator.moc"
