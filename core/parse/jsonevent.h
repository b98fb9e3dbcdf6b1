#pragma once

#include "model/clock.h"
#include "model/metrictype.h"
#include "model/seriesregistry.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

/** Why a JSON metric event was rejected. */
enum class JsonEventReject : std::uint8_t {
    InvalidJson, ///< not parseable JSON
    NotAnObject, ///< valid JSON, but not an object
    MissingName, ///< neither metric_name nor name
    BadName, ///< name not a non-empty string of at most kMaxJsonNameBytes
    MissingValue,
    WrongValueType, ///< value is not a JSON number
    NonFiniteValue, ///< value overflows to infinity
    BadTime, ///< time/timestamp neither epoch milliseconds nor ISO-8601
    BadTags, ///< tags not an object of strings, or too many
    BadType, ///< type not counter/gauge/timer/histogram/distribution
    BadSourceId, ///< source_id not a string
};
inline constexpr int kJsonEventRejectCount = 11;
inline constexpr std::size_t kMaxJsonNameBytes = 256;
inline constexpr std::size_t kMaxJsonTags = 32;
std::string_view jsonEventRejectName(JsonEventReject r);

/** A decoded event: series name, tags (with `source`), type, value and optional event time. */
struct JsonEvent {
    std::string name;
    std::vector<Tag> tags; ///< unsorted; includes `source` when the event or its key names one
    MetricType type = MetricType::Gauge;
    double value = 0;
    std::optional<TimestampMs> timeMs; ///< absent: use the arrival time
};

/**
 * Decodes `{"metric_name":"http.latency","source_id":"web-1","value":12.5,"time":<epoch ms | ISO-8601>,
 * "tags":{...},"type":"counter"}` (`name`/`timestamp` accepted as aliases; unknown fields ignored).
 * `key` (e.g. the Kafka message key) is the source id when source_id is absent.
 */
std::optional<JsonEventReject> decodeJsonEvent(std::string_view json, std::string_view key, JsonEvent& out);

} // namespace pulse
