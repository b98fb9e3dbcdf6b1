#include "panels/clockpanel.h"

#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pulse::ui {

ClockPanel::ClockPanel(QWidget* parent)
    : PanelWidget(parent)
    , m_now([] { return QDateTime::currentDateTime(); })
    , m_time(new QLabel)
    , m_date(new QLabel)
    , m_timer(new QTimer(this))
{
    for (QLabel* label : { m_time, m_date }) {
        label->setTextFormat(Qt::PlainText);
        label->setAlignment(Qt::AlignCenter);
    }
    m_time->setObjectName(u"clockTime"_s);
    m_date->setObjectName(u"clockDate"_s);
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_time, 3);
    layout->addWidget(m_date, 1);
    setContentWidget(content);

    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &ClockPanel::refresh);
    refresh();
}

void ClockPanel::setNow(std::function<QDateTime()> now)
{
    m_now = std::move(now);
    refresh();
}

void ClockPanel::refresh()
{
    const QDateTime now = m_now();
    m_time->setText(now.toString(u"HH:mm:ss"_s));
    m_date->setText(QLocale().toString(now.date(), QLocale::LongFormat));
    scheduleNextTick();
}

void ClockPanel::scheduleNextTick()
{
    // Aim just past the next second boundary so the displayed second never lags by a tick.
    const int msIntoSecond = static_cast<int>(QDateTime::currentMSecsSinceEpoch() % 1000);
    m_timer->start(1000 - msIntoSecond + 5);
}

void ClockPanel::themeChanged()
{
    for (QLabel* label : { m_time, m_date }) {
        QPalette pal = label->palette();
        pal.setColor(QPalette::WindowText, label == m_time ? theme().text : theme().mutedText);
        label->setPalette(pal);
    }
}

void ClockPanel::resizeEvent(QResizeEvent* event)
{
    PanelWidget::resizeEvent(event);
    fitText();
}

void ClockPanel::fitText()
{
    // The digits fill the tile: as tall as a quarter of the content allows and never wider than it.
    QWidget* content = contentWidget();
    if (!content)
        return;
    QFont font = m_time->font();
    const int byHeight = std::max(8, content->height() * 3 / 4 / 2);
    font.setPixelSize(byHeight);
    const int textWidth = QFontMetrics(font).horizontalAdvance(u"88:88:88"_s);
    if (textWidth > content->width() && textWidth > 0)
        font.setPixelSize(std::max(8, byHeight * content->width() / textWidth));
    m_time->setFont(font);
}

} // namespace pulse::ui
