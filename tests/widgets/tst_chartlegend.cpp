#include "charts/chartlegend.h"

#include <QTest>

#include <set>

using namespace pulse;
using namespace pulse::ui;
using namespace Qt::StringLiterals;

namespace {

/** Eight lines like the Network panel's: four interfaces, rx and tx. */
std::vector<LegendEntry> networkEntries()
{
    std::vector<LegendEntry> entries;
    const Theme theme = Theme::builtinDark();
    int i = 0;
    for (const QString& iface : { u"eth0"_s, u"lo"_s, u"ifb0"_s, u"ifb1"_s }) {
        for (const QString& direction : { u"rx"_s, u"tx"_s }) {
            entries.push_back({ iface + u' ' + direction, theme.seriesColor(i), u"52.3 MiB"_s, u"0 B"_s, u"60.1 MiB"_s,
                u"12.4 MiB"_s });
            ++i;
        }
    }
    return entries;
}

int rowHeightOf(const QFontMetricsF& metrics)
{
    return ChartLegend::plan({ LegendEntry { u"x"_s, Qt::red, u"1"_s, u"1"_s, u"1"_s, u"1"_s } }, metrics, 2000, 2000)
        .heightPx;
}

int richness(LegendMode mode)
{
    switch (mode) {
    case LegendMode::Full:
        return 3;
    case LegendMode::Compact:
        return 2;
    case LegendMode::Names:
        return 1;
    case LegendMode::Hidden:
        return 0;
    }
    return 0;
}

} // namespace

class TestChartLegend : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noLinesTakeNoRoom()
    {
        const LegendPlan plan = ChartLegend::plan({}, QFontMetricsF(QFont()), 400, 400);
        QCOMPARE(plan.heightPx, 0);
        QCOMPARE(plan.mode, LegendMode::Hidden);
    }

    void oneLineGetsTheFullTable()
    {
        const QFontMetricsF metrics { QFont() };
        const LegendPlan plan = ChartLegend::plan({ networkEntries().front() }, metrics, 500, 200);
        QCOMPARE(plan.mode, LegendMode::Full);
        QCOMPARE(plan.rows, 1);
        QCOMPARE(plan.heightPx, rowHeightOf(metrics));
    }

    void eightLinesInASmallPanelPackSideBySide()
    {
        // A Network panel 8 columns wide and 7 rows high on a 1400 px window: about 454 × 165 px of content.
        const QFontMetricsF metrics { QFont() };
        const int budget = 165 / 2;
        const LegendPlan plan = ChartLegend::plan(networkEntries(), metrics, 454, budget);
        QVERIFY(plan.mode == LegendMode::Compact || plan.mode == LegendMode::Names);
        QVERIFY(plan.columns >= 2);
        QCOMPARE(plan.rows, (8 + plan.columns - 1) / plan.columns);
        QVERIFY(plan.heightPx <= budget);
    }

    void lessRoomNeverMeansARicherLegend_data()
    {
        QTest::addColumn<int>("widthPx");
        QTest::addRow("wide") << 900;
        QTest::addRow("network panel") << 454;
        QTest::addRow("narrow") << 160;
    }
    void lessRoomNeverMeansARicherLegend()
    {
        QFETCH(int, widthPx);
        const QFontMetricsF metrics { QFont() };
        const auto entries = networkEntries();
        int previous = richness(LegendMode::Full);
        std::set<int> seen;
        for (int budget = 400; budget >= 0; budget -= 3) {
            const LegendPlan plan = ChartLegend::plan(entries, metrics, widthPx, budget);
            QVERIFY2(plan.heightPx <= budget, qPrintable(QString::number(budget)));
            QVERIFY(richness(plan.mode) <= previous);
            previous = richness(plan.mode);
            seen.insert(richness(plan.mode));
        }
        QVERIFY(seen.count(richness(LegendMode::Hidden)) == 1);
        QVERIFY(seen.size() >= 3);
    }

    void hiddenLegendSaysHowManyLines()
    {
        ChartLegend legend;
        legend.setEntries(networkEntries());
        const int row = rowHeightOf(QFontMetricsF(legend.font()));
        QCOMPARE(legend.fitTo(454, row + 1), row);
        QCOMPARE(legend.mode(), LegendMode::Hidden);
        QCOMPARE(legend.hintText(), u"8 series"_s);
        QVERIFY(legend.rowTexts().isEmpty());
        QCOMPARE(legend.accessibleDescription(), u"8 series"_s);
        // Not even one row of room: nothing at all.
        QCOMPARE(legend.fitTo(454, row - 1), 0);
    }

    void rowsFollowTheMode()
    {
        ChartLegend legend;
        auto entries = networkEntries();
        entries.resize(2);
        entries[0].name = u"<b>eth0</b> rx"_s; // plain text, never markup
        legend.setEntries(entries);
        QVERIFY(legend.fitTo(900, 400) > 0);
        QCOMPARE(legend.mode(), LegendMode::Full);
        QCOMPARE(legend.rowTexts().front(), u"<b>eth0</b> rx  last 52.3 MiB  min 0 B  max 60.1 MiB  mean 12.4 MiB"_s);
        const int row = rowHeightOf(QFontMetricsF(legend.font()));
        QCOMPARE(legend.fitTo(900, row), row);
        QCOMPARE(legend.mode(), LegendMode::Compact);
        QCOMPARE(legend.rowTexts(), (QStringList { u"<b>eth0</b> rx  52.3 MiB"_s, u"eth0 tx  52.3 MiB"_s }));
    }

    void packedEntriesAreAllPainted()
    {
        ChartLegend legend;
        legend.setTheme(Theme::builtinDark());
        legend.setEntries(networkEntries());
        const int height = legend.fitTo(454, 80);
        QVERIFY(legend.mode() == LegendMode::Compact || legend.mode() == LegendMode::Names);
        legend.resize(454, height);
        const QImage image = legend.grab().toImage();
        // Each line's swatch is painted in its colour.
        for (int i = 0; i < 8; ++i) {
            const QColor colour = Theme::builtinDark().seriesColor(i);
            bool isFound = false;
            for (int y = 0; y < image.height() && !isFound; ++y) {
                for (int x = 0; x < image.width() && !isFound; ++x)
                    isFound = image.pixelColor(x, y) == colour;
            }
            QVERIFY2(isFound, qPrintable(colour.name()));
        }
    }
};

QTEST_MAIN(TestChartLegend)
#include "tst_chartlegend.moc"
