#pragma once

#include "api/graphqlservice.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QString>

#include <cstdint>
#include <functional>

namespace pulse::api {

/** Close codes of the graphql-transport-ws protocol (graphql-ws PROTOCOL.md). */
namespace gqlclose {
inline constexpr std::uint16_t BadRequest = 4400; ///< invalid or unexpected message
inline constexpr std::uint16_t Unauthorized = 4401; ///< subscribe before connection_ack; no token
inline constexpr std::uint16_t Forbidden = 4403; ///< connection_init refused (wrong token)
inline constexpr std::uint16_t SubprotocolNotAcceptable = 4406;
inline constexpr std::uint16_t InitTimeout = 4408; ///< no connection_init in time
inline constexpr std::uint16_t SubscriberExists = 4409; ///< subscribe with an id that is in use
inline constexpr std::uint16_t TooManyInitRequests = 4429;
inline constexpr std::uint16_t InternalError = 4500;
} // namespace gqlclose

inline constexpr char kGraphqlTransportWs[] = "graphql-transport-ws";

enum class TokenCheck { Ok, Missing, Wrong };

/** What the transport should do about one received message. */
struct GraphqlWsAction {
    enum class Kind { None, Send, Subscribe, Complete, Close };
    Kind kind = Kind::None;
    QByteArray text; ///< Send: a whole message
    QString id; ///< Subscribe, Complete
    GraphqlRequest request; ///< Subscribe
    std::uint16_t closeCode = 0; ///< Close
    QString reason; ///< Close
};

/**
 * The graphql-transport-ws message state machine of one socket, without the socket: it parses client messages,
 * enforces the order (init once, ack before subscribe, unique ids) and says what to do. Plain class, one per
 * connection, single-threaded.
 */
class GraphqlWsProtocol {
public:
    /** `authenticate` judges the connection_init payload; null accepts every init. */
    explicit GraphqlWsProtocol(std::function<TokenCheck(const QJsonObject& payload)> authenticate = {});

    GraphqlWsAction onMessage(const QByteArray& text);
    bool isAcknowledged() const { return m_isAcknowledged; }
    bool isActive(const QString& id) const { return m_active.contains(id); }
    qsizetype activeCount() const { return m_active.size(); }
    /** The server finished `id` (sent complete or error): the client may use it again. */
    void release(const QString& id) { m_active.remove(id); }

    /** `{"id":…,"type":"next","payload":<payloadJson>}`; `quotedId` is a JSON string literal (see quoteId). */
    static QByteArray nextMessage(const QByteArray& quotedId, const QByteArray& payloadJson);
    static QByteArray errorMessage(const QString& id, const QJsonArray& errors);
    static QByteArray completeMessage(const QString& id);
    static QByteArray quoteId(const QString& id);

private:
    GraphqlWsAction onSubscribe(const QJsonObject& message);

    std::function<TokenCheck(const QJsonObject&)> m_authenticate;
    bool m_isInitReceived = false;
    bool m_isAcknowledged = false;
    QSet<QString> m_active;
};

} // namespace pulse::api
