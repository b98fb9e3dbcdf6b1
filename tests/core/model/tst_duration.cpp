#include "model/duration.h"

#include <QTest>

using namespace pulse;

class TestDuration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addRow("milliseconds") << QStringLiteral("250ms") << qint64(250);
        QTest::addRow("seconds") << QStringLiteral("10s") << qint64(10'000);
        QTest::addRow("bare number is seconds") << QStringLiteral("3") << qint64(3000);
        QTest::addRow("minutes") << QStringLiteral("5m") << qint64(300'000);
        QTest::addRow("hours") << QStringLiteral("1h") << qint64(3'600'000);
        QTest::addRow("days") << QStringLiteral("2d") << qint64(172'800'000);
        QTest::addRow("zero") << QStringLiteral("0s") << qint64(0);
        QTest::addRow("empty") << QString() << qint64(-1);
        QTest::addRow("unknown unit") << QStringLiteral("5y") << qint64(-1);
        QTest::addRow("negative") << QStringLiteral("-5s") << qint64(-1);
        QTest::addRow("unit only") << QStringLiteral("s") << qint64(-1);
        QTest::addRow("overflow") << QStringLiteral("99999999999999999d") << qint64(-1);
        QTest::addRow("fraction") << QStringLiteral("1.5s") << qint64(-1);
    }
    void parses()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const std::string s = text.toStdString();
        const auto got = parseDurationMs(s);
        QCOMPARE(got.value_or(-1), ms);
    }

    void formatsShortest()
    {
        QCOMPARE(formatDurationMs(10'000), std::string("10s"));
        QCOMPARE(formatDurationMs(90'000), std::string("90s"));
        QCOMPARE(formatDurationMs(3'600'000), std::string("1h"));
        QCOMPARE(formatDurationMs(250), std::string("250ms"));
        QCOMPARE(formatDurationMs(0), std::string("0ms"));
    }
};

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
