#pragma once

#include "layout/dashboard.h"
#include "query/paneldata.h"
#include "query/sourcestatus.h"
#include "store/rollingstore.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pulse {

/**
 * Evaluates one panel's queries against the rolling store (lock-free, memory only, so it may run on the GUI
 * thread's render tick) into an immutable PanelData.
 *
 * - A query without groupBy gives one line combining every selected series; with groupBy, one line per
 *   value of that tag (series without the tag share the line with an empty value); groupBy `__series__` gives
 *   one line per series, labelled with its display name.
 * - Series combined into one line are merged point by point (same window start): summed for rate, count and
 *   sum (and `value` of counters, which is their rate), max for max and pXX, min for min, the mean of the
 *   values otherwise. A window only some of the series have combines those that have it.
 * - Legend templates substitute `{{name}}` (series name), `{{field}}` and `{{tag}}` (the tag's value on the
 *   line's first series; the group-by tag is the group value). Unknown tags become empty. An empty template
 *   gives the series' display name, or the selector text / `tag=value` for combined lines.
 * - The query window picks the store resolution with that step (tumbling windows); a window the store does
 *   not keep (sliding, or a size without a resolution) uses the nearest resolution and sets isApproximateWindow.
 * - Absent windows stay absent: a line's points are never filled in, so renderers draw gaps.
 * - The live edge: each series' points are followed by its provisional points (RollingStore::read with
 *   hasLiveEdge: open 1 s panes at the finest resolution, exact open buckets of gauge last and min/max at coarser
 *   ones; in-progress panes withheld for sums, counts and rates). The line marks them (hasProvisional,
 *   provisionalFromMs), lastValue is the newest of them, and they count for freshness.
 */
class PanelQuery {
public:
    explicit PanelQuery(layout::Panel panel = {});

    void setPanel(layout::Panel panel);
    /** Lines beyond this are counted in droppedLineCount, not read (default kMaxPanelLines; tables show more). */
    void setMaxLines(int maxLines) { m_maxLines = maxLines; }
    int maxLines() const { return m_maxLines; }
    const layout::Panel& panel() const { return m_panel; }

    /**
     * The panel's data over [fromMs, toMs] with at most maxPoints points per line; nowMs decides staleness. With
     * `sources`, a panel fed by a failed source is Error (its data kept), and staleness gets its cause.
     */
    PanelData evaluate(const RollingStore& store, TimestampMs fromMs, TimestampMs toMs, std::size_t maxPoints,
        TimestampMs nowMs, const SourceStatus* sources = nullptr);

    /**
     * A fingerprint of what the last evaluate() read: the store's series count and the change count of every series
     * it matched. Taken before an evaluation, an equal value later means the store has nothing new for this panel
     * (time passing aside: see PanelData::withheldUntilMs and the panel's staleness deadline).
     */
    std::uint64_t dataVersion(const RollingStore& store) const;

    /** Store resolution index whose step equals windowMs; nullopt when the store keeps no such resolution. */
    static std::optional<std::size_t> resolutionFor(const StoreConfig& config, std::int64_t windowMs);

private:
    struct Matched {
        std::size_t seriesCount = static_cast<std::size_t>(-1); // store size when last looked up
        std::vector<SeriesInfoPtr> series;
        int droppedCount = 0;
    };
    const Matched& matched(const RollingStore& store, std::size_t queryIndex);
    void applySources(PanelData& data, const SourceStatus& sources) const;
    /** Every selector names a metric of the app itself (system.*, pulse.*), whose collectors cannot fail. */
    bool selectsOnlyOwnMetrics() const;

    layout::Panel m_panel;
    int m_maxLines = kMaxPanelLines;
    std::vector<Matched> m_matched; // by query: the selector's series, refreshed when the store gains series
};

/** How the series of one line are combined for a field of a type (see PanelQuery). */
enum class Combine : std::uint8_t { Sum, Max, Min, Mean };
Combine combineFor(Field field, MetricType type);

} // namespace pulse
