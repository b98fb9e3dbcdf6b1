#include "net/websocketframe.h"
#include "net/websockethandshake.h"

#include <QTest>

using namespace pulse::net;

namespace {

constexpr std::uint32_t kMask = 0x37fa213d;

QByteArray qb(const std::string& s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

std::string raw(std::initializer_list<int> bytes)
{
    std::string s;
    for (const int b : bytes)
        s.push_back(static_cast<char>(b));
    return s;
}

/** A masked client frame with a header written by hand (any length field, any bits). */
std::string handFrame(int b0, int lengthByte, const std::string& extendedLength, const std::string& payload)
{
    std::string s = raw({ b0, lengthByte | 0x80 }) + extendedLength + raw({ 0x37, 0xfa, 0x21, 0x3d });
    const unsigned char key[4] = { 0x37, 0xfa, 0x21, 0x3d };
    for (std::size_t i = 0; i < payload.size(); ++i)
        s.push_back(static_cast<char>(payload[i] ^ key[i & 3]));
    return s;
}

std::string client(WsOpcode op, std::string_view payload, bool fin = true)
{
    return encodeWsFrame(op, payload, fin, kMask);
}

} // namespace

Q_DECLARE_METATYPE(WsFrameError)

class TestWebSocketFrame : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decodesEveryFrameKind_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("opcode");
        QTest::addColumn<QByteArray>("payload");
        QTest::addRow("text, 7-bit length") << qb(client(WsOpcode::Text, "hello")) << 1 << QByteArray("hello");
        QTest::addRow("binary") << qb(client(WsOpcode::Binary, raw({ 0, 1, 2, 255 }))) << 2
                                << qb(raw({ 0, 1, 2, 255 }));
        QTest::addRow("empty text") << qb(client(WsOpcode::Text, "")) << 1 << QByteArray();
        const std::string mid(300, 'm');
        QTest::addRow("16-bit length") << qb(client(WsOpcode::Text, mid)) << 1 << qb(mid);
        const std::string big(70'000, 'b');
        QTest::addRow("64-bit length") << qb(client(WsOpcode::Binary, big)) << 2 << qb(big);
        QTest::addRow("fragmented text") << qb(client(WsOpcode::Text, "he", false)
            + client(WsOpcode::Continuation, "ll", false) + client(WsOpcode::Continuation, "o"))
                                         << 1 << QByteArray("hello");
        QTest::addRow("ping") << qb(client(WsOpcode::Ping, "p")) << 9 << QByteArray("p");
        QTest::addRow("pong") << qb(client(WsOpcode::Pong, "")) << 10 << QByteArray();
        QTest::addRow("close with code and reason")
            << qb(client(WsOpcode::Close, wsClosePayload(1000, "bye"))) << 8 << qb(wsClosePayload(1000, "bye"));
        QTest::addRow("close without payload") << qb(client(WsOpcode::Close, "")) << 8 << QByteArray();
        QTest::addRow("multi-byte UTF-8 text") << qb(client(WsOpcode::Text, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"))
                                               << 1 << QByteArray("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    }
    void decodesEveryFrameKind()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, opcode);
        QFETCH(QByteArray, payload);
        // Whole, then byte by byte: the decoder must not care how the bytes arrive.
        for (const int step : { static_cast<int>(input.size()), 1 }) {
            WsFrameDecoder decoder;
            std::vector<WsMessage> out;
            for (qsizetype i = 0; i < input.size(); i += step)
                QVERIFY(decoder.feed(
                    std::string_view(input.constData() + i, std::min<qsizetype>(step, input.size() - i)), out));
            QCOMPARE(out.size(), 1u);
            QCOMPARE(static_cast<int>(out[0].opcode), opcode);
            QCOMPARE(qb(out[0].payload), payload);
            QCOMPARE(decoder.bufferedBytes(), 0u);
        }
    }

    void controlFrameBetweenFragments()
    {
        WsFrameDecoder decoder;
        std::vector<WsMessage> out;
        QVERIFY(decoder.feed(
            client(WsOpcode::Text, "a", false) + client(WsOpcode::Ping, "x") + client(WsOpcode::Continuation, "b"),
            out));
        QCOMPARE(out.size(), 2u);
        QCOMPARE(out[0].opcode, WsOpcode::Ping);
        QCOMPARE(out[1].payload, std::string("ab"));
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<WsFrameError>("error");
        QTest::addColumn<int>("closeCode");
        QTest::addColumn<int>("maxFrame");
        const std::string ok = client(WsOpcode::Text, "x");
        QTest::addRow("RSV1 set") << qb(handFrame(0x81 | 0x40, 1, {}, "x")) << WsFrameError::ReservedBits << 1002 << 0;
        QTest::addRow("RSV3 set") << qb(handFrame(0x81 | 0x10, 1, {}, "x")) << WsFrameError::ReservedBits << 1002 << 0;
        QTest::addRow("opcode 3") << qb(handFrame(0x83, 1, {}, "x")) << WsFrameError::ReservedOpcode << 1002 << 0;
        QTest::addRow("opcode 0xB") << qb(handFrame(0x8B, 0, {}, "")) << WsFrameError::ReservedOpcode << 1002 << 0;
        QTest::addRow("unmasked client frame")
            << qb(encodeWsFrame(WsOpcode::Text, "x")) << WsFrameError::Unmasked << 1002 << 0;
        QTest::addRow("16-bit length for 5 bytes")
            << qb(handFrame(0x81, 126, raw({ 0, 5 }), "hello")) << WsFrameError::NonMinimalLength << 1002 << 0;
        QTest::addRow("64-bit length for 5 bytes") << qb(handFrame(0x81, 127, raw({ 0, 0, 0, 0, 0, 0, 0, 5 }), "hello"))
                                                   << WsFrameError::NonMinimalLength << 1002 << 0;
        QTest::addRow("64-bit length with MSB") << qb(handFrame(0x82, 127, raw({ 0x80, 0, 0, 0, 0, 0, 0, 0 }), {}))
                                                << WsFrameError::LengthMsbSet << 1002 << 0;
        QTest::addRow("ping of 126 bytes") << qb(handFrame(0x89, 126, raw({ 0, 126 }), std::string(126, 'p')))
                                           << WsFrameError::ControlTooLong << 1002 << 0;
        QTest::addRow("fragmented ping") << qb(handFrame(0x09, 1, {}, "p")) << WsFrameError::ControlFragmented << 1002
                                         << 0;
        QTest::addRow("continuation first")
            << qb(client(WsOpcode::Continuation, "x")) << WsFrameError::UnexpectedContinuation << 1002 << 0;
        QTest::addRow("text inside a fragmented message")
            << qb(client(WsOpcode::Text, "a", false) + ok) << WsFrameError::ExpectedContinuation << 1002 << 0;
        QTest::addRow("100 MB frame header") << qb(handFrame(0x82, 127, raw({ 0, 0, 0, 0, 0x06, 0x40, 0, 0 }), {}))
                                             << WsFrameError::FrameTooBig << 1009 << 0;
        QTest::addRow("frame over a small limit")
            << qb(client(WsOpcode::Text, std::string(200, 'a'))) << WsFrameError::FrameTooBig << 1009 << 100;
        QTest::addRow("message over the limit in fragments") << qb(
            client(WsOpcode::Text, std::string(80, 'a'), false) + client(WsOpcode::Continuation, std::string(80, 'a')))
                                                             << WsFrameError::MessageTooBig << 1009 << 100;
        QTest::addRow("invalid UTF-8") << qb(client(WsOpcode::Text, "\xff\xfe")) << WsFrameError::InvalidUtf8 << 1007
                                       << 0;
        QTest::addRow("overlong UTF-8") << qb(client(WsOpcode::Text, "\xc0\xaf")) << WsFrameError::InvalidUtf8 << 1007
                                        << 0;
        QTest::addRow("UTF-8 surrogate") << qb(client(WsOpcode::Text, "\xed\xa0\x80")) << WsFrameError::InvalidUtf8
                                         << 1007 << 0;
        QTest::addRow("truncated UTF-8 across fragments")
            << qb(client(WsOpcode::Text, "\xe2\x82", false) + client(WsOpcode::Continuation, ""))
            << WsFrameError::InvalidUtf8 << 1007 << 0;
        QTest::addRow("close payload of one byte")
            << qb(client(WsOpcode::Close, raw({ 3 }))) << WsFrameError::InvalidClosePayload << 1002 << 0;
        QTest::addRow("close code 1005 on the wire")
            << qb(client(WsOpcode::Close, wsClosePayload(1005, ""))) << WsFrameError::InvalidCloseCode << 1002 << 0;
        QTest::addRow("close code 999") << qb(client(WsOpcode::Close, wsClosePayload(999, "")))
                                        << WsFrameError::InvalidCloseCode << 1002 << 0;
        QTest::addRow("close reason not UTF-8")
            << qb(client(WsOpcode::Close, raw({ 0x03, 0xe8, 0xff }))) << WsFrameError::InvalidUtf8 << 1007 << 0;
    }
    void rejects()
    {
        QFETCH(QByteArray, input);
        QFETCH(WsFrameError, error);
        QFETCH(int, closeCode);
        QFETCH(int, maxFrame);
        WsLimits limits;
        if (maxFrame > 0)
            limits.maxFrameBytes = limits.maxMessageBytes = static_cast<std::uint64_t>(maxFrame);
        WsFrameDecoder decoder(limits);
        std::vector<WsMessage> out;
        QVERIFY(!decoder.feed(std::string_view(input.constData(), static_cast<std::size_t>(input.size())), out));
        QCOMPARE(decoder.error(), error);
        QCOMPARE(int(decoder.errorCloseCode()), closeCode);
        QVERIFY(!decoder.errorReason().empty());
        QVERIFY(!frameErrorLabel(error).empty());
        // Sticky: nothing more is decoded.
        QVERIFY(!decoder.feed(client(WsOpcode::Text, "more"), out));
    }

    void hugeFrameHeaderIsRefusedBeforeAnyPayload()
    {
        WsFrameDecoder decoder;
        std::vector<WsMessage> out;
        // Only the 14 header bytes of a 100 MB frame: refused at once, nothing buffered.
        const std::string header = handFrame(0x82, 127, raw({ 0, 0, 0, 0, 0x06, 0x40, 0, 0 }), {});
        QVERIFY(!decoder.feed(header, out));
        QCOMPARE(decoder.error(), WsFrameError::FrameTooBig);
        QCOMPARE(decoder.bufferedBytes(), 0u);
    }

    void floodOfOneByteContinuationsIsBounded()
    {
        WsLimits limits;
        limits.maxFragments = 1000;
        WsFrameDecoder decoder(limits);
        std::vector<WsMessage> out;
        QVERIFY(decoder.feed(client(WsOpcode::Text, "a", false), out));
        int accepted = 1;
        bool isOk = true;
        for (int i = 0; i < 100'000 && isOk; ++i) {
            isOk = decoder.feed(client(WsOpcode::Continuation, "a", false), out);
            accepted += isOk;
        }
        QVERIFY(!isOk);
        QCOMPARE(decoder.error(), WsFrameError::TooManyFragments);
        QCOMPARE(accepted, 1000);
        QCOMPARE(decoder.errorCloseCode(), wsclose::MessageTooBig);
        QVERIFY(out.empty());
    }

    void emptyContinuationFloodIsBoundedToo()
    {
        WsLimits limits;
        limits.maxFragments = 10;
        WsFrameDecoder decoder(limits);
        std::vector<WsMessage> out;
        std::string flood = client(WsOpcode::Binary, "", false);
        for (int i = 0; i < 20; ++i)
            flood += client(WsOpcode::Continuation, "", false);
        QVERIFY(!decoder.feed(flood, out));
        QCOMPARE(decoder.error(), WsFrameError::TooManyFragments);
    }

    void serverFramesAreUnmaskedAndRoundTrip_data()
    {
        QTest::addColumn<int>("size");
        QTest::addRow("0") << 0;
        QTest::addRow("125") << 125;
        QTest::addRow("126") << 126;
        QTest::addRow("65535") << 65535;
        QTest::addRow("65536") << 65536;
    }
    void serverFramesAreUnmaskedAndRoundTrip()
    {
        QFETCH(int, size);
        const std::string payload(static_cast<std::size_t>(size), 'z');
        const std::string frame = encodeWsFrame(WsOpcode::Text, payload);
        QCOMPARE(frame[1] & 0x80, 0);
        WsFrameDecoder clientSide(WsLimits { 1 << 20, 1 << 20, 16, false });
        std::vector<WsMessage> out;
        QVERIFY(clientSide.feed(frame, out));
        QCOMPARE(out.size(), 1u);
        QCOMPARE(out[0].payload.size(), payload.size());
        // A client refuses masked frames from a server.
        WsFrameDecoder strict(WsLimits { 1 << 20, 1 << 20, 16, false });
        QVERIFY(!strict.feed(client(WsOpcode::Text, "x"), out));
        QCOMPARE(strict.error(), WsFrameError::Unmasked);
    }

    void closePayloadCutsReasonAtACharacter()
    {
        const std::string reason = std::string(122, 'a') + "\xc3\xa9"; // 124 bytes, the last character 2 bytes
        const std::string p = wsClosePayload(4400, reason);
        QCOMPARE(p.size(), 2u + 122u);
        QVERIFY(isValidUtf8(std::string_view(p).substr(2)));
        const WsCloseInfo info = parseWsClosePayload(p);
        QCOMPARE(int(info.code), 4400);
    }

    void acceptKeyMatchesRfcExample()
    {
        QCOMPARE(QString::fromStdString(wsAcceptKey("dGhlIHNhbXBsZSBub25jZQ==")),
            QStringLiteral("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }
};

QTEST_GUILESS_MAIN(TestWebSocketFrame)
#include "tst_websocketframe.moc"
