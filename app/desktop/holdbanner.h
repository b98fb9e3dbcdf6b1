#pragma once

#include <QElapsedTimer>
#include <QLabel>
#include <QTimer>

namespace pulse::desktop {

/** The large "HOLD — live data paused 00:42" banner shown while the operator has frozen the panels. */
class HoldBanner : public QLabel {
    Q_OBJECT
public:
    explicit HoldBanner(QWidget* parent = nullptr);

    /** Shows (and starts counting) or hides the banner. */
    void setHeld(bool isHeld);
    bool isHeld() const { return m_isHeld; }
    /** Seconds since the hold started (0 when not held). */
    qint64 heldSeconds() const { return m_isHeld ? m_since.elapsed() / 1000 : 0; }

private:
    void refresh();

    bool m_isHeld = false;
    QElapsedTimer m_since;
    QTimer m_timer;
};

} // namespace pulse::desktop
