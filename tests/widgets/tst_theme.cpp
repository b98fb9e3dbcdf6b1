#include "theme/theme.h"

#include <QFile>
#include <QTest>

using namespace pulse;
using namespace pulse::ui;
using namespace Qt::StringLiterals;

class TestTheme : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedThemesLoadWithoutProblems_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("name");
        QTest::addRow("dark") << int(layout::Theme::Dark) << u"dark"_s;
        QTest::addRow("light") << int(layout::Theme::Light) << u"light"_s;
    }
    void shippedThemesLoadWithoutProblems()
    {
        QFETCH(int, which);
        QFETCH(QString, name);
        QFile file(u":/themes/"_s + name + u".json"_s);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const ThemeParse parsed = parseTheme(file.readAll(), Theme {});
        QCOMPARE(parsed.problems, std::vector<QString> {});
        const Theme theme = loadTheme(layout::Theme(which));
        QCOMPARE(theme.name, name);
        QVERIFY(!theme.styleSheet.isEmpty());
        QVERIFY(theme.series.size() >= 6);
        // Text must stand out from the panel background in both themes.
        QVERIFY(std::abs(theme.text.lightness() - theme.panelBackground.lightness()) > 120);
    }

    void badKeysAreReportedAndKeepTheBase_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("problems");
        QTest::addRow("not a colour") << QByteArray("{\"text\": \"red\"}")
                                      << QStringList { u"text: expected a colour \"#rrggbb\""_s };
        QTest::addRow("unknown key") << QByteArray("{\"sparkle\": 1}") << QStringList { u"sparkle: unknown key"_s };
        QTest::addRow("font scale out of range")
            << QByteArray("{\"fontScale\": 40}") << QStringList { u"fontScale: expected a number in [0.5, 4]"_s };
        QTest::addRow("series with a bad entry") << QByteArray("{\"series\": [\"#112233\", 5]}")
                                                 << QStringList { u"series: expected a non-empty array of colours"_s };
        QTest::addRow("not JSON") << QByteArray("{") << QStringList { u"(file): unterminated object"_s };
    }
    void badKeysAreReportedAndKeepTheBase()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, problems);
        const Theme base = Theme::builtinDark();
        const ThemeParse parsed = parseTheme(json, base);
        QCOMPARE(QStringList(parsed.problems.begin(), parsed.problems.end()), problems);
        QCOMPARE(parsed.theme.text, base.text);
        QCOMPARE(parsed.theme.fontScale, base.fontScale);
        QCOMPARE(parsed.theme.series, base.series);
    }

    void goodKeysOverrideTheBase()
    {
        const ThemeParse parsed = parseTheme(
            "{\"text\": \"#010203\", \"fontScale\": 1.5, \"series\": [\"#aabbcc\"]}", Theme::builtinDark());
        QCOMPARE(parsed.problems.size(), std::size_t(0));
        QCOMPARE(parsed.theme.text, QColor(1, 2, 3));
        QCOMPARE(parsed.theme.fontScale, 1.5);
        QCOMPARE(parsed.theme.seriesColor(3), QColor(0xaa, 0xbb, 0xcc));
    }

    void severityColours()
    {
        const Theme theme = Theme::builtinLight();
        QCOMPARE(theme.severityColor(layout::ThresholdSeverity::Critical), theme.critical);
        QCOMPARE(theme.severityColor(layout::ThresholdSeverity::Warning), theme.warning);
        QCOMPARE(theme.palette().color(QPalette::Window), theme.window);
    }
};

QTEST_GUILESS_MAIN(TestTheme)
#include "tst_theme.moc"
