#include "statusstrip.h"

#include <QTest>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

namespace {
SourceHealth health(SourceHealth::State state, std::string message = {}, TimestampMs nextRetryMs = 0)
{
    SourceHealth h;
    h.state = state;
    h.message = std::move(message);
    h.nextRetryMs = nextRetryMs;
    return h;
}
} // namespace

Q_DECLARE_METATYPE(pulse::SourceHealth)

class TestStatusStrip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eachStateIsSaidBySymbolAndWord_data()
    {
        QTest::addColumn<SourceHealth>("health");
        QTest::addColumn<QString>("expected");
        using State = SourceHealth::State;
        const TimestampMs now = 1'000'000;
        QTest::addRow("up") << health(State::Up) << u"● src"_s;
        QTest::addRow("up, polling over HTTP")
            << health(State::Up, "polling over HTTP: WebSocket upgrade refused (404)")
            << u"● src (polling over HTTP)"_s;
        QTest::addRow("up with a note without a reason") << health(State::Up, "polling") << u"● src (polling)"_s;
        QTest::addRow("reconnecting, retry in 2.1 s rounds up")
            << health(State::Reconnecting, "connection refused", now + 2100) << u"↻ src reconnecting in 3 s"_s;
        QTest::addRow("reconnecting, retry in exactly 5 s")
            << health(State::Reconnecting, "connection refused", now + 5000) << u"↻ src reconnecting in 5 s"_s;
        QTest::addRow("reconnecting, retry time passed")
            << health(State::Reconnecting, "connection refused", now - 10) << u"↻ src reconnecting"_s;
        QTest::addRow("reconnecting, retry time unknown")
            << health(State::Reconnecting, "connection refused") << u"↻ src reconnecting"_s;
        QTest::addRow("down") << health(State::Disconnected, "all brokers down") << u"◌ src down"_s;
        QTest::addRow("failed") << health(State::Failed, "address in use") << u"⚠ src failed"_s;
        QTest::addRow("loading") << health(State::Loading, "reading history of 3 queries") << u"⧗ src loading"_s;
    }
    void eachStateIsSaidBySymbolAndWord()
    {
        QFETCH(SourceHealth, health);
        QFETCH(QString, expected);
        QCOMPARE(StatusStrip::sourceText(u"src"_s, health, 1'000'000), expected);
    }

    void historyWriterStateWithSpoolAndDrops()
    {
        const TimestampMs now = 1'000'000;
        PgWriterStats s;
        s.state = PgConnectionState::Connected;
        s.writtenRowsPerSec = 1200;
        QVERIFY2(StatusStrip::storageText(s, now).startsWith(u"⛁ history up · 1.2"_s),
            qPrintable(StatusStrip::storageText(s, now)));
        s.state = PgConnectionState::Connecting;
        QCOMPARE(StatusStrip::storageText(s, now), u"⛁ history connecting"_s);
        s.state = PgConnectionState::Disconnected;
        s.nextRetryMs = now + 2100;
        s.spooledRows = 3;
        QCOMPARE(StatusStrip::storageText(s, now), u"⛁ history down · retry in 3 s · 3 rows spooled"_s);
        s.nextRetryMs = 0;
        s.spooledRows = 0;
        s.droppedRows[0] = 5;
        s.droppedRows[2] = 2;
        QCOMPARE(StatusStrip::storageText(s, now), u"⛁ history down · ⚠ 7 rows dropped"_s);
    }
};

QTEST_MAIN(TestStatusStrip)
#include "tst_statusstrip.moc"
