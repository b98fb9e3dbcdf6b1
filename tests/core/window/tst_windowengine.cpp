#include "sketch/tdigest.h"
#include "window/windowengine.h"
#include "windowtesthelpers.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <map>

using namespace pulse;
using namespace pulse::testing;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(pulse::Sample)
Q_DECLARE_METATYPE(pulse::EngineConfig)

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// "a5@1000 d+3@2000 d-1@12000": absolute 5 at 1000 ms, delta +3 at 2000 ms, delta -1 at 12000 ms.
std::vector<Sample> parseGaugeSteps(const QString& text)
{
    std::vector<Sample> out;
    for (const QString& step : text.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype at = step.indexOf(u'@');
        const bool isDelta = step.startsWith(u'd');
        const double value = step.mid(1, at - 1).toDouble();
        out.push_back(gauge(0, step.mid(at + 1).toLongLong(), value, isDelta));
    }
    return out;
}

} // namespace

class TestWindowEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tumblingWindowClosesAtItsEnd_data()
    {
        QTest::addColumn<qint64>("sizeMs");
        QTest::addColumn<qint64>("eventMs");
        QTest::addColumn<qint64>("expectedStartMs");
        QTest::addRow("1 s: first millisecond of the second") << 1000LL << 5000LL << 5000LL;
        QTest::addRow("1 s: last millisecond of the second") << 1000LL << 5999LL << 5000LL;
        QTest::addRow("1 s: exactly on the boundary goes to the next window") << 1000LL << 6000LL << 6000LL;
        QTest::addRow("10 s: exactly on the boundary goes to the next window") << 10'000LL << 20'000LL << 20'000LL;
        QTest::addRow("10 s: 1 ms before the boundary") << 10'000LL << 19'999LL << 10'000LL;
        QTest::addRow("60 s: wall-clock time aligns to epoch minutes")
            << 60'000LL << 1'700'000'059'999LL << 1'700'000'040'000LL;
        QTest::addRow("10 s: before the epoch aligns downwards") << 10'000LL << -1LL << -10'000LL;
    }
    void tumblingWindowClosesAtItsEnd()
    {
        QFETCH(qint64, sizeMs);
        QFETCH(qint64, eventMs);
        QFETCH(qint64, expectedStartMs);
        const EngineConfig config = configWith({ { sizeMs, sizeMs } });
        WindowEngine engine(config);
        engine.add(counter(7, eventMs, 3.0));

        Collected c;
        c.add(engine.advance(expectedStartMs + sizeMs - 1), config);
        QCOMPARE(c.results.size(), std::size_t(0));
        c.add(engine.advance(expectedStartMs + sizeMs), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());
        QCOMPARE(c.results.size(), std::size_t(1));
        const WindowResult& r = c.results.front();
        QCOMPARE(r.startMs, expectedStartMs);
        QCOMPARE(r.endMs, expectedStartMs + sizeMs);
        QCOMPARE(r.series, SeriesId(7));
        QCOMPARE(r.count, 1.0);
        QCOMPARE(r.sum, 3.0);
        QCOMPARE(r.rate, 3.0 * 1000.0 / double(sizeMs));
        QVERIFY(std::isnan(r.min) && std::isnan(r.max) && std::isnan(r.last) && std::isnan(r.mean));
        QCOMPARE(engine.openPanes(), std::size_t(0));
        QCOMPARE(engine.activeSeries(), std::size_t(0));
    }

    void severalSpecsCloseFromTheSamePanes()
    {
        EngineConfig config
            = configWith({ { 1000, 1000 }, { 10'000, 10'000 }, { 30'000, 10'000 }, { 60'000, 60'000 } });
        WindowEngine engine(config);
        for (TimestampMs t = 0; t < 60'000; t += 250)
            engine.add(counter(0, t));

        Collected c;
        c.add(engine.advance(10'000), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());
        QCOMPARE(c.batches.size(), std::size_t(3)); // 1 s, 10 s and 30 s/10 s closed something; 60 s did not
        c.add(engine.flush(), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());

        const std::vector<WindowResult> seconds = c.forSpec(0);
        QCOMPARE(seconds.size(), std::size_t(60));
        for (const WindowResult& r : seconds)
            QCOMPARE(r.count, 4.0);
        const std::vector<WindowResult> tens = c.forSpec(1);
        QCOMPARE(tens.size(), std::size_t(6));
        for (const WindowResult& r : tens)
            QCOMPARE(r.count, 40.0);
        // 30 s windows sliding by 10 s: starts -20 s .. 50 s, the edges only partly covered by data.
        const std::vector<WindowResult> sliding = c.forSpec(2);
        QCOMPARE(sliding.size(), std::size_t(8));
        const double expectedSliding[] = { 40, 80, 120, 120, 120, 120, 80, 40 };
        for (std::size_t i = 0; i < sliding.size(); ++i) {
            QCOMPARE(sliding[i].startMs, TimestampMs(-20'000 + 10'000 * TimestampMs(i)));
            QCOMPARE(sliding[i].count, expectedSliding[i]);
        }
        const std::vector<WindowResult> minute = c.forSpec(3);
        QCOMPARE(minute.size(), std::size_t(1));
        QCOMPARE(minute.front().count, 240.0);
        QCOMPARE(minute.front().rate, 4.0);
    }

    void lateSamplesAreCountedNotAggregated_data()
    {
        QTest::addColumn<qint64>("latenessMs");
        QTest::addColumn<qint64>("behindMs");
        QTest::addColumn<bool>("isLate");
        QTest::addRow("no lateness: same second as the newest is on time") << 0LL << 0LL << false;
        QTest::addRow("no lateness: previous second is late") << 0LL << 1LL << true;
        QTest::addRow("2 s lateness: 2000 ms behind is on time") << 2000LL << 2000LL << false;
        QTest::addRow("2 s lateness: pane ended at the watermark is late") << 2000LL << 2001LL << true;
        QTest::addRow("2.5 s lateness: pane ending after the watermark is on time") << 2500LL << 3000LL << false;
        QTest::addRow("2.5 s lateness: pane ending before the watermark is late") << 2500LL << 3001LL << true;
        QTest::addRow("2 s lateness: a minute behind is late") << 2000LL << 60'000LL << true;
    }
    void lateSamplesAreCountedNotAggregated()
    {
        QFETCH(qint64, latenessMs);
        QFETCH(qint64, behindMs);
        QFETCH(bool, isLate);
        const EngineConfig config = configWith({ { 1000, 1000 } }, latenessMs);
        WindowEngine engine(config);
        const TimestampMs newestMs = 100'000;
        engine.add(counter(0, newestMs, 1.0));
        engine.add(counter(0, newestMs - behindMs, 10.0));
        QCOMPARE(engine.lateSamples(), std::uint64_t(isLate ? 1 : 0));
        QCOMPARE(engine.acceptedSamples(), std::uint64_t(isLate ? 1 : 2));

        Collected c;
        c.add(engine.flush(), config);
        double total = 0;
        for (const WindowResult& r : c.results)
            total += r.sum;
        QCOMPARE(total, isLate ? 1.0 : 11.0);
    }

    void paneStaysOpenForTheAllowedLateness_data()
    {
        QTest::addColumn<qint64>("latenessMs");
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<bool>("isClosed");
        // The pane is [1000, 2000): it closes once now - lateness reaches 2000.
        QTest::addRow("no lateness: closes at its end") << 0LL << 2000LL << true;
        QTest::addRow("no lateness: open 1 ms before its end") << 0LL << 1999LL << false;
        QTest::addRow("3 s lateness: still open 2999 ms after its end") << 3000LL << 4999LL << false;
        QTest::addRow("3 s lateness: closes 3000 ms after its end") << 3000LL << 5000LL << true;
        QTest::addRow("60 s lateness: still open a minute later") << 60'000LL << 61'999LL << false;
    }
    void paneStaysOpenForTheAllowedLateness()
    {
        QFETCH(qint64, latenessMs);
        QFETCH(qint64, nowMs);
        QFETCH(bool, isClosed);
        const EngineConfig config = configWith({ { 1000, 1000 } }, latenessMs);
        WindowEngine engine(config);
        engine.add(counter(0, 1500));
        Collected c;
        c.add(engine.advance(nowMs), config);
        QCOMPARE(c.results.size(), std::size_t(isClosed ? 1 : 0));
        QCOMPARE(engine.openPanes(), std::size_t(isClosed ? 0 : 1));
        // A straggler for the same pane counts only while the pane is open, and add() says which it was.
        QCOMPARE(engine.add(counter(0, 1100)),
            isClosed ? WindowEngine::AddOutcome::Late : WindowEngine::AddOutcome::Accepted);
        QCOMPARE(engine.lateSamples(), std::uint64_t(isClosed ? 1 : 0));
        QCOMPARE(engine.add(counter(0, 1200, 1.0, 0.0)), WindowEngine::AddOutcome::Rejected);
        c.add(engine.flush(), config);
        double total = 0;
        for (const WindowResult& r : c.results)
            total += r.count;
        QCOMPARE(total, isClosed ? 1.0 : 2.0);
    }

    void watermarkFollowsEventTimeAndNow_data()
    {
        QTest::addColumn<qint64>("latenessMs");
        QTest::addColumn<QList<qint64>>("eventsMs");
        QTest::addColumn<QList<qint64>>("nowsMs");
        QTest::addColumn<qint64>("expectedMs");
        QTest::addRow("event time leads") << 2000LL << QList<qint64> { 10'000 } << QList<qint64> { 5000 } << 8000LL;
        QTest::addRow("now leads") << 2000LL << QList<qint64> { 10'000 } << QList<qint64> { 20'000 } << 18'000LL;
        QTest::addRow("event time alone, no advance") << 1000LL << QList<qint64> { 7000 } << QList<qint64> {} << 6000LL;
        QTest::addRow("an older event does not move it back")
            << 2000LL << QList<qint64> { 10'000, 9000 } << QList<qint64> {} << 8000LL;
        QTest::addRow("now going backwards does not move it back")
            << 2000LL << QList<qint64> {} << QList<qint64> { 20'000, 10'000 } << 18'000LL;
    }
    void watermarkFollowsEventTimeAndNow()
    {
        QFETCH(qint64, latenessMs);
        QFETCH(QList<qint64>, eventsMs);
        QFETCH(QList<qint64>, nowsMs);
        QFETCH(qint64, expectedMs);
        WindowEngine engine(configWith({ { 1000, 1000 } }, latenessMs));
        for (const qint64 t : eventsMs)
            engine.add(counter(0, t));
        for (const qint64 now : nowsMs)
            engine.advance(now);
        QCOMPARE(engine.watermarkMs(), expectedMs);
    }

    void eventTimeAloneClosesWindows()
    {
        const EngineConfig config = configWith({ { 1000, 1000 } });
        WindowEngine engine(config);
        engine.add(counter(0, 500));
        engine.add(counter(0, 1000)); // watermark 1000: [0, 1000) is closed although now never moved
        Collected c;
        c.add(engine.advance(0), config);
        QCOMPARE(c.results.size(), std::size_t(1));
        QCOMPARE(c.results.front().startMs, TimestampMs(0));
    }

    void gaugeKeepsItsValueAcrossWindows_data()
    {
        QTest::addColumn<QString>("steps");
        QTest::addColumn<QString>("expected"); // start:last/min/max/count/sum per 10 s window
        QTest::addRow("absolute values") << u"a5@1000 a7@2000 a3@3000"_s << u"0:3/3/7/3/15"_s;
        QTest::addRow("deltas add to the current value") << u"a10@1000 d+5@2000 d-3@3000"_s << u"0:12/10/15/3/37"_s;
        QTest::addRow("delta before any absolute value starts from zero")
            << u"d+4@1000 d+4@2000"_s << u"0:8/4/8/2/12"_s;
        QTest::addRow("absolute value replaces the deltas") << u"d+4@1000 a1@2000 d+1@3000"_s << u"0:2/1/4/3/7"_s;
        QTest::addRow("current value persists into the next window")
            << u"a10@1000 d+1@15000"_s << u"0:10/10/10/1/10 10000:11/11/11/1/11"_s;
        QTest::addRow("persists across a silent window, which has no result")
            << u"a10@1000 d-4@25000"_s << u"0:10/10/10/1/10 20000:6/6/6/1/6"_s;
        QTest::addRow("last is by arrival within a second") << u"a1@1500 a2@1200"_s << u"0:2/1/2/2/3"_s;
        QTest::addRow("last comes from the latest second of the window")
            << u"a1@1500 a9@5200 a2@1200"_s << u"0:9/1/9/3/12"_s;
    }
    void gaugeKeepsItsValueAcrossWindows()
    {
        QFETCH(QString, steps);
        QFETCH(QString, expected);
        const EngineConfig config = configWith({ { 10'000, 10'000 } }, 5000);
        WindowEngine engine(config);
        for (const Sample& s : parseGaugeSteps(steps))
            engine.add(s);
        Collected c;
        c.add(engine.flush(), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());
        QString got;
        for (const WindowResult& r : c.results) {
            QVERIFY(std::isnan(r.rate));
            QCOMPARE(r.mean, r.sum / r.count);
            got += u"%1:%2/%3/%4/%5/%6 "_s.arg(r.startMs).arg(r.last).arg(r.min).arg(r.max).arg(r.count).arg(r.sum);
        }
        QCOMPARE(got.trimmed(), expected);
    }

    void sampleRatesWeightCountersAndTimers_data()
    {
        QTest::addColumn<MetricType>("type");
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("samples");
        QTest::addColumn<double>("expectedCount");
        QTest::addColumn<double>("expectedSum");
        QTest::addRow("counter sampled at 10%%") << MetricType::Counter << 1.0 << 0.1 << 3 << 30.0 << 30.0;
        QTest::addRow("counter sampled at 50%%") << MetricType::Counter << 2.0 << 0.5 << 4 << 8.0 << 16.0;
        QTest::addRow("counter unsampled") << MetricType::Counter << 5.0 << 1.0 << 2 << 2.0 << 10.0;
        QTest::addRow("timer sampled at 25%%") << MetricType::Timer << 100.0 << 0.25 << 2 << 8.0 << 800.0;
        QTest::addRow("distribution sampled at 50%%") << MetricType::Distribution << 3.0 << 0.5 << 3 << 6.0 << 18.0;
        QTest::addRow("gauge ignores the rate") << MetricType::Gauge << 4.0 << 0.5 << 3 << 3.0 << 12.0;
    }
    void sampleRatesWeightCountersAndTimers()
    {
        QFETCH(MetricType, type);
        QFETCH(double, value);
        QFETCH(double, rate);
        QFETCH(int, samples);
        QFETCH(double, expectedCount);
        QFETCH(double, expectedSum);
        const EngineConfig config = configWith({ { 2000, 2000 } });
        WindowEngine engine(config);
        for (int i = 0; i < samples; ++i)
            engine.add(makeSample(0, type, 100 * i, value, rate));
        Collected c;
        c.add(engine.flush(), config);
        QCOMPARE(c.results.size(), std::size_t(1));
        const WindowResult& r = c.results.front();
        QCOMPARE(r.count, expectedCount);
        QCOMPARE(r.sum, expectedSum);
        if (type == MetricType::Counter) {
            QCOMPARE(r.rate, expectedSum / 2.0);
        } else if (hasDigest(type)) {
            QCOMPARE(r.rate, expectedCount / 2.0);
            QCOMPARE(r.mean, value);
            QCOMPARE(r.min, value);
            QCOMPARE(r.max, value);
            QCOMPARE(int(r.quantileCount), int(config.quantiles.size()));
            for (int i = 0; i < r.quantileCount; ++i)
                QCOMPARE(r.quantiles[std::size_t(i)], value);
        } else {
            QCOMPARE(r.last, value);
            QCOMPARE(int(r.quantileCount), 0);
        }
    }

    void setsCountDistinctMembers_data()
    {
        QTest::addColumn<qint64>("sizeMs");
        QTest::addColumn<qint64>("slideMs");
        QTest::addColumn<QList<qint64>>("timesMs");
        QTest::addColumn<QList<int>>("members");
        QTest::addColumn<QList<double>>("expectedDistinct"); // per window, in start order
        QTest::addRow("repeats in one pane count once")
            << 1000LL << 1000LL << QList<qint64> { 100, 200, 300 } << QList<int> { 1, 1, 2 } << QList<double> { 2 };
        QTest::addRow("members merge across panes of a window")
            << 10'000LL << 10'000LL << QList<qint64> { 1000, 2000, 3000, 4000 } << QList<int> { 1, 2, 2, 3 }
            << QList<double> { 3 };
        QTest::addRow("each tumbling window counts on its own") << 2000LL << 2000LL << QList<qint64> { 100, 1100, 2100 }
                                                                << QList<int> { 1, 2, 1 } << QList<double> { 2, 1 };
        QTest::addRow("sliding windows merge their blocks") << 4000LL << 2000LL << QList<qint64> { 100, 2100, 4100 }
                                                            << QList<int> { 1, 2, 2 } << QList<double> { 1, 2, 1, 1 };
    }
    void setsCountDistinctMembers()
    {
        QFETCH(qint64, sizeMs);
        QFETCH(qint64, slideMs);
        QFETCH(QList<qint64>, timesMs);
        QFETCH(QList<int>, members);
        QFETCH(QList<double>, expectedDistinct);
        const EngineConfig config = configWith({ { sizeMs, slideMs } });
        WindowEngine engine(config);
        for (qsizetype i = 0; i < timesMs.size(); ++i)
            engine.add(setMember(3, timesMs[i], std::uint64_t(members[i])));
        Collected c;
        c.add(engine.flush(), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());
        QList<double> distinct;
        double samples = 0;
        for (const WindowResult& r : c.results) {
            distinct.push_back(r.distinct);
            QVERIFY(std::isnan(r.sum) && std::isnan(r.min) && std::isnan(r.mean));
            if (r.startMs % sizeMs == 0)
                samples += r.count;
        }
        QCOMPARE(distinct, expectedDistinct);
        if (sizeMs == slideMs)
            QCOMPARE(samples, double(timesMs.size()));
    }

    void seriesWithoutSamplesHaveNoWindows()
    {
        const EngineConfig config = configWith({ { 1000, 1000 }, { 3000, 1000 } });
        WindowEngine engine(config);
        engine.add(counter(0, 500));
        engine.add(counter(2, 500));
        engine.add(counter(0, 5500)); // series 0 is silent from 1 s to 5 s: a gap, not zeros
        Collected c;
        c.add(engine.flush(), config);
        std::map<SeriesId, std::vector<TimestampMs>> starts;
        for (const WindowResult& r : c.forSpec(0))
            starts[r.series].push_back(r.startMs);
        QCOMPARE(starts.size(), std::size_t(2));
        QCOMPARE(starts[0], (std::vector<TimestampMs> { 0, 5000 }));
        QCOMPARE(starts[2], (std::vector<TimestampMs> { 0 }));
        std::vector<TimestampMs> slidingStarts;
        for (const WindowResult& r : c.forSpec(1))
            if (r.series == 0)
                slidingStarts.push_back(r.startMs);
        QCOMPARE(slidingStarts, (std::vector<TimestampMs> { -2000, -1000, 0, 3000, 4000, 5000 }));
    }

    void flushClosesEverythingStillOpen()
    {
        const EngineConfig config = configWith({ { 1000, 1000 }, { 60'000, 60'000 }, { 30'000, 10'000 } }, 2000);
        WindowEngine engine(config);
        engine.add(counter(0, 5500));
        engine.add(timer(1, 5600, 12.0));
        QCOMPARE(engine.openPanes(), std::size_t(2));
        QCOMPARE(engine.activeSeries(), std::size_t(2));
        Collected c;
        c.add(engine.flush(), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());
        QCOMPARE(c.forSpec(0).size(), std::size_t(2));
        QCOMPARE(c.forSpec(1).size(), std::size_t(2));
        QCOMPARE(c.forSpec(2).size(), std::size_t(6)); // 3 windows hold 5.5 s, for each series
        QCOMPARE(engine.openPanes(), std::size_t(0));
        QCOMPARE(engine.activeSeries(), std::size_t(0));
        QVERIFY(engine.flush().empty());
        // Everything flushed is final: a sample for a flushed window is late.
        engine.add(counter(0, 5500));
        QCOMPARE(engine.lateSamples(), std::uint64_t(1));
    }

    void keptDigestIsTheMergedOne_data()
    {
        QTest::addColumn<bool>("keepDigest");
        QTest::addColumn<qint64>("slideMs");
        QTest::addRow("tumbling, kept") << true << 10'000LL;
        QTest::addRow("sliding, kept") << true << 5000LL;
        QTest::addRow("tumbling, not asked for") << false << 10'000LL;
    }
    void keptDigestIsTheMergedOne()
    {
        QFETCH(bool, keepDigest);
        QFETCH(qint64, slideMs);
        const EngineConfig config = configWith({ { 10'000, slideMs, keepDigest } });
        WindowEngine engine(config);
        for (int i = 1; i <= 100; ++i)
            engine.add(timer(0, 100 * (i - 1), double(i))); // 1..100 spread over 10 panes
        Collected c;
        c.add(engine.flush(), config);
        QVERIFY(!c.results.empty());
        const WindowResult& r
            = *std::find_if(c.results.begin(), c.results.end(), [](const WindowResult& w) { return w.startMs == 0; });
        QCOMPARE(r.count, 100.0);
        QVERIFY(std::abs(r.quantiles[0] - 50.5) <= 1.0); // p50 from the merged digest
        QCOMPARE(r.digest != nullptr, keepDigest);
        if (keepDigest) {
            QCOMPARE(r.digest->count(), 100.0);
            QCOMPARE(r.digest->min(), 1.0);
            QCOMPARE(r.digest->max(), 100.0);
        }
    }

    void badSamplesAreRejectedWithAReason_data()
    {
        QTest::addColumn<Sample>("sample");
        QTest::addColumn<int>("reason"); // -1: accepted
        auto c = [](auto mutate) {
            Sample s = counter(1, 1000);
            mutate(s);
            return s;
        };
        QTest::addRow("invalid series id")
            << c([](Sample& s) { s.series = kInvalidSeries; }) << int(RejectReason::InvalidSeries);
        QTest::addRow("series id beyond maxSeries")
            << c([](Sample& s) { s.series = 1000; }) << int(RejectReason::InvalidSeries);
        QTest::addRow("type differs from the series' first sample")
            << c([](Sample& s) { s.type = MetricType::Gauge; }) << int(RejectReason::TypeMismatch);
        QTest::addRow("NaN value") << c([](Sample& s) { s.value = kNaN; }) << int(RejectReason::NonFiniteValue);
        QTest::addRow("infinite value") << c([](Sample& s) { s.value = -std::numeric_limits<double>::infinity(); })
                                        << int(RejectReason::NonFiniteValue);
        QTest::addRow("rate zero") << c([](Sample& s) { s.sampleRate = 0.0; }) << int(RejectReason::BadSampleRate);
        QTest::addRow("rate above one") << c([](Sample& s) { s.sampleRate = 1.5; }) << int(RejectReason::BadSampleRate);
        QTest::addRow("rate NaN") << c([](Sample& s) { s.sampleRate = kNaN; }) << int(RejectReason::BadSampleRate);
        QTest::addRow("time far beyond any clock")
            << c([](Sample& s) { s.eventTimeMs = 1LL << 60; }) << int(RejectReason::TimeOutOfRange);
        QTest::addRow("set ignores its value") << [] {
            Sample s = setMember(2, 600, 5);
            s.value = kNaN;
            return s;
        }() << -1;
    }
    void badSamplesAreRejectedWithAReason()
    {
        QFETCH(Sample, sample);
        QFETCH(int, reason);
        EngineConfig config = configWith({ { 1000, 1000 } });
        config.maxSeries = 1000;
        WindowEngine engine(config);
        engine.add(counter(1, 500)); // fixes series 1 as a counter
        engine.add(sample);
        QCOMPARE(engine.rejectedSamples(), std::uint64_t(reason < 0 ? 0 : 1));
        if (reason >= 0)
            QCOMPARE(engine.rejectedSamples(RejectReason(reason)), std::uint64_t(1));
        QCOMPARE(engine.acceptedSamples(), std::uint64_t(reason < 0 ? 2 : 1));
        QVERIFY(engine.memoryBytes() < 1'000'000); // a stray id must not have grown the tables
        engine.add(counter(1, 700)); // and the engine goes on
        Collected c;
        c.add(engine.flush(), config);
        QCOMPARE(c.forSpec(0).front().count, 2.0);
    }

    void invalidConfigsAreRefused_data()
    {
        QTest::addColumn<EngineConfig>("config");
        QTest::addColumn<QString>("error"); // a fragment of the message; empty: valid
        auto with = [](auto mutate) {
            EngineConfig c = configWith({ { 10'000, 10'000 }, { 60'000, 10'000 } });
            mutate(c);
            return c;
        };
        QTest::addRow("valid") << with([](EngineConfig&) {}) << QString();
        QTest::addRow("no specs") << with([](EngineConfig& c) { c.specs.clear(); }) << u"no window specs"_s;
        QTest::addRow("size not whole seconds") << with([](EngineConfig& c) {
            c.specs[0] = { 1500, 1500 };
        }) << u"multiples of 1000"_s;
        QTest::addRow("slide does not divide size") << with([](EngineConfig& c) {
            c.specs[0] = { 10'000, 3000 };
        }) << u"must divide size"_s;
        QTest::addRow("slide longer than size") << with([](EngineConfig& c) {
            c.specs[0] = { 5000, 10'000 };
        }) << u"must divide size"_s;
        QTest::addRow("zero size") << with([](EngineConfig& c) { c.specs[0] = { 0, 0 }; }) << u"positive"_s;
        QTest::addRow("negative slide") << with([](EngineConfig& c) { c.specs[1].slideMs = -10'000; })
                                        << u"spec 1: size and slide must be positive"_s;
        QTest::addRow("too many blocks per window") << with([](EngineConfig& c) {
            c.specs[0] = { 2'000'000, 1000 };
        }) << u"size / slide"_s;
        QTest::addRow("duplicate spec") << with([](EngineConfig& c) { c.specs.push_back(c.specs[0]); })
                                        << u"spec 2: duplicates spec 0"_s;
        QTest::addRow("too many specs") << with([](EngineConfig& c) {
            for (int i = 0; i < 70; ++i)
                c.specs.push_back({ 1000LL * (i + 100), 1000 });
        }) << u"too many window specs"_s;
        QTest::addRow("too many quantiles")
            << with([](EngineConfig& c) { c.quantiles.assign(9, 0.5); }) << u"too many quantiles"_s;
        QTest::addRow("quantile above one")
            << with([](EngineConfig& c) { c.quantiles[1] = 1.5; }) << u"quantile 1 must be in [0, 1]"_s;
        QTest::addRow("quantile NaN") << with([](EngineConfig& c) { c.quantiles[0] = kNaN; }) << u"quantile 0"_s;
        QTest::addRow("negative lateness")
            << with([](EngineConfig& c) { c.allowedLatenessMs = -1; }) << u"allowed lateness"_s;
        QTest::addRow("lateness beyond the pane ring")
            << with([](EngineConfig& c) { c.allowedLatenessMs = 60'001; }) << u"allowed lateness"_s;
        QTest::addRow("compression zero") << with([](EngineConfig& c) { c.compression = 0; }) << u"compression"_s;
        QTest::addRow("compression NaN") << with([](EngineConfig& c) { c.compression = kNaN; }) << u"compression"_s;
        QTest::addRow("no series allowed") << with([](EngineConfig& c) { c.maxSeries = 0; }) << u"maxSeries"_s;
    }
    void invalidConfigsAreRefused()
    {
        QFETCH(EngineConfig, config);
        QFETCH(QString, error);
        const std::optional<std::string> problem = WindowEngine::validate(config);
        QCOMPARE(problem.has_value(), !error.isEmpty());
        WindowEngine engine(config);
        QCOMPARE(engine.configError(), problem);
        if (problem) {
            QVERIFY2(QString::fromStdString(*problem).contains(error), problem->c_str());
            QCOMPARE(engine.config().specs, (std::vector<WindowSpec> { WindowSpec {} })); // safe fallback
        } else {
            QCOMPARE(engine.config().specs, config.specs);
        }
    }

    void sweepsAPaneEvenWithoutAdvance()
    {
        // Event time alone moves the watermark: old panes must make room in the ring without advance().
        const EngineConfig config = configWith({ { 1000, 1000 }, { 10'000, 10'000 } }, 2000);
        WindowEngine engine(config);
        for (TimestampMs t = 0; t < 100'000; t += 500)
            engine.add(counter(4, t));
        QVERIFY(engine.openPanes() <= 4);
        Collected c;
        c.add(engine.flush(), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());
        QCOMPARE(c.forSpec(0).size(), std::size_t(100));
        QCOMPARE(c.forSpec(1).size(), std::size_t(10));
        for (const WindowResult& r : c.forSpec(1))
            QCOMPARE(r.count, 20.0);
    }

    void memoryStaysFlatInSteadyState()
    {
        const EngineConfig config = configWith({ { 1000, 1000 }, { 10'000, 10'000 }, { 60'000, 10'000 } }, 2000);
        WindowEngine engine(config);
        std::size_t afterWarmUp = 0;
        for (TimestampMs second = 0; second < 300; ++second) {
            for (SeriesId id = 0; id < 60; ++id) {
                const MetricType type = id % 3 == 0 ? MetricType::Timer
                    : id % 3 == 1                   ? MetricType::Counter
                                                    : MetricType::Set;
                for (int i = 0; i < 5; ++i)
                    engine.add(makeSample(id, type, second * 1000 + i * 200, double(i)));
            }
            engine.advance(second * 1000 + 999);
            if (second == 120)
                afterWarmUp = engine.memoryBytes();
        }
        QCOMPARE(engine.activeSeries(), std::size_t(60));
        QVERIFY(engine.openPanes() <= 60 * 4);
        QVERIFY2(engine.memoryBytes() <= afterWarmUp + afterWarmUp / 20,
            qPrintable(u"%1 -> %2 bytes"_s.arg(afterWarmUp).arg(engine.memoryBytes())));
        QVERIFY(engine.bytesPerSeries() > 0);
        engine.flush();
        QCOMPARE(engine.activeSeries(), std::size_t(0));
        QCOMPARE(engine.openPanes(), std::size_t(0));
        QCOMPARE(engine.knownSeries(), std::size_t(60));
    }

    void memoryOfABurstIsReturned()
    {
        const EngineConfig config = configWith({ { 1000, 1000 }, { 10'000, 10'000 } }, 2000);
        WindowEngine engine(config);
        auto second = [&](TimestampMs s, SeriesId seriesCount) {
            for (SeriesId id = 0; id < seriesCount; ++id)
                for (int i = 0; i < 50; ++i)
                    engine.add(timer(id, s * 1000 + i * 20, double(i)));
            engine.advance(s * 1000 + 999);
        };
        for (TimestampMs s = 0; s < 5; ++s)
            second(s, 200); // a burst of 200 timer series
        const std::size_t afterBurst = engine.memoryBytes();
        for (TimestampMs s = 5; s < 200; ++s)
            second(s, 1); // then one series for a few minutes
        QVERIFY2(engine.memoryBytes() < afterBurst / 4,
            qPrintable(u"%1 -> %2 bytes"_s.arg(afterBurst).arg(engine.memoryBytes())));
    }

    void provisionalReportsTheOpenPanesOfChangedSeries()
    {
        const EngineConfig config = configWith({ { 1000, 1000 }, { 10'000, 10'000 } }, 2000);
        WindowEngine engine(config);
        QCOMPARE(engine.paneSpecIndex(), std::optional<std::uint16_t>(0));
        QVERIFY(!engine.takeProvisional());

        engine.add(gauge(0, 10'100, 5));
        engine.add(gauge(0, 10'500, 7));
        engine.add(counter(1, 10'200, 3));
        QCOMPARE(engine.provisionalSeries(), std::size_t(2));
        WindowBatchPtr batch = engine.takeProvisional();
        QVERIFY(batch);
        QCOMPARE(batch->specIndex, std::uint16_t(0));
        QCOMPARE(batch->spec, (WindowSpec { 1000, 1000, false }));
        QCOMPARE(batch->quantiles, config.quantiles);
        QCOMPARE(batch->results.size(), std::size_t(2));
        const WindowResult& g = batch->results[0];
        QCOMPARE(g.series, SeriesId(0));
        QCOMPARE(g.startMs, TimestampMs(10'000));
        QCOMPARE(g.endMs, TimestampMs(11'000));
        QCOMPARE(g.last, 7.0);
        QCOMPARE(g.min, 5.0);
        QCOMPARE(g.max, 7.0);
        QCOMPARE(g.mean, 6.0);
        QCOMPARE(g.count, 2.0);
        const WindowResult& c = batch->results[1];
        QCOMPARE(c.series, SeriesId(1));
        QCOMPARE(c.sum, 3.0);
        QCOMPARE(c.rate, 3.0);
        // Nothing changed since: nothing to report.
        QCOMPARE(engine.provisionalSeries(), std::size_t(0));
        QVERIFY(!engine.takeProvisional());

        // Only the panes that changed, of the series that changed.
        engine.add(counter(1, 11'300, 2));
        batch = engine.takeProvisional();
        QVERIFY(batch);
        QCOMPARE(batch->results.size(), std::size_t(1));
        QCOMPARE(batch->results[0].series, SeriesId(1));
        QCOMPARE(batch->results[0].startMs, TimestampMs(11'000));
        QCOMPARE(batch->results[0].sum, 2.0);
        // A sample for an older pane that is still open (within the lateness) reports that pane.
        engine.add(counter(1, 10'900, 1));
        engine.add(counter(1, 11'400, 1));
        batch = engine.takeProvisional();
        QVERIFY(batch);
        QCOMPARE(batch->results.size(), std::size_t(2));
        QCOMPARE(batch->results[0].startMs, TimestampMs(10'000));
        QCOMPARE(batch->results[0].sum, 4.0);
        QCOMPARE(batch->results[1].startMs, TimestampMs(11'000));
        QCOMPARE(batch->results[1].sum, 3.0);

        // Closing a pane is no change to report; the closed pane is no longer part of the live edge.
        Collected closed;
        closed.add(engine.advance(13'500), config);
        QCOMPARE(closed.forSpec(0).size(), std::size_t(2));
        QVERIFY(!engine.takeProvisional());
        engine.add(counter(1, 11'800, 4));
        batch = engine.takeProvisional();
        QVERIFY(batch);
        QCOMPARE(batch->results.size(), std::size_t(1));
        QCOMPARE(batch->results[0].startMs, TimestampMs(11'000));
        QCOMPARE(batch->results[0].sum, 7.0);

        // Late and rejected samples change nothing.
        QCOMPARE(engine.add(counter(1, 9'000)), WindowEngine::AddOutcome::Late);
        QCOMPARE(engine.add(counter(1, 12'000, kNaN)), WindowEngine::AddOutcome::Rejected);
        QVERIFY(!engine.takeProvisional());
    }

    void provisionalEqualsTheClosedWindow_data()
    {
        QTest::addColumn<int>("type");
        QTest::addRow("counter with a sample rate") << int(MetricType::Counter);
        QTest::addRow("gauge with deltas") << int(MetricType::Gauge);
        QTest::addRow("timer") << int(MetricType::Timer);
        QTest::addRow("distribution") << int(MetricType::Distribution);
        QTest::addRow("set") << int(MetricType::Set);
    }
    void provisionalEqualsTheClosedWindow()
    {
        QFETCH(int, type);
        const auto metricType = static_cast<MetricType>(type);
        const EngineConfig config = configWith({ { 1000, 1000 } }, 2000);
        WindowEngine engine(config);
        for (int i = 0; i < 40; ++i) {
            const TimestampMs t = 5000 + i * 20;
            switch (metricType) {
            case MetricType::Counter:
                engine.add(counter(3, t, i, i % 2 ? 0.5 : 1.0));
                break;
            case MetricType::Gauge:
                engine.add(gauge(3, t, i % 7, i % 3 != 0));
                break;
            case MetricType::Set:
                engine.add(setMember(3, t, std::uint64_t(i % 13)));
                break;
            default:
                engine.add(makeSample(3, metricType, t, double((i * 37) % 101), 1.0));
                break;
            }
            if (i % 10 == 4) // the live edge is taken while the pane fills, as the aggregator does
                QVERIFY(engine.takeProvisional());
        }
        engine.add(makeSample(4, metricType, 5990, 1.0)); // another series in the same take
        const WindowBatchPtr live = engine.takeProvisional();
        QVERIFY(live);
        const WindowResult provisional = live->results.front();
        QCOMPARE(provisional.series, SeriesId(3));
        Collected c;
        c.add(engine.flush(), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());
        const WindowResult closed = c.forSpec(0).front();
        QCOMPARE(closed.series, SeriesId(3));
        QCOMPARE(provisional.startMs, closed.startMs);
        QCOMPARE(provisional.endMs, closed.endMs);
        QCOMPARE(provisional.type, closed.type);
        QCOMPARE(provisional.count, closed.count);
        QVERIFY(sameOrBothNaN(provisional.sum, closed.sum));
        QVERIFY(sameOrBothNaN(provisional.min, closed.min));
        QVERIFY(sameOrBothNaN(provisional.max, closed.max));
        QVERIFY(sameOrBothNaN(provisional.mean, closed.mean));
        QVERIFY(sameOrBothNaN(provisional.last, closed.last));
        QVERIFY(sameOrBothNaN(provisional.rate, closed.rate));
        QVERIFY(sameOrBothNaN(provisional.distinct, closed.distinct));
        QCOMPARE(provisional.quantileCount, closed.quantileCount);
        for (int i = 0; i < provisional.quantileCount; ++i)
            QVERIFY(sameOrBothNaN(provisional.quantiles[std::size_t(i)], closed.quantiles[std::size_t(i)]));
        QVERIFY(!provisional.digest);
    }

    void provisionalNeedsAOneSecondTumblingSpec()
    {
        WindowEngine coarse(configWith({ { 10'000, 10'000 }, { 2000, 1000 } }));
        QVERIFY(!coarse.paneSpecIndex());
        coarse.add(counter(0, 500));
        QCOMPARE(coarse.provisionalSeries(), std::size_t(0));
        QVERIFY(!coarse.takeProvisional());

        WindowEngine second(configWith({ { 2000, 1000 }, { 1000, 1000 } }));
        QCOMPARE(second.paneSpecIndex(), std::optional<std::uint16_t>(1));
        second.add(counter(0, 500));
        const WindowBatchPtr batch = second.takeProvisional();
        QVERIFY(batch);
        QCOMPARE(batch->specIndex, std::uint16_t(1));
        QCOMPARE(batch->results.front().specIndex, std::uint16_t(1));
    }

    void liveEdgeTrackingStaysFlatInSteadyState()
    {
        const EngineConfig config = configWith({ { 1000, 1000 }, { 10'000, 10'000 } }, 2000);
        WindowEngine engine(config);
        std::size_t afterWarmUp = 0;
        std::size_t reported = 0;
        for (TimestampMs second = 0; second < 200; ++second) {
            for (int step = 0; step < 10; ++step) { // a take every 100 ms
                for (SeriesId id = 0; id < 100; ++id)
                    engine.add(counter(id, second * 1000 + step * 100 + id % 100));
                const WindowBatchPtr batch = engine.takeProvisional();
                reported += batch ? batch->results.size() : 0;
            }
            engine.advance(second * 1000 + 999);
            if (second == 50)
                afterWarmUp = engine.memoryBytes();
        }
        QVERIFY(reported >= 200 * 10 * 100);
        QVERIFY2(engine.memoryBytes() <= afterWarmUp + afterWarmUp / 20,
            qPrintable(u"%1 -> %2 bytes"_s.arg(afterWarmUp).arg(engine.memoryBytes())));
    }
};

QTEST_GUILESS_MAIN(TestWindowEngine)
#include "tst_windowengine.moc"
