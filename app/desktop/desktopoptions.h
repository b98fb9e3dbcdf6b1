#pragma once

#include "ingest/listenaddress.h"
#include "layout/dashboard.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pulse::desktop {

/** `pulseboard [FILE] [options]`: what to open and how. */
struct DesktopOptions {
    QString layoutPath; ///< FILE or --layout; empty: the shipped default dashboard
    std::vector<ListenAddress> udp; ///< --udp (repeatable): replaces the layout's UDP sources
    bool isSystemDisabled = false; ///< --no-system
    /** --connect URL: client mode, every panel's data from this Pulseboard server (no local ingest). */
    std::string connect;
    /** --pg URL (or $PULSE_PG_URL): history in PostgreSQL, backfilled on open and written as windows close. */
    std::string pg;
    QString language; ///< --lang, e.g. "de"; empty: the system locale
    std::optional<layout::Theme> theme; ///< --theme: overrides the layout's
    QString playlistPath; ///< --playlist FILE: rotate through its pages
    bool isKiosk = false; ///< --kiosk
    QString kioskExitKeys = QStringLiteral("Ctrl+Alt+Q"); ///< --kiosk-exit KEYS (portable QKeySequence text)
    QString screenshotPath; ///< --screenshot PNG: render, write, exit
    double screenshotAfterS = 2.0; ///< --after SECONDS
    std::optional<int> screen; ///< --screen N: the window (full screen with --kiosk) goes on screen N (0-based)
};

struct DesktopHelp {
    QString text;
};
struct DesktopVersion { };
struct DesktopUsageError {
    QString message;
};

using DesktopCommand = std::variant<DesktopOptions, DesktopHelp, DesktopVersion, DesktopUsageError>;

/**
 * Parses the arguments after the program name (`pgUrlFromEnvironment`: $PULSE_PG_URL, used without --pg). Never exits;
 * the caller prints and picks the exit code.
 */
DesktopCommand parseDesktopArguments(const QStringList& arguments, const QString& pgUrlFromEnvironment = {});

/** The languages with an embedded translation ("en" is the source language). */
QStringList availableLanguages();

} // namespace pulse::desktop
