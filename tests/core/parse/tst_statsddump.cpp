#include "parse/statsddump.h"

#include <QTest>

using namespace pulse;

namespace {

QByteArray dump(const QByteArray& payload, std::size_t* rejected = nullptr)
{
    const DumpResult r = dumpStatsd(std::string_view(payload.constData(), std::size_t(payload.size())));
    if (rejected)
        *rejected = r.rejected;
    return QByteArray(r.json.data(), qsizetype(r.json.size()));
}

} // namespace

class TestStatsdDump : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dumpsMixedPayloadExactly();
    void dumpsOneLine_data();
    void dumpsOneLine();
    void emptyPayloadDumpsNothing();
};

void TestStatsdDump::dumpsMixedPayloadExactly()
{
    const QByteArray payload = "api.requests.count.web01:1|c|#env:prod\r\n"
                               "temp:-2.5|g|@0.5|T1700000000\n"
                               "\n"
                               "lat:1:0.1:3e2|ms|#canary,url:http://x\n"
                               "users:alice:bob|s\n"
                               "garbage\n"
                               "_e{5,9}:Title|Body text|d:12|h:web01|k:deploy|p:low|s:ci|t:success|#team:core\n"
                               "_e{1,0}:t|\n"
                               "_sc|db.up|2|d:17|h:db1|#env:prod|m:refused | retrying\n"
                               "_sc|db.up|0\n"
                               "x:1|c|@2\n";
    const QByteArray expected
        = R"({"kind":"sample","name":"api.requests.count.web01","type":"c","value":1,"delta":false,"rate":1,"tags":[["env","prod"]],"timestamp":null}
{"kind":"sample","name":"temp","type":"g","value":-2.5,"delta":true,"rate":0.5,"tags":[],"timestamp":1700000000}
{"kind":"sample","name":"lat","type":"ms","value":1,"delta":false,"rate":1,"tags":[["canary",""],["url","http://x"]],"timestamp":null}
{"kind":"sample","name":"lat","type":"ms","value":0.1,"delta":false,"rate":1,"tags":[["canary",""],["url","http://x"]],"timestamp":null}
{"kind":"sample","name":"lat","type":"ms","value":300,"delta":false,"rate":1,"tags":[["canary",""],["url","http://x"]],"timestamp":null}
{"kind":"sample","name":"users","type":"s","value":"alice","delta":false,"rate":1,"tags":[],"timestamp":null}
{"kind":"sample","name":"users","type":"s","value":"bob","delta":false,"rate":1,"tags":[],"timestamp":null}
{"kind":"error","line":6,"reason":"no_value"}
{"kind":"event","title":"Title","text":"Body text","timestamp":12,"host":"web01","aggregation_key":"deploy","priority":"low","source_type":"ci","alert_type":"success","tags":[["team","core"]]}
{"kind":"event","title":"t","text":"","timestamp":null,"host":null,"aggregation_key":null,"priority":null,"source_type":null,"alert_type":null,"tags":[]}
{"kind":"service_check","name":"db.up","status":2,"timestamp":17,"host":"db1","message":"refused | retrying","tags":[["env","prod"]]}
{"kind":"service_check","name":"db.up","status":0,"timestamp":null,"host":null,"message":null,"tags":[]}
{"kind":"error","line":11,"reason":"bad_sample_rate"}
)";
    std::size_t rejected = 0;
    QCOMPARE(dump(payload, &rejected), expected);
    QCOMPARE(rejected, std::size_t(2));
}

void TestStatsdDump::dumpsOneLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("rejected");

    const auto sample
        = [](const QByteArray& name, const QByteArray& type, const QByteArray& value,
              const QByteArray& tail = R"("delta":false,"rate":1,"tags":[],"timestamp":null)") -> QByteArray {
        return R"({"kind":"sample","name":)" + name + R"(,"type":")" + type + R"(","value":)" + value + ',' + tail
            + "}\n";
    };
    QTest::addRow("every type spelled as statsd") << QByteArray("a:1|c\nb:2|g\nc:3|ms\nd:4|h\ne:5|d\nf:6|s")
                                                  << sample(R"("a")", "c", "1") + sample(R"("b")", "g", "2")
            + sample(R"("c")", "ms", "3") + sample(R"("d")", "h", "4") + sample(R"("e")", "d", "5")
            + sample(R"("f")", "s", R"("6")") << 0;
    QTest::addRow("shortest round-trip numbers") << QByteArray("a:0.1|h\nb:1e300|h\nc:-0.000001|h\nd:123456789.125|h")
                                                 << sample(R"("a")", "h", "0.1") + sample(R"("b")", "h", "1e+300")
            + sample(R"("c")", "h", "-1e-06") + sample(R"("d")", "h", "123456789.125")
                                                 << 0;
    QTest::addRow("gauge delta and sample rate")
        << QByteArray("g:+4|g|@0.25")
        << sample(R"("g")", "g", "4", R"("delta":true,"rate":0.25,"tags":[],"timestamp":null)") << 0;
    QTest::addRow("quotes and backslashes escaped")
        << QByteArray(R"(a"b\c:1|c|#k"1:v\2)")
        << sample(R"("a\"b\\c")", "c", "1", R"("delta":false,"rate":1,"tags":[["k\"1","v\\2"]],"timestamp":null)") << 0;
    QTest::addRow("utf-8 kept, invalid utf-8 replaced")
        << QByteArray("caf\xc3\xa9\xff:1|c") << sample("\"caf\xc3\xa9\xef\xbf\xbd\"", "c", "1") << 0;
    QTest::addRow("control chars in event text as \\u00XX")
        << QByteArray("_e{1,3}:t|a\tb")
        << QByteArray(
               R"({"kind":"event","title":"t","text":"a\u0009b","timestamp":null,"host":null,"aggregation_key":null,"priority":null,"source_type":null,"alert_type":null,"tags":[]})"
               "\n")
        << 0;
    QTest::addRow("every rejection counted")
        << QByteArray("a\nb:1|x\n_sc|x|9\n_e{9,9}:x|y") << QByteArray(R"({"kind":"error","line":1,"reason":"no_value"}
{"kind":"error","line":2,"reason":"bad_type"}
{"kind":"error","line":3,"reason":"bad_service_check"}
{"kind":"error","line":4,"reason":"bad_event"}
)") << 4;
}

void TestStatsdDump::dumpsOneLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, expected);
    QFETCH(int, rejected);
    std::size_t gotRejected = 0;
    QCOMPARE(dump(line, &gotRejected), expected);
    QCOMPARE(gotRejected, std::size_t(rejected));
}

void TestStatsdDump::emptyPayloadDumpsNothing()
{
    std::size_t rejected = 1;
    QCOMPARE(dump(QByteArray(), &rejected), QByteArray());
    QCOMPARE(rejected, std::size_t(0));
}

QTEST_GUILESS_MAIN(TestStatsdDump)
#include "tst_statsddump.moc"
