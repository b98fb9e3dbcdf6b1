#include "kafka/kafkainput.h"

namespace pulse {

KafkaInput::KafkaInput(KafkaSourceConfig config, IngestQueue& queue, std::uint16_t sourceIndex, const Clock& clock)
    : m_source(std::move(config), sourceIndex, queue, clock)
    , m_metrics(m_source.name())
{ }

void KafkaInput::addSelfMetrics(std::vector<PointSample>& out, TimestampMs nowMs)
{
    m_metrics.add(m_source.stats(), out, nowMs);
}

} // namespace pulse
