#include "panels/panelwidget.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pulse::ui {

PanelWidget::PanelWidget(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
    , m_title(new QLabel(this))
    , m_state(new QLabel(this))
{
    setAutoFillBackground(true);
    setFocusPolicy(Qt::StrongFocus);
    m_layout->setContentsMargins(6, 4, 6, 6);
    m_layout->setSpacing(2);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setObjectName(u"panelTitle"_s);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_state->setTextFormat(Qt::PlainText);
    m_state->setObjectName(u"panelState"_s);
    header->addWidget(m_title, 1);
    header->addWidget(m_state, 0, Qt::AlignRight);
    m_layout->addLayout(header);
    m_theme = Theme::builtinDark();
    applyThemeToHeader();
    updateHeader();
}

PanelWidget::~PanelWidget() = default;

void PanelWidget::setPanel(const layout::Panel& panel)
{
    m_panel = panel;
    m_title->setText(panel.title);
    m_title->setToolTip(panel.description);
    panelChanged();
    updateHeader();
}

void PanelWidget::setData(std::shared_ptr<const PanelData> data)
{
    if (m_isHeld) {
        m_pendingWhileHeld = std::move(data);
        return;
    }
    if (data && m_data && data->stamp == m_data->stamp && data->freshness == m_data->freshness) {
        // Same drawing; only a stale age in the header moves on.
        if (data->freshness == PanelFreshness::Stale) {
            m_data = std::move(data);
            updateHeader();
        }
        return;
    }
    if (!data && !m_data)
        return;
    m_data = std::move(data);
    updateHeader();
    dataChanged();
}

void PanelWidget::setTheme(const Theme& theme)
{
    m_theme = theme;
    applyThemeToHeader();
    themeChanged();
    update();
}

void PanelWidget::setHold(bool isHeld)
{
    if (m_isHeld == isHeld)
        return;
    const bool wasHatched = isHatched();
    m_isHeld = isHeld;
    if (!m_isHeld && m_pendingWhileHeld) {
        auto pending = std::move(m_pendingWhileHeld);
        m_pendingWhileHeld.reset();
        setData(std::move(pending));
    }
    updateHeader();
    if (isHatched() != wasHatched)
        dataChanged(); // the same data, drawn with or without the hatch
}

void PanelWidget::setOnScreen(bool isOnScreen)
{
    if (m_isOnScreen == isOnScreen)
        return;
    m_isOnScreen = isOnScreen;
    onScreenChanged();
}

PanelFreshness PanelWidget::freshness() const
{
    if (m_isHeld)
        return PanelFreshness::Hold;
    return m_data ? m_data->freshness : PanelFreshness::NoData;
}

bool PanelWidget::isHatched() const
{
    if (!m_data || m_data->lines.empty())
        return false;
    switch (freshness()) {
    case PanelFreshness::Stale:
    case PanelFreshness::Error:
    case PanelFreshness::Reconnecting:
        return true;
    case PanelFreshness::Live:
    case PanelFreshness::NoData:
    case PanelFreshness::Hold:
    case PanelFreshness::Loading:
        break;
    }
    return false;
}

int PanelWidget::plotWidthPx() const
{
    return std::max(1, m_content ? m_content->width() : width());
}

QSize PanelWidget::minimumSizeHint() const
{
    const int lineHeight = fontMetrics().height();
    return { lineHeight * 6, lineHeight * 4 };
}

QSize PanelWidget::sizeHint() const
{
    const int lineHeight = fontMetrics().height();
    return { lineHeight * 24, lineHeight * 12 };
}

void PanelWidget::setContentWidget(QWidget* content)
{
    if (m_content) {
        m_layout->removeWidget(m_content);
        delete m_content;
    }
    m_content = content;
    if (m_content) {
        m_content->setParent(this);
        m_layout->addWidget(m_content, 1);
    }
}

void PanelWidget::setViewRangeMs(std::optional<std::pair<TimestampMs, TimestampMs>> range)
{
    if (m_viewRangeMs == range)
        return;
    m_viewRangeMs = range;
    Q_EMIT viewRangeChanged();
}

QString PanelWidget::freshnessText() const
{
    // Icon and text, never colour alone.
    switch (freshness()) {
    case PanelFreshness::Live:
        return tr("● LIVE");
    case PanelFreshness::Stale: {
        if (m_data && m_data->lastUpdateMs) {
            const auto ageS = std::max<TimestampMs>(0, (m_data->evaluatedAtMs - *m_data->lastUpdateMs) / 1000);
            // The cause tells an operator whom to call: the feed (source down) or the producer (series silent).
            switch (m_data->cause) {
            case FreshnessCause::SeriesSilent:
                return tr("◌ STALE %1 s · series silent").arg(ageS);
            case FreshnessCause::SourceDown:
                return tr("◌ STALE %1 s · source down").arg(ageS);
            case FreshnessCause::None:
                break;
            }
            return tr("◌ STALE %1 s").arg(ageS);
        }
        return tr("◌ STALE");
    }
    case PanelFreshness::NoData:
        if (m_data && m_data->cause == FreshnessCause::SourceDown)
            return tr("○ NO DATA · source down");
        return tr("○ NO DATA");
    case PanelFreshness::Error:
        // Readable from across the room, not only in a tooltip; the header elides it to fit.
        if (m_data && !m_data->error.isEmpty())
            return tr("⚠ ERROR: %1").arg(m_data->error);
        return tr("⚠ ERROR");
    case PanelFreshness::Reconnecting:
        if (m_data && m_data->nextRetryMs > m_data->evaluatedAtMs) {
            // Rounded up: "retry in 0 s" would read as hung while the attempt is still ahead.
            const auto inS = (m_data->nextRetryMs - m_data->evaluatedAtMs + 999) / 1000;
            return tr("↻ RECONNECTING · retry in %1 s").arg(inS);
        }
        return tr("↻ RECONNECTING");
    case PanelFreshness::Hold:
        return tr("❚❚ HOLD");
    case PanelFreshness::Loading:
        return tr("⧗ LOADING history");
    }
    return {};
}

void PanelWidget::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        updateHeader();
    QWidget::changeEvent(event);
}

void PanelWidget::updateHeader()
{
    const QString state = freshnessText();
    m_state->setText(m_state->fontMetrics().elidedText(state, Qt::ElideRight, std::max(width() * 2 / 3, 80)));
    QString tip;
    if (m_data && !m_data->error.isEmpty())
        tip = m_data->error;
    else if (m_data && !m_data->causeDetail.isEmpty())
        tip = m_data->causeDetail;
    else if (m_data && m_data->lastUpdateMs)
        tip = tr("Last update %1").arg(QDateTime::fromMSecsSinceEpoch(*m_data->lastUpdateMs).toString(Qt::ISODate));
    m_state->setToolTip(tip);
    QColor stateColor = m_theme.mutedText;
    switch (freshness()) {
    case PanelFreshness::Live:
        stateColor = m_theme.ok;
        break;
    case PanelFreshness::Error:
        stateColor = m_theme.critical;
        break;
    case PanelFreshness::Stale:
    case PanelFreshness::Reconnecting:
        stateColor = m_theme.warning;
        break;
    case PanelFreshness::NoData:
    case PanelFreshness::Hold:
    case PanelFreshness::Loading:
        break;
    }
    QPalette pal = m_state->palette();
    pal.setColor(QPalette::WindowText, stateColor);
    m_state->setPalette(pal);
}

void PanelWidget::applyThemeToHeader()
{
    QPalette pal = palette();
    pal.setColor(QPalette::Window, m_theme.panelBackground);
    pal.setColor(QPalette::WindowText, m_theme.text);
    pal.setColor(QPalette::Text, m_theme.text);
    setPalette(pal);
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(std::max(6.0, QFont().pointSizeF() * m_theme.fontScale));
    m_title->setFont(titleFont);
    updateHeader();
}

} // namespace pulse::ui
