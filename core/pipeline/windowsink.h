#pragma once

#include "model/seriesregistry.h"
#include "model/sourceset.h"
#include "window/windowresult.h"

#include <span>

namespace pulse {

/**
 * Receives what the aggregation thread closes. Called on the aggregation thread: implementations
 * must not block (hand work to their own thread if it can wait on I/O).
 */
class WindowSink {
public:
    virtual ~WindowSink() = default;
    /** Series seen for the first time; always announced before any batch that mentions them. */
    virtual void onNewSeries(std::span<const SeriesInfoPtr> series) { (void)series; }
    /** Series whose set of feeding sources grew (each with its whole set); after onNewSeries() announced them. */
    virtual void onSeriesSources(std::span<const SeriesSources> changes) { (void)changes; }
    /** Closed windows, one batch per engine spec that closed something. */
    virtual void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry) = 0;
    /**
     * The live edge: the open panes of the series that received samples since the last call, as provisional
     * results of the 1 s pane spec (WindowEngine::takeProvisional()), at most every AggregatorConfig::
     * provisionalInterval. Each replaces the series' previous ones; the closed window supersedes them. Default:
     * ignored.
     */
    virtual void onProvisional(const WindowBatchPtr& batch) { (void)batch; }
    /** After the final flush at shutdown; nothing follows. */
    virtual void onStopped() { }
};

} // namespace pulse
