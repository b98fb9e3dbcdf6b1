// A dashboard whose layout names a Kafka consumer: tools/kafka-mock over TCP as the broker, kcat as the producer.

#include "../core/kafka/mockbroker.h"
#include "dashboard/dashboardview.h"
#include "layout/layoutreader.h"
#include "layout/layoutwriter.h"
#include "mainwindow.h"
#include "panels/panelwidget.h"
#include "statusstrip.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

namespace {

QByteArray layoutWithKafka(const QByteArray& url)
{
    return R"({ "schemaVersion": 1, "title": "From Kafka", "timeRange": { "last": "5m" },
      "sources": [ { "type": "kafka", "url": ")"
        + url + R"(" } ],
      "panels": [
        { "type": "stat", "title": "Orders", "x": 0, "y": 0, "w": 12, "h": 6,
          "queries": [ { "selector": "shop.orders", "field": "sum", "window": { "type": "tumbling", "size": "1s" } } ] },
        { "type": "stat", "title": "Kafka messages", "x": 12, "y": 0, "w": 12, "h": 6,
          "queries": [ { "selector": "pulse.kafka.messages", "field": "sum", "window": { "type": "tumbling", "size": "1s" } } ] } ] })";
}

} // namespace

class TestDesktopKafka : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void kafkaSourcesRoundTripThroughTheLayoutFile_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QString>("problem"); // empty: valid
        QTest::addRow("valid") << QByteArray("127.0.0.1:9092/metrics?group=wall&format=influx") << QString();
        QTest::addRow("no topic") << QByteArray("127.0.0.1:9092") << u"sources[0].url"_s;
        QTest::addRow("literal password")
            << QByteArray("127.0.0.1:9092/metrics?sasl.password=hunter2") << u"sources[0].url"_s;
    }
    void kafkaSourcesRoundTripThroughTheLayoutFile()
    {
        QFETCH(QByteArray, url);
        QFETCH(QString, problem);
        const layout::LayoutLoadResult loaded = layout::readLayout(layoutWithKafka(url));
        if (problem.isEmpty()) {
            QVERIFY(loaded.dashboard);
            QCOMPARE(loaded.dashboard->sources.size(), std::size_t(1));
            QCOMPARE(loaded.dashboard->sources[0].type, layout::SourceType::Kafka);
            QCOMPARE(loaded.dashboard->sources[0].url, url.toStdString());
            const layout::LayoutLoadResult again = layout::readLayout(layout::serializeLayout(*loaded.dashboard));
            QVERIFY(again.dashboard);
            QCOMPARE(again.dashboard->sources[0].url, url.toStdString());
            QCOMPARE(kafkaSourcesFor(*again.dashboard, {}), std::vector<std::string> { url.toStdString() });
        } else {
            QVERIFY(loaded.dashboard); // what is valid still opens
            QVERIFY(loaded.dashboard->sources.empty());
            bool isReported = false;
            for (const layout::LayoutProblem& p : loaded.problems)
                isReported = isReported || p.path == problem;
            QVERIFY2(isReported, qPrintable(problem));
        }
    }

    void panelsGoLiveFromALayoutsKafkaConsumer()
    {
        test::MockBroker mock;
        QVERIFY(mock.start(u"orders:2"_s));
        QTemporaryDir dir;
        const QString path = dir.filePath(u"kafka.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(layoutWithKafka(QByteArray::fromStdString(mock.bootstrap) + "/orders?group=desk&from=earliest"));
        file.close();

        SourceOverrides overrides;
        overrides.isSystemDisabled = true;
        MainWindow window(overrides);
        window.resize(1000, 500);
        window.show();
        QVERIFY(window.openFile(path).dashboard);
        const Pipeline* pipeline = window.controller()->pipeline();
        QVERIFY(pipeline);
        QCOMPARE(window.controller()->pipelineError(), QString());
        QCOMPARE(pipeline->sources().size(), std::size_t(3)); // pulse, system, the consumer
        QVERIFY(pipeline->sources().back().name.find("orders") != std::string::npos);

        QVERIFY(test::produceWithKcat(mock.bootstrap, u"orders"_s, "shop.orders:5|c\n"));
        ui::PanelWidget* orders = window.view()->panelWidget(0);
        QTRY_VERIFY_WITH_TIMEOUT(orders->freshness() == PanelFreshness::Live, 30'000);
        // Exactly what was produced, read from the store the panel draws.
        const auto series = pipeline->store().findSeries(*SeriesSelector::parse("shop.orders").selector);
        QCOMPARE(series.size(), std::size_t(1));
        QTRY_COMPARE_WITH_TIMEOUT(orders->data()->lines.at(0).lastValue.value_or(0), 5.0, 15'000);
        QCOMPARE(pipeline->store().sourceMask(series[0]->id), sourceBit(pipeline->sources().back().index));
        // The consumer's own health is on screen too.
        QTRY_VERIFY_WITH_TIMEOUT(window.view()->panelWidget(1)->freshness() == PanelFreshness::Live, 15'000);
        const QString name = QString::fromStdString(pipeline->sources().back().name);
        QTRY_VERIFY_WITH_TIMEOUT(
            (window.statusStrip()->refresh(), window.statusStrip()->sourcesText().contains(u"● "_s + name)), 5000);
        // Every broker gone: the strip says the consumer is down (and why, on hover); back up, it says so again.
        QCOMPARE(mock.command("broker down all"), QByteArray("ok"));
        QTRY_VERIFY_WITH_TIMEOUT((window.statusStrip()->refresh(),
                                     window.statusStrip()->sourcesText().contains(u"◌ "_s + name + u" down"_s)),
            30'000);
        QCOMPARE(mock.command("broker up all"), QByteArray("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(
            (window.statusStrip()->refresh(), window.statusStrip()->sourcesText().contains(u"● "_s + name)), 30'000);
    }

    void shippedDefaultShowsTheLagOfAKafkaSource()
    {
        test::MockBroker mock;
        QVERIFY(mock.start(u"feed:3"_s));
        QFile shipped(qEnvironmentVariable("PULSE_SOURCE_DIR") + u"/resources/layouts/default.json"_s);
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        layout::LayoutLoadResult loaded = layout::readLayout(shipped.readAll());
        QVERIFY(loaded.dashboard);
        QVERIFY(loaded.problems.empty());
        std::vector<std::size_t> kafkaPanels;
        for (std::size_t i = 0; i < loaded.dashboard->panels.size(); ++i)
            if (loaded.dashboard->panels[i].title.startsWith(u"Kafka "_s))
                kafkaPanels.push_back(i);
        QCOMPARE(kafkaPanels.size(), std::size_t(2)); // lag by partition, messages per second
        layout::Source kafka;
        kafka.type = layout::SourceType::Kafka;
        kafka.url = mock.bootstrap + "/feed?group=default-wall&from=earliest";
        loaded.dashboard->sources.push_back(kafka);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"default-with-kafka.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(layout::serializeLayout(*loaded.dashboard));
        file.close();

        SourceOverrides overrides;
        overrides.udp = { *parseListenAddress("127.0.0.1:0").address }; // not the shared default port
        MainWindow window(overrides);
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(path).dashboard);
        QCOMPARE(window.controller()->pipelineError(), QString());
        QByteArray keyed; // keys spread the messages over every partition
        for (int i = 0; i < 60; ++i)
            keyed += "k" + QByteArray::number(i) + "|feed.n:1|c\n";
        QVERIFY(test::produceWithKcat(mock.bootstrap, u"feed"_s, keyed, true));
        // Both sit in one row below the fold; panels out of view are not evaluated, so scroll there.
        window.view()->ensureWidgetVisible(window.view()->panelWidget(static_cast<int>(kafkaPanels[0])));
        for (std::size_t index : kafkaPanels) {
            ui::PanelWidget* panel = window.view()->panelWidget(static_cast<int>(index));
            QTRY_VERIFY2_WITH_TIMEOUT(
                panel->freshness() == PanelFreshness::Live, qPrintable(loaded.dashboard->panels[index].title), 30'000);
        }
        // One lag line per partition of the topic, labelled topic/partition.
        ui::PanelWidget* lag = window.view()->panelWidget(static_cast<int>(kafkaPanels[0]));
        QTRY_COMPARE_WITH_TIMEOUT(lag->data()->lines.size(), std::size_t(3), 15'000);
        QStringList labels;
        for (const PanelLine& line : lag->data()->lines)
            labels.append(line.label);
        labels.sort();
        QCOMPARE(labels, (QStringList { u"feed/0"_s, u"feed/1"_s, u"feed/2"_s }));
    }
};

QTEST_MAIN(TestDesktopKafka)
#include "tst_desktopkafka.moc"
