#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pulse::net {

/** One parsed HTTP/1.x request head. Header names are lower-cased; values are trimmed. */
struct HttpRequest {
    std::string method;
    std::string target; ///< as sent: path and query
    std::string path; ///< percent-decoded path
    std::string query; ///< raw query without '?'
    int minorVersion = 1; ///< HTTP/1.0 or HTTP/1.1
    std::vector<std::pair<std::string, std::string>> headers;
    std::uint64_t contentLength = 0;

    /** The first header of that (lower-case) name, or nullopt. */
    std::optional<std::string_view> header(std::string_view lowerName) const;
    /** Whether a comma-separated header (Connection, Upgrade, …) holds `token`, case-insensitively. */
    bool headerHasToken(std::string_view lowerName, std::string_view token) const;
    /** The percent-decoded value of a query item (`+` is a space), or nullopt. */
    std::optional<std::string> queryItem(std::string_view name) const;
};

struct HttpLimits {
    std::size_t maxHeadBytes = 16 * 1024; ///< request line + headers + blank line
    std::size_t maxHeaders = 64;
    std::uint64_t maxBodyBytes = 1024 * 1024;
};

/**
 * Incremental parser of one request head: feed() bytes as they arrive until it says Complete or Error. Never buffers
 * more than HttpLimits::maxHeadBytes; bytes after the head (a body, WebSocket frames) are left to the caller.
 */
class HttpRequestParser {
public:
    enum class State { Incomplete, Complete, Error };

    explicit HttpRequestParser(HttpLimits limits = {});

    /** Takes bytes; `consumed` tells how many belong to the head (all of them while Incomplete). */
    State feed(std::string_view data, std::size_t& consumed);
    State state() const { return m_state; }
    const HttpRequest& request() const { return m_request; }
    /** The HTTP status for the error: 400, 413 (body over the limit), 431 (head too large), 501, 505. */
    int errorStatus() const { return m_errorStatus; }
    const std::string& errorReason() const { return m_errorReason; }
    void reset();

private:
    State fail(int status, std::string reason);
    State parseHead(std::string_view head);

    HttpLimits m_limits;
    std::string m_buffer;
    HttpRequest m_request;
    State m_state = State::Incomplete;
    int m_errorStatus = 0;
    std::string m_errorReason;
};

/** The standard reason phrase of a status code ("Not Found"), or "Unknown". */
std::string_view httpReasonPhrase(int status);

/**
 * A complete HTTP/1.1 response with Content-Length and `Connection: close`; `extraHeaders` are whole lines without
 * CRLF.
 */
std::string httpResponse(
    int status, std::string_view contentType, std::string_view body, const std::vector<std::string>& extraHeaders = {});

/** `{"error":"<reason>"}` as an HTTP response with that status. */
std::string httpErrorResponse(int status, std::string_view reason, const std::vector<std::string>& extraHeaders = {});

/** Percent-decodes; `plusIsSpace` for query strings. Invalid escapes are kept as they are. */
std::string percentDecode(std::string_view in, bool plusIsSpace);

/** ASCII lower-case. */
std::string toLower(std::string_view s);

/** JSON string literal (with quotes) of UTF-8 text. */
std::string jsonQuote(std::string_view s);

} // namespace pulse::net
