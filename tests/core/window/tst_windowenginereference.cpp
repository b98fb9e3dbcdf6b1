// The window engine against a brute-force computation over random streams: every window of every spec, every field.

#include "window/windowengine.h"
#include "windowtesthelpers.h"

#include <QTest>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <utility>

using namespace pulse;
using namespace pulse::testing;
using namespace Qt::StringLiterals;

namespace {

struct Arrival {
    SeriesId series = 0;
    TimestampMs timeMs = 0;
    double value = 0; // for gauges: the value after applying a delta
    double weight = 1;
    std::uint64_t member = 0;
};

struct Expected {
    double count = 0;
    double sum = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    double last = 0;
    std::int64_t lastSecond = LLONG_MIN;
    std::vector<double> values; // each value repeated by its (integer) weight
    std::set<std::uint64_t> members;
};

using Key = std::pair<SeriesId, TimestampMs>; // series, window start

// "10/2 4/2": 10 s windows sliding by 2 s and 4 s windows sliding by 2 s.
std::vector<WindowSpec> parseSpecs(const QString& text)
{
    std::vector<WindowSpec> specs;
    for (const QString& part : text.split(u' ', Qt::SkipEmptyParts)) {
        const QStringList sizeSlide = part.split(u'/');
        specs.push_back({ sizeSlide[0].toLongLong() * 1000, sizeSlide[1].toLongLong() * 1000 });
    }
    return specs;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0 && a < 0) ? 1 : 0);
}

std::map<Key, Expected> bruteForce(const std::vector<Arrival>& arrivals, const WindowSpec& spec)
{
    std::map<Key, Expected> out;
    for (const Arrival& a : arrivals) {
        const TimestampMs newestStart = floorDiv(a.timeMs, spec.slideMs) * spec.slideMs;
        for (TimestampMs start = newestStart; start > a.timeMs - spec.sizeMs; start -= spec.slideMs) {
            Expected& e = out[{ a.series, start }];
            e.count += a.weight;
            e.sum += a.value * a.weight;
            e.min = std::min(e.min, a.value);
            e.max = std::max(e.max, a.value);
            // Last value of the window: latest second, then latest arrival within it.
            const std::int64_t second = floorDiv(a.timeMs, 1000);
            if (second >= e.lastSecond) {
                e.lastSecond = second;
                e.last = a.value;
            }
            e.values.insert(e.values.end(), std::size_t(a.weight), a.value);
            e.members.insert(a.member);
        }
    }
    return out;
}

// The estimate lies between two adjacent data values (digests interpolate): q must fall within the rank range those
// two values span, widened by the digest's error (generous for small windows, where weighted points are coarse).
bool quantileIsClose(std::vector<double> sorted, double q, double estimate, QString* why)
{
    std::sort(sorted.begin(), sorted.end());
    const double n = double(sorted.size());
    auto upper = std::upper_bound(sorted.begin(), sorted.end(), estimate);
    const double valueAtOrBelow = upper == sorted.begin() ? sorted.front() : *(upper - 1);
    auto lower = std::lower_bound(sorted.begin(), sorted.end(), estimate);
    const double valueAtOrAbove = lower == sorted.end() ? sorted.back() : *lower;
    const double rankLo = double(std::lower_bound(sorted.begin(), sorted.end(), valueAtOrBelow) - sorted.begin()) / n;
    const double rankHi = double(std::upper_bound(sorted.begin(), sorted.end(), valueAtOrAbove) - sorted.begin()) / n;
    const double tolerance = 0.02 + 1.0 / n;
    *why = u"ranks [%1, %2] of %3 values, exact q-quantile %4"_s.arg(rankLo).arg(rankHi).arg(n).arg(
        sorted[std::min(std::size_t(q * n), sorted.size() - 1)]);
    return rankLo - tolerance <= q && q <= rankHi + tolerance;
}

} // namespace

class TestWindowEngineReference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyWindowMatchesBruteForce_data()
    {
        QTest::addColumn<QString>("specs");
        QTest::addColumn<MetricType>("type");
        QTest::addColumn<qint64>("latenessMs");
        QTest::addColumn<uint>("seed");
        QTest::addRow("counters: 10 s by 2 s and 4 s by 2 s share blocks")
            << u"10/2 4/2"_s << MetricType::Counter << 0LL << 1u;
        QTest::addRow("counters: 1 s and 60 s tumbling, 2 s lateness")
            << u"1/1 60/60"_s << MetricType::Counter << 2000LL << 2u;
        QTest::addRow("gauges with deltas: 10 s by 5 s and 1 s, 2 s lateness")
            << u"10/5 1/1"_s << MetricType::Gauge << 2000LL << 3u;
        QTest::addRow("timers: 30 s by 10 s and 10 s, 1.5 s lateness")
            << u"30/10 10/10"_s << MetricType::Timer << 1500LL << 4u;
        QTest::addRow("histograms: 5 s by 1 s") << u"5/1"_s << MetricType::Histogram << 0LL << 5u;
        QTest::addRow("sets: 6 s by 3 s and 3 s, 2.5 s lateness") << u"6/3 3/3"_s << MetricType::Set << 2500LL << 6u;
        QTest::addRow("distributions: 60 s by 20 s and 4 s, 3 s lateness")
            << u"60/20 4/4"_s << MetricType::Distribution << 3000LL << 7u;
        QTest::addRow("gauges: 1 s feeds 60 s, next to 10 s and 30 s by 10 s")
            << u"1/1 10/10 60/60 30/10"_s << MetricType::Gauge << 1000LL << 9u;
        QTest::addRow("timers: chained 1 s -> 5 s -> 15 s -> 30 s tumbling")
            << u"30/30 15/15 5/5 1/1"_s << MetricType::Timer << 2000LL << 10u;
        QTest::addRow("sets: 2 s feeds 6 s and 12 s by 4 s") << u"2/2 6/6 12/4"_s << MetricType::Set << 0LL << 11u;
        QTest::addRow("timers: 1 s, 10 s and 20 s by 5 s, 10 s lateness")
            << u"1/1 10/10 20/5"_s << MetricType::Timer << 10'000LL << 8u;
    }
    void everyWindowMatchesBruteForce()
    {
        QFETCH(QString, specs);
        QFETCH(MetricType, type);
        QFETCH(qint64, latenessMs);
        QFETCH(uint, seed);
        const EngineConfig config = configWith(parseSpecs(specs), latenessMs);
        QVERIFY(!WindowEngine::validate(config));
        WindowEngine engine(config);

        std::mt19937_64 rng(seed);
        auto uniform = [&](std::int64_t lo, std::int64_t hi) {
            return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
        };
        std::lognormal_distribution<double> latency(3.0, 1.0);
        const double rates[] = { 1.0, 0.5, 0.25 };
        const SeriesId seriesCount = 4;
        std::vector<double> gaugeValue(seriesCount, 0.0);
        std::vector<Arrival> arrivals;
        Collected c;

        const TimestampMs startMs = 1'700'000'000'500;
        TimestampMs clockMs = startMs;
        while (clockMs < startMs + 90'000) {
            clockMs += uniform(0, 20);
            const auto id = SeriesId(uniform(0, seriesCount - 1));
            if (id == 3 && clockMs > startMs + 20'000 && clockMs < startMs + 50'000)
                continue; // a silent stretch: its windows must be missing, not zero
            // Out of order, but never beyond the allowed lateness: nothing here is late.
            Sample s = makeSample(id, type, clockMs - uniform(0, latenessMs));
            Arrival a;
            a.series = id;
            a.timeMs = s.eventTimeMs;
            switch (type) {
            case MetricType::Counter:
                s.value = double(uniform(0, 100));
                s.sampleRate = rates[uniform(0, 2)];
                a.value = s.value;
                a.weight = 1.0 / s.sampleRate;
                break;
            case MetricType::Gauge:
                s.isDelta = uniform(0, 3) == 0;
                s.value = s.isDelta ? double(uniform(-50, 50)) : double(uniform(0, 1000));
                gaugeValue[id] = s.isDelta ? gaugeValue[id] + s.value : s.value;
                a.value = gaugeValue[id];
                break;
            case MetricType::Set:
                s.setMemberHash = hashMix(std::uint64_t(uniform(0, 40)));
                a.member = s.setMemberHash;
                break;
            default: // timers, histograms, distributions
                s.value = std::floor(latency(rng));
                s.sampleRate = rates[uniform(0, 2)];
                a.value = s.value;
                a.weight = 1.0 / s.sampleRate;
                break;
            }
            engine.add(s);
            arrivals.push_back(a);
            if (arrivals.size() % 500 == 0)
                c.add(engine.advance(clockMs), config);
        }
        c.add(engine.advance(clockMs + 5000), config); // now leads: closes up to clock + 5 s - lateness
        c.add(engine.flush(), config);
        QVERIFY2(c.problem.empty(), c.problem.c_str());
        QCOMPARE(engine.lateSamples(), std::uint64_t(0));
        QCOMPARE(engine.acceptedSamples(), std::uint64_t(arrivals.size()));
        QCOMPARE(engine.openPanes(), std::size_t(0));

        for (std::uint16_t specIndex = 0; specIndex < config.specs.size(); ++specIndex) {
            const WindowSpec& spec = config.specs[specIndex];
            const double seconds = double(spec.sizeMs) / 1000.0;
            const std::map<Key, Expected> expected = bruteForce(arrivals, spec);
            std::map<Key, WindowResult> got;
            for (const WindowResult& r : c.forSpec(specIndex))
                QVERIFY2(got.emplace(Key { r.series, r.startMs }, r).second, "window emitted twice");
            QCOMPARE(got.size(), expected.size());

            for (const auto& [key, e] : expected) {
                const auto it = got.find(key);
                QVERIFY2(it != got.end(),
                    qPrintable(u"missing window: series %1 start %2"_s.arg(key.first).arg(key.second)));
                const WindowResult& r = it->second;
                QCOMPARE(r.type, type);
                QCOMPARE(r.count, e.count);
                switch (type) {
                case MetricType::Counter:
                    QCOMPARE(r.sum, e.sum);
                    QCOMPARE(r.rate, e.sum / seconds);
                    QVERIFY(std::isnan(r.min) && std::isnan(r.max) && std::isnan(r.last) && std::isnan(r.mean));
                    break;
                case MetricType::Gauge:
                    QCOMPARE(r.sum, e.sum);
                    QCOMPARE(r.min, e.min);
                    QCOMPARE(r.max, e.max);
                    QCOMPARE(r.last, e.last);
                    QCOMPARE(r.mean, e.sum / e.count);
                    QVERIFY(std::isnan(r.rate));
                    break;
                case MetricType::Set:
                    QCOMPARE(r.distinct, double(e.members.size()));
                    QVERIFY(std::isnan(r.sum));
                    break;
                default:
                    QCOMPARE(r.sum, e.sum);
                    QCOMPARE(r.min, e.min);
                    QCOMPARE(r.max, e.max);
                    QCOMPARE(r.mean, e.sum / e.count);
                    QCOMPARE(r.rate, e.count / seconds);
                    QVERIFY(std::isnan(r.last));
                    QCOMPARE(std::size_t(r.quantileCount), config.quantiles.size());
                    for (std::size_t i = 0; i < config.quantiles.size(); ++i) {
                        QString why;
                        QVERIFY2(quantileIsClose(e.values, config.quantiles[i], r.quantiles[i], &why),
                            qPrintable(u"series %1 start %2: q%3 = %4: %5"_s.arg(key.first)
                                           .arg(key.second)
                                           .arg(config.quantiles[i])
                                           .arg(r.quantiles[i])
                                           .arg(why)));
                    }
                    break;
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestWindowEngineReference)
#include "tst_windowenginereference.moc"
