#include "query/panelquery.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs kT0 = 1'699'999'980'000; // a multiple of 60 s
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

StoreConfig smallConfig()
{
    StoreConfig c;
    c.resolutions = { { 1000, 120'000 }, { 10'000, 1'200'000 }, { 60'000, 3'600'000 } };
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

WindowResult gauge(SeriesId id, TimestampMs startMs, std::int64_t stepMs, double v)
{
    WindowResult r;
    r.series = id;
    r.type = MetricType::Gauge;
    r.startMs = startMs;
    r.endMs = startMs + stepMs;
    r.last = v;
    r.min = v - 1;
    r.max = v + 1;
    r.mean = v;
    r.count = 1;
    r.sum = v;
    return r;
}

WindowResult counter(SeriesId id, TimestampMs startMs, std::int64_t stepMs, double sum)
{
    WindowResult r;
    r.series = id;
    r.type = MetricType::Counter;
    r.startMs = startMs;
    r.endMs = startMs + stepMs;
    r.count = sum;
    r.sum = sum;
    r.rate = sum * 1000.0 / double(stepMs);
    return r;
}

WindowBatch batchOf(std::int64_t stepMs, std::vector<WindowResult> results)
{
    WindowBatch b;
    b.spec = WindowSpec { stepMs, stepMs, false };
    b.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
    b.results = std::move(results);
    return b;
}

layout::Query query(const char* selector, Field field, QString groupBy = {}, QString legend = {})
{
    layout::Query q;
    q.selector = *SeriesSelector::parse(selector).selector;
    q.field = field;
    q.window = { layout::WindowKind::Tumbling, 1000, 1000 };
    q.groupBy = std::move(groupBy);
    q.legend = std::move(legend);
    return q;
}

layout::Panel panelOf(std::vector<layout::Query> queries)
{
    layout::Panel p;
    p.queries = std::move(queries);
    p.staleAfterMs = 5000;
    return p;
}

/**
 * api latency gauges: id 0 {host=a,service=api} = 10, id 1 {host=b,service=api} = 20, id 2 {host=a,service=web} = 40,
 * 10 windows of 1 s from kT0; counter id 3 "hits" {host=a} 2 per window, id 4 "hits" {host=b} 3 per window.
 */
class Fixture {
public:
    Fixture()
        : clock(kT0 + 10'000)
        , store(smallConfig(), clock)
    {
        store.addSeries(makeSeries(0, MetricType::Gauge, "http.latency", { { "host", "a" }, { "service", "api" } }));
        store.addSeries(makeSeries(1, MetricType::Gauge, "http.latency", { { "host", "b" }, { "service", "api" } }));
        store.addSeries(makeSeries(2, MetricType::Gauge, "http.latency", { { "host", "a" }, { "service", "web" } }));
        store.addSeries(makeSeries(3, MetricType::Counter, "hits", { { "host", "a" } }));
        store.addSeries(makeSeries(4, MetricType::Counter, "hits", { { "host", "b" } }));
        for (int k = 0; k < 10; ++k) {
            const TimestampMs t = kT0 + k * 1000;
            store.append(0,
                batchOf(1000,
                    { gauge(0, t, 1000, 10), gauge(1, t, 1000, 20), gauge(2, t, 1000, 40), counter(3, t, 1000, 2),
                        counter(4, t, 1000, 3) }));
        }
    }
    ManualClock clock;
    RollingStore store;
};

/** Series 0–2 (http.latency) came from source 2, 3–4 (hits) from source 3. */
bool feedFromTwoSources(Fixture& f)
{
    bool isOk = true;
    for (SeriesId id : { 0u, 1u, 2u })
        isOk = f.store.setSourceMask(id, sourceBit(2)) && isOk;
    for (SeriesId id : { 3u, 4u })
        isOk = f.store.setSourceMask(id, sourceBit(3)) && isOk;
    return isOk;
}

QStringList labelsOf(const PanelData& data)
{
    QStringList out;
    for (const PanelLine& line : data.lines)
        out.append(line.label);
    return out;
}

QList<double> lastValuesOf(const PanelData& data)
{
    QList<double> out;
    for (const PanelLine& line : data.lines)
        out.append(line.lastValue.value_or(kNaN));
    return out;
}

} // namespace

class TestPanelQuery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groupingCombinesSeries_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("groupBy");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QList<double>>("lastValues");
        QTest::addColumn<QList<int>>("seriesCounts");

        const int last = int(Field::Last);
        QTest::addRow("one series alone keeps its display name")
            << u"http.latency{service=web}"_s << last << QString()
            << QStringList { u"http.latency{host=a,service=web}"_s } << QList<double> { 40 } << QList<int> { 1 };
        QTest::addRow("ungrouped gauges are averaged into one line")
            << u"http.latency"_s << last << QString() << QStringList { u"http.latency"_s }
            << QList<double> { (10.0 + 20 + 40) / 3 } << QList<int> { 3 };
        QTest::addRow("grouped by host gives one line per host")
            << u"http.latency"_s << last << u"host"_s << QStringList { u"host=a"_s, u"host=b"_s }
            << QList<double> { 25, 20 } << QList<int> { 2, 1 };
        QTest::addRow("max combines by the largest value")
            << u"http.latency"_s << int(Field::Max) << QString() << QStringList { u"http.latency"_s }
            << QList<double> { 41 } << QList<int> { 3 };
        QTest::addRow("min combines by the smallest value")
            << u"http.latency"_s << int(Field::Min) << u"service"_s
            << QStringList { u"service=api"_s, u"service=web"_s } << QList<double> { 9, 39 } << QList<int> { 2, 1 };
        QTest::addRow("counter rates are summed")
            << u"hits"_s << int(Field::Rate) << QString() << QStringList { u"hits"_s } << QList<double> { 5 }
            << QList<int> { 2 };
        QTest::addRow("counter value is the rate, summed")
            << u"hits"_s << int(Field::Value) << QString() << QStringList { u"hits"_s } << QList<double> { 5 }
            << QList<int> { 2 };
        QTest::addRow("grouped by __series__ gives one line per series, by display name")
            << u"http.latency{service=api}"_s << last << u"__series__"_s
            << QStringList { u"http.latency{host=a,service=api}"_s, u"http.latency{host=b,service=api}"_s }
            << QList<double> { 10, 20 } << QList<int> { 1, 1 };
        QTest::addRow("a missing group tag makes its own empty-valued line")
            << u"*"_s << int(Field::Value) << u"service"_s
            << QStringList { u"service="_s, u"service=api"_s, u"service=web"_s } << QList<double> { 5, 15, 40 }
            << QList<int> { 2, 2, 1 };
    }
    void groupingCombinesSeries()
    {
        QFETCH(QString, selector);
        QFETCH(int, field);
        QFETCH(QString, groupBy);
        QFETCH(QStringList, labels);
        QFETCH(QList<double>, lastValues);
        QFETCH(QList<int>, seriesCounts);

        Fixture f;
        PanelQuery pq(panelOf({ query(selector.toUtf8().constData(), Field(field), groupBy) }));
        const PanelData data = pq.evaluate(f.store, kT0, kT0 + 9000, 500, kT0 + 10'000);
        QCOMPARE(data.error, QString());
        QCOMPARE(labelsOf(data), labels);
        QCOMPARE(lastValuesOf(data), lastValues);
        QList<int> counts;
        for (const PanelLine& line : data.lines) {
            counts.append(line.seriesCount);
            QCOMPARE(line.points.size(), std::size_t(10));
        }
        QCOMPARE(counts, seriesCounts);
        QCOMPARE(data.freshness, PanelFreshness::Live);
    }

    void legendTemplates_data()
    {
        QTest::addColumn<QString>("legend");
        QTest::addColumn<QString>("groupBy");
        QTest::addColumn<QStringList>("labels");

        QTest::addRow("group tag substituted")
            << u"{{host}} latency"_s << u"host"_s << QStringList { u"a latency"_s, u"b latency"_s };
        QTest::addRow("name and field") << u"{{name}}/{{field}}"_s << u"host"_s
                                        << QStringList { u"http.latency/last"_s, u"http.latency/last"_s };
        QTest::addRow("other tag from the first series")
            << u"{{ service }}@{{host}}"_s << u"host"_s << QStringList { u"api@a"_s, u"api@b"_s };
        QTest::addRow("unknown tag becomes empty") << u"[{{nope}}]"_s << u"host"_s << QStringList { u"[]"_s, u"[]"_s };
        QTest::addRow("markup stays literal text")
            << u"<b>{{host}}</b>"_s << u"host"_s << QStringList { u"<b>a</b>"_s, u"<b>b</b>"_s };
        QTest::addRow("unclosed braces are kept")
            << u"{{host"_s << u"host"_s << QStringList { u"{{host"_s, u"{{host"_s };
    }
    void legendTemplates()
    {
        QFETCH(QString, legend);
        QFETCH(QString, groupBy);
        QFETCH(QStringList, labels);
        Fixture f;
        PanelQuery pq(panelOf({ query("http.latency{service=api}", Field::Last, groupBy, legend) }));
        QCOMPARE(labelsOf(pq.evaluate(f.store, kT0, kT0 + 9000, 500, kT0 + 10'000)), labels);
    }

    void absentWindowsStayGaps()
    {
        ManualClock clock(kT0 + 10'000);
        RollingStore store(smallConfig(), clock);
        store.addSeries(makeSeries(0, MetricType::Gauge, "g"));
        for (int k : { 0, 1, 2, 6, 7 })
            store.append(0, batchOf(1000, { gauge(0, kT0 + k * 1000, 1000, k) }));
        PanelQuery pq(panelOf({ query("g", Field::Last) }));
        const PanelData data = pq.evaluate(store, kT0, kT0 + 7000, 500, kT0 + 8000);
        QCOMPARE(data.lines.size(), std::size_t(1));
        const PanelLine& line = data.lines.front();
        QList<TimestampMs> times;
        for (const StorePoint& p : line.points)
            times.append((p.timeMs - kT0) / 1000);
        QCOMPARE(times, (QList<TimestampMs> { 0, 1, 2, 6, 7 }));
        QCOMPARE(line.stepMs, 1000);
        QVERIFY(line.hasMissing);
    }

    void freshnessFollowsTheNewestData_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<int>("field");
        QTest::addColumn<TimestampMs>("nowAfterLastMs");
        QTest::addColumn<PanelFreshness>("expected");
        QTest::addRow("fresh data is live")
            << u"http.latency"_s << int(Field::Last) << TimestampMs(1000) << PanelFreshness::Live;
        QTest::addRow("older than the timeout is stale")
            << u"http.latency"_s << int(Field::Last) << TimestampMs(5001) << PanelFreshness::Stale;
        QTest::addRow("nothing selected is no data")
            << u"nothing.here"_s << int(Field::Last) << TimestampMs(0) << PanelFreshness::NoData;
        QTest::addRow("a field the type lacks is an error")
            << u"hits"_s << int(Field::P99) << TimestampMs(0) << PanelFreshness::Error;
    }
    void freshnessFollowsTheNewestData()
    {
        QFETCH(QString, selector);
        QFETCH(int, field);
        QFETCH(TimestampMs, nowAfterLastMs);
        QFETCH(PanelFreshness, expected);
        Fixture f;
        PanelQuery pq(panelOf({ query(selector.toUtf8().constData(), Field(field)) }));
        const TimestampMs lastEnd = kT0 + 10'000;
        const PanelData data = pq.evaluate(f.store, kT0, lastEnd, 500, lastEnd + nowAfterLastMs);
        QCOMPARE(data.freshness, expected);
        QCOMPARE(data.error.isEmpty(), expected != PanelFreshness::Error);
        if (expected == PanelFreshness::Live || expected == PanelFreshness::Stale)
            QCOMPARE(data.lastUpdateMs, std::optional<TimestampMs>(lastEnd));
    }

    void sourcesDecideErrorsAndStaleCauses_data()
    {
        // Series 0–2 (http.latency) came from source 2, 3–4 (hits) from source 3; "nothing.here" from none yet.
        QTest::addColumn<QString>("selector");
        QTest::addColumn<TimestampMs>("nowAfterLastMs");
        QTest::addColumn<std::uint64_t>("failedMask");
        QTest::addColumn<std::uint64_t>("disconnectedMask");
        QTest::addColumn<PanelFreshness>("expected");
        QTest::addColumn<FreshnessCause>("cause");
        const std::uint64_t a = sourceBit(2);
        const std::uint64_t b = sourceBit(3);
        const auto fresh = TimestampMs(1000);
        const auto old = TimestampMs(6000);
        QTest::addRow("its source failed: error, however fresh")
            << u"http.latency"_s << fresh << a << std::uint64_t(0) << PanelFreshness::Error << FreshnessCause::None;
        QTest::addRow("another source failed: still live")
            << u"http.latency"_s << fresh << b << std::uint64_t(0) << PanelFreshness::Live << FreshnessCause::None;
        QTest::addRow("stale with every source up: the series went silent")
            << u"http.latency"_s << old << std::uint64_t(0) << std::uint64_t(0) << PanelFreshness::Stale
            << FreshnessCause::SeriesSilent;
        QTest::addRow("stale with its source disconnected: source down")
            << u"hits"_s << old << std::uint64_t(0) << b << PanelFreshness::Stale << FreshnessCause::SourceDown;
        QTest::addRow("stale with another source disconnected: silent")
            << u"hits"_s << old << std::uint64_t(0) << a << PanelFreshness::Stale << FreshnessCause::SeriesSilent;
        QTest::addRow("never seen, an ingest source failed: error")
            << u"nothing.here"_s << fresh << b << std::uint64_t(0) << PanelFreshness::Error << FreshnessCause::None;
        QTest::addRow("never seen, an ingest source disconnected: no data, source down")
            << u"nothing.here"_s << fresh << std::uint64_t(0) << a << PanelFreshness::NoData
            << FreshnessCause::SourceDown;
        QTest::addRow("the app's own metrics do not depend on listeners")
            << u"system.load.1"_s << fresh << (a | b) << std::uint64_t(0) << PanelFreshness::NoData
            << FreshnessCause::None;
    }
    void sourcesDecideErrorsAndStaleCauses()
    {
        QFETCH(QString, selector);
        QFETCH(TimestampMs, nowAfterLastMs);
        QFETCH(std::uint64_t, failedMask);
        QFETCH(std::uint64_t, disconnectedMask);
        QFETCH(PanelFreshness, expected);
        QFETCH(FreshnessCause, cause);
        Fixture f;
        QVERIFY(feedFromTwoSources(f));
        SourceStatus status;
        status.failedMask = failedMask;
        status.disconnectedMask = disconnectedMask;
        status.ingestMask = sourceBit(2) | sourceBit(3);
        status.names = { u"pulse"_s, u"system"_s, u"udp:127.0.0.1:8125/statsd"_s, u"kafka:broker/metrics"_s };
        status.messages = { {}, {}, u"address already in use"_s, u"all brokers down"_s };
        PanelQuery pq(panelOf({ query(selector.toUtf8().constData(), Field::Value) }));
        const TimestampMs lastEnd = kT0 + 10'000;
        const PanelData data = pq.evaluate(f.store, kT0, lastEnd, 500, lastEnd + nowAfterLastMs, &status);
        QCOMPARE(data.freshness, expected);
        QCOMPARE(data.cause, cause);
        if (expected == PanelFreshness::Error) {
            QVERIFY2(data.error.startsWith(status.describe(failedMask)), qPrintable(data.error));
            QVERIFY(!data.lines.empty() || selector == u"nothing.here"_s); // the last good data stays
        }
        if (cause == FreshnessCause::SourceDown)
            QCOMPARE(data.causeDetail, status.describe(disconnectedMask));
        // Without a source status nothing changes: the plain evaluation decides alone.
        const PanelData plain = pq.evaluate(f.store, kT0, lastEnd, 500, lastEnd + nowAfterLastMs);
        QCOMPARE(plain.cause, FreshnessCause::None);
        QVERIFY(plain.freshness != PanelFreshness::Error);
    }

    void reconnectingSourceMarksItsPanelsWithTheNextRetry()
    {
        Fixture f;
        QVERIFY(feedFromTwoSources(f));
        SourceStatus status;
        status.ingestMask = sourceBit(2) | sourceBit(3);
        status.reconnectingMask = sourceBit(3);
        status.names = { u"pulse"_s, u"system"_s, u"udp:127.0.0.1:8125/statsd"_s, u"backend:ws://h:8080/graphql"_s };
        status.messages = { {}, {}, {}, u"connection refused"_s };
        const TimestampMs lastEnd = kT0 + 10'000;
        status.nextRetryMs = { 0, 0, 0, lastEnd + 4'000 };
        PanelQuery fed(panelOf({ query("hits", Field::Value) }));
        // However fresh its last point, a panel of a reconnecting source says so, with when it retries.
        const PanelData data = fed.evaluate(f.store, kT0, lastEnd, 500, lastEnd + 500, &status);
        QCOMPARE(data.freshness, PanelFreshness::Reconnecting);
        QCOMPARE(data.nextRetryMs, lastEnd + 4'000);
        QCOMPARE(data.causeDetail, u"backend:ws://h:8080/graphql: connection refused"_s);
        QVERIFY(!data.lines.empty()); // the last good data stays drawn
        PanelQuery other(panelOf({ query("http.latency", Field::Value) }));
        QCOMPARE(other.evaluate(f.store, kT0, lastEnd, 500, lastEnd + 500, &status).freshness, PanelFreshness::Live);
        // The earliest retry among several reconnecting sources counts; unknown times are skipped.
        status.reconnectingMask |= sourceBit(2);
        status.nextRetryMs[2] = 0;
        QCOMPARE(status.nextRetry(sourceBit(2) | sourceBit(3)), lastEnd + 4'000);
        status.nextRetryMs[2] = lastEnd + 1'000;
        QCOMPARE(status.nextRetry(sourceBit(2) | sourceBit(3)), lastEnd + 1'000);
        QCOMPARE(status.nextRetry(0), TimestampMs(0));
    }

    void loadingHistoryHoldsBackNoDataAndStaleButNotLiveOrErrors()
    {
        Fixture f;
        QVERIFY(feedFromTwoSources(f));
        SourceStatus status;
        status.ingestMask = sourceBit(2) | sourceBit(3);
        status.loadingMask = sourceBit(4);
        status.names = { u"pulse"_s, u"system"_s, u"udp:127.0.0.1:8125/statsd"_s, u"udp:127.0.0.1:8126/statsd"_s,
            u"history:db:5432/metrics"_s };
        status.messages = { {}, {}, {}, {}, u"reading history of 2 queries"_s };
        status.nextRetryMs.assign(5, 0);
        const TimestampMs lastEnd = kT0 + 10'000;
        PanelQuery fed(panelOf({ query("hits", Field::Value) }));
        PanelQuery nothing(panelOf({ query("nothing.here", Field::Value) }));
        // Fresh data is live, whatever is still being read for the time before it.
        QCOMPARE(fed.evaluate(f.store, kT0, lastEnd, 500, lastEnd + 500, &status).freshness, PanelFreshness::Live);
        // No data yet, or old data only: the history that may fill it is on its way.
        const PanelData empty = nothing.evaluate(f.store, kT0, lastEnd, 500, lastEnd + 500, &status);
        QCOMPARE(empty.freshness, PanelFreshness::Loading);
        QCOMPARE(empty.causeDetail, u"history:db:5432/metrics: reading history of 2 queries"_s);
        const PanelData old = fed.evaluate(f.store, kT0, lastEnd, 500, lastEnd + 600'000, &status);
        QCOMPARE(old.freshness, PanelFreshness::Loading);
        QVERIFY(!old.lines.empty());
        // A failed source still says ERROR: loading does not hide it.
        status.failedMask = sourceBit(2) | sourceBit(3);
        QCOMPARE(fed.evaluate(f.store, kT0, lastEnd, 500, lastEnd + 500, &status).freshness, PanelFreshness::Error);
        // Once loaded, the verdicts are the usual ones.
        status.failedMask = 0;
        status.loadingMask = 0;
        QCOMPARE(
            nothing.evaluate(f.store, kT0, lastEnd, 500, lastEnd + 500, &status).freshness, PanelFreshness::NoData);
        QCOMPARE(fed.evaluate(f.store, kT0, lastEnd, 500, lastEnd + 600'000, &status).freshness, PanelFreshness::Stale);
    }

    void queryWindowPicksTheStoreResolution_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<std::int64_t>("sizeMs");
        QTest::addColumn<std::int64_t>("slideMs");
        QTest::addColumn<std::int64_t>("expectedStepMs");
        QTest::addColumn<bool>("isApproximate");
        QTest::addRow("tumbling 1 s") << int(layout::WindowKind::Tumbling) << std::int64_t(1000) << std::int64_t(1000)
                                      << std::int64_t(1000) << false;
        QTest::addRow("tumbling 10 s") << int(layout::WindowKind::Tumbling) << std::int64_t(10'000)
                                       << std::int64_t(10'000) << std::int64_t(10'000) << false;
        QTest::addRow("tumbling 5 s is not stored: nearest coarser")
            << int(layout::WindowKind::Tumbling) << std::int64_t(5000) << std::int64_t(5000) << std::int64_t(10'000)
            << true;
        QTest::addRow("sliding 10 s by 1 s is approximate") << int(layout::WindowKind::Sliding) << std::int64_t(10'000)
                                                            << std::int64_t(1000) << std::int64_t(10'000) << true;
    }
    void queryWindowPicksTheStoreResolution()
    {
        QFETCH(int, kind);
        QFETCH(std::int64_t, sizeMs);
        QFETCH(std::int64_t, slideMs);
        QFETCH(std::int64_t, expectedStepMs);
        QFETCH(bool, isApproximate);
        ManualClock clock(kT0 + 60'000);
        RollingStore store(smallConfig(), clock);
        store.addSeries(makeSeries(0, MetricType::Gauge, "g"));
        for (int k = 0; k < 60; ++k)
            store.append(0, batchOf(1000, { gauge(0, kT0 + k * 1000, 1000, k) }));
        for (int k = 0; k < 6; ++k)
            store.append(1, batchOf(10'000, { gauge(0, kT0 + k * 10'000, 10'000, k) }));
        layout::Query q = query("g", Field::Last);
        q.window = { layout::WindowKind(kind), sizeMs, slideMs };
        PanelQuery pq(panelOf({ q }));
        const PanelData data = pq.evaluate(store, kT0, kT0 + 59'000, 1000, kT0 + 60'000);
        QCOMPARE(data.lines.size(), std::size_t(1));
        QCOMPARE(data.lines.front().stepMs, expectedStepMs);
        QCOMPARE(data.isApproximateWindow, isApproximate);
    }

    void stampChangesOnlyWithTheData()
    {
        Fixture f;
        PanelQuery pq(panelOf({ query("http.latency", Field::Last, u"host"_s) }));
        // A live range that moved by less than a step selects the same windows.
        const PanelData a = pq.evaluate(f.store, kT0 - 900, kT0 + 9100, 500, kT0 + 10'000);
        const PanelData same = pq.evaluate(f.store, kT0 - 800, kT0 + 9200, 500, kT0 + 10'100);
        QCOMPARE(same.stamp, a.stamp);
        f.store.append(0, batchOf(1000, { gauge(0, kT0 + 10'000, 1000, 99) }));
        const PanelData next = pq.evaluate(f.store, kT0 + 100, kT0 + 10'100, 500, kT0 + 11'000);
        QVERIFY(next.stamp != a.stamp);
        // Only one of host a's two series has the new window, so it alone makes the value.
        QCOMPARE(next.lines.front().lastValue, std::optional<double>(99));
    }

    void newSeriesAreFoundOnTheNextEvaluation()
    {
        Fixture f;
        PanelQuery pq(panelOf({ query("late", Field::Last) }));
        QCOMPARE(pq.evaluate(f.store, kT0, kT0 + 9000, 500, kT0 + 10'000).lines.size(), std::size_t(0));
        f.store.addSeries(makeSeries(9, MetricType::Gauge, "late"));
        f.store.append(0, batchOf(1000, { gauge(9, kT0 + 9000, 1000, 1) }));
        QCOMPARE(pq.evaluate(f.store, kT0, kT0 + 9000, 500, kT0 + 10'000).lines.size(), std::size_t(1));
    }

    void highCardinalityGroupsAreCappedAndCounted()
    {
        ManualClock clock(kT0 + 2000);
        RollingStore store(smallConfig(), clock);
        std::vector<WindowResult> results;
        const int seriesCount = kMaxPanelLines + 10;
        for (int i = 0; i < seriesCount; ++i) {
            store.addSeries(makeSeries(SeriesId(i), MetricType::Gauge, "m", { { "id", std::to_string(1000 + i) } }));
            results.push_back(gauge(SeriesId(i), kT0, 1000, i));
        }
        store.append(0, batchOf(1000, results));
        PanelQuery pq(panelOf({ query("m", Field::Last, u"id"_s) }));
        const PanelData data = pq.evaluate(store, kT0, kT0 + 1000, 500, kT0 + 1000);
        QCOMPARE(int(data.lines.size()), kMaxPanelLines);
        QCOMPARE(data.droppedLineCount, 10);

        pq.setMaxLines(seriesCount);
        const PanelData all = pq.evaluate(store, kT0, kT0 + 1000, 500, kT0 + 1000);
        QCOMPARE(int(all.lines.size()), seriesCount);
        QCOMPARE(all.droppedLineCount, 0);
    }

    void combineRuleByField_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("expected");
        QTest::addRow("rate sums") << int(Field::Rate) << int(MetricType::Timer) << int(Combine::Sum);
        QTest::addRow("count sums") << int(Field::Count) << int(MetricType::Set) << int(Combine::Sum);
        QTest::addRow("p99 takes the max") << int(Field::P99) << int(MetricType::Timer) << int(Combine::Max);
        QTest::addRow("min takes the min") << int(Field::Min) << int(MetricType::Gauge) << int(Combine::Min);
        QTest::addRow("gauge value averages") << int(Field::Value) << int(MetricType::Gauge) << int(Combine::Mean);
        QTest::addRow("counter value sums") << int(Field::Value) << int(MetricType::Counter) << int(Combine::Sum);
        QTest::addRow("mean averages") << int(Field::Mean) << int(MetricType::Timer) << int(Combine::Mean);
    }
    void combineRuleByField()
    {
        QFETCH(int, field);
        QFETCH(int, type);
        QFETCH(int, expected);
        QCOMPARE(int(combineFor(Field(field), MetricType(type))), expected);
    }

    void liveEdgeEndsTheLineAndIsMarked()
    {
        Fixture f;
        const TimestampMs now = kT0 + 10'500;
        PanelQuery pq(panelOf({ query("http.latency{service=api}", Field::Last) }));
        const PanelData before = pq.evaluate(f.store, kT0, now, 500, now);
        QCOMPARE(before.lines.size(), std::size_t(1));
        QVERIFY(!before.lines[0].hasProvisional);
        QCOMPARE(before.lines[0].lastValue, std::optional<double>(15));

        // Second 10 is still open: both api series have it provisionally.
        f.store.setProvisional(
            0, batchOf(1000, { gauge(0, kT0 + 10'000, 1000, 11), gauge(1, kT0 + 10'000, 1000, 21) }));
        const PanelData data = pq.evaluate(f.store, kT0, now, 500, now);
        QCOMPARE(data.lines.size(), std::size_t(1));
        const PanelLine& line = data.lines[0];
        QCOMPARE(line.points.size(), std::size_t(11));
        QCOMPARE(line.points.back(), (StorePoint { kT0 + 10'000, 16 })); // the mean of 11 and 21
        QVERIFY(line.hasProvisional);
        QCOMPARE(line.provisionalFromMs, kT0 + 10'000);
        QCOMPARE(line.lastValue, std::optional<double>(16));
        QCOMPARE(line.lastUpdateMs, std::optional<TimestampMs>(now)); // the pane ends in the future: now
        QCOMPARE(data.lastUpdateMs, std::optional<TimestampMs>(now));
        QVERIFY(data.stamp != before.stamp);

        // Replaced by the closed window with the same values: same points, no longer provisional, a new stamp.
        f.store.append(0, batchOf(1000, { gauge(0, kT0 + 10'000, 1000, 11), gauge(1, kT0 + 10'000, 1000, 21) }));
        const PanelData closed = pq.evaluate(f.store, kT0, now, 500, now);
        QCOMPARE(closed.lines[0].points, line.points);
        QVERIFY(!closed.lines[0].hasProvisional);
        QVERIFY(closed.stamp != data.stamp);
    }

    void onlySomeLinesEndInTheLiveEdge()
    {
        Fixture f;
        const TimestampMs now = kT0 + 10'500;
        f.store.setProvisional(0, batchOf(1000, { gauge(1, kT0 + 10'000, 1000, 25) }));
        PanelQuery pq(panelOf({ query("http.latency{service=api}", Field::Last, u"host"_s) }));
        const PanelData data = pq.evaluate(f.store, kT0, now, 500, now);
        QCOMPARE(labelsOf(data), (QStringList { u"host=a"_s, u"host=b"_s }));
        QVERIFY(!data.lines[0].hasProvisional);
        QCOMPARE(data.lines[0].lastValue, std::optional<double>(10));
        QVERIFY(data.lines[1].hasProvisional);
        QCOMPARE(data.lines[1].lastValue, std::optional<double>(25));
    }

    void countersWithholdTheSecondInProgress()
    {
        Fixture f;
        WindowResult a = counter(3, kT0 + 10'000, 1000, 7);
        WindowResult b = counter(4, kT0 + 10'000, 1000, 8);
        f.store.setProvisional(0, batchOf(1000, { a, b }));
        PanelQuery pq(panelOf({ query("hits", Field::Rate) }));

        // Half-way through second 10, its rate would read as a drop: not shown, yet the data counts as fresh.
        const PanelData inProgress = pq.evaluate(f.store, kT0, kT0 + 10'500, 500, kT0 + 10'500);
        QCOMPARE(inProgress.lines[0].points.size(), std::size_t(10));
        QVERIFY(!inProgress.lines[0].hasProvisional);
        QCOMPARE(inProgress.lines[0].lastValue, std::optional<double>(5));
        QCOMPARE(inProgress.lastUpdateMs, std::optional<TimestampMs>(kT0 + 10'500));

        // Once the second has passed it is complete (the closed window only waits for late samples).
        const PanelData complete = pq.evaluate(f.store, kT0, kT0 + 11'000, 500, kT0 + 11'000);
        QCOMPARE(complete.lines[0].points.size(), std::size_t(11));
        QVERIFY(complete.lines[0].hasProvisional);
        QCOMPARE(complete.lines[0].lastValue, std::optional<double>(15));
    }

    void liveEdgeKeepsAPanelLive()
    {
        Fixture f; // closed data ends at kT0 + 10 s; staleAfterMs is 5 s
        const TimestampMs now = kT0 + 16'000;
        PanelQuery pq(panelOf({ query("http.latency{host=a,service=api}", Field::Last) }));
        QCOMPARE(pq.evaluate(f.store, kT0, now, 500, now).freshness, PanelFreshness::Stale);
        f.store.setProvisional(0, batchOf(1000, { gauge(0, kT0 + 15'000, 1000, 12) }));
        const PanelData data = pq.evaluate(f.store, kT0, now, 500, now);
        QCOMPARE(data.freshness, PanelFreshness::Live);
        QCOMPARE(data.lines[0].lastValue, std::optional<double>(12));
    }

    void coarseStepsShowOnlyExactOpenBuckets()
    {
        Fixture f;
        f.store.append(1, batchOf(10'000, { gauge(0, kT0, 10'000, 10), counter(3, kT0, 10'000, 20) }));
        f.store.setProvisional(
            0, batchOf(1000, { gauge(0, kT0 + 10'000, 1000, 11), counter(3, kT0 + 10'000, 1000, 9) }));
        layout::Query last = query("http.latency{host=a,service=api}", Field::Last);
        last.window = { layout::WindowKind::Tumbling, 10'000, 10'000 };
        layout::Query rate = query("hits{host=a}", Field::Rate);
        rate.window = last.window;
        PanelQuery pq(panelOf({ last, rate }));
        const PanelData data = pq.evaluate(f.store, kT0, kT0 + 11'000, 500, kT0 + 11'000);
        QCOMPARE(data.lines.size(), std::size_t(2));
        QCOMPARE(data.lines[0].stepMs, std::int64_t(10'000));
        QCOMPARE(data.lines[0].points, (std::vector<StorePoint> { { kT0, 10 }, { kT0 + 10'000, 11 } }));
        QVERIFY(data.lines[0].hasProvisional);
        // A 10 s rate from one second of it would not be exact: the coarse counter line has no live edge.
        QCOMPARE(data.lines[1].stepMs, std::int64_t(10'000));
        QCOMPARE(data.lines[1].points, (std::vector<StorePoint> { { kT0, 2 } }));
        QVERIFY(!data.lines[1].hasProvisional);
    }
};

QTEST_GUILESS_MAIN(TestPanelQuery)
#include "tst_panelquery.moc"
