#include "translations.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace pulse::desktop {

QStringList embeddedTranslations()
{
    QStringList files;
    QDirIterator it(u":/i18n"_s, { u"*.qm"_s }, QDir::Files);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

QString installTranslations(QCoreApplication& app, const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto* own = new QTranslator(&app);
    if (!own->load(locale, u"pulseboard"_s, u"_"_s, u":/i18n"_s)) {
        delete own;
        return u"en"_s;
    }
    QCoreApplication::installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return own->language();
}

} // namespace pulse::desktop
