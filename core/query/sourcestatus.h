#pragma once

#include "model/clock.h"
#include "model/sourceset.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace pulse {

/**
 * The pipeline's sources as one render tick sees them, for panel freshness (sets of sourceBit()s). A panel is fed by
 * the sources its series came from; a panel none of whose series has arrived yet is taken to be fed by
 * `ingestMask` (the dashboard's own listeners and consumers), unless every selector names a metric of the app itself
 * (`system.*`, `pulse.*`), whose collectors do not fail.
 */
struct SourceStatus {
    std::uint64_t failedMask = 0; ///< not delivering at all (port taken, listener error): their panels show ERROR
    std::uint64_t disconnectedMask = 0; ///< cut off and retrying: their panels go STALE with cause "source down"
    /** Connection lost, waiting to retry (client mode): their panels show RECONNECTING with the next retry time. */
    std::uint64_t reconnectingMask = 0;
    /** Loading history (a database backfill on open): panels without live data show LOADING, whatever feeds them. */
    std::uint64_t loadingMask = 0;
    std::uint64_t ingestMask = 0; ///< sources that can feed arbitrary series (UDP listeners, Kafka consumers)
    std::vector<QString> names; ///< by source index, e.g. "udp:127.0.0.1:8125/statsd"
    std::vector<QString> messages; ///< by source index: why it is not Up (plain text)
    std::vector<TimestampMs> nextRetryMs; ///< by source index: with reconnectingMask, when it retries; 0 unknown

    bool hasTrouble() const { return (failedMask | disconnectedMask | reconnectingMask) != 0; }
    /** The earliest known next retry among the sources of `mask`; 0 when none is known. */
    TimestampMs nextRetry(std::uint64_t mask) const;
    /** "name: message" of the lowest-indexed source of `mask`; empty when none. */
    QString describe(std::uint64_t mask) const;
};

} // namespace pulse
