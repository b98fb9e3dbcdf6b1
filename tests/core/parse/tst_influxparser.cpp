#include "parse/influxparser.h"

#include <QTest>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

// Counts heap allocations so a test can prove the steady state allocates nothing.
namespace {
std::atomic<long> g_allocations { 0 };
}

void* operator new(std::size_t size)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size)
{
    return ::operator new(size);
}
void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete[](void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    std::free(p);
}

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

constexpr std::int64_t kDefaultTimeNs = 42;

std::string formatDouble(double v)
{
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

/** `measurement [k=v]... {key:kind=value}... @timeNs`, names and strings unescaped. */
std::string render(const InfluxPoint& point)
{
    std::string scratch;
    std::string out(unescapeMeasurement(point.measurement, scratch));
    std::vector<TagView> tags;
    std::string arena;
    unescapeTagsInto(point, tags, arena);
    for (const TagView& tag : tags)
        out += " [" + std::string(tag.key) + "=" + std::string(tag.value) + "]";
    out += ' ';
    for (const InfluxField& field : point.fields) {
        out += "{" + std::string(unescapeKey(field.key, scratch)) + ":" + std::string(influxFieldKindName(field.kind))
            + "=";
        switch (field.kind) {
        case InfluxFieldKind::Float:
            out += formatDouble(field.floatValue);
            break;
        case InfluxFieldKind::Int:
            out += std::to_string(field.intValue);
            break;
        case InfluxFieldKind::Uint:
            out += std::to_string(field.uintValue);
            break;
        case InfluxFieldKind::Bool:
            out += field.boolValue ? "true" : "false";
            break;
        case InfluxFieldKind::String:
            out += unescapeString(field.stringRaw, scratch);
            break;
        }
        out += '}';
    }
    out += " @" + std::to_string(point.timeNs);
    return out;
}

/** Records every event as text: `N: <render>` for points, `N! reason` for rejections. */
struct Recorder {
    std::vector<std::string> events;
    std::vector<std::string> rejectedLines;
    void onPoint(const InfluxPoint& point)
    {
        events.push_back(std::to_string(point.lineNumber) + ": " + render(point));
    }
    void onReject(std::size_t lineNumber, InfluxReject reason, std::string_view line)
    {
        events.push_back(std::to_string(lineNumber) + "! " + std::string(influxRejectName(reason)));
        rejectedLines.emplace_back(line);
    }
};

QStringList toStringList(const std::vector<std::string>& v)
{
    QStringList out;
    for (const std::string& s : v)
        out << QString::fromStdString(s);
    return out;
}

QStringList parseAll(
    std::string_view payload, InfluxPrecision precision = InfluxPrecision::Nanoseconds, const InfluxLimits& limits = {})
{
    Recorder recorder;
    parseInflux(payload, precision, kDefaultTimeNs, limits, recorder);
    return toStringList(recorder.events);
}

/** The single event of a one-line payload, without its line number ("!reason" for a rejection). */
QString parseOne(
    std::string_view line, InfluxPrecision precision = InfluxPrecision::Nanoseconds, const InfluxLimits& limits = {})
{
    const QStringList events = parseAll(line, precision, limits);
    if (events.size() != 1)
        return u"<%1 events>"_s.arg(events.size());
    QString e = events.front();
    if (e.startsWith(u"1: "_s))
        return e.mid(3);
    if (e.startsWith(u"1! "_s))
        return u"!"_s + e.mid(3);
    return e;
}

} // namespace

class TestInfluxParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fieldValuesOfEveryType_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* name, const char* value, const char* rendered) {
            QTest::addRow("%s", name) << QByteArray("m v=") + value << QString::fromUtf8(rendered);
        };
        row("float integer-looking", "1", "m {v:float=1} @42");
        row("float with fraction", "1.5", "m {v:float=1.5} @42");
        row("float negative exponent form", "-1e3", "m {v:float=-1000} @42");
        row("float capital exponent with sign", "2.5E+2", "m {v:float=250} @42");
        row("float leading dot", ".5", "m {v:float=0.5} @42");
        row("float trailing dot", "1.", "m {v:float=1} @42");
        row("float negative zero", "-0", "m {v:float=-0} @42");
        row("float subnormal", "5e-324", "m {v:float=5e-324} @42");
        row("float underflow reads as zero", "1e-400", "m {v:float=0} @42");
        row("float negative underflow", "-0.0000001e-400", "m {v:float=-0} @42");
        row("float largest", "1.7976931348623157e308", "m {v:float=1.7976931348623157e+308} @42");
        row("float leading zeros", "007.25", "m {v:float=7.25} @42");
        row("int", "12i", "m {v:int=12} @42");
        row("int negative", "-12i", "m {v:int=-12} @42");
        row("int zero", "0i", "m {v:int=0} @42");
        row("int max", "9223372036854775807i", "m {v:int=9223372036854775807} @42");
        row("int min", "-9223372036854775808i", "m {v:int=-9223372036854775808} @42");
        row("uint", "12u", "m {v:uint=12} @42");
        row("uint zero", "0u", "m {v:uint=0} @42");
        row("uint max", "18446744073709551615u", "m {v:uint=18446744073709551615} @42");
        for (const char* t : { "t", "T", "true", "True", "TRUE" })
            row(t, t, "m {v:bool=true} @42");
        for (const char* f : { "f", "F", "false", "False", "FALSE" })
            row(f, f, "m {v:bool=false} @42");
        row("string", "\"hello\"", "m {v:string=hello} @42");
        row("empty string", "\"\"", "m {v:string=} @42");
        row("string with space comma equals", "\"a b,c=d\"", "m {v:string=a b,c=d} @42");
        row("string with escaped quote", "\"say \\\"hi\\\"\"", "m {v:string=say \"hi\"} @42");
        row("string with escaped backslash", "\"C:\\\\dir\"", "m {v:string=C:\\dir} @42");
        row("string keeps other backslashes", "\"a\\nb\\,c\"", "m {v:string=a\\nb\\,c} @42");
        row("string ending in escaped backslash", "\"a\\\\\" 7", "m {v:string=a\\} @7");
        row("string that looks like a number", "\"12i\"", "m {v:string=12i} @42");
        row("string with utf-8", "\"h\xC3\xA9llo\"", "m {v:string=h\xC3\xA9llo} @42");
    }
    void fieldValuesOfEveryType()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, expected);
        QCOMPARE(parseOne(line.toStdString()), expected);
    }

    void severalFieldsKeepInputOrderAndDuplicates()
    {
        QCOMPARE(parseOne("m a=1,b=2i,c=\"x,y\",d=t,a=3u 5"),
            u"m {a:float=1}{b:int=2}{c:string=x,y}{d:bool=true}{a:uint=3} @5"_s);
    }

    void escapesInEveryToken_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("expected");
        QTest::addRow("measurement escaped comma and space")
            << QByteArray("cpu\\,load\\ avg v=1") << u"cpu,load avg {v:float=1} @42"_s;
        QTest::addRow("measurement escaped backslash") << QByteArray("a\\\\b v=1") << u"a\\b {v:float=1} @42"_s;
        QTest::addRow("measurement keeps backslash before equals")
            << QByteArray("a\\=b v=1") << u"a\\=b {v:float=1} @42"_s;
        QTest::addRow("measurement unescaped equals is plain") << QByteArray("a=b v=1") << u"a=b {v:float=1} @42"_s;
        QTest::addRow("measurement escaped backslash then real comma")
            << QByteArray("a\\\\,t=x v=1") << u"a\\ [t=x] {v:float=1} @42"_s;
        QTest::addRow("tag key escapes") << QByteArray("m,my\\ key\\,x\\=y=v v=1")
                                         << u"m [my key,x=y=v] {v:float=1} @42"_s;
        QTest::addRow("tag value escapes")
            << QByteArray("m,k=web\\ 01\\,eu\\=1 v=1") << u"m [k=web 01,eu=1] {v:float=1} @42"_s;
        QTest::addRow("tag value escaped backslash") << QByteArray("m,k=a\\\\b v=1") << u"m [k=a\\b] {v:float=1} @42"_s;
        QTest::addRow("tag value other backslash kept")
            << QByteArray("m,k=a\\tb v=1") << u"m [k=a\\tb] {v:float=1} @42"_s;
        QTest::addRow("several escaped tags keep their own text")
            << QByteArray("m,a\\ long\\ key=x\\,y\\,z\\,w,b=plain,c\\=3=z\\ z\\ z\\ z v=1")
            << u"m [a long key=x,y,z,w] [b=plain] [c=3=z z z z] {v:float=1} @42"_s;
        QTest::addRow("field key escapes") << QByteArray("m us\\ er\\,x\\=1=2i") << u"m {us er,x=1:int=2} @42"_s;
        QTest::addRow("string value escapes") << QByteArray("m s=\"a\\\"b\\\\c\"") << u"m {s:string=a\"b\\c} @42"_s;
        QTest::addRow("string value keeps escaped comma literally")
            << QByteArray("m s=\"a\\,b\"") << u"m {s:string=a\\,b} @42"_s;
        QTest::addRow("trailing backslash in measurement is literal") << QByteArray("m\\") << u"!missing_fields"_s;
    }
    void escapesInEveryToken()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, expected);
        QCOMPARE(parseOne(line.toStdString()), expected);
    }

    void escapeFlagsAreSetOnlyWhereNeeded_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("measurement");
        QTest::addColumn<bool>("tagKey");
        QTest::addColumn<bool>("tagValue");
        QTest::addColumn<bool>("fieldKey");
        QTest::addColumn<bool>("stringValue");
        QTest::addRow("plain") << QByteArray("m,k=v f=\"s\"") << false << false << false << false << false;
        QTest::addRow("measurement") << QByteArray("m\\ x,k=v f=\"s\"") << true << false << false << false << false;
        QTest::addRow("tag key") << QByteArray("m,k\\=x=v f=\"s\"") << false << true << false << false << false;
        QTest::addRow("tag value") << QByteArray("m,k=v\\,x f=\"s\"") << false << false << true << false << false;
        QTest::addRow("field key") << QByteArray("m,k=v f\\ x=\"s\"") << false << false << false << true << false;
        QTest::addRow("string value") << QByteArray("m,k=v f=\"\\\"s\"") << false << false << false << false << true;
    }
    void escapeFlagsAreSetOnlyWhereNeeded()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, measurement);
        QFETCH(bool, tagKey);
        QFETCH(bool, tagValue);
        QFETCH(bool, fieldKey);
        QFETCH(bool, stringValue);
        InfluxParser parser;
        QCOMPARE(
            parser.parseLine(line.toStdString(), 1, InfluxPrecision::Nanoseconds, 0), InfluxParser::LineStatus::Point);
        const InfluxPoint& p = parser.point();
        QCOMPARE(p.isMeasurementEscaped, measurement);
        QCOMPARE(p.tagFlags[0].isKeyEscaped, tagKey);
        QCOMPARE(p.tagFlags[0].isValueEscaped, tagValue);
        QCOMPARE(p.hasEscapedTags, tagKey || tagValue);
        QCOMPARE(p.fields[0].isKeyEscaped, fieldKey);
        QCOMPARE(p.fields[0].isStringEscaped, stringValue);
    }

    void viewsPointIntoThePayloadRaw()
    {
        const std::string payload = "cpu\\ x,host=web\\ 1 msg=\"a\\\"b\",v=2i 9";
        InfluxParser parser;
        QCOMPARE(parser.parseLine(payload, 1, InfluxPrecision::Nanoseconds, 0), InfluxParser::LineStatus::Point);
        const InfluxPoint& p = parser.point();
        const auto isInside = [&](std::string_view v) {
            return v.data() >= payload.data() && v.data() + v.size() <= payload.data() + payload.size();
        };
        QVERIFY(isInside(p.measurement));
        QVERIFY(isInside(p.tags[0].key) && isInside(p.tags[0].value));
        QVERIFY(isInside(p.fields[0].key) && isInside(p.fields[0].stringRaw));
        QCOMPARE(QByteArray::fromStdString(std::string(p.measurement)), QByteArray("cpu\\ x"));
        QCOMPARE(QByteArray::fromStdString(std::string(p.tags[0].value)), QByteArray("web\\ 1"));
        QCOMPARE(QByteArray::fromStdString(std::string(p.fields[0].stringRaw)), QByteArray("a\\\"b"));
        QCOMPARE(p.fields[1].intValue, std::int64_t(2));
        QCOMPARE(p.fields[1].asDouble(), 2.0);
        QCOMPARE(p.timeNs, std::int64_t(9));
        QVERIFY(p.hasTimestamp);
    }

    void timestampsAtEveryPrecision_data()
    {
        QTest::addColumn<QString>("precision");
        QTest::addColumn<QByteArray>("stamp");
        QTest::addColumn<QString>("expected");
        const QString t18 = u"@1700000000000000000"_s;
        QTest::addRow("ns") << u"ns"_s << QByteArray("1700000000000000000") << t18;
        QTest::addRow("us") << u"us"_s << QByteArray("1700000000000000") << t18;
        QTest::addRow("ms") << u"ms"_s << QByteArray("1700000000000") << t18;
        QTest::addRow("s") << u"s"_s << QByteArray("1700000000") << t18;
        QTest::addRow("no timestamp takes the default") << u"s"_s << QByteArray() << u"@42"_s;
        QTest::addRow("negative s") << u"s"_s << QByteArray("-1") << u"@-1000000000"_s;
        QTest::addRow("zero") << u"ms"_s << QByteArray("0") << u"@0"_s;
        QTest::addRow("ns max") << u"ns"_s << QByteArray("9223372036854775807") << u"@9223372036854775807"_s;
        QTest::addRow("ns min") << u"ns"_s << QByteArray("-9223372036854775808") << u"@-9223372036854775808"_s;
        QTest::addRow("ns overflow") << u"ns"_s << QByteArray("9223372036854775808") << u"!out_of_range"_s;
        QTest::addRow("ns far overflow") << u"ns"_s << QByteArray("99999999999999999999999") << u"!out_of_range"_s;
        QTest::addRow("us largest") << u"us"_s << QByteArray("9223372036854775") << u"@9223372036854775000"_s;
        QTest::addRow("us overflow") << u"us"_s << QByteArray("9223372036854776") << u"!out_of_range"_s;
        QTest::addRow("ms largest") << u"ms"_s << QByteArray("9223372036854") << u"@9223372036854000000"_s;
        QTest::addRow("ms overflow") << u"ms"_s << QByteArray("9223372036855") << u"!out_of_range"_s;
        QTest::addRow("s largest") << u"s"_s << QByteArray("9223372036") << u"@9223372036000000000"_s;
        QTest::addRow("s overflow") << u"s"_s << QByteArray("9223372037") << u"!out_of_range"_s;
        QTest::addRow("s negative overflow") << u"s"_s << QByteArray("-9223372037") << u"!out_of_range"_s;
    }
    void timestampsAtEveryPrecision()
    {
        QFETCH(QString, precision);
        QFETCH(QByteArray, stamp);
        QFETCH(QString, expected);
        const auto p = influxPrecisionFromString(precision.toStdString());
        QVERIFY(p.has_value());
        const std::string line = "m v=1i" + (stamp.isEmpty() ? std::string() : " " + stamp.toStdString());
        const QString got = parseOne(line, *p);
        QCOMPARE(got.startsWith(u'!') ? got : got.mid(got.indexOf(u'@')), expected);
    }

    void precisionNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected"); // -1: not a precision
        QTest::addRow("ns") << u"ns"_s << int(InfluxPrecision::Nanoseconds);
        QTest::addRow("us") << u"us"_s << int(InfluxPrecision::Microseconds);
        QTest::addRow("ms") << u"ms"_s << int(InfluxPrecision::Milliseconds);
        QTest::addRow("s") << u"s"_s << int(InfluxPrecision::Seconds);
        QTest::addRow("upper case") << u"MS"_s << -1;
        QTest::addRow("h is not supported") << u"h"_s << -1;
        QTest::addRow("empty") << QString() << -1;
    }
    void precisionNames()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        const auto p = influxPrecisionFromString(text.toStdString());
        QCOMPARE(p ? int(*p) : -1, expected);
        if (p)
            QCOMPARE(QString::fromLatin1(influxPrecisionName(*p)), text);
    }

    void blankAndCommentLinesAreSkipped_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("empty payload") << QByteArray() << QStringList();
        QTest::addRow("only newlines") << QByteArray("\n\n\n") << QStringList();
        QTest::addRow("comment and blank lines")
            << QByteArray("# header\n\nm v=1\n   \n# m v=2\nm v=3")
            << QStringList { u"3: m {v:float=1} @42"_s, u"6: m {v:float=3} @42"_s };
        QTest::addRow("indented comment")
            << QByteArray("  \t# x y=z\nm v=1") << QStringList { u"2: m {v:float=1} @42"_s };
        QTest::addRow("crlf line ends") << QByteArray("m v=1 1\r\n\r\nm v=2 2\r\n")
                                        << QStringList { u"1: m {v:float=1} @1"_s, u"3: m {v:float=2} @2"_s };
        QTest::addRow("trailing and leading whitespace") << QByteArray(
            "  m v=1 5 \t \nm v=2  \n") << QStringList { u"1: m {v:float=1} @5"_s, u"2: m {v:float=2} @42"_s };
        QTest::addRow("several spaces between sections")
            << QByteArray("m,k=v   v=1   5") << QStringList { u"1: m [k=v] {v:float=1} @5"_s };
        QTest::addRow("hash inside a line is data")
            << QByteArray("m#1 v=\"#x\"") << QStringList { u"1: m#1 {v:string=#x} @42"_s };
    }
    void blankAndCommentLinesAreSkipped()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QStringList, expected);
        QCOMPARE(parseAll(payload.toStdString()), expected);
    }

    void everyRejectionReason_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("reason");
        const auto row = [](const char* name, const char* line, const char* reason) {
            QTest::addRow("%s", name) << QByteArray(line) << QString::fromLatin1(reason);
        };
        row("measurement only", "cpu", "missing_fields");
        row("measurement and tags only", "cpu,host=a", "missing_fields");
        row("measurement and trailing space", "cpu,host=a   ", "missing_fields");
        row("starts with comma", ",host=a v=1", "empty_measurement");
        row("starts with comma after spaces", "  ,host=a v=1", "empty_measurement");
        row("tag without equals", "cpu,host v=1", "bad_tag");
        row("tag with empty key", "cpu,=a v=1", "bad_tag");
        row("tag with empty value", "cpu,host= v=1", "bad_tag");
        row("empty tag", "cpu, v=1", "bad_tag");
        row("trailing comma after tags", "cpu,host=a, v=1", "bad_tag");
        row("unescaped equals in tag value", "cpu,host=a=b v=1", "bad_tag");
        row("tag at line end", "cpu,host", "bad_tag");
        row("field without equals", "cpu value", "bad_field");
        row("field with empty key", "cpu =1", "bad_field");
        row("trailing comma after fields", "cpu v=1,", "bad_field");
        row("space after field comma", "cpu v=1, w=2", "bad_field");
        row("double comma between fields", "cpu v=1,,w=2", "bad_field");
        row("empty value at end", "cpu v=", "bad_field_value");
        row("empty value before comma", "cpu v=,w=1", "bad_field_value");
        row("empty value before space", "cpu v= 1", "bad_field_value");
        row("word value", "cpu v=abc", "bad_field_value");
        row("two dots", "cpu v=1.2.3", "bad_field_value");
        row("almost a boolean", "cpu v=tru", "bad_field_value");
        row("text after closing quote", "cpu v=\"x\"y", "bad_field_value");
        row("leading plus", "cpu v=+1", "bad_field_value");
        row("hex", "cpu v=0x10", "bad_field_value");
        row("digit separator", "cpu v=1_000", "bad_field_value");
        row("lone minus", "cpu v=-", "bad_field_value");
        row("dangling exponent", "cpu v=1e", "bad_field_value");
        row("string without closing quote", "cpu v=\"abc", "unterminated_string");
        row("string closed by an escaped quote", "cpu v=\"abc\\\"", "unterminated_string");
        row("string ending in a lone backslash", "cpu v=\"abc\\", "unterminated_string");
        row("float with i", "cpu v=1.5i", "bad_integer");
        row("negative unsigned", "cpu v=-3u", "bad_integer");
        row("exponent with i", "cpu v=1e3i", "bad_integer");
        row("minus and i", "cpu v=-i", "bad_integer");
        row("double minus", "cpu v=--1i", "bad_integer");
        row("fraction with u", "cpu v=1.0u", "bad_integer");
        row("int above max", "cpu v=9223372036854775808i", "out_of_range");
        row("int below min", "cpu v=-9223372036854775809i", "out_of_range");
        row("uint above max", "cpu v=18446744073709551616u", "out_of_range");
        row("float above max", "cpu v=1e309", "out_of_range");
        row("negative float above max", "cpu v=-123.4e400", "out_of_range");
        row("timestamp above max", "cpu v=1 9223372036854775808", "out_of_range");
        row("nan", "cpu v=nan", "not_finite");
        row("NaN", "cpu v=NaN", "not_finite");
        row("inf", "cpu v=inf", "not_finite");
        row("minus Inf", "cpu v=-Inf", "not_finite");
        row("plus inf", "cpu v=+inf", "not_finite");
        row("infinity", "cpu v=Infinity", "not_finite");
        row("word timestamp", "cpu v=1 abc", "bad_timestamp");
        row("fractional timestamp", "cpu v=1 1.5", "bad_timestamp");
        row("two timestamps", "cpu v=1 12 34", "bad_timestamp");
        row("minus timestamp", "cpu v=1 -", "bad_timestamp");
        row("exponent timestamp", "cpu v=1 1e9", "bad_timestamp");
        row("plus timestamp", "cpu v=1 +5", "bad_timestamp");
    }
    void everyRejectionReason()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, reason);
        QCOMPARE(parseOne(line.toStdString()), u"!"_s + reason);
    }

    void limitsRejectOversizedLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("expected");
        QTest::addRow("line at the byte limit") << QByteArray("m,k=") + QByteArray(32, 'v') + " v=1"
                                                << u"m [k="_s + QString(32, u'v') + u"] {v:float=1} @42"_s;
        QTest::addRow("line over the byte limit")
            << QByteArray("m,k=") + QByteArray(33, 'v') + " v=1" << u"!line_too_long"_s;
        QTest::addRow("tags at the limit") << QByteArray("m,a=1,b=2 v=1") << u"m [a=1] [b=2] {v:float=1} @42"_s;
        QTest::addRow("tags over the limit") << QByteArray("m,a=1,b=2,c=3 v=1") << u"!too_many_tags"_s;
        QTest::addRow("fields at the limit")
            << QByteArray("m a=1,b=2,c=3") << u"m {a:float=1}{b:float=2}{c:float=3} @42"_s;
        QTest::addRow("fields over the limit") << QByteArray("m a=1,b=2,c=3,d=4") << u"!too_many_fields"_s;
        QTest::addRow("names at the limit")
            << QByteArray("mmmmm,kkkkk=v fffff=1") << u"mmmmm [kkkkk=v] {fffff:float=1} @42"_s;
        QTest::addRow("measurement too long") << QByteArray("mmmmmm v=1") << u"!name_too_long"_s;
        QTest::addRow("tag key too long") << QByteArray("m,kkkkkk=v v=1") << u"!name_too_long"_s;
        QTest::addRow("field key too long") << QByteArray("m ffffff=1") << u"!name_too_long"_s;
        QTest::addRow("long tag value is not a name")
            << QByteArray("m,k=vvvvvvvvvv v=1") << u"m [k=vvvvvvvvvv] {v:float=1} @42"_s;
    }
    void limitsRejectOversizedLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, expected);
        InfluxLimits limits;
        limits.maxLineBytes = 40;
        limits.maxTags = 2;
        limits.maxFields = 3;
        limits.maxNameBytes = 5;
        QCOMPARE(parseOne(line.toStdString(), InfluxPrecision::Nanoseconds, limits), expected);
    }

    void badLinesRejectOnlyThemselves()
    {
        const std::string payload = "cpu,host=a usage=1 10\n"
                                    "cpu,host=b usage=oops 11\n"
                                    "# comment\n"
                                    "mem free=2i 12\n"
                                    "disk,dev=sda v=\"unterminated\n"
                                    "still string\"\n"
                                    "\n"
                                    "net rx=3u 13";
        Recorder recorder;
        parseInflux(payload, InfluxPrecision::Nanoseconds, kDefaultTimeNs, InfluxLimits {}, recorder);
        QCOMPARE(toStringList(recorder.events),
            (QStringList { u"1: cpu [host=a] {usage:float=1} @10"_s, u"2! bad_field_value"_s,
                u"4: mem {free:int=2} @12"_s, u"5! unterminated_string"_s, u"6! bad_field"_s,
                u"8: net {rx:uint=3} @13"_s }));
        QCOMPARE(toStringList(recorder.rejectedLines),
            (QStringList { u"cpu,host=b usage=oops 11"_s, u"disk,dev=sda v=\"unterminated"_s, u"still string\""_s }));
    }

    void reusedParserForgetsThePreviousLine()
    {
        const std::string payload = "a,x=1,y=2,z=3 f=1,g=2,h=3 7\nb v=\"s\"\nc,k=v bad\nd w=1";
        QCOMPARE(parseAll(payload),
            (QStringList { u"1: a [x=1] [y=2] [z=3] {f:float=1}{g:float=2}{h:float=3} @7"_s, u"2: b {v:string=s} @42"_s,
                u"3! bad_field"_s, u"4: d {w:float=1} @42"_s }));
    }

    void unescapeHelpers_data()
    {
        QTest::addColumn<int>("escaping");
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("expected");
        const int m = int(InfluxEscaping::Measurement);
        const int k = int(InfluxEscaping::Key);
        const int s = int(InfluxEscaping::String);
        QTest::addRow("nothing to undo") << k << QByteArray("plain") << QByteArray("plain");
        QTest::addRow("empty") << k << QByteArray() << QByteArray();
        QTest::addRow("measurement") << m << QByteArray("a\\,b\\ c\\\\d\\=e") << QByteArray("a,b c\\d\\=e");
        QTest::addRow("key") << k << QByteArray("a\\,b\\ c\\\\d\\=e\\\"f") << QByteArray("a,b c\\d=e\\\"f");
        QTest::addRow("string") << s << QByteArray("a\\\"b\\\\c\\,d\\ e") << QByteArray("a\"b\\c\\,d\\ e");
        QTest::addRow("trailing backslash") << k << QByteArray("ab\\") << QByteArray("ab\\");
        QTest::addRow("double backslash then comma") << k << QByteArray("\\\\\\,") << QByteArray("\\,");
    }
    void unescapeHelpers()
    {
        QFETCH(int, escaping);
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, expected);
        std::string scratch;
        const std::string rawText = raw.toStdString();
        const std::string_view got = unescapeInto(rawText, InfluxEscaping(escaping), scratch);
        QCOMPARE(QByteArray(got.data(), qsizetype(got.size())), expected);
        if (rawText.find('\\') == std::string::npos)
            QCOMPARE(static_cast<const void*>(got.data()), static_cast<const void*>(rawText.data()));
    }

    void steadyStateParsingDoesNotAllocate()
    {
        const std::string payload = "cpu,host=web01,region=eu usage_user=12.5,usage_system=3.1 1700000000000000000\n"
                                    "cpu\\ x,host\\=h=web\\ 1 msg=\"say \\\"hi\\\"\",n=3i,u=4u,b=true"
                                    "\n# comment\nbad line\n";
        struct Consumer {
            std::string scratch;
            std::string arena;
            std::vector<TagView> tags;
            std::size_t bytes = 0;
            void onPoint(const InfluxPoint& p)
            {
                bytes += unescapeMeasurement(p.measurement, scratch).size();
                unescapeTagsInto(p, tags, arena);
                for (const InfluxField& f : p.fields)
                    bytes += unescapeKey(f.key, scratch).size() + unescapeString(f.stringRaw, scratch).size();
            }
            void onReject(std::size_t, InfluxReject, std::string_view line) { bytes += line.size(); }
        } consumer;
        const long probe = g_allocations.load();
        delete new int(1);
        QCOMPARE(g_allocations.load() - probe, 1L); // the counter sees allocations
        InfluxParser parser;
        parser.parse(payload, InfluxPrecision::Nanoseconds, 0, consumer); // warm-up sizes every buffer
        const long before = g_allocations.load();
        for (int i = 0; i < 100; ++i)
            parser.parse(payload, InfluxPrecision::Nanoseconds, 0, consumer);
        QCOMPARE(g_allocations.load() - before, 0L);
        QVERIFY(consumer.bytes > 0);
    }

    void fieldsReadAsGauges_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<double>("expected");
        QTest::addRow("float") << QByteArray("2.5") << 2.5;
        QTest::addRow("int") << QByteArray("-7i") << -7.0;
        QTest::addRow("uint") << QByteArray("18446744073709551615u") << 18446744073709551615.0;
        QTest::addRow("true") << QByteArray("true") << 1.0;
        QTest::addRow("false") << QByteArray("F") << 0.0;
        QTest::addRow("string") << QByteArray("\"12\"") << 0.0;
    }
    void fieldsReadAsGauges()
    {
        QFETCH(QByteArray, value);
        QFETCH(double, expected);
        InfluxParser parser;
        const std::string line = "m v=" + value.toStdString();
        QCOMPARE(parser.parseLine(line, 1, InfluxPrecision::Nanoseconds, 0), InfluxParser::LineStatus::Point);
        QCOMPARE(parser.point().fields[0].asDouble(), expected);
    }

    void rejectNamesAreDistinctSnakeCase()
    {
        QSet<QString> names;
        for (std::size_t i = 0; i < kInfluxRejectCount; ++i) {
            const auto name = QString::fromLatin1(influxRejectName(InfluxReject(i)));
            QVERIFY2(!name.isEmpty() && name != u"unknown"_s, qPrintable(name));
            for (const QChar c : name)
                QVERIFY2(c.isLower() || c == u'_', qPrintable(name));
            names.insert(name);
        }
        QCOMPARE(names.size(), qsizetype(kInfluxRejectCount));
        QCOMPARE(QString::fromLatin1(influxRejectName(InfluxReject(kInfluxRejectCount))), u"unknown"_s);
    }
};

QTEST_GUILESS_MAIN(TestInfluxParser)
#include "tst_influxparser.moc"
