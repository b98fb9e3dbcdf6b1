#include "mainwindow.h"

#include "cursorhider.h"
#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "document/dashboarddocument.h"
#include "document/editcommands.h"
#include "editing/dashboardsettingsdialog.h"
#include "editing/paneleditor.h"
#include "holdbanner.h"
#include "layout/layoutwriter.h"
#include "model/duration.h"
#include "panels/panelfields.h"
#include "panels/panelwidget.h"
#include "playlistrunner.h"
#include "query/panelquery.h"
#include "recentfiles.h"
#include "shortcutsdialog.h"
#include "statusstrip.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QShortcut>
#include <QStatusBar>
#include <QTime>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pulse::desktop {

namespace {
const QString kDefaultLayout = u":/layouts/default.json"_s;

QString rangeLabel(std::int64_t rangeMs)
{
    return QCoreApplication::translate("pulse::desktop::MainWindow", "Last %1")
        .arg(QString::fromStdString(formatDurationMs(rangeMs)));
}
} // namespace

MainWindow::MainWindow(SourceOverrides overrides, QWidget* parent)
    : QMainWindow(parent)
    , m_document(new ui::DashboardDocument(this))
    , m_view(new ui::DashboardView(this))
    , m_controller(new DashboardController(m_document, m_view, std::move(overrides), SystemClock::instance(), this))
    , m_status(new StatusStrip(m_controller, this))
    , m_recent(new RecentFiles(this))
    , m_holdBanner(new HoldBanner(this))
{
    setObjectName(u"mainWindow"_s);
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_holdBanner);
    column->addWidget(m_view, 1);
    setCentralWidget(central);
    statusBar()->addWidget(m_status, 1);
    statusBar()->setSizeGripEnabled(false);
    setAcceptDrops(true);
    createActions();
    createMenus();

    connect(m_controller, &DashboardController::themeChanged, this, &MainWindow::applyTheme);
    connect(m_document, &ui::DashboardDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ui::DashboardDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ui::DashboardDocument::settingsChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ui::DashboardDocument::dashboardReset, this, &MainWindow::updateTitle);
    connect(m_document, &ui::DashboardDocument::dashboardReset, this, [this] {
        const QString name
            = m_document->filePath().isEmpty() ? tr("default dashboard") : QFileInfo(m_document->filePath()).fileName();
        m_status->setLayoutStatus(
            tr("%1 loaded %2").arg(name, QLocale().toString(QTime::currentTime(), u"HH:mm:ss"_s)));
    });
    connect(m_view, &ui::DashboardView::selectedIndexChanged, this, &MainWindow::updateEditActions);
    connect(m_view, &ui::DashboardView::panelMoveRequested, this, [this](int index, int x, int y) {
        if (isEditingAllowed())
            ui::pushMovePanel(*m_document, index, x, y);
    });
    connect(m_view, &ui::DashboardView::panelResizeRequested, this, [this](int index, int w, int h) {
        if (isEditingAllowed())
            ui::pushResizePanel(*m_document, index, w, h);
    });
    // Panels rebuilt by the controller (connected first, so it runs first) must keep the hold.
    for (auto signal : { &ui::DashboardDocument::dashboardReset, &ui::DashboardDocument::settingsChanged })
        connect(m_document, signal, this, [this] { setHold(isHeld()); });
    connect(m_document, &ui::DashboardDocument::panelChanged, this, [this] { setHold(isHeld()); });
    connect(m_document, &ui::DashboardDocument::panelInserted, this, [this] { setHold(isHeld()); });
    connect(m_document, &ui::DashboardDocument::panelRemoved, this, [this] { setHold(isHeld()); });
    connect(m_recent, &RecentFiles::filesChanged, this, &MainWindow::updateRecentMenu);
    updateRecentMenu();
    resize(1400, 900);
}

MainWindow::~MainWindow()
{
    m_controller->shutdown();
}

QAction* MainWindow::action(const QString& objectName) const
{
    for (QAction* a : m_actions) {
        if (a->objectName() == objectName)
            return a;
    }
    return nullptr;
}

QList<QAction*> MainWindow::allActions() const
{
    return m_actions;
}

void MainWindow::createActions()
{
    const auto make = [this](const QString& name, const QString& text, QList<QKeySequence> keys, auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        m_actions.append(a);
        return a;
    };
    make(u"actionNew"_s, tr("&New Dashboard"), { QKeySequence::New }, [this] { newDashboard(); });
    make(u"actionOpen"_s, tr("&Open…"), { QKeySequence::Open }, [this] { open(); });
    make(u"actionSave"_s, tr("&Save"), { QKeySequence::Save }, [this] { save(); });
    make(u"actionSaveAs"_s, tr("Save &As…"), { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S) }, [this] { saveAs(); });
    make(u"actionQuit"_s, tr("&Quit"), { QKeySequence(Qt::CTRL | Qt::Key_Q) }, [this] { close(); });

    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(u"actionUndo"_s);
    undo->setShortcuts(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(u"actionRedo"_s);
    redo->setShortcuts({ QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y) });
    for (QAction* a : { undo, redo }) {
        addAction(a);
        m_actions.append(a);
    }
    make(u"actionAddPanel"_s, tr("&Add Panel…"),
        { QKeySequence(Qt::CTRL | Qt::Key_Insert), QKeySequence(Qt::Key_Insert) }, [this] { addPanel(); });
    make(u"actionEditPanel"_s, tr("&Edit Panel…"), { QKeySequence(Qt::Key_E) },
        [this] { editPanel(m_view->selectedIndex()); });
    make(u"actionDuplicatePanel"_s, tr("D&uplicate Panel"), { QKeySequence(Qt::CTRL | Qt::Key_D) },
        [this] { duplicatePanel(); });
    make(u"actionRemovePanel"_s, tr("&Remove Panel"), { QKeySequence::Delete }, [this] { removePanel(); });
    make(u"actionSettings"_s, tr("Dashboard &Settings…"), { QKeySequence(Qt::CTRL | Qt::Key_Comma) },
        [this] { editSettings(); });

    m_themeGroup = new QActionGroup(this);
    for (const layout::Theme theme : { layout::Theme::Dark, layout::Theme::Light }) {
        QAction* a = make(u"actionTheme"_s + layout::name(theme),
            theme == layout::Theme::Dark ? tr("&Dark Theme") : tr("&Light Theme"), {}, [this, theme] {
                m_controller->setThemeOverride(std::nullopt);
                ui::DashboardSettings settings = ui::DashboardSettings::of(m_document->dashboard());
                settings.theme = theme;
                ui::pushEditSettings(*m_document, settings);
            });
        a->setCheckable(true);
        a->setActionGroup(m_themeGroup);
    }
    m_rangeGroup = new QActionGroup(this);
    int rangeKey = Qt::Key_1;
    for (const std::int64_t rangeMs : layout::kTimeRangesMs) {
        QAction* a = make(u"actionRange%1"_s.arg(rangeMs / 1000), rangeLabel(rangeMs),
            { QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key(rangeKey++)) }, [this, rangeMs] { setTimeRange(rangeMs); });
        a->setCheckable(true);
        a->setData(QVariant::fromValue<qlonglong>(rangeMs));
        a->setActionGroup(m_rangeGroup);
    }
    QAction* fullScreen = make(u"actionFullScreen"_s, tr("&Full Screen"), { QKeySequence::FullScreen, Qt::Key_F11 },
        [this](bool isOn) { isOn ? showFullScreen() : showNormal(); });
    fullScreen->setCheckable(true);
    // Z zooms the focused panel to fill the dashboard and back; Esc also returns (only while zoomed, so Esc is
    // free otherwise). Both work in kiosk mode and while held.
    QAction* zoom = make(u"actionZoomPanel"_s, tr("&Zoom Panel"), { QKeySequence(Qt::Key_Z) }, [this](bool isOn) {
        m_view->setZoomedIndex(isOn ? std::max(m_view->selectedIndex(), 0) : -1);
        action(u"actionZoomPanel"_s)->setChecked(m_view->zoomedIndex() >= 0); // an empty dashboard has none
    });
    zoom->setCheckable(true);
    make(u"actionLeaveZoom"_s, tr("&Leave Zoom"), { QKeySequence(Qt::Key_Escape) },
        [this] { m_view->setZoomedIndex(-1); });
    connect(m_view, &ui::DashboardView::zoomedIndexChanged, this, [this](int index) {
        action(u"actionZoomPanel"_s)->setChecked(index >= 0);
        updateEditActions();
    });
    connect(m_view, &ui::DashboardView::panelContextMenuRequested, this, [this](int, QPoint globalPos) {
        auto* menu = new QMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->addAction(action(u"actionZoomPanel"_s));
        if (isEditingAllowed()) {
            menu->addSeparator();
            menu->addActions(
                { action(u"actionEditPanel"_s), action(u"actionDuplicatePanel"_s), action(u"actionRemovePanel"_s) });
        }
        menu->popup(globalPos);
    });
    QAction* hold = make(u"actionHold"_s, tr("&Hold (Freeze Panels)"), { QKeySequence(Qt::Key_Pause) },
        [this](bool isOn) { setHold(isOn); });
    hold->setCheckable(true);
    make(u"actionNextPage"_s, tr("&Next Page"), { QKeySequence(Qt::Key_PageDown) }, [this] {
        if (m_playlist)
            m_playlist->next();
    });
    make(u"actionPreviousPage"_s, tr("&Previous Page"), { QKeySequence(Qt::Key_PageUp) }, [this] {
        if (m_playlist)
            m_playlist->previous();
    });
    make(u"actionAcknowledge"_s, tr("&Acknowledge Alarm"), { QKeySequence(Qt::Key_A) }, [this] {
        if (m_playlist)
            m_playlist->acknowledge();
    });
    make(u"actionShortcuts"_s, tr("&Keyboard Shortcuts"), { QKeySequence(Qt::Key_F1), QKeySequence(Qt::Key_Question) },
        [this] { showShortcuts(); });
    make(u"actionAbout"_s, tr("&About Pulseboard"), {}, [this] { showAbout(); });
    updateEditActions();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({ action(u"actionNew"_s), action(u"actionOpen"_s) });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(u"menuRecent"_s);
    file->addSeparator();
    file->addActions({ action(u"actionSave"_s), action(u"actionSaveAs"_s) });
    file->addSeparator();
    file->addAction(action(u"actionQuit"_s));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({ action(u"actionUndo"_s), action(u"actionRedo"_s) });
    edit->addSeparator();
    edit->addActions({ action(u"actionAddPanel"_s), action(u"actionEditPanel"_s), action(u"actionDuplicatePanel"_s),
        action(u"actionRemovePanel"_s) });
    edit->addSeparator();
    edit->addAction(action(u"actionSettings"_s));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_rangeGroup->actions());
    view->addSeparator();
    view->addActions(m_themeGroup->actions());
    view->addSeparator();
    view->addActions({ action(u"actionHold"_s), action(u"actionNextPage"_s), action(u"actionPreviousPage"_s),
        action(u"actionAcknowledge"_s) });
    view->addSeparator();
    view->addActions({ action(u"actionZoomPanel"_s), action(u"actionLeaveZoom"_s) });
    view->addSeparator();
    view->addAction(action(u"actionFullScreen"_s));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addActions({ action(u"actionShortcuts"_s), action(u"actionAbout"_s) });

    QToolBar* toolbar = addToolBar(tr("Dashboard"));
    toolbar->setObjectName(u"toolbarDashboard"_s);
    toolbar->setMovable(false);
    toolbar->addActions({ action(u"actionOpen"_s), action(u"actionSave"_s) });
    toolbar->addSeparator();
    toolbar->addActions({ action(u"actionUndo"_s), action(u"actionRedo"_s) });
    toolbar->addSeparator();
    toolbar->addActions({ action(u"actionAddPanel"_s), action(u"actionEditPanel"_s), action(u"actionSettings"_s) });
    toolbar->addSeparator();
    toolbar->addAction(action(u"actionHold"_s));
}

void MainWindow::updateTitle()
{
    const layout::Dashboard& dashboard = m_document->dashboard();
    const QString file = m_document->filePath().isEmpty() || m_document->filePath() == kDefaultLayout
        ? tr("unsaved")
        : QFileInfo(m_document->filePath()).fileName();
    const QString title = dashboard.title.isEmpty() ? tr("Untitled dashboard") : dashboard.title;
    setWindowTitle(u"%1 (%2)[*] — Pulseboard"_s.arg(title, file));
    setWindowModified(m_document->isModified());
    for (QAction* a : m_themeGroup->actions())
        a->setChecked(a->objectName()
            == u"actionTheme"_s
                + layout::name(m_controller->theme().name == u"light"_s ? layout::Theme::Light : layout::Theme::Dark));
    for (QAction* a : m_rangeGroup->actions())
        a->setChecked(a->data().toLongLong() == dashboard.timeRangeMs);
}

void MainWindow::updateEditActions()
{
    const bool canEdit = isEditingAllowed();
    const bool hasSelection = m_view->selectedIndex() >= 0 && m_view->selectedIndex() < m_view->panelCount();
    for (const QString& name : { u"actionEditPanel"_s, u"actionDuplicatePanel"_s, u"actionRemovePanel"_s })
        action(name)->setEnabled(canEdit && hasSelection);
    for (const QString& name : { u"actionNew"_s, u"actionOpen"_s, u"actionSave"_s, u"actionSaveAs"_s, u"actionUndo"_s,
             u"actionRedo"_s, u"actionAddPanel"_s, u"actionSettings"_s })
        action(name)->setVisible(canEdit);
    for (const QString& name : { u"actionNextPage"_s, u"actionPreviousPage"_s, u"actionAcknowledge"_s })
        action(name)->setEnabled(m_playlist != nullptr);
    action(u"actionLeaveZoom"_s)->setEnabled(m_view->zoomedIndex() >= 0);
    if (m_recentMenu)
        m_recentMenu->setEnabled(canEdit && !m_recent->files().isEmpty());
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_recent->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        // The number is the accelerator; the path is shown as is (no markup in menus, but '&' must be escaped).
        QAction* a = m_recentMenu->addAction(u"&%1 %2"_s.arg(i + 1).arg(QString(path).replace(u'&', u"&&"_s)));
        connect(a, &QAction::triggered, this, [this, path] { openFileInteractively(path); });
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear List"), this, [this] { m_recent->clear(); });
    }
    m_recentMenu->setEnabled(isEditingAllowed() && !files.isEmpty());
}

void MainWindow::applyTheme(const ui::Theme& theme)
{
    qApp->setPalette(theme.palette());
    qApp->setStyleSheet(QString::fromUtf8(theme.styleSheet.toUtf8()));
    updateTitle();
}

void MainWindow::openDefault()
{
    const layout::LayoutLoadResult result = layout::loadLayoutFile(kDefaultLayout);
    Q_ASSERT(result.dashboard && result.problems.empty());
    m_document->reset(result.dashboard.value_or(layout::Dashboard {}), QString());
}

layout::LayoutLoadResult MainWindow::openFile(const QString& path)
{
    layout::LayoutLoadResult result = layout::loadLayoutFile(path);
    if (result.dashboard) {
        m_document->reset(*result.dashboard, QFileInfo(path).absoluteFilePath());
        m_recent->add(path);
    }
    if (!result.problems.empty() || result.isRefused)
        reportProblems(path, result);
    return result;
}

bool MainWindow::openFileInteractively(const QString& path)
{
    if (!confirmDiscard())
        return false;
    const layout::LayoutLoadResult result = openFile(path);
    if (!result.dashboard)
        m_recent->remove(path);
    return result.dashboard.has_value();
}

void MainWindow::reportProblems(const QString& path, const layout::LayoutLoadResult& result)
{
    QMessageBox box(this);
    box.setTextFormat(Qt::PlainText);
    box.setIcon(result.isRefused ? QMessageBox::Critical : QMessageBox::Warning);
    box.setWindowTitle(result.isRefused ? tr("Layout not opened") : tr("Layout opened with problems"));
    if (result.isRefused)
        box.setText(tr("%1 could not be opened.").arg(QDir::toNativeSeparators(path)));
    else
        box.setText(tr("%1 was opened without the parts that are not valid: %n problem(s).", nullptr,
            static_cast<int>(result.problems.size()))
                        .arg(QDir::toNativeSeparators(path)));
    box.setInformativeText(result.problems.empty() ? QString() : result.problems.front().toString());
    box.setDetailedText(result.problemStrings().join(u'\n'));
    box.exec();
}

bool MainWindow::confirmDiscard()
{
    if (!m_document->isModified())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
        tr("The dashboard has changes that are not saved. Save them first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setTextFormat(Qt::PlainText);
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (confirmDiscard())
        event->accept();
    else
        event->ignore();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.front().isLocalFile())
        return;
    event->acceptProposedAction();
    const QString path = urls.front().toLocalFile();
    // Opening may show dialogs; not inside the drop handler, where the source application waits.
    QMetaObject::invokeMethod(
        this, [this, path] { openFileInteractively(path); }, Qt::QueuedConnection);
}

void MainWindow::newDashboard()
{
    if (!confirmDiscard())
        return;
    layout::Dashboard dashboard;
    dashboard.title = tr("New dashboard");
    dashboard.sources = m_document->dashboard().sources;
    dashboard.unknownSources = m_document->dashboard().unknownSources;
    m_document->reset(std::move(dashboard), QString());
}

void MainWindow::open()
{
    if (!confirmDiscard())
        return;
    const QString dir = m_document->filePath().isEmpty() ? QDir::homePath() : QFileInfo(m_document->filePath()).path();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Dashboard"), dir, tr("Dashboard layouts (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    const layout::LayoutLoadResult result = openFile(path);
    if (!result.dashboard)
        m_recent->remove(path);
}

bool MainWindow::saveTo(const QString& path)
{
    const layout::LayoutSaveResult result = layout::saveLayoutFile(m_document->dashboard(), path);
    if (!result.isOk) {
        QMessageBox box(QMessageBox::Critical, tr("Not saved"),
            tr("The dashboard could not be saved to %1.").arg(QDir::toNativeSeparators(path)), QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.setInformativeText(result.error);
        box.exec();
        return false;
    }
    m_document->markSaved(QFileInfo(path).absoluteFilePath());
    m_recent->add(path);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 3000);
    return true;
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveTo(m_document->filePath());
}

bool MainWindow::saveAs()
{
    QString suggested = m_document->filePath();
    if (suggested.isEmpty())
        suggested = QDir::home().filePath(u"dashboard.json"_s);
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save Dashboard As"), suggested, tr("Dashboard layouts (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += u".json"_s;
    return saveTo(path);
}

void MainWindow::addPanel()
{
    layout::Panel panel;
    panel.type = layout::PanelType::Timeseries;
    panel.title = tr("New panel");
    panel.w = 8;
    panel.h = 8;
    layout::Query query;
    query.selector = *SeriesSelector::parse("system.cpu.percent{cpu=total}").selector;
    query.window = { layout::WindowKind::Tumbling, 1000, 1000 };
    panel.queries.push_back(std::move(query));
    const QRect cells = ui::freeCellsFor(m_document->dashboard(), panel.w, panel.h);
    panel.x = cells.x();
    panel.y = cells.y();

    if (auto edited = runPanelEditor(panel, tr("Add Panel")))
        ui::pushAddPanel(*m_document, *edited);
}

void MainWindow::editPanel(int index)
{
    if (index < 0 || index >= m_document->panelCount())
        return;
    if (auto edited = runPanelEditor(m_document->panel(index), tr("Edit Panel")))
        ui::pushEditPanel(*m_document, index, *edited);
}

std::optional<layout::Panel> MainWindow::runPanelEditor(const layout::Panel& panel, const QString& title)
{
    ui::PanelEditor editor(panel, this);
    editor.setObjectName(u"panelEditor"_s);
    editor.setWindowTitle(title);
    editor.setTheme(m_controller->theme());
    // The dialog is modal, so the pipeline (and its store) cannot be replaced while it is open.
    if (const Pipeline* pipeline = m_controller->pipeline()) {
        editor.setStore(&pipeline->store());
        editor.setDataProvider(ui::storeDataProvider(pipeline->store(), m_document->dashboard().timeRangeMs));
    }
    if (editor.exec() != QDialog::Accepted)
        return std::nullopt;
    return editor.panel();
}

void MainWindow::duplicatePanel()
{
    ui::pushDuplicatePanel(*m_document, m_view->selectedIndex());
}

void MainWindow::removePanel()
{
    const int index = m_view->selectedIndex();
    if (index >= 0 && index < m_document->panelCount())
        ui::pushRemovePanel(*m_document, index);
}

void MainWindow::editSettings()
{
    ui::DashboardSettingsDialog dialog(ui::DashboardSettings::of(m_document->dashboard()), this);
    if (dialog.exec() == QDialog::Accepted)
        ui::pushEditSettings(*m_document, dialog.settings());
}

void MainWindow::setTimeRange(std::int64_t rangeMs)
{
    ui::DashboardSettings settings = ui::DashboardSettings::of(m_document->dashboard());
    settings.timeRangeMs = rangeMs;
    if (!ui::pushEditSettings(*m_document, settings))
        updateTitle(); // unchanged: put the check mark back where it was
}

bool MainWindow::isHeld() const
{
    return m_holdBanner->isHeld();
}

void MainWindow::setHold(bool isHeld)
{
    m_holdBanner->setHeld(isHeld);
    action(u"actionHold"_s)->setChecked(isHeld);
    for (int i = 0; i < m_view->panelCount(); ++i)
        m_view->panelWidget(i)->setHold(isHeld);
}

void MainWindow::setKioskMode(const QKeySequence& exitKeys)
{
    m_isKiosk = true;
    menuBar()->hide();
    for (QToolBar* toolbar : findChildren<QToolBar*>())
        toolbar->hide();
    // Undo/redo shortcuts stay bound to their actions; hidden actions are not triggered by keys.
    updateEditActions();
    if (!m_cursorHider)
        m_cursorHider = new CursorHider(this);
    auto* leave = new QShortcut(exitKeys, this);
    leave->setContext(Qt::ApplicationShortcut);
    leave->setObjectName(u"kioskExit"_s);
    connect(leave, &QShortcut::activated, this, [] { QCoreApplication::quit(); });
    showFullScreen();
}

void MainWindow::placeOnScreen(QScreen* screen, bool isFullScreen)
{
    setScreen(screen);
    // Full screen is the window manager's job; without one (a bare X server) the geometry alone covers the screen.
    setGeometry(isFullScreen ? screen->geometry() : screen->availableGeometry());
}

PlaylistRunner* MainWindow::playlistRunner() const
{
    return m_playlist;
}

void MainWindow::ensurePlaylistStatus()
{
    if (m_playlistStatus)
        return;
    m_playlistStatus = new QLabel(this);
    m_playlistStatus->setObjectName(u"playlistStatus"_s);
    m_playlistStatus->setTextFormat(Qt::PlainText);
    statusBar()->addPermanentWidget(m_playlistStatus);
}

void MainWindow::followPlaylist(PlaylistRunner* runner, int offset)
{
    m_isWallScreen = true;
    m_playlist = runner;
    m_isPlaylistOwned = false;
    ensurePlaylistStatus();
    const auto pageFor = [runner, offset](int index) {
        const auto& pages = runner->playlist().pages;
        return pages.at(static_cast<std::size_t>((index + offset) % static_cast<int>(pages.size()))).layoutPath;
    };
    connect(runner, &PlaylistRunner::pageRequested, this,
        [this, pageFor](int index, const QString&) { showPage(pageFor(index)); });
    connect(runner, &PlaylistRunner::stateChanged, this,
        [this, runner] { m_playlistStatus->setText(runner->statusText()); });
    updateEditActions();
    showPage(pageFor(runner->currentIndex()));
    m_playlistStatus->setText(runner->statusText());
}

bool MainWindow::showPinned(const QString& layoutPath)
{
    m_isWallScreen = true;
    updateEditActions();
    return showPage(layoutPath);
}

void MainWindow::runPlaylist(layout::Playlist playlist)
{
    if (m_isPlaylistOwned)
        delete m_playlist;
    m_playlist = new PlaylistRunner(std::move(playlist), SystemClock::instance(), this);
    m_isPlaylistOwned = true;
    ensurePlaylistStatus();
    connect(m_playlist, &PlaylistRunner::pageRequested, this,
        [this](int, const QString& layoutPath) { (void)showPage(layoutPath); });
    connect(m_playlist, &PlaylistRunner::stateChanged, this,
        [this] { m_playlistStatus->setText(m_playlist->statusText()); });
    connect(m_controller, &DashboardController::pipelineRestarted, m_playlist,
        [this] { m_playlist->setStore(m_controller->pipeline() ? &m_controller->pipeline()->store() : nullptr); });
    // Every page's sources at once: switching pages keeps the pipeline and its history.
    SourceOverrides overrides = m_controller->sourceOverrides();
    overrides.sources = m_playlist->unionSources();
    m_controller->setSourceOverrides(overrides);
    m_playlist->setStore(m_controller->pipeline() ? &m_controller->pipeline()->store() : nullptr);
    updateEditActions();
    m_playlist->start();
}

bool MainWindow::showPage(const QString& layoutPath)
{
    const layout::LayoutLoadResult result = layout::loadLayoutFile(layoutPath);
    if (!result.dashboard) {
        // Keep showing the previous page rather than a blank wall; say why in the status bar.
        statusBar()->showMessage(tr("Page not shown: %1: %2")
                                     .arg(QDir::toNativeSeparators(layoutPath),
                                         result.problems.empty() ? QString() : result.problems.front().toString()),
            10'000);
        return false;
    }
    m_document->reset(*result.dashboard, QFileInfo(layoutPath).absoluteFilePath());
    return true;
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(m_actions, this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    QMessageBox box(QMessageBox::Information, tr("About Pulseboard"),
        tr("Pulseboard %1\nLive metrics dashboards for control rooms.").arg(QStringLiteral(PULSE_VERSION)),
        QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

} // namespace pulse::desktop
