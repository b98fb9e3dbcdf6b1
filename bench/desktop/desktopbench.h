// Shared by the desktop benchmarks: the dashboard data (16 panels × 4 gauge series, one point per
// second, an hour of history), layouts built from it, and an application that timestamps every event it
// dispatches from the event loop so frames can be measured without touching the app.
#pragma once

#include "layout/dashboard.h"
#include "store/rollingstore.h"

#include <QApplication>
#include <QCoreApplication>
#include <QEvent>
#include <QWidget>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pulse::bench {

using namespace Qt::StringLiterals;

inline constexpr int kPanels = 16;
inline constexpr int kLinesPerPanel = 4;
inline constexpr int kHistorySeconds = 3600;

inline std::int64_t monotonicNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

inline std::int64_t threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

inline std::int64_t processCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/** Value at a fraction in [0, 1] of sorted values (nearest rank). */
inline double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(fraction * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/**
 * 16 × 4 gauge series `bench.load{line=lN,panel=pNN}` with a deterministic, noisy value per second (a slow
 * wave plus hash noise, so every pixel column has a distinct min and max), written like the pipeline writes:
 * 1 s windows at resolution 0, and the 10 s and 1 min windows at 1 and 2 when they close.
 */
class BenchData {
public:
    static constexpr int kSeriesCount = kPanels * kLinesPerPanel;

    /** 1 s × 1 h (the 3,600 points), 10 s × 6 h, 1 min × 48 h. */
    static StoreConfig storeConfig()
    {
        StoreConfig config;
        config.resolutions = { { 1000, 3'600'000 }, { 10'000, 6 * 3'600'000 }, { 60'000, 48 * 3'600'000 } };
        return config;
    }

    static double value(int series, std::int64_t second)
    {
        std::uint64_t h = std::uint64_t(second) * 0x9E3779B97F4A7C15ull ^ std::uint64_t(series) * 0xC2B2AE3D27D4EB4Full;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ull;
        h ^= h >> 32;
        const double noise = double(h % 10'000) / 10'000.0 * 2 - 1;
        const double period = 300.0 + 37.0 * series;
        return 50 + 25 * std::sin(6.283185307179586 * double(second) / period + series) + 12 * noise;
    }

    /** Writer: registers the series. */
    static void addSeries(RollingStore& store)
    {
        for (int i = 0; i < kSeriesCount; ++i) {
            auto info = std::make_shared<SeriesInfo>();
            info->id = SeriesId(i);
            info->type = MetricType::Gauge;
            info->name = "bench.load";
            char panel[8];
            std::snprintf(panel, sizeof panel, "p%02d", i / kLinesPerPanel);
            info->tags = { { "line", "l" + std::to_string(i % kLinesPerPanel) }, { "panel", panel } };
            store.addSeries(info);
        }
    }

    /** Writer: the window [second, second + 1) of every series, plus the 10 s / 1 min windows it closes. */
    static void appendSecond(RollingStore& store, std::int64_t second)
    {
        store.append(0, batch(second, 1));
        if ((second + 1) % 10 == 0)
            store.append(1, batch(second - 9, 10));
        if ((second + 1) % 60 == 0)
            store.append(2, batch(second - 59, 60));
    }

    /** Writer: the hour of history before `endSecond` (exclusive). */
    static void fillHistory(RollingStore& store, std::int64_t endSecond)
    {
        for (std::int64_t s = endSecond - kHistorySeconds; s < endSecond; ++s)
            appendSecond(store, s);
    }

private:
    static WindowBatch batch(std::int64_t firstSecond, int seconds)
    {
        WindowBatch batch;
        batch.spec = { seconds * 1000, seconds * 1000, false };
        batch.quantiles = { 0.5, 0.9, 0.95, 0.99, 0.999 };
        batch.results.reserve(kSeriesCount);
        for (int i = 0; i < kSeriesCount; ++i) {
            WindowResult r;
            r.series = SeriesId(i);
            r.type = MetricType::Gauge;
            r.startMs = firstSecond * 1000;
            r.endMs = r.startMs + seconds * 1000;
            r.min = r.max = value(i, firstSecond);
            r.sum = 0;
            for (int s = 0; s < seconds; ++s) {
                const double v = value(i, firstSecond + s);
                r.min = std::min(r.min, v);
                r.max = std::max(r.max, v);
                r.sum += v;
                r.last = v;
            }
            r.count = seconds;
            r.mean = r.sum / seconds;
            batch.results.push_back(r);
        }
        return batch;
    }
};

/** A time-series panel charting the four lines of bench panel `group` (one line per `line` tag). */
inline layout::Panel timeseriesPanel(int group, int x, int y, int w, int h)
{
    layout::Query query;
    const std::string selector
        = "bench.load{panel=p" + std::string(group < 10 ? "0" : "") + std::to_string(group) + "}";
    query.selector = *SeriesSelector::parse(selector).selector;
    query.field = Field::Last;
    query.window = { layout::WindowKind::Tumbling, 1000, 1000 };
    query.groupBy = u"line"_s;
    query.legend = u"{{line}}"_s;
    layout::Panel panel;
    panel.type = layout::PanelType::Timeseries;
    panel.title = u"Load %1"_s.arg(group);
    panel.x = x;
    panel.y = y;
    panel.w = w;
    panel.h = h;
    panel.queries = { query };
    panel.unit.kind = layout::UnitKind::Percent;
    return panel;
}

/** The render dashboard: 16 time-series panels in a 4 × 4 grid, the last hour, 30 Hz, no sources. */
inline layout::Dashboard renderDashboard()
{
    layout::Dashboard dashboard;
    dashboard.title = u"Render benchmark"_s;
    dashboard.timeRangeMs = 3'600'000;
    dashboard.renderRateHz = 30;
    for (int i = 0; i < kPanels; ++i)
        dashboard.panels.push_back(timeseriesPanel(i, (i % 4) * 6, (i / 4) * 6, 6, 6));
    return dashboard;
}

/**
 * A QApplication that notes the start and end of every event the event loop dispatches (the outermost
 * notify() only; nested sends are part of their parent). Off until recording is switched on.
 */
class BenchApplication : public QApplication {
public:
    struct Dispatch {
        std::int64_t beginNs = 0;
        std::int64_t endNs = 0;
        QEvent::Type type = QEvent::None;
        bool isTick = false; ///< the render tick ran inside it
        bool isPaint = false; ///< the window was painted (and flushed to the X server) inside it
        std::int64_t paintNs = 0; ///< of which painting the window
        const char* receiverClass = nullptr;
    };

    BenchApplication(int& argc, char** argv)
        : QApplication(argc, argv)
    { }

    void setRecording(bool isRecording)
    {
        m_isRecording = isRecording;
        if (isRecording)
            m_dispatches.reserve(200'000);
    }
    /** Call from inside a dispatch (e.g. a slot on DashboardRenderer::ticked) to mark it as a tick. */
    void markTick() { m_isTickNow = true; }
    const std::vector<Dispatch>& dispatches() const { return m_dispatches; }
    void clearDispatches() { m_dispatches.clear(); }
    /** Called after each outermost dispatch while recording (e.g. to stop a measurement at a paint). */
    std::function<void(const Dispatch&)> onDispatch;

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (!m_isRecording)
            return QApplication::notify(receiver, event);
        // The window paint (UpdateRequest to a top-level widget) is often sent synchronously from inside another
        // event, e.g. a posted QGraphicsScene update, so it is looked for at every depth.
        const bool isPaint = event->type() == QEvent::UpdateRequest && receiver->isWidgetType()
            && static_cast<QWidget*>(receiver)->isWindow();
        if (m_depth > 0) {
            const std::int64_t beginNs = isPaint ? monotonicNs() : 0;
            ++m_depth;
            const bool result = QApplication::notify(receiver, event);
            --m_depth;
            if (isPaint) {
                m_paintNs += monotonicNs() - beginNs;
                m_isPaintNow = true;
            }
            return result;
        }
        Dispatch dispatch;
        dispatch.type = event->type();
        dispatch.receiverClass = receiver->metaObject()->className();
        m_isTickNow = false;
        m_isPaintNow = false;
        m_paintNs = 0;
        dispatch.beginNs = monotonicNs();
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        dispatch.endNs = monotonicNs();
        dispatch.isTick = m_isTickNow;
        dispatch.isPaint = isPaint || m_isPaintNow;
        dispatch.paintNs = isPaint ? dispatch.endNs - dispatch.beginNs : m_paintNs;
        m_dispatches.push_back(dispatch);
        if (onDispatch)
            onDispatch(dispatch);
        return result;
    }

private:
    bool m_isRecording = false;
    bool m_isTickNow = false;
    bool m_isPaintNow = false;
    std::int64_t m_paintNs = 0;
    int m_depth = 0;
    std::vector<Dispatch> m_dispatches;
};

} // namespace pulse::bench
