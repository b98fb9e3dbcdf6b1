#include "graphql/lexer.h"
#include "graphql/parser.h"

#include <QElapsedTimer>
#include <QTest>

using namespace pulse::graphql;
using namespace Qt::StringLiterals;

namespace {

// Prints a document back in one normalised line, so a table row can state the whole parse tree.
QString printDirectives(const std::vector<Directive>& ds);

QString printArgs(const std::vector<Argument>& args)
{
    if (args.empty())
        return {};
    QStringList parts;
    for (const Argument& a : args)
        parts << a.name + u": "_s + a.value.print();
    return u"("_s + parts.join(u", "_s) + u')';
}

QString printDirectives(const std::vector<Directive>& ds)
{
    QString out;
    for (const Directive& d : ds)
        out += u" @"_s + d.name + printArgs(d.arguments);
    return out;
}

QString printSelections(const std::vector<Selection>& set)
{
    QStringList parts;
    for (const Selection& s : set) {
        QString p;
        switch (s.kind) {
        case Selection::Kind::Field:
            p = (s.alias.isEmpty() ? QString() : s.alias + u": "_s) + s.name + printArgs(s.arguments)
                + printDirectives(s.directives);
            if (s.hasSelectionSet)
                p += u' ' + printSelections(s.selectionSet);
            break;
        case Selection::Kind::FragmentSpread:
            p = u"..."_s + s.name + printDirectives(s.directives);
            break;
        case Selection::Kind::InlineFragment:
            p = u"..."_s + (s.typeCondition.isEmpty() ? QString() : u" on "_s + s.typeCondition)
                + printDirectives(s.directives) + u' ' + printSelections(s.selectionSet);
            break;
        }
        parts << p;
    }
    return u"{ "_s + parts.join(u' ') + u" }"_s;
}

QString printDocument(const Document& doc)
{
    QStringList parts;
    for (const OperationDefinition& op : doc.operations) {
        QString p = operationTypeName(op.type);
        if (!op.name.isEmpty())
            p += u' ' + op.name;
        if (!op.variables.empty()) {
            QStringList vars;
            for (const VariableDefinition& v : op.variables)
                vars << u"$"_s + v.name + u": "_s + v.type.toString()
                        + (v.defaultValue ? u" = "_s + v.defaultValue->print() : QString())
                        + printDirectives(v.directives);
            p += u'(' + vars.join(u", "_s) + u')';
        }
        p += printDirectives(op.directives) + u' ' + printSelections(op.selectionSet);
        parts << p;
    }
    for (const FragmentDefinition& f : doc.fragments)
        parts << u"fragment "_s + f.name + u" on "_s + f.typeCondition + printDirectives(f.directives) + u' '
                + printSelections(f.selectionSet);
    return parts.join(u" | "_s);
}

QString nested(int depth)
{
    return QString(u"{a"_s).repeated(depth) + QString(u"}"_s).repeated(depth);
}

} // namespace

class TestGraphqlParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesDocuments_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("printed");
        QTest::addRow("anonymous shorthand") << u"{ a }"_s << u"query { a }"_s;
        QTest::addRow("named query with alias and nested selections")
            << u"query Q { x: a { b c { d } } }"_s << u"query Q { x: a { b c { d } } }"_s;
        QTest::addRow("mutation and subscription keywords")
            << u"mutation M { a } subscription S { b }"_s << u"mutation M { a } | subscription S { b }"_s;
        QTest::addRow("variables: named, list, non-null, defaults")
            << u"query($a: Int = 1, $b: [String!]! $c: [[Float]] = [[1.5]]) { f }"_s
            << u"query($a: Int = 1, $b: [String!]!, $c: [[Float]] = [[1.5]]) { f }"_s;
        QTest::addRow("arguments with every literal kind")
            << u"{ f(i: -12, fl: 1.5e3, s: \"x\", t: true, n: null, e: RED, l: [1, \"a\"], o: {k: $v, m: {z: []}}) }"_s
            << u"query { f(i: -12, fl: 1.5e3, s: \"x\", t: true, n: null, e: RED, l: [1, \"a\"], o: {k: $v, m: {z: []}}) }"_s;
        QTest::addRow("fragment definition and spread")
            << u"{ ...F } fragment F on Query { a }"_s << u"query { ...F } | fragment F on Query { a }"_s;
        QTest::addRow("inline fragments with and without type condition")
            << u"{ ... on Query { a } ... @include(if: $x) { b } }"_s
            << u"query { ... on Query { a } ... @include(if: $x) { b } }"_s;
        QTest::addRow("directives on fields, spreads, operations, variables")
            << u"query Q($v: Boolean = false @d) @op { a @skip(if: true) @include(if: $v) ...F @x } fragment F on T @fd { b }"_s
            << u"query Q($v: Boolean = false @d) @op { a @skip(if: true) @include(if: $v) ...F @x } | fragment F on T @fd { b }"_s;
        QTest::addRow("commas and comments are ignored")
            << u"# leading\n{ a,, b # trailing\n ,c }"_s << u"query { a b c }"_s;
        QTest::addRow("byte order mark and CRLF") << u"\uFEFF{\r\n a\r\n}"_s << u"query { a }"_s;
        QTest::addRow("keywords are ordinary field names")
            << u"{ query mutation fragment on true null }"_s << u"query { query mutation fragment on true null }"_s;
        QTest::addRow("spread named like a keyword except on")
            << u"{ ...query } fragment query on Q { a }"_s << u"query { ...query } | fragment query on Q { a }"_s;
    }
    void parsesDocuments()
    {
        QFETCH(QString, source);
        QFETCH(QString, printed);
        const ParseResult r = parseDocument(source);
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        QCOMPARE(printDocument(*r.document), printed);
    }

    void rejectsInvalidDocuments_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addRow("empty document") << u""_s << u"Syntax Error: Unexpected <EOF>."_s << 1 << 1;
        QTest::addRow("unclosed selection set") << u"{ a"_s << u"Syntax Error: Expected Name, found <EOF>."_s << 1 << 4;
        QTest::addRow("empty selection set") << u"{ }"_s << u"Syntax Error: Expected Name, found \"}\"."_s << 1 << 3;
        QTest::addRow("missing colon in argument on line 2")
            << u"{\n  f(a 1) }"_s << u"Syntax Error: Expected \":\", found Int \"1\"."_s << 2 << 7;
        QTest::addRow("unexpected character")
            << u"{ a % }"_s << u"Syntax Error: Unexpected character: \"%\"."_s << 1 << 5;
        QTest::addRow("single quotes")
            << u"{ f(a: 'x') }"_s
            << u"Syntax Error: Unexpected single quote character ('), did you mean to use a double quote (\")?"_s << 1
            << 8;
        QTest::addRow("unterminated string")
            << u"{ f(a: \"abc) }"_s << u"Syntax Error: Unterminated string."_s << 1 << 15;
        QTest::addRow("newline inside string")
            << u"{ f(a: \"ab\ncd\") }"_s << u"Syntax Error: Unterminated string."_s << 1 << 11;
        QTest::addRow("bad escape") << u"{ f(a: \"\\q\") }"_s
                                    << u"Syntax Error: Invalid character escape sequence: \"\\q\"."_s << 1 << 9;
        QTest::addRow("bad unicode escape")
            << u"{ f(a: \"\\u12G4\") }"_s << u"Syntax Error: Invalid Unicode escape sequence: \"\\u12G4\"."_s << 1 << 9;
        QTest::addRow("leading zero") << u"{ f(a: 012) }"_s
                                      << u"Syntax Error: Invalid number, unexpected digit after 0: \"1\"."_s << 1 << 9;
        QTest::addRow("float without fraction digits")
            << u"{ f(a: 1.) }"_s << u"Syntax Error: Invalid number, expected digit but got: \")\"."_s << 1 << 10;
        QTest::addRow("number followed by a name")
            << u"{ f(a: 12x) }"_s << u"Syntax Error: Invalid number, expected digit but got: \"x\"."_s << 1 << 10;
        QTest::addRow("variable in a default value")
            << u"query($a: Int = $b) { f }"_s << u"Syntax Error: Unexpected variable \"$b\" in constant value."_s << 1
            << 17;
        QTest::addRow("fragment named on")
            << u"fragment on on T { a }"_s << u"Syntax Error: Unexpected Name \"on\"."_s << 1 << 10;
        QTest::addRow("fragment without type condition")
            << u"fragment F { a }"_s << u"Syntax Error: Expected \"on\", found \"{\"."_s << 1 << 12;
        QTest::addRow("type system definition")
            << u"type Query { a: Int }"_s
            << u"Syntax Error: Unexpected Name \"type\": only operations and fragments are allowed (executable documents)."_s
            << 1 << 1;
        QTest::addRow("control character")
            << u"{ a \u0007 }"_s << u"Syntax Error: Unexpected character: \"\\u0007\"."_s << 1 << 5;
        QTest::addRow("lone dot") << u"{ .a }"_s << u"Syntax Error: Unexpected character: \".\"."_s << 1 << 3;
        QTest::addRow("missing variable type")
            << u"query($a) { f }"_s << u"Syntax Error: Expected \":\", found \")\"."_s << 1 << 9;
        QTest::addRow("error location after a block string spanning lines")
            << u"{ f(a: \"\"\"x\ny\"\"\" b: ) }"_s << u"Syntax Error: Unexpected \")\"."_s << 2 << 9;
    }
    void rejectsInvalidDocuments()
    {
        QFETCH(QString, source);
        QFETCH(QString, message);
        QFETCH(int, line);
        QFETCH(int, column);
        const ParseResult r = parseDocument(source);
        QVERIFY(!r.isOk());
        QCOMPARE(r.error.message, message);
        QCOMPARE(r.error.locations.size(), std::size_t { 1 });
        QCOMPARE(r.error.locations.front().line, line);
        QCOMPARE(r.error.locations.front().column, column);
    }

    void decodesStrings_data()
    {
        QTest::addColumn<QString>("literal");
        QTest::addColumn<QString>("decoded");
        QTest::addRow("plain") << u"\"abc\""_s << u"abc"_s;
        QTest::addRow("simple escapes") << u"\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\""_s << u"q\" b\\ s/ \b\f\n\r\t"_s;
        QTest::addRow("unicode escape") << u"\"\\u00e9\\u20AC\""_s << u"é€"_s;
        QTest::addRow("non-ASCII source") << u"\"Grüße ✓\""_s << u"Grüße ✓"_s;
        QTest::addRow("block string strips common indent and blank lines")
            << u"\"\"\"\n    hello\n      world\n    \"\"\""_s << u"hello\n  world"_s;
        QTest::addRow("block string keeps escapes raw") << u"\"\"\"a\\nb\"\"\""_s << u"a\\nb"_s;
        QTest::addRow("block string escaped triple quote") << u"\"\"\"a \\\"\"\" b\"\"\""_s << u"a \"\"\" b"_s;
        QTest::addRow("block string first line keeps its indent")
            << u"\"\"\"  first\n  second\"\"\""_s << u"  first\nsecond"_s;
    }
    void decodesStrings()
    {
        QFETCH(QString, literal);
        QFETCH(QString, decoded);
        const std::optional<Value> v = parseConstValue(literal);
        QVERIFY(v);
        QCOMPARE(v->kind, Value::Kind::String);
        QCOMPARE(v->text, decoded);
    }

    void recordsLocations()
    {
        const ParseResult r = parseDocument(u"query Q {\n  alias: field(arg: 1) {\n    ...Frag\n  }\n}\n"
                                            u"fragment Frag on T { x }"_s);
        QVERIFY(r.isOk());
        const OperationDefinition& op = r.document->operations.front();
        QCOMPARE(op.location, (Location { 1, 1 }));
        const Selection& field = op.selectionSet.front();
        QCOMPARE(field.location, (Location { 2, 3 }));
        QCOMPARE(field.arguments.front().location, (Location { 2, 16 }));
        QCOMPARE(field.arguments.front().value.location, (Location { 2, 21 }));
        QCOMPARE(field.selectionSet.front().location, (Location { 3, 5 }));
        QCOMPARE(r.document->fragments.front().location, (Location { 6, 1 }));
    }

    void parsesTypeReferences_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("isValid");
        QTest::addRow("named") << u"Int"_s << true;
        QTest::addRow("non-null list of non-null") << u"[Tag!]!"_s << true;
        QTest::addRow("nested lists") << u"[[Float]]"_s << true;
        QTest::addRow("double bang") << u"Int!!"_s << false;
        QTest::addRow("unclosed list") << u"[Int"_s << false;
    }
    void parsesTypeReferences()
    {
        QFETCH(QString, text);
        QFETCH(bool, isValid);
        const std::optional<TypeRef> t = parseTypeRef(text);
        QCOMPARE(t.has_value(), isValid);
        if (t)
            QCOMPARE(t->toString(), text);
    }

    void enforcesLimits_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("messageStart");
        QTest::addRow("selection sets nested 33 deep")
            << nested(33) << u"Document nests too deeply: more than 32 levels."_s;
        QTest::addRow("lists nested 10000 deep")
            << u"{ f(a: "_s + QString(u"["_s).repeated(10'000) + u") }"_s << u"Document nests too deeply"_s;
        QTest::addRow("objects nested 10000 deep")
            << u"{ f(a: "_s + QString(u"{a:"_s).repeated(10'000) + u") }"_s << u"Document nests too deeply"_s;
        QTest::addRow("list types nested 10000 deep")
            << u"query($a: "_s + QString(u"["_s).repeated(10'000) + u"Int) { f }"_s << u"Document nests too deeply"_s;
        QTest::addRow("one megabyte document")
            << u"{ "_s + QString(u"a "_s).repeated(512 * 1024) + u'}' << u"Document is too large: 1048579 characters"_s;
        QTest::addRow("too many tokens") << u"{ "_s + QString(u"a,"_s).repeated(20'000) + u'}'
                                         << u"Document has too many tokens: more than 16384."_s;
    }
    void enforcesLimits()
    {
        QFETCH(QString, source);
        QFETCH(QString, messageStart);
        QElapsedTimer timer;
        timer.start();
        const ParseResult r = parseDocument(source);
        QVERIFY(!r.isOk());
        QVERIFY2(r.error.message.startsWith(messageStart), qPrintable(r.error.message));
        QVERIFY2(timer.elapsed() < 10'000, "rejecting a hostile document must be quick");
    }

    void acceptsNestingUpToTheLimit()
    {
        const ParseResult r = parseDocument(nested(32));
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
    }

    void countsTokensInTheLexer()
    {
        Lexer lexer(u"{ a(b: [1, 2]) }"_s);
        QStringList kinds;
        for (Token t = lexer.next(); t.kind != Token::Kind::End; t = lexer.next())
            kinds << tokenKindName(t.kind);
        QCOMPARE(kinds.join(u' '), u"\"{\" Name \"(\" Name \":\" \"[\" Int Int \"]\" \")\" \"}\""_s);
        QCOMPARE(lexer.tokenCount(), std::size_t { 12 });
    }
};

QTEST_APPLESS_MAIN(TestGraphqlParser)
#include "tst_graphqlparser.moc"
