#include "client/tcpstream.h"

#include <QByteArray>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pulse::client {

namespace {

constexpr auto kSlice = std::chrono::milliseconds(100);
constexpr std::size_t kMaxHead = 16 * 1024;

using Clock = std::chrono::steady_clock;

std::string errnoText(const char* what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

/** Waits for `events` on `fd` until the deadline or the stop flag; 1 ready, 0 timed out, -1 error or stopped. */
int waitFor(int fd, short events, Clock::time_point deadline, const std::atomic<bool>* stop)
{
    while (true) {
        if (stop && stop->load(std::memory_order_acquire))
            return -1;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return 0;
        pollfd p { fd, events, 0 };
        const int r = ::poll(&p, 1, static_cast<int>(std::min(left, kSlice).count()));
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -1;
    }
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

} // namespace

std::string TcpStream::connect(
    const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout, const std::atomic<bool>& stop)
{
    close();
    addrinfo hints {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
        return "cannot resolve " + host + ": " + ::gai_strerror(rc);
    const auto deadline = Clock::now() + timeout;
    std::string error = "no address for " + host;
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            error = errnoText("socket");
            continue;
        }
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            error = errnoText("connect");
            ::close(fd);
            continue;
        }
        const int ready = waitFor(fd, POLLOUT, deadline, &stop);
        int soError = 0;
        socklen_t length = sizeof soError;
        if (ready == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) == 0 && soError == 0) {
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            m_fd = fd;
            ::freeaddrinfo(found);
            return {};
        }
        error = ready == 0 ? "connect: timed out"
            : ready < 0    ? "connect: stopped"
                           : "connect: " + std::string(std::strerror(soError));
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return error;
}

std::string TcpStream::writeAll(std::string_view data, std::chrono::milliseconds timeout, const std::atomic<bool>& stop)
{
    const auto deadline = Clock::now() + timeout;
    while (!data.empty()) {
        if (m_fd < 0)
            return "not connected";
        const ssize_t n = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return errnoText("send");
        const int ready = waitFor(m_fd, POLLOUT, deadline, &stop);
        if (ready == 0)
            return "send: timed out";
        if (ready < 0)
            return "send: stopped";
    }
    return {};
}

TcpStream::ReadResult TcpStream::readSome(std::string& out, std::chrono::milliseconds timeout, std::string& error)
{
    if (m_fd < 0) {
        error = "not connected";
        return ReadResult::Error;
    }
    const int ready = waitFor(m_fd, POLLIN, Clock::now() + timeout, nullptr);
    if (ready == 0)
        return ReadResult::Timeout;
    if (ready < 0) {
        error = errnoText("poll");
        return ReadResult::Error;
    }
    char buffer[64 * 1024];
    const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
    if (n > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        return ReadResult::Data;
    }
    if (n == 0)
        return ReadResult::Eof;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return ReadResult::Timeout;
    error = errnoText("recv");
    return ReadResult::Error;
}

void TcpStream::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

std::string HttpResponseHead::header(std::string_view lowerName) const
{
    for (const auto& [name, value] : headers)
        if (name == lowerName)
            return value;
    return {};
}

int takeHttpResponseHead(std::string& buffer, HttpResponseHead& head, std::string& error)
{
    const std::size_t end = buffer.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (buffer.size() > kMaxHead) {
            error = "the response head is longer than 16 KiB";
            return -1;
        }
        return 0;
    }
    if (end > kMaxHead) {
        error = "the response head is longer than 16 KiB";
        return -1;
    }
    const std::string_view text(buffer.data(), end);
    std::size_t lineEnd = text.find("\r\n");
    const std::string_view statusLine = text.substr(0, lineEnd);
    // HTTP/1.x SP 3DIGIT [SP reason]
    if (statusLine.size() < 12 || statusLine.substr(0, 7) != "HTTP/1." || statusLine[8] != ' '
        || !std::isdigit(static_cast<unsigned char>(statusLine[9]))
        || !std::isdigit(static_cast<unsigned char>(statusLine[10]))
        || !std::isdigit(static_cast<unsigned char>(statusLine[11]))) {
        error = "not an HTTP response: \"" + std::string(statusLine.substr(0, 40)) + "\"";
        return -1;
    }
    head = {};
    head.status = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
    head.reason = statusLine.size() > 13 ? trim(statusLine.substr(13)) : std::string();
    while (lineEnd != std::string_view::npos) {
        const std::size_t start = lineEnd + 2;
        lineEnd = text.find("\r\n", start);
        const std::string_view line
            = text.substr(start, lineEnd == std::string_view::npos ? text.npos : lineEnd - start);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            error = "malformed response header line";
            return -1;
        }
        head.headers.emplace_back(lower(std::string(line.substr(0, colon))), trim(line.substr(colon + 1)));
    }
    buffer.erase(0, end + 4);
    return 1;
}

std::optional<std::string> decodeChunkedBody(const std::string& raw, std::string& error)
{
    std::string out;
    std::size_t at = 0;
    while (true) {
        const std::size_t lineEnd = raw.find("\r\n", at);
        if (lineEnd == std::string::npos)
            return std::nullopt;
        std::size_t size = 0;
        bool hasDigit = false;
        for (std::size_t i = at; i < lineEnd && raw[i] != ';'; ++i) {
            const int digit = std::isdigit(static_cast<unsigned char>(raw[i])) ? raw[i] - '0'
                : (raw[i] >= 'a' && raw[i] <= 'f')                             ? raw[i] - 'a' + 10
                : (raw[i] >= 'A' && raw[i] <= 'F')                             ? raw[i] - 'A' + 10
                                                                               : -1;
            if (digit < 0 || size > (std::size_t(1) << 40)) {
                error = "malformed chunk size";
                return std::nullopt;
            }
            size = size * 16 + static_cast<std::size_t>(digit);
            hasDigit = true;
        }
        if (!hasDigit) {
            error = "malformed chunk size";
            return std::nullopt;
        }
        at = lineEnd + 2;
        if (size == 0)
            return out;
        if (raw.size() < at + size + 2)
            return std::nullopt;
        out.append(raw, at, size);
        at += size + 2;
    }
}

HttpResult httpPostJson(const std::string& host, std::uint16_t port, const std::string& path, std::string_view body,
    const std::string& bearerToken, std::chrono::milliseconds timeout, std::uint64_t maxBody,
    const std::atomic<bool>& stop)
{
    HttpResult result;
    const auto deadline = Clock::now() + timeout;
    const auto left = [&] {
        return std::max(std::chrono::milliseconds(1),
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    };
    TcpStream stream;
    if (std::string error = stream.connect(host, port, timeout, stop); !error.empty()) {
        result.error = error;
        return result;
    }
    const bool isV6 = host.find(':') != std::string::npos;
    std::string request = "POST " + path + " HTTP/1.1\r\nHost: " + (isV6 ? "[" + host + "]" : host) + ":"
        + std::to_string(port) + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
        + "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    if (!bearerToken.empty())
        request += "Authorization: Bearer " + bearerToken + "\r\n";
    request += "\r\n";
    request.append(body);
    if (std::string error = stream.writeAll(request, left(), stop); !error.empty()) {
        result.error = error;
        return result;
    }
    std::string buffer;
    HttpResponseHead head;
    bool hasHead = false;
    while (true) {
        if (stop.load(std::memory_order_acquire)) {
            result.error = "stopped";
            return result;
        }
        if (Clock::now() >= deadline) {
            result.error = "timed out waiting for the response";
            return result;
        }
        std::string error;
        const TcpStream::ReadResult r = stream.readSome(buffer, std::min(left(), kSlice), error);
        if (r == TcpStream::ReadResult::Error) {
            result.error = error;
            return result;
        }
        if (!hasHead) {
            const int taken = takeHttpResponseHead(buffer, head, error);
            if (taken < 0) {
                result.error = error;
                return result;
            }
            hasHead = taken == 1;
            if (!hasHead) {
                if (r == TcpStream::ReadResult::Eof) {
                    result.error = "the connection closed before a response";
                    return result;
                }
                continue;
            }
        }
        if (buffer.size() > maxBody + 64 * 1024) {
            result.error = "the response body is over the size limit";
            return result;
        }
        const std::string length = head.header("content-length");
        const bool isChunked = lower(head.header("transfer-encoding")).find("chunked") != std::string::npos;
        if (isChunked) {
            std::optional<std::string> decoded = decodeChunkedBody(buffer, error);
            if (!error.empty()) {
                result.error = error;
                return result;
            }
            if (decoded) {
                result.status = head.status;
                result.body = std::move(*decoded);
                return result;
            }
        } else if (!length.empty()) {
            const std::uint64_t want = std::strtoull(length.c_str(), nullptr, 10);
            if (want > maxBody) {
                result.error = "the response body is over the size limit";
                return result;
            }
            if (buffer.size() >= want) {
                result.status = head.status;
                result.body = buffer.substr(0, want);
                return result;
            }
        } else if (r == TcpStream::ReadResult::Eof) {
            result.status = head.status;
            result.body = std::move(buffer);
            return result;
        }
        if (r == TcpStream::ReadResult::Eof) {
            result.error = "the connection closed in the middle of the response";
            return result;
        }
    }
}

} // namespace pulse::client
