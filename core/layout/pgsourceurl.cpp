#include "layout/pgsourceurl.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <vector>

namespace pulse {

namespace {

using namespace std::string_view_literals;

constexpr std::string_view kPasswordReason
    = "must not contain a password: it comes from PGPASSWORD or ~/.pgpass, never from a layout file"sv;

// libpq keywords a layout may set. Not "options" (it sets arbitrary server settings), not "password"/"passfile",
// not "service" (it reads another file), not "requiressl"/"ssl" (aliases that hide the sslmode).
constexpr std::array kAllowedKeys { "sslmode"sv, "sslrootcert"sv, "sslcert"sv, "sslkey"sv, "sslcrl"sv,
    "connect_timeout"sv, "application_name"sv, "target_session_attrs"sv, "keepalives"sv, "keepalives_idle"sv,
    "gssencmode"sv, "channel_binding"sv, "host"sv, "port"sv, "dbname"sv, "user"sv };
constexpr std::array kSslModes { "disable"sv, "allow"sv, "prefer"sv, "require"sv, "verify-ca"sv, "verify-full"sv };
constexpr std::array kSessionAttrs { "any"sv, "read-write"sv, "read-only"sv, "primary"sv, "standby"sv,
    "prefer-standby"sv };
constexpr std::array kNegotiation { "disable"sv, "prefer"sv, "require"sv };

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

/** The percent-decoded text, or nullopt when a %XX is malformed or %00 (libpq refuses both). */
std::optional<std::string> decoded(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size() || !isHex(text[i + 1]) || !isHex(text[i + 2]))
            return std::nullopt;
        const char c = static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
        if (c == '\0')
            return std::nullopt;
        out.push_back(c);
        i += 2;
    }
    return out;
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; });
    return out;
}

template <std::size_t N> bool isOneOf(std::string_view value, const std::array<std::string_view, N>& allowed)
{
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <std::size_t N> std::string joined(const std::array<std::string_view, N>& words)
{
    std::string out;
    for (std::string_view word : words) {
        if (!out.empty())
            out += ", ";
        out += word;
    }
    return out;
}

bool isPort(std::string_view text)
{
    int port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    return ec == std::errc() && end == text.data() + text.size() && text.size() <= 5 && port >= 1 && port <= 65535;
}

bool isDigits(std::string_view text)
{
    return !text.empty() && text.size() <= 9
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/** One `host[:port]` or `[v6]:port` of a comma-separated host list; empty host means the local socket. */
std::string hostError(std::string_view spec)
{
    std::string_view host = spec;
    std::string_view port;
    bool hasPort = false;
    if (!spec.empty() && spec.front() == '[') {
        const std::size_t close = spec.find(']');
        if (close == std::string_view::npos)
            return "an IPv6 address needs a closing ]";
        host = spec.substr(1, close - 1);
        if (host.empty()
            || !std::all_of(host.begin(), host.end(), [](char c) { return isHex(c) || c == ':' || c == '.'; }))
            return "invalid IPv6 address \"" + std::string(host) + "\"";
        const std::string_view rest = spec.substr(close + 1);
        if (!rest.empty() && rest.front() != ':')
            return "unexpected \"" + std::string(rest) + "\" after the IPv6 address";
        hasPort = !rest.empty();
        port = hasPort ? rest.substr(1) : rest;
    } else {
        const std::size_t colon = spec.find(':');
        if (colon != std::string_view::npos) {
            host = spec.substr(0, colon);
            port = spec.substr(colon + 1);
            hasPort = true;
        }
        const auto isHostChar = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                || c == '_' || c == '%';
        };
        if (!std::all_of(host.begin(), host.end(), isHostChar))
            return "invalid host \"" + std::string(host) + "\"";
    }
    if (hasPort && !isPort(port))
        return "port must be a number from 1 to 65535, got \"" + std::string(port) + "\"";
    return {};
}

std::string dbnameError(std::string_view name)
{
    // A dbname that is itself a connection string would be expanded by some libpq calls, with whatever it holds.
    if (name.find('=') != std::string_view::npos || name.find("://") != std::string_view::npos)
        return "the database name must be a plain name, not a connection string";
    return {};
}

std::string valueError(std::string_view key, std::string_view value)
{
    const auto oneOf = [&](const auto& allowed) -> std::string {
        if (isOneOf(value, allowed))
            return {};
        return std::string(key) + " must be one of " + joined(allowed) + ", got \"" + std::string(value) + "\"";
    };
    if (key == "sslmode")
        return oneOf(kSslModes);
    if (key == "target_session_attrs")
        return oneOf(kSessionAttrs);
    if (key == "gssencmode" || key == "channel_binding")
        return oneOf(kNegotiation);
    if (key == "keepalives" && value != "0" && value != "1")
        return "keepalives must be 0 or 1, got \"" + std::string(value) + "\"";
    if ((key == "connect_timeout" || key == "keepalives_idle") && !isDigits(value))
        return std::string(key) + " must be a whole number of seconds, got \"" + std::string(value) + "\"";
    if (key == "port" && !isPort(value))
        return "port must be a number from 1 to 65535, got \"" + std::string(value) + "\"";
    if (key == "dbname")
        return dbnameError(value);
    if (value.empty())
        return std::string(key) + " needs a value";
    return {};
}

std::string queryError(std::string_view query)
{
    std::vector<std::string> seen;
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string_view pair = query.substr(start, end - start);
        start = end + 1;
        const std::size_t eq = pair.find('=');
        if (pair.empty() || eq == std::string_view::npos || eq == 0)
            return "query parameters must be key=value pairs separated by &, got \"" + std::string(pair) + "\"";
        const auto key = decoded(pair.substr(0, eq));
        if (!key)
            return "invalid percent-encoding in the query parameter name \"" + std::string(pair.substr(0, eq)) + "\"";
        if (lowered(*key) == "password")
            return std::string(kPasswordReason);
        if (!isOneOf(*key, kAllowedKeys)) {
            if (*key == "options")
                return "the options parameter is not allowed (it can change any server setting)";
            return "unknown or disallowed query parameter \"" + *key + "\" (allowed: " + joined(kAllowedKeys) + ")";
        }
        if (pair.find('=', eq + 1) != std::string_view::npos) // libpq refuses it; an = in a value is written %3D
            return "query parameter \"" + *key + "\" has more than one =";
        const auto value = decoded(pair.substr(eq + 1));
        if (!value)
            return "invalid percent-encoding in the value of \"" + *key + "\""; // not the value: it may be a secret
        if (std::find(seen.begin(), seen.end(), *key) != seen.end())
            return "query parameter \"" + *key + "\" is given twice";
        seen.push_back(*key);
        if (std::string why = valueError(*key, *value); !why.empty())
            return why;
    }
    return {};
}

} // namespace

std::string pgSourceUrlForDisplay(std::string_view url)
{
    const std::size_t schemeEnd = url.find("://");
    if (schemeEnd == std::string_view::npos)
        return std::string(url);
    const std::size_t start = schemeEnd + 3;
    std::string out(url.substr(0, start));
    const std::string_view rest = url.substr(start);
    const std::size_t at = rest.substr(0, std::min(rest.find('/'), rest.size())).find('@');
    std::size_t done = 0;
    if (at != std::string_view::npos) {
        const std::size_t colon = rest.substr(0, at).find(':');
        if (colon != std::string_view::npos) {
            out.append(rest.substr(0, colon + 1)).append("***");
            done = at;
        }
    }
    const std::size_t question = rest.find('?', done);
    out.append(rest.substr(done, question == std::string_view::npos ? std::string_view::npos : question - done));
    if (question == std::string_view::npos)
        return out;
    const std::string_view query = rest.substr(question + 1);
    out.push_back('?');
    std::size_t pairStart = 0;
    while (pairStart <= query.size()) {
        const std::size_t end = std::min(query.find('&', pairStart), query.size());
        const std::string_view pair = query.substr(pairStart, end - pairStart);
        const std::size_t eq = pair.find('=');
        const auto key = decoded(pair.substr(0, std::min(eq, pair.size())));
        if (eq != std::string_view::npos && key && lowered(*key) == "password")
            out.append(pair.substr(0, eq + 1)).append("***");
        else
            out.append(pair);
        if (end < query.size())
            out.push_back('&');
        pairStart = end + 1;
    }
    return out;
}

std::string pgSourceUrlError(std::string_view url)
{
    if (url.empty())
        return "empty URL; expected postgresql://HOST[:PORT]/DATABASE";
    if (url.size() > kMaxPgSourceUrlBytes)
        return "longer than " + std::to_string(kMaxPgSourceUrlBytes) + " bytes";
    for (char c : url) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f)
            return "must not contain spaces or control characters";
        if (byte >= 0x80)
            return "must be ASCII; percent-encode other characters";
    }
    std::optional<std::string_view> afterScheme;
    for (std::string_view scheme : { "postgresql://"sv, "postgres://"sv }) {
        if (url.substr(0, scheme.size()) == scheme) {
            afterScheme = url.substr(scheme.size());
            break;
        }
    }
    if (!afterScheme)
        return "must start with postgresql:// or postgres://";
    const std::string_view rest = *afterScheme;
    if (rest.empty())
        return "missing host and database; expected postgresql://HOST[:PORT]/DATABASE or postgresql:///DATABASE";

    const std::size_t authorityEnd = std::min(rest.find_first_of("/?"), rest.size());
    // libpq takes everything up to the first '@' before any '/' as user info, even past a '?'.
    const std::size_t at = rest.substr(0, std::min(rest.find('/'), rest.size())).find('@');
    std::string_view hosts = rest.substr(0, authorityEnd);
    if (at != std::string_view::npos) {
        if (at > authorityEnd)
            return "an @ in the query must be percent-encoded as %40";
        const std::string_view userInfo = rest.substr(0, at);
        if (userInfo.find(':') != std::string_view::npos)
            return std::string(kPasswordReason);
        if (!decoded(userInfo))
            return "invalid percent-encoding in the user name";
        hosts = rest.substr(at + 1, authorityEnd - at - 1);
    }
    // An empty host list is libpq's default local socket, so a history database on this machine needs no host.
    std::size_t start = 0;
    while (start <= hosts.size() && !hosts.empty()) {
        const std::size_t end = std::min(hosts.find(',', start), hosts.size());
        if (std::string why = hostError(hosts.substr(start, end - start)); !why.empty())
            return why;
        start = end + 1;
    }

    std::string_view tail = rest.substr(authorityEnd);
    const std::size_t question = tail.find('?');
    const std::string_view path = tail.substr(0, std::min(question, tail.size()));
    if (!path.empty()) {
        const auto database = decoded(path.substr(1));
        if (!database)
            return "invalid percent-encoding in the database name";
        if (std::string why = dbnameError(*database); !why.empty())
            return why;
    }
    if (question != std::string_view::npos)
        return queryError(tail.substr(question + 1));
    return {};
}

} // namespace pulse
