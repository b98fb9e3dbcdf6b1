#include "format/valueformat.h"

#include <QTest>

#include <limits>

using namespace pulse;
using namespace pulse::ui;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(std::optional<int>)

class TestValueFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formatsByUnit_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("unit");
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<int>("decimals"); // -1: automatic
        QTest::addColumn<bool>("isAutoScaled");
        QTest::addColumn<QString>("expected");
        using U = layout::UnitKind;
        const auto row = [](const char* name, double v, U u, int d, const QString& expected, bool autoScale = true,
                             const QString& suffix = {}) {
            QTest::addRow("%s", name) << v << int(u) << suffix << d << autoScale << expected;
        };
        row("plain small number keeps three digits", 1.23456, U::None, -1, u"1.235"_s.left(4));
        row("plain thousands get k", 12'345, U::None, -1, u"12.3 k"_s);
        row("plain millions get M", 2'500'000, U::None, -1, u"2.5 M"_s);
        row("zero is just zero", 0, U::None, -1, u"0"_s);
        row("fractions are not scaled down", 0.5, U::None, -1, u"0.5"_s);
        row("negative values scale by magnitude", -12'345, U::None, -1, u"-12.3 k"_s);
        row("bytes are IEC", 1536, U::Bytes, -1, u"1.5 KiB"_s);
        row("bytes below a KiB stay bytes", 1000, U::Bytes, -1, u"1000 B"_s);
        row("mebibytes", 3.0 * 1024 * 1024, U::Bytes, -1, u"3 MiB"_s);
        row("gibibytes with fixed decimals", 1.25 * 1024 * 1024 * 1024, U::Bytes, 2, u"1.25 GiB"_s);
        row("percent is never scaled", 12'000, U::Percent, -1, u"12000 %"_s);
        row("milliseconds under a second", 250, U::Milliseconds, -1, u"250 ms"_s);
        row("milliseconds over a second become seconds", 1500, U::Milliseconds, -1, u"1.5 s"_s);
        row("microseconds", 42, U::Microseconds, -1, u"42 µs"_s);
        row("seconds become minutes", 90, U::Seconds, -1, u"1.5 min"_s);
        row("seconds become hours", 7200, U::Seconds, -1, u"2 h"_s);
        row("bits per second use SI", 1'000'000, U::BitsPerSecond, -1, u"1 Mbit/s"_s);
        row("requests per second", 2500, U::RequestsPerSecond, -1, u"2.5 k req/s"_s);
        row("custom suffix after the scaled number", 2000, U::Custom, -1, u"2 k widgets"_s, true, u"widgets"_s);
        row("fixed decimals pad", 3, U::None, 2, u"3.00"_s);
        row("zero decimals round", 2.6, U::None, 0, u"3"_s);
        row("auto scaling off keeps the base unit", 1536, U::Bytes, -1, u"1536 B"_s, false);
        row("NaN is a dash", std::numeric_limits<double>::quiet_NaN(), U::Bytes, -1, u"–"_s);
        row("infinity", std::numeric_limits<double>::infinity(), U::Percent, -1, u"∞ %"_s);
    }
    void formatsByUnit()
    {
        QFETCH(double, value);
        QFETCH(int, unit);
        QFETCH(QString, suffix);
        QFETCH(int, decimals);
        QFETCH(bool, isAutoScaled);
        QFETCH(QString, expected);
        const layout::Unit u { layout::UnitKind(unit), suffix };
        const std::optional<int> d = decimals < 0 ? std::nullopt : std::optional<int>(decimals);
        QCOMPARE(formatValue(value, u, d, isAutoScaled, QLocale::c()).text(), expected);
    }

    void thresholdsAndMappings_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("color");
        QTest::addColumn<int>("severity"); // -1: none
        QTest::addRow("below the first threshold has no colour") << 5.0 << u"5"_s << QString() << -1;
        QTest::addRow("at a threshold takes it")
            << 50.0 << u"50"_s << u"#fade2a"_s << int(layout::ThresholdSeverity::Warning);
        QTest::addRow("above the last threshold")
            << 95.0 << u"95"_s << u"#f2495c"_s << int(layout::ThresholdSeverity::Critical);
        QTest::addRow("exact mapping replaces the text")
            << 0.0 << u"down"_s << u"#888888"_s << int(layout::ThresholdSeverity::Ok);
        QTest::addRow("range mapping text keeps the threshold colour")
            << 30.0 << u"busy"_s << u"#73bf69"_s << int(layout::ThresholdSeverity::Ok);
    }
    void thresholdsAndMappings()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        QFETCH(QString, color);
        QFETCH(int, severity);
        layout::Panel panel;
        panel.thresholds = { { 0, u"#73bf69"_s, layout::ThresholdSeverity::Ok },
            { 50, u"#fade2a"_s, layout::ThresholdSeverity::Warning },
            { 90, u"#f2495c"_s, layout::ThresholdSeverity::Critical } };
        panel.valueMappings = { { false, 0, 0, 0, u"down"_s, u"#888888"_s }, { true, 0, 25, 35, u"busy"_s, {} } };
        if (value < 0 || value == 5.0)
            panel.thresholds.erase(panel.thresholds.begin());
        const DisplayValue shown = displayValue(panel, value, QLocale::c());
        QCOMPARE(shown.value.text(), text);
        QCOMPARE(shown.color.isValid() ? shown.color.name() : QString(), color);
        QCOMPARE(shown.severity ? int(*shown.severity) : -1, severity);
    }

    void unitScaleIsTheScaleFormattingUses_data()
    {
        QTest::addColumn<double>("magnitude");
        QTest::addColumn<int>("unit");
        QTest::addColumn<bool>("isAutoScaled");
        QTest::addColumn<double>("factor");
        QTest::addColumn<QString>("scaledUnit");
        using U = layout::UnitKind;
        QTest::addRow("3e9 bytes are GiB") << 3e9 << int(U::Bytes) << true << 1024.0 * 1024 * 1024 << u"GiB"_s;
        QTest::addRow("1500 ms are seconds") << 1500.0 << int(U::Milliseconds) << true << 1000.0 << u"s"_s;
        QTest::addRow("90 s are minutes") << 90.0 << int(U::Seconds) << true << 60.0 << u"min"_s;
        QTest::addRow("percent stays percent") << 5000.0 << int(U::Percent) << true << 1.0 << u"%"_s;
        QTest::addRow("no auto scaling: base unit") << 3e9 << int(U::Bytes) << false << 1.0 << u"B"_s;
        QTest::addRow("zero takes the unscaled unit") << 0.0 << int(U::Bytes) << true << 1.0 << u"B"_s;
        QTest::addRow("negative by magnitude") << -2e6 << int(U::None) << true << 1e6 << u"M"_s;
    }
    void unitScaleIsTheScaleFormattingUses()
    {
        QFETCH(double, magnitude);
        QFETCH(int, unit);
        QFETCH(bool, isAutoScaled);
        QFETCH(double, factor);
        QFETCH(QString, scaledUnit);
        const layout::Unit u { layout::UnitKind(unit), {} };
        const UnitScale scale = unitScale(magnitude, u, isAutoScaled);
        QCOMPARE(scale.factor, factor);
        QCOMPARE(scale.unit, scaledUnit);
        QCOMPARE(formatValue(magnitude, u, std::nullopt, isAutoScaled, QLocale::c()).unit, scaledUnit);
    }

    void thresholdsWithoutColourTakeTheThemesSeverityColour()
    {
        const Theme theme = Theme::builtinDark();
        const layout::Threshold own { 10, u"#123456"_s, layout::ThresholdSeverity::Warning };
        const layout::Threshold plain { 20, {}, layout::ThresholdSeverity::Critical };
        QCOMPARE(thresholdColor(own, theme), QColor(0x12, 0x34, 0x56));
        QCOMPARE(thresholdColor(plain, theme), theme.critical);

        layout::Panel panel;
        panel.thresholds = { own, plain };
        QCOMPARE(displayValue(panel, 15).colorIn(theme, Qt::white), QColor(0x12, 0x34, 0x56));
        QCOMPARE(displayValue(panel, 25).colorIn(theme, Qt::white), theme.critical);
        QCOMPARE(displayValue(panel, 5).colorIn(theme, Qt::white), QColor(Qt::white));
        QCOMPARE(thresholdFor(panel.thresholds, 25), &panel.thresholds[1]);
        QCOMPARE(thresholdFor(panel.thresholds, std::numeric_limits<double>::quiet_NaN()), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestValueFormat)
#include "tst_valueformat.moc"
