#include "document/dashboarddocument.h"
#include "document/editcommands.h"
#include "layout/layoutwriter.h"

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace pulse;
using namespace pulse::ui;

namespace {

layout::Panel panelAt(const QString& title, int x, int y, int w, int h)
{
    layout::Panel panel;
    panel.type = layout::PanelType::Stat;
    panel.title = title;
    panel.x = x;
    panel.y = y;
    panel.w = w;
    panel.h = h;
    layout::Query query;
    query.selector = *SeriesSelector::parse("http.latency{service=api}").selector;
    query.field = Field::P99;
    panel.queries = { query };
    panel.thresholds = { { 100, u"#ff0000"_s, layout::ThresholdSeverity::Critical } };
    return panel;
}

/** Two panels side by side on row 0: "CPU" at 0,0 12×4 and "Memory" at 12,0 12×4; one more "Disk" at 0,4 8×4. */
layout::Dashboard sampleDashboard()
{
    layout::Dashboard dashboard;
    dashboard.title = u"Sample"_s;
    dashboard.panels
        = { panelAt(u"CPU"_s, 0, 0, 12, 4), panelAt(u"Memory"_s, 12, 0, 12, 4), panelAt(u"Disk"_s, 0, 4, 8, 4) };
    return dashboard;
}

QRect cellsOf(const layout::Panel& panel)
{
    return { panel.x, panel.y, panel.w, panel.h };
}

} // namespace

class TestEditCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freeCellsFindTheFirstRowWithRoom_data()
    {
        QTest::addColumn<QList<QRect>>("panels");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QRect>("expected");

        QTest::addRow("empty dashboard: top left") << QList<QRect> {} << QSize(6, 4) << QRect(0, 0, 6, 4);
        QTest::addRow("next to a panel on the same row")
            << QList<QRect> { QRect(0, 0, 12, 4) } << QSize(6, 4) << QRect(12, 0, 6, 4);
        QTest::addRow("full row: below it")
            << QList<QRect> { QRect(0, 0, 12, 4), QRect(12, 0, 12, 4) } << QSize(6, 4) << QRect(0, 4, 6, 4);
        QTest::addRow("too wide for the gap: below")
            << QList<QRect> { QRect(0, 0, 20, 4) } << QSize(6, 2) << QRect(0, 4, 6, 2);
        QTest::addRow("a hole between panels fits")
            << QList<QRect> { QRect(0, 0, 8, 4), QRect(14, 0, 10, 4) } << QSize(6, 4) << QRect(8, 0, 6, 4);
        QTest::addRow("a hole too short: under the shorter panel")
            << QList<QRect> { QRect(0, 0, 12, 2), QRect(12, 0, 12, 6) } << QSize(12, 4) << QRect(0, 2, 12, 4);
        QTest::addRow("size clamped to the grid") << QList<QRect> {} << QSize(40, 0) << QRect(0, 0, 24, 1);
        QTest::addRow("grid full to the last row")
            << QList<QRect> { QRect(0, 0, 24, layout::kGridMaxRows) } << QSize(1, 1) << QRect();
        QTest::addRow("room only in the last rows") << QList<QRect> { QRect(0, 0, 24, layout::kGridMaxRows - 2) }
                                                    << QSize(4, 2) << QRect(0, layout::kGridMaxRows - 2, 4, 2);
    }
    void freeCellsFindTheFirstRowWithRoom()
    {
        QFETCH(QList<QRect>, panels);
        QFETCH(QSize, size);
        QFETCH(QRect, expected);
        layout::Dashboard dashboard;
        for (const QRect& r : panels)
            dashboard.panels.push_back(panelAt(u"p"_s, r.x(), r.y(), r.width(), r.height()));
        QCOMPARE(freeCellsFor(dashboard, size.width(), size.height()), expected);
    }

    void addPanelPlacesItOnFreeCellsAndUndoRemovesIt()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), u"/tmp/sample.json"_s);
        const QByteArray before = layout::serializeLayout(document.dashboard());
        QSignalSpy inserted(&document, &DashboardDocument::panelInserted);
        QSignalSpy removed(&document, &DashboardDocument::panelRemoved);

        QVERIFY(pushAddPanel(document, panelAt(u"New"_s, 0, 0, 8, 4)));
        QCOMPARE(document.panelCount(), 4);
        QCOMPARE(cellsOf(document.panel(3)), QRect(8, 4, 8, 4));
        QCOMPARE(document.panel(3).title, u"New"_s);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(0).toInt(), 3);
        QCOMPARE(document.undoStack()->undoText(), u"Add panel “New”"_s);
        const QByteArray after = layout::serializeLayout(document.dashboard());

        document.undoStack()->undo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), before);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(0).toInt(), 3);
        document.undoStack()->redo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), after);
    }

    void removePanelUndoRestoresItAtItsIndex()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), {});
        const QByteArray before = layout::serializeLayout(document.dashboard());
        QSignalSpy inserted(&document, &DashboardDocument::panelInserted);
        QSignalSpy removed(&document, &DashboardDocument::panelRemoved);

        QVERIFY(pushRemovePanel(document, 1));
        QCOMPARE(document.panelCount(), 2);
        QCOMPARE(document.panel(1).title, u"Disk"_s);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(0).toInt(), 1);
        QCOMPARE(document.undoStack()->undoText(), u"Remove panel “Memory”"_s);
        const QByteArray after = layout::serializeLayout(document.dashboard());

        document.undoStack()->undo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), before);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(0).toInt(), 1);
        document.undoStack()->redo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), after);
    }

    void duplicateAppendsACopyOnTheNextFreeCells()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), {});
        const QByteArray before = layout::serializeLayout(document.dashboard());
        QSignalSpy inserted(&document, &DashboardDocument::panelInserted);

        QVERIFY(pushDuplicatePanel(document, 2));
        QCOMPARE(document.panelCount(), 4);
        const layout::Panel& copy = document.panel(3);
        QCOMPARE(copy.title, u"Disk (copy)"_s);
        QCOMPARE(cellsOf(copy), QRect(8, 4, 8, 4));
        QCOMPARE(inserted.at(0).at(0).toInt(), 3);
        QCOMPARE(document.undoStack()->undoText(), u"Duplicate panel “Disk”"_s);
        // Everything but title and place is the original's.
        layout::Panel expected = document.panel(2);
        expected.title = copy.title;
        expected.x = copy.x;
        expected.y = copy.y;
        QVERIFY(isSamePanel(copy, expected));

        document.undoStack()->undo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), before);
        QVERIFY(!pushDuplicatePanel(document, 3));
        QVERIFY(!pushDuplicatePanel(document, -1));
    }

    void moveAndResizeChangeOnlyTheCells()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), {});
        const QByteArray before = layout::serializeLayout(document.dashboard());
        QSignalSpy changed(&document, &DashboardDocument::panelChanged);

        QVERIFY(pushMovePanel(document, 2, 10, 5));
        QCOMPARE(cellsOf(document.panel(2)), QRect(10, 5, 8, 4));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toInt(), 2);
        QCOMPARE(document.undoStack()->undoText(), u"Move panel “Disk”"_s);
        QVERIFY(pushResizePanel(document, 2, 14, 6));
        QCOMPARE(cellsOf(document.panel(2)), QRect(10, 5, 14, 6));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(1).at(0).toInt(), 2);
        QCOMPARE(document.undoStack()->undoText(), u"Resize panel “Disk”"_s);
        QCOMPARE(document.undoStack()->count(), 2);

        document.undoStack()->undo();
        QCOMPARE(cellsOf(document.panel(2)), QRect(10, 5, 8, 4));
        document.undoStack()->undo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), before);
        QCOMPARE(changed.size(), 4);
    }

    void movesAndResizesThatChangeNothingOrLeaveTheGridAreRefused_data()
    {
        QTest::addColumn<bool>("isMove");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("a");
        QTest::addColumn<int>("b");
        QTest::addRow("move to where it is") << true << 0 << 0 << 0;
        QTest::addRow("move past the right edge") << true << 0 << 13 << 0;
        QTest::addRow("move above the top") << true << 0 << 0 << -1;
        QTest::addRow("move below the last row") << true << 0 << 0 << layout::kGridMaxRows - 3;
        QTest::addRow("move an unknown panel") << true << 3 << 1 << 1;
        QTest::addRow("resize to its size") << false << 1 << 12 << 4;
        QTest::addRow("resize past the right edge") << false << 1 << 13 << 4;
        QTest::addRow("resize to nothing") << false << 1 << 0 << 4;
        QTest::addRow("resize a negative index") << false << -1 << 2 << 2;
    }
    void movesAndResizesThatChangeNothingOrLeaveTheGridAreRefused()
    {
        QFETCH(bool, isMove);
        QFETCH(int, index);
        QFETCH(int, a);
        QFETCH(int, b);
        DashboardDocument document;
        document.reset(sampleDashboard(), {});
        QSignalSpy changed(&document, &DashboardDocument::panelChanged);
        QVERIFY(!(isMove ? pushMovePanel(document, index, a, b) : pushResizePanel(document, index, a, b)));
        QCOMPARE(document.undoStack()->count(), 0);
        QCOMPARE(changed.size(), 0);
    }

    void consecutiveMovesOfOnePanelAreOneUndoStep()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), {});
        const QByteArray before = layout::serializeLayout(document.dashboard());

        // A keyboard nudge series: right, right, down.
        QVERIFY(pushMovePanel(document, 2, 1, 4));
        QVERIFY(pushMovePanel(document, 2, 2, 4));
        QVERIFY(pushMovePanel(document, 2, 2, 5));
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(cellsOf(document.panel(2)), QRect(2, 5, 8, 4));
        const auto* move = dynamic_cast<const MovePanelCommand*>(document.undoStack()->command(0));
        QVERIFY(move);
        QCOMPARE(move->from(), QPoint(0, 4));
        QCOMPARE(move->to(), QPoint(2, 5));

        document.undoStack()->undo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), before);
        document.undoStack()->redo();
        QCOMPARE(cellsOf(document.panel(2)), QRect(2, 5, 8, 4));
    }

    void consecutiveResizesMergeButOtherPanelsAndKindsDoNot()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), {});
        QVERIFY(pushResizePanel(document, 2, 9, 4));
        QVERIFY(pushResizePanel(document, 2, 10, 4));
        QCOMPARE(document.undoStack()->count(), 1);
        QVERIFY(pushResizePanel(document, 1, 11, 4)); // another panel: a new step
        QCOMPARE(document.undoStack()->count(), 2);
        QVERIFY(pushMovePanel(document, 1, 13, 0)); // a move after a resize: a new step
        QCOMPARE(document.undoStack()->count(), 3);
        QVERIFY(pushResizePanel(document, 1, 10, 4)); // a resize after the move: a new step again
        QCOMPARE(document.undoStack()->count(), 4);

        document.undoStack()->setIndex(0);
        QCOMPARE(layout::serializeLayout(document.dashboard()), layout::serializeLayout(sampleDashboard()));
    }

    void nudgingBackToTheStartDropsTheStep()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), {});
        QVERIFY(pushMovePanel(document, 2, 1, 4));
        QVERIFY(pushMovePanel(document, 2, 0, 4));
        QCOMPARE(document.undoStack()->count(), 0);
        QVERIFY(!document.isModified());
        QCOMPARE(layout::serializeLayout(document.dashboard()), layout::serializeLayout(sampleDashboard()));
    }

    void movesDoNotMergeAcrossASave()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), u"/tmp/a.json"_s);
        QVERIFY(pushMovePanel(document, 2, 1, 4));
        document.markSaved(u"/tmp/a.json"_s);
        QVERIFY(!document.isModified());
        QVERIFY(pushMovePanel(document, 2, 2, 4));
        QCOMPARE(document.undoStack()->count(), 2);
        QVERIFY(document.isModified());
        document.undoStack()->undo();
        QVERIFY(!document.isModified());
        QCOMPARE(document.panel(2).x, 1);
    }

    void editPanelReplacesTheWholeDefinition()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), {});
        const QByteArray before = layout::serializeLayout(document.dashboard());
        QSignalSpy changed(&document, &DashboardDocument::panelChanged);

        layout::Panel edited = document.panel(1);
        edited.type = layout::PanelType::Gauge;
        edited.title = u"Memory used"_s;
        edited.unit.kind = layout::UnitKind::Bytes;
        edited.min = 0;
        edited.max = 1024;
        edited.queries.at(0).selector = *SeriesSelector::parse("mem.used{host=*}").selector;
        edited.thresholds.clear();
        QVERIFY(!pushEditPanel(document, 1, document.panel(1)));
        QVERIFY(pushEditPanel(document, 1, edited));
        QVERIFY(isSamePanel(document.panel(1), edited));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toInt(), 1);
        QCOMPARE(document.undoStack()->undoText(), u"Edit panel “Memory used”"_s);
        const QByteArray after = layout::serializeLayout(document.dashboard());
        QVERIFY(after != before);

        document.undoStack()->undo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), before);
        QCOMPARE(changed.size(), 2);
        document.undoStack()->redo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), after);
        QVERIFY(!pushEditPanel(document, 5, edited));
    }

    void editSettingsRestoresEverySetting()
    {
        layout::Dashboard dashboard = sampleDashboard();
        layout::Source udp;
        udp.listen = *parseListenAddress("127.0.0.1:8125").address;
        dashboard.sources = { udp };
        dashboard.unknownSources = { QJsonObject { { u"type"_s, u"kafka"_s }, { u"topic"_s, u"m"_s } } };
        DashboardDocument document;
        document.reset(dashboard, {});
        const QByteArray before = layout::serializeLayout(document.dashboard());
        QSignalSpy settingsChanged(&document, &DashboardDocument::settingsChanged);

        DashboardSettings settings = DashboardSettings::of(document.dashboard());
        QVERIFY(!pushEditSettings(document, settings));
        settings.title = u"Renamed"_s;
        settings.timeRangeMs = 900'000;
        settings.renderRateHz = 10;
        settings.theme = layout::Theme::Light;
        settings.display = { layout::DisplayProfile::Kind::Custom, 4.5 };
        layout::Source system;
        system.type = layout::SourceType::System;
        system.intervalMs = 2000;
        settings.sources = { system };
        QVERIFY(pushEditSettings(document, settings));
        QCOMPARE(settingsChanged.size(), 1);
        QCOMPARE(document.dashboard().title, u"Renamed"_s);
        QVERIFY(DashboardSettings::of(document.dashboard()) == settings);
        QCOMPARE(document.undoStack()->undoText(), u"Edit dashboard settings"_s);
        const QByteArray after = layout::serializeLayout(document.dashboard());

        document.undoStack()->undo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), before);
        QCOMPARE(settingsChanged.size(), 2);
        document.undoStack()->redo();
        QCOMPARE(layout::serializeLayout(document.dashboard()), after);
    }

    void undoingToTheSavedStateIsUnmodified()
    {
        DashboardDocument document;
        document.reset(sampleDashboard(), u"/tmp/a.json"_s);
        QSignalSpy modified(&document, &DashboardDocument::modifiedChanged);
        QVERIFY(!document.isModified());

        QVERIFY(pushRemovePanel(document, 0));
        QVERIFY(document.isModified());
        QCOMPARE(modified.size(), 1);
        QCOMPARE(modified.at(0).at(0).toBool(), true);
        QVERIFY(pushDuplicatePanel(document, 0));
        QCOMPARE(modified.size(), 1); // still modified: no new signal

        document.undoStack()->undo();
        document.undoStack()->undo();
        QVERIFY(!document.isModified());
        QCOMPARE(modified.size(), 2);
        QCOMPARE(modified.at(1).at(0).toBool(), false);

        document.undoStack()->redo();
        QVERIFY(document.isModified());
        QCOMPARE(modified.size(), 3);
    }

    void commandTextsNameUntitledAndLongPanels()
    {
        DashboardDocument document;
        layout::Dashboard dashboard;
        dashboard.panels = { panelAt(QString(), 0, 0, 4, 4), panelAt(QString(60, u'x'), 4, 0, 4, 4) };
        document.reset(dashboard, {});
        QVERIFY(pushMovePanel(document, 0, 0, 4));
        QCOMPARE(document.undoStack()->undoText(), u"Move panel “untitled”"_s);
        QVERIFY(pushDuplicatePanel(document, 0));
        QCOMPARE(document.panel(2).title, u"(copy)"_s);
        QVERIFY(pushRemovePanel(document, 1));
        QCOMPARE(document.undoStack()->undoText(), u"Remove panel “"_s + QString(39, u'x') + u"…”"_s);
    }
};

QTEST_MAIN(TestEditCommands)
#include "tst_editcommands.moc"
