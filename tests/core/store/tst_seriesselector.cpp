#include "store/glob.h"
#include "store/seriesselector.h"

#include <QTest>

#include <memory>
#include <string>
#include <vector>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

SeriesInfo series(const std::string& name, std::vector<Tag> tags = {})
{
    SeriesInfo info;
    info.id = 1;
    info.name = name;
    info.tags = std::move(tags);
    return info;
}

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

class TestSeriesSelector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void globMatches_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("expected");
        QTest::addRow("literal equal") << QByteArray("cpu") << QByteArray("cpu") << true;
        QTest::addRow("literal is not a prefix match") << QByteArray("cpu") << QByteArray("cpu0") << false;
        QTest::addRow("star matches empty") << QByteArray("*") << QByteArray("") << true;
        QTest::addRow("empty pattern matches only empty") << QByteArray("") << QByteArray("a") << false;
        QTest::addRow("empty pattern matches empty") << QByteArray("") << QByteArray("") << true;
        QTest::addRow("stars in the middle") << QByteArray("a*b*c") << QByteArray("aXXbYc") << true;
        QTest::addRow("star needs backtracking") << QByteArray("a*ab") << QByteArray("aaab") << true;
        QTest::addRow("trailing literal after star must match the end")
            << QByteArray("*a") << QByteArray("ab") << false;
        QTest::addRow("double star") << QByteArray("**a") << QByteArray("a") << true;
        QTest::addRow("question mark is exactly one byte") << QByteArray("a?c") << QByteArray("abc") << true;
        QTest::addRow("question mark is not zero bytes") << QByteArray("a?c") << QByteArray("ac") << false;
        QTest::addRow("class member") << QByteArray("disk[ab]") << QByteArray("diskb") << true;
        QTest::addRow("class non-member") << QByteArray("disk[ab]") << QByteArray("diskc") << false;
        QTest::addRow("range") << QByteArray("[a-c]x") << QByteArray("bx") << true;
        QTest::addRow("negated class with bang") << QByteArray("[!ab]") << QByteArray("c") << true;
        QTest::addRow("negated class with caret") << QByteArray("[^ab]") << QByteArray("a") << false;
        QTest::addRow("closing bracket first is a member") << QByteArray("[]]") << QByteArray("]") << true;
        QTest::addRow("negated closing bracket") << QByteArray("[!]]") << QByteArray("]") << false;
        QTest::addRow("escaped star is literal") << QByteArray("a\\*b") << QByteArray("a*b") << true;
        QTest::addRow("escaped star does not wildcard") << QByteArray("a\\*b") << QByteArray("axb") << false;
        QTest::addRow("whole-string glob keeps spaces") << QByteArray("a b*") << QByteArray("a bc") << true;
    }

    void globMatches()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArray, text);
        QFETCH(bool, expected);
        Glob::Error error;
        const auto glob = Glob::compile(std::string_view(pattern.constData(), pattern.size()), &error);
        QVERIFY2(glob.has_value(), error.message.c_str());
        QCOMPARE(glob->matches(std::string_view(text.constData(), text.size())), expected);
        QCOMPARE(glob->pattern(), pattern.toStdString());
    }

    void globFastPaths()
    {
        QVERIFY(Glob().matchesAnything());
        QVERIFY(Glob::compile("**")->matchesAnything());
        QVERIFY(!Glob::compile("*a")->matchesAnything());
        QVERIFY(Glob::compile("a\\*b")->isLiteral());
        QCOMPARE(Glob::compile("a\\*b")->literal(), std::string("a*b"));
        QVERIFY(!Glob::compile("a[b]")->isLiteral());
    }

    void parsesValidSelectors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expectedText");
        QTest::addColumn<QByteArray>("expectedName");
        QTest::addColumn<int>("expectedFilters");
        QTest::addRow("everything") << QByteArray("*") << QByteArray("*") << QByteArray("*") << 0;
        QTest::addRow("name and two filters")
            << QByteArray("http.latency{service=api,host=*}") << QByteArray("http.latency{service=api,host=*}")
            << QByteArray("http.latency") << 2;
        QTest::addRow("name glob with filter")
            << QByteArray("http.*{host=web-1}") << QByteArray("http.*{host=web-1}") << QByteArray("http.*") << 1;
        QTest::addRow("not-equals") << QByteArray("cpu{core!=total}") << QByteArray("cpu{core!=total}")
                                    << QByteArray("cpu") << 1;
        QTest::addRow("bare key") << QByteArray("cpu{core}") << QByteArray("cpu{core}") << QByteArray("cpu") << 1;
        QTest::addRow("filters without a name")
            << QByteArray("{source=kafka}") << QByteArray("{source=kafka}") << QByteArray("*") << 1;
        QTest::addRow("empty braces") << QByteArray("http{}") << QByteArray("http{}") << QByteArray("http") << 0;
        QTest::addRow("whitespace around tokens")
            << QByteArray("  http { host = web-1 , dc != eu }  ") << QByteArray("http { host = web-1 , dc != eu }")
            << QByteArray("http") << 2;
        QTest::addRow("escaped brace in the name")
            << QByteArray("a\\{b") << QByteArray("a\\{b") << QByteArray("a\\{b") << 0;
        QTest::addRow("empty value") << QByteArray("m{k=}") << QByteArray("m{k=}") << QByteArray("m") << 1;
        QTest::addRow("class with comma in a value")
            << QByteArray("m{k=[a,b]}") << QByteArray("m{k=[a,b]}") << QByteArray("m") << 1;
    }

    void parsesValidSelectors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expectedText);
        QFETCH(QByteArray, expectedName);
        QFETCH(int, expectedFilters);
        const SelectorParse parsed = SeriesSelector::parse(std::string_view(text.constData(), text.size()));
        QVERIFY2(parsed.isOk(), parsed.error.c_str());
        QCOMPARE(parsed.errorColumn, 0);
        QCOMPARE(bytes(parsed.selector->text()), expectedText);
        QCOMPARE(bytes(parsed.selector->name().pattern()), expectedName);
        QCOMPARE(int(parsed.selector->filters().size()), expectedFilters);
    }

    void rejectsInvalidSelectorsWithColumn_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expectedError");
        QTest::addColumn<int>("expectedColumn");
        QTest::addRow("empty") << QByteArray("") << QByteArray("column 1: empty selector") << 1;
        QTest::addRow("only blanks") << QByteArray("   ") << QByteArray("column 4: empty selector") << 4;
        QTest::addRow("unclosed brace") << QByteArray("http{")
                                        << QByteArray("column 6: expected a tag key, found the end") << 6;
        QTest::addRow("key without operator at the end")
            << QByteArray("http{host")
            << QByteArray("column 10: expected '=', '!=', ',' or '}' after tag key 'host', found the end") << 10;
        QTest::addRow("value without closing brace")
            << QByteArray("http{host=a") << QByteArray("column 12: expected ',' or '}', found the end") << 12;
        QTest::addRow("bang without equals")
            << QByteArray("http{host!a}") << QByteArray("column 11: expected '=' after '!'") << 11;
        QTest::addRow("text after the closing brace")
            << QByteArray("http{host=a}x") << QByteArray("column 13: unexpected 'x' after '}'") << 13;
        QTest::addRow("stray closing brace")
            << QByteArray("http}") << QByteArray("column 5: expected '{' or the end after the metric name, found '}'")
            << 5;
        QTest::addRow("space inside the name")
            << QByteArray("ht tp") << QByteArray("column 4: expected '{' or the end after the metric name, found 't'")
            << 4;
        QTest::addRow("unterminated class")
            << QByteArray("http[ab") << QByteArray("column 5: unterminated character class '['") << 5;
        QTest::addRow("dangling escape") << QByteArray("http\\")
                                         << QByteArray("column 5: dangling escape '\\' at the end") << 5;
        QTest::addRow("reversed range") << QByteArray("[z-a]") << QByteArray("column 2: invalid character range 'z-a'")
                                        << 2;
        QTest::addRow("empty key") << QByteArray("http{,}") << QByteArray("column 6: expected a tag key, found ','")
                                   << 6;
        QTest::addRow("trailing comma") << QByteArray("http{a=b,}")
                                        << QByteArray("column 10: expected a tag key, found '}'") << 10;
        QTest::addRow("operator without a name")
            << QByteArray("=x") << QByteArray("column 1: expected a metric name or '{', found '='") << 1;
        QTest::addRow("second equals in a value")
            << QByteArray("http{a=b=c}") << QByteArray("column 9: expected ',' or '}', found '='") << 9;
        QTest::addRow("brace after a key")
            << QByteArray("http{a{b}")
            << QByteArray("column 7: expected '=', '!=', ',' or '}' after tag key 'a', found '{'") << 7;
        QTest::addRow("columns count characters, not bytes")
            << QByteArray("h\xc3\xa9llo}")
            << QByteArray("column 6: expected '{' or the end after the metric name, found '}'") << 6;
    }

    void rejectsInvalidSelectorsWithColumn()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expectedError);
        QFETCH(int, expectedColumn);
        const SelectorParse parsed = SeriesSelector::parse(std::string_view(text.constData(), text.size()));
        QVERIFY(!parsed.isOk());
        QCOMPARE(bytes(parsed.error), expectedError);
        QCOMPARE(parsed.errorColumn, expectedColumn);
    }

    void matchesSeries_data()
    {
        QTest::addColumn<QByteArray>("selector");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QStringList>("tags"); // "key=value"
        QTest::addColumn<bool>("expected");
        const QStringList none;
        QTest::addRow("star selects anything")
            << QByteArray("*") << QByteArray("a.b") << QStringList { u"x=y"_s } << true;
        QTest::addRow("name glob prefix") << QByteArray("http.*") << QByteArray("http.latency") << none << true;
        QTest::addRow("dot is literal") << QByteArray("http.*") << QByteArray("httpx") << none << false;
        QTest::addRow("all filters hold")
            << QByteArray("http.latency{service=api,host=*}") << QByteArray("http.latency")
            << QStringList { u"host=web-1"_s, u"service=api"_s } << true;
        QTest::addRow("a wildcard value still needs the tag")
            << QByteArray("http.latency{service=api,host=*}") << QByteArray("http.latency")
            << QStringList { u"service=api"_s } << false;
        QTest::addRow("value differs") << QByteArray("http.latency{service=api}") << QByteArray("http.latency")
                                       << QStringList { u"service=web"_s } << false;
        QTest::addRow("not-equals excludes the value")
            << QByteArray("cpu{core!=total}") << QByteArray("cpu") << QStringList { u"core=total"_s } << false;
        QTest::addRow("not-equals keeps other values")
            << QByteArray("cpu{core!=total}") << QByteArray("cpu") << QStringList { u"core=0"_s } << true;
        QTest::addRow("not-equals keeps series without the tag")
            << QByteArray("cpu{core!=total}") << QByteArray("cpu") << none << true;
        QTest::addRow("not-equals glob") << QByteArray("cpu{core!=t*}") << QByteArray("cpu")
                                         << QStringList { u"core=total"_s } << false;
        QTest::addRow("bare key needs the tag") << QByteArray("cpu{core}") << QByteArray("cpu") << none << false;
        QTest::addRow("bare key with any value")
            << QByteArray("cpu{core}") << QByteArray("cpu") << QStringList { u"core=3"_s } << true;
        QTest::addRow("empty value matches only empty")
            << QByteArray("m{k=}") << QByteArray("m") << QStringList { u"k=v"_s } << false;
        QTest::addRow("empty value matches empty")
            << QByteArray("m{k=}") << QByteArray("m") << QStringList { u"k="_s } << true;
        QTest::addRow("question mark") << QByteArray("disk.?") << QByteArray("disk.ab") << none << false;
        QTest::addRow("class in the name") << QByteArray("disk.[ab]") << QByteArray("disk.b") << none << true;
        QTest::addRow("escaped star in the name") << QByteArray("a\\*b") << QByteArray("axb") << none << false;
        QTest::addRow("no name selects by tags")
            << QByteArray("{source=kafka}") << QByteArray("anything") << QStringList { u"source=kafka"_s } << true;
        QTest::addRow("two filters on one key")
            << QByteArray("m{k=v*,k!=v2}") << QByteArray("m") << QStringList { u"k=v1"_s } << true;
        QTest::addRow("value with escaped comma")
            << QByteArray("m{k=a\\,b}") << QByteArray("m") << QStringList { u"k=a,b"_s } << true;
        QTest::addRow("glob values across tags") << QByteArray("*.count{host=web-*,dc!=eu*}") << QByteArray("req.count")
                                                 << QStringList { u"dc=us-east"_s, u"host=web-3"_s } << true;
    }

    void matchesSeries()
    {
        QFETCH(QByteArray, selector);
        QFETCH(QByteArray, name);
        QFETCH(QStringList, tags);
        QFETCH(bool, expected);
        std::vector<Tag> tagList;
        for (const QString& t : tags) {
            const qsizetype eq = t.indexOf(u'=');
            tagList.emplace_back(t.left(eq).toStdString(), t.mid(eq + 1).toStdString());
        }
        const SelectorParse parsed = SeriesSelector::parse(std::string_view(selector.constData(), selector.size()));
        QVERIFY2(parsed.isOk(), parsed.error.c_str());
        QCOMPARE(parsed.selector->matches(series(name.toStdString(), tagList)), expected);
    }

    void defaultSelectorMatchesEverything()
    {
        const SeriesSelector all;
        QVERIFY(all.matches(series("x", { { "a", "b" } })));
        QVERIFY(all.matches(series("")));
        QCOMPARE(all.text(), std::string("*"));
    }
};

QTEST_GUILESS_MAIN(TestSeriesSelector)
#include "tst_seriesselector.moc"
