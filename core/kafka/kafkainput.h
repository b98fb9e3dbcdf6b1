#pragma once

#include "kafka/kafkametrics.h"
#include "kafka/kafkasource.h"
#include "pipeline/pipeline.h"

#include <memory>

namespace pulse {

/** A `--kafka` consumer as a pipeline source: the KafkaSource plus its `pulse.kafka.*` self-metrics. */
class KafkaInput final : public PipelineSource {
public:
    KafkaInput(KafkaSourceConfig config, IngestQueue& queue, std::uint16_t sourceIndex, const Clock& clock);

    std::string name() const override { return m_source.name(); }
    std::optional<std::string> start() override { return m_source.start(); }
    void stop() override { m_source.stop(); }
    /** Disconnected (with librdkafka's reason) while every broker is down; the consumer keeps retrying. */
    SourceHealth health() const override
    {
        // Asked by the GUI's render tick: lock-free unless there is an outage to explain.
        if (m_source.state() == KafkaState::Down)
            return { SourceHealth::State::Disconnected, m_source.stateReason() };
        return {};
    }
    /** On the aggregation thread. */
    void addSelfMetrics(std::vector<PointSample>& out, TimestampMs nowMs) override;

    /** Any thread. */
    KafkaSourceStats stats() const { return m_source.stats(); }
    const DeadLetterLog& deadLetters() const { return m_source.deadLetters(); }

private:
    KafkaSource m_source;
    KafkaSourceMetrics m_metrics; // aggregation thread only
};

} // namespace pulse
