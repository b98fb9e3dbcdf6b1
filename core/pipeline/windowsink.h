#pragma once

#include "model/seriesregistry.h"
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
    /** Closed windows, one batch per engine spec that closed something. */
    virtual void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry) = 0;
    /** After the final flush at shutdown; nothing follows. */
    virtual void onStopped() { }
};

} // namespace pulse
