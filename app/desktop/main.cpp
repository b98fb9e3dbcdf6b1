// pulseboard: the desktop app — the whole pipeline in-process, a dashboard layout, live panels.

#include "dashboard/dashboardrenderer.h"
#include "dashboard/dashboardview.h"
#include "dashboard/panelregistration.h"
#include "desktopoptions.h"
#include "document/dashboarddocument.h"
#include "layout/playlist.h"
#include "mainwindow.h"
#include "recentfiles.h"
#include "screenwall.h"
#include "translations.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QScreen>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <optional>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

namespace {

void printError(const QString& message)
{
    std::fprintf(stderr, "pulseboard: %s\n", qUtf8Printable(message));
}

/** Renders the window into `path` (works on the offscreen platform too); false with a message on failure. */
bool writeScreenshot(MainWindow& window, const QString& path)
{
    window.controller()->renderer()->renderNow(true);
    const QImage image = window.grab().toImage();
    QImageWriter writer(path, "png");
    if (!writer.write(image)) {
        printError(QCoreApplication::translate("main", "cannot write the screenshot %1: %2")
                       .arg(QDir::toNativeSeparators(path), writer.errorString()));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    // Flags first: --help, --version and usage errors need no display.
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const DesktopCommand command = parseDesktopArguments(arguments, qEnvironmentVariable("PULSE_PG_URL"));
    if (const auto* error = std::get_if<DesktopUsageError>(&command)) {
        printError(error->message);
        std::fprintf(stderr, "Try 'pulseboard --help'.\n");
        return 2;
    }
    if (const auto* help = std::get_if<DesktopHelp>(&command)) {
        std::fputs(qUtf8Printable(help->text), stdout);
        return 0;
    }
    if (std::holds_alternative<DesktopVersion>(command)) {
        std::printf("pulseboard %s\n", PULSE_VERSION);
        return 0;
    }
    const DesktopOptions options = std::get<DesktopOptions>(command);

    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Pulseboard"_s);
    QCoreApplication::setApplicationName(u"pulseboard"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PULSE_VERSION));
    QGuiApplication::setApplicationDisplayName(u"Pulseboard"_s);
    installTranslations(app, options.language);
    ui::registerMorePanelTypes();
    SourceOverrides overrides;
    if (!options.udp.empty())
        overrides.udp = options.udp;
    overrides.isSystemDisabled = options.isSystemDisabled;
    if (!options.connect.empty())
        overrides.connect = options.connect;
    if (!options.pg.empty())
        overrides.pg = options.pg;
    MainWindow window(overrides);
    std::unique_ptr<ScreenWall> wall; // after the window: its further windows close before the one they draw from
    window.controller()->setThemeOverride(options.theme);
    if (options.screen) {
        // Before the layout loads: the display profile measures the screen the window is on.
        const QList<QScreen*> screens = QGuiApplication::screens();
        if (*options.screen >= screens.size()) {
            QStringList list;
            for (int i = 0; i < screens.size(); ++i) {
                const QRect g = screens[i]->geometry();
                list.append(u"  %1: %2 %3x%4+%5+%6"_s.arg(i)
                                .arg(screens[i]->name())
                                .arg(g.width())
                                .arg(g.height())
                                .arg(g.x())
                                .arg(g.y()));
            }
            printError(QCoreApplication::translate("main", "--screen %1: no such screen; there are %2:")
                           .arg(*options.screen)
                           .arg(screens.size()));
            std::fprintf(stderr, "%s\n", qUtf8Printable(list.join(u'\n')));
            return 2;
        }
        window.placeOnScreen(screens[*options.screen], options.isKiosk);
    }

    if (!options.playlistPath.isEmpty()) {
        const layout::PlaylistLoadResult playlist = layout::loadPlaylistFile(options.playlistPath);
        for (const layout::LayoutProblem& problem : playlist.problems)
            printError(QDir::toNativeSeparators(options.playlistPath) + u": "_s + problem.toString());
        if (!playlist.playlist)
            return 1;
        window.runPlaylist(*playlist.playlist);
        if (!playlist.playlist->screens.empty()) {
            if (options.screen) {
                printError(QCoreApplication::translate(
                    "main", "--screen: the playlist's screens section already places the windows; leave --screen out"));
                return 2;
            }
            std::optional<QKeySequence> kioskKeys;
            if (options.isKiosk)
                kioskKeys = QKeySequence(options.kioskExitKeys, QKeySequence::PortableText);
            wall = std::make_unique<ScreenWall>(&window, *playlist.playlist, overrides, kioskKeys);
        }
    } else if (options.layoutPath.isEmpty()) {
        window.openDefault();
    } else {
        // A file named on the command line must open cleanly: problems go to stderr with a non-zero exit.
        const layout::LayoutLoadResult result = layout::loadLayoutFile(options.layoutPath);
        for (const QString& problem : result.problemStrings())
            printError(QDir::toNativeSeparators(options.layoutPath) + u": "_s + problem);
        if (result.isRefused || result.errorCount() > 0 || !result.dashboard)
            return 1;
        window.document()->reset(*result.dashboard, QFileInfo(options.layoutPath).absoluteFilePath());
        window.recentFiles()->add(options.layoutPath);
    }
    if (const QString error = window.controller()->pipelineError(); !error.isEmpty())
        printError(QCoreApplication::translate("main", "a source failed to start: %1").arg(error));

    if (options.isKiosk)
        window.setKioskMode(QKeySequence(options.kioskExitKeys, QKeySequence::PortableText));
    else
        window.show();
    if (!options.screenshotPath.isEmpty()) {
        int exitCode = 0;
        QTimer::singleShot(static_cast<int>(options.screenshotAfterS * 1000), &window, [&] {
            exitCode = writeScreenshot(window, options.screenshotPath) ? 0 : 1;
            // A wall's further windows: NAME-screenN.png next to NAME.png.
            if (wall) {
                const QFileInfo info(options.screenshotPath);
                for (int screen = 0; screen < layout::kMaxPlaylistScreens; ++screen)
                    if (MainWindow* other = wall->windowOn(screen))
                        if (!writeScreenshot(
                                *other, info.dir().filePath(info.completeBaseName() + u"-screen%1.png"_s.arg(screen))))
                            exitCode = 1;
            }
            QCoreApplication::exit(exitCode);
        });
        QApplication::exec();
        return exitCode;
    }
    return QApplication::exec();
}
