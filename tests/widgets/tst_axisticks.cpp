#include "format/axisticks.h"

#include <QDateTime>
#include <QTest>

#include <cmath>

using namespace pulse;
using namespace pulse::ui;
using namespace Qt::StringLiterals;

namespace {

constexpr double kGiB = 1024.0 * 1024 * 1024;

QStringList labelsOf(const std::vector<AxisTick>& ticks)
{
    QStringList labels;
    for (const AxisTick& tick : ticks)
        labels.append(tick.label);
    return labels;
}

} // namespace

class TestAxisTicks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void valueTicksReadWell_data()
    {
        QTest::addColumn<double>("min");
        QTest::addColumn<double>("max");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<int>("unit");
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<bool>("isMinFree");
        QTest::addColumn<bool>("isMaxFree");
        QTest::addColumn<QStringList>("labels");
        using U = layout::UnitKind;
        QTest::addRow("bytes around 3e9 read in GiB")
            << 2.6e9 << 3.1e9 << 5 << int(U::Bytes) << QString() << true << true
            << QStringList { u"2.4 GiB"_s, u"2.6 GiB"_s, u"2.8 GiB"_s, u"3.0 GiB"_s };
        QTest::addRow("bytes from a fixed zero")
            << 0.0 << 26539866931.2 << 6 << int(U::Bytes) << QString() << false << true
            << QStringList { u"0 GiB"_s, u"5 GiB"_s, u"10 GiB"_s, u"15 GiB"_s, u"20 GiB"_s, u"25 GiB"_s };
        QTest::addRow("percent between fixed bounds")
            << 0.0 << 100.0 << 5 << int(U::Percent) << QString() << false << false
            << QStringList { u"0 %"_s, u"25 %"_s, u"50 %"_s, u"75 %"_s, u"100 %"_s };
        QTest::addRow("few ticks on a small plot") << 0.0 << 100.0 << 3 << int(U::Percent) << QString() << false
                                                   << false << QStringList { u"0 %"_s, u"50 %"_s, u"100 %"_s };
        QTest::addRow("milliseconds over a second read in seconds")
            << 0.0 << 2400.0 << 6 << int(U::Milliseconds) << QString() << false << true
            << QStringList { u"0.0 s"_s, u"0.5 s"_s, u"1.0 s"_s, u"1.5 s"_s, u"2.0 s"_s, u"2.5 s"_s };
        QTest::addRow("a quarter step needs two decimals")
            << 0.0 << 1.0 << 5 << int(U::None) << QString() << false << false
            << QStringList { u"0.00"_s, u"0.25"_s, u"0.50"_s, u"0.75"_s, u"1.00"_s };
        QTest::addRow("custom suffix with SI prefix")
            << 0.0 << 4100.0 << 4 << int(U::Custom) << u"lines/s"_s << false << true
            << QStringList { u"0 k lines/s"_s, u"2 k lines/s"_s, u"4 k lines/s"_s, u"6 k lines/s"_s };
        QTest::addRow("negative and positive values")
            << -3.0 << 7.0 << 6 << int(U::None) << QString() << true << true << QStringList();
    }
    void valueTicksReadWell()
    {
        QFETCH(double, min);
        QFETCH(double, max);
        QFETCH(int, maxTicks);
        QFETCH(int, unit);
        QFETCH(QString, suffix);
        QFETCH(bool, isMinFree);
        QFETCH(bool, isMaxFree);
        QFETCH(QStringList, labels);
        const ValueAxisTicks ticks = valueAxisTicks(
            min, max, maxTicks, { layout::UnitKind(unit), suffix }, true, isMinFree, isMaxFree, QLocale::c());
        QVERIFY(int(ticks.ticks.size()) <= maxTicks);
        QVERIFY(ticks.ticks.size() >= 2);
        // The range covers the data; fixed bounds stay put.
        QVERIFY(ticks.min <= min && ticks.max >= max);
        if (!isMinFree)
            QCOMPARE(ticks.min, min);
        if (!isMaxFree)
            QCOMPARE(ticks.max, max);
        // Evenly spaced, inside the range, every label distinct.
        for (std::size_t i = 0; i < ticks.ticks.size(); ++i) {
            QVERIFY(ticks.ticks[i].value >= ticks.min - 1e-9 * std::fabs(ticks.min));
            QVERIFY(ticks.ticks[i].value <= ticks.max + 1e-9 * std::fabs(ticks.max));
            if (i > 0)
                QVERIFY(std::fabs(ticks.ticks[i].value - ticks.ticks[i - 1].value - ticks.step) < ticks.step * 1e-9);
        }
        const QStringList shown = labelsOf(ticks.ticks);
        QCOMPARE(QSet<QString>(shown.begin(), shown.end()).size(), shown.size());
        if (!labels.isEmpty())
            QCOMPARE(shown, labels);
    }

    void freeBoundsAroundZeroStillGiveRoundTicks()
    {
        // Steps of 2 would need seven ticks (-4 … 8): the next round step, 2.5, takes six.
        const ValueAxisTicks ticks = valueAxisTicks(-3, 7, 6, {}, true, true, true, QLocale::c());
        QCOMPARE(ticks.min, -5.0);
        QCOMPARE(ticks.max, 7.5);
        QCOMPARE(labelsOf(ticks.ticks), (QStringList { u"-5.0"_s, u"-2.5"_s, u"0.0"_s, u"2.5"_s, u"5.0"_s, u"7.5"_s }));
    }

    void aFlatLineGetsRoom_data()
    {
        QTest::addColumn<double>("value");
        QTest::addRow("zero") << 0.0;
        QTest::addRow("positive") << 3.0 * kGiB;
        QTest::addRow("negative") << -5.0;
    }
    void aFlatLineGetsRoom()
    {
        QFETCH(double, value);
        const ValueAxisTicks ticks = valueAxisTicks(value, value, 5, { layout::UnitKind::Bytes, {} }, true, true, true);
        QVERIFY(ticks.max > ticks.min);
        QVERIFY(ticks.min <= value && ticks.max >= value);
        if (value >= 0)
            QVERIFY(ticks.min >= 0); // a flat line at or above zero never gets a negative axis
        QVERIFY(ticks.ticks.size() >= 2);
    }

    void bytesTickInWholeBytes()
    {
        // A flat zero line (an idle network interface) must not get "0.5 B" ticks.
        const ValueAxisTicks ticks
            = valueAxisTicks(0, 0, 5, { layout::UnitKind::Bytes, {} }, true, false, true, QLocale::c());
        QCOMPARE(labelsOf(ticks.ticks), (QStringList { u"0 B"_s, u"1 B"_s }));
    }

    void autoScalingOffKeepsTheBaseUnit()
    {
        const ValueAxisTicks ticks
            = valueAxisTicks(0, 3e9, 4, { layout::UnitKind::Bytes, {} }, false, false, true, QLocale::c());
        QCOMPARE(ticks.unit, u"B"_s);
        QCOMPARE(ticks.ticks.back().label, u"3000000000 B"_s);
    }

    void timeTicksFallOnWholeUnits_data()
    {
        QTest::addColumn<qint64>("spanMs");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<qint64>("expectedStepMs");
        QTest::addColumn<int>("labelLength");
        QTest::addRow("15 minutes, 8 ticks: every 2 min") << qint64(15 * 60'000) << 8 << qint64(2 * 60'000) << 5;
        QTest::addRow("15 minutes, 7 ticks: every 5 min") << qint64(15 * 60'000) << 7 << qint64(5 * 60'000) << 5;
        QTest::addRow("one minute: every 10 s") << qint64(60'000) << 7 << qint64(10'000) << 8;
        QTest::addRow("6 hours: every hour") << qint64(6 * 3'600'000) << 7 << qint64(3'600'000) << 5;
    }
    void timeTicksFallOnWholeUnits()
    {
        QFETCH(qint64, spanMs);
        QFETCH(int, maxTicks);
        QFETCH(qint64, expectedStepMs);
        QFETCH(int, labelLength);
        const TimestampMs from = QDateTime(QDate(2024, 3, 5), QTime(10, 3, 17)).toMSecsSinceEpoch();
        const auto ticks = timeAxisTicks(from, from + spanMs, maxTicks, QLocale::c());
        QVERIFY(!ticks.empty());
        QVERIFY(int(ticks.size()) <= maxTicks);
        for (std::size_t i = 0; i < ticks.size(); ++i) {
            QVERIFY(ticks[i].value >= double(from) && ticks[i].value <= double(from + spanMs));
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(qint64(ticks[i].value));
            // Whole units of local time: the tick's local time is a multiple of the step since midnight.
            QCOMPARE(qint64(at.time().msecsSinceStartOfDay()) % expectedStepMs, qint64(0));
            QCOMPARE(ticks[i].label.size(), labelLength);
            if (i > 0)
                QCOMPARE(qint64(ticks[i].value - ticks[i - 1].value), expectedStepMs);
        }
    }

    void longRangesNameTheDay()
    {
        const TimestampMs from = QDateTime(QDate(2024, 3, 5), QTime(10, 0)).toMSecsSinceEpoch();
        const auto ticks = timeAxisTicks(from, from + 2 * 86'400'000, 6, QLocale::c());
        QVERIFY(!ticks.empty());
        QVERIFY2(ticks.front().label.contains(u' '), qPrintable(ticks.front().label)); // "Wed 12:00"
    }
};

QTEST_GUILESS_MAIN(TestAxisTicks)
#include "tst_axisticks.moc"
