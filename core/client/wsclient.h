#pragma once

#include "client/backendconfig.h"
#include "client/tcpstream.h"
#include "net/websocketframe.h"

#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace pulse::client {

/**
 * The client end of one WebSocket (RFC 6455) on a TcpStream, for a thread of its own: the opening handshake with a
 * subprotocol and a bearer token, masked frames out, the shared frame decoder (core/net) in with client limits, and
 * pings answered as they arrive.
 */
class WsClient {
public:
    explicit WsClient(std::uint64_t maxMessageBytes);

    struct OpenResult {
        bool isOpen = false;
        int httpStatus = 0; ///< the server answered the upgrade with this status instead of 101 (0: no answer)
        std::string error;
    };
    /** Connects and upgrades within `timeout`. */
    OpenResult open(const BackendConfig& config, const std::string& subprotocol, const std::atomic<bool>& stop);

    /** Sends one text message; empty on success. */
    std::string sendText(std::string_view text, const std::atomic<bool>& stop);
    std::string sendPing(const std::atomic<bool>& stop);

    enum class ReadStatus { Ok, Closed, Error };
    /**
     * Waits up to `timeout` for input and appends each complete Text message. Ping is answered, Pong noted; a Close
     * frame is answered and gives Closed with closeInfo() set; Error with `error` on a protocol or transport fault.
     */
    ReadStatus read(std::vector<std::string>& texts, std::chrono::milliseconds timeout, std::string& error,
        const std::atomic<bool>& stop);
    /** Sends a close frame (best effort) and drops the connection. */
    void close(std::uint16_t code, std::string_view reason, const std::atomic<bool>& stop);
    const net::WsCloseInfo& closeInfo() const { return m_closeInfo; }
    /** When anything last arrived (steady clock). */
    std::chrono::steady_clock::time_point lastReceived() const { return m_lastReceived; }

private:
    std::string sendFrame(net::WsOpcode opcode, std::string_view payload, const std::atomic<bool>& stop);

    TcpStream m_stream;
    net::WsFrameDecoder m_decoder;
    std::uint64_t m_maxMessageBytes;
    std::string m_pending; // bytes read past the handshake
    std::mt19937 m_random;
    net::WsCloseInfo m_closeInfo;
    std::chrono::steady_clock::time_point m_lastReceived;
};

} // namespace pulse::client
