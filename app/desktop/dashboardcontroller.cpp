#include "dashboardcontroller.h"

#include "client/backendsource.h"
#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "document/dashboarddocument.h"
#include "kafka/kafkainput.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QScreen>

#include <algorithm>
#include <chrono>

Q_LOGGING_CATEGORY(lcDesktop, "pulse.desktop")

namespace pulse::desktop {

namespace {
/** Within the 2 s for a source to recover by itself, with a render tick to spare. */
constexpr std::chrono::milliseconds kUdpRetryInterval { 1000 };

bool sameSources(const PipelineConfig& a, const PipelineConfig& b)
{
    return a.udp == b.udp && a.hasSystemCollector == b.hasSystemCollector;
}
} // namespace

double displayScale(const layout::DisplayProfile& profile, double fontPointSize, double logicalDpi, double physicalDpi)
{
    double minTextMm = 2.5;
    switch (profile.kind) {
    case layout::DisplayProfile::Kind::Desk:
        minTextMm = 2.5;
        break;
    case layout::DisplayProfile::Kind::Room:
        minTextMm = 5;
        break;
    case layout::DisplayProfile::Kind::Wall:
        minTextMm = 10;
        break;
    case layout::DisplayProfile::Kind::Custom:
        minTextMm = profile.minTextMm;
        break;
    }
    if (!(fontPointSize > 0) || !(logicalDpi > 0) || !(physicalDpi > 0))
        return 1.0;
    // Points → device-independent pixels (logical DPI) → millimetres on the glass (QScreen's physical DPI counts
    // device-independent pixels per real inch).
    const double textPx = fontPointSize * logicalDpi / 72.0;
    const double textMm = textPx / physicalDpi * 25.4;
    return std::clamp(minTextMm / textMm, 1.0, 8.0);
}

PipelineConfig pipelineConfigFor(const layout::Dashboard& dashboard, const SourceOverrides& overrides)
{
    PipelineConfig config;
    config.hasSystemCollector = false;
    if (overrides.connect) {
        // Client mode: nothing is ingested here, and the pulse.* series are the server's.
        config.hasSelfMetrics = false;
        return config;
    }
    // A listener whose port is taken marks only the panels it feeds, and comes back by itself once the port is free.
    config.udpRetryInterval = kUdpRetryInterval;
    for (const layout::Source& source : overrides.sources.value_or(dashboard.sources)) {
        if (source.type == layout::SourceType::Udp)
            config.udp.push_back(source.listen);
        else if (source.type == layout::SourceType::System)
            config.hasSystemCollector = true;
    }
    if (overrides.udp)
        config.udp = *overrides.udp;
    if (overrides.isSystemDisabled)
        config.hasSystemCollector = false;
    // The server's pulse.* series would collide with this process's own.
    if (!backendSourcesFor(dashboard, overrides).empty())
        config.hasSelfMetrics = false;
    return config;
}

namespace {
std::vector<std::string> urlsOf(
    layout::SourceType type, const layout::Dashboard& dashboard, const SourceOverrides& overrides)
{
    std::vector<std::string> urls;
    for (const layout::Source& source : overrides.sources.value_or(dashboard.sources))
        if (source.type == type && std::find(urls.begin(), urls.end(), source.url) == urls.end())
            urls.push_back(source.url);
    return urls;
}
} // namespace

std::vector<std::string> kafkaSourcesFor(const layout::Dashboard& dashboard, const SourceOverrides& overrides)
{
    if (overrides.connect)
        return {};
    return urlsOf(layout::SourceType::Kafka, dashboard, overrides);
}

std::vector<std::string> backendSourcesFor(const layout::Dashboard& dashboard, const SourceOverrides& overrides)
{
    if (overrides.connect)
        return { *overrides.connect };
    return urlsOf(layout::SourceType::Backend, dashboard, overrides);
}

std::vector<std::string> panelSelectors(const layout::Dashboard& dashboard)
{
    std::vector<std::string> selectors;
    for (const layout::Panel& panel : dashboard.panels)
        for (const layout::Query& query : panel.queries)
            selectors.push_back(query.selector.text());
    std::sort(selectors.begin(), selectors.end());
    selectors.erase(std::unique(selectors.begin(), selectors.end()), selectors.end());
    return selectors;
}

DashboardController::DashboardController(ui::DashboardDocument* document, ui::DashboardView* view,
    SourceOverrides overrides, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_document(document)
    , m_view(view)
    , m_renderer(new ui::DashboardRenderer(view, clock, this))
    , m_overrides(std::move(overrides))
    , m_clock(clock)
{
    // Panels fed by a listener that is down say so (ERROR with its message) within a quarter of a second.
    m_renderer->setSourceStatusProvider([this] {
        const Pipeline* running = pipeline();
        return running ? running->sourceStatus() : SourceStatus {};
    });
    connect(document, &ui::DashboardDocument::dashboardReset, this, &DashboardController::onReset);
    connect(document, &ui::DashboardDocument::panelChanged, this, [this](int index) {
        updateBackendSelectors();
        m_view->updatePanel(index, m_document->panel(index));
        m_renderer->syncPanels();
        m_renderer->renderNow(true);
    });
    connect(document, &ui::DashboardDocument::panelInserted, this, [this](int index) {
        onStructureChanged();
        m_view->setSelectedIndex(index);
    });
    connect(document, &ui::DashboardDocument::panelRemoved, this, [this](int index) {
        onStructureChanged();
        m_view->setSelectedIndex(std::min(index, m_view->panelCount() - 1));
    });
    connect(document, &ui::DashboardDocument::settingsChanged, this, [this] {
        applySettings();
        restartPipelineIfNeeded(false);
    });
}

DashboardController::~DashboardController()
{
    shutdown();
}

void DashboardController::shutdown()
{
    if (m_isShutDown)
        return;
    m_isShutDown = true;
    m_renderer->stop();
    m_renderer->setStore(nullptr);
    if (m_leader) {
        std::erase(m_leader->m_followers, this);
        m_leader->updateBackendSelectors();
        m_leader = nullptr;
    }
    // Followers draw from this pipeline's store: they stop drawing before it goes.
    for (DashboardController* follower : std::exchange(m_followers, {})) {
        follower->m_renderer->setStore(nullptr);
        follower->m_leader = nullptr;
    }
    if (m_pipeline)
        m_pipeline->stop();
    m_pipeline.reset();
    for (Retiring& retiring : m_retiring)
        retiring.thread.join();
    m_retiring.clear();
}

void DashboardController::followPipelineOf(DashboardController* leader)
{
    Q_ASSERT(leader && leader != this && !leader->m_leader);
    if (m_pipeline)
        retire(std::exchange(m_pipeline, nullptr));
    m_backends.clear();
    m_leader = leader;
    leader->m_followers.push_back(this);
    m_renderer->setStore(pipeline() ? &pipeline()->store() : nullptr);
    leader->updateBackendSelectors();
    m_renderer->renderNow(true);
}

void DashboardController::setSourceOverrides(SourceOverrides overrides)
{
    m_overrides = std::move(overrides);
    restartPipelineIfNeeded(false);
}

void DashboardController::setThemeOverride(std::optional<layout::Theme> theme)
{
    m_themeOverride = theme;
    applySettings();
}

void DashboardController::onReset()
{
    m_view->setDashboard(m_document->dashboard());
    m_renderer->syncPanels();
    applySettings();
    restartPipelineIfNeeded(false);
    updateBackendSelectors();
    m_renderer->start();
    m_renderer->renderNow(true);
}

void DashboardController::onStructureChanged()
{
    updateBackendSelectors();
    m_view->setDashboard(m_document->dashboard());
    m_renderer->syncPanels();
    m_renderer->renderNow(true);
}

void DashboardController::applySettings()
{
    const layout::Dashboard& dashboard = m_document->dashboard();
    m_renderer->setTimeRangeMs(dashboard.timeRangeMs);
    m_renderer->setRenderRateHz(dashboard.renderRateHz);
    const layout::Theme which = m_themeOverride.value_or(dashboard.theme);
    const QScreen* screen = m_view->screen();
    const double scale = displayScale(dashboard.display, QApplication::font().pointSizeF(),
        screen ? screen->logicalDotsPerInchY() : 96.0, screen ? screen->physicalDotsPerInchY() : 96.0);
    if (m_appliedTheme != which || m_appliedScale != scale) {
        m_appliedTheme = which;
        m_appliedScale = scale;
        m_theme = ui::loadTheme(which);
        m_theme.fontScale *= scale;
        m_view->setTheme(m_theme);
        Q_EMIT themeChanged(m_theme); // the window applies the palette and style sheet, which re-polishes fonts
        // Everything in the grid inherits the font: tables, legends, labels scale together with the titles.
        QFont font = QApplication::font();
        font.setPointSizeF(font.pointSizeF() * scale);
        m_view->setFont(font);
    }
}

void DashboardController::restartPipelineIfNeeded(bool isForced)
{
    if (m_isShutDown)
        return;
    if (m_leader) {
        m_leader->updateBackendSelectors(); // this dashboard's panels may need other series
        return;
    }
    PipelineConfig config = pipelineConfigFor(m_document->dashboard(), m_overrides);
    std::vector<std::string> kafka = kafkaSourcesFor(m_document->dashboard(), m_overrides);
    std::vector<std::string> backends = backendSourcesFor(m_document->dashboard(), m_overrides);
    if (!isForced && m_pipelineConfig && sameSources(*m_pipelineConfig, config) && m_kafkaSources == kafka
        && m_backendSources == backends)
        return;
    m_pipelineConfig = config;
    m_kafkaSources = kafka;
    m_backendSources = backends;
    m_backends.clear();

    auto pipeline = std::make_unique<Pipeline>(config, m_clock);
    QString error;
    for (const std::string& url : kafka) {
        // The layout validator checked the URL; a consumer that still cannot start fails start() below.
        KafkaConfigResult parsed = parseKafkaSourceUrl(url);
        if (!parsed.config) {
            error = QString::fromStdString(url + ": " + parsed.error);
            continue;
        }
        pipeline->addSource([cfg = std::move(*parsed.config)](IngestQueue& queue, std::uint16_t index,
                                const Clock& clock) { return std::make_unique<KafkaInput>(cfg, queue, index, clock); });
    }
    std::vector<client::BackendSource*> backendSources;
    for (const std::string& url : backends) {
        // Validated by the layout loader or --connect; the token is read now, when the source starts.
        client::BackendConfigResult parsed = client::parseBackendUrl(url);
        if (!parsed.config) {
            error = QString::fromStdString(url + ": " + parsed.error);
            continue;
        }
        pipeline->addSource(
            [&, cfg = std::move(*parsed.config)](IngestQueue& queue, std::uint16_t index, const Clock& clock) {
                auto source = std::make_unique<client::BackendSource>(
                    cfg, queue, index, clock, config.store.resolutions, m_document->dashboard().timeRangeMs);
                backendSources.push_back(source.get());
                return source;
            });
    }
    if (auto failure = pipeline->start()) {
        error = QString::fromStdString(*failure);
        qCWarning(lcDesktop, "sources failed to start: %s; running without UDP listeners and Kafka consumers",
            failure->c_str());
        config.udp.clear();
        backendSources.clear(); // the fallback runs no added sources
        pipeline = std::make_unique<Pipeline>(config, m_clock);
        if (auto fallbackFailure = pipeline->start()) {
            error += QStringLiteral("; ") + QString::fromStdString(*fallbackFailure);
            pipeline.reset();
        }
    }
    m_backends = std::move(backendSources);
    m_renderer->setStore(pipeline ? &pipeline->store() : nullptr);
    // Before the old pipeline (and its store) is retired: followers must not draw from it any more.
    for (DashboardController* follower : m_followers)
        follower->m_renderer->setStore(pipeline ? &pipeline->store() : nullptr);
    retire(std::exchange(m_pipeline, std::move(pipeline)));
    updateBackendSelectors();
    m_pipelineError = error;
    m_renderer->renderNow(true);
    Q_EMIT pipelineRestarted(m_pipelineError);
}

void DashboardController::updateBackendSelectors()
{
    if (m_leader) {
        m_leader->updateBackendSelectors();
        return;
    }
    if (m_backends.empty())
        return;
    std::vector<std::string> selectors = panelSelectors(m_document->dashboard());
    for (const DashboardController* follower : m_followers) {
        const std::vector<std::string> more = panelSelectors(follower->m_document->dashboard());
        selectors.insert(selectors.end(), more.begin(), more.end());
    }
    for (client::BackendSource* backend : m_backends) {
        backend->setBackfillRangeMs(m_document->dashboard().timeRangeMs);
        backend->setSelectors(selectors);
    }
}

void DashboardController::retire(std::unique_ptr<Pipeline> pipeline)
{
    if (!pipeline)
        return;
    // Joining finished stoppers costs nothing, and keeps this list as short as the stops under way.
    std::erase_if(m_retiring, [](Retiring& retiring) {
        if (!retiring.isDone->load())
            return false;
        retiring.thread.join();
        return true;
    });
    // Pipeline::stop() joins its threads and flushes open windows; that is not for the GUI thread to wait on.
    auto isDone = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([old = std::move(pipeline), isDone]() mutable {
        old->stop();
        old.reset();
        isDone->store(true);
    });
    m_retiring.push_back({ std::move(thread), std::move(isDone) });
}

} // namespace pulse::desktop
