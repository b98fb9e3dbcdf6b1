#include "desktopoptions.h"

#include "client/backendconfig.h"
#include "layout/pgsourceurl.h"

#include <QCommandLineParser>
#include <QKeySequence>

using namespace Qt::StringLiterals;

namespace pulse::desktop {

namespace {
/** Command-line help and usage errors are printed before any translation loads: English, like the server's. */
QString english(const char* text)
{
    return QString::fromUtf8(text);
}
} // namespace

QStringList availableLanguages()
{
    return { u"en"_s, u"de"_s, u"fr"_s, u"es"_s, u"ja"_s };
}

DesktopCommand parseDesktopArguments(const QStringList& arguments, const QString& pgUrlFromEnvironment)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(english("Pulseboard: live metrics dashboards."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({ u"h"_s, u"help"_s }, english("Show this help and exit."));
    const QCommandLineOption version(u"version"_s, english("Show the version and exit."));
    const QCommandLineOption layoutOption(u"layout"_s, english("Open this dashboard layout file."), english("FILE"));
    const QCommandLineOption udp(u"udp"_s,
        english(
            "Listen for metrics on UDP HOST:PORT[/statsd|/influx] (repeatable; replaces the layout's UDP sources)."),
        english("ADDRESS"));
    const QCommandLineOption noSystem(u"no-system"_s, english("Do not collect this machine's metrics."));
    const QCommandLineOption connectOption(u"connect"_s,
        english("Client mode: take every panel's data from a Pulseboard server, ws://HOST:PORT/graphql "
                "(?token=env:VAR or ?token.file=PATH for its bearer token); nothing is ingested locally."),
        english("URL"));
    const QCommandLineOption pg(u"pg"_s,
        english("History in PostgreSQL, postgresql://USER@HOST:PORT/DB[?sslmode=verify-full&sslrootcert=FILE]: panels "
                "are backfilled from it on open and every closed window is written to it (default: $PULSE_PG_URL; "
                "the password comes from PGPASSWORD or ~/.pgpass, never from the URL)."),
        english("URL"));
    const QCommandLineOption lang(u"lang"_s,
        english("User interface language: %1.").arg(availableLanguages().join(u", "_s)), english("LANGUAGE"));
    const QCommandLineOption theme(
        u"theme"_s, english("Colour theme: dark or light (overrides the layout's)."), english("THEME"));
    const QCommandLineOption playlist(
        u"playlist"_s, english("Rotate through the layouts a playlist file lists (editing is off)."), english("FILE"));
    const QCommandLineOption kiosk(u"kiosk"_s,
        english("Kiosk: full screen, no menus or editing, cursor hidden when idle; leave with the exit keys."));
    const QCommandLineOption kioskExit(
        u"kiosk-exit"_s, english("Keys that leave kiosk mode (default Ctrl+Alt+Q)."), english("KEYS"));
    const QCommandLineOption screenshot(
        u"screenshot"_s, english("Render the dashboard, write it to this PNG file and exit."), english("PNG"));
    const QCommandLineOption after(u"after"_s,
        english("With --screenshot: seconds to run before the picture is taken (default 2)."), english("SECONDS"));
    const QCommandLineOption screen(u"screen"_s,
        english("Put the window on screen N (0 is the first; with --kiosk full screen there)."), english("N"));
    parser.addOptions({ help, version, layoutOption, udp, noSystem, connectOption, pg, lang, theme, playlist, kiosk,
        kioskExit, screenshot, after, screen });
    parser.addPositionalArgument(u"FILE"_s, english("Dashboard layout file to open."), english("[FILE]"));

    QStringList withProgram = arguments;
    withProgram.prepend(u"pulseboard"_s);
    if (!parser.parse(withProgram))
        return DesktopUsageError { parser.errorText() };
    if (parser.isSet(help)) {
        // The usage line names whatever binary parsed the flags (a test, say); the program is pulseboard.
        QString text = parser.helpText();
        const qsizetype nameEnd = text.indexOf(u' ', 7);
        if (text.startsWith(u"Usage: "_s) && nameEnd > 0)
            text.replace(7, nameEnd - 7, u"pulseboard"_s);
        return DesktopHelp { text };
    }
    if (parser.isSet(version))
        return DesktopVersion {};

    DesktopOptions options;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return DesktopUsageError { english("Only one layout file can be opened, got %1.").arg(positional.size()) };
    if (!positional.isEmpty() && parser.isSet(layoutOption))
        return DesktopUsageError { english("Give the layout file either as FILE or with --layout, not both.") };
    options.layoutPath = positional.isEmpty() ? parser.value(layoutOption) : positional.front();
    if (parser.isSet(layoutOption) && options.layoutPath.isEmpty())
        return DesktopUsageError { english("--layout needs a file name.") };

    for (const QString& text : parser.values(udp)) {
        const ListenAddressParseResult parsed = parseListenAddress(text.toStdString());
        if (!parsed.address)
            return DesktopUsageError {
                english("--udp %1: %2").arg(text, QString::fromStdString(parsed.error)),
            };
        options.udp.push_back(*parsed.address);
    }
    options.isSystemDisabled = parser.isSet(noSystem);
    if (parser.isSet(connectOption)) {
        const QString url = parser.value(connectOption);
        const client::BackendConfigResult parsed = client::parseBackendUrl(url.toStdString());
        if (!parsed.config)
            return DesktopUsageError { english("--connect %1: %2").arg(url, QString::fromStdString(parsed.error)) };
        if (!options.udp.empty())
            return DesktopUsageError { english("--connect takes the data from the server; it cannot be combined with "
                                               "--udp.") };
        options.connect = url.toStdString();
    }
    const QString pgUrl = parser.isSet(pg) ? parser.value(pg) : pgUrlFromEnvironment;
    if (!pgUrl.isEmpty()) {
        const QString from = parser.isSet(pg) ? u"--pg"_s : u"PULSE_PG_URL"_s;
        if (const std::string why = pgSourceUrlError(pgUrl.toStdString()); !why.empty())
            return DesktopUsageError { english("%1 %2: %3").arg(from, pgUrl, QString::fromStdString(why)) };
        // In client mode the server keeps the history; the environment's URL is simply not used then.
        if (!options.connect.empty() && parser.isSet(pg))
            return DesktopUsageError { english("--connect takes the data (and its history) from the server; it "
                                               "cannot be combined with --pg.") };
        if (options.connect.empty())
            options.pg = pgUrl.toStdString();
    }

    if (parser.isSet(lang)) {
        options.language = parser.value(lang).trimmed().toLower();
        if (!availableLanguages().contains(options.language))
            return DesktopUsageError {
                english("--lang %1: unknown language; available: %2.")
                    .arg(parser.value(lang), availableLanguages().join(u", "_s)),
            };
    }
    if (parser.isSet(theme)) {
        options.theme = layout::parseTheme(parser.value(theme));
        if (!options.theme)
            return DesktopUsageError { english("--theme %1: expected dark or light.").arg(parser.value(theme)) };
    }
    if (parser.isSet(playlist)) {
        options.playlistPath = parser.value(playlist);
        if (!options.layoutPath.isEmpty())
            return DesktopUsageError { english("Give either a layout file or --playlist, not both.") };
    }
    options.isKiosk = parser.isSet(kiosk);
    if (parser.isSet(kioskExit)) {
        if (!options.isKiosk)
            return DesktopUsageError { english("--kiosk-exit only makes sense with --kiosk.") };
        const QKeySequence keys(parser.value(kioskExit), QKeySequence::PortableText);
        if (keys.isEmpty() || keys.count() != 1 || keys[0].key() == Qt::Key_unknown)
            return DesktopUsageError {
                english("--kiosk-exit %1: expected one key chord such as Ctrl+Alt+Q.").arg(parser.value(kioskExit)),
            };
        options.kioskExitKeys = keys.toString(QKeySequence::PortableText);
    }
    if (parser.isSet(screenshot)) {
        options.screenshotPath = parser.value(screenshot);
        if (options.screenshotPath.isEmpty())
            return DesktopUsageError { english("--screenshot needs a file name.") };
    }
    if (parser.isSet(after)) {
        if (!parser.isSet(screenshot))
            return DesktopUsageError { english("--after only makes sense with --screenshot.") };
        bool isNumber = false;
        options.screenshotAfterS = parser.value(after).toDouble(&isNumber);
        if (!isNumber || !(options.screenshotAfterS >= 0) || options.screenshotAfterS > 3600)
            return DesktopUsageError {
                english("--after %1: expected seconds between 0 and 3600.").arg(parser.value(after))
            };
    }
    if (parser.isSet(screen)) {
        bool isNumber = false;
        const int n = parser.value(screen).toInt(&isNumber);
        if (!isNumber || n < 0)
            return DesktopUsageError {
                english("--screen %1: expected a screen number, 0 or more.").arg(parser.value(screen))
            };
        options.screen = n;
    }
    return options;
}

} // namespace pulse::desktop
