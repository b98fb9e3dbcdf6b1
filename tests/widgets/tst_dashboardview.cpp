#include "dashboard/dashboardview.h"
#include "dashboard/panelframe.h"
#include "panels/panelwidget.h"
#include "panels/tablepanel.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace pulse;
using namespace pulse::ui;

namespace {

layout::Panel panelAt(layout::PanelType type, int x, int y, int w, int h, const QString& title = {})
{
    layout::Panel panel;
    panel.type = type;
    panel.title = title;
    panel.x = x;
    panel.y = y;
    panel.w = w;
    panel.h = h;
    return panel;
}

layout::Dashboard twoPanels()
{
    layout::Dashboard dashboard;
    dashboard.panels = { panelAt(layout::PanelType::Text, 0, 0, 12, 4, u"<i>left</i>"_s),
        panelAt(layout::PanelType::Table, 12, 0, 12, 8, u"right"_s) };
    dashboard.panels[0].description = u"Explains <b>things</b>"_s;
    return dashboard;
}

/** Every kind of panel focus has to pass through: painted, chart, table (with its filter box), text. */
layout::Dashboard fivePanels()
{
    layout::Dashboard dashboard;
    dashboard.panels = { panelAt(layout::PanelType::Stat, 0, 0, 8, 4, u"a"_s),
        panelAt(layout::PanelType::Timeseries, 8, 0, 16, 6, u"b"_s),
        panelAt(layout::PanelType::Table, 0, 6, 12, 6, u"c"_s), panelAt(layout::PanelType::Text, 12, 6, 12, 6, u"d"_s),
        panelAt(layout::PanelType::Gauge, 0, 12, 6, 4, u"e"_s) };
    return dashboard;
}

} // namespace

class TestDashboardView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pixelRects_data()
    {
        QTest::addColumn<QRect>("cells");
        QTest::addColumn<int>("width");
        QTest::addColumn<QRect>("expected");
        // 2400 px → 100 px columns, 50 px rows; 3 px half-spacing on each side.
        QTest::addRow("full width top row") << QRect(0, 0, 24, 1) << 2400 << QRect(3, 3, 2394, 44);
        QTest::addRow("right half two rows down") << QRect(12, 2, 12, 4) << 2400 << QRect(1203, 103, 1194, 194);
        QTest::addRow("narrow window keeps the row floor")
            << QRect(0, 1, 6, 2) << 240 << QRect(3, DashboardView::kMinRowHeightPx + 3, 54, 2 * 16 - 6);
        QTest::addRow("row height scales with width") << QRect(0, 1, 1, 1) << 4800 << QRect(3, 103, 194, 94);
    }
    void pixelRects()
    {
        QFETCH(QRect, cells);
        QFETCH(int, width);
        QFETCH(QRect, expected);
        QCOMPARE(DashboardView::pixelRect(cells, width), expected);
    }

    void moveAndResizeStayInsideTheGrid_data()
    {
        QTest::addColumn<int>("dx");
        QTest::addColumn<int>("dy");
        QTest::addColumn<bool>("isResize");
        QTest::addColumn<QRect>("expected"); // null: no request
        QTest::addRow("move right") << 1 << 0 << false << QRect(11, 2, 4, 3);
        QTest::addRow("move up") << 0 << -1 << false << QRect(10, 1, 4, 3);
        QTest::addRow("move past the right edge is clamped") << 30 << 0 << false << QRect(20, 2, 4, 3);
        QTest::addRow("grow wider") << 1 << 0 << true << QRect(10, 2, 5, 3);
        QTest::addRow("shrink to one row") << 0 << -5 << true << QRect(10, 2, 4, 1);
        QTest::addRow("grow past the edge is clamped") << 40 << 0 << true << QRect(10, 2, 14, 3);
    }
    void moveAndResizeStayInsideTheGrid()
    {
        QFETCH(int, dx);
        QFETCH(int, dy);
        QFETCH(bool, isResize);
        QFETCH(QRect, expected);
        const layout::Panel panel = panelAt(layout::PanelType::Text, 10, 2, 4, 3);
        const auto cells
            = isResize ? DashboardView::resizedCells(panel, dx, dy) : DashboardView::movedCells(panel, dx, dy);
        QVERIFY(cells);
        QCOMPARE(*cells, expected);
    }

    void noRequestWhenAlreadyAtTheEdge()
    {
        const layout::Panel panel = panelAt(layout::PanelType::Text, 0, 0, 1, 1);
        QVERIFY(!DashboardView::movedCells(panel, -1, 0));
        QVERIFY(!DashboardView::movedCells(panel, 0, -1));
        QVERIFY(!DashboardView::resizedCells(panel, -1, -1));
    }

    void placesPanelsOnTheGridAndShowsPlainTitles()
    {
        DashboardView view;
        view.resize(1200, 600);
        view.setDashboard(twoPanels());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.panelCount(), 2);
        const int width = view.viewport()->width();
        QCOMPARE(view.panelFrame(0)->geometry(), DashboardView::pixelRect(QRect(0, 0, 12, 4), width));
        QCOMPARE(view.panelFrame(1)->geometry(), DashboardView::pixelRect(QRect(12, 0, 12, 8), width));
        QVERIFY(qobject_cast<TablePanel*>(view.panelWidget(1)));
        QCOMPARE(view.panelFrame(0)->toolTip(), u"Explains <b>things</b>"_s);
        const auto* title = view.panelWidget(0)->findChild<QLabel*>(u"panelTitle"_s);
        QVERIFY(title);
        QCOMPARE(title->textFormat(), Qt::PlainText);
        QCOMPARE(title->text(), u"<i>left</i>"_s);
    }

    void growsTallerThanTheViewportAndScrolls()
    {
        DashboardView view;
        view.resize(800, 300);
        layout::Dashboard dashboard;
        dashboard.panels
            = { panelAt(layout::PanelType::Text, 0, 0, 24, 10), panelAt(layout::PanelType::Text, 0, 40, 24, 10) };
        view.setDashboard(dashboard);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.widget()->height() >= 50 * DashboardView::rowHeightPx(view.viewport()->width()));
        QVERIFY(view.verticalScrollBar()->maximum() > 0);
    }

    void keysBecomeRequestsNotEdits_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<bool>("withShift");
        QTest::addColumn<bool>("isMove");
        QTest::addColumn<QPoint>("expected");
        QTest::addRow("Alt+Right moves right") << int(Qt::Key_Right) << false << true << QPoint(1, 0);
        QTest::addRow("Alt+Down moves down") << int(Qt::Key_Down) << false << true << QPoint(0, 1);
        QTest::addRow("Shift+Alt+Left narrows") << int(Qt::Key_Left) << true << false << QPoint(11, 4);
        QTest::addRow("Shift+Alt+Down makes taller") << int(Qt::Key_Down) << true << false << QPoint(12, 5);
    }
    void keysBecomeRequestsNotEdits()
    {
        QFETCH(int, key);
        QFETCH(bool, withShift);
        QFETCH(bool, isMove);
        QFETCH(QPoint, expected);
        DashboardView view;
        view.resize(1200, 600);
        view.setDashboard(twoPanels());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy moves(&view, &DashboardView::panelMoveRequested);
        QSignalSpy resizes(&view, &DashboardView::panelResizeRequested);
        const QRect before = view.panelFrame(0)->geometry();
        const Qt::KeyboardModifiers modifiers = withShift ? Qt::AltModifier | Qt::ShiftModifier : Qt::AltModifier;
        QTest::keyClick(view.panelFrame(0), Qt::Key(key), modifiers);
        QCOMPARE(view.selectedIndex(), 0);
        QSignalSpy& spy = isMove ? moves : resizes;
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 0);
        QCOMPARE(QPoint(spy.at(0).at(1).toInt(), spy.at(0).at(2).toInt()), expected);
        QCOMPARE((isMove ? resizes : moves).size(), 0);
        QCOMPARE(view.panelFrame(0)->geometry(), before); // the app applies it, not the view
    }

    void altArrowsWorkFromInsideATable()
    {
        DashboardView view;
        view.resize(1200, 600);
        view.setDashboard(twoPanels());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy moves(&view, &DashboardView::panelMoveRequested);
        auto* table = qobject_cast<TablePanel*>(view.panelWidget(1));
        QVERIFY(table);
        QTest::keyClick(table->view(), Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(moves.size(), 1);
        QCOMPARE(moves.at(0).at(0).toInt(), 1);
        QCOMPARE(moves.at(0).at(1).toInt(), 11);
    }

    void draggingTheRightEdgeRequestsAResize()
    {
        DashboardView view;
        view.resize(2400 + view.frameWidth() * 2, 600);
        view.setDashboard(twoPanels());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy resizes(&view, &DashboardView::panelResizeRequested);
        QSignalSpy moves(&view, &DashboardView::panelMoveRequested);
        PanelFrame* frame = view.panelFrame(0);
        const QPoint edge(frame->width() - 2, frame->height() / 2);
        QCOMPARE(frame->dragAt(edge), PanelFrame::Drag::ResizeRight);
        const double columnPx = view.viewport()->width() / 24.0;
        QTest::mousePress(frame, Qt::LeftButton, {}, edge);
        QTest::mouseMove(frame, edge + QPoint(int(columnPx * 2), 0));
        QTest::mouseRelease(frame, Qt::LeftButton, {}, edge + QPoint(int(columnPx * 2), 0));
        QCOMPARE(resizes.size(), 1);
        QCOMPARE(resizes.at(0).at(1).toInt(), 14);
        QCOMPARE(resizes.at(0).at(2).toInt(), 4);
        QCOMPARE(moves.size(), 0);
    }

    void tabReachesEveryPanelInOrder()
    {
        DashboardView view;
        view.resize(1200, 500); // the last row is scrolled out of view at first
        view.setDashboard(fivePanels());
        view.show();
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        view.panelFrame(0)->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(view.selectedIndex(), 0);
        QList<int> order { 0 };
        for (int press = 0; press < 60 && order.size() < view.panelCount(); ++press) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            if (view.selectedIndex() != order.back())
                order.append(view.selectedIndex());
        }
        QCOMPARE(order, QList<int>({ 0, 1, 2, 3, 4 }));
        // The focused panel is scrolled into view.
        const QRect shown(-view.widget()->pos(), view.viewport()->size());
        QVERIFY(shown.intersects(view.panelFrame(4)->geometry()));
        // And back with Shift+Tab.
        for (int press = 0; press < 60 && view.selectedIndex() != 3; ++press)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(view.selectedIndex(), 3);
    }

    void zoomedPanelCoversTheViewAndTheRestIsOffScreen()
    {
        DashboardView view;
        view.resize(1200, 260); // the last row is out of view
        view.setDashboard(fivePanels());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QRect gridRect = view.panelFrame(4)->geometry();
        QVERIFY(!view.panelWidget(4)->isOnScreen());
        QSignalSpy zoomed(&view, &DashboardView::zoomedIndexChanged);

        view.setZoomedIndex(4);
        QCOMPARE(view.zoomedIndex(), 4);
        QCOMPARE(zoomed.size(), 1);
        QCOMPARE(view.selectedIndex(), 4);
        QCOMPARE(view.panelFrame(4)->geometry(), QRect(QPoint(0, 0), view.viewport()->size()));
        QCOMPARE(view.widget()->size(), view.viewport()->size()); // nothing to scroll
        QVERIFY(view.panelWidget(4)->isOnScreen());
        QVERIFY(view.panelFrame(4)->hasFocusWithin());
        for (int i = 0; i < 4; ++i) {
            QVERIFY(view.panelFrame(i)->isHidden());
            QVERIFY(!view.panelWidget(i)->isOnScreen());
        }
        // It follows the view's size.
        view.resize(900, 700);
        QTRY_COMPARE(view.panelFrame(4)->geometry(), QRect(QPoint(0, 0), view.viewport()->size()));

        view.setZoomedIndex(-1);
        QCOMPARE(zoomed.size(), 2);
        view.resize(1200, 260); // the last row is out of view
        QTRY_COMPARE(view.panelFrame(4)->geometry(), gridRect);
        for (int i = 0; i < 5; ++i)
            QVERIFY(!view.panelFrame(i)->isHidden());
        QVERIFY(view.panelWidget(0)->isOnScreen());

        // A new dashboard ends the zoom.
        view.setZoomedIndex(1);
        view.setDashboard(fivePanels());
        QCOMPARE(view.zoomedIndex(), -1);
        QCOMPARE(zoomed.size(), 4);
    }

    void doubleClickOnTheHeaderTogglesZoom()
    {
        DashboardView view;
        view.resize(1200, 600);
        view.setDashboard(fivePanels());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        PanelFrame* frame = view.panelFrame(2);
        auto* title = view.panelWidget(2)->findChild<QLabel*>(u"panelTitle"_s);
        QVERIFY(title);
        const QPoint onTitle = title->mapTo(frame, title->rect().center());
        // In the content: not a zoom.
        QTest::mouseDClick(frame, Qt::LeftButton, {}, QPoint(frame->width() / 2, frame->height() - 8));
        QCOMPARE(view.zoomedIndex(), -1);
        QTest::mouseDClick(frame, Qt::LeftButton, {}, onTitle);
        QCOMPARE(view.zoomedIndex(), 2);
        QTest::mouseDClick(frame, Qt::LeftButton, {}, title->mapTo(frame, title->rect().center()));
        QCOMPARE(view.zoomedIndex(), -1);

        QSignalSpy menu(&view, &DashboardView::panelContextMenuRequested);
        QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(10, 10), frame->mapToGlobal(QPoint(10, 10)));
        QApplication::sendEvent(frame, &event);
        QCOMPARE(menu.size(), 1);
        QCOMPARE(menu.at(0).at(0).toInt(), 2);
    }

    void focusedPanelIsSelectedAndVisible()
    {
        DashboardView view;
        view.resize(1200, 600);
        view.setDashboard(twoPanels());
        view.show();
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        view.panelFrame(1)->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(view.selectedIndex(), 1);
        QVERIFY(view.panelFrame(1)->hasFocusWithin());
        QVERIFY(view.panelFrame(1)->isSelected());
        QVERIFY(!view.panelFrame(0)->isSelected());
        // The focus ring is drawn in the theme's focus colour on the frame's border.
        const QImage image = view.panelFrame(1)->grab().toImage();
        QCOMPARE(image.pixelColor(1, image.height() / 2), Theme::builtinDark().focus);
    }
};

QTEST_MAIN(TestDashboardView)
#include "tst_dashboardview.moc"
