#include "client/wsclient.h"

#include "net/websockethandshake.h"

#include <QByteArray>

#include <algorithm>
#include <cctype>

namespace pulse::client {

namespace {

net::WsLimits clientLimits(std::uint64_t maxMessageBytes)
{
    net::WsLimits limits;
    limits.maxFrameBytes = maxMessageBytes;
    limits.maxMessageBytes = maxMessageBytes;
    limits.maxFragments = 64 * 1024;
    limits.requireMask = false;
    return limits;
}

bool hasToken(std::string value, std::string_view token)
{
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::size_t at = 0;
    while (at <= value.size()) {
        std::size_t end = value.find(',', at);
        if (end == std::string::npos)
            end = value.size();
        std::string_view item(value.data() + at, end - at);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (item == token)
            return true;
        at = end + 1;
    }
    return false;
}

} // namespace

WsClient::WsClient(std::uint64_t maxMessageBytes)
    : m_decoder(clientLimits(maxMessageBytes))
    , m_maxMessageBytes(maxMessageBytes)
    , m_random(std::random_device {}())
{ }

WsClient::OpenResult WsClient::open(
    const BackendConfig& config, const std::string& subprotocol, const std::atomic<bool>& stop)
{
    OpenResult result;
    m_decoder = net::WsFrameDecoder(clientLimits(m_maxMessageBytes));
    m_pending.clear();
    m_closeInfo = {};
    const auto deadline = std::chrono::steady_clock::now() + config.connectTimeout;
    if (std::string error = m_stream.connect(config.host, config.port, config.connectTimeout, stop); !error.empty()) {
        result.error = error;
        return result;
    }
    char nonce[16];
    for (char& c : nonce)
        c = static_cast<char>(m_random() & 0xff);
    const std::string key = QByteArray(nonce, sizeof nonce).toBase64().toStdString();
    std::string request = "GET " + config.path + " HTTP/1.1\r\nHost: " + config.authority()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key
        + "\r\n";
    if (!subprotocol.empty())
        request += "Sec-WebSocket-Protocol: " + subprotocol + "\r\n";
    if (!config.token.empty())
        request += "Authorization: Bearer " + config.token + "\r\n";
    request += "\r\n";
    const auto left = [&] {
        return std::max(std::chrono::milliseconds(1),
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    };
    if (std::string error = m_stream.writeAll(request, left(), stop); !error.empty()) {
        result.error = error;
        m_stream.close();
        return result;
    }
    HttpResponseHead head;
    while (true) {
        if (stop.load(std::memory_order_acquire) || std::chrono::steady_clock::now() >= deadline) {
            result.error = stop.load() ? "stopped" : "timed out waiting for the WebSocket handshake";
            m_stream.close();
            return result;
        }
        std::string error;
        const TcpStream::ReadResult r
            = m_stream.readSome(m_pending, std::min(left(), std::chrono::milliseconds(100)), error);
        if (r == TcpStream::ReadResult::Error) {
            result.error = error;
            m_stream.close();
            return result;
        }
        const int taken = takeHttpResponseHead(m_pending, head, error);
        if (taken < 0) {
            result.error = error;
            m_stream.close();
            return result;
        }
        if (taken == 1)
            break;
        if (r == TcpStream::ReadResult::Eof) {
            result.error = "the server closed the connection during the WebSocket handshake";
            m_stream.close();
            return result;
        }
    }
    if (head.status != 101) {
        result.httpStatus = head.status;
        result.error = "the WebSocket upgrade was refused: HTTP " + std::to_string(head.status)
            + (head.reason.empty() ? std::string() : " " + head.reason);
        m_stream.close();
        return result;
    }
    std::string why;
    if (!hasToken(head.header("upgrade"), "websocket") || !hasToken(head.header("connection"), "upgrade"))
        why = "the 101 response lacks Upgrade: websocket";
    else if (head.header("sec-websocket-accept") != net::wsAcceptKey(key))
        why = "the 101 response has a wrong Sec-WebSocket-Accept";
    else if (!subprotocol.empty() && head.header("sec-websocket-protocol") != subprotocol)
        why = "the server did not accept the " + subprotocol + " subprotocol";
    if (!why.empty()) {
        result.error = why;
        m_stream.close();
        return result;
    }
    m_lastReceived = std::chrono::steady_clock::now();
    result.isOpen = true;
    return result;
}

std::string WsClient::sendFrame(net::WsOpcode opcode, std::string_view payload, const std::atomic<bool>& stop)
{
    const std::string frame = net::encodeWsFrame(opcode, payload, true, static_cast<std::uint32_t>(m_random()));
    return m_stream.writeAll(frame, std::chrono::milliseconds(5000), stop);
}

std::string WsClient::sendText(std::string_view text, const std::atomic<bool>& stop)
{
    return sendFrame(net::WsOpcode::Text, text, stop);
}

std::string WsClient::sendPing(const std::atomic<bool>& stop)
{
    return sendFrame(net::WsOpcode::Ping, {}, stop);
}

WsClient::ReadStatus WsClient::read(std::vector<std::string>& texts, std::chrono::milliseconds timeout,
    std::string& error, const std::atomic<bool>& stop)
{
    std::string data = std::move(m_pending);
    m_pending.clear();
    if (data.empty()) {
        const TcpStream::ReadResult r = m_stream.readSome(data, timeout, error);
        if (r == TcpStream::ReadResult::Timeout)
            return ReadStatus::Ok;
        if (r == TcpStream::ReadResult::Error)
            return ReadStatus::Error;
        if (r == TcpStream::ReadResult::Eof) {
            error = "the server closed the connection";
            m_closeInfo = { net::wsclose::NoStatus, "connection closed without a close frame" };
            return ReadStatus::Closed;
        }
    }
    m_lastReceived = std::chrono::steady_clock::now();
    std::vector<net::WsMessage> messages;
    const bool isOk = m_decoder.feed(data, messages);
    for (net::WsMessage& m : messages) {
        switch (m.opcode) {
        case net::WsOpcode::Text:
            texts.push_back(std::move(m.payload));
            break;
        case net::WsOpcode::Ping:
            if (std::string e = sendFrame(net::WsOpcode::Pong, m.payload, stop); !e.empty()) {
                error = e;
                return ReadStatus::Error;
            }
            break;
        case net::WsOpcode::Close:
            m_closeInfo = net::parseWsClosePayload(m.payload);
            (void)sendFrame(net::WsOpcode::Close, m.payload.substr(0, 2), stop);
            m_stream.close();
            error = "the server closed the WebSocket (" + std::to_string(m_closeInfo.code)
                + (m_closeInfo.reason.empty() ? std::string() : ": " + m_closeInfo.reason) + ")";
            return ReadStatus::Closed;
        default: // Pong, Binary: nothing to do (graphql-transport-ws is text only)
            break;
        }
    }
    if (!isOk) {
        error = "protocol error from the server: " + m_decoder.errorReason();
        close(m_decoder.errorCloseCode(), m_decoder.errorReason(), stop);
        return ReadStatus::Error;
    }
    return ReadStatus::Ok;
}

void WsClient::close(std::uint16_t code, std::string_view reason, const std::atomic<bool>& stop)
{
    if (m_stream.isOpen())
        (void)m_stream.writeAll(net::encodeWsFrame(net::WsOpcode::Close, net::wsClosePayload(code, reason), true,
                                    static_cast<std::uint32_t>(m_random())),
            std::chrono::milliseconds(200), stop);
    m_stream.close();
}

} // namespace pulse::client
