#include "net/websockethandshake.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <algorithm>

namespace pulse::net {

namespace {

WsHandshakeResult refuse(int status, std::string reason, std::vector<std::string> headers = {})
{
    WsHandshakeResult r;
    r.status = status;
    r.response = httpErrorResponse(status, reason, headers);
    r.reason = std::move(reason);
    return r;
}

} // namespace

bool isWebSocketUpgrade(const HttpRequest& request)
{
    return request.headerHasToken("upgrade", "websocket");
}

std::string wsAcceptKey(std::string_view key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(QByteArrayView(key.data(), static_cast<qsizetype>(key.size())));
    sha1.addData(QByteArrayView("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
    return sha1.result().toBase64().toStdString();
}

bool isOriginAllowed(const HttpRequest& request, const std::vector<std::string>& allowedOrigins)
{
    if (allowedOrigins.empty())
        return true;
    const auto origin = request.header("origin");
    if (!origin)
        return true; // not a browser: the origin check guards against other web pages, not other programs
    const std::string lower = toLower(*origin);
    return std::any_of(
        allowedOrigins.begin(), allowedOrigins.end(), [&](const std::string& o) { return toLower(o) == lower; });
}

WsHandshakeResult acceptWebSocket(const HttpRequest& request, const WsHandshakeOptions& options)
{
    if (request.method != "GET")
        return refuse(405, "WebSocket upgrades use GET", { "Allow: GET" });
    if (request.minorVersion < 1)
        return refuse(400, "WebSocket upgrades need HTTP/1.1");
    if (!isWebSocketUpgrade(request))
        return refuse(426, "expected Upgrade: websocket", { "Upgrade: websocket" });
    if (!request.headerHasToken("connection", "upgrade"))
        return refuse(400, "expected Connection: Upgrade");
    const auto version = request.header("sec-websocket-version");
    if (!version || *version != "13")
        return refuse(426, "unsupported Sec-WebSocket-Version (13 expected)", { "Sec-WebSocket-Version: 13" });
    const auto key = request.header("sec-websocket-key");
    if (!key)
        return refuse(400, "missing Sec-WebSocket-Key");
    const auto decoded = QByteArray::fromBase64Encoding(
        QByteArray(key->data(), static_cast<qsizetype>(key->size())), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 16)
        return refuse(400, "Sec-WebSocket-Key is not 16 bytes in base64");
    if (!isOriginAllowed(request, options.allowedOrigins))
        return refuse(403, "origin not allowed");

    WsHandshakeResult r;
    if (!options.subprotocol.empty() && request.headerHasToken("sec-websocket-protocol", options.subprotocol))
        r.subprotocol = options.subprotocol;
    r.response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Accept: "
        + wsAcceptKey(*key) + "\r\n";
    if (!r.subprotocol.empty())
        r.response += "Sec-WebSocket-Protocol: " + r.subprotocol + "\r\n";
    r.response += "\r\n";
    return r;
}

} // namespace pulse::net
