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

/** One page of a rotation: a layout file shown for dwellMs. */
struct PlaylistPage {
    QString layoutPath; ///< absolute (relative paths in the file resolve against the playlist's folder)
    std::int64_t dwellMs = 30'000;
};

/**
 * A wall display's rotation, from a JSON file:
 * `{"pages": [{"layout": "overview.json", "dwell": "30s"}, …], "dwell": "20s"}` — a page without its own
 * dwell takes the top-level one (default 30 s).
 */
struct Playlist {
    std::vector<PlaylistPage> pages;
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
