#pragma once

#include "ingest/listenaddress.h"
#include "model/clock.h"
#include "pipeline/pipeline.h"
#include "theme/theme.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace pulse {
class PgHistorySource;
class StorageOutput;
} // namespace pulse

namespace pulse::client {
class BackendSource;
}

namespace pulse::ui {
class DashboardDocument;
class DashboardRenderer;
class DashboardView;
} // namespace pulse::ui

namespace pulse::desktop {

/** Command-line choices that win over the layout's sources. */
struct SourceOverrides {
    std::optional<std::vector<ListenAddress>> udp; ///< --udp: replaces the layout's UDP listeners
    bool isSystemDisabled = false; ///< --no-system
    /** A playlist: every page's sources together, used instead of the open layout's so pages share one store. */
    std::optional<std::vector<layout::Source>> sources;
    /** --connect: client mode; this backend is the only source, whatever the layouts say. */
    std::optional<std::string> connect;
    /** --pg / $PULSE_PG_URL: the history database, whatever the layout's `postgres` source says. */
    std::optional<std::string> pg;
};

/**
 * How much a display profile enlarges text on a screen: the smallest text (the application font) must be at
 * least the profile's height in millimetres — desk 2.5, room 5, wall 10, or the layout's minTextMm — measured
 * with the screen's physical DPI. Never below 1 (a profile only enlarges).
 */
double displayScale(const layout::DisplayProfile& profile, double fontPointSize, double logicalDpi, double physicalDpi);

/** The in-process pipeline a dashboard's sources describe (its Kafka consumers: kafkaSourcesFor). */
PipelineConfig pipelineConfigFor(const layout::Dashboard& dashboard, const SourceOverrides& overrides);
/** The Kafka consumer URLs among a dashboard's sources (or the overrides'), in order; none in client mode. */
std::vector<std::string> kafkaSourcesFor(const layout::Dashboard& dashboard, const SourceOverrides& overrides);
/** The backend (Pulseboard server) URLs among a dashboard's sources, or the --connect one alone. */
std::vector<std::string> backendSourcesFor(const layout::Dashboard& dashboard, const SourceOverrides& overrides);
/** The history database: --pg, else the layout's (or the playlist's) first `postgres` source; none in client mode. */
std::optional<std::string> historyDatabaseFor(const layout::Dashboard& dashboard, const SourceOverrides& overrides);
/** The series selectors of every panel's queries, for the backend sources to subscribe to. */
std::vector<std::string> panelSelectors(const layout::Dashboard& dashboard);

/**
 * Runs the open dashboard: keeps the grid in step with the document, owns the in-process pipeline its sources
 * describe (restarted when the sources change) and the render tick that feeds the panels from its store.
 *
 * The GUI thread never waits on a pipeline shutting down: a replaced pipeline is stopped on a helper thread
 * (its store stays alive until then, and the renderer already reads the new one). If the sources cannot all
 * start (a UDP port taken), the pipeline runs without the UDP listeners so this machine's metrics and the
 * pipeline's own health still show, and pipelineError() says what failed.
 */
class DashboardController : public QObject {
    Q_OBJECT
public:
    DashboardController(ui::DashboardDocument* document, ui::DashboardView* view, SourceOverrides overrides,
        const Clock& clock = SystemClock::instance(), QObject* parent = nullptr);
    ~DashboardController() override;

    ui::DashboardRenderer* renderer() const { return m_renderer; }
    /** The running pipeline (the leader's when following); nullptr before the first dashboard or when even the
     * fallback failed. */
    const Pipeline* pipeline() const { return m_leader ? m_leader->pipeline() : m_pipeline.get(); }

    /**
     * Another screen's window of the same wall: this controller runs no pipeline of its own and draws from the
     * leader's store (whose sources must cover this dashboard's; a playlist's union does). The leader outlives its
     * followers; its backend sources subscribe for the followers' panels too.
     */
    void followPipelineOf(DashboardController* leader);
    bool isFollower() const { return m_leader != nullptr; }
    /** Empty while every source runs; otherwise what failed to start. */
    const QString& pipelineError() const { return m_pipelineError; }
    /** The history database's writer, when one is configured and its spool could be taken; else nullptr. */
    const StorageOutput* storage() const { return m_leader ? m_leader->storage() : m_storage.get(); }
    /** The running pipeline's history backfill, when a database is configured; else nullptr. */
    const PgHistorySource* historySource() const { return m_leader ? m_leader->historySource() : m_history; }

    /** Replaces the overrides (a playlist started); restarts the pipeline when its sources change. */
    void setSourceOverrides(SourceOverrides overrides);
    const SourceOverrides& sourceOverrides() const { return m_overrides; }

    /** --theme: wins over the layout's theme (nullopt: follow the layout). */
    void setThemeOverride(std::optional<layout::Theme> theme);
    const ui::Theme& theme() const { return m_theme; }

    /** Stops the render tick and every pipeline (blocking; for shutdown). */
    void shutdown();

Q_SIGNALS:
    void themeChanged(const pulse::ui::Theme& theme);
    /** The pipeline (re)started; error is empty when every source runs. */
    void pipelineRestarted(const QString& error);

private:
    void onReset();
    void onStructureChanged();
    void applySettings();
    void restartPipelineIfNeeded(bool isForced);
    /** Stops the pipeline on a helper thread; `keepAlive` (the storage its sink writes to) goes after it. */
    void retire(std::unique_ptr<Pipeline> pipeline, std::shared_ptr<StorageOutput> keepAlive = nullptr);
    /** Takes the spool and starts the writer for `url` (nothing waits on the database); the error, if any. */
    QString openStorage(const std::optional<std::string>& url);
    /** Adds the history writer's sink and the backfill source to a pipeline that is about to start. */
    void attachStorage(Pipeline& pipeline);
    /** Tells the backend and history sources which series the panels need now, and how far back to backfill. */
    void updateBackendSelectors();

    ui::DashboardDocument* m_document;
    ui::DashboardView* m_view;
    ui::DashboardRenderer* m_renderer;
    SourceOverrides m_overrides;
    const Clock& m_clock;
    std::optional<layout::Theme> m_themeOverride;
    ui::Theme m_theme;
    std::optional<layout::Theme> m_appliedTheme;
    double m_appliedScale = 1.0;

    std::unique_ptr<Pipeline> m_pipeline;
    std::optional<PipelineConfig> m_pipelineConfig; ///< what m_pipeline was asked to run (before any fallback)
    std::vector<std::string> m_kafkaSources; ///< the Kafka consumers it was asked to run
    std::vector<std::string> m_backendSources; ///< the backends it was asked to subscribe to
    std::vector<client::BackendSource*> m_backends; ///< owned by m_pipeline
    std::optional<std::string> m_storageUrl; ///< the history database m_storage writes to
    std::shared_ptr<StorageOutput> m_storage;
    QString m_storageError; ///< why m_storage could not start
    PgHistorySource* m_history = nullptr; ///< owned by m_pipeline
    DashboardController* m_leader = nullptr; ///< set: a follower (followPipelineOf)
    std::vector<DashboardController*> m_followers;
    QString m_pipelineError;
    bool m_isShutDown = false;
    struct Retiring {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> isDone;
    };
    std::vector<Retiring> m_retiring;
};

} // namespace pulse::desktop
