#pragma once

// Shared by the API server tests: a GraphqlService test double (the real one is tested on its own; these tests are
// about the transport), a raw-socket WebSocket client that speaks frames by hand, and window batch builders.

#include "api/apiserver.h"
#include "api/graphqlservice.h"
#include "model/seriesregistry.h"
#include "net/httprequestparser.h"
#include "net/websocketframe.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>

#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace pulse::test {

using namespace Qt::StringLiterals;

/**
 * Wants the series of one name; renders `{"data":{"metricUpdated":…}}` or, for a stream, the bare point. A live one
 * also takes the live edge, and its points say `"provisional": true|false`.
 */
class NamePrepared final : public api::PreparedSubscription {
public:
    NamePrepared(std::string name, bool isStream, bool isLive = false)
        : m_name(std::move(name))
        , m_isStream(isStream)
        , m_isLive(isLive)
    { }
    std::uint16_t specIndex() const override { return 0; }
    bool isLive() const override { return m_isLive; }
    bool wants(const SeriesInfo& series) const override { return series.name == m_name; }
    QJsonObject render(
        const SeriesInfo& series, const WindowResult& result, const WindowBatch&, bool isProvisional) const override
    {
        QJsonObject point { { "series"_L1, QString::fromStdString(series.name) },
            { "timestamp"_L1, static_cast<double>(result.endMs) }, { "value"_L1, result.last } };
        if (const std::string_view host = series.tag("host"); !host.empty())
            point.insert("host"_L1, QString::fromUtf8(host.data(), static_cast<qsizetype>(host.size())));
        if (m_isLive)
            point.insert("provisional"_L1, isProvisional);
        if (m_isStream)
            return point;
        return QJsonObject { { "data"_L1, QJsonObject { { "metricUpdated"_L1, point } } } };
    }

private:
    std::string m_name;
    bool m_isStream;
    bool m_isLive;
};

/**
 * `subscription { metricUpdated(name: "x") … }` → a NamePrepared (live with `live: true`); `query …` → one result;
 * anything else → errors.
 * execute() echoes the query, or errors for `query { bad }`.
 */
class TestGraphqlService final : public api::GraphqlService {
public:
    QJsonObject execute(const api::GraphqlRequest& request) const override
    {
        if (request.query.contains("bad"_L1))
            return QJsonObject { { "errors"_L1,
                QJsonArray { QJsonObject { { "message"_L1, u"Cannot query field \"bad\""_s } } } } };
        return QJsonObject { { "data"_L1,
            QJsonObject { { "echo"_L1, request.query }, { "variables"_L1, request.variables } } } };
    }
    api::SubscribeResult subscribe(const api::GraphqlRequest& request) const override
    {
        api::SubscribeResult r;
        static const QRegularExpression nameArg(u"name:\\s*\"([^\"]*)\""_s);
        const auto m = nameArg.match(request.query);
        if (request.query.trimmed().startsWith("subscription"_L1) && m.hasMatch()) {
            r.subscription = std::make_shared<NamePrepared>(
                m.captured(1).toStdString(), false, request.query.contains("live: true"_L1));
            ++subscribeCalls;
        } else if (request.query.trimmed().startsWith("query"_L1)) {
            r.singleResult = QJsonObject { { "data"_L1, QJsonObject { { "ok"_L1, true } } } };
        } else {
            r.errors = QJsonArray { QJsonObject { { "message"_L1, u"Syntax Error"_s },
                { "locations"_L1, QJsonArray { QJsonObject { { "line"_L1, 1 }, { "column"_L1, 1 } } } } } };
        }
        return r;
    }
    std::shared_ptr<const api::PreparedSubscription> stream(const QString& name, const QString&) const override
    {
        if (name.isEmpty())
            return nullptr;
        return std::make_shared<NamePrepared>(name.toStdString(), true);
    }
    mutable std::atomic<int> subscribeCalls { 0 };
};

/** Series in a registry, and batches of spec 0 about them. */
class Feed {
public:
    explicit Feed(WindowSink& sink)
        : m_sink(sink)
    { }
    /** The series of that name (and `host` tag, when given), announced to the sink when new. */
    SeriesId series(const std::string& name, const std::string& host = {})
    {
        const std::size_t before = m_registry.size();
        const TagView tag { "host", host };
        const SeriesId id = m_registry.intern(
            MetricType::Gauge, name, host.empty() ? std::span<const TagView>() : std::span<const TagView>(&tag, 1));
        if (m_registry.size() != before) {
            const SeriesInfoPtr info = m_registry.infoPtr(id);
            m_sink.onNewSeries(std::span<const SeriesInfoPtr>(&info, 1));
        }
        return id;
    }
    /** One closed window per series, value `value`, ending at `endMs`. */
    void push(const std::vector<SeriesId>& ids, double value, TimestampMs endMs = 1'000)
    {
        const WindowBatchPtr batch = makeBatch(ids, value, endMs);
        m_sink.onWindows(std::span<const WindowBatchPtr>(&batch, 1), m_registry);
    }
    /** The live edge: one provisional result per series, value `value`, of the window ending at `endMs`. */
    void pushProvisional(const std::vector<SeriesId>& ids, double value, TimestampMs endMs = 1'000)
    {
        m_sink.onProvisional(makeBatch(ids, value, endMs));
    }

private:
    static WindowBatchPtr makeBatch(const std::vector<SeriesId>& ids, double value, TimestampMs endMs)
    {
        auto batch = std::make_shared<WindowBatch>();
        batch->specIndex = 0;
        for (const SeriesId id : ids) {
            WindowResult r;
            r.series = id;
            r.startMs = endMs - 1000;
            r.endMs = endMs;
            r.last = value;
            batch->results.push_back(r);
        }
        return batch;
    }

    WindowSink& m_sink;
    SeriesRegistry m_registry;
};

/** A WebSocket client on a QTcpSocket, frames built by hand; waits with waitForReadyRead (the server has its thread).
 */
class WsClient {
public:
    explicit WsClient(std::uint16_t port)
        : m_port(port)
    { }

    /** Connects and sends an upgrade request; returns the HTTP status of the answer (0 on failure). */
    int open(const QByteArray& path = "/graphql"_ba, const QByteArray& extraHeaders = {},
        const QByteArray& protocol = "graphql-transport-ws"_ba)
    {
        QByteArray head = "GET " + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
        if (!protocol.isEmpty())
            head += "Sec-WebSocket-Protocol: " + protocol + "\r\n";
        head += extraHeaders + "\r\n";
        return sendHttp(head);
    }
    /** Sends a raw request; returns the status of the response head (the body stays in `body()`). */
    int sendHttp(const QByteArray& request, int timeoutMs = 5'000)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        if (!m_socket.waitForConnected(timeoutMs))
            return 0;
        m_socket.write(request);
        const QDeadlineTimer deadline(timeoutMs);
        while (!m_buffer.contains("\r\n\r\n")) {
            if (!readMore(deadline))
                return 0;
        }
        const qsizetype end = m_buffer.indexOf("\r\n\r\n") + 4;
        m_head = m_buffer.left(end);
        m_buffer.remove(0, end);
        return m_head.mid(9, 3).toInt();
    }
    /** The body of an HTTP response (Connection: close): everything until the server closes. */
    QByteArray readBody(int timeoutMs = 5'000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (readMore(deadline)) { }
        return m_buffer;
    }
    const QByteArray& head() const { return m_head; }

    void sendRaw(const std::string& bytes)
    {
        m_socket.write(bytes.data(), static_cast<qint64>(bytes.size()));
        m_socket.flush();
    }
    void sendFrame(net::WsOpcode op, std::string_view payload, bool fin = true)
    {
        sendRaw(net::encodeWsFrame(op, payload, fin, 0x12345678u));
    }
    void sendText(const QByteArray& text)
    {
        sendFrame(net::WsOpcode::Text, std::string_view(text.constData(), text.size()));
    }
    void sendJson(const QJsonObject& o) { sendText(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

    /** The next frame or message; pings are answered and skipped unless `isPingReturned`. */
    std::optional<net::WsMessage> next(int timeoutMs = 5'000, bool isPingReturned = false)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (true) {
            while (!m_messages.empty()) {
                net::WsMessage m = std::move(m_messages.front());
                m_messages.pop_front();
                if (m.opcode == net::WsOpcode::Ping && !isPingReturned) {
                    sendFrame(net::WsOpcode::Pong, m.payload);
                    continue;
                }
                return m;
            }
            if (!m_buffer.isEmpty()) {
                std::vector<net::WsMessage> out;
                if (!m_decoder.feed(std::string_view(m_buffer.constData(), m_buffer.size()), out))
                    qWarning("server sent an invalid frame: %s", m_decoder.errorReason().c_str());
                m_buffer.clear();
                for (auto& m : out)
                    m_messages.push_back(std::move(m));
                continue;
            }
            if (!readMore(deadline))
                return std::nullopt;
        }
    }
    /** The next text message as JSON (empty object on timeout or another frame). */
    QJsonObject nextJson(int timeoutMs = 5'000)
    {
        const auto m = next(timeoutMs);
        if (!m || m->opcode != net::WsOpcode::Text)
            return {};
        return QJsonDocument::fromJson(QByteArray::fromStdString(m->payload)).object();
    }
    /** Reads until a close frame; its code (0 if the socket ended without one). */
    int waitForClose(int timeoutMs = 5'000)
    {
        while (const auto m = next(timeoutMs)) {
            if (m->opcode == net::WsOpcode::Close) {
                m_closeReason = net::parseWsClosePayload(m->payload).reason;
                // Answer like a well-behaved client, so the server can drop the socket at once.
                if (m_socket.state() == QAbstractSocket::ConnectedState)
                    sendFrame(net::WsOpcode::Close, m->payload.substr(0, 2));
                return net::parseWsClosePayload(m->payload).code;
            }
        }
        return 0;
    }
    const std::string& closeReason() const { return m_closeReason; }
    /** connection_init (with an optional payload) and the connection_ack. */
    bool init(const QJsonObject& payload = {})
    {
        QJsonObject o { { "type"_L1, "connection_init"_L1 } };
        if (!payload.isEmpty())
            o.insert("payload"_L1, payload);
        sendJson(o);
        return nextJson()["type"_L1].toString() == "connection_ack"_L1;
    }
    void subscribe(const QString& id, const QString& query)
    {
        sendJson(QJsonObject {
            { "id"_L1, id }, { "type"_L1, "subscribe"_L1 }, { "payload"_L1, QJsonObject { { "query"_L1, query } } } });
    }
    /** A protocol ping and its pong: everything the server sent before the pong is returned. */
    QList<QJsonObject> roundTrip()
    {
        sendJson(QJsonObject { { "type"_L1, "ping"_L1 } });
        QList<QJsonObject> before;
        while (true) {
            const QJsonObject o = nextJson();
            if (o.isEmpty() || o["type"_L1].toString() == "pong"_L1)
                return before;
            before.append(o);
        }
    }
    bool waitForDisconnected(int timeoutMs = 5'000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (m_socket.state() != QAbstractSocket::UnconnectedState)
            if (!readMore(deadline))
                break;
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }
    QTcpSocket& socket() { return m_socket; }

private:
    bool readMore(const QDeadlineTimer& deadline)
    {
        if (m_socket.bytesAvailable() == 0 && m_socket.state() == QAbstractSocket::ConnectedState)
            m_socket.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
        const QByteArray data = m_socket.readAll();
        m_buffer += data;
        return !data.isEmpty() && !deadline.hasExpired();
    }

    std::uint16_t m_port;
    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_head;
    net::WsFrameDecoder m_decoder { net::WsLimits { 64u << 20, 64u << 20, 100'000, false } };
    std::deque<net::WsMessage> m_messages;
    std::string m_closeReason;
};

/** A one-shot HTTP request; status and body. */
inline std::pair<int, QByteArray> httpRequest(std::uint16_t port, const QByteArray& request)
{
    WsClient c(port);
    const int status = c.sendHttp(request);
    return { status, c.readBody() };
}

inline QByteArray httpGet(const QByteArray& path, const QByteArray& headers = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

inline QByteArray httpPost(const QByteArray& body, const QByteArray& headers = "Content-Type: application/json\r\n"_ba)
{
    return "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

/** A server config for tests: any free port, short timers where a test waits for them. */
inline api::ApiServerConfig testConfig()
{
    api::ApiServerConfig c;
    c.port = 0;
    return c;
}

/** An ApiServer over a TestGraphqlService with a Feed into its sink: what every API server test starts. */
struct ServerUnderTest {
    std::shared_ptr<TestGraphqlService> service;
    std::unique_ptr<api::ApiServer> server;
    std::unique_ptr<Feed> feed;

    /** Starts a fresh server (stopping any previous one); the error when it could not. */
    std::optional<std::string> start(api::ApiServerConfig config = testConfig())
    {
        stop();
        service = std::make_shared<TestGraphqlService>();
        server = std::make_unique<api::ApiServer>(std::move(config), service);
        if (auto error = server->start())
            return error;
        feed = std::make_unique<Feed>(server->sink());
        return std::nullopt;
    }
    void stop()
    {
        feed.reset();
        if (server)
            server->stop();
        server.reset();
    }
    std::uint16_t port() const { return server->port(); }
};

} // namespace pulse::test
