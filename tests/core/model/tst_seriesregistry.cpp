#include "model/seriesregistry.h"

#include <QTest>

using namespace pulse;

class TestSeriesRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameKeySameIdWhateverTheTagOrder()
    {
        SeriesRegistry reg;
        TagView a[] = { { "host", "web-1" }, { "dc", "eu" } };
        TagView b[] = { { "dc", "eu" }, { "host", "web-1" } };
        sortTags(a);
        sortTags(b);
        const SeriesId x = reg.intern(MetricType::Counter, "hits", a);
        const SeriesId y = reg.intern(MetricType::Counter, "hits", b);
        QCOMPARE(x, y);
        QCOMPARE(reg.info(x).displayName(), std::string("hits{dc=eu,host=web-1}"));
        QCOMPARE(reg.info(x).tag("host"), std::string_view("web-1"));
    }

    void typeAndTagsSeparateSeries()
    {
        SeriesRegistry reg;
        TagView t[] = { { "host", "a" } };
        const SeriesId c = reg.intern(MetricType::Counter, "x", t);
        const SeriesId g = reg.intern(MetricType::Gauge, "x", t);
        const SeriesId n = reg.intern(MetricType::Counter, "x", {});
        QVERIFY(c != g);
        QVERIFY(c != n);
        QVERIFY(g != n);
    }

    void manySeriesSurviveGrowth()
    {
        SeriesRegistry reg(100'000);
        std::vector<SeriesId> ids;
        for (int i = 0; i < 20'000; ++i) {
            const std::string name = "m." + std::to_string(i);
            ids.push_back(reg.intern(MetricType::Gauge, name, {}));
        }
        for (int i = 0; i < 20'000; ++i) {
            const std::string name = "m." + std::to_string(i);
            QCOMPARE(reg.intern(MetricType::Gauge, name, {}), ids[i]);
            QCOMPARE(reg.info(ids[i]).name, name);
        }
    }

    void beyondTheCapFoldsIntoOverflowPerType()
    {
        SeriesRegistry reg(10);
        for (int i = 0; i < 10; ++i)
            QVERIFY(!reg.info(reg.intern(MetricType::Counter, "c" + std::to_string(i), {})).isOverflow);
        const SeriesId o1 = reg.intern(MetricType::Counter, "extra1", {});
        const SeriesId o2 = reg.intern(MetricType::Counter, "extra2", {});
        const SeriesId o3 = reg.intern(MetricType::Counter, "extra1", {});
        const SeriesId og = reg.intern(MetricType::Gauge, "extra3", {});
        QCOMPARE(o1, o2);
        QCOMPARE(o1, o3);
        QVERIFY(og != o1);
        QVERIFY(reg.info(o1).isOverflow);
        QCOMPARE(reg.info(o1).name, std::string("pulse.overflow"));
        QCOMPARE(reg.info(og).tag("type"), std::string_view("gauge"));
        QCOMPARE(reg.foldedSeries(), std::size_t(3));
        // Existing series keep their ids after the cap is reached.
        QVERIFY(!reg.info(reg.intern(MetricType::Counter, "c3", {})).isOverflow);
    }

    void newSeriesAreAnnouncedOnce()
    {
        SeriesRegistry reg;
        reg.takeNewSeries(); // the overflow series
        reg.intern(MetricType::Gauge, "a", {});
        reg.intern(MetricType::Gauge, "a", {});
        reg.intern(MetricType::Gauge, "b", {});
        QCOMPARE(reg.takeNewSeries().size(), std::size_t(2));
        QVERIFY(reg.takeNewSeries().empty());
    }
};

QTEST_GUILESS_MAIN(TestSeriesRegistry)
#include "tst_seriesregistry.moc"
