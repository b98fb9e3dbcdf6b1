// The graphql-transport-ws state machine without sockets: message order, ids, authentication, close codes.

#include "api/graphqlwsprotocol.h"

#include <QJsonDocument>
#include <QTest>

using namespace pulse::api;
using namespace Qt::StringLiterals;

namespace {

using Kind = GraphqlWsAction::Kind;

QByteArray sub(const char* id)
{
    return "{\"id\":\"" + QByteArray(id) + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { a }\"}}";
}

} // namespace

class TestGraphqlWsProtocol : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sequences_data()
    {
        QTest::addColumn<QByteArrayList>("messages");
        QTest::addColumn<int>("lastKind");
        QTest::addColumn<int>("closeCode");
        const QByteArray init = "{\"type\":\"connection_init\"}";
        QTest::addRow("init acknowledges") << QByteArrayList { init } << int(Kind::Send) << 0;
        QTest::addRow("subscribe after ack") << QByteArrayList { init, sub("1") } << int(Kind::Subscribe) << 0;
        QTest::addRow("subscribe before ack") << QByteArrayList { sub("1") } << int(Kind::Close) << 4401;
        QTest::addRow("duplicate id") << QByteArrayList { init, sub("1"), sub("1") } << int(Kind::Close) << 4409;
        QTest::addRow("two ids") << QByteArrayList { init, sub("1"), sub("2") } << int(Kind::Subscribe) << 0;
        QTest::addRow("complete then reuse")
            << QByteArrayList { init, sub("1"), "{\"id\":\"1\",\"type\":\"complete\"}", sub("1") }
            << int(Kind::Subscribe) << 0;
        QTest::addRow("complete of an unknown id is ignored")
            << QByteArrayList { init, "{\"id\":\"9\",\"type\":\"complete\"}" } << int(Kind::None) << 0;
        QTest::addRow("complete without id")
            << QByteArrayList { init, "{\"type\":\"complete\"}" } << int(Kind::Close) << 4400;
        QTest::addRow("second init") << QByteArrayList { init, init } << int(Kind::Close) << 4429;
        QTest::addRow("ping before init") << QByteArrayList { "{\"type\":\"ping\"}" } << int(Kind::Send) << 0;
        QTest::addRow("pong is quiet") << QByteArrayList { "{\"type\":\"pong\",\"payload\":{}}" } << int(Kind::None)
                                       << 0;
        QTest::addRow("ping with a non-object payload")
            << QByteArrayList { "{\"type\":\"ping\",\"payload\":1}" } << int(Kind::Close) << 4400;
        QTest::addRow("not JSON") << QByteArrayList { "hello" } << int(Kind::Close) << 4400;
        QTest::addRow("type not a string") << QByteArrayList { "{\"type\":1}" } << int(Kind::Close) << 4400;
        QTest::addRow("connection_ack from the client")
            << QByteArrayList { "{\"type\":\"connection_ack\"}" } << int(Kind::Close) << 4400;
        QTest::addRow("error from the client")
            << QByteArrayList { init, "{\"id\":\"1\",\"type\":\"error\"}" } << int(Kind::Close) << 4400;
        QTest::addRow("empty id") << QByteArrayList { init, sub("") } << int(Kind::Close) << 4400;
        QTest::addRow("operationName not a string") << QByteArrayList { init,
            "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"q\",\"operationName\":2}}" }
                                                    << int(Kind::Close) << 4400;
    }
    void sequences()
    {
        QFETCH(QByteArrayList, messages);
        QFETCH(int, lastKind);
        QFETCH(int, closeCode);
        GraphqlWsProtocol protocol;
        GraphqlWsAction a;
        for (const QByteArray& m : messages)
            a = protocol.onMessage(m);
        QCOMPARE(int(a.kind), lastKind);
        QCOMPARE(int(a.closeCode), closeCode);
        if (a.kind == Kind::Close)
            QVERIFY(!a.reason.isEmpty());
    }

    void subscribeCarriesTheRequest()
    {
        GraphqlWsProtocol protocol;
        protocol.onMessage("{\"type\":\"connection_init\"}");
        const GraphqlWsAction a = protocol.onMessage("{\"id\":\"a\\\"b\",\"type\":\"subscribe\",\"payload\":{\"query\":"
                                                     "\"subscription S { x }\",\"variables\":{\"n\":1},"
                                                     "\"operationName\":\"S\",\"extensions\":{}}}");
        QCOMPARE(a.kind, Kind::Subscribe);
        QCOMPARE(a.id, u"a\"b"_s);
        QCOMPARE(a.request.query, u"subscription S { x }"_s);
        QCOMPARE(a.request.variables["n"_L1].toInt(), 1);
        QCOMPARE(a.request.operationName, u"S"_s);
        QVERIFY(protocol.isActive(a.id));
        protocol.release(a.id);
        QVERIFY(!protocol.isActive(a.id));
    }

    void authentication_data()
    {
        QTest::addColumn<QByteArray>("init");
        QTest::addColumn<int>("closeCode");
        QTest::addRow("missing") << QByteArray("{\"type\":\"connection_init\"}") << 4401;
        QTest::addRow("wrong") << QByteArray("{\"type\":\"connection_init\",\"payload\":{\"token\":\"no\"}}") << 4403;
        QTest::addRow("right") << QByteArray("{\"type\":\"connection_init\",\"payload\":{\"token\":\"yes\"}}") << 0;
    }
    void authentication()
    {
        QFETCH(QByteArray, init);
        QFETCH(int, closeCode);
        GraphqlWsProtocol protocol([](const QJsonObject& payload) {
            if (!payload.contains("token"_L1))
                return TokenCheck::Missing;
            return payload["token"_L1].toString() == "yes"_L1 ? TokenCheck::Ok : TokenCheck::Wrong;
        });
        const GraphqlWsAction a = protocol.onMessage(init);
        QCOMPARE(int(a.closeCode), closeCode);
        QCOMPARE(protocol.isAcknowledged(), closeCode == 0);
    }

    void serverMessages()
    {
        const QByteArray next = GraphqlWsProtocol::nextMessage(GraphqlWsProtocol::quoteId(u"x\"1"_s), "{\"data\":{}}");
        const QJsonObject o = QJsonDocument::fromJson(next).object();
        QCOMPARE(o["id"_L1].toString(), u"x\"1"_s);
        QCOMPARE(o["type"_L1].toString(), u"next"_s);
        QVERIFY(o["payload"_L1]["data"_L1].isObject());
        QCOMPARE(QJsonDocument::fromJson(GraphqlWsProtocol::completeMessage(u"1"_s)).object()["type"_L1].toString(),
            u"complete"_s);
        const QJsonObject error = QJsonDocument::fromJson(
            GraphqlWsProtocol::errorMessage(u"1"_s, QJsonArray { QJsonObject { { "message"_L1, u"m"_s } } }))
                                      .object();
        QCOMPARE(error["payload"_L1].toArray().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestGraphqlWsProtocol)
#include "tst_graphqlwsprotocol.moc"
