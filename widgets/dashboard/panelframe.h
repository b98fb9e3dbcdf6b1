#pragma once

#include "theme/theme.h"

#include <QFrame>
#include <QPoint>
#include <QRect>

#include <functional>

namespace pulse::ui {

class PanelWidget;

/**
 * The dashboard's frame around one panel: border, focus ring (keyboard focus anywhere inside), selection ring,
 * and the edges the operator drags. It never changes the layout itself: gestures become requests.
 */
class PanelFrame : public QFrame {
    Q_OBJECT
public:
    static constexpr int kEdgePx = 5; ///< grab width of the frame edges

    enum class Drag { None, Move, ResizeRight, ResizeBottom, ResizeCorner };

    PanelFrame(PanelWidget* panel, QWidget* parent);

    PanelWidget* panelWidget() const { return m_panel; }
    void setSelected(bool isSelected);
    bool isSelected() const { return m_isSelected; }
    void setTheme(const Theme& theme);
    /** Whether keyboard focus is on the frame or inside its panel. */
    bool hasFocusWithin() const;
    /** Which gesture a press at `pos` (frame coordinates) starts. */
    Drag dragAt(QPoint pos) const;
    /** Installs the key filter on the panel and everything in it (after the panel changed its children). */
    void watchPanelKeys();

Q_SIGNALS:
    /** Alt+arrow (move by one cell) or Shift+Alt+arrow (resize by one cell). */
    void keyMoveRequested(int dx, int dy);
    void keyResizeRequested(int dw, int dh);
    /** A mouse gesture is under way (for a preview) or finished; offsets in pixels from the press. */
    void dragUpdated(PanelFrame::Drag drag, QPoint deltaPx);
    void dragFinished(PanelFrame::Drag drag, QPoint deltaPx);
    void pressed();
    /** Double click on the panel's header: zoom it to fill the view, or back. */
    void zoomToggleRequested();
    /** Right click or the Menu key on the panel. */
    void contextMenuRequested(QPoint globalPos);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool handleKey(QKeyEvent* event);

    PanelWidget* m_panel;
    Theme m_theme;
    bool m_isSelected = false;
    Drag m_drag = Drag::None;
    QPoint m_pressGlobal;
};

} // namespace pulse::ui
