#include "cursorhider.h"

#include <QCursor>
#include <QEvent>
#include <QGuiApplication>

namespace pulse::desktop {

CursorHider::CursorHider(QObject* parent)
    : QObject(parent)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(kIdleMs);
    connect(&m_idle, &QTimer::timeout, this, &CursorHider::hide);
    qApp->installEventFilter(this);
    m_idle.start();
}

CursorHider::~CursorHider()
{
    show();
}

bool CursorHider::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::MouseMove:
    case QEvent::MouseButtonPress:
    case QEvent::Wheel:
        show();
        m_idle.start();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void CursorHider::hide()
{
    if (m_isHidden)
        return;
    m_isHidden = true;
    QGuiApplication::setOverrideCursor(QCursor(Qt::BlankCursor));
}

void CursorHider::show()
{
    if (!m_isHidden)
        return;
    m_isHidden = false;
    QGuiApplication::restoreOverrideCursor();
}

} // namespace pulse::desktop
