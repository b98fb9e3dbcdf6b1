#include "parse/statsdparser.h"

#include <QSet>
#include <QTest>

#include <array>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <new>
#include <string>

// Counts every heap allocation of the test binary so the hot path can be shown to allocate nothing.
namespace {
std::atomic<long long> g_allocations { 0 };

void* countedAlloc(std::size_t bytes)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(bytes ? bytes : 1);
}

void* countedAlignedAlloc(std::size_t bytes, std::align_val_t align)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    const auto a = static_cast<std::size_t>(align);
    return std::aligned_alloc(a, (bytes + a - 1) / a * a);
}
} // namespace

void* operator new(std::size_t n)
{
    if (void* p = countedAlloc(n))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n)
{
    if (void* p = countedAlloc(n))
        return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept
{
    return countedAlloc(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept
{
    return countedAlloc(n);
}
void* operator new(std::size_t n, std::align_val_t a)
{
    if (void* p = countedAlignedAlloc(n, a))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a)
{
    if (void* p = countedAlignedAlloc(n, a))
        return p;
    throw std::bad_alloc();
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
void operator delete(void* p, const std::nothrow_t&) noexcept
{
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    std::free(p);
}

using namespace pulse;

Q_DECLARE_METATYPE(pulse::StatsdLimits)
Q_DECLARE_METATYPE(pulse::StatsdReject)

namespace {

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

QByteArray number(double v)
{
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return QByteArray(buf, qsizetype(res.ptr - buf));
}

QByteArray tagsText(const StatsdTags& tags)
{
    QByteArray out;
    for (const TagView& t : tags) {
        out += out.isEmpty() ? "#" : ",";
        out += bytes(t.key) + '=' + bytes(t.value);
    }
    return out;
}

// One compact line per visitor call, so a whole payload's outcome compares as one list.
struct Recorder {
    QList<QByteArray> records;

    void onSample(const StatsdSample& s)
    {
        QByteArray r = bytes(statsdTypeName(s.type)) + ' ' + bytes(s.name) + ' ';
        r += s.type == MetricType::Set ? '\'' + bytes(s.setMember) + '\'' : number(s.value);
        if (s.isDelta)
            r += " delta";
        if (s.sampleRate != 1.0)
            r += " @" + number(s.sampleRate);
        if (!s.tags.isEmpty())
            r += ' ' + tagsText(s.tags);
        if (s.timestampSec)
            r += " T" + QByteArray::number(*s.timestampSec);
        if (!s.container.empty())
            r += " c:" + bytes(s.container);
        r += " L" + QByteArray::number(qulonglong(s.lineNumber));
        records.append(r);
    }

    void onEvent(const StatsdEvent& e)
    {
        QByteArray r = "event '" + bytes(e.title) + "' '" + bytes(e.text) + '\'';
        if (e.timestampSec)
            r += " d:" + QByteArray::number(*e.timestampSec);
        const std::pair<const char*, const std::optional<std::string_view>*> fields[] = {
            { " h:", &e.host },
            { " k:", &e.aggregationKey },
            { " p:", &e.priority },
            { " s:", &e.sourceType },
            { " t:", &e.alertType },
        };
        for (const auto& [label, value] : fields) {
            if (value->has_value())
                r += label + bytes(**value);
        }
        if (!e.tags.isEmpty())
            r += ' ' + tagsText(e.tags);
        if (!e.container.empty())
            r += " c:" + bytes(e.container);
        r += " L" + QByteArray::number(qulonglong(e.lineNumber));
        records.append(r);
    }

    void onServiceCheck(const StatsdServiceCheck& sc)
    {
        QByteArray r = "sc " + bytes(sc.name) + ' ' + QByteArray::number(sc.status);
        if (sc.timestampSec)
            r += " d:" + QByteArray::number(*sc.timestampSec);
        if (sc.host)
            r += " h:" + bytes(*sc.host);
        if (!sc.tags.isEmpty())
            r += ' ' + tagsText(sc.tags);
        if (!sc.container.empty())
            r += " c:" + bytes(sc.container);
        if (sc.message)
            r += " m:'" + bytes(*sc.message) + '\'';
        r += " L" + QByteArray::number(qulonglong(sc.lineNumber));
        records.append(r);
    }

    void onReject(std::size_t lineNumber, StatsdReject reason, std::string_view line)
    {
        records.append("reject " + bytes(statsdRejectName(reason)) + " L" + QByteArray::number(qulonglong(lineNumber))
            + " '" + bytes(line) + '\'');
    }
};

QList<QByteArray> parse(const QByteArray& payload, const StatsdLimits& limits = {})
{
    Recorder rec;
    parseStatsd(std::string_view(payload.constData(), std::size_t(payload.size())), limits, rec);
    return rec.records;
}

StatsdLimits limitsWith(std::size_t line, std::size_t name, std::size_t tag, std::size_t tags)
{
    StatsdLimits l;
    l.maxLineBytes = line;
    l.maxNameBytes = name;
    l.maxTagBytes = tag;
    l.maxTags = tags;
    return l;
}

} // namespace

class TestStatsdParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesMetricLine_data();
    void parsesMetricLine();
    void rejectsMetricLine_data();
    void rejectsMetricLine();
    void limitsAreInclusive_data();
    void limitsAreInclusive();
    void parsesEvent_data();
    void parsesEvent();
    void parsesServiceCheck_data();
    void parsesServiceCheck();
    void splitsPayloadIntoLines_data();
    void splitsPayloadIntoLines();
    void tagsCopyIntoCallerBuffer_data();
    void tagsCopyIntoCallerBuffer();
    void viewsPointIntoThePayload();
    void rejectionNamesAreStableSnakeCase();
    void hotPathDoesNotAllocate();
};

void TestStatsdParser::parsesMetricLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QList<QByteArray>>("expected");
    using L = QList<QByteArray>;

    QTest::addRow("counter") << QByteArray("hits:1|c") << L { "c hits 1 L1" };
    QTest::addRow("counter with exponent") << QByteArray("hits:1.5e3|c") << L { "c hits 1500 L1" };
    QTest::addRow("counter with leading plus is not a delta") << QByteArray("hits:+5|c") << L { "c hits 5 L1" };
    QTest::addRow("negative counter") << QByteArray("hits:-2|c") << L { "c hits -2 L1" };
    QTest::addRow("fraction with leading dot") << QByteArray("x:.25|h") << L { "h x 0.25 L1" };
    QTest::addRow("16 digits leave the integer fast path")
        << QByteArray("x:1234567890123456|c") << L { "c x 1234567890123456 L1" };
    QTest::addRow("gauge absolute") << QByteArray("temp:21.5|g") << L { "g temp 21.5 L1" };
    QTest::addRow("gauge increment") << QByteArray("temp:+3|g") << L { "g temp 3 delta L1" };
    QTest::addRow("gauge decrement") << QByteArray("temp:-3|g") << L { "g temp -3 delta L1" };
    QTest::addRow("gauge delta with exponent") << QByteArray("temp:-1e2|g") << L { "g temp -100 delta L1" };
    QTest::addRow("timer") << QByteArray("lat:320|ms") << L { "ms lat 320 L1" };
    QTest::addRow("histogram") << QByteArray("size:1024|h") << L { "h size 1024 L1" };
    QTest::addRow("distribution") << QByteArray("dist:7.5|d") << L { "d dist 7.5 L1" };
    QTest::addRow("set") << QByteArray("users:alice|s") << L { "s users 'alice' L1" };
    QTest::addRow("set member that looks like a number") << QByteArray("users:-42|s") << L { "s users '-42' L1" };
    QTest::addRow("packed distribution") << QByteArray("d:1:2:3e2|d") << L { "d d 1 L1", "d d 2 L1", "d d 300 L1" };
    QTest::addRow("packed gauge mixes absolute and deltas")
        << QByteArray("g:5:+1:-2|g") << L { "g g 5 L1", "g g 1 delta L1", "g g -2 delta L1" };
    QTest::addRow("packed set") << QByteArray("u:a:b|s") << L { "s u 'a' L1", "s u 'b' L1" };
    QTest::addRow("packed values share rate, tags and timestamp")
        << QByteArray("t:1:2|ms|@0.5|#a:b|T17") << L { "ms t 1 @0.5 #a=b T17 L1", "ms t 2 @0.5 #a=b T17 L1" };
    {
        QByteArray line = "many:";
        L expected;
        for (int i = 1; i <= 20; ++i) {
            line += (i > 1 ? ":" : "") + QByteArray::number(i * (i % 2 ? 1 : -1));
            expected << "d many " + QByteArray::number(i * (i % 2 ? 1 : -1)) + " L1";
        }
        QTest::addRow("20 packed values go beyond the inline buffer") << line + "|d" << expected;
    }
    QTest::addRow("sample rate") << QByteArray("x:1|c|@0.1") << L { "c x 1 @0.1 L1" };
    QTest::addRow("sample rate of one") << QByteArray("x:1|c|@1") << L { "c x 1 L1" };
    QTest::addRow("sample rate with exponent") << QByteArray("x:1|c|@5e-1") << L { "c x 1 @0.5 L1" };
    QTest::addRow("dogstatsd tags") << QByteArray("x:1|c|#env:prod,host:web01")
                                    << L { "c x 1 #env=prod,host=web01 L1" };
    QTest::addRow("tag without value") << QByteArray("x:1|c|#canary") << L { "c x 1 #canary= L1" };
    QTest::addRow("tag with empty value") << QByteArray("x:1|c|#env:") << L { "c x 1 #env= L1" };
    QTest::addRow("tag value containing colons")
        << QByteArray("x:1|c|#url:http://a:8") << L { "c x 1 #url=http://a:8 L1" };
    QTest::addRow("tags with spaces and utf-8")
        << QByteArray("x:1|c|#city:S\xc3\xa3o Paulo,#x") << L { "c x 1 #city=S\xc3\xa3o Paulo,#x= L1" };
    QTest::addRow("timestamp") << QByteArray("x:1|g|T1700000000") << L { "g x 1 T1700000000 L1" };
    QTest::addRow("timestamp zero") << QByteArray("x:1|g|T0") << L { "g x 1 T0 L1" };
    QTest::addRow("timestamp in year 9999") << QByteArray("x:1|g|T253402300799") << L { "g x 1 T253402300799 L1" };
    QTest::addRow("container") << QByteArray("x:1|c|c:abc123") << L { "c x 1 c:abc123 L1" };
    QTest::addRow("extension fields in any order")
        << QByteArray("x:2|ms|c:ctr|T17|#a:b|@0.5") << L { "ms x 2 @0.5 #a=b T17 c:ctr L1" };
    QTest::addRow("unknown dogstatsd extensions are ignored")
        << QByteArray("x:1|c|e:ext|card:high|x1_y:z|#a") << L { "c x 1 #a= L1" };
    QTest::addRow("utf-8 name") << QByteArray("caf\xc3\xa9.lat:1|ms") << L { "ms caf\xc3\xa9.lat 1 L1" };
    QTest::addRow("name with spaces and punctuation")
        << QByteArray("my metric{a=b}!:1|c") << L { "c my metric{a=b}! 1 L1" };
    QTest::addRow("metric named like an event prefix") << QByteArray("_e:1|c") << L { "c _e 1 L1" };
    QTest::addRow("metric named like a service check prefix") << QByteArray("_sc:1|c") << L { "c _sc 1 L1" };
}

void TestStatsdParser::parsesMetricLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QList<QByteArray>, expected);
    QCOMPARE(parse(line), expected);
}

void TestStatsdParser::rejectsMetricLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<StatsdLimits>("limits");
    QTest::addColumn<StatsdReject>("reason");
    const StatsdLimits d;

    QTest::addRow("no colon") << QByteArray("hits") << d << StatsdReject::NoValue;
    QTest::addRow("no colon before type") << QByteArray("hits|c") << d << StatsdReject::NoValue;
    QTest::addRow("empty value") << QByteArray("hits:|c") << d << StatsdReject::NoValue;
    QTest::addRow("empty last packed value") << QByteArray("hits:1:|d") << d << StatsdReject::NoValue;
    QTest::addRow("empty middle packed value") << QByteArray("hits:1::2|d") << d << StatsdReject::NoValue;
    QTest::addRow("empty packed set member") << QByteArray("u:a::b|s") << d << StatsdReject::NoValue;
    QTest::addRow("missing type") << QByteArray("hits:1") << d << StatsdReject::BadType;
    QTest::addRow("empty type") << QByteArray("hits:1|") << d << StatsdReject::BadType;
    QTest::addRow("unknown type") << QByteArray("hits:1|x") << d << StatsdReject::BadType;
    QTest::addRow("type in capitals") << QByteArray("hits:1|C") << d << StatsdReject::BadType;
    QTest::addRow("type with trailing garbage") << QByteArray("hits:1|ms2") << d << StatsdReject::BadType;
    QTest::addRow("empty sample rate") << QByteArray("x:1|c|@") << d << StatsdReject::BadSampleRate;
    QTest::addRow("sample rate not a number") << QByteArray("x:1|c|@abc") << d << StatsdReject::BadSampleRate;
    QTest::addRow("sample rate zero") << QByteArray("x:1|c|@0") << d << StatsdReject::BadSampleRate;
    QTest::addRow("sample rate negative") << QByteArray("x:1|c|@-0.5") << d << StatsdReject::BadSampleRate;
    QTest::addRow("sample rate above one") << QByteArray("x:1|c|@1.5") << d << StatsdReject::BadSampleRate;
    QTest::addRow("sample rate nan") << QByteArray("x:1|c|@nan") << d << StatsdReject::BadSampleRate;
    QTest::addRow("sample rate with garbage") << QByteArray("x:1|c|@0.5x") << d << StatsdReject::BadSampleRate;
    QTest::addRow("sample rate twice") << QByteArray("x:1|c|@0.5|@0.5") << d << StatsdReject::BadSampleRate;
    QTest::addRow("nan value") << QByteArray("x:nan|c") << d << StatsdReject::NotFinite;
    QTest::addRow("inf gauge") << QByteArray("x:inf|g") << d << StatsdReject::NotFinite;
    QTest::addRow("negative infinity timer") << QByteArray("x:-infinity|ms") << d << StatsdReject::NotFinite;
    QTest::addRow("nan delta") << QByteArray("x:+NaN|g") << d << StatsdReject::NotFinite;
    QTest::addRow("overflow") << QByteArray("x:1e400|c") << d << StatsdReject::OutOfRange;
    QTest::addRow("negative overflow") << QByteArray("x:-1e400|g") << d << StatsdReject::OutOfRange;
    QTest::addRow("underflow") << QByteArray("x:1e-400|c") << d << StatsdReject::OutOfRange;
    QTest::addRow("word value") << QByteArray("x:abc|c") << d << StatsdReject::BadValue;
    QTest::addRow("number with suffix") << QByteArray("x:1x|c") << d << StatsdReject::BadValue;
    QTest::addRow("two signs") << QByteArray("x:+-1|g") << d << StatsdReject::BadValue;
    QTest::addRow("double minus") << QByteArray("x:--1|c") << d << StatsdReject::BadValue;
    QTest::addRow("sign alone") << QByteArray("x:+|g") << d << StatsdReject::BadValue;
    QTest::addRow("trailing space in value") << QByteArray("x:1 |c") << d << StatsdReject::BadValue;
    QTest::addRow("hex value") << QByteArray("x:0x10|c") << d << StatsdReject::BadValue;
    QTest::addRow("decimal comma") << QByteArray("x:1,5|c") << d << StatsdReject::BadValue;
    QTest::addRow("bad packed value") << QByteArray("x:1:2:y|d") << d << StatsdReject::BadValue;
    QTest::addRow("set member with control char") << QByteArray("u:a\tb|s") << d << StatsdReject::BadValue;
    QTest::addRow("empty name") << QByteArray(":1|c") << d << StatsdReject::EmptyName;
    QTest::addRow("hash in name") << QByteArray("a#b:1|c") << d << StatsdReject::BadName;
    QTest::addRow("tab in name") << QByteArray("a\tb:1|c") << d << StatsdReject::BadName;
    QTest::addRow("carriage return in name") << QByteArray("a\rb:1|c") << d << StatsdReject::BadName;
    QTest::addRow("nul in name") << QByteArray("a\0b:1|c", 7) << d << StatsdReject::BadName;
    QTest::addRow("del in name") << QByteArray("a\x7f:1|c") << d << StatsdReject::BadName;
    QTest::addRow("empty tag section") << QByteArray("x:1|c|#") << d << StatsdReject::BadTag;
    QTest::addRow("empty tag key") << QByteArray("x:1|c|#:v") << d << StatsdReject::BadTag;
    QTest::addRow("empty tag between commas") << QByteArray("x:1|c|#a,,b") << d << StatsdReject::BadTag;
    QTest::addRow("trailing comma in tags") << QByteArray("x:1|c|#a,") << d << StatsdReject::BadTag;
    QTest::addRow("control char in tag") << QByteArray("x:1|c|#a:b\x01") << d << StatsdReject::BadTag;
    QTest::addRow("two tag sections") << QByteArray("x:1|c|#a|#b") << d << StatsdReject::BadTag;
    QTest::addRow("bad tag rejects packed values too") << QByteArray("x:1:2|d|#:x") << d << StatsdReject::BadTag;
    QTest::addRow("empty timestamp") << QByteArray("x:1|g|T") << d << StatsdReject::BadTimestamp;
    QTest::addRow("negative timestamp") << QByteArray("x:1|g|T-1") << d << StatsdReject::BadTimestamp;
    QTest::addRow("fractional timestamp") << QByteArray("x:1|g|T1.5") << d << StatsdReject::BadTimestamp;
    QTest::addRow("timestamp after year 9999") << QByteArray("x:1|g|T253402300800") << d << StatsdReject::BadTimestamp;
    QTest::addRow("huge timestamp") << QByteArray("x:1|g|T99999999999999999999") << d << StatsdReject::BadTimestamp;
    QTest::addRow("two timestamps") << QByteArray("x:1|g|T1|T2") << d << StatsdReject::BadTimestamp;
    QTest::addRow("trailing pipe") << QByteArray("x:1|c|") << d << StatsdReject::BadField;
    QTest::addRow("empty field") << QByteArray("x:1|c||#a") << d << StatsdReject::BadField;
    QTest::addRow("capital field") << QByteArray("x:1|c|X") << d << StatsdReject::BadField;
    QTest::addRow("field without colon") << QByteArray("x:1|c|foo") << d << StatsdReject::BadField;
    QTest::addRow("field starting with digit") << QByteArray("x:1|c|1:2") << d << StatsdReject::BadField;
    QTest::addRow("two containers") << QByteArray("x:1|c|c:a|c:b") << d << StatsdReject::BadField;
    QTest::addRow("line over default limit")
        << QByteArray("x:1|c|#t:" + QByteArray(8192, 'a')) << d << StatsdReject::LineTooLong;
    QTest::addRow("line over custom limit")
        << QByteArray("abcdefg:1|c") << limitsWith(10, 250, 200, 64) << StatsdReject::LineTooLong;
    QTest::addRow("name over default limit") << QByteArray(251, 'n') + ":1|c" << d << StatsdReject::NameTooLong;
    QTest::addRow("name over custom limit")
        << QByteArray("abcdefg:1|c") << limitsWith(8192, 6, 200, 64) << StatsdReject::NameTooLong;
    QTest::addRow("tag over default limit") << "x:1|c|#k:" + QByteArray(200, 'v') << d << StatsdReject::TagTooLong;
    QTest::addRow("tag over custom limit")
        << QByteArray("x:1|c|#ab:cde") << limitsWith(8192, 250, 4, 64) << StatsdReject::TagTooLong;
    {
        QByteArray tags = "x:1|c|#t0";
        for (int i = 1; i < 65; ++i)
            tags += ",t" + QByteArray::number(i);
        QTest::addRow("65 tags over default limit") << tags << d << StatsdReject::TooManyTags;
    }
    QTest::addRow("tags over custom limit")
        << QByteArray("x:1|c|#a,b,c") << limitsWith(8192, 250, 200, 2) << StatsdReject::TooManyTags;
}

void TestStatsdParser::rejectsMetricLine()
{
    QFETCH(QByteArray, line);
    QFETCH(StatsdLimits, limits);
    QFETCH(StatsdReject, reason);
    // Surrounded by good lines: only the bad one is rejected, and its number is right.
    const QByteArray payload = "before:1|c\n" + line + "\nafter:2|g\n";
    const QList<QByteArray> expected {
        "c before 1 L1",
        "reject " + bytes(statsdRejectName(reason)) + " L2 '" + line + '\'',
        "g after 2 L3",
    };
    QCOMPARE(parse(payload, limits), expected);
}

void TestStatsdParser::limitsAreInclusive_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<StatsdLimits>("limits");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("line at limit") << QByteArray("abcdef:1|c") << limitsWith(10, 250, 200, 64)
                                   << QByteArray("c abcdef 1 L1");
    QTest::addRow("name at limit") << QByteArray("abc:1|c") << limitsWith(8192, 3, 200, 64) << QByteArray("c abc 1 L1");
    QTest::addRow("tag at limit counts key and value")
        << QByteArray("x:1|c|#ab:cd") << limitsWith(8192, 250, 4, 64) << QByteArray("c x 1 #ab=cd L1");
    QTest::addRow("tags at limit") << QByteArray("x:1|c|#a,b") << limitsWith(8192, 250, 200, 2)
                                   << QByteArray("c x 1 #a=,b= L1");
    QTest::addRow("line limit excludes the CR of CRLF")
        << QByteArray("abcdef:1|c\r\n") << limitsWith(10, 250, 200, 64) << QByteArray("c abcdef 1 L1");
}

void TestStatsdParser::limitsAreInclusive()
{
    QFETCH(QByteArray, line);
    QFETCH(StatsdLimits, limits);
    QFETCH(QByteArray, expected);
    QCOMPARE(parse(line, limits), QList<QByteArray> { expected });
}

void TestStatsdParser::parsesEvent_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("minimal event") << QByteArray("_e{5,4}:hello|text") << QByteArray("event 'hello' 'text' L1");
    QTest::addRow("empty text") << QByteArray("_e{1,0}:t|") << QByteArray("event 't' '' L1");
    QTest::addRow("every field")
        << QByteArray("_e{2,3}:ti|txt|d:1700000000|h:web01|k:agg|p:normal|s:nagios|t:warning|#env:prod,x|c:ctr")
        << QByteArray("event 'ti' 'txt' d:1700000000 h:web01 k:agg p:normal s:nagios t:warning #env=prod,x= c:ctr L1");
    QTest::addRow("fields in any order") << QByteArray("_e{1,1}:a|b|#k:v|t:success|p:low|d:5")
                                         << QByteArray("event 'a' 'b' d:5 p:low t:success #k=v L1");
    QTest::addRow("lengths allow pipes in title and text")
        << QByteArray("_e{3,3}:a|b|c|d|h:x") << QByteArray("event 'a|b' 'c|d' h:x L1");
    QTest::addRow("text keeps escaped newlines raw")
        << QByteArray("_e{1,4}:t|a\\nb") << QByteArray("event 't' 'a\\nb' L1");
    QTest::addRow("lengths are in bytes") << QByteArray("_e{2,1}:\xc3\xa9|x") << QByteArray("event '\xc3\xa9' 'x' L1");
    QTest::addRow("alert types") << QByteArray("_e{1,1}:a|b|t:error") << QByteArray("event 'a' 'b' t:error L1");
    QTest::addRow("unknown extension ignored") << QByteArray("_e{1,1}:a|b|e:x|zz:y") << QByteArray("event 'a' 'b' L1");

    const auto bad = [](const char* name, const QByteArray& line, StatsdReject reason) {
        QTest::addRow("%s", name) << line << "reject " + bytes(statsdRejectName(reason)) + " L1 '" + line + '\'';
    };
    bad("title shorter than its length", "_e{5,4}:hell|text", StatsdReject::BadEvent);
    bad("no lengths", "_e{}:x|y", StatsdReject::BadEvent);
    bad("one length", "_e{1}:x|y", StatsdReject::BadEvent);
    bad("length not a number", "_e{a,1}:x|y", StatsdReject::BadEvent);
    bad("negative length", "_e{-1,1}:x|y", StatsdReject::BadEvent);
    bad("huge length", "_e{99999999999,1}:x|y", StatsdReject::BadEvent);
    bad("missing closing brace", "_e{1,1:t|x", StatsdReject::BadEvent);
    bad("missing colon", "_e{1,1}t|x", StatsdReject::BadEvent);
    bad("empty title", "_e{0,1}:|x", StatsdReject::BadEvent);
    bad("text shorter than its length", "_e{1,5}:t|abc", StatsdReject::BadEvent);
    bad("text longer than its length", "_e{1,1}:t|xy", StatsdReject::BadEvent);
    bad("unknown priority", "_e{1,1}:t|x|p:urgent", StatsdReject::BadEvent);
    bad("unknown alert type", "_e{1,1}:t|x|t:fatal", StatsdReject::BadEvent);
    bad("bad date", "_e{1,1}:t|x|d:abc", StatsdReject::BadEvent);
    bad("two dates", "_e{1,1}:t|x|d:1|d:2", StatsdReject::BadEvent);
    bad("two hosts", "_e{1,1}:t|x|h:a|h:b", StatsdReject::BadEvent);
    bad("garbage field", "_e{1,1}:t|x|Zz", StatsdReject::BadEvent);
    bad("trailing pipe", "_e{1,1}:t|x|", StatsdReject::BadEvent);
    bad("two tag sections", "_e{1,1}:t|x|#a|#b", StatsdReject::BadEvent);
    bad("bad tag keeps the tag reason", "_e{1,1}:t|x|#:v", StatsdReject::BadTag);
}

void TestStatsdParser::parsesEvent()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, expected);
    QCOMPARE(parse(line), QList<QByteArray> { expected });
}

void TestStatsdParser::parsesServiceCheck_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("expected");

    for (int status = 0; status <= 3; ++status) {
        QTest::addRow("status %d", status)
            << "_sc|app.ok|" + QByteArray::number(status) << "sc app.ok " + QByteArray::number(status) + " L1";
    }
    QTest::addRow("every field") << QByteArray("_sc|db|2|d:17|h:db1|#env:prod|c:ctr|m:connection refused")
                                 << QByteArray("sc db 2 d:17 h:db1 #env=prod c:ctr m:'connection refused' L1");
    QTest::addRow("message may contain pipes") << QByteArray("_sc|db|1|m:a|b:c") << QByteArray("sc db 1 m:'a|b:c' L1");
    QTest::addRow("empty message") << QByteArray("_sc|db|0|m:") << QByteArray("sc db 0 m:'' L1");
    QTest::addRow("unknown extension ignored") << QByteArray("_sc|db|0|e:x|h:a") << QByteArray("sc db 0 h:a L1");

    const auto bad = [](const char* name, const QByteArray& line, StatsdReject reason) {
        QTest::addRow("%s", name) << line << "reject " + bytes(statsdRejectName(reason)) + " L1 '" + line + '\'';
    };
    bad("nothing after prefix", "_sc|", StatsdReject::BadServiceCheck);
    bad("empty name", "_sc||0", StatsdReject::BadServiceCheck);
    bad("missing status", "_sc|x", StatsdReject::BadServiceCheck);
    bad("empty status", "_sc|x|", StatsdReject::BadServiceCheck);
    bad("status out of range", "_sc|x|4", StatsdReject::BadServiceCheck);
    bad("two digit status", "_sc|x|01", StatsdReject::BadServiceCheck);
    bad("negative status", "_sc|x|-1", StatsdReject::BadServiceCheck);
    bad("bad date", "_sc|x|0|d:x", StatsdReject::BadServiceCheck);
    bad("two hosts", "_sc|x|0|h:a|h:b", StatsdReject::BadServiceCheck);
    bad("garbage field", "_sc|x|0|Z", StatsdReject::BadServiceCheck);
    bad("trailing pipe", "_sc|x|0|", StatsdReject::BadServiceCheck);
    bad("control char in name", "_sc|a\tb|0", StatsdReject::BadServiceCheck);
    bad("name over the limit", "_sc|" + QByteArray(251, 'n') + "|0", StatsdReject::BadServiceCheck);
    bad("bad tag keeps the tag reason", "_sc|x|0|#a,,b", StatsdReject::BadTag);
}

void TestStatsdParser::parsesServiceCheck()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, expected);
    QCOMPARE(parse(line), QList<QByteArray> { expected });
}

void TestStatsdParser::splitsPayloadIntoLines_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QList<QByteArray>>("expected");
    using L = QList<QByteArray>;

    QTest::addRow("empty payload") << QByteArray() << L {};
    QTest::addRow("only newlines") << QByteArray("\n\n\r\n") << L {};
    QTest::addRow("no trailing newline") << QByteArray("a:1|c\nb:2|c") << L { "c a 1 L1", "c b 2 L2" };
    QTest::addRow("trailing newline") << QByteArray("a:1|c\n") << L { "c a 1 L1" };
    QTest::addRow("crlf line ends") << QByteArray("a:1|c\r\nb:2|c\r\n") << L { "c a 1 L1", "c b 2 L2" };
    QTest::addRow("empty lines are skipped but counted")
        << QByteArray("\n\na:1|c\n\r\n\nb:1|c") << L { "c a 1 L3", "c b 1 L6" };
    QTest::addRow("bad lines between good ones keep numbering")
        << QByteArray("a:1|c\nbad\nb:2|g|#k:v\nc:x|c\n_sc|s|0\nd:3|ms\n_e{1,1}:t|x\ne:1|q")
        << L { "c a 1 L1", "reject no_value L2 'bad'", "g b 2 #k=v L3", "reject bad_value L4 'c:x|c'", "sc s 0 L5",
               "ms d 3 L6", "event 't' 'x' L7", "reject bad_type L8 'e:1|q'" };
    QTest::addRow("a bad packed value rejects the whole line")
        << QByteArray("a:1:2:x|d\nb:1|c") << L { "reject bad_value L1 'a:1:2:x|d'", "c b 1 L2" };
    QTest::addRow("rejected line is reported without its CR")
        << QByteArray("oops\r\nok:1|c\r\n") << L { "reject no_value L1 'oops'", "c ok 1 L2" };
}

void TestStatsdParser::splitsPayloadIntoLines()
{
    QFETCH(QByteArray, payload);
    QFETCH(QList<QByteArray>, expected);
    QCOMPARE(parse(payload), expected);
}

void TestStatsdParser::tagsCopyIntoCallerBuffer_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("capacity");
    QTest::addColumn<QList<QByteArray>>("expected");
    using L = QList<QByteArray>;

    QTest::addRow("buffer larger than the tags") << QByteArray("x:1|c|#a:1,b,c:3") << 8 << L { "a=1", "b=", "c=3" };
    QTest::addRow("buffer exactly the tags") << QByteArray("x:1|c|#a:1,b") << 2 << L { "a=1", "b=" };
    QTest::addRow("buffer smaller than the tags") << QByteArray("x:1|c|#a:1,b,c:3") << 2 << L { "a=1", "b=" };
    QTest::addRow("no tags") << QByteArray("x:1|c") << 4 << L {};
    QTest::addRow("zero capacity") << QByteArray("x:1|c|#a") << 0 << L {};
}

void TestStatsdParser::tagsCopyIntoCallerBuffer()
{
    QFETCH(QByteArray, line);
    QFETCH(int, capacity);
    QFETCH(QList<QByteArray>, expected);

    struct Copier {
        std::array<TagView, 8> buffer {};
        std::size_t capacity = 0;
        std::size_t copied = 0;
        std::size_t size = 0;
        void onSample(const StatsdSample& s)
        {
            copied = s.tags.copyTo(std::span<TagView>(buffer.data(), capacity));
            size = s.tags.size();
        }
        void onEvent(const StatsdEvent&) { }
        void onServiceCheck(const StatsdServiceCheck&) { }
        void onReject(std::size_t, StatsdReject, std::string_view) { QFAIL("unexpected rejection"); }
    } copier;
    copier.capacity = std::size_t(capacity);
    parseStatsd(std::string_view(line.constData(), std::size_t(line.size())), StatsdLimits {}, copier);

    QList<QByteArray> got;
    for (std::size_t i = 0; i < copier.copied; ++i)
        got << bytes(copier.buffer[i].key) + '=' + bytes(copier.buffer[i].value);
    QCOMPARE(got, expected);
    QVERIFY(copier.size >= copier.copied);
}

void TestStatsdParser::viewsPointIntoThePayload()
{
    const std::string payload = "api.count:1|c|#env:prod|c:ctr\nsvc:a:b|s\n";
    struct Checker {
        const std::string* payload = nullptr;
        int checked = 0;
        bool isInside(std::string_view v) const
        {
            return v.data() >= payload->data() && v.data() + v.size() <= payload->data() + payload->size();
        }
        void onSample(const StatsdSample& s)
        {
            QVERIFY(isInside(s.name));
            for (const TagView& t : s.tags) {
                QVERIFY(isInside(t.key));
                QVERIFY(isInside(t.value));
            }
            if (s.type == MetricType::Set)
                QVERIFY(isInside(s.setMember));
            else
                QVERIFY(isInside(s.container));
            ++checked;
        }
        void onEvent(const StatsdEvent&) { }
        void onServiceCheck(const StatsdServiceCheck&) { }
        void onReject(std::size_t, StatsdReject, std::string_view) { QFAIL("unexpected rejection"); }
    } checker;
    checker.payload = &payload;
    parseStatsd(payload, StatsdLimits {}, checker);
    QCOMPARE(checker.checked, 3);
}

void TestStatsdParser::rejectionNamesAreStableSnakeCase()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < kStatsdRejectCount; ++i) {
        const QByteArray name = bytes(statsdRejectName(static_cast<StatsdReject>(i)));
        QVERIFY2(!name.isEmpty() && name != "unknown", name.constData());
        for (char c : name)
            QVERIFY2((c >= 'a' && c <= 'z') || c == '_', name.constData());
        seen.insert(name);
    }
    QCOMPARE(seen.size(), kStatsdRejectCount);
    QCOMPARE(statsdRejectName(StatsdReject::BadSampleRate), std::string_view("bad_sample_rate"));
    QCOMPARE(statsdRejectName(StatsdReject::BadServiceCheck), std::string_view("bad_service_check"));
}

void TestStatsdParser::hotPathDoesNotAllocate()
{
    std::string payload;
    for (int i = 0; i < 50; ++i) {
        payload += "api.requests.count.web01:1|c|#env:prod,region:eu\n";
        payload += "temp:-1.5|g|@0.5|T1700000000\r\n";
        payload += "lat:1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19|ms|#a,b:c\n";
        payload += "users:alice:bob|s\n";
        payload += "_e{5,4}:title|text|h:web|#k:v\n";
        payload += "_sc|svc|1|#a|m:msg\n";
        payload += "bad line\nx:1e400|c\n\n";
    }
    struct Sink {
        std::array<TagView, 64> tags {};
        double sum = 0;
        std::size_t items = 0;
        void onSample(const StatsdSample& s)
        {
            sum += s.value + double(s.tags.copyTo(tags)) + double(s.setMember.size());
            ++items;
        }
        void onEvent(const StatsdEvent& e) { items += e.tags.copyTo(tags); }
        void onServiceCheck(const StatsdServiceCheck& sc) { items += sc.tags.copyTo(tags); }
        void onReject(std::size_t, StatsdReject, std::string_view line) { items += line.size() > 0; }
    } sink;
    const StatsdLimits limits;

    const long long before = g_allocations.load();
    parseStatsd(payload, limits, sink);
    const long long after = g_allocations.load();

    QCOMPARE(after - before, 0LL);
    QCOMPARE(sink.items, std::size_t(50 * ((1 + 1 + 19 + 2) + 1 + 1 + 2)));
    // The counter itself works: a std::string beyond SSO allocates.
    const std::string big(100, 'x');
    QVERIFY(g_allocations.load() > after);
    QCOMPARE(big.size(), std::size_t(100));
}

QTEST_GUILESS_MAIN(TestStatsdParser)
#include "tst_statsdparser.moc"
