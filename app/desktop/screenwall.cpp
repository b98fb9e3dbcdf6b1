#include "screenwall.h"

#include "dashboard/dashboardview.h"
#include "layout/layoutreader.h"
#include "mainwindow.h"
#include "playlistrunner.h"

#include <QGuiApplication>
#include <QLoggingCategory>
#include <QScreen>
#include <QTimer>

namespace pulse::desktop {

Q_LOGGING_CATEGORY(lcWall, "pulse.desktop.screens")

ScreenWall::ScreenWall(MainWindow* primary, layout::Playlist playlist, SourceOverrides overrides,
    std::optional<QKeySequence> kioskKeys, QObject* parent)
    : QObject(parent)
    , m_primary(primary)
    , m_playlist(std::move(playlist))
    , m_overrides(std::move(overrides))
    , m_kioskKeys(std::move(kioskKeys))
{
    // One pipeline for every window: the pinned layouts' sources join the rotation's.
    std::vector<layout::Source> sources
        = m_primary->controller()->sourceOverrides().sources.value_or(std::vector<layout::Source> {});
    for (const layout::PlaylistScreen& entry : m_playlist.screens) {
        if (!entry.isPinned())
            continue;
        m_watcher.addPath(entry.pinnedLayoutPath);
        const layout::LayoutLoadResult pinned = layout::loadLayoutFile(entry.pinnedLayoutPath);
        if (pinned.dashboard)
            addSourcesOnce(sources, pinned.dashboard->sources);
    }
    SourceOverrides primaryOverrides = m_primary->controller()->sourceOverrides();
    primaryOverrides.sources = sources;
    m_primary->controller()->setSourceOverrides(primaryOverrides);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ScreenWall::onPinnedFileChanged);

    // A screen that is being removed is still listed while the signal runs: look again once it is gone.
    const auto later = [this] { QTimer::singleShot(0, this, [this] { reconcile(QGuiApplication::screens()); }); };
    connect(qApp, &QGuiApplication::screenAdded, this, later);
    connect(qApp, &QGuiApplication::screenRemoved, this, later);
    // The primary window covers its screen from the start (later only when it is moved to another one).
    const QList<QScreen*> screens = QGuiApplication::screens();
    if (!m_playlist.screens.empty() && m_playlist.screens.front().screen < screens.size())
        m_primary->placeOnScreen(screens[m_playlist.screens.front().screen], m_kioskKeys.has_value());
    reconcile(screens);
}

ScreenWall::~ScreenWall()
{
    // Followers go before the primary window, whose pipeline they draw from.
    m_windows.clear();
}

MainWindow* ScreenWall::windowOn(int screen) const
{
    const auto it = m_windows.find(screen);
    return it == m_windows.end() ? nullptr : it->second.get();
}

void ScreenWall::reconcile(const QList<QScreen*>& screens)
{
    if (m_playlist.screens.empty())
        return;
    const layout::PlaylistScreen& first = m_playlist.screens.front();
    if (first.screen < screens.size() && m_primary->screen() != screens[first.screen])
        m_primary->placeOnScreen(screens[first.screen], m_kioskKeys.has_value());
    for (std::size_t i = 1; i < m_playlist.screens.size(); ++i) {
        const layout::PlaylistScreen& entry = m_playlist.screens[i];
        const auto it = m_windows.find(entry.screen);
        if (entry.screen >= screens.size()) {
            if (it != m_windows.end()) {
                qCInfo(lcWall, "screen %d is gone: its window is closed until it returns", entry.screen);
                m_windows.erase(it);
            }
            continue;
        }
        QScreen* screen = screens[entry.screen];
        if (it == m_windows.end())
            openWindow(entry, screen);
        else if (it->second->screen() != screen)
            it->second->placeOnScreen(screen, m_kioskKeys.has_value());
    }
}

void ScreenWall::openWindow(const layout::PlaylistScreen& entry, QScreen* screen)
{
    auto window = std::make_unique<MainWindow>(m_overrides);
    window->setObjectName(QStringLiteral("screen%1").arg(entry.screen));
    // Before any layout: no pipeline of its own, and the display profile measures this screen.
    window->controller()->followPipelineOf(m_primary->controller());
    window->placeOnScreen(screen, m_kioskKeys.has_value());
    if (entry.isPinned())
        window->showPinned(entry.pinnedLayoutPath);
    else if (PlaylistRunner* runner = m_primary->playlistRunner())
        window->followPlaylist(runner, entry.offset);
    if (m_kioskKeys)
        window->setKioskMode(*m_kioskKeys);
    else
        window->show();
    qCInfo(lcWall, "screen %d: window opened (%s)", entry.screen,
        entry.isPinned() ? qUtf8Printable(entry.pinnedLayoutPath) : qUtf8Printable(QStringLiteral("rotating")));
    m_windows[entry.screen] = std::move(window);
}

void ScreenWall::onPinnedFileChanged(const QString& path)
{
    // Editors replace files: watch the path again, then reload every window pinned to it.
    if (!m_watcher.files().contains(path))
        m_watcher.addPath(path);
    for (const layout::PlaylistScreen& entry : m_playlist.screens)
        if (entry.pinnedLayoutPath == path)
            if (MainWindow* window = windowOn(entry.screen))
                window->showPinned(path);
}

} // namespace pulse::desktop
