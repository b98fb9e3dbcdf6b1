#pragma once

#include "panels/panelwidget.h"

class QLabel;

namespace pulse::ui {

/** Shows the panel's `options.content` as plain text (never markup), wrapped, selectable. */
class TextPanel : public PanelWidget {
    Q_OBJECT
public:
    explicit TextPanel(QWidget* parent = nullptr);
    QLabel* label() const { return m_label; }

protected:
    void panelChanged() override;
    void themeChanged() override;

private:
    QLabel* m_label;
};

} // namespace pulse::ui
