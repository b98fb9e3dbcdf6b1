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

void DashboardRenderer::renderNow(bool force)
{
    QElapsedTimer timer;
    timer.start();
    const TimestampMs nowMs = m_clock.nowMs();
    const std::uint64_t storedPoints = m_store ? m_store->stats().changeCount() : 0; // closed points or live edges
    const int count = std::min(m_view->panelCount(), static_cast<int>(m_panels.size()));
    for (int i = 0; i < count; ++i) {
        PanelWidget* widget = m_view->panelWidget(i);
        PanelState& state = m_panels[static_cast<std::size_t>(i)];
        if (state.query.panel().queries.empty())
            continue; // text and clock panels draw without data
        const int widthPx = std::max(widget->plotWidthPx(), 1);
        const auto viewRange = widget->viewRangeMs();
        const bool isDue = force || state.isDirty || state.storedPoints != storedPoints || state.widthPx != widthPx
            || state.viewRange != viewRange || nowMs - state.evaluatedAtMs >= kMaxEvaluationAgeMs;
        if (!isDue)
            continue;
        state.isDirty = false;
        state.storedPoints = storedPoints;
        state.widthPx = widthPx;
        state.viewRange = viewRange;
        state.evaluatedAtMs = nowMs;
        ++m_stats.panelEvaluations;
        if (!m_store) {
            auto empty = std::make_shared<PanelData>();
            empty->fromMs = nowMs - m_timeRangeMs;
            empty->toMs = nowMs;
            empty->evaluatedAtMs = nowMs;
            widget->setData(std::move(empty));
            continue;
        }
        const auto [fromMs, toMs] = viewRange.value_or(std::pair { nowMs - m_timeRangeMs, nowMs });
        // Decimation off (benchmarks): every stored point of the range, from the finest resolution reaching back.
        const auto maxPoints = isDecimationEnabled() ? static_cast<std::size_t>(widthPx) * kPointsPerPixel
                                                     : std::numeric_limits<std::size_t>::max();
        widget->setData(
            std::make_shared<const PanelData>(state.query.evaluate(*m_store, fromMs, toMs, maxPoints, nowMs)));
    }
    ++m_stats.ticks;
    m_stats.lastTickNs = timer.nsecsElapsed();
    m_stats.maxTickNs = std::max(m_stats.maxTickNs, m_stats.lastTickNs);
    Q_EMIT ticked(m_stats.ticks);
}

} // namespace pulse::ui
