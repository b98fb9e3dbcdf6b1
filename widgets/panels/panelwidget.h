#pragma once

#include "layout/dashboard.h"
#include "query/paneldata.h"
#include "theme/theme.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <utility>

class QLabel;
class QVBoxLayout;

namespace pulse::ui {

/**
 * Base of every dashboard panel: a header (title, freshness badge with icon and text) above a content
 * widget the subclass provides. The dashboard calls setPanel() when the layout changes, setData() on every
 * render tick (cheap when nothing changed: equal stamps are ignored) and setTheme() when the look changes.
 * Text from the layout or the data is shown as plain text only.
 */
class PanelWidget : public QWidget {
    Q_OBJECT
public:
    explicit PanelWidget(QWidget* parent = nullptr);
    ~PanelWidget() override;

    void setPanel(const layout::Panel& panel);
    const layout::Panel& panel() const { return m_panel; }

    /** New data to draw; ignored when it has the same stamp as the current data (nothing to repaint). */
    void setData(std::shared_ptr<const PanelData> data);
    const std::shared_ptr<const PanelData>& data() const { return m_data; }

    void setTheme(const Theme& theme);
    const Theme& theme() const { return m_theme; }

    /** Operator froze the view: setData() keeps the data but the panel shows the held one. */
    void setHold(bool isHeld);
    bool isHeld() const { return m_isHeld; }

    /** The freshness shown in the header (Hold while held). */
    PanelFreshness freshness() const;
    /**
     * Whether the data area is hatched: last good values drawn while Stale, Error or Reconnecting (not Live, not
     * held, not without data). Panels paint the hatch in their own paint (paintHatch()), never as a widget of its own.
     */
    bool isHatched() const;

    /**
     * Whether any of the panel is on screen (default true). The dashboard clears it for panels scrolled out of
     * view: the render tick skips them, and they may put off costly set-up (a chart) until they come into view.
     */
    void setOnScreen(bool isOnScreen);
    bool isOnScreen() const { return m_isOnScreen; }

    /** Width in pixels the data is drawn across; the render tick asks for this many points at most. */
    virtual int plotWidthPx() const;

    /** A time range the operator chose (zoom/pan); nullopt follows the dashboard's live range. */
    std::optional<std::pair<TimestampMs, TimestampMs>> viewRangeMs() const { return m_viewRangeMs; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

Q_SIGNALS:
    /** The operator zoomed or panned (range set) or went back to live (nullopt). */
    void viewRangeChanged();

protected:
    /** Called after setPanel(): rebuild whatever depends on the panel definition. */
    virtual void panelChanged() { }
    /** Called when data() changed (and not held): redraw. */
    virtual void dataChanged() { }
    /** Called after setTheme(): re-colour. */
    virtual void themeChanged() { }
    /** Called when isOnScreen() changed. */
    virtual void onScreenChanged() { }

    /** Installs the content widget under the header; the base class owns it. */
    void setContentWidget(QWidget* content);
    QWidget* contentWidget() const { return m_content; }

    /** For subclasses with zoom/pan: sets the operator's range and emits viewRangeChanged(). */
    void setViewRangeMs(std::optional<std::pair<TimestampMs, TimestampMs>> range);

    /** The freshness text shown in the header, e.g. "STALE 12 s", for tests and tooltips. */
    QString freshnessText() const;

    void changeEvent(QEvent* event) override;

private:
    void updateHeader();
    void applyThemeToHeader();

    layout::Panel m_panel;
    std::shared_ptr<const PanelData> m_data;
    std::shared_ptr<const PanelData> m_pendingWhileHeld;
    Theme m_theme;
    bool m_isHeld = false;
    bool m_isOnScreen = true;
    std::optional<std::pair<TimestampMs, TimestampMs>> m_viewRangeMs;
    QVBoxLayout* m_layout = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_state = nullptr;
    QWidget* m_content = nullptr;
};

} // namespace pulse::ui
