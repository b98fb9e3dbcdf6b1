// Every user-visible string is translated into each shipped language, and the translations load and apply.

#include "dashboard/panelregistration.h"
#include "mainwindow.h"
#include "translations.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace pulse;
using namespace pulse::desktop;
using namespace Qt::StringLiterals;

namespace {

const QStringList kLanguages { u"de"_s, u"fr"_s, u"es"_s, u"ja"_s };

QString sourceDir()
{
    return qEnvironmentVariable("PULSE_SOURCE_DIR");
}

struct TsCounts {
    int messages = 0;
    QStringList untranslated; ///< "context: source"
};

TsCounts readTs(const QString& path)
{
    TsCounts counts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return counts;
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    QString type;
    QString text;
    bool isInTranslation = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == u"name")
                context = xml.readElementText();
            else if (xml.name() == u"message")
                text.clear();
            else if (xml.name() == u"source")
                source = xml.readElementText();
            else if (xml.name() == u"translation") {
                type = xml.attributes().value(u"type"_s).toString();
                isInTranslation = true;
            }
        } else if (xml.isCharacters() && isInTranslation) {
            text += xml.text();
        } else if (xml.isEndElement()) {
            if (xml.name() == u"translation")
                isInTranslation = false;
            else if (xml.name() == u"message" && type != u"vanished"_s && type != u"obsolete"_s) {
                ++counts.messages;
                if (type == u"unfinished"_s || text.trimmed().isEmpty())
                    counts.untranslated.append(context + u": "_s + source);
            }
        }
    }
    return counts;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        ui::registerMorePanelTypes();
    }

    void everyLanguageIsEmbedded()
    {
        const QStringList files = embeddedTranslations();
        for (const QString& language : kLanguages)
            QVERIFY2(files.contains(u":/i18n/pulseboard_%1.qm"_s.arg(language)), qPrintable(files.join(u", "_s)));
    }

    void theTsFilesCoverEverySourceString()
    {
        // lupdate over today's sources into a scratch copy: nothing may be new compared with the committed file.
        const QString lupdate = u"/usr/lib/qt6/bin/lupdate"_s;
        if (!QFile::exists(lupdate))
            QFAIL("lupdate is missing: scripts/test installs qt6-l10n-tools");
        QTemporaryDir dir;
        const QString scratch = dir.filePath(u"pulseboard_de.ts"_s);
        QVERIFY(QFile::copy(sourceDir() + u"/translations/pulseboard_de.ts"_s, scratch));
        QFile::setPermissions(scratch, QFile::ReadOwner | QFile::WriteOwner);
        QProcess process;
        process.start(lupdate,
            { u"-no-obsolete"_s, u"-locations"_s, u"none"_s, sourceDir() + u"/app/desktop"_s,
                sourceDir() + u"/widgets"_s, u"-ts"_s, scratch });
        QVERIFY(process.waitForFinished(120'000));
        QCOMPARE(process.exitCode(), 0);
        const TsCounts committed = readTs(sourceDir() + u"/translations/pulseboard_de.ts"_s);
        const TsCounts fresh = readTs(scratch);
        QVERIFY2(fresh.untranslated.isEmpty(),
            qPrintable(u"strings missing from translations/*.ts (run the pulse_desktop_lupdate target):\n"_s
                + fresh.untranslated.join(u'\n')));
        QCOMPARE(fresh.messages, committed.messages);
    }

    void everyStringIsTranslated_data()
    {
        QTest::addColumn<QString>("language");
        for (const QString& language : kLanguages)
            QTest::newRow(qPrintable(language)) << language;
    }
    void everyStringIsTranslated()
    {
        QFETCH(QString, language);
        const TsCounts counts = readTs(sourceDir() + u"/translations/pulseboard_%1.ts"_s.arg(language));
        QVERIFY(counts.messages > 200);
        QVERIFY2(counts.untranslated.isEmpty(), qPrintable(counts.untranslated.join(u'\n')));
    }

    void theWindowSpeaksTheChosenLanguage_data() { everyStringIsTranslated_data(); }
    void theWindowSpeaksTheChosenLanguage()
    {
        QFETCH(QString, language);
        QTranslator translator;
        QVERIFY(translator.load(u":/i18n/pulseboard_%1.qm"_s.arg(language)));
        QCoreApplication::installTranslator(&translator);
        {
            MainWindow window({});
            const QStringList menus = [&] {
                QStringList titles;
                for (QAction* a : window.menuBar()->actions())
                    titles.append(a->text());
                return titles;
            }();
            QVERIFY2(!menus.contains(u"&File"_s), qPrintable(menus.join(u", "_s)));
            QVERIFY(window.action(u"actionOpen"_s)->text() != u"&Open…"_s);
            QVERIFY(window.action(u"actionSettings"_s)->text() != u"Dashboard &Settings…"_s);
        }
        QCoreApplication::removeTranslator(&translator);
    }

    void installTranslationsFollowsTheRequestedLanguage()
    {
        QCOMPARE(installTranslations(*QCoreApplication::instance(), u"fr"_s), u"fr"_s);
        QCOMPARE(QCoreApplication::translate("pulse::desktop::MainWindow", "&Quit").isEmpty(), false);
        QVERIFY(QCoreApplication::translate("pulse::desktop::MainWindow", "&Quit") != u"&Quit"_s);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
