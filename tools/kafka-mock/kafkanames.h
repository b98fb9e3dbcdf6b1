#pragma once

// Names for the Kafka protocol numbers the kafka-mock commands accept (ApiKeys, error codes).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pulse::kafkamock {

/** ApiKey for a request name (e.g. "Produce", case-insensitive) or a number 0..32767. */
std::optional<std::int16_t> parseApiKey(std::string_view text);

/** Error code for a librdkafka error name ("NOT_COORDINATOR", "ERR_NOT_COORDINATOR") or a known number. */
std::optional<int> parseErrorCode(std::string_view text);

/** The request names parseApiKey() knows, comma separated (for help and error messages). */
std::string apiKeyNames();

/** A non-negative decimal integer no larger than `max`. */
std::optional<long long> parseNumber(std::string_view text, long long max);

} // namespace pulse::kafkamock
