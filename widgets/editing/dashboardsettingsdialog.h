#pragma once

#include "document/dashboarddocument.h"

#include <QDialog>
#include <QStringList>

#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace pulse::ui {

class TextRowList;

/**
 * Edits the dashboard-wide settings: title, time range (the five relative ranges), render rate (1–60 Hz), theme,
 * display profile (desk, room, wall or a custom smallest text size) and sources: UDP listeners as
 * `HOST:PORT[/statsd|/influx]`, Kafka consumers in the `--kafka` URL syntax, Pulseboard servers (client mode) in the
 * `--connect` URL syntax, at most one history database as a libpq URL without a password (all parsed by core, problems
 * listed; OK is disabled while any is wrong) and the system metrics collector with its interval. Sources of types this
 * build does not know are kept as they were.
 */
class DashboardSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit DashboardSettingsDialog(const DashboardSettings& settings, QWidget* parent = nullptr);
    ~DashboardSettingsDialog() override;

    /** The edited settings; listeners that do not parse are left out (OK is disabled while there are any). */
    DashboardSettings settings() const;
    /** Every current problem, one line each ("Listener 2: port must be …"). */
    const QStringList& errors() const { return m_errors; }
    bool hasErrors() const { return !m_errors.isEmpty(); }

    int listenerCount() const;
    QLineEdit* listenerEdit(int index) const;
    /** Appends a listener row (as the Add Listener button does) and returns its line edit. */
    QLineEdit* addListener(const QString& text = {});
    void removeListener(int index);

    int kafkaCount() const;
    QLineEdit* kafkaEdit(int index) const;
    /** Appends a Kafka source row (as the Add Kafka Source button does) and returns its line edit. */
    QLineEdit* addKafka(const QString& text = {});
    void removeKafka(int index);

    int backendCount() const;
    QLineEdit* backendEdit(int index) const;
    /** Appends a Pulseboard server row (as the Add Server button does) and returns its line edit. */
    QLineEdit* addBackend(const QString& text = {});

    int postgresCount() const;
    QLineEdit* postgresEdit(int index) const;
    /** Appends a history database row (as the Add History Database button does) and returns its line edit. */
    QLineEdit* addPostgres(const QString& text = {});
    void removePostgres(int index);

public Q_SLOTS:
    void accept() override;

Q_SIGNALS:
    /** settings() or errors() changed. */
    void settingsEdited();

private:
    void onEdited();
    QStringList listenerProblems();
    /** Texts of one URL row kind's problems: an empty row, an invalid URL (%2: why), a repeated one (%2: the first). */
    struct UrlProblemTexts {
        QString empty;
        QString invalid;
        QString duplicate;
    };
    /** The problems of URL rows that `check` judges (an error, empty when fine); marks each row. */
    static QStringList urlProblems(
        TextRowList* rows, std::string (*check)(const std::string&), const UrlProblemTexts& texts);
    /** Appends a source of `type` for every row that `check` accepts, each URL once. */
    static void appendUrlSources(const TextRowList* rows, layout::SourceType type,
        std::string (*check)(const std::string&), std::vector<layout::Source>& sources);

    DashboardSettings m_original;
    bool m_isSystemFirst = false; // where the system source sat among the sources, so an unedited list keeps its order
    QStringList m_errors;

    QLineEdit* m_title;
    QComboBox* m_timeRange;
    QSpinBox* m_renderRate;
    QComboBox* m_theme;
    QComboBox* m_display;
    QDoubleSpinBox* m_minTextMm;
    TextRowList* m_listeners;
    TextRowList* m_kafka;
    TextRowList* m_backends;
    TextRowList* m_postgres; ///< at most one row is valid: a second is listed as a problem
    QCheckBox* m_system;
    QSpinBox* m_systemInterval;
    QLabel* m_unknownSources;
    QLabel* m_errorLabel;
    QDialogButtonBox* m_buttons;
};

} // namespace pulse::ui
