#pragma once

#include "dashboardcontroller.h"
#include "layout/playlist.h"

#include <QFileSystemWatcher>
#include <QKeySequence>
#include <QList>
#include <QObject>

#include <map>
#include <memory>
#include <optional>

class QScreen;

namespace pulse::desktop {

class MainWindow;

/**
 * One process, several screens: the windows a playlist's `screens` section asks for. The primary window (the first
 * entry, which rotates) runs the playlist and the one pipeline; every further entry gets its own full-screen window
 * on its screen — with its display profile measured there — that draws from the primary's store and either turns
 * with the rotation `offset` pages ahead or shows a pinned layout (reloaded when its file changes). The primary's
 * sources are widened to the pinned layouts' too.
 *
 * Screens come and go (a monitor unplugged, a KVM switched): the windows follow QGuiApplication's screen list — an
 * entry whose screen disappears loses its window, and gets it back when the screen returns. The primary window
 * stays wherever the system moves it.
 */
class ScreenWall : public QObject {
    Q_OBJECT
public:
    /** `primary` runs `playlist` already; `kioskKeys` set: every window in kiosk mode with those exit keys. */
    ScreenWall(MainWindow* primary, layout::Playlist playlist, SourceOverrides overrides,
        std::optional<QKeySequence> kioskKeys, QObject* parent = nullptr);
    ~ScreenWall() override;

    /** Opens, moves or closes the further windows for this list of screens (QGuiApplication::screens() order). */
    void reconcile(const QList<QScreen*>& screens);
    /** The window of a further entry's screen number, or nullptr (none configured, or its screen is missing). */
    MainWindow* windowOn(int screen) const;
    int windowCount() const { return static_cast<int>(m_windows.size()); }

private:
    void openWindow(const layout::PlaylistScreen& entry, QScreen* screen);
    void onPinnedFileChanged(const QString& path);

    MainWindow* m_primary;
    layout::Playlist m_playlist;
    SourceOverrides m_overrides;
    std::optional<QKeySequence> m_kioskKeys;
    std::map<int, std::unique_ptr<MainWindow>> m_windows; // by screen number; further entries only
    QFileSystemWatcher m_watcher;
};

} // namespace pulse::desktop
