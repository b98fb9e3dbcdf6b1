#pragma once

#include "layout/dashboard.h"
#include "layout/playlist.h"
#include "model/clock.h"
#include "query/panelquery.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

#include <optional>
#include <vector>

namespace pulse {
class RollingStore;
}

namespace pulse::desktop {

/** Appends each source of `more` that `into` does not have yet (one system source; UDP by address; URLs). */
void addSourcesOnce(std::vector<layout::Source>& into, const std::vector<layout::Source>& more);

/**
 * Rotates a wall display through a playlist's pages with a visible countdown, reloads a page whose file
 * changed on disk, and watches every page's critical thresholds: when a panel newly turns critical, rotation
 * jumps to its page and stays there until an operator acknowledges (then resumes from that page).
 *
 * It only decides; the window loads the pages (pageRequested). All pages share one pipeline whose sources
 * are the union of the pages' sources (unionSources()), so switching pages keeps the rolling history.
 */
class PlaylistRunner : public QObject {
    Q_OBJECT
public:
    /** How often alarms are checked and the countdown moves. */
    static constexpr int kTickMs = 1000;

    explicit PlaylistRunner(
        layout::Playlist playlist, const Clock& clock = SystemClock::instance(), QObject* parent = nullptr);
    ~PlaylistRunner() override;

    const layout::Playlist& playlist() const { return m_playlist; }
    int pageCount() const { return static_cast<int>(m_playlist.pages.size()); }
    int currentIndex() const { return m_current; }
    std::int64_t remainingMs() const { return m_remainingMs; }
    bool isHeldByAlarm() const { return m_alarmPage.has_value(); }
    /** "Page 2 of 5 · next in 12 s", or the alarm and how to acknowledge it. Plain text. */
    QString statusText() const;

    /** Every page's sources together, without duplicates. */
    std::vector<layout::Source> unionSources() const;
    /** The pages' layouts as last read (nullopt where a page could not be read). */
    const std::optional<layout::Dashboard>& pageDashboard(int index) const
    {
        return m_pages.at(static_cast<std::size_t>(index)).dashboard;
    }

    /** The store alarms are evaluated against (after each pipeline restart); nullptr pauses alarm checks. */
    void setStore(const RollingStore* store);

    /** Requests the first page and starts the countdown. */
    void start();
    void next();
    void previous();
    /** Clears an alarm hold; rotation continues from the current page with a fresh dwell. */
    void acknowledge();

    /** One tick now: countdown and alarm check (the timer's job; public for tests). */
    void tick();

Q_SIGNALS:
    /** The window should show this page (also for a reload of the current page). */
    void pageRequested(int index, const QString& layoutPath);
    /** Countdown, page or alarm state changed. */
    void stateChanged();
    /** A panel newly turned critical; rotation is now held on its page. */
    void alarmRaised(int pageIndex, const QString& panelTitle);

private:
    struct WatchedPanel {
        PanelQuery query;
        QString title;
        bool wasCritical = false;
    };
    struct Page {
        std::optional<layout::Dashboard> dashboard;
        std::vector<WatchedPanel> watched;
    };

    void loadPage(std::size_t index);
    void show(int index);
    void checkAlarms();
    void onFileChanged(const QString& path);

    layout::Playlist m_playlist;
    const Clock& m_clock;
    std::vector<Page> m_pages;
    const RollingStore* m_store = nullptr;
    int m_current = 0;
    std::int64_t m_remainingMs = 0;
    std::optional<int> m_alarmPage;
    QString m_alarmTitle;
    QTimer m_timer;
    QFileSystemWatcher m_watcher;
};

} // namespace pulse::desktop
