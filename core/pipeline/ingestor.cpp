#include "pipeline/ingestor.h"

#include "model/hash.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pulse {

std::string_view ingestRejectName(IngestReject r)
{
    switch (r) {
    case IngestReject::TruncatedPayload:
        return "truncated_payload";
    case IngestReject::FutureTimestamp:
        return "future_timestamp";
    case IngestReject::Unaggregatable:
        return "unaggregatable";
    case IngestReject::UnmatchedWindow:
        return "unmatched_window";
    }
    return "unknown";
}

std::vector<std::pair<std::string_view, std::uint64_t>> SourceCounters::rejectsByReason() const
{
    std::vector<std::pair<std::string_view, std::uint64_t>> out;
    for (int i = 0; i < kStatsdRejectCount; ++i)
        if (statsdRejects[i])
            out.emplace_back(statsdRejectName(static_cast<StatsdReject>(i)), statsdRejects[i]);
    for (std::size_t i = 0; i < kInfluxRejectCount; ++i)
        if (influxRejects[i])
            out.emplace_back(influxRejectName(static_cast<InfluxReject>(i)), influxRejects[i]);
    for (int i = 0; i < kIngestRejectCount; ++i)
        if (ingestRejects[i])
            out.emplace_back(ingestRejectName(static_cast<IngestReject>(i)), ingestRejects[i]);
    for (int i = 0; i < kJsonEventRejectCount; ++i)
        if (jsonRejects[i])
            out.emplace_back(jsonEventRejectName(static_cast<JsonEventReject>(i)), jsonRejects[i]);
    return out;
}

Ingestor::Ingestor(SeriesRegistry& registry, WindowEngine& engine, IngestLimits limits)
    : m_registry(registry)
    , m_engine(engine)
    , m_limits(limits)
    , m_influx(limits.influx)
{
    m_tagBuffer.resize(limits.statsd.maxTags);
    m_tags.reserve(limits.influx.maxTags);
}

SourceCounters& Ingestor::countersFor(std::uint16_t sourceIndex)
{
    if (sourceIndex >= m_counters.size())
        m_counters.resize(sourceIndex + 1u);
    return m_counters[sourceIndex];
}

const SourceCounters& Ingestor::counters(std::uint16_t sourceIndex)
{
    return countersFor(sourceIndex);
}

namespace {

/** The value of the `source` tag, empty when there is none. */
template <class Tags> std::string_view sourceTagOf(const Tags& tags)
{
    for (const TagView& t : tags)
        if (t.key == "source")
            return t.value;
    return {};
}

} // namespace

bool Ingestor::addSample(Sample& s, TimestampMs arrivalMs, SourceCounters& c)
{
    if (s.eventTimeMs > arrivalMs + m_limits.maxFutureMs) {
        ++c.ingestRejects[static_cast<int>(IngestReject::FutureTimestamp)];
        return false;
    }
    if (m_engine.add(s) == WindowEngine::AddOutcome::Rejected) [[unlikely]] {
        ++c.ingestRejects[static_cast<int>(IngestReject::Unaggregatable)];
        return false;
    }
    ++c.samples;
    noteFedBy(s.series);
    return true;
}

void Ingestor::noteFedBy(SeriesId series)
{
    if (series >= m_seriesSources.size()) [[unlikely]]
        m_seriesSources.resize(std::max<std::size_t>(series + 1u, m_seriesSources.size() * 2));
    std::uint64_t& mask = m_seriesSources[series];
    if ((mask & m_currentSourceBit) == 0) [[unlikely]]
        noteNewSource(series, mask);
}

void Ingestor::noteNewSource(SeriesId series, std::uint64_t& mask)
{
    const bool isFirstSource = mask == 0;
    mask |= m_currentSourceBit;
    if (!isFirstSource) {
        // A series fed by a further source is rare; it may already be listed since the last take.
        for (SeriesSources& change : m_sourceChanges) {
            if (change.series == series) {
                change.sourceMask = mask;
                return;
            }
        }
    }
    m_sourceChanges.push_back({ series, mask });
}

std::vector<SeriesSources> Ingestor::takeSourceChanges()
{
    return std::exchange(m_sourceChanges, {});
}

struct Ingestor::StatsdVisitor {
    Ingestor& self;
    SourceCounters& c;
    TimestampMs arrivalMs;
    std::size_t lastLine = 0;
    bool isLineRejected = false;
    bool isKeyWanted = false; ///< a line sink is set: remember the line's source tag
    std::string_view sourceKey {};

    void countLine(std::size_t line)
    {
        if (line != lastLine) {
            lastLine = line;
            isLineRejected = false;
            ++c.acceptedLines;
        }
    }
    void onSample(const StatsdSample& s)
    {
        const bool isNewLine = s.lineNumber != lastLine;
        countLine(s.lineNumber);
        if (isLineRejected)
            return;
        const std::size_t n = s.tags.copyTo(self.m_tagBuffer);
        const std::span<TagView> tags(self.m_tagBuffer.data(), n);
        if (isKeyWanted && isNewLine) [[unlikely]]
            sourceKey = sourceTagOf(tags);
        sortTags(tags);
        Sample sample;
        sample.series = self.m_registry.intern(s.type, s.name, tags);
        sample.type = s.type;
        sample.value = s.value;
        sample.sampleRate = s.sampleRate;
        sample.isDelta = s.isDelta;
        sample.eventTimeMs = s.timestampSec ? *s.timestampSec * 1000 : arrivalMs;
        if (s.type == MetricType::Set)
            sample.setMemberHash = hashBytes(s.setMember);
        if (!self.addSample(sample, arrivalMs, c) && isNewLine) {
            // The whole line shares one timestamp: count it once as rejected, not as accepted.
            isLineRejected = true;
            --c.acceptedLines;
            ++c.rejectedLines;
        }
    }
    void onEvent(const StatsdEvent& e)
    {
        countLine(e.lineNumber);
        if (isKeyWanted) [[unlikely]]
            sourceKey = sourceTagOf(e.tags);
        ++c.events;
    }
    void onServiceCheck(const StatsdServiceCheck& sc)
    {
        countLine(sc.lineNumber);
        if (isKeyWanted) [[unlikely]]
            sourceKey = sourceTagOf(sc.tags);
        ++c.serviceChecks;
    }
    void onReject(std::size_t, StatsdReject reason, std::string_view)
    {
        ++c.rejectedLines;
        ++c.statsdRejects[static_cast<int>(reason)];
    }
};

void Ingestor::ingestStatsd(std::string_view payload, TimestampMs arrivalMs, SourceCounters& c)
{
    StatsdVisitor v { *this, c, arrivalMs };
    parseStatsd(payload, m_limits.statsd, v);
}

void Ingestor::ingestStatsdLines(
    std::string_view payload, TimestampMs arrivalMs, SourceCounters& c, std::uint16_t sourceIndex, LineSink& sink)
{
    // The parser reports samples, not line text: parse line by line (split as parseStatsd does, the
    // '\r' left for it to drop) so each accepted line can be forwarded as received.
    while (!payload.empty()) {
        const std::size_t nl = payload.find('\n');
        std::string_view line = payload.substr(0, nl);
        payload.remove_prefix(nl == std::string_view::npos ? payload.size() : nl + 1);
        StatsdVisitor v { *this, c, arrivalMs };
        v.isKeyWanted = true;
        const std::uint64_t acceptedBefore = c.acceptedLines;
        parseStatsd(line, m_limits.statsd, v);
        if (c.acceptedLines == acceptedBefore)
            continue;
        if (line.back() == '\r')
            line.remove_suffix(1);
        sink.onAcceptedLine(sourceIndex, line, v.sourceKey);
    }
}

struct Ingestor::InfluxVisitor {
    Ingestor& self;
    SourceCounters& c;
    TimestampMs arrivalMs;
    std::uint16_t sourceIndex;
    LineSink* sink; ///< null: lines are not forwarded

    void onPoint(const InfluxPoint& p)
    {
        // Floor division: times before 1970 stay on the right pane.
        TimestampMs timeMs = p.timeNs / 1'000'000;
        if (p.timeNs % 1'000'000 < 0)
            --timeMs;
        if (!p.hasTimestamp)
            timeMs = arrivalMs;
        if (timeMs > arrivalMs + self.m_limits.maxFutureMs) {
            ++c.rejectedLines;
            ++c.ingestRejects[static_cast<int>(IngestReject::FutureTimestamp)];
            return;
        }
        ++c.acceptedLines;
        std::span<TagView> tags;
        if (p.hasEscapedTags) {
            unescapeTagsInto(p, self.m_tags, self.m_tagArena);
            tags = std::span<TagView>(self.m_tags.data(), self.m_tags.size());
        } else {
            self.m_tags.assign(p.tags.begin(), p.tags.end());
            tags = std::span<TagView>(self.m_tags.data(), self.m_tags.size());
        }
        if (sink) [[unlikely]]
            sink->onAcceptedLine(sourceIndex, p.line, sourceTagOf(tags));
        sortTags(tags);
        std::string& name = self.m_nameScratch;
        const std::string_view measurement
            = p.isMeasurementEscaped ? unescapeMeasurement(p.measurement, self.m_keyScratch) : p.measurement;
        name.assign(measurement);
        name.push_back('.');
        const std::size_t prefix = name.size();
        for (const InfluxField& f : p.fields) {
            if (f.kind == InfluxFieldKind::String) {
                ++c.stringFields;
                continue;
            }
            name.resize(prefix);
            name.append(f.isKeyEscaped ? unescapeKey(f.key, self.m_keyScratch) : f.key);
            Sample s;
            s.series = self.m_registry.intern(MetricType::Gauge, name, tags);
            s.type = MetricType::Gauge;
            s.value = f.asDouble();
            s.eventTimeMs = timeMs;
            self.addSample(s, arrivalMs, c);
        }
    }
    void onReject(std::size_t, InfluxReject reason, std::string_view)
    {
        ++c.rejectedLines;
        ++c.influxRejects[static_cast<std::size_t>(reason)];
    }
};

void Ingestor::ingestInflux(
    std::string_view payload, TimestampMs arrivalMs, SourceCounters& c, std::uint16_t sourceIndex, LineSink* sink)
{
    InfluxVisitor v { *this, c, arrivalMs, sourceIndex, sink };
    m_influx.parse(payload, InfluxPrecision::Nanoseconds, arrivalMs * 1'000'000, v);
}

void Ingestor::ingestJson(std::string_view payload, TimestampMs arrivalMs, SourceCounters& c)
{
    JsonEvent& e = m_jsonEvent;
    if (const auto reject = decodeJsonEvent(payload, {}, e)) {
        ++c.rejectedLines;
        ++c.jsonRejects[static_cast<int>(*reject)];
        return;
    }
    m_tags.clear();
    for (const auto& [k, v] : e.tags)
        m_tags.push_back(TagView { k, v });
    sortTags(m_tags);
    Sample s;
    s.series = m_registry.intern(e.type, e.name, m_tags);
    s.type = e.type;
    s.value = e.value;
    s.eventTimeMs = e.timeMs.value_or(arrivalMs);
    if (addSample(s, arrivalMs, c))
        ++c.acceptedLines;
    else
        ++c.rejectedLines;
}

LineSink* Ingestor::lineSinkFor(std::uint16_t sourceIndex) const
{
    if (!m_lineSink || m_lineSources.empty())
        return m_lineSink;
    return sourceIndex < m_lineSources.size() && m_lineSources[sourceIndex] ? m_lineSink : nullptr;
}

void Ingestor::ingest(const IngestBatch& batch)
{
    SourceCounters& c = countersFor(batch.sourceIndex);
    m_currentSourceBit = sourceBit(batch.sourceIndex);
    LineSink* const sink = lineSinkFor(batch.sourceIndex);
    for (const PayloadSlice& slice : batch.payloads) {
        ++c.payloads;
        c.bytes += slice.size;
        if (slice.isTruncated) {
            ++c.ingestRejects[static_cast<int>(IngestReject::TruncatedPayload)];
            continue;
        }
        const std::string_view payload(batch.bytes.data() + slice.offset, slice.size);
        if (batch.format == PayloadFormat::Statsd) {
            if (sink) [[unlikely]]
                ingestStatsdLines(payload, slice.arrivalMs, c, batch.sourceIndex, *sink);
            else
                ingestStatsd(payload, slice.arrivalMs, c);
        } else if (batch.format == PayloadFormat::Influx) {
            ingestInflux(payload, slice.arrivalMs, c, batch.sourceIndex, sink);
        } else {
            ingestJson(payload, slice.arrivalMs, c);
        }
    }
    if (!batch.points.empty())
        ingestPoints(batch.points, batch.sourceIndex);
}

void Ingestor::ingestPoints(std::span<const PointSample> points, std::uint16_t sourceIndex)
{
    SourceCounters& c = countersFor(sourceIndex);
    m_currentSourceBit = sourceBit(sourceIndex);
    for (const PointSample& p : points) {
        m_tags.clear();
        for (const auto& [k, v] : p.tags)
            m_tags.push_back(TagView { k, v });
        sortTags(m_tags);
        Sample s;
        s.series = m_registry.intern(p.type, p.name, m_tags);
        s.type = p.type;
        s.value = p.value;
        s.eventTimeMs = p.timeMs;
        if (addSample(s, p.timeMs, c))
            ++c.acceptedLines;
        else
            ++c.rejectedLines;
    }
}

void Ingestor::ingestWindows(const IngestBatch& batch, std::vector<std::shared_ptr<WindowBatch>>& closed,
    std::shared_ptr<WindowBatch>& provisional)
{
    SourceCounters& c = countersFor(batch.sourceIndex);
    m_currentSourceBit = sourceBit(batch.sourceIndex);
    const EngineConfig& engine = m_engine.config();
    ++c.payloads;
    const auto batchFor = [&](std::shared_ptr<WindowBatch>& slot, std::size_t spec) -> WindowBatch& {
        if (!slot) {
            slot = std::make_shared<WindowBatch>();
            slot->specIndex = static_cast<std::uint16_t>(spec);
            slot->spec = engine.specs[spec];
            slot->quantiles = engine.quantiles;
            slot->isPersisted = batch.isPersisted;
        }
        return *slot;
    };
    if (closed.size() < engine.specs.size())
        closed.resize(engine.specs.size());
    for (const RemoteWindow& w : batch.windows) {
        const std::int64_t lengthMs = w.result.endMs - w.result.startMs;
        std::size_t spec = engine.specs.size();
        for (std::size_t i = 0; i < engine.specs.size(); ++i)
            if (engine.specs[i].isTumbling() && engine.specs[i].sizeMs == lengthMs) {
                spec = i;
                break;
            }
        if (spec == engine.specs.size() || (w.isProvisional && spec != 0) || lengthMs <= 0
            || w.result.startMs % lengthMs != 0 || w.name.empty()) {
            ++c.ingestRejects[static_cast<int>(IngestReject::UnmatchedWindow)];
            ++c.rejectedLines;
            continue;
        }
        m_tags.clear();
        for (const auto& [k, v] : w.tags)
            m_tags.push_back(TagView { k, v });
        sortTags(m_tags);
        WindowResult r = w.result;
        r.series = m_registry.intern(r.type, w.name, m_tags);
        r.specIndex = static_cast<std::uint16_t>(spec);
        r.quantileCount = static_cast<std::uint8_t>(std::min<std::size_t>(engine.quantiles.size(), kMaxQuantiles));
        for (std::size_t q = 0; q < r.quantileCount; ++q) {
            r.quantiles[q] = std::numeric_limits<double>::quiet_NaN();
            for (const auto& [at, value] : w.quantiles)
                if (std::abs(at - engine.quantiles[q]) < 1e-9)
                    r.quantiles[q] = value;
        }
        ++c.acceptedLines;
        ++c.samples;
        noteFedBy(r.series);
        (w.isProvisional ? batchFor(provisional, 0) : batchFor(closed[spec], spec)).results.push_back(std::move(r));
    }
}

} // namespace pulse
