#include "panels/panelfields.h"
#include "panels/tablemodel.h"
#include "panels/tablepanel.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace pulse;
using namespace pulse::ui;

namespace {

layout::Panel tablePanel()
{
    layout::Panel panel;
    panel.type = layout::PanelType::Table;
    panel.options.columns = { Field::Rate, Field::Last };
    layout::Query query;
    query.selector = *SeriesSelector::parse("http.*").selector;
    query.groupBy = u"host"_s;
    panel.queries = { query };
    panel.thresholds = { { 50, u"#ff0000"_s, layout::ThresholdSeverity::Critical } };
    return panel;
}

PanelLine line(int queryIndex, Field field, const QString& host, double value)
{
    PanelLine l;
    l.label = host;
    l.groupValue = host;
    l.queryIndex = queryIndex;
    l.field = field;
    l.stepMs = 1000;
    l.points = { { 1000, value } };
    l.lastValue = value;
    return l;
}

TableRow row(const QString& key, double rate, double last)
{
    return { key, key, MetricType::Gauge, { rate, last } };
}

} // namespace

class TestTableModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsComeFromExpandedQueriesOnePerGroup()
    {
        const layout::Panel panel = tablePanel();
        const auto evaluated = queriesToEvaluate(panel);
        QCOMPARE(evaluated.size(), std::size_t(2));
        QCOMPARE(evaluated[0].field, Field::Rate);
        QCOMPARE(evaluated[1].field, Field::Last);
        PanelData data;
        data.lines = { line(0, Field::Rate, u"web-1"_s, 3), line(0, Field::Rate, u"web-2"_s, 4),
            line(1, Field::Last, u"web-1"_s, 30), line(1, Field::Last, u"web-2"_s, 40) };
        const auto rows = buildTableRows(panel, data);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].label, u"web-1"_s);
        QCOMPARE(rows[0].values, (std::vector<std::optional<double>> { 3.0, 30.0 }));
        QCOMPARE(rows[1].values, (std::vector<std::optional<double>> { 4.0, 40.0 }));
    }

    void updatesArePreciseUnderTheModelTester()
    {
        TableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPanel(tablePanel());
        QCOMPARE(model.columnCount(), 4);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.setRows({ row(u"a"_s, 1, 10), row(u"b"_s, 2, 20), row(u"c"_s, 3, 30) });
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 3);

        // Only b's "last" cell changes.
        model.setRows({ row(u"a"_s, 1, 10), row(u"b"_s, 2, 99), row(u"c"_s, 3, 30) });
        QCOMPARE(changed.size(), 1);
        const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
        const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
        QCOMPARE(topLeft, model.index(1, 3));
        QCOMPARE(bottomRight, model.index(1, 3));

        // b vanishes, d appears.
        model.setRows({ row(u"a"_s, 1, 10), row(u"c"_s, 3, 30), row(u"d"_s, 4, 40) });
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 1);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, 0).data().toString(), u"d"_s);
        QCOMPARE(reset.size(), 0);

        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    void thresholdIndexByValue_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("expected");
        QTest::addRow("below the only threshold") << 49.9 << -1;
        QTest::addRow("exactly at it") << 50.0 << 0;
        QTest::addRow("above it") << 80.0 << 0;
    }
    void thresholdIndexByValue()
    {
        QFETCH(double, value);
        QFETCH(int, expected);
        TableModel model;
        model.setPanel(tablePanel());
        model.setRows({ row(u"a"_s, value, value) });
        QCOMPARE(model.index(0, 2).data(TableModel::Role::ThresholdIndex).toInt(), expected);
    }

    void cellsReadInThePanelsUnitAndMappings()
    {
        layout::Panel panel = tablePanel();
        panel.unit.kind = layout::UnitKind::Bytes;
        panel.valueMappings = { { false, 0, 0, 0, u"idle"_s, {} } };
        TableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPanel(panel);
        model.setRows({ row(u"a"_s, 1536, 0) });
        QCOMPARE(model.index(0, 2).data().toString(), QLocale().toString(1.5) + u" KiB"_s);
        QCOMPARE(model.index(0, 2).data(TableModel::Role::Value).toDouble(), 1536.0);
        QCOMPARE(model.index(0, 3).data().toString(), u"idle"_s);
    }

    void sortsNumericallyNotAsText()
    {
        TablePanel panel;
        panel.setPanel(tablePanel());
        panel.model()->setRows({ row(u"a"_s, 9, 0), row(u"b"_s, 10, 0), row(u"c"_s, 100, 0) });
        panel.proxyModel()->sort(2, Qt::DescendingOrder);
        QCOMPARE(panel.proxyModel()->index(0, 0).data().toString(), u"c"_s);
        QCOMPARE(panel.proxyModel()->index(2, 0).data().toString(), u"a"_s);
        panel.filterEdit()->setText(u"B"_s);
        QCOMPARE(panel.proxyModel()->rowCount(), 1);
    }

    void cellsCrossingTheThresholdArePaintedInItsColour()
    {
        TablePanel panel;
        panel.resize(500, 300);
        panel.setPanel(tablePanel());
        auto data = std::make_shared<PanelData>();
        data->lines = { line(0, Field::Rate, u"hot"_s, 75), line(0, Field::Rate, u"cool"_s, 5),
            line(1, Field::Last, u"hot"_s, 1), line(1, Field::Last, u"cool"_s, 1) };
        data->stamp = 1;
        data->freshness = PanelFreshness::Live;
        panel.setData(data);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.proxyModel()->sort(0, Qt::AscendingOrder); // cool, hot
        const QImage image = panel.grab().toImage();
        QTableView* view = panel.view();
        auto pixelIn = [&](int proxyRow, int column) {
            const QRect cell = view->visualRect(panel.proxyModel()->index(proxyRow, column));
            const QPoint inPanel = view->viewport()->mapTo(&panel, cell.topLeft() + QPoint(3, cell.height() / 2));
            return image.pixelColor(inPanel * image.devicePixelRatio());
        };
        QCOMPARE(pixelIn(1, 2), QColor(0xff, 0, 0));
        QVERIFY(pixelIn(0, 2) != QColor(0xff, 0, 0));
        QVERIFY(pixelIn(1, 3) != QColor(0xff, 0, 0));
    }
};

QTEST_MAIN(TestTableModel)
#include "tst_tablemodel.moc"
