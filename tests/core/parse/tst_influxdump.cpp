#include "parse/influxdump.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

QByteArray toBytes(const std::string& s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace

class TestInfluxDump : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mixedPayloadDumpsExactly()
    {
        const std::string payload = "# mixed payload\n"
                                    "cpu,host=web01,region=eu usage_user=12.5,usage_system=3.1 1700000000\n"
                                    "weather\\ station,loc=K\\,L\\=1 temp=-1e3,count=42i,"
                                    "big=18446744073709551615u,ok=T,note=\"say \\\"hi\\\" \\\\ there\"\r\n"
                                    "bad,tag value=1\n"
                                    "mem free=1e-7,min=-9223372036854775808i 5\n"
                                    "\n"
                                    "disk v=nan\n";
        const InfluxDumpResult result = dumpInflux(payload, InfluxPrecision::Seconds, 99);
        const QByteArray expected
            = "{\"kind\":\"point\",\"measurement\":\"cpu\",\"tags\":[[\"host\",\"web01\"],[\"region\",\"eu\"]],"
              "\"fields\":[[\"usage_user\",{\"float\":12.5}],[\"usage_system\",{\"float\":3.1}]],"
              "\"time\":1700000000000000000}\n"
              "{\"kind\":\"point\",\"measurement\":\"weather station\",\"tags\":[[\"loc\",\"K,L=1\"]],"
              "\"fields\":[[\"temp\",{\"float\":-1000}],[\"count\",{\"int\":42}],"
              "[\"big\",{\"uint\":18446744073709551615}],[\"ok\",{\"bool\":true}],"
              "[\"note\",{\"string\":\"say \\\"hi\\\" \\\\ there\"}]],\"time\":99}\n"
              "{\"kind\":\"error\",\"line\":4,\"reason\":\"bad_tag\"}\n"
              "{\"kind\":\"point\",\"measurement\":\"mem\",\"tags\":[],"
              "\"fields\":[[\"free\",{\"float\":1e-07}],[\"min\",{\"int\":-9223372036854775808}]],"
              "\"time\":5000000000}\n"
              "{\"kind\":\"error\",\"line\":7,\"reason\":\"not_finite\"}\n";
        QCOMPARE(toBytes(result.json), expected);
        QCOMPARE(result.rejected, std::size_t(2));
    }

    void dumpsOfSmallPayloads_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<int>("rejected");
        QTest::addRow("empty payload") << QByteArray() << QByteArray() << 0;
        QTest::addRow("only comments") << QByteArray("# a\n#b\n") << QByteArray() << 0;
        QTest::addRow("default time without timestamp")
            << QByteArray("m v=1i")
            << QByteArray("{\"kind\":\"point\",\"measurement\":\"m\",\"tags\":[],\"fields\":[[\"v\",{\"int\":1}]],"
                          "\"time\":7}\n")
            << 0;
        QTest::addRow("false boolean and empty string")
            << QByteArray("m a=f,b=\"\" 1")
            << QByteArray("{\"kind\":\"point\",\"measurement\":\"m\",\"tags\":[],"
                          "\"fields\":[[\"a\",{\"bool\":false}],[\"b\",{\"string\":\"\"}]],\"time\":1000000000}\n")
            << 0;
        QTest::addRow("quote and control characters are json-escaped")
            << QByteArray("m\"x,t=a\tb s=\"q\x01\"")
            << QByteArray("{\"kind\":\"point\",\"measurement\":\"m\\\"x\",\"tags\":[[\"t\",\"a\\u0009b\"]],"
                          "\"fields\":[[\"s\",{\"string\":\"q\\u0001\"}]],\"time\":7}\n")
            << 0;
        QTest::addRow("invalid utf-8 becomes a replacement character")
            << QByteArray("m s=\"\xff\"")
            << QByteArray("{\"kind\":\"point\",\"measurement\":\"m\",\"tags\":[],"
                          "\"fields\":[[\"s\",{\"string\":\"\xEF\xBF\xBD\"}]],\"time\":7}\n")
            << 0;
        QTest::addRow("only errors") << QByteArray("a\nb c\n\nd e=")
                                     << QByteArray("{\"kind\":\"error\",\"line\":1,\"reason\":\"missing_fields\"}\n"
                                                   "{\"kind\":\"error\",\"line\":2,\"reason\":\"bad_field\"}\n"
                                                   "{\"kind\":\"error\",\"line\":4,\"reason\":\"bad_field_value\"}\n")
                                     << 3;
    }
    void dumpsOfSmallPayloads()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QByteArray, expected);
        QFETCH(int, rejected);
        const InfluxDumpResult result = dumpInflux(payload.toStdString(), InfluxPrecision::Seconds, 7);
        QCOMPARE(toBytes(result.json), expected);
        QCOMPARE(result.rejected, std::size_t(rejected));
    }

    void everyOutputLineIsAJsonObject_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addRow("escapes everywhere")
            << QByteArray("a\\ b\\,c,k\\=1=v\\ 2 f\\,g=\"x\\\"y\\\\\",h=-0.5e-3,i=1u 12\n");
        QTest::addRow("bad lines") << QByteArray("x\n,y\nz a=\"\nq w=1.5i\n");
        QTest::addRow("backslashes") << QByteArray("\\\\ \\\\=\"\\\\\"\nm\\\\,t=\\\\ v=1\n");
    }
    void everyOutputLineIsAJsonObject()
    {
        QFETCH(QByteArray, payload);
        const InfluxDumpResult result = dumpInflux(payload.toStdString(), InfluxPrecision::Nanoseconds, 0);
        const QList<QByteArray> lines = toBytes(result.json).split('\n');
        QVERIFY(lines.size() > 1);
        QVERIFY(lines.last().isEmpty()); // every object ends with '\n'
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(lines[i], &error);
            QVERIFY2(error.error == QJsonParseError::NoError, lines[i].constData());
            QVERIFY(doc.isObject());
            QVERIFY(doc.object().contains(u"kind"_s));
        }
    }
};

QTEST_GUILESS_MAIN(TestInfluxDump)
#include "tst_influxdump.moc"
