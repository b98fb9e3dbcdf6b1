#include "net/httprequestparser.h"

#include <algorithm>
#include <charconv>

namespace pulse::net {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
    });
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::string toLower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + 32);
    return out;
}

std::string percentDecode(std::string_view in, bool plusIsSpace)
{
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%' && i + 2 < in.size()) {
            const int hi = hexValue(in[i + 1]);
            const int lo = hexValue(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plusIsSpace && c == '+' ? ' ' : c);
    }
    return out;
}

std::string jsonQuote(std::string_view s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('"');
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 15]);
            } else {
                out.push_back(ch);
            }
        }
    }
    out.push_back('"');
    return out;
}

std::optional<std::string_view> HttpRequest::header(std::string_view lowerName) const
{
    for (const auto& [name, value] : headers)
        if (name == lowerName)
            return std::string_view(value);
    return std::nullopt;
}

bool HttpRequest::headerHasToken(std::string_view lowerName, std::string_view token) const
{
    for (const auto& [name, value] : headers) {
        if (name != lowerName)
            continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const std::size_t comma = rest.find(',');
            if (equalsIgnoreCase(trim(rest.substr(0, comma)), token))
                return true;
            if (comma == std::string_view::npos)
                break;
            rest.remove_prefix(comma + 1);
        }
    }
    return false;
}

std::optional<std::string> HttpRequest::queryItem(std::string_view name) const
{
    std::string_view rest = query;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view item = rest.substr(0, amp);
        const std::size_t eq = item.find('=');
        if (percentDecode(item.substr(0, eq), true) == name)
            return eq == std::string_view::npos ? std::string() : percentDecode(item.substr(eq + 1), true);
        if (amp == std::string_view::npos)
            break;
        rest.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

HttpRequestParser::HttpRequestParser(HttpLimits limits)
    : m_limits(limits)
{ }

void HttpRequestParser::reset()
{
    m_buffer.clear();
    m_request = {};
    m_state = State::Incomplete;
    m_errorStatus = 0;
    m_errorReason.clear();
}

HttpRequestParser::State HttpRequestParser::fail(int status, std::string reason)
{
    m_state = State::Error;
    m_errorStatus = status;
    m_errorReason = std::move(reason);
    m_buffer.clear();
    m_buffer.shrink_to_fit();
    return m_state;
}

HttpRequestParser::State HttpRequestParser::feed(std::string_view data, std::size_t& consumed)
{
    consumed = 0;
    if (m_state != State::Incomplete)
        return m_state;
    // Only what can still belong to the head is copied; the end marker may straddle two reads.
    const std::size_t searchFrom = m_buffer.size() >= 3 ? m_buffer.size() - 3 : 0;
    const std::size_t room = m_limits.maxHeadBytes - std::min(m_limits.maxHeadBytes, m_buffer.size());
    const std::size_t take = std::min(room, data.size());
    m_buffer.append(data.substr(0, take));
    const std::size_t end = m_buffer.find("\r\n\r\n", searchFrom);
    if (end == std::string::npos) {
        consumed = take;
        if (m_buffer.size() >= m_limits.maxHeadBytes)
            return fail(431, "request head over " + std::to_string(m_limits.maxHeadBytes) + " bytes");
        return m_state;
    }
    const std::size_t headSize = end + 4;
    consumed = take - (m_buffer.size() - headSize);
    m_buffer.resize(headSize);
    const State s = parseHead(std::string_view(m_buffer).substr(0, end));
    m_buffer.clear();
    return s;
}

HttpRequestParser::State HttpRequestParser::parseHead(std::string_view head)
{
    HttpRequest r;
    const std::size_t lineEnd = head.find("\r\n");
    const std::string_view line = head.substr(0, lineEnd);
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return fail(400, "malformed request line");
    r.method = std::string(line.substr(0, sp1));
    r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    const std::string_view version = line.substr(sp2 + 1);
    if (!isToken(r.method))
        return fail(400, "malformed method");
    if (version == "HTTP/1.1")
        r.minorVersion = 1;
    else if (version == "HTTP/1.0")
        r.minorVersion = 0;
    else if (version.starts_with("HTTP/"))
        return fail(505, "HTTP version not supported");
    else
        return fail(400, "malformed HTTP version");
    if (r.target.empty() || r.target.front() != '/')
        return fail(400, "request target must be an absolute path");
    for (const char c : r.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return fail(400, "control character in request target");
    const std::size_t q = r.target.find('?');
    r.path = percentDecode(std::string_view(r.target).substr(0, q), false);
    if (q != std::string::npos)
        r.query = r.target.substr(q + 1);

    std::string_view rest = lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);
    bool hasContentLength = false;
    while (!rest.empty()) {
        const std::size_t e = rest.find("\r\n");
        const std::string_view h = rest.substr(0, e);
        rest = e == std::string_view::npos ? std::string_view() : rest.substr(e + 2);
        if (h.empty())
            return fail(400, "empty header line");
        if (h.front() == ' ' || h.front() == '\t')
            return fail(400, "obsolete header line folding");
        const std::size_t colon = h.find(':');
        if (colon == std::string_view::npos || !isToken(h.substr(0, colon)))
            return fail(400, "malformed header line");
        const std::string_view value = trim(h.substr(colon + 1));
        for (const char c : value)
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
                return fail(400, "control character in header value");
        if (r.headers.size() >= m_limits.maxHeaders)
            return fail(431, "more than " + std::to_string(m_limits.maxHeaders) + " header fields");
        r.headers.emplace_back(toLower(h.substr(0, colon)), std::string(value));
        const std::string& name = r.headers.back().first;
        if (name == "content-length") {
            std::uint64_t n = 0;
            const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (value.empty() || ec != std::errc() || p != value.data() + value.size())
                return fail(400, "malformed Content-Length");
            if (hasContentLength && n != r.contentLength)
                return fail(400, "conflicting Content-Length headers");
            hasContentLength = true;
            r.contentLength = n;
        } else if (name == "transfer-encoding") {
            return fail(501, "Transfer-Encoding is not supported");
        }
    }
    if (r.minorVersion == 1 && !r.header("host"))
        return fail(400, "missing Host header");
    if (r.contentLength > m_limits.maxBodyBytes)
        return fail(413, "body over " + std::to_string(m_limits.maxBodyBytes) + " bytes");
    m_request = std::move(r);
    m_state = State::Complete;
    return m_state;
}

std::string_view httpReasonPhrase(int status)
{
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 426:
        return "Upgrade Required";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

std::string httpResponse(
    int status, std::string_view contentType, std::string_view body, const std::vector<std::string>& extraHeaders)
{
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(httpReasonPhrase(status)) + "\r\n";
    if (!contentType.empty())
        out += "Content-Type: " + std::string(contentType) + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\nCache-Control: no-store\r\n";
    for (const std::string& h : extraHeaders)
        out += h + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

std::string httpErrorResponse(int status, std::string_view reason, const std::vector<std::string>& extraHeaders)
{
    return httpResponse(status, "application/json", "{\"error\":" + jsonQuote(reason) + "}\n", extraHeaders);
}

} // namespace pulse::net
