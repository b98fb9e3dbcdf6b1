#include "dashboard/panelframe.h"

#include "panels/panelwidget.h"

#include <QApplication>
#include <QChildEvent>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace pulse::ui {

PanelFrame::PanelFrame(PanelWidget* panel, QWidget* parent)
    : QFrame(parent)
    , m_panel(panel)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    m_panel->setParent(this);
    m_panel->show();
    watchPanelKeys();
}

void PanelFrame::setSelected(bool isSelected)
{
    if (m_isSelected == isSelected)
        return;
    m_isSelected = isSelected;
    update();
}

void PanelFrame::setTheme(const Theme& theme)
{
    m_theme = theme;
    update();
}

bool PanelFrame::hasFocusWithin() const
{
    const QWidget* focus = QApplication::focusWidget();
    return focus && (focus == this || isAncestorOf(focus));
}

PanelFrame::Drag PanelFrame::dragAt(QPoint pos) const
{
    const bool isRight = pos.x() >= width() - kEdgePx;
    const bool isBottom = pos.y() >= height() - kEdgePx;
    if (isRight && isBottom)
        return Drag::ResizeCorner;
    if (isRight)
        return Drag::ResizeRight;
    if (isBottom)
        return Drag::ResizeBottom;
    if (pos.x() < kEdgePx || pos.y() < kEdgePx)
        return Drag::Move;
    return Drag::None;
}

void PanelFrame::watchPanelKeys()
{
    m_panel->installEventFilter(this);
    for (QWidget* child : m_panel->findChildren<QWidget*>())
        child->installEventFilter(this);
}

void PanelFrame::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), m_theme.panelBackground);
    QColor border = m_theme.panelBorder;
    int widthPx = 1;
    if (m_isSelected) {
        border = m_theme.accent;
        widthPx = 2;
    }
    if (hasFocusWithin()) {
        border = m_theme.focus;
        widthPx = 3;
    }
    painter.setPen(QPen(border, widthPx));
    painter.setBrush(Qt::NoBrush);
    const int inset = widthPx / 2;
    painter.drawRect(rect().adjusted(
        inset, inset, -inset - 1 + (widthPx % 2 == 0 ? 1 : 0), -inset - 1 + (widthPx % 2 == 0 ? 1 : 0)));
}

void PanelFrame::resizeEvent(QResizeEvent* event)
{
    QFrame::resizeEvent(event);
    m_panel->setGeometry(rect().adjusted(kEdgePx, kEdgePx, -kEdgePx, -kEdgePx));
}

void PanelFrame::mousePressEvent(QMouseEvent* event)
{
    Q_EMIT pressed();
    setFocus(Qt::MouseFocusReason);
    if (event->button() == Qt::LeftButton) {
        m_drag = dragAt(event->position().toPoint());
        m_pressGlobal = event->globalPosition().toPoint();
    }
    event->accept();
}

void PanelFrame::mouseDoubleClickEvent(QMouseEvent* event)
{
    // The header is the title row; a double click in the content belongs to the panel (it may not take it).
    const QPoint inPanel = m_panel->mapFrom(this, event->position().toPoint());
    const auto* title = m_panel->findChild<QLabel*>(u"panelTitle"_s, Qt::FindDirectChildrenOnly);
    if (event->button() == Qt::LeftButton && title && inPanel.y() <= title->geometry().bottom()) {
        Q_EMIT zoomToggleRequested();
        event->accept();
        return;
    }
    QFrame::mouseDoubleClickEvent(event);
}

void PanelFrame::contextMenuEvent(QContextMenuEvent* event)
{
    Q_EMIT contextMenuRequested(event->globalPos());
    event->accept();
}

void PanelFrame::mouseMoveEvent(QMouseEvent* event)
{
    if (m_drag == Drag::None) {
        switch (dragAt(event->position().toPoint())) {
        case Drag::ResizeRight:
            setCursor(Qt::SizeHorCursor);
            break;
        case Drag::ResizeBottom:
            setCursor(Qt::SizeVerCursor);
            break;
        case Drag::ResizeCorner:
            setCursor(Qt::SizeFDiagCursor);
            break;
        case Drag::Move:
            setCursor(Qt::SizeAllCursor);
            break;
        case Drag::None:
            unsetCursor();
            break;
        }
        return;
    }
    Q_EMIT dragUpdated(m_drag, event->globalPosition().toPoint() - m_pressGlobal);
}

void PanelFrame::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_drag != Drag::None && event->button() == Qt::LeftButton) {
        const Drag drag = std::exchange(m_drag, Drag::None);
        Q_EMIT dragFinished(drag, event->globalPosition().toPoint() - m_pressGlobal);
    }
}

void PanelFrame::keyPressEvent(QKeyEvent* event)
{
    if (!handleKey(event))
        QFrame::keyPressEvent(event);
}

bool PanelFrame::eventFilter(QObject* watched, QEvent* event)
{
    // Alt+arrows are ours even inside a table, which would otherwise take the arrows.
    if (event->type() == QEvent::KeyPress && handleKey(static_cast<QKeyEvent*>(event)))
        return true;
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
        update();
    // Panels build some of their content late (a chart once it comes on screen): watch it too.
    if (event->type() == QEvent::ChildAdded) {
        QObject* child = static_cast<QChildEvent*>(event)->child();
        if (child->isWidgetType())
            child->installEventFilter(this);
    }
    return QFrame::eventFilter(watched, event);
}

bool PanelFrame::handleKey(QKeyEvent* event)
{
    const auto modifiers = event->modifiers() & (Qt::AltModifier | Qt::ShiftModifier | Qt::ControlModifier);
    if (modifiers != Qt::AltModifier && modifiers != (Qt::AltModifier | Qt::ShiftModifier))
        return false;
    int dx = 0;
    int dy = 0;
    switch (event->key()) {
    case Qt::Key_Left:
        dx = -1;
        break;
    case Qt::Key_Right:
        dx = 1;
        break;
    case Qt::Key_Up:
        dy = -1;
        break;
    case Qt::Key_Down:
        dy = 1;
        break;
    default:
        return false;
    }
    if (modifiers & Qt::ShiftModifier)
        Q_EMIT keyResizeRequested(dx, dy);
    else
        Q_EMIT keyMoveRequested(dx, dy);
    event->accept();
    return true;
}

} // namespace pulse::ui
