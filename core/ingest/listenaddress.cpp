#include "ingest/listenaddress.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace pulse {

namespace {

ListenAddressParseResult failure(std::string_view text, std::string_view reason)
{
    ListenAddressParseResult r;
    r.error = "invalid address '" + std::string(text) + "': " + std::string(reason);
    return r;
}

bool isAllDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/** The canonical numeric text of `host` in `family`, or nothing when it is not such an address. */
std::optional<std::string> canonicalHost(int family, const std::string& host)
{
    unsigned char raw[sizeof(in6_addr)] = {};
    if (inet_pton(family, host.c_str(), raw) != 1)
        return std::nullopt;
    char text[INET6_ADDRSTRLEN] = {};
    if (!inet_ntop(family, raw, text, sizeof text))
        return std::nullopt;
    return std::string(text);
}

} // namespace

std::string ListenAddress::toString() const
{
    std::string s = isIpv6 ? "[" + host + "]" : host;
    s += ':';
    s += std::to_string(port);
    s += format == PayloadFormat::Influx ? "/influx" : "/statsd";
    return s;
}

SocketAddress ListenAddress::socketAddress() const
{
    SocketAddress a;
    if (isIpv6) {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        inet_pton(AF_INET6, host.c_str(), &sin6->sin6_addr);
        a.length = sizeof(sockaddr_in6);
    } else {
        auto* sin = reinterpret_cast<sockaddr_in*>(&a.storage);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        inet_pton(AF_INET, host.c_str(), &sin->sin_addr);
        a.length = sizeof(sockaddr_in);
    }
    return a;
}

ListenAddressParseResult parseListenAddress(std::string_view text, PayloadFormat defaultFormat)
{
    if (text.empty())
        return failure(text, "empty; expected HOST:PORT[/statsd|/influx], e.g. :8125");

    ListenAddress address;
    address.format = defaultFormat;

    std::string_view hostPort = text;
    if (const auto slash = text.find('/'); slash != std::string_view::npos) {
        const std::string_view format = text.substr(slash + 1);
        hostPort = text.substr(0, slash);
        if (format == "statsd")
            address.format = PayloadFormat::Statsd;
        else if (format == "influx")
            address.format = PayloadFormat::Influx;
        else if (format.empty())
            return failure(text, "missing format after '/' (expected statsd or influx)");
        else
            return failure(text, "unknown format '" + std::string(format) + "' (expected statsd or influx)");
    }

    std::string_view host;
    std::string_view port;
    if (!hostPort.empty() && hostPort.front() == '[') {
        const auto close = hostPort.find(']');
        if (close == std::string_view::npos)
            return failure(text, "missing ']' after the IPv6 address");
        host = hostPort.substr(1, close - 1);
        const std::string_view rest = hostPort.substr(close + 1);
        if (rest.empty() || rest.front() != ':')
            return failure(text, "expected ':PORT' after ']'");
        port = rest.substr(1);
        const auto canonical = canonicalHost(AF_INET6, std::string(host));
        if (!canonical)
            return failure(text, "'" + std::string(host) + "' is not an IPv6 address");
        address.host = *canonical;
        address.isIpv6 = true;
    } else {
        const auto colon = hostPort.rfind(':');
        if (colon == std::string_view::npos)
            return failure(text, "missing ':PORT' (expected HOST:PORT, e.g. :8125)");
        host = hostPort.substr(0, colon);
        port = hostPort.substr(colon + 1);
        if (host.find(':') != std::string_view::npos)
            return failure(text, "IPv6 addresses must be in brackets, e.g. [::1]:8125");
        if (host.empty() || host == "localhost") {
            address.host = "127.0.0.1";
        } else {
            const auto canonical = canonicalHost(AF_INET, std::string(host));
            if (!canonical) {
                const bool looksLikeName = std::any_of(host.begin(), host.end(),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'; });
                return failure(text,
                    looksLikeName ? "host names are not resolved; use a numeric address or localhost"
                                  : "'" + std::string(host) + "' is not an IPv4 address");
            }
            address.host = *canonical;
        }
    }

    if (port.empty())
        return failure(text, "missing port after ':'");
    if (!isAllDigits(port) || port.size() > 5 || std::stoul(std::string(port)) > 65535)
        return failure(text, "port '" + std::string(port) + "' is not a number from 0 to 65535");
    address.port = static_cast<std::uint16_t>(std::stoul(std::string(port)));

    ListenAddressParseResult r;
    r.address = std::move(address);
    return r;
}

} // namespace pulse
