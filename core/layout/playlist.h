#pragma once

#include "layout/layoutreader.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace pulse::layout {

/** Bounds for a playlist file. */
inline constexpr std::int64_t kMaxPlaylistFileBytes = 1024 * 1024;
inline constexpr int kMaxPlaylistPages = 200;
inline constexpr std::int64_t kMinDwellMs = 2000;
inline constexpr std::int64_t kMaxDwellMs = 24 * 3600 * 1000;
/** Screen numbers a `screens` section may name (QGuiApplication::screens() order). */
inline constexpr int kMaxPlaylistScreens = 16;

/** One page of a rotation: a layout file shown for dwellMs. */
struct PlaylistPage {
    QString layoutPath; ///< absolute (relative paths in the file resolve against the playlist's folder)
    std::int64_t dwellMs = 30'000;
};

/**
 * One window of a multi-screen wall: on screen `screen`, either the rotation `offset` pages ahead of the first
 * rotating screen (all rotating screens turn together), or one layout pinned there (`pinnedLayoutPath`).
 */
struct PlaylistScreen {
    int screen = 0;
    int offset = 0;
    QString pinnedLayoutPath; ///< absolute; empty: this screen rotates
    bool isPinned() const { return !pinnedLayoutPath.isEmpty(); }
};

/**
 * A wall display's rotation, from a JSON file:
 * `{"pages": [{"layout": "overview.json", "dwell": "30s"}, …], "dwell": "20s"}` — a page without its own
 * dwell takes the top-level one (default 30 s). An optional `"screens": [{"screen": 0}, {"screen": 1, "offset": 1},
 * {"screen": 2, "layout": "map.json"}]` opens one full-screen window per entry; the first entry must rotate.
 */
struct Playlist {
    std::vector<PlaylistPage> pages;
    std::vector<PlaylistScreen> screens; ///< empty: one window (on --screen, or where the system puts it)
};

struct PlaylistLoadResult {
    std::optional<Playlist> playlist; ///< set when at least one page is valid
    std::vector<LayoutProblem> problems;
};

/** Parses playlist JSON; relative layout paths resolve against `baseDir`. Every problem has its JSON path. */
PlaylistLoadResult readPlaylist(const QByteArray& json, const QString& baseDir);
/** Loads a playlist file (refused over kMaxPlaylistFileBytes, unread). */
PlaylistLoadResult loadPlaylistFile(const QString& path);

} // namespace pulse::layout
