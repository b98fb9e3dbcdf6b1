#pragma once

#include "dashboard/panelframe.h"
#include "layout/dashboard.h"
#include "theme/theme.h"

#include <QRect>
#include <QScrollArea>

#include <optional>
#include <vector>

class QRubberBand;

namespace pulse::ui {

class PanelWidget;

/**
 * The dashboard grid: panels placed on 24 columns by x/y/w/h, rows as tall as half a column is wide (so the
 * layout keeps its proportions at any window width, with a floor for legibility), scrolling vertically.
 * Edits are never applied here: mouse drags on a frame's edges and Alt+arrow / Shift+Alt+arrow keys become
 * panelMoveRequested / panelResizeRequested, which the app applies through its undo stack and then calls
 * updatePanel() or setDashboard().
 *
 * Panels scrolled out of view are told so (PanelWidget::setOnScreen): a time-series panel builds its chart only
 * once it comes into view and the render tick leaves it alone until then, so a 200-panel layout opens at the cost
 * of the panels on screen.
 */
class DashboardView : public QScrollArea {
    Q_OBJECT
public:
    static constexpr double kRowAspect = 0.5; ///< row height / column width
    static constexpr int kMinRowHeightPx = 16;
    static constexpr int kSpacingPx = 6;

    explicit DashboardView(QWidget* parent = nullptr);
    ~DashboardView() override;

    /** Replaces every panel (a new dashboard was loaded). */
    void setDashboard(const layout::Dashboard& dashboard);
    /** One panel's definition changed (after an applied edit); rebuilt only when its type changed. */
    void updatePanel(int index, const layout::Panel& panel);
    void setTheme(const Theme& theme);

    int panelCount() const { return static_cast<int>(m_frames.size()); }
    PanelWidget* panelWidget(int index) const;
    PanelFrame* panelFrame(int index) const;

    int selectedIndex() const { return m_selected; }
    void setSelectedIndex(int index);

    /**
     * The panel zoomed to fill the view (-1: none). While zoomed the other panels are hidden and off screen (the
     * render tick leaves them alone); a new dashboard ends the zoom. Zooming selects and focuses the panel.
     */
    int zoomedIndex() const { return m_zoomed; }
    void setZoomedIndex(int index);

    /** Row height for a content width. */
    static int rowHeightPx(int contentWidthPx);
    /** Pixel rectangle of a grid rectangle (cells) for a content width, spacing included. */
    static QRect pixelRect(const QRect& cells, int contentWidthPx);
    /** The panel's cells after moving by (dx, dy), kept inside the grid; nullopt when nothing would change. */
    static std::optional<QRect> movedCells(const layout::Panel& panel, int dx, int dy);
    /** The panel's cells after resizing by (dw, dh), at least 1 × 1 and inside the grid; nullopt if unchanged. */
    static std::optional<QRect> resizedCells(const layout::Panel& panel, int dw, int dh);

Q_SIGNALS:
    void selectedIndexChanged(int index);
    void zoomedIndexChanged(int index);
    /** The operator asked for panel `index`'s context menu (right click, Menu key) at globalPos. */
    void panelContextMenuRequested(int index, QPoint globalPos);
    /** The operator asked to move panel `index` to column x, row y. */
    void panelMoveRequested(int index, int x, int y);
    /** The operator asked to make panel `index` w columns wide and h rows tall. */
    void panelResizeRequested(int index, int w, int h);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void relayout();
    /** Tells each panel whether any of it is in the visible part of the grid. */
    void updateOnScreen();
    PanelFrame* makeFrame(int index, const layout::Panel& panel);
    int indexOf(const QObject* frame) const;
    std::optional<QRect> dragTarget(int index, PanelFrame::Drag drag, QPoint deltaPx) const;
    void requestCells(int index, const QRect& cells);

    QWidget* m_canvas;
    QRubberBand* m_preview;
    Theme m_theme;
    std::vector<layout::Panel> m_panels;
    std::vector<PanelFrame*> m_frames;
    int m_selected = -1;
    int m_zoomed = -1;
};

} // namespace pulse::ui
