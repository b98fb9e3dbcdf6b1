#pragma once

#include "layout/dashboard.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace pulse::layout {

/** Files larger than this are refused before they are read. */
inline constexpr std::int64_t kMaxLayoutFileBytes = 4 * 1024 * 1024;
/** Bounds that keep a hostile file from costing more than a normal one. */
inline constexpr int kMaxPanels = 1000;
inline constexpr int kMaxSources = 64;
inline constexpr int kMaxQueriesPerPanel = 32;
inline constexpr int kMaxThresholds = 64;
inline constexpr int kMaxValueMappings = 256;
/** Problems beyond this are counted in one final problem rather than listed. */
inline constexpr int kMaxListedProblems = 500;

enum class ProblemSeverity : std::uint8_t { Warning, Error };

/** Something wrong in a layout, located by its JSON path (`panels[3].queries[0].field`; empty for the whole file). */
struct LayoutProblem {
    QString path;
    QString message;
    ProblemSeverity severity = ProblemSeverity::Error;

    /** `path: message`, or just the message when the path is empty. */
    QString toString() const { return path.isEmpty() ? message : path + QStringLiteral(": ") + message; }
};

/** What a load produced: a dashboard with what was valid (unless refused) and every problem found. */
struct LayoutLoadResult {
    std::optional<Dashboard> dashboard;
    std::vector<LayoutProblem> problems;
    bool isRefused = false; ///< nothing could be opened: too large, unreadable, not JSON, newer schema
    std::optional<int> migratedFromVersion; ///< set when the file had an older schema

    int errorCount() const;
    int warningCount() const;
    /** Every problem as `path: message`, in the order found. */
    QStringList problemStrings() const;
};

/** Validates a layout object (migrating older schemas first). */
LayoutLoadResult readLayout(const QJsonObject& root);
/** Parses and validates layout JSON; syntax errors are reported as line:column. */
LayoutLoadResult readLayout(const QByteArray& json);
/** Loads a layout file; files over kMaxLayoutFileBytes are refused without being read. */
LayoutLoadResult loadLayoutFile(const QString& path);

} // namespace pulse::layout
