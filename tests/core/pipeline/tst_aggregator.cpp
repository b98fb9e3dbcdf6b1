// The aggregation thread's live-edge cadence, driven by a manual clock: a batch after an idle spell is published at
// once, a dry queue after the idle gap, a stream at most once per provisionalInterval, and the closed window follows
// when the watermark passes.

#include "pipeline/aggregator.h"

#include <QTest>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using namespace pulse;

namespace {

constexpr TimestampMs kT0 = 1'700'000'000'300; // 300 ms into a second: the cadence steps stay inside it

/** Records what the aggregation thread hands over, with the (manual) time it happened at. */
class RecordingSink final : public WindowSink {
public:
    explicit RecordingSink(const Clock& clock)
        : m_clock(clock)
    { }
    struct Published {
        TimestampMs atMs = 0;
        WindowBatchPtr batch;
    };
    void onNewSeries(std::span<const SeriesInfoPtr> series) override
    {
        std::lock_guard lock(m_mutex);
        for (const SeriesInfoPtr& s : series) {
            m_announced.insert(s->id);
            if (s->name == "live.g")
                m_liveId = s->id;
        }
    }
    void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry&) override
    {
        std::lock_guard lock(m_mutex);
        for (const WindowBatchPtr& b : batches) {
            for (const WindowResult& r : b->results) {
                if (b->specIndex == 0 && r.series == m_liveId)
                    m_closed.push_back(r);
            }
        }
    }
    void onProvisional(const WindowBatchPtr& batch) override
    {
        std::lock_guard lock(m_mutex);
        for (const WindowResult& r : batch->results) {
            if (!m_announced.contains(r.series))
                ++m_unannounced;
        }
        m_published.push_back({ m_clock.nowMs(), batch });
    }

    std::vector<Published> published() const
    {
        std::lock_guard lock(m_mutex);
        return m_published;
    }
    std::size_t publishedCount() const { return published().size(); }
    std::vector<WindowResult> closed() const
    {
        std::lock_guard lock(m_mutex);
        return m_closed;
    }
    int unannounced() const
    {
        std::lock_guard lock(m_mutex);
        return m_unannounced;
    }
    /** The live.g result of a published batch; a default result when it holds none. */
    WindowResult liveResult(const Published& p) const
    {
        std::lock_guard lock(m_mutex);
        for (const WindowResult& r : p.batch->results) {
            if (r.series == m_liveId)
                return r;
        }
        return {};
    }

private:
    const Clock& m_clock;
    mutable std::mutex m_mutex;
    std::set<SeriesId> m_announced;
    SeriesId m_liveId = kInvalidSeries;
    std::vector<Published> m_published;
    std::vector<WindowResult> m_closed;
    int m_unannounced = 0;
};

AggregatorConfig configWith(std::chrono::milliseconds provisionalInterval)
{
    AggregatorConfig c;
    c.engine.specs = { WindowSpec { 1000, 1000, false } };
    c.engine.allowedLatenessMs = 2000;
    c.provisionalInterval = provisionalInterval;
    c.selfMetricsInterval = std::chrono::milliseconds(60'000);
    c.sourceNames = { "pulse", "test" };
    return c;
}

/** Pushes one gauge point of `live.g`; `isIngested` turns true once the aggregation thread has aggregated it. */
void pushGauge(IngestQueue& queue, double value, TimestampMs t, std::atomic<bool>& isIngested)
{
    isIngested = false;
    IngestBatchPtr batch = queue.acquire();
    batch->sourceIndex = 1;
    batch->points.push_back(PointSample { "live.g", {}, MetricType::Gauge, value, t });
    batch->onIngested = [&isIngested] { isIngested = true; };
    QVERIFY(queue.push(batch, std::chrono::milliseconds(5000)));
}

/** Holds the aggregation thread inside a batch until released, so more batches queue up behind it. */
struct Gate {
    std::atomic<bool> isInside { false };
    std::atomic<bool> isReleased { false };
};

void pushGated(IngestQueue& queue, double value, TimestampMs t, Gate& gate)
{
    IngestBatchPtr batch = queue.acquire();
    batch->sourceIndex = 1;
    batch->points.push_back(PointSample { "live.g", {}, MetricType::Gauge, value, t });
    batch->onIngested = [&gate] {
        gate.isInside = true;
        while (!gate.isReleased)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    };
    QVERIFY(queue.push(batch, std::chrono::milliseconds(5000)));
}

} // namespace

class TestAggregator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void liveEdgeIsPublishedAtOnceAfterIdleThenAtTheCadence()
    {
        ManualClock clock(kT0);
        IngestQueue queue(8);
        Aggregator aggregator(configWith(std::chrono::milliseconds(20)), queue, clock);
        RecordingSink sink(clock);
        aggregator.addSink(&sink);
        aggregator.start();
        std::atomic<bool> isIngested { false };

        // Idle so far: the first datagram goes out in the step that aggregates it, at the same (frozen) time.
        pushGauge(queue, 1, kT0, isIngested);
        QTRY_COMPARE_WITH_TIMEOUT(sink.publishedCount(), std::size_t(1), 5000);
        auto published = sink.published();
        QCOMPARE(published[0].atMs, kT0);
        QCOMPARE(published[0].batch->specIndex, std::uint16_t(0));
        WindowResult live = sink.liveResult(published[0]);
        QCOMPARE(live.startMs, kT0 / 1000 * 1000);
        QCOMPARE(live.last, 1.0);
        QCOMPARE(sink.unannounced(), 0);

        // The queue ran dry again, but within the idle gap (5 ms) of the last batch: held back until it passed.
        pushGauge(queue, 2, kT0, isIngested);
        QTRY_VERIFY_WITH_TIMEOUT(isIngested, 5000);
        clock.setMs(kT0 + 3);
        pushGauge(queue, 3, kT0 + 3, isIngested);
        QTRY_VERIFY_WITH_TIMEOUT(isIngested, 5000);
        QCOMPARE(sink.publishedCount(), std::size_t(1));
        clock.setMs(kT0 + 5);
        QTRY_COMPARE_WITH_TIMEOUT(sink.publishedCount(), std::size_t(2), 5000);
        published = sink.published();
        QCOMPARE(published[1].atMs, kT0 + 5);
        live = sink.liveResult(published[1]);
        QCOMPARE(live.last, 3.0);
        QCOMPARE(live.min, 1.0);
        QCOMPARE(live.count, 3.0);

        // A stream (the next batch is already queued): nothing goes out before the 20 ms interval...
        Gate gate;
        pushGated(queue, 4, kT0 + 15, gate);
        QTRY_VERIFY_WITH_TIMEOUT(gate.isInside, 5000);
        clock.setMs(kT0 + 15);
        pushGauge(queue, 5, kT0 + 15, isIngested);
        gate.isReleased = true;
        QTRY_COMPARE_WITH_TIMEOUT(sink.publishedCount(), std::size_t(3), 5000); // once the queue ran dry
        published = sink.published();
        QCOMPARE(published[2].atMs, kT0 + 15);
        QCOMPARE(sink.liveResult(published[2]).last, 5.0);

        // ... and once the interval has passed it goes out even though more batches are waiting.
        Gate second;
        pushGated(queue, 6, kT0 + 35, second);
        QTRY_VERIFY_WITH_TIMEOUT(second.isInside, 5000);
        clock.setMs(kT0 + 35);
        pushGauge(queue, 7, kT0 + 35, isIngested);
        second.isReleased = true;
        QTRY_COMPARE_WITH_TIMEOUT(sink.publishedCount(), std::size_t(4), 5000);
        published = sink.published();
        QCOMPARE(published[3].atMs, kT0 + 35);
        QCOMPARE(sink.liveResult(published[3]).last, 6.0);
        QTRY_VERIFY_WITH_TIMEOUT(isIngested, 5000);
        clock.setMs(kT0 + 40);
        QTRY_COMPARE_WITH_TIMEOUT(sink.publishedCount(), std::size_t(5), 5000);
        QCOMPARE(sink.liveResult(sink.published()[4]).last, 7.0);
        for (const auto& p : sink.published())
            QVERIFY(sink.liveResult(p).last != 2.0 && sink.liveResult(p).last != 4.0); // coalesced away
        QVERIFY(sink.closed().empty());

        // Once the watermark passes the pane's end, the closed window arrives with the same values.
        clock.setMs(kT0 / 1000 * 1000 + 3001);
        QTRY_COMPARE_WITH_TIMEOUT(sink.closed().size(), std::size_t(1), 5000);
        const WindowResult closed = sink.closed().front();
        QCOMPARE(closed.startMs, kT0 / 1000 * 1000);
        QCOMPARE(closed.last, 7.0);
        QCOMPARE(closed.count, 7.0);
        aggregator.stop();

        published = sink.published();
        for (std::size_t i = 1; i < published.size(); ++i)
            QVERIFY2(published[i].atMs - published[i - 1].atMs >= 5, "two live-edge batches within the idle gap");
        QCOMPARE(sink.unannounced(), 0);
    }

    void zeroIntervalTurnsTheLiveEdgeOff()
    {
        ManualClock clock(kT0);
        IngestQueue queue(8);
        Aggregator aggregator(configWith(std::chrono::milliseconds(0)), queue, clock);
        RecordingSink sink(clock);
        aggregator.addSink(&sink);
        aggregator.start();
        std::atomic<bool> isIngested { false };
        pushGauge(queue, 1, kT0, isIngested);
        QTRY_VERIFY_WITH_TIMEOUT(isIngested, 5000);
        clock.setMs(kT0 / 1000 * 1000 + 3001);
        QTRY_COMPARE_WITH_TIMEOUT(sink.closed().size(), std::size_t(1), 5000);
        aggregator.stop();
        QCOMPARE(sink.publishedCount(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestAggregator)
#include "tst_aggregator.moc"
