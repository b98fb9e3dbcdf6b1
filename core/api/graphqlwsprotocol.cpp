#include "api/graphqlwsprotocol.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace pulse::api {

namespace {

GraphqlWsAction closeWith(std::uint16_t code, QString reason)
{
    GraphqlWsAction a;
    a.kind = GraphqlWsAction::Kind::Close;
    a.closeCode = code;
    a.reason = std::move(reason);
    return a;
}

GraphqlWsAction send(QByteArray text)
{
    GraphqlWsAction a;
    a.kind = GraphqlWsAction::Kind::Send;
    a.text = std::move(text);
    return a;
}

/** An optional object member: absent and null are fine, anything but an object is not. */
bool isOptionalObject(const QJsonObject& o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    return v.isUndefined() || v.isNull() || v.isObject();
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

GraphqlWsProtocol::GraphqlWsProtocol(std::function<TokenCheck(const QJsonObject&)> authenticate)
    : m_authenticate(std::move(authenticate))
{ }

GraphqlWsAction GraphqlWsProtocol::onMessage(const QByteArray& text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return closeWith(gqlclose::BadRequest, u"Invalid message received: "_s + error.errorString());
    if (!doc.isObject())
        return closeWith(gqlclose::BadRequest, u"Invalid message received: not a JSON object"_s);
    const QJsonObject message = doc.object();
    const QJsonValue typeValue = message.value("type"_L1);
    if (!typeValue.isString())
        return closeWith(gqlclose::BadRequest, u"Invalid message received: missing 'type'"_s);
    const QString type = typeValue.toString();

    if (type == "connection_init"_L1) {
        if (!isOptionalObject(message, "payload"_L1))
            return closeWith(gqlclose::BadRequest, u"Invalid message received: 'payload' must be an object"_s);
        if (m_isInitReceived)
            return closeWith(gqlclose::TooManyInitRequests, u"Too many initialisation requests"_s);
        m_isInitReceived = true;
        if (m_authenticate) {
            switch (m_authenticate(message.value("payload"_L1).toObject())) {
            case TokenCheck::Missing:
                return closeWith(gqlclose::Unauthorized, u"Unauthorized: a bearer token is required"_s);
            case TokenCheck::Wrong:
                return closeWith(gqlclose::Forbidden, u"Forbidden"_s);
            case TokenCheck::Ok:
                break;
            }
        }
        m_isAcknowledged = true;
        return send(R"({"type":"connection_ack"})"_ba);
    }
    if (type == "ping"_L1) {
        if (!isOptionalObject(message, "payload"_L1))
            return closeWith(gqlclose::BadRequest, u"Invalid message received: 'payload' must be an object"_s);
        QJsonObject pong { { "type"_L1, "pong"_L1 } };
        if (message.value("payload"_L1).isObject())
            pong.insert("payload"_L1, message.value("payload"_L1));
        return send(compact(pong));
    }
    if (type == "pong"_L1) {
        if (!isOptionalObject(message, "payload"_L1))
            return closeWith(gqlclose::BadRequest, u"Invalid message received: 'payload' must be an object"_s);
        return {};
    }
    if (type == "subscribe"_L1)
        return onSubscribe(message);
    if (type == "complete"_L1) {
        const QJsonValue id = message.value("id"_L1);
        if (!id.isString() || id.toString().isEmpty())
            return closeWith(gqlclose::BadRequest, u"Invalid message received: 'id' must be a non-empty string"_s);
        if (!m_active.remove(id.toString()))
            return {}; // already finished on our side: nothing to stop
        GraphqlWsAction a;
        a.kind = GraphqlWsAction::Kind::Complete;
        a.id = id.toString();
        return a;
    }
    if (type == "connection_ack"_L1 || type == "next"_L1 || type == "error"_L1)
        return closeWith(gqlclose::BadRequest, u"Unexpected message of type "_s + type + u" received"_s);
    return closeWith(gqlclose::BadRequest, u"Invalid message received: unknown type '"_s + type.left(40) + u"'"_s);
}

GraphqlWsAction GraphqlWsProtocol::onSubscribe(const QJsonObject& message)
{
    const QJsonValue id = message.value("id"_L1);
    if (!id.isString() || id.toString().isEmpty())
        return closeWith(gqlclose::BadRequest, u"Invalid message received: 'id' must be a non-empty string"_s);
    const QJsonValue payload = message.value("payload"_L1);
    if (!payload.isObject())
        return closeWith(gqlclose::BadRequest, u"Invalid message received: 'payload' must be an object"_s);
    const QJsonObject p = payload.toObject();
    if (!p.value("query"_L1).isString())
        return closeWith(gqlclose::BadRequest, u"Invalid message received: 'payload.query' must be a string"_s);
    const QJsonValue op = p.value("operationName"_L1);
    if (!(op.isUndefined() || op.isNull() || op.isString()))
        return closeWith(gqlclose::BadRequest, u"Invalid message received: 'payload.operationName' must be a string"_s);
    if (!isOptionalObject(p, "variables"_L1) || !isOptionalObject(p, "extensions"_L1))
        return closeWith(gqlclose::BadRequest,
            u"Invalid message received: 'payload.variables' and 'payload.extensions' must be objects"_s);
    if (!m_isAcknowledged)
        return closeWith(gqlclose::Unauthorized, u"Unauthorized"_s);
    if (m_active.contains(id.toString()))
        return closeWith(
            gqlclose::SubscriberExists, u"Subscriber for "_s + id.toString().left(80) + u" already exists"_s);
    m_active.insert(id.toString());
    GraphqlWsAction a;
    a.kind = GraphqlWsAction::Kind::Subscribe;
    a.id = id.toString();
    a.request.query = p.value("query"_L1).toString();
    a.request.variables = p.value("variables"_L1).toObject();
    a.request.operationName = op.toString();
    return a;
}

QByteArray GraphqlWsProtocol::quoteId(const QString& id)
{
    // A one-element array is the cheapest way to get Qt's JSON string escaping.
    const QByteArray array = QJsonDocument(QJsonArray { id }).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray GraphqlWsProtocol::nextMessage(const QByteArray& quotedId, const QByteArray& payloadJson)
{
    QByteArray out;
    out.reserve(quotedId.size() + payloadJson.size() + 32);
    out += R"({"id":)"_ba;
    out += quotedId;
    out += R"(,"type":"next","payload":)"_ba;
    out += payloadJson;
    out += '}';
    return out;
}

QByteArray GraphqlWsProtocol::errorMessage(const QString& id, const QJsonArray& errors)
{
    return compact(QJsonObject { { "id"_L1, id }, { "type"_L1, "error"_L1 }, { "payload"_L1, errors } });
}

QByteArray GraphqlWsProtocol::completeMessage(const QString& id)
{
    return compact(QJsonObject { { "id"_L1, id }, { "type"_L1, "complete"_L1 } });
}

} // namespace pulse::api
