#pragma once

#include "model/clock.h"
#include "query/panelquery.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace pulse {
class RollingStore;
}

namespace pulse::ui {

class DashboardView;

/** Timing of the render ticks so far, for the heartbeat and the benchmarks. */
struct RenderStats {
    std::uint64_t ticks = 0;
    std::uint64_t panelEvaluations = 0; ///< PanelQuery::evaluate calls (panels whose inputs changed)
    std::uint64_t deferredEvaluations = 0; ///< due panels left to a later tick by the budget
    std::int64_t lastTickNs = 0; ///< evaluation + handing data to the panels (painting follows in the event loop)
    std::int64_t maxTickNs = 0;
};

/**
 * The render tick: at the dashboard's render rate, evaluates each panel's queries against the rolling store
 * (lock-free reads, no I/O, so it runs on the GUI thread) and hands the immutable PanelData to the panel.
 *
 * A panel is evaluated again only when its inputs can have changed: the store stored new points, the panel's
 * width or zoom changed, its definition changed, or a second passed (freshness ages even without data). Panels
 * ignore data with an unchanged stamp, so an idle dashboard does no painting at all.
 *
 * Two limits keep every frame short. Panels scrolled out of view (PanelWidget::isOnScreen) are not evaluated
 * until they come into view, and then at once. And a tick evaluates at most redrawBudget() panels: when more are
 * due (new data reaches every panel in the same second), the rest go first on the next ticks, so a dashboard's
 * redraw is spread over up to kSpreadTicks ticks (133 ms at 30 Hz) instead of painting every chart in one frame.
 */
class DashboardRenderer : public QObject {
    Q_OBJECT
public:
    /** Points asked per pixel column; the chart decimates to min/max per column, so this only picks a resolution. */
    static constexpr int kPointsPerPixel = 4;
    /** A panel is evaluated at least this often, so LIVE turns STALE on time. */
    static constexpr std::int64_t kMaxEvaluationAgeMs = 1000;
    /** Line cap of table panels (they list series rather than draw them). */
    static constexpr int kTableMaxLines = 2000;
    /** A redraw of every panel is spread over at most this many ticks. */
    static constexpr int kSpreadTicks = 4;
    /** Panels a tick may always evaluate, however small the dashboard. */
    static constexpr int kMinRedrawsPerTick = 4;

    explicit DashboardRenderer(
        DashboardView* view, const Clock& clock = SystemClock::instance(), QObject* parent = nullptr);
    ~DashboardRenderer() override;

    /** The store panels read; nullptr shows NO DATA everywhere. Not owned; must outlive its use here. */
    void setStore(const RollingStore* store);
    const RollingStore* store() const { return m_store; }

    /**
     * Where panels learn which sources are down (Pipeline::sourceStatus()); asked at most every
     * kSourceStatusIntervalMs on the render tick, so it must be cheap and never block. Empty: no source status.
     */
    void setSourceStatusProvider(std::function<SourceStatus()> provider);
    static constexpr TimestampMs kSourceStatusIntervalMs = 250;

    void setTimeRangeMs(std::int64_t rangeMs);
    std::int64_t timeRangeMs() const { return m_timeRangeMs; }
    void setRenderRateHz(int hz);
    int renderRateHz() const { return m_renderRateHz; }

    /** Re-reads every panel definition from the view (after DashboardView::setDashboard or updatePanel). */
    void syncPanels();

    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

    /**
     * One tick now (also what the timer runs). `force` evaluates every panel on screen regardless of change and
     * budget (a newly loaded dashboard, a screenshot); panels out of view wait until they come into view.
     */
    void renderNow(bool force = false);
    /** Panels one tick evaluates at most: a kSpreadTicks-th of those on screen, at least kMinRedrawsPerTick. */
    int redrawBudget() const;

    const RenderStats& stats() const { return m_stats; }

Q_SIGNALS:
    /** After each tick; tick counts from 1. */
    void ticked(quint64 tick);

private:
    struct PanelState {
        PanelQuery query;
        std::uint64_t dataVersion = ~0ull; ///< PanelQuery::dataVersion() before the last evaluation
        /** A live-edge pane withheld from the last evaluation ends then: evaluate again (PanelData). */
        TimestampMs withheldUntilMs = std::numeric_limits<TimestampMs>::max();
        TimestampMs evaluatedAtMs = 0;
        int widthPx = -1;
        std::optional<std::pair<TimestampMs, TimestampMs>> viewRange;
        bool isDirty = true;
        /** When the data shown turns STALE (its newest point plus the panel's timeout); never while not LIVE. */
        TimestampMs staleAtMs = std::numeric_limits<TimestampMs>::max();
    };

    /** Evaluates panel `index` now and hands the data over. */
    void evaluate(int index, TimestampMs nowMs, std::uint64_t dataVersion);
    /** Refreshes the source status when due; a change marks every panel for evaluation. */
    void refreshSourceStatus(TimestampMs nowMs);

    DashboardView* m_view;
    const Clock& m_clock;
    const RollingStore* m_store = nullptr;
    std::int64_t m_timeRangeMs = 3'600'000;
    int m_renderRateHz = 30;
    QTimer m_timer;
    std::vector<PanelState> m_panels;
    /** Where the next tick starts looking for due panels, so deferred ones go first. */
    std::size_t m_nextPanel = 0;
    RenderStats m_stats;
    std::function<SourceStatus()> m_sourceStatusProvider;
    SourceStatus m_sourceStatus;
    TimestampMs m_sourceStatusAtMs = 0;
};

} // namespace pulse::ui
