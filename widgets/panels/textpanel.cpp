#include "panels/textpanel.h"

#include <QLabel>

namespace pulse::ui {

TextPanel::TextPanel(QWidget* parent)
    : PanelWidget(parent)
    , m_label(new QLabel)
{
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    m_label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setContentWidget(m_label);
}

void TextPanel::panelChanged()
{
    m_label->setText(panel().options.content);
}

void TextPanel::themeChanged()
{
    QPalette pal = m_label->palette();
    pal.setColor(QPalette::WindowText, theme().text);
    m_label->setPalette(pal);
}

} // namespace pulse::ui
