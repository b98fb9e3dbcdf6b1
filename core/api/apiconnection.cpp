#include "api/apiconnection.h"

#include "api/apiservercore.h"
#include "net/websockethandshake.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QTcpSocket>

#include <cerrno>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace pulse::api {

namespace {

std::string_view view(const QByteArray& b)
{
    return std::string_view(b.constData(), static_cast<std::size_t>(b.size()));
}

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

/** The token of an `Authorization: Bearer …` value, or nullopt for another scheme. */
std::optional<std::string_view> bearerToken(std::string_view value)
{
    if (value.size() < 7 || net::toLower(value.substr(0, 7)) != "bearer ")
        return std::nullopt;
    value.remove_prefix(7);
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    return value;
}

RejectReason reasonForStatus(int status)
{
    switch (status) {
    case 401:
        return RejectReason::Unauthorized;
    case 403:
        return RejectReason::Forbidden;
    case 404:
        return RejectReason::NotFound;
    case 408:
        return RejectReason::HandshakeTimeout;
    case 413:
    case 431:
        return RejectReason::PayloadTooLarge;
    case 503:
        return RejectReason::ConnectionLimit;
    default:
        return RejectReason::BadRequest;
    }
}

} // namespace

ApiConnection::ApiConnection(ApiServerCore& core, QTcpSocket* socket)
    : m_core(core)
    , m_socket(socket)
    , m_parser(core.config().httpLimits)
    , m_decoder(core.config().wsLimits)
{
    const ApiServerConfig& c = core.config();
    m_socket->setParent(this);
    // Bounded reads: a client cannot make us buffer more than this between two readyRead calls.
    m_socket->setReadBufferSize(256 * 1024);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (c.sendBufferBytes > 0)
        m_socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, c.sendBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &ApiConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ApiConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &ApiConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &ApiConnection::onDeadline);
    m_deadline.start(c.handshakeTimeoutMs);
    connect(&m_keepalive, &QTimer::timeout, this, &ApiConnection::onKeepalive);
    m_pongDeadline.setSingleShot(true);
    connect(&m_pongDeadline, &QTimer::timeout, this, [this] {
        if (!m_isAwaitingPong || m_state != State::WebSocket)
            return;
        m_core.metrics().add(m_core.metrics().pingTimeouts);
        qCDebug(lcApi) << "no pong from" << m_socket->peerAddress() << "- dropping the connection";
        finish();
    });
    m_slowDeadline.setSingleShot(true);
    connect(&m_slowDeadline, &QTimer::timeout, this, [this] {
        if (m_state != State::WebSocket || m_socket->bytesToWrite() <= m_core.config().softSendCapBytes)
            return;
        m_core.metrics().add(m_core.metrics().slowClientDisconnects);
        closeWebSocket(net::wsclose::TryAgainLater, u"client too slow: send buffer stayed over the cap"_s);
    });
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ApiConnection::onReadyRead, Qt::QueuedConnection);
}

ApiConnection::~ApiConnection()
{
    // The socket is our child and outlives this part of the object: no more slots on a half-destroyed connection.
    m_socket->disconnect(this);
    m_socket->abort();
}

void ApiConnection::writeBytes(const QByteArray& data)
{
    sendBatch(); // keep the order of the fan-out frames already accepted
    m_core.metrics().add(m_core.metrics().bytesOut, static_cast<std::uint64_t>(data.size()));
    m_socket->write(data);
}

void ApiConnection::sendBatch()
{
    for (;;) {
        if (!m_batch.isEmpty())
            sendBatchBytes();
        // Updates held back over the soft cap follow once the kernel took everything queued before them; while
        // QTcpSocket still holds bytes, onBytesWritten takes them.
        if (m_pending.isEmpty() || m_socket->bytesToWrite() > 0 || m_state != State::WebSocket)
            break;
        takePending();
    }
    if (m_pending.isEmpty() && m_socket->bytesToWrite() <= m_core.config().softSendCapBytes)
        m_slowDeadline.stop();
}

void ApiConnection::sendBatchBytes()
{
    m_core.metrics().add(m_core.metrics().bytesOut, static_cast<std::uint64_t>(m_batch.size()));
    // Straight to the kernel when Qt holds nothing for this socket: handing the bytes to QTcpSocket would switch
    // its write notifier on and off again, and the GLib dispatcher unregisters a notifier by searching the list
    // of all of them, which for a fan-out to N sockets costs O(N²). Whatever the kernel does not take now goes
    // to QTcpSocket, which writes it when the socket is writable (and whose buffer the back-pressure rules see).
    qsizetype sent = 0;
    if (m_socket->bytesToWrite() == 0 && m_socket->socketDescriptor() >= 0) {
        const auto fd = static_cast<int>(m_socket->socketDescriptor());
        ssize_t n;
        do
            n = ::send(fd, m_batch.constData(), static_cast<std::size_t>(m_batch.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        // A real error (reset, broken pipe): QTcpSocket meets it on its own write and reports it as usual.
        sent = n > 0 ? static_cast<qsizetype>(n) : 0;
    }
    if (sent < m_batch.size())
        m_socket->write(m_batch.constData() + sent, m_batch.size() - sent);
    if (m_batch.capacity() > 64 * 1024)
        m_batch.clear();
    else
        m_batch.resize(0); // keeps the allocation for the next second
}

void ApiConnection::writeFrame(net::WsOpcode opcode, std::string_view payload)
{
    const std::string frame = net::encodeWsFrame(opcode, payload);
    writeBytes(bytes(frame));
}

void ApiConnection::writeText(const QByteArray& text)
{
    m_core.metrics().add(m_core.metrics().messagesOut);
    writeBytes(wsTextFrame(text));
}

void ApiConnection::respond(
    int status, std::string_view contentType, std::string_view body, const std::vector<std::string>& headers)
{
    m_core.metrics().httpStatus(status);
    writeBytes(bytes(net::httpResponse(status, contentType, body, headers)));
    m_state = State::Closing;
    m_deadline.start(m_core.config().closeTimeoutMs);
    m_socket->disconnectFromHost();
}

void ApiConnection::refuse(int status, const std::string& reason, const std::vector<std::string>& headers)
{
    m_core.metrics().reject(reasonForStatus(status));
    m_core.metrics().httpStatus(status);
    writeBytes(bytes(net::httpErrorResponse(status, reason, headers)));
    m_state = State::Closing;
    m_deadline.start(m_core.config().closeTimeoutMs);
    m_socket->disconnectFromHost();
}

TokenCheck ApiConnection::checkToken(std::string_view candidate) const
{
    return constantTimeEquals(candidate, m_core.config().token) ? TokenCheck::Ok : TokenCheck::Wrong;
}

TokenCheck ApiConnection::checkHeaderToken() const
{
    if (m_core.config().token.empty())
        return TokenCheck::Ok;
    const auto header = m_parser.request().header("authorization");
    if (!header)
        return TokenCheck::Missing;
    const auto token = bearerToken(*header);
    return token ? checkToken(*token) : TokenCheck::Wrong;
}

void ApiConnection::onReadyRead()
{
    while (m_socket->bytesAvailable() > 0 && m_state != State::Done) {
        const QByteArray data = m_socket->read(64 * 1024);
        m_core.metrics().add(m_core.metrics().bytesIn, static_cast<std::uint64_t>(data.size()));
        switch (m_state) {
        case State::ReadingHead: {
            std::size_t consumed = 0;
            const auto s = m_parser.feed(view(data), consumed);
            if (s == net::HttpRequestParser::State::Error) {
                refuse(m_parser.errorStatus(), m_parser.errorReason());
                return;
            }
            if (s == net::HttpRequestParser::State::Complete)
                handleRequest(data.mid(static_cast<qsizetype>(consumed)));
            break;
        }
        case State::ReadingBody: {
            const qsizetype want = static_cast<qsizetype>(m_parser.request().contentLength) - m_body.size();
            m_body.append(data.left(want));
            if (m_body.size() == static_cast<qsizetype>(m_parser.request().contentLength))
                handlePost();
            break;
        }
        case State::WebSocket:
            feedFrames(view(data));
            break;
        case State::Closing:
            // Waiting for the peer's close frame; anything else is dropped.
            if (m_mode != Mode::Http)
                feedFrames(view(data));
            break;
        case State::Done:
            break;
        }
    }
}

void ApiConnection::handleRequest(const QByteArray& rest)
{
    const net::HttpRequest& r = m_parser.request();
    const ApiServerConfig& c = m_core.config();
    const bool isUpgrade = net::isWebSocketUpgrade(r);
    if (!net::isOriginAllowed(r, c.allowedOrigins)) {
        m_core.metrics().reject(RejectReason::OriginNotAllowed);
        m_core.metrics().httpStatus(403);
        writeBytes(bytes(net::httpErrorResponse(403, "origin not allowed")));
        m_state = State::Closing;
        m_deadline.start(c.closeTimeoutMs);
        m_socket->disconnectFromHost();
        return;
    }
    if (r.path == "/graphql") {
        if (isUpgrade) {
            const TokenCheck auth = checkHeaderToken();
            if (auth == TokenCheck::Wrong)
                return refuse(403, "wrong bearer token");
            // A missing header is fine here: browsers cannot set one, so the token may come in connection_init.
            m_isHeaderAuthenticated = auth == TokenCheck::Ok;
            const net::WsHandshakeResult h = net::acceptWebSocket(r, { {}, kGraphqlTransportWs });
            if (!h.isAccepted())
                return refuse(h.status, h.reason);
            upgrade(Mode::Graphql, h.response, rest);
            if (h.subprotocol.empty() && m_state == State::WebSocket)
                closeWebSocket(gqlclose::SubprotocolNotAcceptable, u"Subprotocol not acceptable"_s);
            return;
        }
        if (r.method != "POST")
            return refuse(
                405, "use POST for queries or a WebSocket upgrade (graphql-transport-ws)", { "Allow: GET, POST" });
        switch (checkHeaderToken()) {
        case TokenCheck::Missing:
            return refuse(401, "a bearer token is required", { "WWW-Authenticate: Bearer" });
        case TokenCheck::Wrong:
            return refuse(403, "wrong bearer token");
        case TokenCheck::Ok:
            break;
        }
        const std::string type = net::toLower(r.header("content-type").value_or(""));
        if (!type.starts_with("application/json"))
            return refuse(415, "Content-Type must be application/json");
        if (!r.header("content-length"))
            return refuse(411, "Content-Length is required");
        m_state = State::ReadingBody;
        m_body.reserve(static_cast<qsizetype>(r.contentLength));
        m_body.append(rest.left(static_cast<qsizetype>(r.contentLength)));
        if (m_body.size() == static_cast<qsizetype>(r.contentLength))
            handlePost();
        return;
    }
    if (r.path == "/metrics/stream") {
        if (!isUpgrade)
            return refuse(426, "/metrics/stream is a WebSocket endpoint", { "Upgrade: websocket" });
        TokenCheck auth = checkHeaderToken();
        if (auth == TokenCheck::Missing) {
            if (const auto token = r.queryItem("token"))
                auth = checkToken(*token);
        }
        if (auth == TokenCheck::Missing)
            return refuse(401, "a bearer token is required", { "WWW-Authenticate: Bearer" });
        if (auth == TokenCheck::Wrong)
            return refuse(403, "wrong bearer token");
        const std::string name = r.queryItem("name").value_or("");
        if (name.empty())
            return refuse(400, "the name parameter is required");
        const net::WsHandshakeResult h = net::acceptWebSocket(r, {});
        if (!h.isAccepted())
            return refuse(h.status, h.reason);
        // Prepared only once the upgrade is sure to happen: a shared stream is never left without a subscriber.
        auto prepared
            = m_core.stream(QString::fromStdString(name), QString::fromStdString(r.queryItem("sourceId").value_or("")));
        if (!prepared)
            return refuse(400, "no stream for these parameters");
        upgrade(Mode::Stream, h.response, {});
        m_streamKey = m_core.addSubscriber(this, {}, std::move(prepared));
        if (!rest.isEmpty())
            feedFrames(view(rest));
        return;
    }
    if (r.path == "/healthz") {
        if (r.method != "GET" && r.method != "HEAD")
            return refuse(405, "use GET", { "Allow: GET" });
        return respond(200, "application/json", m_core.healthJson());
    }
    if (r.path == "/metrics") {
        if (r.method != "GET" && r.method != "HEAD")
            return refuse(405, "use GET", { "Allow: GET" });
        switch (checkHeaderToken()) {
        case TokenCheck::Missing:
            return refuse(401, "a bearer token is required", { "WWW-Authenticate: Bearer" });
        case TokenCheck::Wrong:
            return refuse(403, "wrong bearer token");
        case TokenCheck::Ok:
            break;
        }
        return respond(200, "text/plain; version=0.0.4; charset=utf-8", m_core.metricsText());
    }
    refuse(404, "no such endpoint");
}

void ApiConnection::handlePost()
{
    m_deadline.stop();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(m_body, &error);
    m_body.clear();
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return refuse(400, "the body is not a JSON object");
    const QJsonObject o = doc.object();
    const QJsonValue query = o.value("query"_L1);
    const QJsonValue variables = o.value("variables"_L1);
    const QJsonValue operation = o.value("operationName"_L1);
    if (!query.isString())
        return refuse(400, "'query' must be a string");
    if (!(variables.isUndefined() || variables.isNull() || variables.isObject()))
        return refuse(400, "'variables' must be an object");
    if (!(operation.isUndefined() || operation.isNull() || operation.isString()))
        return refuse(400, "'operationName' must be a string");
    const QJsonObject result
        = m_core.service().execute(GraphqlRequest { query.toString(), variables.toObject(), operation.toString() });
    const QByteArray body = QJsonDocument(result).toJson(QJsonDocument::Compact);
    // GraphQL over HTTP: the newer media type says with its status whether the request itself failed.
    const std::string accept = net::toLower(m_parser.request().header("accept").value_or(""));
    if (accept.find("application/graphql-response+json") != std::string::npos) {
        const int status = result.contains("data"_L1) ? 200 : 400;
        return respond(status, "application/graphql-response+json; charset=utf-8", view(body));
    }
    respond(200, "application/json; charset=utf-8", view(body));
}

void ApiConnection::upgrade(Mode mode, const std::string& response, const QByteArray& rest)
{
    m_core.metrics().httpStatus(101);
    writeBytes(bytes(response));
    m_mode = mode;
    m_state = State::WebSocket;
    const ApiServerConfig& c = m_core.config();
    m_deadline.stop();
    if (mode == Mode::Graphql) {
        m_protocol = std::make_unique<GraphqlWsProtocol>([this](const QJsonObject& payload) {
            if (m_isHeaderAuthenticated)
                return TokenCheck::Ok;
            const QJsonValue token = payload.value("token"_L1);
            if (token.isString())
                return checkToken(token.toString().toStdString());
            for (const auto key : { "Authorization"_L1, "authorization"_L1 }) {
                const QJsonValue v = payload.value(key);
                if (v.isString()) {
                    const std::string s = v.toString().toStdString();
                    const auto bearer = bearerToken(s);
                    return bearer ? checkToken(*bearer) : TokenCheck::Wrong;
                }
            }
            return TokenCheck::Missing;
        });
        m_deadline.start(c.connectionInitTimeoutMs);
    }
    if (c.keepaliveIntervalMs > 0)
        m_keepalive.start(c.keepaliveIntervalMs);
    if (!rest.isEmpty())
        feedFrames(view(rest));
}

void ApiConnection::feedFrames(std::string_view data)
{
    if (m_decoder.hasError())
        return; // the stream cannot be trusted any more: wait for the peer to go (or the close timeout)
    m_messages.clear();
    const bool isOk = m_decoder.feed(data, m_messages);
    for (net::WsMessage& m : m_messages) {
        if (m_state == State::Done)
            return;
        onMessage(m);
    }
    if (!isOk && m_state != State::Done) {
        m_core.metrics().frameRejected(m_decoder.error());
        qCDebug(lcApi) << "frame rejected:" << m_decoder.errorReason().c_str();
        if (m_state == State::WebSocket) {
            // Failing the connection (RFC 6455 7.1.7): the close frame, then the TCP close once it is written.
            closeWebSocket(m_decoder.errorCloseCode(), QString::fromStdString(m_decoder.errorReason()));
            m_socket->disconnectFromHost();
        } else {
            finish();
        }
    }
}

void ApiConnection::onMessage(net::WsMessage& message)
{
    m_isAwaitingPong = false;
    m_pongDeadline.stop();
    switch (message.opcode) {
    case net::WsOpcode::Close: {
        if (m_state == State::WebSocket) {
            const net::WsCloseInfo info = net::parseWsClosePayload(message.payload);
            const std::uint16_t code = message.payload.empty() ? net::wsclose::Normal : info.code;
            writeFrame(net::WsOpcode::Close, net::wsClosePayload(code, {}));
            dropSubscriptions();
        }
        m_state = State::Closing;
        m_deadline.start(m_core.config().closeTimeoutMs);
        m_socket->disconnectFromHost();
        return;
    }
    case net::WsOpcode::Ping:
        if (m_state == State::WebSocket)
            writeFrame(net::WsOpcode::Pong, message.payload);
        return;
    case net::WsOpcode::Pong:
        return;
    case net::WsOpcode::Text:
    case net::WsOpcode::Binary:
        if (m_state != State::WebSocket)
            return;
        m_core.metrics().add(m_core.metrics().messagesIn);
        if (m_mode == Mode::Graphql) {
            if (message.opcode == net::WsOpcode::Binary)
                return closeWebSocket(gqlclose::BadRequest, u"Invalid message received: binary frame"_s);
            onGraphqlText(QByteArray::fromStdString(message.payload));
        }
        return; // a stream has nothing to say to us; what a client sends there is ignored
    case net::WsOpcode::Continuation:
        return;
    }
}

void ApiConnection::onGraphqlText(const QByteArray& text)
{
    GraphqlWsAction a = m_protocol->onMessage(text);
    switch (a.kind) {
    case GraphqlWsAction::Kind::None:
        return;
    case GraphqlWsAction::Kind::Send:
        if (m_protocol->isAcknowledged())
            m_deadline.stop();
        return writeText(a.text);
    case GraphqlWsAction::Kind::Close:
        return closeWebSocket(a.closeCode, a.reason);
    case GraphqlWsAction::Kind::Complete:
        if (const auto it = m_subscriptions.constFind(a.id); it != m_subscriptions.constEnd()) {
            m_core.removeSubscriber(*it);
            m_subscriptions.erase(it);
        }
        return;
    case GraphqlWsAction::Kind::Subscribe: {
        SubscribeResult r = m_core.subscribe(a.request);
        if (r.subscription) {
            m_subscriptions.insert(
                a.id, m_core.addSubscriber(this, GraphqlWsProtocol::quoteId(a.id), std::move(r.subscription)));
        } else if (r.singleResult) {
            writeText(GraphqlWsProtocol::nextMessage(
                GraphqlWsProtocol::quoteId(a.id), QJsonDocument(*r.singleResult).toJson(QJsonDocument::Compact)));
            writeText(GraphqlWsProtocol::completeMessage(a.id));
            m_protocol->release(a.id);
        } else {
            QJsonArray errors = r.errors;
            if (errors.isEmpty())
                errors.append(QJsonObject { { "message"_L1, u"the subscription could not be prepared"_s } });
            writeText(GraphqlWsProtocol::errorMessage(a.id, errors));
            m_protocol->release(a.id);
        }
        return;
    }
    }
}

void ApiConnection::sendUpdate(
    std::uint64_t key, SeriesId series, const QByteArray& quotedId, const QByteArray& payload)
{
    if (m_state != State::WebSocket)
        return;
    const ApiServerConfig& c = m_core.config();
    if (m_pending.isEmpty() && m_socket->bytesToWrite() + m_batch.size() <= c.softSendCapBytes) {
        m_core.metrics().add(m_core.metrics().messagesOut);
        appendUpdateFrame(m_batch, quotedId, payload);
        return;
    }
    QByteArray frame;
    appendUpdateFrame(frame, quotedId, payload);
    // Over the soft cap: keep only the newest update of this series for this subscriber.
    auto it = m_pending.find({ key, series });
    if (it == m_pending.end()) {
        m_pending.insert({ key, series }, frame);
        m_pendingBytes += frame.size();
    } else {
        m_pendingBytes += frame.size() - it->size();
        *it = frame;
        m_core.metrics().add(m_core.metrics().conflatedUpdates);
    }
    if (!m_slowDeadline.isActive())
        m_slowDeadline.start(c.slowClientGraceMs);
    if (m_socket->bytesToWrite() + m_batch.size() + m_pendingBytes > c.hardSendCapBytes) {
        m_core.metrics().add(m_core.metrics().slowClientDisconnects);
        closeWebSocket(net::wsclose::TryAgainLater, u"client too slow: over the send buffer cap"_s);
    }
}

void ApiConnection::onBytesWritten()
{
    if (m_state == State::WebSocket && !m_pending.isEmpty())
        takePending();
    sendBatch();
}

void ApiConnection::takePending()
{
    const qint64 soft = m_core.config().softSendCapBytes;
    auto it = m_pending.begin();
    while (it != m_pending.end() && m_socket->bytesToWrite() + m_batch.size() <= soft) {
        m_core.metrics().add(m_core.metrics().messagesOut);
        m_batch.append(*it);
        m_pendingBytes -= it->size();
        it = m_pending.erase(it);
    }
}

void ApiConnection::closeWebSocket(std::uint16_t code, const QString& reason)
{
    if (m_state != State::WebSocket)
        return;
    qCDebug(lcApi) << "closing" << m_socket->peerAddress() << code << reason;
    dropSubscriptions();
    m_pending.clear();
    m_pendingBytes = 0;
    writeFrame(net::WsOpcode::Close, net::wsClosePayload(code, reason.toStdString()));
    m_state = State::Closing;
    m_keepalive.stop();
    m_slowDeadline.stop();
    m_deadline.start(m_core.config().closeTimeoutMs);
}

void ApiConnection::dropSubscriptions()
{
    for (const std::uint64_t key : std::as_const(m_subscriptions))
        m_core.removeSubscriber(key);
    m_subscriptions.clear();
    if (m_streamKey)
        m_core.removeSubscriber(*m_streamKey);
    m_streamKey.reset();
}

void ApiConnection::onDeadline()
{
    switch (m_state) {
    case State::ReadingHead:
    case State::ReadingBody:
        // A head that never ends holds a connection slot: time it out.
        m_core.metrics().reject(RejectReason::HandshakeTimeout);
        m_core.metrics().httpStatus(408);
        writeBytes(bytes(net::httpErrorResponse(408, "request head not received in time")));
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        m_deadline.start(m_core.config().closeTimeoutMs);
        return;
    case State::WebSocket:
        if (m_protocol && !m_protocol->isAcknowledged())
            closeWebSocket(gqlclose::InitTimeout, u"Connection initialisation timeout"_s);
        return;
    case State::Closing:
        finish();
        return;
    case State::Done:
        return;
    }
}

void ApiConnection::onKeepalive()
{
    if (m_state != State::WebSocket)
        return;
    if (!m_isAwaitingPong) {
        m_isAwaitingPong = true;
        m_pongDeadline.start(m_core.config().pongTimeoutMs);
    }
    writeFrame(net::WsOpcode::Ping, {});
}

void ApiConnection::sendUpdates()
{
    sendBatch();
}

void ApiConnection::flush()
{
    sendBatch();
    m_socket->flush();
}

void ApiConnection::onDisconnected()
{
    finish();
}

void ApiConnection::finish()
{
    if (m_state == State::Done)
        return;
    dropSubscriptions();
    m_state = State::Done;
    m_deadline.stop();
    m_keepalive.stop();
    m_pongDeadline.stop();
    m_slowDeadline.stop();
    m_pending.clear();
    m_batch.clear();
    m_socket->abort();
    m_core.connectionFinished(this);
    deleteLater();
}

} // namespace pulse::api
