#include "document/dashboarddocument.h"
#include "document/editcommands.h"
#include "editing/dashboardsettingsdialog.h"
#include "layout/layoutreader.h"
#include "layout/layoutwriter.h"
#include "layout/pgsourceurl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QUndoStack>

using namespace pulse;
using namespace pulse::ui;
using namespace Qt::StringLiterals;

namespace {

layout::Source udp(const char* text)
{
    layout::Source source;
    source.type = layout::SourceType::Udp;
    source.listen = *parseListenAddress(text).address;
    return source;
}

layout::Source systemSource(std::int64_t intervalMs)
{
    layout::Source source;
    source.type = layout::SourceType::System;
    source.intervalMs = intervalMs;
    return source;
}

DashboardSettings sampleSettings()
{
    DashboardSettings s;
    s.title = u"Checkout"_s;
    s.timeRangeMs = 900'000;
    s.renderRateHz = 12;
    s.theme = layout::Theme::Light;
    s.display = { layout::DisplayProfile::Kind::Custom, 4.5 };
    s.sources = { udp("127.0.0.1:8125"), udp("[::1]:8089/influx"), systemSource(2500) };
    s.unknownSources = { QJsonObject { { u"type"_s, u"mqtt"_s }, { u"broker"_s, u"m1:1883"_s } } };
    return s;
}

/** Sources as comparable text: type, listen address, interval, URL (Kafka, backend). */
QStringList described(const std::vector<layout::Source>& sources)
{
    QStringList out;
    for (const layout::Source& s : sources)
        out.append(u"%1 %2 %3 %4"_s.arg(int(s.type))
                       .arg(QString::fromStdString(s.listen.toString()))
                       .arg(s.intervalMs)
                       .arg(QString::fromStdString(s.url)));
    return out;
}

QPushButton* okButton(const DashboardSettingsDialog& dialog)
{
    return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

QString errorText(const DashboardSettingsDialog& dialog)
{
    return dialog.findChild<QLabel*>(u"errors"_s)->text();
}

template <typename T> T* child(const QObject* parent, const QString& name)
{
    return parent->findChild<T*>(name);
}

} // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void settingsComeBackUnchanged_data()
    {
        QTest::addColumn<int>("variant");
        QTest::addRow("everything set, system source last") << 0;
        QTest::addRow("system source first") << 1;
        QTest::addRow("no sources, desk profile") << 2;
        QTest::addRow("room profile, only system metrics") << 3;
    }
    void settingsComeBackUnchanged()
    {
        QFETCH(int, variant);
        DashboardSettings settings = sampleSettings();
        if (variant == 1)
            settings.sources = { systemSource(100), udp(":9125"), udp("0.0.0.0:8125/statsd") };
        if (variant == 2) {
            settings.sources.clear();
            settings.unknownSources.clear();
            settings.display = {};
            settings.timeRangeMs = 86'400'000;
        }
        if (variant == 3) {
            settings.sources = { systemSource(3'600'000) };
            settings.display = { layout::DisplayProfile::Kind::Room, 0 };
            settings.theme = layout::Theme::Dark;
        }
        DashboardSettingsDialog dialog(settings);
        QVERIFY2(!dialog.hasErrors(), qPrintable(errorText(dialog)));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(dialog.settings() == settings);

        // Through the document too: an unchanged dialog is not an edit.
        layout::Dashboard dashboard;
        settings.applyTo(dashboard);
        DashboardDocument document;
        document.reset(dashboard, {});
        QVERIFY(!pushEditSettings(document, dialog.settings()));
    }

    void everyFieldIsEdited()
    {
        DashboardSettingsDialog dialog(sampleSettings());
        QSignalSpy edited(&dialog, &DashboardSettingsDialog::settingsEdited);
        auto* title = child<QLineEdit>(&dialog, u"title"_s);
        title->clear();
        QTest::keyClicks(title, u"Payments"_s);
        auto* range = child<QComboBox>(&dialog, u"timeRange"_s);
        QCOMPARE(range->count(), 5);
        range->setCurrentIndex(3);
        child<QSpinBox>(&dialog, u"renderRate"_s)->setValue(60);
        auto* theme = child<QComboBox>(&dialog, u"theme"_s);
        theme->setCurrentIndex(theme->findData(int(layout::Theme::Dark)));
        auto* display = child<QComboBox>(&dialog, u"display"_s);
        display->setCurrentIndex(display->findData(int(layout::DisplayProfile::Kind::Wall)));
        QVERIFY(!child<QDoubleSpinBox>(&dialog, u"minTextMm"_s)->isEnabled());
        child<QSpinBox>(&dialog, u"systemInterval"_s)->setValue(500);
        QVERIFY(edited.size() >= 6);

        const DashboardSettings s = dialog.settings();
        QCOMPARE(s.title, u"Payments"_s);
        QCOMPARE(s.timeRangeMs, layout::kTimeRangesMs[3]);
        QCOMPARE(s.renderRateHz, 60);
        QCOMPARE(s.theme, layout::Theme::Dark);
        QCOMPARE(s.display.kind, layout::DisplayProfile::Kind::Wall);
        QCOMPARE(s.display.minTextMm, 0.0);
        QCOMPARE(s.sources.size(), std::size_t(3));
        QCOMPARE(s.sources.back().type, layout::SourceType::System);
        QCOMPARE(s.sources.back().intervalMs, std::int64_t(500));
        QCOMPARE(s.unknownSources, sampleSettings().unknownSources); // kept untouched

        // Custom text size again, and the render rate stays within 1–60 Hz.
        display->setCurrentIndex(display->findData(int(layout::DisplayProfile::Kind::Custom)));
        auto* minText = child<QDoubleSpinBox>(&dialog, u"minTextMm"_s);
        QVERIFY(minText->isEnabled());
        minText->setValue(7.25);
        QCOMPARE(dialog.settings().display.minTextMm, 7.25);
        child<QSpinBox>(&dialog, u"renderRate"_s)->setValue(500);
        QCOMPARE(dialog.settings().renderRateHz, 60);
        child<QSpinBox>(&dialog, u"renderRate"_s)->setValue(0);
        QCOMPARE(dialog.settings().renderRateHz, 1);

        // The result is valid for core: it saves and loads without a problem.
        layout::Dashboard dashboard;
        dialog.settings().applyTo(dashboard);
        const layout::LayoutLoadResult loaded = layout::readLayout(layout::serializeLayout(dashboard));
        QCOMPARE(loaded.errorCount(), 0);
        QVERIFY(DashboardSettings::of(*loaded.dashboard) == dialog.settings());
    }

    void listenersAndSystemMetricsAreSources()
    {
        DashboardSettingsDialog dialog(sampleSettings());
        QCOMPARE(dialog.listenerCount(), 2);
        QCOMPARE(dialog.listenerEdit(0)->text(), u"127.0.0.1:8125/statsd"_s);
        QCOMPARE(dialog.listenerEdit(1)->text(), u"[::1]:8089/influx"_s);
        auto* system = child<QCheckBox>(&dialog, u"systemMetrics"_s);
        QVERIFY(system->isChecked());
        QCOMPARE(child<QSpinBox>(&dialog, u"systemInterval"_s)->value(), 2500);
        QVERIFY(child<QLabel>(&dialog, u"unknownSources"_s)->isVisibleTo(&dialog));

        QTest::mouseClick(child<QPushButton>(&dialog, u"addListener"_s), Qt::LeftButton);
        QCOMPARE(dialog.listenerCount(), 3);
        QTest::keyClicks(dialog.listenerEdit(2), u"0.0.0.0:9000/influx"_s);
        system->setChecked(false);
        QVERIFY(!child<QSpinBox>(&dialog, u"systemInterval"_s)->isEnabled());
        QTest::mouseClick(dialog.findChildren<QPushButton*>(u"removeListener"_s).at(0), Qt::LeftButton);
        QCOMPARE(dialog.listenerCount(), 2);

        const DashboardSettings s = dialog.settings();
        QCOMPARE(s.sources.size(), std::size_t(2));
        QCOMPARE(s.sources[0].listen.toString(), std::string("[::1]:8089/influx"));
        QCOMPARE(s.sources[1].listen.toString(), std::string("0.0.0.0:9000/influx"));
        QVERIFY(std::all_of(
            s.sources.begin(), s.sources.end(), [](const auto& src) { return src.type == layout::SourceType::Udp; }));
        QCOMPARE(s.unknownSources.size(), std::size_t(1));
    }

    void kafkaConsumersAreKeptAsTheLayoutHasThem()
    {
        DashboardSettings original = sampleSettings();
        layout::Source kafka;
        kafka.type = layout::SourceType::Kafka;
        kafka.url = "127.0.0.1:9092/metrics?group=wall";
        original.sources.insert(original.sources.begin(), kafka);
        DashboardSettingsDialog dialog(original);
        QTest::mouseClick(dialog.findChildren<QPushButton*>(u"removeListener"_s).at(0), Qt::LeftButton);
        const DashboardSettings s = dialog.settings();
        const auto kept = std::count_if(s.sources.begin(), s.sources.end(), [](const layout::Source& src) {
            return src.type == layout::SourceType::Kafka && src.url == "127.0.0.1:9092/metrics?group=wall";
        });
        QCOMPARE(kept, 1);
        QCOMPARE(s.sources.size(), original.sources.size() - 1); // one listener removed, nothing else lost
    }

    void badListenAddressesAreRejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::addRow("host name") << u"example.com:8125"_s << u"Listener 3: invalid address"_s;
        QTest::addRow("no port") << u"127.0.0.1"_s << u"Listener 3: invalid address"_s;
        QTest::addRow("port out of range") << u":70000"_s << u"Listener 3: invalid address"_s;
        QTest::addRow("unknown format") << u":8125/json"_s << u"Listener 3: invalid address"_s;
        QTest::addRow("empty row") << u"  "_s << u"Listener 3: enter an address"_s;
        QTest::addRow("same as another listener")
            << u"127.0.0.1:8125/influx"_s << u"Listener 3: the same address and port as listener 1"_s;
    }
    void badListenAddressesAreRejected()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        DashboardSettingsDialog dialog(sampleSettings());
        QLineEdit* edit = dialog.addListener();
        QVERIFY(dialog.hasErrors()); // an empty row is not a listener yet
        edit->setText(text);
        QVERIFY(dialog.hasErrors());
        QVERIFY2(dialog.errors().constFirst().startsWith(message), qPrintable(dialog.errors().join(u'\n')));
        QVERIFY(errorText(dialog).contains(message));
        QVERIFY(!okButton(dialog)->isEnabled());
        QCOMPARE(edit->toolTip(), dialog.errors().constFirst());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.settings().sources.size(), std::size_t(3)); // the bad row is not a source

        edit->setText(u":9125"_s);
        QVERIFY2(!dialog.hasErrors(), qPrintable(errorText(dialog)));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(errorText(dialog).isEmpty());
        QCOMPARE(dialog.settings().sources.size(), std::size_t(4));
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void keyboardReachesEveryControlInOrder()
    {
        DashboardSettingsDialog dialog(sampleSettings());
        for (const QLabel* label : dialog.findChildren<QLabel*>())
            if (label->text().contains(u'&'))
                QVERIFY2(label->buddy(), qPrintable(label->text()));
        dialog.addListener(u":7000"_s);
        const auto nextTabStop = [](QWidget* w) {
            QWidget* next = w->nextInFocusChain();
            // Skips the widget's own parts (a spin box's line edit) and widgets that hand focus to another.
            while (next != w && (!(next->focusPolicy() & Qt::TabFocus) || next->focusProxy() || w->isAncestorOf(next)))
                next = next->nextInFocusChain();
            return next;
        };
        QCOMPARE(nextTabStop(child<QLineEdit>(&dialog, u"title"_s)), child<QComboBox>(&dialog, u"timeRange"_s));
        QCOMPARE(nextTabStop(child<QDoubleSpinBox>(&dialog, u"minTextMm"_s)), dialog.listenerEdit(0));
        // The listener added last comes right before the Add button, not after OK/Cancel.
        const auto removes = dialog.findChildren<QPushButton*>(u"removeListener"_s);
        QCOMPARE(nextTabStop(dialog.listenerEdit(2)), removes.at(2));
        QCOMPARE(nextTabStop(removes.at(2)), child<QPushButton>(&dialog, u"addListener"_s));
        // Then the Kafka sources: a row added later also sits before its Add button.
        QCOMPARE(
            nextTabStop(child<QPushButton>(&dialog, u"addListener"_s)), child<QPushButton>(&dialog, u"addKafka"_s));
        QLineEdit* kafka = dialog.addKafka(u"k:9092/t"_s);
        QCOMPARE(nextTabStop(child<QPushButton>(&dialog, u"addListener"_s)), kafka);
        QCOMPARE(nextTabStop(kafka), child<QPushButton>(&dialog, u"removeKafka"_s));
        QCOMPARE(
            nextTabStop(child<QPushButton>(&dialog, u"removeKafka"_s)), child<QPushButton>(&dialog, u"addKafka"_s));
        QCOMPARE(nextTabStop(child<QPushButton>(&dialog, u"addKafka"_s)), child<QPushButton>(&dialog, u"addBackend"_s));
        QLineEdit* backend = dialog.addBackend(u"ws://wall:8080/graphql"_s);
        QCOMPARE(nextTabStop(child<QPushButton>(&dialog, u"addKafka"_s)), backend);
        QCOMPARE(nextTabStop(backend), child<QPushButton>(&dialog, u"removeBackend"_s));
        QCOMPARE(
            nextTabStop(child<QPushButton>(&dialog, u"addBackend"_s)), child<QPushButton>(&dialog, u"addPostgres"_s));
        QLineEdit* postgres = dialog.addPostgres(u"postgresql:///metrics"_s);
        QCOMPARE(nextTabStop(child<QPushButton>(&dialog, u"addBackend"_s)), postgres);
        QCOMPARE(nextTabStop(postgres), child<QPushButton>(&dialog, u"removePostgres"_s));
        QCOMPARE(nextTabStop(child<QPushButton>(&dialog, u"removePostgres"_s)),
            child<QPushButton>(&dialog, u"addPostgres"_s));
        QCOMPARE(
            nextTabStop(child<QPushButton>(&dialog, u"addPostgres"_s)), child<QCheckBox>(&dialog, u"systemMetrics"_s));
    }

    void postgresSourceIsEditedAndChecked_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("problem"); // empty: valid
        QTest::addRow("valid")
            << u"postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&sslrootcert=/etc/pulse/ca.pem"_s
            << QString();
        QTest::addRow("local socket") << u"postgresql:///metrics"_s << QString();
        QTest::addRow("empty row") << u" "_s << u"History database 1: enter a URL"_s;
        QTest::addRow("password in user info")
            << u"postgresql://pulse:hunter2@db/metrics"_s
            << u"History database 1: must not contain a password: it comes from PGPASSWORD or ~/.pgpass"_s;
        QTest::addRow("password parameter")
            << u"postgresql://pulse@db/metrics?password=hunter2"_s
            << u"History database 1: must not contain a password: it comes from PGPASSWORD or ~/.pgpass"_s;
        QTest::addRow("options") << u"postgresql://db/metrics?options=-cfsync%3Doff"_s
                                 << u"History database 1: the options parameter is not allowed"_s;
        QTest::addRow("bad sslmode") << u"postgresql://db/metrics?sslmode=yes"_s
                                     << u"History database 1: sslmode must be one of"_s;
        QTest::addRow("other scheme") << u"ws://db/metrics"_s << u"History database 1: must start with postgresql://"_s;
    }
    void postgresSourceIsEditedAndChecked()
    {
        QFETCH(QString, url);
        QFETCH(QString, problem);
        const DashboardSettings original = sampleSettings();
        DashboardSettingsDialog dialog(original);
        QCOMPARE(dialog.postgresCount(), 0);
        QVERIFY(!child<QLineEdit>(&dialog, u"postgres"_s));
        QTest::mouseClick(child<QPushButton>(&dialog, u"addPostgres"_s), Qt::LeftButton);
        QCOMPARE(dialog.postgresCount(), 1);
        // The example is a URL the row accepts, so it holds no password.
        const QString placeholder = dialog.postgresEdit(0)->placeholderText();
        QVERIFY2(placeholder.startsWith(u"e.g. postgresql://"_s), qPrintable(placeholder));
        QCOMPARE(QString::fromStdString(pgSourceUrlError(placeholder.mid(5).toStdString())), QString());
        QCOMPARE(dialog.postgresEdit(0)->accessibleName(), u"History database 1"_s);
        QTest::keyClicks(dialog.postgresEdit(0), url);
        if (problem.isEmpty()) {
            QVERIFY2(!dialog.hasErrors(), qPrintable(errorText(dialog)));
            QVERIFY(okButton(dialog)->isEnabled());
            const std::vector<layout::Source> sources = dialog.settings().sources;
            QCOMPARE(sources.size(), original.sources.size() + 1);
            QCOMPARE(sources.back().type, layout::SourceType::Postgres);
            QCOMPARE(QString::fromStdString(sources.back().url), url);
            // Loaded again, the row is there to edit.
            DashboardSettings edited = original;
            edited.sources = sources;
            DashboardSettingsDialog again(edited);
            QCOMPARE(again.postgresCount(), 1);
            QCOMPARE(again.postgresEdit(0)->text(), url);
            QVERIFY(!again.hasErrors());
            QCOMPARE(described(again.settings().sources), described(sources));
        } else {
            QVERIFY(dialog.hasErrors());
            QVERIFY(!okButton(dialog)->isEnabled());
            QVERIFY2(errorText(dialog).contains(problem), qPrintable(errorText(dialog)));
            QVERIFY2(
                dialog.postgresEdit(0)->toolTip().startsWith(problem), qPrintable(dialog.postgresEdit(0)->toolTip()));
            QVERIFY(!errorText(dialog).contains(u"hunter2"_s)); // the reason never repeats the secret
            QCOMPARE(described(dialog.settings().sources), described(original.sources));
        }
    }

    void onlyOneHistoryDatabaseIsAllowed()
    {
        DashboardSettings original = sampleSettings();
        layout::Source postgres;
        postgres.type = layout::SourceType::Postgres;
        postgres.url = "postgresql://pulse@db1/metrics";
        original.sources.push_back(postgres);
        DashboardSettingsDialog dialog(original);
        QCOMPARE(dialog.postgresCount(), 1);
        QVERIFY2(!dialog.hasErrors(), qPrintable(errorText(dialog)));
        QCOMPARE(described(dialog.settings().sources), described(original.sources));

        dialog.addPostgres(u"postgresql://pulse@db2/metrics"_s);
        QCOMPARE(dialog.postgresCount(), 2);
        QVERIFY(!okButton(dialog)->isEnabled());
        QCOMPARE(dialog.errors(),
            QStringList { u"History database 2: only one history database per dashboard; remove it"_s });
        QCOMPARE(dialog.postgresEdit(1)->toolTip(), dialog.errors().front());
        QCOMPARE(described(dialog.settings().sources), described(original.sources)); // only the first is kept

        // Removing the first leaves the second as the one database.
        dialog.removePostgres(0);
        QVERIFY2(!dialog.hasErrors(), qPrintable(errorText(dialog)));
        QVERIFY(okButton(dialog)->isEnabled());
        QCOMPARE(dialog.settings().sources.back().type, layout::SourceType::Postgres);
        QCOMPARE(QString::fromStdString(dialog.settings().sources.back().url), u"postgresql://pulse@db2/metrics"_s);
    }

    void backendSourcesAreEditedAndChecked_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("problem"); // empty: valid
        QTest::addRow("valid") << u"ws://10.0.0.5:8080/graphql?token=env:WALL_TOKEN"_s << QString();
        QTest::addRow("empty row") << u" "_s << u"Server 1: enter a URL"_s;
        QTest::addRow("tls") << u"wss://wall/graphql"_s << u"Server 1: wss://"_s;
        QTest::addRow("literal token") << u"ws://wall/graphql?token=hunter2"_s << u"Server 1: a literal token"_s;
    }
    void backendSourcesAreEditedAndChecked()
    {
        QFETCH(QString, url);
        QFETCH(QString, problem);
        const DashboardSettings original = sampleSettings();
        DashboardSettingsDialog dialog(original);
        QCOMPARE(dialog.backendCount(), 0);
        QTest::mouseClick(child<QPushButton>(&dialog, u"addBackend"_s), Qt::LeftButton);
        QCOMPARE(dialog.backendCount(), 1);
        QTest::keyClicks(dialog.backendEdit(0), url);
        if (problem.isEmpty()) {
            QVERIFY2(!dialog.hasErrors(), qPrintable(errorText(dialog)));
            const std::vector<layout::Source> sources = dialog.settings().sources;
            QCOMPARE(sources.back().type, layout::SourceType::Backend);
            QCOMPARE(QString::fromStdString(sources.back().url), url);
            // Loaded again, the row is there to edit.
            DashboardSettings edited = original;
            edited.sources = sources;
            DashboardSettingsDialog again(edited);
            QCOMPARE(again.backendCount(), 1);
            QCOMPARE(again.backendEdit(0)->text(), url);
            QCOMPARE(described(again.settings().sources), described(sources));
        } else {
            QVERIFY(!okButton(dialog)->isEnabled());
            QVERIFY2(errorText(dialog).contains(problem), qPrintable(errorText(dialog)));
            QCOMPARE(described(dialog.settings().sources), described(original.sources));
        }
    }

    void kafkaSourcesAreEditedAndChecked_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("problem"); // empty: valid
        QTest::addRow("valid") << u"127.0.0.1:9092/orders?group=wall-2&format=json"_s << QString();
        QTest::addRow("empty row") << u" "_s << u"Kafka source 2: enter a URL"_s;
        QTest::addRow("no topic") << u"127.0.0.1:9092"_s << u"Kafka source 2: "_s;
        QTest::addRow("literal password") << u"127.0.0.1:9092/orders?sasl.password=hunter2"_s << u"Kafka source 2: "_s;
        QTest::addRow("same as the first")
            << u"b1:9092,b2:9092/metrics?group=wall"_s << u"Kafka source 2: the same as Kafka source 1"_s;
    }
    void kafkaSourcesAreEditedAndChecked()
    {
        QFETCH(QString, url);
        QFETCH(QString, problem);
        DashboardSettings original = sampleSettings();
        layout::Source kafka;
        kafka.type = layout::SourceType::Kafka;
        kafka.url = "b1:9092,b2:9092/metrics?group=wall";
        original.sources.push_back(kafka);
        DashboardSettingsDialog dialog(original);
        QCOMPARE(dialog.kafkaCount(), 1);
        QCOMPARE(dialog.kafkaEdit(0)->text(), u"b1:9092,b2:9092/metrics?group=wall"_s);
        QVERIFY(!dialog.hasErrors());
        QCOMPARE(
            described(dialog.settings().sources), described(original.sources)); // unedited: the same sources, in order

        QTest::mouseClick(child<QPushButton>(&dialog, u"addKafka"_s), Qt::LeftButton);
        QCOMPARE(dialog.kafkaCount(), 2);
        QTest::keyClicks(dialog.kafkaEdit(1), url);
        if (problem.isEmpty()) {
            QVERIFY2(!dialog.hasErrors(), qPrintable(errorText(dialog)));
            const std::vector<layout::Source> sources = dialog.settings().sources;
            QCOMPARE(sources.back().type, layout::SourceType::Kafka);
            QCOMPARE(QString::fromStdString(sources.back().url), url);
        } else {
            QVERIFY(dialog.hasErrors());
            QVERIFY(!okButton(dialog)->isEnabled());
            QVERIFY2(errorText(dialog).contains(problem), qPrintable(errorText(dialog)));
            QVERIFY(dialog.kafkaEdit(1)->toolTip().startsWith(problem)); // the row says what is wrong with it
            QCOMPARE(
                described(dialog.settings().sources), described(original.sources)); // a bad row never becomes a source
        }
        // Removing the first row leaves the second, now numbered 1; a duplicate then is one no more.
        QTest::mouseClick(dialog.findChildren<QPushButton*>(u"removeKafka"_s).at(0), Qt::LeftButton);
        QCOMPARE(dialog.kafkaCount(), 1);
        QCOMPARE(dialog.kafkaEdit(0)->text(), url);
        QCOMPARE(dialog.kafkaEdit(0)->accessibleName(), u"Kafka source 1"_s);
        if (problem.contains(u"the same"_s))
            QVERIFY(!dialog.hasErrors());
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
