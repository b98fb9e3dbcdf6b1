// JSON metric events: the strict decoder, and the Ingestor handling PayloadFormat::Json.

#include "parse/jsonevent.h"
#include "pipeline/ingestor.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace pulse;

namespace {

QString tagsText(std::vector<Tag> tags)
{
    std::sort(tags.begin(), tags.end());
    QStringList out;
    for (const auto& [k, v] : tags)
        out << QString::fromStdString(k + "=" + v);
    return out.join(u',');
}

} // namespace

class TestJsonEvent : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validEventsDecode_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("tags");
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("value");
        QTest::addColumn<qint64>("timeMs"); // -1: absent
        QTest::addRow("full event") << QByteArray(R"({"metric_name":"http.latency","source_id":"web-1","value":12.5,)"
                                                  R"("time":1700000000123,"tags":{"route":"/a"}})")
                                    << QByteArray("ignored") << u"http.latency"_s << u"route=/a,source=web-1"_s
                                    << int(MetricType::Gauge) << 12.5 << qint64(1700000000123);
        QTest::addRow("aliases and key as source")
            << QByteArray(R"({"name":"q.depth","value":3,"timestamp":"2023-11-14T22:13:20.5Z"})") << QByteArray("k-7")
            << u"q.depth"_s << u"source=k-7"_s << int(MetricType::Gauge) << 3.0 << qint64(1700000000500);
        QTest::addRow("counter type, no time, no source")
            << QByteArray(R"({"metric_name":"hits","value":-2,"type":"counter","extra":[1,2]})") << QByteArray()
            << u"hits"_s << QString() << int(MetricType::Counter) << -2.0 << qint64(-1);
        QTest::addRow("ISO time with offset")
            << QByteArray(R"({"name":"x","value":1,"time":"2023-11-15T00:13:20+02:00"})") << QByteArray() << u"x"_s
            << QString() << int(MetricType::Gauge) << 1.0 << qint64(1700000000000);
        QTest::addRow("source_id wins over a source tag")
            << QByteArray(R"({"name":"x","value":1,"source_id":"a","tags":{"source":"b","z":"1"}})") << QByteArray()
            << u"x"_s << u"source=a,z=1"_s << int(MetricType::Gauge) << 1.0 << qint64(-1);
    }
    void validEventsDecode()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, key);
        QFETCH(QString, name);
        QFETCH(QString, tags);
        QFETCH(int, type);
        QFETCH(double, value);
        QFETCH(qint64, timeMs);
        JsonEvent e;
        const auto reject = decodeJsonEvent(json.toStdString(), key.toStdString(), e);
        QVERIFY2(!reject, reject ? jsonEventRejectName(*reject).data() : "");
        QCOMPARE(QString::fromStdString(e.name), name);
        QCOMPARE(tagsText(e.tags), tags);
        QCOMPARE(int(e.type), type);
        QCOMPARE(e.value, value);
        QCOMPARE(e.timeMs.value_or(-1), timeMs);
    }

    void badEventsAreRejectedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("reason");
        QTest::addRow("garbage bytes") << QByteArray("\x01\x02\xff", 3) << int(JsonEventReject::InvalidJson);
        QTest::addRow("truncated") << QByteArray(R"({"name":"x","value":1)") << int(JsonEventReject::InvalidJson);
        QTest::addRow("array") << QByteArray("[1,2]") << int(JsonEventReject::NotAnObject);
        QTest::addRow("no name") << QByteArray(R"({"value":1})") << int(JsonEventReject::MissingName);
        QTest::addRow("numeric name") << QByteArray(R"({"name":5,"value":1})") << int(JsonEventReject::BadName);
        QTest::addRow("empty name") << QByteArray(R"({"name":"","value":1})") << int(JsonEventReject::BadName);
        QTest::addRow("no value") << QByteArray(R"({"name":"x"})") << int(JsonEventReject::MissingValue);
        QTest::addRow("null value") << QByteArray(R"({"name":"x","value":null})") << int(JsonEventReject::MissingValue);
        QTest::addRow("string value") << QByteArray(R"({"name":"x","value":"12.5"})")
                                      << int(JsonEventReject::WrongValueType);
        QTest::addRow("bool value") << QByteArray(R"({"name":"x","value":true})")
                                    << int(JsonEventReject::WrongValueType);
        // QJsonDocument refuses numbers that overflow a double: they never reach the finiteness check.
        QTest::addRow("overflowing value is invalid JSON")
            << QByteArray(R"({"name":"x","value":1e999})") << int(JsonEventReject::InvalidJson);
        QTest::addRow("time not a date") << QByteArray(R"({"name":"x","value":1,"time":"yesterday"})")
                                         << int(JsonEventReject::BadTime);
        QTest::addRow("fractional epoch ms")
            << QByteArray(R"({"name":"x","value":1,"time":1.5})") << int(JsonEventReject::BadTime);
        QTest::addRow("time as object") << QByteArray(R"({"name":"x","value":1,"time":{}})")
                                        << int(JsonEventReject::BadTime);
        QTest::addRow("numeric tag value")
            << QByteArray(R"({"name":"x","value":1,"tags":{"a":1}})") << int(JsonEventReject::BadTags);
        QTest::addRow("tags as array") << QByteArray(R"({"name":"x","value":1,"tags":["a"]})")
                                       << int(JsonEventReject::BadTags);
        QTest::addRow("unknown type") << QByteArray(R"({"name":"x","value":1,"type":"meter"})")
                                      << int(JsonEventReject::BadType);
        QTest::addRow("set type") << QByteArray(R"({"name":"x","value":1,"type":"set"})")
                                  << int(JsonEventReject::BadType);
        QTest::addRow("numeric source_id")
            << QByteArray(R"({"name":"x","value":1,"source_id":3})") << int(JsonEventReject::BadSourceId);
    }
    void badEventsAreRejectedWithAReason()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, reason);
        JsonEvent e;
        const auto reject = decodeJsonEvent(std::string_view(json.constData(), std::size_t(json.size())), "key", e);
        QVERIFY(reject);
        QCOMPARE(QString::fromLatin1(jsonEventRejectName(*reject)),
            QString::fromLatin1(jsonEventRejectName(JsonEventReject(reason))));
    }

    void ingestorAggregatesJsonPayloadsAndCountsRejects()
    {
        SeriesRegistry registry;
        EngineConfig ec;
        ec.specs = { WindowSpec { 1000, 1000 } };
        WindowEngine engine(ec);
        Ingestor ingestor(registry, engine);
        IngestBatch batch;
        batch.format = PayloadFormat::Json;
        batch.sourceIndex = 2;
        const TimestampMs now = 1'700'000'000'000;
        for (const std::string& p :
            { std::string(R"({"name":"a","value":1,"source_id":"s"})"), std::string(R"({"name":"a","value":"x"})"),
                std::string(R"({"name":"a","value":2,"source_id":"s"})"), std::string("not json") }) {
            batch.payloads.push_back(
                PayloadSlice { std::uint32_t(batch.bytes.size()), std::uint32_t(p.size()), now, false });
            batch.bytes.insert(batch.bytes.end(), p.begin(), p.end());
        }
        ingestor.ingest(batch);
        const SourceCounters& c = ingestor.counters(2);
        QCOMPARE(c.acceptedLines, 2u);
        QCOMPARE(c.samples, 2u);
        QCOMPARE(c.rejectedLines, 2u);
        QCOMPARE(c.jsonRejects[int(JsonEventReject::WrongValueType)], 1u);
        QCOMPARE(c.jsonRejects[int(JsonEventReject::InvalidJson)], 1u);
        const auto reasons = c.rejectsByReason();
        QCOMPARE(reasons.size(), 2u);
        QStringList names;
        for (std::size_t id = 0; id < registry.size(); ++id)
            if (!registry.info(SeriesId(id)).isOverflow)
                names << QString::fromStdString(registry.info(SeriesId(id)).displayName());
        QCOMPARE(names, QStringList { u"a{source=s}"_s });
    }
};

QTEST_GUILESS_MAIN(TestJsonEvent)
#include "tst_jsonevent.moc"
