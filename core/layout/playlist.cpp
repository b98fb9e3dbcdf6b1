#include "layout/playlist.h"

#include "model/duration.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::layout {

namespace {

class PlaylistReader {
public:
    explicit PlaylistReader(QString baseDir)
        : m_baseDir(std::move(baseDir))
    { }

    PlaylistLoadResult read(const QByteArray& json)
    {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            error({}, u"not valid JSON at offset %1: %2"_s.arg(parseError.offset).arg(parseError.errorString()));
            return std::move(m_result);
        }
        if (!doc.isObject()) {
            error({}, u"expected an object with \"pages\""_s);
            return std::move(m_result);
        }
        const QJsonObject root = doc.object();
        for (auto it = root.begin(); it != root.end(); ++it) {
            if (it.key() != u"pages"_s && it.key() != u"dwell"_s && it.key() != u"screens"_s)
                warning(it.key(), u"unknown key, ignored"_s);
        }
        std::int64_t defaultDwellMs = 30'000;
        if (root.contains(u"dwell"_s)) {
            if (auto dwell = this->dwell(root.value(u"dwell"_s), u"dwell"_s))
                defaultDwellMs = *dwell;
        }
        const QJsonValue pages = root.value(u"pages"_s);
        if (!pages.isArray()) {
            error(u"pages"_s, u"missing or not a list"_s);
            return std::move(m_result);
        }
        Playlist playlist;
        const QJsonArray list = pages.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString path = u"pages[%1]"_s.arg(i);
            if (i >= kMaxPlaylistPages) {
                error(path, u"more than %1 pages; the rest is ignored"_s.arg(kMaxPlaylistPages));
                break;
            }
            if (!list.at(i).isObject()) {
                error(path, u"expected an object such as {\"layout\": \"a.json\", \"dwell\": \"30s\"}; page dropped"_s);
                continue;
            }
            const QJsonObject page = list.at(i).toObject();
            for (auto it = page.begin(); it != page.end(); ++it) {
                if (it.key() != u"layout"_s && it.key() != u"dwell"_s)
                    warning(path + u'.' + it.key(), u"unknown key, ignored"_s);
            }
            const QString layout = page.value(u"layout"_s).toString();
            if (layout.trimmed().isEmpty()) {
                error(path + u".layout"_s, u"missing or not a file name; page dropped"_s);
                continue;
            }
            PlaylistPage entry;
            entry.layoutPath = QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(layout));
            entry.dwellMs = defaultDwellMs;
            if (page.contains(u"dwell"_s)) {
                const auto dwell = this->dwell(page.value(u"dwell"_s), path + u".dwell"_s);
                if (!dwell)
                    continue;
                entry.dwellMs = *dwell;
            }
            playlist.pages.push_back(std::move(entry));
        }
        if (playlist.pages.empty()) {
            error(u"pages"_s, u"no usable page"_s);
            return std::move(m_result);
        }
        if (root.contains(u"screens"_s))
            readScreens(root.value(u"screens"_s), playlist);
        m_result.playlist = std::move(playlist);
        return std::move(m_result);
    }

private:
    void readScreens(const QJsonValue& value, Playlist& playlist)
    {
        if (!value.isArray()) {
            error(u"screens"_s,
                u"expected a list such as [{\"screen\": 0}, {\"screen\": 1, \"layout\": \"map.json\"}]"_s);
            return;
        }
        const QJsonArray list = value.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString path = u"screens[%1]"_s.arg(i);
            if (i >= kMaxPlaylistScreens) {
                error(path, u"more than %1 screens; the rest is ignored"_s.arg(kMaxPlaylistScreens));
                break;
            }
            const QJsonObject entry = list.at(i).toObject();
            if (!list.at(i).isObject()) {
                error(path, u"expected an object such as {\"screen\": 1}; screen dropped"_s);
                continue;
            }
            for (auto it = entry.begin(); it != entry.end(); ++it)
                if (it.key() != u"screen"_s && it.key() != u"offset"_s && it.key() != u"layout"_s)
                    warning(path + u'.' + it.key(), u"unknown key, ignored"_s);
            const QJsonValue number = entry.value(u"screen"_s);
            const double n = number.toDouble(-1);
            if (!number.isDouble() || n != std::floor(n) || n < 0 || n >= kMaxPlaylistScreens) {
                error(path + u".screen"_s,
                    u"expected a screen number from 0 to %1; screen dropped"_s.arg(kMaxPlaylistScreens - 1));
                continue;
            }
            PlaylistScreen screen;
            screen.screen = static_cast<int>(n);
            const bool isTaken = std::any_of(playlist.screens.begin(), playlist.screens.end(),
                [&](const PlaylistScreen& s) { return s.screen == screen.screen; });
            if (isTaken) {
                error(path + u".screen"_s, u"screen %1 is already listed; screen dropped"_s.arg(screen.screen));
                continue;
            }
            if (entry.contains(u"layout"_s) && entry.contains(u"offset"_s)) {
                error(path, u"either \"layout\" (pinned) or \"offset\" (rotating), not both; screen dropped"_s);
                continue;
            }
            if (entry.contains(u"offset"_s)) {
                const QJsonValue offset = entry.value(u"offset"_s);
                const double o = offset.toDouble(-1);
                const int pageCount = static_cast<int>(playlist.pages.size());
                if (!offset.isDouble() || o != std::floor(o) || o < 0 || o >= pageCount) {
                    error(path + u".offset"_s,
                        u"expected a page offset from 0 to %1; screen dropped"_s.arg(pageCount - 1));
                    continue;
                }
                screen.offset = static_cast<int>(o);
            }
            if (entry.contains(u"layout"_s)) {
                const QString layout = entry.value(u"layout"_s).toString();
                if (layout.trimmed().isEmpty()) {
                    error(path + u".layout"_s, u"not a file name; screen dropped"_s);
                    continue;
                }
                screen.pinnedLayoutPath = QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(layout));
            }
            if (playlist.screens.empty() && screen.isPinned()) {
                error(path, u"the first screen must rotate (no \"layout\"): it runs the playlist; screens ignored"_s);
                return;
            }
            playlist.screens.push_back(std::move(screen));
        }
    }

    std::optional<std::int64_t> dwell(const QJsonValue& value, const QString& path)
    {
        const auto ms = value.isString() ? parseDurationMs(value.toString().toStdString()) : std::nullopt;
        if (!ms || *ms < kMinDwellMs || *ms > kMaxDwellMs) {
            error(path,
                u"expected a duration between %1 and %2 such as \"30s\", got %3"_s.arg(
                    QString::fromStdString(formatDurationMs(kMinDwellMs)),
                    QString::fromStdString(formatDurationMs(kMaxDwellMs)),
                    value.isString() ? u'"' + value.toString() + u'"' : u"a value that is not a string"_s));
            return std::nullopt;
        }
        return ms;
    }
    void error(const QString& path, const QString& message)
    {
        m_result.problems.push_back({ path, message, ProblemSeverity::Error });
    }
    void warning(const QString& path, const QString& message)
    {
        m_result.problems.push_back({ path, message, ProblemSeverity::Warning });
    }

    QString m_baseDir;
    PlaylistLoadResult m_result;
};

} // namespace

PlaylistLoadResult readPlaylist(const QByteArray& json, const QString& baseDir)
{
    return PlaylistReader(baseDir).read(json);
}

PlaylistLoadResult loadPlaylistFile(const QString& path)
{
    PlaylistLoadResult result;
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile()) {
        result.problems.push_back({ {}, u"cannot open %1: no such file"_s.arg(path), ProblemSeverity::Error });
        return result;
    }
    if (info.size() > kMaxPlaylistFileBytes) {
        result.problems.push_back({ {},
            u"%1 is %2 bytes; playlists over %3 bytes are refused"_s.arg(path)
                .arg(info.size())
                .arg(kMaxPlaylistFileBytes),
            ProblemSeverity::Error });
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.problems.push_back(
            { {}, u"cannot open %1: %2"_s.arg(path, file.errorString()), ProblemSeverity::Error });
        return result;
    }
    return readPlaylist(file.read(kMaxPlaylistFileBytes + 1), info.absolutePath());
}

} // namespace pulse::layout
