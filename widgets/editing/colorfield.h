#pragma once

#include <QString>
#include <QWidget>

class QLineEdit;
class QToolButton;

namespace pulse::ui {

/**
 * A colour as "#rrggbb": a hex line edit (the focus proxy, so a label's buddy lands on it) with a swatch
 * button that opens QColorDialog. May be allowed to stay empty (no colour).
 */
class ColorField : public QWidget {
    Q_OBJECT
public:
    explicit ColorField(QWidget* parent = nullptr);
    ~ColorField() override;

    /** The text as typed, trimmed (may be invalid; see isValid()). */
    QString text() const;
    void setText(const QString& text);
    /** Valid hex, or empty when empty is allowed. */
    bool isValid() const;
    void setEmptyAllowed(bool isAllowed);

    QLineEdit* lineEdit() const { return m_edit; }
    QToolButton* chooseButton() const { return m_choose; }

Q_SIGNALS:
    void textChanged(const QString& text);

private:
    void choose();
    void updateSwatch();

    QLineEdit* m_edit;
    QToolButton* m_choose;
    bool m_isEmptyAllowed = false;
};

} // namespace pulse::ui
