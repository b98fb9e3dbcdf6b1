#include "panels/statetimelinepanel.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace pulse;
using namespace pulse::ui;

namespace {

const std::vector<layout::Threshold> kThresholds { { 50, u"#ffa500"_s, layout::ThresholdSeverity::Warning },
    { 80, u"#ff0000"_s, layout::ThresholdSeverity::Critical } };

PanelLine lineOf(std::vector<StorePoint> points)
{
    PanelLine line;
    line.label = u"<b>api</b>"_s;
    line.stepMs = 1000;
    line.points = std::move(points);
    return line;
}

using Bands = std::vector<StateBand>;

} // namespace

class TestStateTimelinePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bands_data()
    {
        QTest::addColumn<std::vector<StorePoint>>("points");
        QTest::addColumn<Bands>("expected");
        constexpr int N = StateBand::kNoData;
        constexpr int B = StateBand::kBase;
        QTest::addRow("no points is all gap") << std::vector<StorePoint> {} << Bands { { 0, 6000, N } };
        QTest::addRow("equal states merge") << std::vector<StorePoint> { { 0, 10 }, { 1000, 20 }, { 2000, 30 },
            { 3000, 40 }, { 4000, 45 }, { 5000, 1 } }
                                            << Bands { { 0, 6000, B } };
        QTest::addRow("crossing warning then critical") << std::vector<StorePoint> {
            { 0, 10 }, { 1000, 60 }, { 2000, 90 }, { 3000, 90 }, { 4000, 10 }, { 5000, 10 }
        } << Bands { { 0, 1000, B }, { 1000, 2000, 0 }, { 2000, 4000, 1 }, { 4000, 6000, B } };
        QTest::addRow("missing windows are a gap, not zero") << std::vector<StorePoint> { { 0, 90 }, { 1000, 90 },
            { 4000, 90 }, { 5000, 90 } } << Bands { { 0, 2000, 1 }, { 2000, 4000, N }, { 4000, 6000, 1 } };
        QTest::addRow("data starting late leaves a leading gap") << std::vector<StorePoint> { { 3000, 60 },
            { 4000, 60 } } << Bands { { 0, 3000, N }, { 3000, 5000, 0 }, { 5000, 6000, N } };
        QTest::addRow("NaN is a gap") << std::vector<StorePoint> { { 0, 10 }, { 1000, std::nan("") },
            { 2000, 10 } } << Bands { { 0, 1000, B }, { 1000, 2000, N }, { 2000, 3000, B }, { 3000, 6000, N } };
    }
    void bands()
    {
        QFETCH(std::vector<StorePoint>, points);
        QFETCH(Bands, expected);
        QCOMPARE(stateBands(lineOf(points), kThresholds, 0, 6000), expected);
    }

    void rendersThresholdColoursAndHatchedGaps()
    {
        StateTimelinePanel panel;
        panel.resize(600, 200);
        layout::Panel definition;
        definition.type = layout::PanelType::StateTimeline;
        definition.thresholds = kThresholds;
        panel.setPanel(definition);
        auto data = std::make_shared<PanelData>();
        data->fromMs = 0;
        data->toMs = 10'000;
        data->freshness = PanelFreshness::Live;
        data->stamp = 7;
        // 0-3 s ok, 3-5 s critical, 5-8 s missing, 8-10 s warning.
        data->lines = { lineOf(
            { { 0, 1 }, { 1000, 1 }, { 2000, 1 }, { 3000, 95 }, { 4000, 95 }, { 8000, 60 }, { 9000, 60 } }) };
        panel.setData(data);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QWidget* canvas = panel.findChild<QWidget*>(u"stateTimelineCanvas"_s);
        QVERIFY(canvas);
        const QRect row = panel.rowRect(0);
        QVERIFY(row.height() > 4);
        const QImage image = canvas->grab().toImage();
        auto at = [&](TimestampMs t) { return image.pixelColor(panel.xForTime(t), row.center().y()); };
        QCOMPARE(at(1500), panel.theme().ok);
        QCOMPARE(at(4000), QColor(0xff, 0, 0));
        QCOMPARE(at(9000), QColor(0xff, 0xa5, 0));
        // In the gap, no pixel of the row's middle line carries a state colour.
        for (int x = panel.xForTime(5200); x < panel.xForTime(7800); ++x) {
            const QColor c = image.pixelColor(x, row.center().y());
            QVERIFY2(
                c != panel.theme().ok && c != QColor(0xff, 0, 0) && c != QColor(0xff, 0xa5, 0), qPrintable(c.name()));
        }
    }
};

QTEST_MAIN(TestStateTimelinePanel)
#include "tst_statetimelinepanel.moc"
