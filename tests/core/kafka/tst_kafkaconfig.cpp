// Kafka source URLs: parsing, clear errors, secrets only by indirection.

#include "ingest/kafkaconfig.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <fstream>

using namespace Qt::StringLiterals;
using namespace pulse;

namespace {

std::string propertyValue(const std::vector<KafkaProperty>& props, const std::string& key)
{
    for (const auto& [k, v] : props)
        if (k == key)
            return v;
    return "<absent>";
}

} // namespace

class TestKafkaConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validUrlsParse_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("brokers");
        QTest::addColumn<QStringList>("topics");
        QTest::addColumn<QString>("group");
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("isFromEarliest");
        QTest::addRow("defaults") << u"b1:9092/metrics"_s << u"b1:9092"_s << QStringList { u"metrics"_s }
                                  << u"pulseboard"_s << int(PayloadFormat::Statsd) << false;
        QTest::addRow("all options") << u"kafka://b1:9092,b2:9093/a,b.c?group=wall&format=json&from=earliest"_s
                                     << u"b1:9092,b2:9093"_s << QStringList { u"a"_s, u"b.c"_s } << u"wall"_s
                                     << int(PayloadFormat::Json) << true;
        QTest::addRow("influx latest") << u"[::1]:9092/m_1-x?format=influx&from=latest"_s << u"[::1]:9092"_s
                                       << QStringList { u"m_1-x"_s } << u"pulseboard"_s << int(PayloadFormat::Influx)
                                       << false;
        QTest::addRow("percent-encoded group") << u"h:1/t?group=a%20b"_s << u"h:1"_s << QStringList { u"t"_s }
                                               << u"a b"_s << int(PayloadFormat::Statsd) << false;
    }
    void validUrlsParse()
    {
        QFETCH(QString, url);
        QFETCH(QString, brokers);
        QFETCH(QStringList, topics);
        QFETCH(QString, group);
        QFETCH(int, format);
        QFETCH(bool, isFromEarliest);
        const KafkaConfigResult r = parseKafkaSourceUrl(url.toStdString());
        QVERIFY2(r.config, r.error.c_str());
        QCOMPARE(QString::fromStdString(r.config->brokers), brokers);
        QStringList parsedTopics;
        for (const std::string& t : r.config->topics)
            parsedTopics << QString::fromStdString(t);
        QCOMPARE(parsedTopics, topics);
        QCOMPARE(QString::fromStdString(r.config->group), group);
        QCOMPARE(int(r.config->format), format);
        QCOMPARE(r.config->isFromEarliest, isFromEarliest);
    }

    void badUrlsAreRejectedWithAReason_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expectedError");
        QTest::addRow("no slash") << u"b1:9092"_s << u"no '/'"_s;
        QTest::addRow("no broker") << u"/t"_s << u"no broker"_s;
        QTest::addRow("broker without port") << u"b1/t"_s << u"not HOST:PORT"_s;
        QTest::addRow("port out of range") << u"b1:70000/t"_s << u"bad port"_s;
        QTest::addRow("no topic") << u"b1:1/"_s << u"no topic"_s;
        QTest::addRow("bad topic character") << u"b1:1/a b"_s << u"not a valid Kafka topic"_s;
        QTest::addRow("topic twice") << u"b1:1/a,a"_s << u"given twice"_s;
        QTest::addRow("unknown format") << u"b1:1/t?format=xml"_s << u"format must be"_s;
        QTest::addRow("unknown from") << u"b1:1/t?from=middle"_s << u"from must be"_s;
        QTest::addRow("empty group") << u"b1:1/t?group="_s << u"group must not be empty"_s;
        QTest::addRow("option twice") << u"b1:1/t?group=a&group=b"_s << u"given twice"_s;
        QTest::addRow("not key=value") << u"b1:1/t?group"_s << u"not KEY=VALUE"_s;
        QTest::addRow("unknown option") << u"b1:1/t?colour=red"_s << u"unknown option"_s;
        QTest::addRow("managed property") << u"b1:1/t?enable.auto.offset.store=true"_s << u"managed"_s;
        QTest::addRow("literal password") << u"b1:1/t?sasl.password=hunter2"_s << u"never from the URL"_s;
        QTest::addRow("non-secret from file") << u"b1:1/t?client.id.file=/x"_s << u"only secrets"_s;
        QTest::addRow("bad escape") << u"b1:1/t?group=%zz"_s << u"percent escape"_s;
        QTest::addRow("zero max message bytes") << u"b1:1/t?max_message_bytes=0"_s << u"max_message_bytes"_s;
    }
    void badUrlsAreRejectedWithAReason()
    {
        QFETCH(QString, url);
        QFETCH(QString, expectedError);
        const KafkaConfigResult r = parseKafkaSourceUrl(url.toStdString());
        QVERIFY(!r.config);
        QVERIFY2(QString::fromStdString(r.error).contains(expectedError), r.error.c_str());
    }

    void consumerPropertiesAreAtLeastOnce()
    {
        const KafkaConfigResult r = parseKafkaSourceUrl("b:1/t?group=g&from=earliest&security.protocol=SASL_SSL");
        QVERIFY(r.config);
        const KafkaPropertiesResult p = consumerProperties(*r.config);
        QVERIFY(p.error.empty());
        QCOMPARE(propertyValue(p.properties, "enable.auto.offset.store"), "false");
        // librdkafka's commit timer, which skips rebalances: a commit with a stale generation loses the assignment.
        QCOMPARE(propertyValue(p.properties, "enable.auto.commit"), "true");
        QCOMPARE(propertyValue(p.properties, "partition.assignment.strategy"), "cooperative-sticky");
        QCOMPARE(propertyValue(p.properties, "auto.offset.reset"), "earliest");
        QCOMPARE(propertyValue(p.properties, "group.id"), "g");
        QCOMPARE(propertyValue(p.properties, "security.protocol"), "SASL_SSL");
        QVERIFY(std::stoi(propertyValue(p.properties, "fetch.wait.max.ms")) <= 50);
        // 10 MB messages must be fetchable so they can be dead-lettered instead of stalling a partition.
        QVERIFY(std::stoll(propertyValue(p.properties, "max.partition.fetch.bytes")) >= 10 * 1024 * 1024);
        // Prefetch bounded in bytes (memory), not by a message count that would throttle fetching of small messages.
        QVERIFY(std::stoll(propertyValue(p.properties, "queued.max.messages.kbytes")) <= 64 * 1024);
        QVERIFY(std::stoll(propertyValue(p.properties, "queued.min.messages")) >= 1'000'000);
    }

    void secretsComeFromEnvironmentOrFile_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expectedPassword");
        QTest::addColumn<QString>("expectedError");
        QTest::addRow("from the environment") << u"sasl.password=env:PULSE_TEST_SECRET"_s << u"s3cret"_s << QString();
        QTest::addRow("from a file") << u"sasl.password.file=%1"_s << u"fromfile"_s << QString();
        QTest::addRow("unset variable") << u"sasl.password=env:PULSE_TEST_UNSET"_s << QString() << u"not set"_s;
        QTest::addRow("missing file") << u"sasl.password.file=/nonexistent/secret"_s << QString() << u"cannot read"_s;
    }
    void secretsComeFromEnvironmentOrFile()
    {
        QFETCH(QString, option);
        QFETCH(QString, expectedPassword);
        QFETCH(QString, expectedError);
        QTemporaryDir dir;
        const QString file = dir.filePath(u"secret"_s);
        std::ofstream(file.toStdString()) << "fromfile\n";
        qputenv("PULSE_TEST_SECRET", "s3cret");
        qunsetenv("PULSE_TEST_UNSET");
        if (option.contains(u"%1"_s))
            option = option.arg(file);
        const KafkaConfigResult r = parseKafkaSourceUrl("b:1/t?" + option.toStdString());
        QVERIFY2(r.config, r.error.c_str());
        const KafkaPropertiesResult p = consumerProperties(*r.config);
        QCOMPARE(QString::fromStdString(p.error).contains(expectedError), true);
        if (expectedError.isEmpty())
            QCOMPARE(QString::fromStdString(propertyValue(p.properties, "sasl.password")), expectedPassword);
    }
};

QTEST_GUILESS_MAIN(TestKafkaConfig)
#include "tst_kafkaconfig.moc"
