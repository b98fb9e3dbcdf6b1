#include "layout/layoutreader.h"
#include "layout/layoutwriter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pulse;
using namespace pulse::layout;
using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestLayoutWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void saveLoadSaveIsByteIdentical_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addRow("rich dashboard touching every property") << u"fixtures/rich-v1.json"_s;
        QTest::addRow("migrated pre-release dashboard") << u"fixtures/v0-prerelease.json"_s;
        QTest::addRow("canonical output of the migration") << u"fixtures/v0-prerelease.migrated.json"_s;
    }
    void saveLoadSaveIsByteIdentical()
    {
        QFETCH(QString, fixture);
        const LayoutLoadResult first = loadLayoutFile(QFINDTESTDATA(fixture));
        QCOMPARE(first.problemStrings(), QStringList {});
        QVERIFY(first.dashboard);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"saved.json"_s);
        const LayoutSaveResult saved = saveLayoutFile(*first.dashboard, path);
        QVERIFY2(saved.isOk, qPrintable(saved.error));
        const QByteArray firstBytes = readAll(path);
        QCOMPARE(firstBytes, serializeLayout(*first.dashboard));

        const LayoutLoadResult second = loadLayoutFile(path);
        QCOMPARE(second.problemStrings(), QStringList {});
        QVERIFY(!second.migratedFromVersion);
        QVERIFY(saveLayoutFile(*second.dashboard, path).isOk);
        QCOMPARE(readAll(path), firstBytes);
    }

    void richDashboardKeepsEveryProperty()
    {
        const LayoutLoadResult result = loadLayoutFile(QFINDTESTDATA("fixtures/rich-v1.json"));
        QVERIFY(result.dashboard);
        const Dashboard& d = *result.dashboard;
        QCOMPARE(d.title, u"Checkout — control room"_s);
        QCOMPARE(d.timeRangeMs, 6 * 3'600'000);
        QCOMPARE(d.renderRateHz, 60);
        QCOMPARE(d.display.kind, DisplayProfile::Kind::Custom);
        QCOMPARE(d.display.minTextMm, 6.5);
        QCOMPARE(d.sources.size(), std::size_t { 3 });
        QCOMPARE(d.sources[1].listen.isIpv6, true);
        QCOMPARE(d.sources[2].type, SourceType::System);
        QCOMPARE(d.sources[2].intervalMs, 2000);
        QCOMPARE(d.panels.size(), std::size_t { 11 });
        const Panel& p = d.panels[0];
        QCOMPARE(p.title, u"Latency <b>p99</b>"_s); // plain data, not interpreted
        QCOMPARE(p.queries.size(), std::size_t { 2 });
        QCOMPARE(p.queries[0].field, Field::P99);
        QCOMPARE(p.queries[0].window.kind, WindowKind::Sliding);
        QCOMPARE(p.queries[0].window.slideMs, 10'000);
        QCOMPARE(p.queries[0].groupBy, u"host"_s);
        QCOMPARE(p.queries[0].legend, u"{{host}} p99"_s);
        QCOMPARE(p.unit.kind, UnitKind::Milliseconds);
        QVERIFY(!p.isAutoScaled);
        QCOMPARE(p.decimals, std::optional<int> { 2 });
        QCOMPARE(p.max, std::optional<double> { 2500.5 });
        QCOMPARE(p.thresholds.size(), std::size_t { 3 });
        QCOMPARE(p.thresholds[0].color, u"#2e7d32"_s); // colours are normalised to lowercase
        QCOMPARE(p.thresholds[2].severity, ThresholdSeverity::Critical);
        QCOMPARE(p.staleAfterMs, std::optional<std::int64_t> { 45'000 });
        QCOMPARE(d.panels[1].unit.customSuffix, u"req"_s);
        QCOMPARE(d.panels[1].valueMappings.size(), std::size_t { 3 });
        QVERIFY(d.panels[1].valueMappings[2].isRange);
        QCOMPARE(d.panels[1].valueMappings[2].to, 1e6);
        QCOMPARE(d.panels[3].options.orientation, Orientation::Vertical);
        QCOMPARE(
            d.panels[4].options.columns, (std::vector<Field> { Field::Rate, Field::P95, Field::P999, Field::Count }));
        QCOMPARE(d.panels[7].options.content, u"Call <on-call> if red.\nLine two."_s);
    }

    void failedSaveLeavesNoFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"missing-dir/saved.json"_s);
        const LayoutSaveResult result = saveLayoutFile(Dashboard {}, path);
        QVERIFY(!result.isOk);
        QVERIFY2(result.error.startsWith(u"cannot write \""_s + path), qPrintable(result.error));
        QVERIFY(!QFile::exists(path));
    }

    void saveReplacesAnExistingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"saved.json"_s);
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old contents");
        old.close();
        Dashboard dashboard;
        dashboard.title = u"New"_s;
        QVERIFY(saveLayoutFile(dashboard, path).isOk);
        const LayoutLoadResult result = loadLayoutFile(path);
        QCOMPARE(result.problemStrings(), QStringList {});
        QCOMPARE(result.dashboard->title, u"New"_s);
    }
};

QTEST_GUILESS_MAIN(TestLayoutWriter)
#include "tst_layoutwriter.moc"
