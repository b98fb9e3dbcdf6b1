#include "holdbanner.h"

using namespace Qt::StringLiterals;

namespace pulse::desktop {

HoldBanner::HoldBanner(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(u"holdBanner"_s);
    setTextFormat(Qt::PlainText);
    setAlignment(Qt::AlignCenter);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    setFont(big);
    // Fixed colours on purpose: HOLD must look the same in every theme (and it also says so in words).
    setStyleSheet(u"QLabel#holdBanner { background: #f2cc0c; color: #111111; padding: 8px; }"_s);
    setAccessibleName(tr("Hold"));
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &HoldBanner::refresh);
    hide();
}

void HoldBanner::setHeld(bool isHeld)
{
    if (m_isHeld == isHeld)
        return;
    m_isHeld = isHeld;
    if (isHeld) {
        m_since.start();
        m_timer.start();
        refresh();
        show();
    } else {
        m_timer.stop();
        hide();
    }
}

void HoldBanner::refresh()
{
    const qint64 seconds = heldSeconds();
    const QString elapsed = seconds >= 3600
        ? u"%1:%2:%3"_s.arg(seconds / 3600)
              .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
              .arg(seconds % 60, 2, 10, QLatin1Char('0'))
        : u"%1:%2"_s.arg(seconds / 60, 2, 10, QLatin1Char('0')).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    setText(tr("⏸ HOLD — live data paused %1 (press Pause to return to live)").arg(elapsed));
}

} // namespace pulse::desktop
