#include "model/hash.h"
#include "sketch/tdigest.h"

#include <QTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

enum class Dist { Uniform, Normal, LogNormal, Pareto, Sorted, ReverseSorted };

constexpr std::size_t kMillion = 1'000'000;
constexpr double kMidBound = 0.001; // rank error allowed for q in [0.01, 0.99]
constexpr double kTailBound = 0.0001; // rank error allowed at q = 0.999
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> generate(Dist dist, std::size_t n, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::lognormal_distribution<double> logNormal(0.0, 1.0);
    std::vector<double> xs(n);
    for (double& x : xs) {
        switch (dist) {
        case Dist::Normal:
            x = normal(rng);
            break;
        case Dist::LogNormal:
            x = logNormal(rng);
            break;
        case Dist::Pareto: // shape 1, scale 1: infinite mean, the hardest heavy tail here
            x = 1.0 / (1.0 - uniform(rng));
            break;
        default:
            x = uniform(rng);
            break;
        }
    }
    if (dist == Dist::Sorted || dist == Dist::ReverseSorted)
        std::sort(xs.data(), xs.data() + xs.size());
    if (dist == Dist::ReverseSorted)
        std::reverse(xs.data(), xs.data() + xs.size());
    return xs;
}

/** Exact empirical distribution of the samples: F(x) = fraction of samples <= x. */
class Exact {
public:
    explicit Exact(std::vector<double> xs)
        : m_sorted(std::move(xs))
    {
        // Raw pointers: vector iterators are function calls in the debug builds the tests run in.
        std::sort(m_sorted.data(), m_sorted.data() + m_sorted.size());
    }
    double rank(double x) const
    {
        return static_cast<double>(std::upper_bound(m_sorted.begin(), m_sorted.end(), x) - m_sorted.begin())
            / static_cast<double>(m_sorted.size());
    }
    double min() const { return m_sorted.front(); }
    double max() const { return m_sorted.back(); }

private:
    std::vector<double> m_sorted;
};

struct WorstError {
    double error = 0.0;
    double q = 0.0;
};

/** Largest |F(quantile(q)) - q| over q in [from, to] in steps of 0.001. */
WorstError worstRankError(const TDigest& digest, const Exact& exact, double from, double to)
{
    WorstError worst;
    for (int i = static_cast<int>(std::lround(from * 1000)); i <= std::lround(to * 1000); ++i) {
        const double q = i / 1000.0;
        const double error = std::abs(exact.rank(digest.quantile(q)) - q);
        if (error > worst.error)
            worst = { error, q };
    }
    return worst;
}

void verifyAccuracy(const TDigest& digest, const Exact& exact)
{
    const WorstError mid = worstRankError(digest, exact, 0.01, 0.99);
    QVERIFY2(mid.error <= kMidBound, qPrintable(QStringLiteral("rank error %1 at q=%2").arg(mid.error).arg(mid.q)));
    const double tail = std::abs(exact.rank(digest.quantile(0.999)) - 0.999);
    QVERIFY2(tail <= kTailBound, qPrintable(QStringLiteral("rank error %1 at q=0.999").arg(tail)));
}

TDigest digestOf(const std::vector<double>& xs, double weight = 1.0)
{
    TDigest digest;
    for (const double x : xs)
        digest.add(x, weight);
    return digest;
}

std::uint64_t bits(double x)
{
    return std::bit_cast<std::uint64_t>(x);
}

std::string withChecksum(std::string payload)
{
    const auto sum = static_cast<std::uint32_t>(hashBytes(payload));
    for (int i = 0; i < 4; ++i)
        payload.push_back(static_cast<char>((sum >> (8 * i)) & 0xff));
    return payload;
}

std::string f64Bytes(double x)
{
    std::string out(8, '\0');
    const std::uint64_t b = bits(x);
    for (int i = 0; i < 8; ++i)
        out[static_cast<std::size_t>(i)] = static_cast<char>((b >> (8 * i)) & 0xff);
    return out;
}

// Layout of a version-1 blob with fewer than 128 centroids: version, weight encoding, compression, count,
// centroid count (1 varint byte), min, max, means, weights, checksum.
constexpr std::size_t kCompressionAt = 2;
constexpr std::size_t kCountAt = 10;
constexpr std::size_t kCentroidCountAt = 18;
constexpr std::size_t kMinAt = 19;
constexpr std::size_t kMaxAt = 27;
constexpr std::size_t kMeansAt = 35;

/** Five unit-weight centroids 1..5: every field at a known offset. */
std::string smallPayload()
{
    TDigest digest;
    for (int i = 1; i <= 5; ++i)
        digest.add(i);
    std::string blob = digest.serialized();
    return blob.substr(0, blob.size() - 4);
}

std::string patched(std::size_t at, const std::string& bytes)
{
    std::string payload = smallPayload();
    payload.replace(at, bytes.size(), bytes);
    return withChecksum(payload);
}

} // namespace

Q_DECLARE_METATYPE(Dist)

class TestTDigest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rankErrorWithinBoundsOnMillionSamples_data()
    {
        QTest::addColumn<Dist>("dist");
        QTest::addRow("uniform") << Dist::Uniform;
        QTest::addRow("normal") << Dist::Normal;
        QTest::addRow("log-normal") << Dist::LogNormal;
        QTest::addRow("pareto shape 1") << Dist::Pareto;
        QTest::addRow("sorted input") << Dist::Sorted;
        QTest::addRow("reverse-sorted input") << Dist::ReverseSorted;
    }

    void rankErrorWithinBoundsOnMillionSamples()
    {
        QFETCH(Dist, dist);
        const std::vector<double> xs = generate(dist, kMillion, 42);
        const TDigest digest = digestOf(xs);
        const Exact exact(xs);
        QCOMPARE(digest.count(), double(kMillion));
        QCOMPARE(digest.quantile(0.0), exact.min());
        QCOMPARE(digest.quantile(1.0), exact.max());
        QCOMPARE(digest.min(), exact.min());
        QCOMPARE(digest.max(), exact.max());
        verifyAccuracy(digest, exact);
        QVERIFY(digest.serialized().size() <= 2048);
    }

    void mergeOrderDoesNotMatter()
    {
        // 60 one-second panes of a 1M-sample log-normal stream, merged the ways a window engine might.
        const std::vector<double> xs = generate(Dist::LogNormal, kMillion, 7);
        std::vector<TDigest> panes(60);
        for (std::size_t i = 0; i < xs.size(); ++i)
            panes[i * panes.size() / xs.size()].add(xs[i]);
        const Exact exact(xs);

        std::vector<TDigest> results;
        TDigest forward;
        for (const TDigest& p : panes)
            forward.merge(p);
        results.push_back(forward);
        TDigest backward;
        for (auto it = panes.rbegin(); it != panes.rend(); ++it)
            backward.merge(*it);
        results.push_back(backward);
        std::vector<TDigest> tree = panes;
        while (tree.size() > 1) {
            std::vector<TDigest> next;
            for (std::size_t i = 0; i < tree.size(); i += 2) {
                next.push_back(tree[i]);
                if (i + 1 < tree.size())
                    next.back().merge(tree[i + 1]);
            }
            tree = std::move(next);
        }
        results.push_back(tree.front());
        std::vector<const TDigest*> shuffled;
        for (const TDigest& p : panes)
            shuffled.push_back(&p);
        results.push_back(TDigest::mergeAll(shuffled));
        std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(3));
        results.push_back(TDigest::mergeAll(shuffled));

        for (const TDigest& r : results) {
            QCOMPARE(r.count(), double(xs.size()));
            QCOMPARE(r.quantile(0.0), exact.min());
            QCOMPARE(r.quantile(1.0), exact.max());
            verifyAccuracy(r, exact);
        }
        for (int i = 10; i <= 990; i += 5) {
            const double q = i / 1000.0;
            for (const TDigest& r : results)
                QVERIFY(std::abs(exact.rank(r.quantile(q)) - exact.rank(results.front().quantile(q))) <= kMidBound);
        }
    }

    void mergeAllMatchesPairwise_data()
    {
        QTest::addColumn<int>("digestCount");
        QTest::addColumn<int>("samplesEach");
        QTest::addColumn<double>("bound");
        QTest::addRow("2 digests of 500k") << 2 << 500'000 << kMidBound;
        QTest::addRow("60 digests of 16,667") << 60 << 16'667 << kMidBound;
        // Tiny inputs are nearly exact but step by whole samples.
        QTest::addRow("60 digests of 3 samples") << 60 << 3 << 4.0 / 180.0;
    }

    void mergeAllMatchesPairwise()
    {
        QFETCH(int, digestCount);
        QFETCH(int, samplesEach);
        QFETCH(double, bound);
        const std::vector<double> xs = generate(Dist::Normal, std::size_t(digestCount) * std::size_t(samplesEach), 11);
        std::vector<TDigest> digests(static_cast<std::size_t>(digestCount));
        std::vector<const TDigest*> pointers;
        for (std::size_t i = 0; i < xs.size(); ++i)
            digests[i % digests.size()].add(xs[i]);
        TDigest pairwise;
        for (const TDigest& d : digests) {
            pairwise.merge(d);
            pointers.push_back(&d);
        }
        const TDigest all = TDigest::mergeAll(pointers);
        const Exact exact(xs);
        QCOMPARE(all.count(), pairwise.count());
        QCOMPARE(all.min(), pairwise.min());
        QCOMPARE(all.max(), pairwise.max());
        QCOMPARE(all.compression(), 100.0);
        QVERIFY(all.centroidCount() <= 124);
        for (int i = 1; i < 100; ++i) {
            const double q = i / 100.0;
            QVERIFY(std::abs(exact.rank(all.quantile(q)) - exact.rank(pairwise.quantile(q))) <= bound);
            QVERIFY(std::abs(exact.rank(all.quantile(q)) - q) <= bound);
        }
    }

    void mergeAllOfMoreThan65536Centroids()
    {
        // Past 2^16 input centroids mergeAll merges the sorted runs instead of radix-sorting indexed keys.
        const std::vector<double> xs = generate(Dist::Normal, 150'000, 13);
        std::vector<TDigest> digests(100, TDigest(1000));
        for (std::size_t i = 0; i < xs.size(); ++i)
            digests[i % digests.size()].add(xs[i]);
        std::vector<const TDigest*> pointers;
        std::size_t inputCentroids = 0;
        for (const TDigest& d : digests) {
            pointers.push_back(&d);
            inputCentroids += d.centroidCount();
        }
        QVERIFY2(inputCentroids > 65536, qPrintable(QString::number(inputCentroids)));
        const TDigest all = TDigest::mergeAll(pointers);
        const Exact exact(xs);
        QCOMPARE(all.count(), double(xs.size()));
        QCOMPARE(all.min(), exact.min());
        QCOMPARE(all.max(), exact.max());
        QVERIFY(all.centroidCount() <= 124);
        // 150k samples: the sampling noise of the centroid means alone is ~0.04 % (one sigma).
        const WorstError worst = worstRankError(all, exact, 0.01, 0.99);
        QVERIFY2(worst.error <= 2 * kMidBound, qPrintable(QString::number(worst.error)));
    }

    void weightedAddsMatchWeightedQuantiles_data()
    {
        QTest::addColumn<double>("weight"); // weight of odd samples; even ones get weight 1
        QTest::addRow("sample rate 0.1 (weight 10)") << 10.0;
        QTest::addRow("sample rate 0.3 (fractional weight)") << 1.0 / 0.3;
        QTest::addRow("weights below one") << 0.25;
    }

    void weightedAddsMatchWeightedQuantiles()
    {
        QFETCH(double, weight);
        // Odd samples come from a shifted distribution, so their weight visibly moves the quantiles.
        std::vector<double> xs = generate(Dist::Normal, 200'000, 5);
        std::vector<std::pair<double, double>> weighted;
        TDigest digest;
        double total = 0.0;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const bool isOdd = i % 2 == 1;
            const double x = isOdd ? xs[i] + 3.0 : xs[i];
            const double w = isOdd ? weight : 1.0;
            QVERIFY(digest.add(x, w));
            weighted.emplace_back(x, w);
            total += w;
        }
        std::sort(weighted.begin(), weighted.end());
        std::vector<double> cumulative;
        double sum = 0.0;
        for (const auto& item : weighted)
            cumulative.push_back(sum += item.second);
        auto rank = [&](double v) {
            const auto it = std::upper_bound(weighted.begin(), weighted.end(), std::pair(v, kNaN),
                [](const auto& a, const auto& b) { return a.first < b.first; });
            return it == weighted.begin() ? 0.0 : cumulative[std::size_t(it - weighted.begin()) - 1] / sum;
        };
        QVERIFY(std::abs(digest.count() - total) <= 1e-9 * total);
        for (int i = 10; i <= 990; i += 5) {
            const double q = i / 1000.0;
            QVERIFY2(std::abs(rank(digest.quantile(q)) - q) <= kMidBound, qPrintable(QString::number(q)));
        }
        const TDigest back = *TDigest::deserialize(digest.serialized());
        QCOMPARE(bits(back.quantile(0.5)), bits(digest.quantile(0.5)));
    }

    void invalidAddsAreIgnored_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("weight");
        const double inf = std::numeric_limits<double>::infinity();
        QTest::addRow("NaN value") << kNaN << 1.0;
        QTest::addRow("+Inf value") << inf << 1.0;
        QTest::addRow("-Inf value") << -inf << 1.0;
        QTest::addRow("zero weight") << 1.0 << 0.0;
        QTest::addRow("negative weight") << 1.0 << -2.0;
        QTest::addRow("NaN weight") << 1.0 << kNaN;
        QTest::addRow("infinite weight") << 1.0 << inf;
        QTest::addRow("weight overflowing the count") << 1.0 << std::numeric_limits<double>::max();
    }

    void invalidAddsAreIgnored()
    {
        QFETCH(double, x);
        QFETCH(double, weight);
        TDigest digest;
        digest.add(5.0, std::numeric_limits<double>::max() / 2 * 1.5);
        const double countBefore = digest.count();
        QVERIFY(!digest.add(x, weight));
        QCOMPARE(digest.count(), countBefore);
        QCOMPARE(digest.quantile(0.5), 5.0);
        QCOMPARE(digest.min(), 5.0);
        QCOMPARE(digest.max(), 5.0);
    }

    void emptyDigestAnswersNaN()
    {
        TDigest digest;
        QVERIFY(digest.isEmpty());
        QCOMPARE(digest.count(), 0.0);
        QVERIFY(std::isnan(digest.quantile(0.5)));
        QVERIFY(std::isnan(digest.quantile(0.0)));
        QVERIFY(std::isnan(digest.cdf(1.0)));
        QVERIFY(std::isnan(digest.min()));
        QVERIFY(std::isnan(digest.max()));
        QCOMPARE(digest.centroidCount(), std::size_t(0));
        digest.merge(TDigest());
        QVERIFY(digest.isEmpty());
        QVERIFY(TDigest::mergeAll({}).isEmpty());
        const std::optional<TDigest> back = TDigest::deserialize(digest.serialized());
        QVERIFY(back.has_value());
        QVERIFY(back->isEmpty());
    }

    void clearedDigestIsReusable()
    {
        TDigest digest(50);
        for (int i = 0; i < 10'000; ++i)
            digest.add(i);
        digest.clear();
        QVERIFY(digest.isEmpty());
        QVERIFY(std::isnan(digest.quantile(0.5)));
        QCOMPARE(digest.compression(), 50.0);
        digest.add(-3.0);
        QCOMPARE(digest.quantile(0.5), -3.0);
        QCOMPARE(digest.min(), -3.0);
        QCOMPARE(digest.max(), -3.0);
        QCOMPARE(digest.cdf(-3.0), 0.5);
    }

    void quantileAndCdfAreMonotoneAndConsistent_data()
    {
        QTest::addColumn<std::vector<double>>("xs");
        QTest::addColumn<double>("inverseTolerance"); // |cdf(quantile(q)) - q|; ties make cdf a step function
        QTest::addRow("100k normal") << generate(Dist::Normal, 100'000, 9) << 0.001;
        std::vector<double> ties;
        for (int i = 0; i < 50'000; ++i)
            ties.push_back(double(i % 10));
        QTest::addRow("ten distinct values") << ties << 1.0;
        QTest::addRow("single value") << std::vector<double> { 4.0 } << 1.0;
        QTest::addRow("two values") << std::vector<double> { 1.0, 2.0 } << 1.0;
        QTest::addRow("five values") << std::vector<double> { 3.0, 1.0, 4.0, 1.0, 5.0 } << 1.0;
    }

    void quantileAndCdfAreMonotoneAndConsistent()
    {
        QFETCH(std::vector<double>, xs);
        QFETCH(double, inverseTolerance);
        const TDigest digest = digestOf(xs);
        const double lo = digest.min();
        const double hi = digest.max();
        QCOMPARE(digest.cdf(lo - 1.0), 0.0);
        QCOMPARE(digest.cdf(hi + 1.0), 1.0);
        double previousCdf = 0.0;
        for (int i = 0; i <= 4000; ++i) {
            const double x = lo - 0.5 + (hi - lo + 1.0) * i / 4000.0;
            const double c = digest.cdf(x);
            QVERIFY2(c >= previousCdf && c <= 1.0, qPrintable(QStringLiteral("cdf(%1) = %2").arg(x).arg(c)));
            previousCdf = c;
        }
        double previousQuantile = lo;
        for (int i = 0; i <= 1000; ++i) {
            const double q = i / 1000.0;
            const double v = digest.quantile(q);
            QVERIFY(v >= previousQuantile && v <= hi);
            previousQuantile = v;
            if (q >= 0.01 && q <= 0.99)
                QVERIFY2(std::abs(digest.cdf(v) - q) <= inverseTolerance, qPrintable(QString::number(q)));
        }
    }

    void quantileArgumentIsClamped()
    {
        const TDigest digest = digestOf(generate(Dist::Uniform, 1000, 1));
        QCOMPARE(digest.quantile(-0.5), digest.min());
        QCOMPARE(digest.quantile(1.5), digest.max());
        QVERIFY(std::isnan(digest.quantile(kNaN)));
        QVERIFY(std::isnan(digest.cdf(kNaN)));
    }

    void hugeMagnitudesStayFinite()
    {
        const double big = std::numeric_limits<double>::max();
        TDigest digest(10);
        for (int i = 0; i < 5000; ++i) {
            digest.add(i % 2 == 0 ? big : -big);
            digest.add(big / (i + 1));
        }
        TDigest merged = TDigest::mergeAll(std::vector<const TDigest*> { &digest, &digest });
        for (const TDigest* d : { &digest, &merged }) {
            for (int i = 0; i <= 100; ++i) {
                QVERIFY(std::isfinite(d->quantile(i / 100.0)));
                QVERIFY(std::isfinite(d->cdf(big / (i + 1))));
            }
            QCOMPARE(d->min(), -big);
            QCOMPARE(d->max(), big);
            std::string error;
            QVERIFY2(TDigest::deserialize(d->serialized(), &error).has_value(), error.c_str());
        }
    }

    void compressionIsClamped_data()
    {
        QTest::addColumn<double>("requested");
        QTest::addColumn<double>("expected");
        QTest::addRow("default") << 100.0 << 100.0;
        QTest::addRow("too small") << 0.0 << 10.0;
        QTest::addRow("negative") << -5.0 << 10.0;
        QTest::addRow("too large") << 1e9 << 10000.0;
        QTest::addRow("NaN falls back to the default") << kNaN << 100.0;
    }

    void compressionIsClamped()
    {
        QFETCH(double, requested);
        QFETCH(double, expected);
        QCOMPARE(TDigest(requested).compression(), expected);
    }

    void serializationRoundTripsBitForBit_data()
    {
        QTest::addColumn<std::vector<double>>("xs");
        QTest::addColumn<double>("weight");
        QTest::addRow("single value") << std::vector<double> { 2.5 } << 1.0;
        QTest::addRow("negative and zero values") << std::vector<double> { -0.0, 0.0, -7.25, 1e-300, -1e300 } << 1.0;
        QTest::addRow("1M normal, unit weights") << generate(Dist::Normal, kMillion, 2) << 1.0;
        QTest::addRow("1M sorted, weight 10") << generate(Dist::Sorted, kMillion, 3) << 10.0;
        QTest::addRow("1M sorted, fractional weights") << generate(Dist::Sorted, kMillion, 4) << 1.0 / 3.0;
        QTest::addRow("1M pareto, weight 0.5") << generate(Dist::Pareto, kMillion, 5) << 0.5;
    }

    void serializationRoundTripsBitForBit()
    {
        QFETCH(std::vector<double>, xs);
        QFETCH(double, weight);
        const TDigest digest = digestOf(xs, weight);
        const std::string bytes = digest.serialized();
        QVERIFY2(bytes.size() <= 2048, qPrintable(QString::number(bytes.size())));
        std::string error;
        const std::optional<TDigest> back = TDigest::deserialize(bytes, &error);
        QVERIFY2(back.has_value(), error.c_str());
        QCOMPARE(back->serialized(), bytes);
        QCOMPARE(bits(back->count()), bits(digest.count()));
        QCOMPARE(bits(back->min()), bits(digest.min()));
        QCOMPARE(bits(back->max()), bits(digest.max()));
        QCOMPARE(back->compression(), digest.compression());
        QCOMPARE(back->centroidCount(), digest.centroidCount());
        for (int i = 0; i <= 1000; ++i) {
            const double q = i / 1000.0;
            QCOMPARE(bits(back->quantile(q)), bits(digest.quantile(q)));
            QCOMPARE(bits(back->cdf(digest.quantile(q))), bits(digest.cdf(digest.quantile(q))));
        }
        std::string appended = "prefix";
        digest.serialize(appended);
        QCOMPARE(appended, "prefix" + bytes);
    }

    void corruptBytesAreRejected_data()
    {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<QString>("reason");
        const std::string valid = withChecksum(smallPayload());
        QVERIFY(TDigest::deserialize(valid).has_value());
        QTest::addRow("no bytes") << std::string() << u"truncated"_s;
        QTest::addRow("checksum only") << valid.substr(valid.size() - 4) << u"truncated"_s;
        QTest::addRow("last byte missing") << valid.substr(0, valid.size() - 1) << u"checksum"_s;
        QTest::addRow("trailing byte without checksum") << valid + '\0' << u"checksum"_s;
        QTest::addRow("random garbage") << std::string(300, '\x5a') << u"version"_s;
        QTest::addRow("wrong version") << patched(0, "\x02") << u"version"_s;
        QTest::addRow("unknown weight encoding") << patched(1, "\x07") << u"encoding"_s;
        QTest::addRow("NaN compression") << patched(kCompressionAt, f64Bytes(kNaN)) << u"compression"_s;
        QTest::addRow("absurd compression") << patched(kCompressionAt, f64Bytes(1e12)) << u"compression"_s;
        QTest::addRow("negative count") << patched(kCountAt, f64Bytes(-5.0)) << u"count"_s;
        QTest::addRow("count not the sum of weights") << patched(kCountAt, f64Bytes(6.0)) << u"sum"_s;
        QTest::addRow("more centroids than bytes") << patched(kCentroidCountAt, "\x7f") << u"larger than the data"_s;
        std::string huge = smallPayload();
        huge.replace(kCentroidCountAt, 1, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
        QTest::addRow("centroid count 2^64-1") << withChecksum(huge) << u"larger than the data"_s;
        std::string overlong = smallPayload();
        overlong.replace(kCentroidCountAt, 1, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f");
        QTest::addRow("varint longer than 64 bits") << withChecksum(overlong) << u"header"_s;
        QTest::addRow("fewer centroids than data") << patched(kCentroidCountAt, "\x04") << QString();
        QTest::addRow("infinite min") << patched(kMinAt, f64Bytes(-std::numeric_limits<double>::infinity()))
                                      << u"min/max"_s;
        QTest::addRow("min above max") << patched(kMinAt, f64Bytes(9.0)) << u"min/max"_s;
        QTest::addRow("mean below min") << patched(kMinAt, f64Bytes(1.5)) << u"outside"_s;
        QTest::addRow("NaN mean") << patched(kMeansAt + 8, f64Bytes(kNaN)) << u"not finite"_s;
        QTest::addRow("unsorted means") << patched(kMeansAt, f64Bytes(2.5)) << u"unsorted"_s;
        QTest::addRow("mean above max") << patched(kMaxAt, f64Bytes(4.5)) << u"outside"_s;
        QTest::addRow("zero weight") << patched(kMeansAt + 5 * sizeof(double), std::string(1, '\0')) << u"weight"_s;
        std::string cut = smallPayload();
        cut.pop_back();
        QTest::addRow("weights truncated") << withChecksum(cut) << u"truncated"_s;
        QTest::addRow("trailing bytes") << withChecksum(smallPayload() + "\x01") << u"trailing"_s;
        TDigest fractional;
        fractional.add(1.0, 0.3);
        fractional.add(2.0, 0.3);
        std::string f = fractional.serialized();
        f = f.substr(0, f.size() - 4);
        f.replace(f.size() - 8, 8, f64Bytes(-0.3));
        QTest::addRow("negative float64 weight") << withChecksum(f) << u"weight"_s;
        std::string empty = TDigest().serialized();
        empty = empty.substr(0, empty.size() - 4);
        empty.replace(kCountAt, 8, f64Bytes(3.0));
        QTest::addRow("empty digest with a count") << withChecksum(empty) << u"empty"_s;
    }

    void corruptBytesAreRejected()
    {
        QFETCH(std::string, bytes);
        QFETCH(QString, reason);
        std::string error;
        QVERIFY(!TDigest::deserialize(bytes, &error).has_value());
        QVERIFY2(QString::fromStdString(error).contains(reason), error.c_str());
    }

    void everyTruncationAndFlippedByteIsRejected()
    {
        const TDigest digest = digestOf(generate(Dist::LogNormal, 100'000, 8));
        const std::string bytes = digest.serialized();
        for (std::size_t length = 0; length < bytes.size(); ++length)
            QVERIFY2(!TDigest::deserialize(bytes.substr(0, length)).has_value(), qPrintable(QString::number(length)));
        for (std::size_t at = 0; at < bytes.size(); ++at) {
            for (const unsigned char mask : { 0x01, 0x80, 0xff }) {
                std::string flipped = bytes;
                flipped[at] = static_cast<char>(flipped[at] ^ static_cast<char>(mask));
                QVERIFY2(!TDigest::deserialize(flipped).has_value(), qPrintable(QString::number(at)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTDigest)
#include "tst_tdigest.moc"
