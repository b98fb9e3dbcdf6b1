#include "editing/seriescatalogmodel.h"
#include "editing/seriesfilterproxymodel.h"
#include "editing/seriespicker.h"
#include "store/rollingstore.h"

#include <QAbstractItemModelTester>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace pulse;
using namespace pulse::ui;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs kT0 = 1'699'999'980'000; // a multiple of 60 s

StoreConfig smallConfig()
{
    StoreConfig c;
    c.resolutions = { { 1000, 120'000 }, { 10'000, 1'200'000 } };
    return c;
}

SeriesInfoPtr makeSeries(SeriesId id, MetricType type, std::string name, std::vector<Tag> tags = {})
{
    auto info = std::make_shared<SeriesInfo>();
    info->id = id;
    info->type = type;
    info->name = std::move(name);
    info->tags = std::move(tags);
    return info;
}

WindowResult gauge(SeriesId id, TimestampMs startMs, double v)
{
    WindowResult r;
    r.series = id;
    r.type = MetricType::Gauge;
    r.startMs = startMs;
    r.endMs = startMs + 1000;
    r.last = v;
    r.min = v;
    r.max = v;
    r.mean = v;
    r.count = 1;
    r.sum = v;
    return r;
}

WindowResult counter(SeriesId id, TimestampMs startMs, double sum)
{
    WindowResult r;
    r.series = id;
    r.type = MetricType::Counter;
    r.startMs = startMs;
    r.endMs = startMs + 1000;
    r.count = sum;
    r.sum = sum;
    r.rate = sum;
    return r;
}

WindowBatch batchOf(std::vector<WindowResult> results)
{
    WindowBatch b;
    b.spec = WindowSpec { 1000, 1000, false };
    b.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
    b.results = std::move(results);
    return b;
}

/** A real store, filled the way the aggregation thread fills it: addSeries, then closed 1 s windows. */
class Fixture {
public:
    Fixture()
        : clock(kT0 + 60'000)
        , store(smallConfig(), clock)
    { }

    /** ids 0–2 http.latency gauges ({host=a,service=api}, {host=b,service=api}, {host=a,service=web}); 3–4 "hits". */
    void addStandardSeries()
    {
        QVERIFY(store.addSeries(
            makeSeries(0, MetricType::Gauge, "http.latency", { { "host", "a" }, { "service", "api" } })));
        QVERIFY(store.addSeries(
            makeSeries(1, MetricType::Gauge, "http.latency", { { "host", "b" }, { "service", "api" } })));
        QVERIFY(store.addSeries(
            makeSeries(2, MetricType::Gauge, "http.latency", { { "host", "a" }, { "service", "web" } })));
        QVERIFY(store.addSeries(makeSeries(3, MetricType::Counter, "hits", { { "host", "a" } })));
        QVERIFY(store.addSeries(makeSeries(4, MetricType::Counter, "hits", { { "host", "b" } })));
    }

    /** One closed 1 s window at kT0 + k s for each (id, value). */
    void write(int k, std::vector<std::pair<SeriesId, double>> values)
    {
        std::vector<WindowResult> results;
        for (const auto& [id, v] : values)
            results.push_back(id >= 3 ? counter(id, kT0 + k * 1000, v) : gauge(id, kT0 + k * 1000, v));
        QCOMPARE(store.append(0, batchOf(std::move(results))), values.size());
    }

    ManualClock clock;
    RollingStore store;
};

QList<int> rowsOf(const QSignalSpy& spy, int argument)
{
    QList<int> out;
    for (const QList<QVariant>& call : spy)
        out.append(call.at(argument).value<QModelIndex>().isValid() ? call.at(argument).value<QModelIndex>().row()
                                                                    : call.at(argument).toInt());
    return out;
}

} // namespace

class TestSeriesCatalogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void newSeriesStreamInAsInsertedRows()
    {
        Fixture f;
        SeriesCatalogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&f.store);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), SeriesCatalogModel::kColumnCount);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(f.store.addSeries(
            makeSeries(0, MetricType::Gauge, "http.latency", { { "host", "a" }, { "service", "api" } })));
        QVERIFY(f.store.addSeries(makeSeries(1, MetricType::Counter, "hits")));
        model.refresh();
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 1);
        QCOMPARE(model.rowCount(), 2);

        QCOMPARE(model.index(0, SeriesCatalogModel::Name).data().toString(), u"http.latency"_s);
        QCOMPARE(model.index(0, SeriesCatalogModel::Type).data().toString(), u"gauge"_s);
        QCOMPARE(model.index(0, SeriesCatalogModel::Tags).data().toString(), u"host=a,service=api"_s);
        QCOMPARE(model.index(0, SeriesCatalogModel::LastValue).data().toString(), QString()); // no data yet
        QCOMPARE(model.index(1, SeriesCatalogModel::Type).data().toString(), u"counter"_s);
        QCOMPARE(model.index(1, SeriesCatalogModel::Tags).data().toString(), QString());
        QCOMPARE(model.index(0, 0).data(SeriesCatalogModel::SeriesIdRole).toULongLong(), 0ull);
        QCOMPARE(model.index(1, 0).data(SeriesCatalogModel::SeriesIdRole).toULongLong(), 1ull);

        QVERIFY(f.store.addSeries(makeSeries(2, MetricType::Timer, "db.query")));
        model.refresh();
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 2);
        QCOMPARE(inserted.at(1).at(2).toInt(), 2);
        QCOMPARE(model.index(2, SeriesCatalogModel::Type).data().toString(), u"timer"_s);

        model.refresh(); // nothing new
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(reset.size(), 0);
    }

    void newValuesAreDataChangedOfTheirRowsOnly()
    {
        Fixture f;
        f.addStandardSeries();
        SeriesCatalogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.refresh(f.store); // first sight of a store: same as setStore
        QCOMPARE(model.rowCount(), 5);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        f.write(0, { { 0, 10 } });
        model.refresh();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(rowsOf(changed, 0), QList<int> { 0 });
        QCOMPARE(rowsOf(changed, 1), QList<int> { 0 });
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(SeriesCatalogModel::LastValue));
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().column(), int(SeriesCatalogModel::LastUpdate));
        QCOMPARE(model.index(0, SeriesCatalogModel::LastValue).data().toString(), QLocale().toString(10.0, 'g', 6));
        QCOMPARE(model.index(0, SeriesCatalogModel::LastValue).data(SeriesCatalogModel::SortRole).toDouble(), 10.0);
        QCOMPARE(
            model.index(0, SeriesCatalogModel::LastUpdate).data(SeriesCatalogModel::SortRole).toLongLong(), kT0 + 1000);
        QVERIFY(!model.index(0, SeriesCatalogModel::LastUpdate).data().toString().isEmpty());
        QVERIFY(model.index(1, SeriesCatalogModel::LastValue).data().toString().isEmpty());

        // Rows 0 and 3 are not adjacent: one signal each; rows 3 and 4 are: one for both.
        changed.clear();
        f.write(1, { { 0, 11 }, { 3, 5 }, { 4, 7 } });
        model.refresh();
        QCOMPARE(changed.size(), 2);
        QCOMPARE(rowsOf(changed, 0), (QList<int> { 0, 3 }));
        QCOMPARE(rowsOf(changed, 1), (QList<int> { 0, 4 }));
        QCOMPARE(model.index(0, SeriesCatalogModel::LastValue).data(SeriesCatalogModel::SortRole).toDouble(), 11.0);
        QCOMPARE(model.index(4, SeriesCatalogModel::LastValue).data(SeriesCatalogModel::SortRole).toDouble(), 7.0);

        changed.clear();
        model.refresh(); // nothing new stored
        QCOMPARE(changed.size(), 0);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(reset.size(), 0);
    }

    void onlySetStoreAndClearReset()
    {
        Fixture f;
        f.addStandardSeries();
        Fixture other;
        SeriesCatalogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setStore(&f.store);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 5);
        model.refresh(other.store);
        QCOMPARE(reset.size(), 2);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.store(), &other.store);
        model.clear();
        QCOMPARE(reset.size(), 3);
        QCOMPARE(model.store(), nullptr);
        model.refresh(); // no store: nothing
        QCOMPARE(model.rowCount(), 0);
    }

    void filterBySelector_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QStringList>("expected"); // Name|Tags of the rows shown, sorted

        QTest::addRow("empty shows everything")
            << QString()
            << QStringList { u"hits|host=a"_s, u"hits|host=b"_s, u"http.latency|host=a,service=api"_s,
                   u"http.latency|host=a,service=web"_s, u"http.latency|host=b,service=api"_s };
        QTest::addRow("name glob") << u"http.*"_s
                                   << QStringList { u"http.latency|host=a,service=api"_s,
                                          u"http.latency|host=a,service=web"_s, u"http.latency|host=b,service=api"_s };
        QTest::addRow("single-character glob") << u"h?ts"_s << QStringList { u"hits|host=a"_s, u"hits|host=b"_s };
        QTest::addRow("tag equals") << u"http.latency{service=api}"_s
                                    << QStringList { u"http.latency|host=a,service=api"_s,
                                           u"http.latency|host=b,service=api"_s };
        QTest::addRow("tag glob and presence")
            << u"http.*{service=api,host=*}"_s
            << QStringList { u"http.latency|host=a,service=api"_s, u"http.latency|host=b,service=api"_s };
        QTest::addRow("tag not equals") << u"http.latency{service!=api}"_s
                                        << QStringList { u"http.latency|host=a,service=web"_s };
        QTest::addRow("tags only, any name") << u"{host=a}"_s
                                             << QStringList { u"hits|host=a"_s, u"http.latency|host=a,service=api"_s,
                                                    u"http.latency|host=a,service=web"_s };
        QTest::addRow("tag class glob") << u"hits{host=[b-z]}"_s << QStringList { u"hits|host=b"_s };
        QTest::addRow("nothing matches") << u"disk.*"_s << QStringList {};
    }
    void filterBySelector()
    {
        QFETCH(QString, selector);
        QFETCH(QStringList, expected);
        Fixture f;
        f.addStandardSeries();
        SeriesCatalogModel model;
        model.setStore(&f.store);
        SeriesFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        QVERIFY(proxy.setSelectorText(selector));
        QVERIFY(proxy.isValid());
        QStringList shown;
        for (int row = 0; row < proxy.rowCount(); ++row)
            shown.append(proxy.index(row, SeriesCatalogModel::Name).data().toString() + u'|'
                + proxy.index(row, SeriesCatalogModel::Tags).data().toString());
        shown.sort();
        QCOMPARE(shown, expected);
    }

    void anInvalidSelectorKeepsTheLastFilterAndSaysWhy()
    {
        Fixture f;
        f.addStandardSeries();
        SeriesCatalogModel model;
        model.setStore(&f.store);
        SeriesFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        QSignalSpy errors(&proxy, &SeriesFilterProxyModel::errorTextChanged);

        QVERIFY(proxy.setSelectorText(u"http.*"_s));
        QCOMPARE(proxy.rowCount(), 3);
        QCOMPARE(errors.size(), 0);

        QVERIFY(!proxy.setSelectorText(u"http.*{service="_s));
        QVERIFY(!proxy.isValid());
        QVERIFY2(proxy.errorText().startsWith(u"column "_s), qPrintable(proxy.errorText()));
        QCOMPARE(proxy.errorColumn(), 16);
        QCOMPARE(proxy.rowCount(), 3); // still the last valid filter
        QCOMPARE(errors.size(), 1);

        QVERIFY(proxy.setSelectorText(u"http.*{service=web}"_s));
        QVERIFY(proxy.errorText().isEmpty());
        QCOMPARE(proxy.errorColumn(), 0);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(1).at(0).toString(), QString());
    }

    void seriesAddedLaterAppearInTheFilteredView()
    {
        Fixture f;
        f.addStandardSeries();
        SeriesCatalogModel model;
        model.setStore(&f.store);
        SeriesFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setSelectorText(u"http.*{host=c}"_s);
        QCOMPARE(proxy.rowCount(), 0);

        QVERIFY(f.store.addSeries(makeSeries(5, MetricType::Gauge, "http.errors", { { "host", "c" } })));
        QVERIFY(f.store.addSeries(makeSeries(6, MetricType::Gauge, "disk.free", { { "host", "c" } })));
        model.refresh();
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, SeriesCatalogModel::Name).data().toString(), u"http.errors"_s);
    }

    void sortingByLastValueIsNumeric()
    {
        Fixture f;
        f.addStandardSeries();
        f.write(0, { { 0, 9 }, { 1, 100 }, { 2, 25 } });
        SeriesCatalogModel model;
        model.setStore(&f.store);
        SeriesFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setSelectorText(u"http.*"_s);
        proxy.sort(SeriesCatalogModel::LastValue, Qt::DescendingOrder);
        QList<double> values;
        for (int row = 0; row < proxy.rowCount(); ++row)
            values.append(
                proxy.index(row, SeriesCatalogModel::LastValue).data(SeriesCatalogModel::SortRole).toDouble());
        QCOMPARE(values, (QList<double> { 100, 25, 9 })); // "9" would sort after "25" as text
    }

    void exactSelectorSelectsThatSeries_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("tagValue");
        QTest::addColumn<QString>("otherName"); // must not be selected
        QTest::addRow("plain") << u"cpu.total"_s << u"a"_s << u"cpu.totals"_s;
        QTest::addRow("glob characters in the name") << u"a*b?[c]"_s << u"x"_s << u"aXXbY[c]"_s;
        QTest::addRow("selector syntax in the name") << u"x{y},z=w!"_s << u"v"_s << u"x"_s;
        QTest::addRow("spaces and backslashes") << u"with space\\x"_s << u"a b"_s << u"with"_s;
        QTest::addRow("syntax in the tag value") << u"m"_s << u"a,b=c}*"_s << u"m2"_s;
    }
    void exactSelectorSelectsThatSeries()
    {
        QFETCH(QString, name);
        QFETCH(QString, tagValue);
        QFETCH(QString, otherName);
        const auto series = makeSeries(0, MetricType::Gauge, name.toStdString(), { { "k", tagValue.toStdString() } });
        const auto other
            = makeSeries(1, MetricType::Gauge, otherName.toStdString(), { { "k", tagValue.toStdString() } });
        const auto otherValue = makeSeries(2, MetricType::Gauge, name.toStdString(), { { "k", "zzz" } });
        const QString text = exactSelectorFor(*series);
        const SelectorParse parsed = SeriesSelector::parse(text.toStdString());
        QVERIFY2(parsed.isOk(), qPrintable(text + u": "_s + QString::fromStdString(parsed.error)));
        QVERIFY(parsed.selector->matches(*series));
        QVERIFY(!parsed.selector->matches(*other));
        QVERIFY(!parsed.selector->matches(*otherValue));
    }

    void pickerFiltersCountsAndReturnsTheSelector()
    {
        Fixture f;
        f.addStandardSeries();
        SeriesPicker picker(&f.store);
        auto* line = picker.findChild<QLineEdit*>(u"selector"_s);
        auto* status = picker.findChild<QLabel*>(u"status"_s);
        auto* table = picker.findChild<QTableView*>(u"series"_s);
        auto* buttons = picker.findChild<QDialogButtonBox*>();
        QVERIFY(line && status && table && buttons);
        QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
        QCOMPARE(picker.matchCount(), 5);
        QCOMPARE(picker.selectorText(), u"*"_s);

        QTest::keyClicks(line, u"http.latency{service=api}"_s);
        QCOMPARE(picker.matchCount(), 2);
        QCOMPARE(status->text(), u"2 matching series of 5"_s);
        QVERIFY(ok->isEnabled());
        QCOMPARE(picker.selectorText(), u"http.latency{service=api}"_s);

        line->setText(u"http.latency{service"_s);
        QVERIFY(!picker.isSelectorValid());
        QVERIFY(!ok->isEnabled());
        QVERIFY2(status->text().startsWith(u"Invalid selector: column 21"_s), qPrintable(status->text()));

        // Activating a row puts that series' own selector in the line.
        line->setText(u"hits"_s);
        QCOMPARE(picker.matchCount(), 2);
        table->sortByColumn(SeriesCatalogModel::Tags, Qt::DescendingOrder);
        Q_EMIT table->activated(table->model()->index(0, 0));
        QCOMPARE(line->text(), u"hits{host=b}"_s);
        QCOMPARE(picker.matchCount(), 1);
        QVERIFY(ok->isEnabled());

        // New series show up while the picker is open (refreshed on a timer).
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        line->setText(u"hits*"_s);
        QCOMPARE(picker.matchCount(), 2);
        QVERIFY(f.store.addSeries(makeSeries(7, MetricType::Counter, "hits.total")));
        QTRY_COMPARE(picker.matchCount(), 3);
        QCOMPARE(status->text(), u"3 matching series of 6"_s);
    }

    void pickerStartsFromTheGivenSelector()
    {
        Fixture f;
        f.addStandardSeries();
        SeriesPicker picker(&f.store);
        picker.setSelectorText(u"hits{host=a}"_s);
        QCOMPARE(picker.matchCount(), 1);
        QCOMPARE(picker.selectorText(), u"hits{host=a}"_s);
        picker.setSelectorText(u"*"_s); // everything: shown as an empty search line
        QCOMPARE(picker.findChild<QLineEdit*>(u"selector"_s)->text(), QString());
        QCOMPARE(picker.matchCount(), 5);

        SeriesPicker empty(nullptr);
        QCOMPARE(empty.matchCount(), 0);
        QCOMPARE(empty.selectorText(), u"*"_s);
    }
};

QTEST_MAIN(TestSeriesCatalogModel)
#include "tst_seriescatalogmodel.moc"
