#pragma once

#include "api/graphqlwsprotocol.h"
#include "model/sample.h"
#include "net/httprequestparser.h"
#include "net/websocketframe.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

class QTcpSocket;

namespace pulse::api {

class ApiServerCore;

/**
 * One accepted socket on the server thread: reads an HTTP request head, answers it or upgrades to WebSocket
 * (graphql-transport-ws on /graphql, bare points on /metrics/stream), and sends fan-out updates with
 * back-pressure: over the soft cap only the latest update per (subscription, series) is kept; over it for longer
 * than the grace period, or over the hard cap, the client is closed with 1013.
 */
class ApiConnection : public QObject {
public:
    ApiConnection(ApiServerCore& core, QTcpSocket* socket);
    ~ApiConnection() override;

    /**
     * An update for subscriber `key` about `series` (see appendUpdateFrame for `quotedId` and `payload`); queued,
     * or conflated by the back-pressure rules.
     */
    void sendUpdate(std::uint64_t key, SeriesId series, const QByteArray& quotedId, const QByteArray& payload);
    /** Sends a close frame and drops the socket once the peer answers (or closeTimeoutMs passed). */
    void closeWebSocket(std::uint16_t code, const QString& reason);
    /** Hands the updates queued by sendUpdate to the kernel; what it does not take now is written when it can. */
    void sendUpdates();
    /** Writes what the kernel takes now, without waiting (at shutdown). */
    void flush();
    /** Refuses with an HTTP response and closes. */
    void refuse(int status, const std::string& reason, const std::vector<std::string>& headers = {});

private:
    enum class State { ReadingHead, ReadingBody, WebSocket, Closing, Done };
    enum class Mode { Http, Graphql, Stream };

    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void onDeadline();
    void onKeepalive();
    void handleRequest(const QByteArray& rest);
    void handlePost();
    void upgrade(Mode mode, const std::string& response, const QByteArray& rest);
    void feedFrames(std::string_view data);
    void onMessage(net::WsMessage& message);
    void onGraphqlText(const QByteArray& text);
    void writeBytes(const QByteArray& bytes);
    void writeFrame(net::WsOpcode opcode, std::string_view payload);
    void writeText(const QByteArray& text);
    void respond(
        int status, std::string_view contentType, std::string_view body, const std::vector<std::string>& headers = {});
    void takePending();
    void sendBatch();
    void sendBatchBytes();
    void dropSubscriptions();
    void finish();
    TokenCheck checkHeaderToken() const;
    TokenCheck checkToken(std::string_view candidate) const;

    ApiServerCore& m_core;
    QTcpSocket* m_socket;
    State m_state = State::ReadingHead;
    Mode m_mode = Mode::Http;
    net::HttpRequestParser m_parser;
    QByteArray m_body;
    net::WsFrameDecoder m_decoder;
    std::unique_ptr<GraphqlWsProtocol> m_protocol;
    bool m_isHeaderAuthenticated = false;
    QHash<QString, std::uint64_t> m_subscriptions; // graphql id → subscriber key
    std::optional<std::uint64_t> m_streamKey;
    QTimer m_deadline; // handshake, then connection_init, then the close handshake
    QTimer m_keepalive;
    QTimer m_pongDeadline;
    QTimer m_slowDeadline;
    bool m_isAwaitingPong = false;
    // Held back while over the soft cap: the latest frame per (subscriber key, series).
    QHash<QPair<std::uint64_t, SeriesId>, QByteArray> m_pending;
    qint64 m_pendingBytes = 0;
    // Updates accepted by sendUpdate and not yet handed to the kernel (sent by sendUpdates or before any other write).
    QByteArray m_batch;
    std::vector<net::WsMessage> m_messages; // scratch for the decoder
};

} // namespace pulse::api
