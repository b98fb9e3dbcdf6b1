#include "dashboard/dashboardrenderer.h"

#include "charts/decimation.h"
#include "dashboard/dashboardview.h"
#include "panels/panelfields.h"
#include "panels/panelwidget.h"
#include "store/rollingstore.h"

#include <algorithm>
#include <limits>

namespace pulse::ui {

DashboardRenderer::DashboardRenderer(DashboardView* view, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_view(view)
    , m_clock(clock)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] { renderNow(); });
    setRenderRateHz(m_renderRateHz);
}

DashboardRenderer::~DashboardRenderer() = default;

void DashboardRenderer::setStore(const RollingStore* store)
{
    m_store = store;
    // Matched series are cached per store: start over.
    for (PanelState& state : m_panels) {
        state.query.setPanel(layout::Panel(state.query.panel()));
        state.isDirty = true;
    }
}

void DashboardRenderer::setTimeRangeMs(std::int64_t rangeMs)
{
    m_timeRangeMs = std::max<std::int64_t>(rangeMs, 1000);
    for (PanelState& state : m_panels)
        state.isDirty = true;
}

void DashboardRenderer::setRenderRateHz(int hz)
{
    m_renderRateHz = std::clamp(hz, 1, 120);
    m_timer.setInterval(std::max(1, 1000 / m_renderRateHz));
}

void DashboardRenderer::syncPanels()
{
    const int count = m_view->panelCount();
    m_panels.clear();
    m_panels.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        layout::Panel panel = m_view->panelWidget(i)->panel();
        panel.queries = queriesToEvaluate(panel);
        PanelState state;
        state.query.setPanel(std::move(panel));
        if (state.query.panel().type == layout::PanelType::Table)
            state.query.setMaxLines(kTableMaxLines);
        m_panels.push_back(std::move(state));
    }
}

void DashboardRenderer::start()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void DashboardRenderer::stop()
{
    m_timer.stop();
}

int DashboardRenderer::redrawBudget() const
{
    int onScreen = 0;
    for (int i = 0; i < m_view->panelCount(); ++i)
        onScreen += m_view->panelWidget(i)->isOnScreen() ? 1 : 0;
    return std::max(kMinRedrawsPerTick, (onScreen + kSpreadTicks - 1) / kSpreadTicks);
}

void DashboardRenderer::renderNow(bool force)
{
    QElapsedTimer timer;
    timer.start();
    const TimestampMs nowMs = m_clock.nowMs();
    refreshSourceStatus(nowMs);
    const std::size_t count = std::min(static_cast<std::size_t>(std::max(m_view->panelCount(), 0)), m_panels.size());
    int budget = force ? std::numeric_limits<int>::max() : redrawBudget();
    if (m_nextPanel >= count)
        m_nextPanel = 0;
    // Round robin from where the last tick stopped: panels the budget left over come first. (The loop sets where the
    // next tick starts; this one keeps its own start so it still visits every panel once.)
    const std::size_t start = m_nextPanel;
    for (std::size_t n = 0; n < count; ++n) {
        const std::size_t i = (start + n) % count;
        PanelWidget* widget = m_view->panelWidget(static_cast<int>(i));
        PanelState& state = m_panels[i];
        if (state.query.panel().queries.empty())
            continue; // text and clock panels draw without data
        if (!widget->isOnScreen()) {
            state.isDirty = true; // out of view: evaluated the moment it comes back
            continue;
        }
        const int widthPx = std::max(widget->plotWidthPx(), 1);
        const auto viewRange = widget->viewRangeMs();
        // A panel whose data has just gone stale says so on this tick, ahead of the budget: never a stale LIVE.
        const bool isStaleDue = nowMs >= state.staleAtMs;
        // Only panels with something new: one of their series changed (or the store gained series), a withheld
        // live-edge pane ended, or the time axis is due to move on.
        const std::uint64_t dataVersion = m_store ? state.query.dataVersion(*m_store) : 0;
        const bool isDue = force || isStaleDue || state.isDirty || state.dataVersion != dataVersion
            || nowMs >= state.withheldUntilMs || state.widthPx != widthPx || state.viewRange != viewRange
            || nowMs - state.evaluatedAtMs >= kMaxEvaluationAgeMs;
        if (!isDue)
            continue;
        if (isStaleDue && budget == 0) {
            state.widthPx = widthPx;
            state.viewRange = viewRange;
            evaluate(static_cast<int>(i), nowMs, dataVersion);
            continue;
        }
        if (budget == 0) {
            ++m_stats.deferredEvaluations;
            continue;
        }
        if (--budget == 0)
            m_nextPanel = i + 1;
        state.widthPx = widthPx;
        state.viewRange = viewRange;
        evaluate(static_cast<int>(i), nowMs, dataVersion);
    }
    ++m_stats.ticks;
    m_stats.lastTickNs = timer.nsecsElapsed();
    m_stats.maxTickNs = std::max(m_stats.maxTickNs, m_stats.lastTickNs);
    Q_EMIT ticked(m_stats.ticks);
}

void DashboardRenderer::evaluate(int index, TimestampMs nowMs, std::uint64_t dataVersion)
{
    PanelWidget* widget = m_view->panelWidget(index);
    PanelState& state = m_panels[static_cast<std::size_t>(index)];
    state.isDirty = false;
    // Taken before the reads: a change that lands while they run shows as a new version on the next tick.
    state.dataVersion = dataVersion;
    state.evaluatedAtMs = nowMs;
    ++m_stats.panelEvaluations;
    if (!m_store) {
        auto empty = std::make_shared<PanelData>();
        empty->fromMs = nowMs - m_timeRangeMs;
        empty->toMs = nowMs;
        empty->evaluatedAtMs = nowMs;
        widget->setData(std::move(empty));
        return;
    }
    const auto [fromMs, toMs] = state.viewRange.value_or(std::pair { nowMs - m_timeRangeMs, nowMs });
    // Decimation off (benchmarks): every stored point of the range, from the finest resolution reaching back.
    const auto maxPoints = isDecimationEnabled() ? static_cast<std::size_t>(state.widthPx) * kPointsPerPixel
                                                 : std::numeric_limits<std::size_t>::max();
    const SourceStatus* sources = m_sourceStatusProvider ? &m_sourceStatus : nullptr;
    auto data
        = std::make_shared<const PanelData>(state.query.evaluate(*m_store, fromMs, toMs, maxPoints, nowMs, sources));
    // PanelQuery calls data stale once it is more than the timeout old.
    state.staleAtMs = data->freshness == PanelFreshness::Live && data->lastUpdateMs
        ? *data->lastUpdateMs + state.query.panel().effectiveStaleAfterMs() + 1
        : std::numeric_limits<TimestampMs>::max();
    state.withheldUntilMs = data->withheldUntilMs.value_or(std::numeric_limits<TimestampMs>::max());
    widget->setData(std::move(data));
}

void DashboardRenderer::setSourceStatusProvider(std::function<SourceStatus()> provider)
{
    m_sourceStatusProvider = std::move(provider);
    m_sourceStatus = {};
    m_sourceStatusAtMs = 0;
    for (PanelState& state : m_panels)
        state.isDirty = true;
}

void DashboardRenderer::refreshSourceStatus(TimestampMs nowMs)
{
    if (!m_sourceStatusProvider || (m_sourceStatusAtMs != 0 && nowMs - m_sourceStatusAtMs < kSourceStatusIntervalMs))
        return;
    m_sourceStatusAtMs = nowMs;
    SourceStatus status = m_sourceStatusProvider();
    const bool isChanged = status.failedMask != m_sourceStatus.failedMask
        || status.disconnectedMask != m_sourceStatus.disconnectedMask
        || status.reconnectingMask != m_sourceStatus.reconnectingMask
        || status.loadingMask != m_sourceStatus.loadingMask || status.messages != m_sourceStatus.messages
        || status.nextRetryMs != m_sourceStatus.nextRetryMs;
    m_sourceStatus = std::move(status);
    if (isChanged) {
        for (PanelState& state : m_panels)
            state.isDirty = true;
    }
}

} // namespace pulse::ui
