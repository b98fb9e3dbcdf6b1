#include "editing/colorfield.h"

#include "editing/editfields.h"

#include <QColorDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPixmap>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace pulse::ui {

ColorField::ColorField(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_choose(new QToolButton(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_choose);
    m_edit->setPlaceholderText(tr("#rrggbb"));
    m_edit->setMaxLength(7);
    m_choose->setText(tr("Choose…"));
    m_choose->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_choose->setFocusPolicy(Qt::StrongFocus);
    m_choose->setToolTip(tr("Choose a colour"));
    m_choose->setAccessibleName(tr("Choose a colour"));
    setFocusProxy(m_edit);
    setFocusPolicy(m_edit->focusPolicy());

    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString& text) {
        updateSwatch();
        Q_EMIT textChanged(text.trimmed());
    });
    connect(m_choose, &QToolButton::clicked, this, &ColorField::choose);
    updateSwatch();
}

ColorField::~ColorField() = default;

QString ColorField::text() const
{
    return m_edit->text().trimmed();
}

void ColorField::setText(const QString& text)
{
    m_edit->setText(text);
}

bool ColorField::isValid() const
{
    const QString t = text();
    return isHexColor(t) || (m_isEmptyAllowed && t.isEmpty());
}

void ColorField::setEmptyAllowed(bool isAllowed)
{
    m_isEmptyAllowed = isAllowed;
    m_edit->setPlaceholderText(isAllowed ? tr("none") : tr("#rrggbb"));
}

void ColorField::choose()
{
    const QColor initial = isHexColor(text()) ? QColor::fromString(text()) : QColor(Qt::white);
    const QColor chosen = QColorDialog::getColor(initial, this, tr("Choose a Colour"));
    if (chosen.isValid())
        m_edit->setText(chosen.name(QColor::HexRgb));
    m_edit->setFocus();
}

void ColorField::updateSwatch()
{
    QPixmap swatch(16, 16);
    if (isHexColor(text())) {
        swatch.fill(QColor::fromString(text()));
    } else {
        swatch.fill(Qt::transparent);
    }
    m_choose->setIcon(QIcon(swatch));
}

} // namespace pulse::ui
