#pragma once

#include <QObject>
#include <QTimer>

namespace pulse::desktop {

/** Kiosk: hides the mouse cursor after a few idle seconds; any mouse movement shows it again. */
class CursorHider : public QObject {
    Q_OBJECT
public:
    static constexpr int kIdleMs = 3000;

    explicit CursorHider(QObject* parent = nullptr);
    ~CursorHider() override;

    bool isHidden() const { return m_isHidden; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void hide();
    void show();

    QTimer m_idle;
    bool m_isHidden = false;
};

} // namespace pulse::desktop
