#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pulse::client {

/**
 * Where a Pulseboard server's API is and how to authenticate: `ws://HOST[:PORT][/PATH][?token=env:VAR|token.file=PATH]`
 * (`http://` is taken as the same endpoint). The port defaults to 8080 and the path to /graphql. A token is only ever
 * indirect, so a URL in a layout file never holds a secret.
 */
struct BackendConfig {
    std::string url; ///< as written
    std::string host; ///< without brackets for IPv6 literals
    std::uint16_t port = 8080;
    std::string path = "/graphql";
    std::string token; ///< the bearer token read from the environment or the file; empty: none
    /** Timeouts of one attempt: TCP connect plus WebSocket handshake, and connection_init to ack. */
    std::chrono::milliseconds connectTimeout { 5000 };
    /** A ping goes out after this long without traffic; the connection is dropped after twice as long. */
    std::chrono::milliseconds keepalive { 10'000 };
    /** Reconnect backoff (full jitter): base, cap, and how long a connection must have stayed up to reset it. */
    std::chrono::milliseconds backoffBase { 500 };
    std::chrono::milliseconds backoffCap { 30'000 };
    std::chrono::milliseconds backoffResetAfter { 30'000 };
    /** With the WebSocket refused but HTTP answering: how often Query.seriesMetrics is polled, and how often the
     * WebSocket is tried again meanwhile. */
    std::chrono::milliseconds pollInterval { 1000 };
    std::chrono::milliseconds pollRetryWebSocket { 30'000 };
    /** Largest message or HTTP body accepted from the server. */
    std::uint64_t maxMessageBytes = 64 * 1024 * 1024;

    /** `HOST:PORT` with brackets around an IPv6 literal. */
    std::string authority() const;
};

struct BackendConfigResult {
    std::optional<BackendConfig> config;
    std::string error;
};

/**
 * Parses a backend URL; with `isTokenRead`, reads `token.file=` and `token=env:` at once (false only checks their
 * form). A literal `token=VALUE` is refused either way.
 */
BackendConfigResult parseBackendUrl(std::string_view url, bool isTokenRead = true);

} // namespace pulse::client
