#pragma once

#include "model/clock.h"
#include "model/metrictype.h"
#include "model/sample.h"
#include "store/field.h"
#include "store/rollingstore.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace pulse {

/** Bounds so one broad selector cannot make a panel read or draw without limit. */
inline constexpr int kMaxPanelLines = 64;
inline constexpr int kMaxSeriesPerQuery = 1000;

/** What an operator may trust about a panel (see DESIGN.md, Freshness). */
enum class PanelFreshness : std::uint8_t {
    Live, ///< data newer than the staleness timeout
    Stale, ///< last data older than the staleness timeout; still shown, dimmed
    NoData, ///< nothing selected, or nothing stored in the range
    Error, ///< the query could not be evaluated (see PanelData::errors)
    Reconnecting, ///< the source is reconnecting (set by client mode)
    Hold, ///< the operator froze the view
    Loading, ///< no live data yet and history is still being read from the database
};

/** Why a panel is stale or has no data, when the pipeline can tell. */
enum class FreshnessCause : std::uint8_t {
    None,
    SeriesSilent, ///< every source feeding the panel is up: the series themselves stopped
    SourceDown, ///< a source feeding the panel is disconnected (see PanelData::causeDetail)
};

/**
 * One drawn line: a series, or the combination of the series sharing a group-by tag value.
 * Points are ascending by time; a gap is wherever consecutive points are more than 1.5 × stepMs apart.
 */
struct PanelLine {
    QString label; ///< legend text after template substitution (plain text)
    int queryIndex = 0;
    QString groupValue; ///< the group-by tag value; empty without grouping
    Field field = Field::Value;
    MetricType type = MetricType::Gauge;
    std::int64_t stepMs = 0;
    std::vector<StorePoint> points;
    int seriesCount = 1; ///< series combined into this line
    std::optional<double> lastValue; ///< the newest point's value
    /** End of the newest data of any series of the line: a stored window, or a live-edge pane (never after now). */
    std::optional<TimestampMs> lastUpdateMs;
    bool hasMissing = false;
    bool isTruncated = false;
    /**
     * The line ends in the live edge: points at or after provisionalFromMs include windows still open (exact for the
     * samples so far, replaced when they close); renderers may show them as provisional.
     */
    bool hasProvisional = false;
    TimestampMs provisionalFromMs = 0; ///< only meaningful with hasProvisional
};

/** An immutable evaluation of a panel's queries, produced on the GUI thread's render tick and drawn by a panel. */
struct PanelData {
    TimestampMs fromMs = 0;
    TimestampMs toMs = 0;
    TimestampMs evaluatedAtMs = 0;
    std::vector<PanelLine> lines;
    QString error; ///< empty when every query could be evaluated; otherwise the first problem, plain text
    int errorCount = 0; ///< queries that could not be evaluated
    int droppedLineCount = 0; ///< lines beyond kMaxPanelLines, not drawn
    int droppedSeriesCount = 0; ///< series beyond kMaxSeriesPerQuery, not read
    PanelFreshness freshness = PanelFreshness::NoData;
    /** With Stale or NoData: why, when known. */
    FreshnessCause cause = FreshnessCause::None;
    /** With cause SourceDown, or Reconnecting: which source and why ("udp:…: connection refused"); plain text. */
    QString causeDetail;
    /** With Reconnecting: when the source tries again (wall clock); 0 unknown. */
    TimestampMs nextRetryMs = 0;
    /** The pipeline sources that have fed the panel's series (model/sourceset.h); 0 when none is known yet. */
    std::uint64_t sourceMask = 0;
    std::optional<TimestampMs> lastUpdateMs; ///< newest data of any line
    /**
     * When this evaluation goes out of date by time alone, without the store changing: a live-edge pane still in
     * progress that is withheld until it ends (cumulative fields). nullopt: only a store change can alter it.
     */
    std::optional<TimestampMs> withheldUntilMs;
    /** A query's window is not stored at its own size; the nearest store resolution was used instead. */
    bool isApproximateWindow = false;
    /** Cheap change stamp over the range, the lines' sizes and newest points: equal stamps draw the same. */
    std::uint64_t stamp = 0;
};

} // namespace pulse
