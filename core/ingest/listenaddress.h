#pragma once

#include "ingest/ingestbatch.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pulse {

/** A socket address ready for bind(2), connect(2) or sendto(2). */
struct SocketAddress {
    sockaddr_storage storage {};
    socklen_t length = 0;

    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
    int family() const { return storage.ss_family; }
};

/** Help text for the `HOST:PORT[/statsd|/influx]` syntax, for CLI --help output. */
inline constexpr std::string_view kListenAddressHelp
    = "HOST:PORT[/statsd|/influx]  e.g. :8125 (127.0.0.1 only, the secure default), 0.0.0.0:8125 or "
      "[::]:8125 (all interfaces), [::1]:8089/influx. HOST is a numeric IPv4 address, a bracketed IPv6 "
      "address or localhost; PORT 0 picks a free port. The format defaults to statsd.";

/** Where a UDP source listens (or where a sender sends): numeric host, port and payload format. */
struct ListenAddress {
    std::string host = "127.0.0.1"; ///< numeric, without brackets: "127.0.0.1", "::1", "0.0.0.0", "::"
    std::uint16_t port = 0;
    PayloadFormat format = PayloadFormat::Statsd;
    bool isIpv6 = false;

    /** Canonical text form, e.g. `127.0.0.1:8125/statsd`, `[::1]:8089/influx`. */
    std::string toString() const;
    /** The address for the socket calls (never fails: `host` is numeric once parsed). */
    SocketAddress socketAddress() const;

    friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

/** A parsed address, or the reason the text is not one. */
struct ListenAddressParseResult {
    std::optional<ListenAddress> address;
    std::string error;

    bool isOk() const { return address.has_value(); }
};

/**
 * Parses `HOST:PORT[/statsd|/influx]`. `:PORT` means 127.0.0.1 (secure by default); all interfaces
 * must be asked for explicitly with `0.0.0.0:PORT` or `[::]:PORT`. Host names other than `localhost`
 * are rejected rather than resolved, so a listener never depends on DNS.
 */
ListenAddressParseResult parseListenAddress(std::string_view text, PayloadFormat defaultFormat = PayloadFormat::Statsd);

} // namespace pulse
