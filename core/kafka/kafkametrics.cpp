#include "kafka/kafkametrics.h"

namespace pulse {

namespace {

void addPoint(std::vector<PointSample>& out, const char* name, MetricType type, double value, TimestampMs nowMs,
    std::vector<Tag> tags)
{
    out.push_back(PointSample { name, std::move(tags), type, value, nowMs });
}

/** Counters restart from zero when a source is recreated; never report a negative change. */
double delta(std::uint64_t now, std::uint64_t before)
{
    return now >= before ? double(now - before) : double(now);
}

} // namespace

KafkaSourceMetrics::KafkaSourceMetrics(std::string sourceName)
    : m_source(std::move(sourceName))
{ }

void KafkaSourceMetrics::add(const KafkaSourceStats& stats, std::vector<PointSample>& out, TimestampMs nowMs)
{
    const std::vector<Tag> sourceTags { { "source", m_source } };
    std::size_t assigned = 0;
    for (const KafkaPartitionStats& p : stats.partitions) {
        PartitionTotals& before = m_lastPartitions[{ p.topic, p.partition }];
        const bool hasNews = p.messages != before.messages || p.decodeErrors != before.decodeErrors
            || p.redelivered != before.redelivered;
        // A partition that went to another member stays silent (a gap), unless it still moved this interval.
        if (p.isAssigned || hasNews) {
            const std::vector<Tag> tags { { "source", m_source }, { "topic", p.topic },
                { "partition", std::to_string(p.partition) } };
            addPoint(out, "pulse.kafka.messages", MetricType::Counter, delta(p.messages, before.messages), nowMs, tags);
            addPoint(out, "pulse.kafka.bytes", MetricType::Counter, delta(p.bytes, before.bytes), nowMs, tags);
            addPoint(out, "pulse.kafka.decode_errors", MetricType::Counter, delta(p.decodeErrors, before.decodeErrors),
                nowMs, tags);
            addPoint(out, "pulse.kafka.redelivered", MetricType::Counter, delta(p.redelivered, before.redelivered),
                nowMs, tags);
            if (p.isAssigned && p.lagMessages >= 0) {
                addPoint(out, "pulse.kafka.lag_messages", MetricType::Gauge, double(p.lagMessages), nowMs, tags);
                // Caught up means no lag in time either, however old the last message was.
                const std::int64_t lagMs = p.lagMessages == 0 ? 0 : p.lagMs;
                if (lagMs >= 0)
                    addPoint(out, "pulse.kafka.lag_ms", MetricType::Gauge, double(lagMs), nowMs, tags);
            }
        }
        if (p.isAssigned)
            ++assigned;
        before = { p.messages, p.bytes, p.decodeErrors, p.redelivered };
    }
    addPoint(out, "pulse.kafka.up", MetricType::Gauge, stats.state == KafkaState::Up ? 1.0 : 0.0, nowMs, sourceTags);
    addPoint(out, "pulse.kafka.paused", MetricType::Gauge, stats.isPaused ? 1.0 : 0.0, nowMs, sourceTags);
    addPoint(out, "pulse.kafka.assigned_partitions", MetricType::Gauge, double(assigned), nowMs, sourceTags);
    addPoint(out, "pulse.kafka.rebalances", MetricType::Counter, delta(stats.rebalances, m_last.rebalances), nowMs,
        sourceTags);
    addPoint(out, "pulse.kafka.lost_assignments", MetricType::Counter,
        delta(stats.lostAssignments, m_last.lostAssignments), nowMs, sourceTags);
    addPoint(out, "pulse.kafka.pauses", MetricType::Counter, delta(stats.pauses, m_last.pauses), nowMs, sourceTags);
    addPoint(out, "pulse.kafka.consumer_errors", MetricType::Counter,
        delta(stats.consumerErrors, m_last.consumerErrors), nowMs, sourceTags);
    m_last.rebalances = stats.rebalances;
    m_last.lostAssignments = stats.lostAssignments;
    m_last.pauses = stats.pauses;
    m_last.consumerErrors = stats.consumerErrors;
}

KafkaRelayMetrics::KafkaRelayMetrics(std::string relayName)
    : m_source(std::move(relayName))
{ }

void KafkaRelayMetrics::add(const KafkaRelayStats& stats, std::vector<PointSample>& out, TimestampMs nowMs)
{
    const std::vector<Tag> tags { { "source", m_source } };
    const std::uint64_t dropped = stats.queueFullDrops + stats.produceErrors;
    const std::uint64_t droppedBefore = m_last.queueFullDrops + m_last.produceErrors;
    addPoint(
        out, "pulse.kafka.relay.produced", MetricType::Counter, delta(stats.produced, m_last.produced), nowMs, tags);
    addPoint(
        out, "pulse.kafka.relay.delivered", MetricType::Counter, delta(stats.delivered, m_last.delivered), nowMs, tags);
    addPoint(out, "pulse.kafka.relay.failed", MetricType::Counter, delta(stats.failed, m_last.failed), nowMs, tags);
    addPoint(out, "pulse.kafka.relay.dropped", MetricType::Counter, delta(dropped, droppedBefore), nowMs, tags);
    addPoint(out, "pulse.kafka.relay.client_errors", MetricType::Counter,
        delta(stats.clientErrors, m_last.clientErrors), nowMs, tags);
    addPoint(out, "pulse.kafka.relay.queued", MetricType::Gauge, double(stats.inFlight), nowMs, tags);
    m_last = stats;
}

} // namespace pulse
