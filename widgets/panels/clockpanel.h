#pragma once

#include "panels/panelwidget.h"

#include <QDateTime>

#include <functional>

class QLabel;
class QTimer;

namespace pulse::ui {

/** Wall clock with seconds (local time) and the date under it; ticks on each second boundary. */
class ClockPanel : public PanelWidget {
    Q_OBJECT
public:
    explicit ClockPanel(QWidget* parent = nullptr);

    /** Replaces the time source (tests); the default is QDateTime::currentDateTime. */
    void setNow(std::function<QDateTime()> now);
    /** Re-reads the time and redraws; the timer calls it every second. */
    void refresh();

    QLabel* timeLabel() const { return m_time; }
    QLabel* dateLabel() const { return m_date; }

protected:
    void themeChanged() override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void scheduleNextTick();
    void fitText();

    std::function<QDateTime()> m_now;
    QLabel* m_time;
    QLabel* m_date;
    QTimer* m_timer;
};

} // namespace pulse::ui
