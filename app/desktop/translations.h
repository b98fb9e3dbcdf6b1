#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace pulse::desktop {

/**
 * Loads the UI language: `language` ("de", …) or, when empty, the system locale's. Installs Pulseboard's embedded
 * translation (:/i18n/pulseboard_<lang>.qm) and Qt's own (qtbase) when present, and makes that locale the default
 * for number formatting. Returns the language in effect ("en" when nothing matched).
 */
QString installTranslations(QCoreApplication& app, const QString& language);

/** The embedded translation files, e.g. ":/i18n/pulseboard_de.qm". */
QStringList embeddedTranslations();

} // namespace pulse::desktop
