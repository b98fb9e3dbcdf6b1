#include "dashboard/panelregistration.h"
#include "panels/clockpanel.h"
#include "panels/panelfactory.h"
#include "panels/textpanel.h"

#include <QLabel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace pulse;
using namespace pulse::ui;

class TestTextClockPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textIsShownVerbatimNeverAsMarkup_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addRow("html tags") << u"<b>bold</b> <img src=x>"_s;
        QTest::addRow("markdown") << u"# Title\n*not italic*"_s;
        QTest::addRow("plain") << u"Runbook: call ops"_s;
    }
    void textIsShownVerbatimNeverAsMarkup()
    {
        QFETCH(QString, content);
        TextPanel panel;
        layout::Panel definition;
        definition.type = layout::PanelType::Text;
        definition.options.content = content;
        panel.setPanel(definition);
        QCOMPARE(panel.label()->textFormat(), Qt::PlainText);
        QCOMPARE(panel.label()->text(), content);
    }

    void textPanelRendersSomething()
    {
        TextPanel panel;
        panel.resize(300, 120);
        layout::Panel definition;
        definition.options.content = u"Hello wall"_s;
        panel.setPanel(definition);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QImage image = panel.label()->grab().toImage();
        const QColor background = image.pixelColor(image.width() - 1, image.height() - 1);
        bool hasInk = false;
        for (int y = 0; y < image.height() && !hasInk; ++y)
            for (int x = 0; x < image.width() && !hasInk; ++x)
                hasInk = image.pixelColor(x, y) != background;
        QVERIFY(hasInk);
    }

    void clockShowsTheTimeWithSeconds()
    {
        ClockPanel panel;
        panel.setNow([] { return QDateTime(QDate(2024, 5, 17), QTime(9, 5, 7)); });
        QCOMPARE(panel.timeLabel()->text(), u"09:05:07"_s);
        QCOMPARE(panel.timeLabel()->textFormat(), Qt::PlainText);
        QVERIFY(!panel.dateLabel()->text().isEmpty());
    }

    void clockTicksEverySecond()
    {
        ClockPanel panel;
        int calls = 0;
        panel.setNow([&calls] { return QDateTime(QDate(2024, 5, 17), QTime(9, 0, 0)).addSecs(calls++); });
        QTRY_VERIFY_WITH_TIMEOUT(panel.timeLabel()->text() != u"09:00:00"_s, 2500);
    }

    void registrationMakesEveryTypeAvailable_data()
    {
        QTest::addColumn<layout::PanelType>("type");
        QTest::addColumn<QByteArray>("className");
        QTest::addRow("table") << layout::PanelType::Table << QByteArray("pulse::ui::TablePanel");
        QTest::addRow("heatmap") << layout::PanelType::Heatmap << QByteArray("pulse::ui::HeatmapPanel");
        QTest::addRow("state timeline") << layout::PanelType::StateTimeline
                                        << QByteArray("pulse::ui::StateTimelinePanel");
        QTest::addRow("text") << layout::PanelType::Text << QByteArray("pulse::ui::TextPanel");
        QTest::addRow("clock") << layout::PanelType::Clock << QByteArray("pulse::ui::ClockPanel");
    }
    void registrationMakesEveryTypeAvailable()
    {
        QFETCH(layout::PanelType, type);
        QFETCH(QByteArray, className);
        registerMorePanelTypes();
        QVERIFY(hasPanelWidget(type));
        auto widget = createPanelWidget(type);
        QCOMPARE(QByteArray(widget->metaObject()->className()), className);
    }
};

QTEST_MAIN(TestTextClockPanel)
#include "tst_textclockpanel.moc"
