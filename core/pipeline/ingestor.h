#pragma once

#include "ingest/ingestbatch.h"
#include "model/seriesregistry.h"
#include "model/sourceset.h"
#include "parse/influxparser.h"
#include "parse/jsonevent.h"
#include "parse/statsdparser.h"
#include "window/windowengine.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pulse {

/** Rejections the ingestor adds on top of the parsers' own. */
enum class IngestReject : std::uint8_t {
    TruncatedPayload, ///< a datagram larger than the receive buffer: rejected whole
    FutureTimestamp, ///< event time further ahead of arrival than IngestLimits::maxFutureMs
    Unaggregatable, ///< the window engine refused the sample (non-finite value, bad rate, bad time)
    UnmatchedWindow, ///< a remote window whose length is no store resolution, or with a bad time span
};
inline constexpr int kIngestRejectCount = 4;
std::string_view ingestRejectName(IngestReject r);

struct IngestLimits {
    StatsdLimits statsd;
    InfluxLimits influx;
    std::int64_t maxFutureMs = 60'000;
};

/** Counters of one source; plain integers owned by the aggregation thread. */
struct SourceCounters {
    std::uint64_t payloads = 0;
    std::uint64_t bytes = 0;
    std::uint64_t acceptedLines = 0; ///< lines that produced samples, events or service checks
    std::uint64_t rejectedLines = 0; ///< all reasons together
    std::uint64_t samples = 0; ///< handed to the window engine (packed values and Influx fields count one each)
    std::uint64_t events = 0;
    std::uint64_t serviceChecks = 0;
    std::uint64_t stringFields = 0; ///< Influx string fields: valid, but not a number to aggregate
    std::array<std::uint64_t, kStatsdRejectCount> statsdRejects {};
    std::array<std::uint64_t, kInfluxRejectCount> influxRejects {};
    std::array<std::uint64_t, kIngestRejectCount> ingestRejects {};
    std::array<std::uint64_t, kJsonEventRejectCount> jsonRejects {};

    /** Every non-zero rejection counter as (reason name, count). */
    std::vector<std::pair<std::string_view, std::uint64_t>> rejectsByReason() const;
};

/** Receives every accepted StatsD or Influx line on the aggregation thread (the Kafka relay is one). */
class LineSink {
public:
    virtual ~LineSink() = default;
    /**
     * line: as received, without its line break; sourceKey: the value of the line's `source` tag,
     * empty when it has none. Both views are valid only during the call. Must not block.
     */
    virtual void onAcceptedLine(std::uint16_t sourceIndex, std::string_view line, std::string_view sourceKey) = 0;
};

/**
 * Turns batches into samples: parses payloads with the right parser, interns series and feeds the
 * window engine. Single-threaded (the aggregation thread); steady state allocates nothing.
 */
class Ingestor {
public:
    Ingestor(SeriesRegistry& registry, WindowEngine& engine, IngestLimits limits = {});

    void ingest(const IngestBatch& batch);
    /** Ready-made points (system collector, self-metrics) for the given source. */
    void ingestPoints(std::span<const PointSample> points, std::uint16_t sourceIndex);
    /**
     * Windows aggregated elsewhere (IngestBatch::windows): each is interned, noted as fed by the batch's source and
     * placed, with `series` and `specIndex` set, into `closed` (one batch per tumbling spec of its length, in spec
     * order) or `provisional` (spec 0, the finest). Windows that fit no tumbling spec are counted as rejected.
     */
    void ingestWindows(const IngestBatch& batch, std::vector<std::shared_ptr<WindowBatch>>& closed,
        std::shared_ptr<WindowBatch>& provisional);

    /**
     * Not owned; nullptr (the default) turns forwarding off at no per-line cost. JSON payloads are not forwarded.
     * `sources`: the source indexes whose lines are forwarded (true at the index); empty forwards every source.
     */
    void setLineSink(LineSink* sink, std::vector<bool> sources = {})
    {
        m_lineSink = sink;
        m_lineSources = std::move(sources);
    }

    const SourceCounters& counters(std::uint16_t sourceIndex);
    std::span<const SourceCounters> allCounters() const { return m_counters; }
    /**
     * Series whose set of feeding sources grew since the last call, with the whole set (see sourceBit()). A series
     * appears at most once per call; steady state (no new series-source pair) allocates nothing.
     */
    std::vector<SeriesSources> takeSourceChanges();

private:
    struct StatsdVisitor;
    struct InfluxVisitor;
    SourceCounters& countersFor(std::uint16_t sourceIndex);
    void ingestStatsd(std::string_view payload, TimestampMs arrivalMs, SourceCounters& c);
    void ingestStatsdLines(
        std::string_view payload, TimestampMs arrivalMs, SourceCounters& c, std::uint16_t sourceIndex, LineSink& sink);
    void ingestInflux(
        std::string_view payload, TimestampMs arrivalMs, SourceCounters& c, std::uint16_t sourceIndex, LineSink* sink);
    LineSink* lineSinkFor(std::uint16_t sourceIndex) const;
    void ingestJson(std::string_view payload, TimestampMs arrivalMs, SourceCounters& c);
    bool addSample(Sample& s, TimestampMs arrivalMs, SourceCounters& c);
    /** Records that the current source feeds `series` (m_currentSourceBit). */
    void noteFedBy(SeriesId series);
    void noteNewSource(SeriesId series, std::uint64_t& mask);

    SeriesRegistry& m_registry;
    WindowEngine& m_engine;
    IngestLimits m_limits;
    InfluxParser m_influx;
    std::vector<SourceCounters> m_counters;
    std::vector<TagView> m_tagBuffer; // fixed size: StatsD tags are copied in without allocating
    std::vector<TagView> m_tags;
    std::string m_tagArena;
    std::string m_nameScratch;
    std::string m_keyScratch;
    JsonEvent m_jsonEvent;
    LineSink* m_lineSink = nullptr;
    std::vector<bool> m_lineSources;
    std::uint64_t m_currentSourceBit = 0; // sourceBit() of the batch or points being ingested
    std::vector<std::uint64_t> m_seriesSources; // by SeriesId
    std::vector<SeriesSources> m_sourceChanges;
};

} // namespace pulse
