#pragma once

#include "dashboardcontroller.h"
#include "layout/layoutreader.h"
#include "layout/playlist.h"
#include "playlistrunner.h"

#include <QMainWindow>
#include <QPointer>

#include <optional>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QScreen;

namespace pulse::ui {
class DashboardDocument;
class DashboardView;
} // namespace pulse::ui

namespace pulse::desktop {

class CursorHider;
class HoldBanner;
class RecentFiles;
class StatusStrip;

/**
 * The window: menus, toolbar and status strip around the dashboard grid. It presents and wires; loading,
 * saving and edits go through core/layout and the document's undo stack, the pipeline and render tick through
 * DashboardController.
 */
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(SourceOverrides overrides, QWidget* parent = nullptr);
    ~MainWindow() override;

    ui::DashboardDocument* document() const { return m_document; }
    ui::DashboardView* view() const { return m_view; }
    DashboardController* controller() const { return m_controller; }
    StatusStrip* statusStrip() const { return m_status; }
    RecentFiles* recentFiles() const { return m_recent; }

    /** Opens the shipped default dashboard ("This machine" + incoming metrics). */
    void openDefault();
    /** Loads a layout file (no unsaved-changes prompt; see openFileInteractively). Problems are reported. */
    layout::LayoutLoadResult openFile(const QString& path);
    /** Asks about unsaved changes first; false when the operator cancelled or the file was refused. */
    bool openFileInteractively(const QString& path);
    /** Writes the dashboard to `path` atomically; false (and a message) on failure. */
    bool saveTo(const QString& path);

    /** Every action of the menus, for the shortcuts list and tests. */
    QList<QAction*> allActions() const;
    QAction* action(const QString& objectName) const;

    /** Called when the window would close or another file replace this one: Save / Discard / Cancel. */
    bool confirmDiscard();

    /** HOLD: freezes every panel (ingest keeps running) and shows the banner; false returns to live at once. */
    void setHold(bool isHeld);
    bool isHeld() const;
    HoldBanner* holdBanner() const { return m_holdBanner; }

    /**
     * Kiosk: full screen, no menus or toolbar, no editing, the cursor hidden when idle; survives layout reloads
     * and playlist pages. Only `exitKeys` (default Ctrl+Alt+Q) leaves — by quitting.
     */
    void setKioskMode(const QKeySequence& exitKeys);
    /**
     * Puts the window on `screen` before a layout is loaded and the window shown: the display profile then measures
     * that screen's DPI, and full screen (kiosk) covers that screen.
     */
    void placeOnScreen(QScreen* screen, bool isFullScreen);
    bool isKiosk() const { return m_isKiosk; }

    /** Rotates through the playlist's pages (editing off); pages share one pipeline. */
    void runPlaylist(layout::Playlist playlist);
    PlaylistRunner* playlistRunner() const;
    /**
     * Another screen of a wall (ScreenWall): shows the page `offset` ahead of `runner`'s (owned by another window),
     * turning with it; Next, Previous and Acknowledge drive that runner. Editing is off.
     */
    void followPlaylist(PlaylistRunner* runner, int offset);
    /** Another screen of a wall with one layout pinned; editing is off. False (and a status message) if unreadable. */
    bool showPinned(const QString& layoutPath);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void updateTitle();
    void updateRecentMenu();
    void updateEditActions();
    void applyTheme(const ui::Theme& theme);
    void reportProblems(const QString& path, const layout::LayoutLoadResult& result);

    void newDashboard();
    void open();
    bool save();
    bool saveAs();
    void addPanel();
    void editPanel(int index);
    /** The panel editor over the live store; the edited panel, or nullopt when cancelled. */
    std::optional<layout::Panel> runPanelEditor(const layout::Panel& panel, const QString& title);
    void duplicatePanel();
    void removePanel();
    void editSettings();
    void setTimeRange(std::int64_t rangeMs);
    void showShortcuts();
    void showAbout();
    /** Loads a page's layout; false (and a status message, the previous page kept) when it cannot be read. */
    bool showPage(const QString& layoutPath);
    bool isEditingAllowed() const { return !m_isKiosk && !m_playlist && !m_isWallScreen; }
    void ensurePlaylistStatus();

    ui::DashboardDocument* m_document;
    ui::DashboardView* m_view;
    DashboardController* m_controller;
    StatusStrip* m_status;
    RecentFiles* m_recent;
    QMenu* m_recentMenu = nullptr;
    QActionGroup* m_themeGroup = nullptr;
    QActionGroup* m_rangeGroup = nullptr;
    QList<QAction*> m_actions;
    HoldBanner* m_holdBanner;
    QLabel* m_playlistStatus = nullptr;
    QPointer<PlaylistRunner> m_playlist;
    bool m_isPlaylistOwned = false;
    bool m_isWallScreen = false; ///< a further screen of a wall: follows another window's playlist or is pinned
    CursorHider* m_cursorHider = nullptr;
    bool m_isKiosk = false;
};

} // namespace pulse::desktop
