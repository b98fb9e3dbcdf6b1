#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pulse::client {

/**
 * A blocking TCP connection with deadlines, for a client thread of its own: every wait is cut into short slices that
 * check a stop flag, so stopping the thread never waits for the network longer than a slice (100 ms).
 */
class TcpStream {
public:
    TcpStream() = default;
    ~TcpStream() { close(); }
    TcpStream(const TcpStream&) = delete;
    TcpStream& operator=(const TcpStream&) = delete;

    /** Resolves and connects within `timeout`; empty on success, else why not. */
    std::string connect(
        const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout, const std::atomic<bool>& stop);
    /** Writes all of `data` within `timeout`; empty on success. */
    std::string writeAll(std::string_view data, std::chrono::milliseconds timeout, const std::atomic<bool>& stop);

    enum class ReadResult { Data, Timeout, Eof, Error };
    /** Appends what arrives within `timeout` (at most 64 KiB per call). */
    ReadResult readSome(std::string& out, std::chrono::milliseconds timeout, std::string& error);
    bool isOpen() const { return m_fd >= 0; }
    void close();

private:
    int m_fd = -1;
};

/** The head of an HTTP response. Header names lower-cased, values trimmed. */
struct HttpResponseHead {
    int status = 0;
    std::string reason;
    std::vector<std::pair<std::string, std::string>> headers;
    /** The first header of that (lower-case) name, or empty. */
    std::string header(std::string_view lowerName) const;
};

/**
 * Splits a response head off `buffer` once it holds a blank line: fills `head`, erases the head from `buffer` and
 * returns 1; 0 while incomplete; -1 (with `error`) when malformed or longer than 16 KiB.
 */
int takeHttpResponseHead(std::string& buffer, HttpResponseHead& head, std::string& error);

/** A complete chunked body, decoded; nullopt while incomplete, or with `error` set when malformed. */
std::optional<std::string> decodeChunkedBody(const std::string& raw, std::string& error);

struct HttpResult {
    int status = 0; ///< 0 when no response came (see error)
    std::string body;
    std::string error; ///< transport or protocol failure; empty when a response was read
};

/** POSTs a JSON body and reads the whole response (Content-Length, chunked, or until close), within `timeout`. */
HttpResult httpPostJson(const std::string& host, std::uint16_t port, const std::string& path, std::string_view body,
    const std::string& bearerToken, std::chrono::milliseconds timeout, std::uint64_t maxBody,
    const std::atomic<bool>& stop);

} // namespace pulse::client
