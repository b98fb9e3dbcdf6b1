#pragma once

#include "net/httprequestparser.h"

#include <string>
#include <string_view>
#include <vector>

namespace pulse::net {

/** What the server accepts in an upgrade request. */
struct WsHandshakeOptions {
    /** When not empty, a request with an Origin header outside this list is refused with 403. */
    std::vector<std::string> allowedOrigins;
    /** The subprotocol to pick when the client offers it (e.g. "graphql-transport-ws"); empty: none. */
    std::string subprotocol;
};

struct WsHandshakeResult {
    int status = 101; ///< 101 on success, else the HTTP status to refuse with
    std::string reason; ///< why it was refused
    std::string response; ///< the complete HTTP response to send (101 or the refusal)
    std::string subprotocol; ///< the one chosen; empty when the client did not offer it
    bool isAccepted() const { return status == 101; }
};

/** Whether the request asks for a WebSocket upgrade at all (Upgrade: websocket). */
bool isWebSocketUpgrade(const HttpRequest& request);
/** Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + GUID)). */
std::string wsAcceptKey(std::string_view key);
/** Whether the Origin header, if any, is allowed (an empty list allows every origin). */
bool isOriginAllowed(const HttpRequest& request, const std::vector<std::string>& allowedOrigins);
/** Checks an upgrade request (RFC 6455 4.2.1) and builds the 101 response or the refusal. */
WsHandshakeResult acceptWebSocket(const HttpRequest& request, const WsHandshakeOptions& options);

} // namespace pulse::net
