#include "editing/dashboardsettingsdialog.h"

#include "client/backendconfig.h"
#include "editing/editfields.h"
#include "editing/textrowlist.h"
#include "ingest/kafkaconfig.h"
#include "ingest/listenaddress.h"
#include "layout/layoutreader.h"
#include "layout/pgsourceurl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

constexpr int kMinIntervalMs = 100;
constexpr int kMaxIntervalMs = 3'600'000;

QString timeRangeLabel(std::int64_t ms)
{
    switch (ms) {
    case 300'000:
        return DashboardSettingsDialog::tr("Last 5 minutes");
    case 900'000:
        return DashboardSettingsDialog::tr("Last 15 minutes");
    case 3'600'000:
        return DashboardSettingsDialog::tr("Last hour");
    case 21'600'000:
        return DashboardSettingsDialog::tr("Last 6 hours");
    case 86'400'000:
        return DashboardSettingsDialog::tr("Last 24 hours");
    default:
        return DashboardSettingsDialog::tr("Last %1").arg(durationText(ms));
    }
}

QLabel* buddyLabel(const QString& text, QWidget* buddy, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

/** Whether two listeners would bind the same socket (port 0 picks a free port, so it never clashes). */
bool isSameSocket(const ListenAddress& a, const ListenAddress& b)
{
    return a.port != 0 && a.host == b.host && a.port == b.port;
}

bool isTaken(const std::vector<layout::Source>& sources, const ListenAddress& address)
{
    return std::any_of(
        sources.begin(), sources.end(), [&](const layout::Source& s) { return isSameSocket(s.listen, address); });
}

} // namespace

DashboardSettingsDialog::DashboardSettingsDialog(const DashboardSettings& settings, QWidget* parent)
    : QDialog(parent)
    , m_original(settings)
    , m_title(new QLineEdit(this))
    , m_timeRange(new QComboBox(this))
    , m_renderRate(new QSpinBox(this))
    , m_theme(new QComboBox(this))
    , m_display(new QComboBox(this))
    , m_minTextMm(new QDoubleSpinBox(this))
    , m_listeners(new TextRowList(u"listener"_s,
          { tr("&Add Listener"), tr("Remove"), tr("Listener %1"), tr("Remove listener %1"),
              tr("e.g. 127.0.0.1:8125 or [::1]:8089/influx"),
              tr(":PORT listens on 127.0.0.1 only; 0.0.0.0:PORT or [::]:PORT on every interface. "
                 "The format is statsd unless /influx is given.") },
          this))
    , m_kafka(new TextRowList(u"kafka"_s,
          { tr("Add &Kafka Source"), tr("Remove"), tr("Kafka source %1"), tr("Remove Kafka source %1"),
              tr("e.g. 127.0.0.1:9092/metrics?group=wall-1&format=statsd"),
              tr("BROKERS/TOPIC[,TOPIC2]?group=G&format=statsd|influx|json&from=latest|earliest. Give each display "
                 "its own group. Secrets only as env:VAR or KEY.file=PATH, never literally.") },
          this))
    , m_backends(new TextRowList(u"backend"_s,
          { tr("Add &Server"), tr("Remove"), tr("Server %1"), tr("Remove server %1"),
              tr("e.g. ws://10.0.0.5:8080/graphql"),
              tr("A Pulseboard server (pulseboard-server --serve) whose data the panels show. A bearer token only as "
                 "?token=env:VAR or ?token.file=PATH, never literally.") },
          this))
    , m_postgres(new TextRowList(u"postgres"_s,
          { tr("Add Hist&ory Database"), tr("Remove"), tr("History database %1"), tr("Remove history database %1"),
              tr("e.g. postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&sslrootcert=/etc/pulse/ca.pem"),
              tr("The PostgreSQL database that keeps long history (one per dashboard). The password only from "
                 "PGPASSWORD or ~/.pgpass, never in the URL. For a remote server use sslmode=verify-full with "
                 "sslrootcert.") },
          this))
    , m_system(new QCheckBox(tr("Collect s&ystem metrics (CPU, memory, network, disk)"), this))
    , m_systemInterval(new QSpinBox(this))
    , m_unknownSources(new QLabel(this))
    , m_errorLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Dashboard Settings"));

    m_title->setObjectName(u"title"_s);
    m_timeRange->setObjectName(u"timeRange"_s);
    for (std::int64_t ms : layout::kTimeRangesMs)
        m_timeRange->addItem(timeRangeLabel(ms), QVariant::fromValue(static_cast<qlonglong>(ms)));
    m_renderRate->setObjectName(u"renderRate"_s);
    m_renderRate->setRange(1, 60);
    m_renderRate->setSuffix(tr(" Hz"));
    m_renderRate->setToolTip(tr("How often panels redraw; lower rates use less CPU"));
    m_theme->setObjectName(u"theme"_s);
    m_theme->addItem(tr("Dark"), static_cast<int>(layout::Theme::Dark));
    m_theme->addItem(tr("Light"), static_cast<int>(layout::Theme::Light));
    m_display->setObjectName(u"display"_s);
    m_display->addItem(tr("Desk (arm's length)"), static_cast<int>(layout::DisplayProfile::Kind::Desk));
    m_display->addItem(tr("Room (across a room)"), static_cast<int>(layout::DisplayProfile::Kind::Room));
    m_display->addItem(tr("Wall (large screen far away)"), static_cast<int>(layout::DisplayProfile::Kind::Wall));
    m_display->addItem(tr("Custom text size"), static_cast<int>(layout::DisplayProfile::Kind::Custom));
    m_minTextMm->setObjectName(u"minTextMm"_s);
    m_minTextMm->setRange(0.01, 100);
    m_minTextMm->setDecimals(2);
    m_minTextMm->setSingleStep(0.5);
    m_minTextMm->setSuffix(tr(" mm"));
    m_minTextMm->setAccessibleName(tr("Smallest text height"));
    m_minTextMm->setToolTip(tr("The smallest text height on screen, in millimetres"));

    auto* form = new QFormLayout;
    form->addRow(buddyLabel(tr("&Title:"), m_title, this), m_title);
    form->addRow(buddyLabel(tr("Time &range:"), m_timeRange, this), m_timeRange);
    form->addRow(buddyLabel(tr("Re&nder rate:"), m_renderRate, this), m_renderRate);
    form->addRow(buddyLabel(tr("T&heme:"), m_theme, this), m_theme);
    auto* displayRow = new QHBoxLayout;
    displayRow->addWidget(m_display, 1);
    auto* minTextLabel = buddyLabel(tr("S&mallest text:"), m_minTextMm, this);
    displayRow->addWidget(minTextLabel);
    displayRow->addWidget(m_minTextMm);
    form->addRow(buddyLabel(tr("&Display:"), m_display, this), displayRow);

    auto* sources = new QGroupBox(tr("Sources"), this);
    auto* sourcesLayout = new QVBoxLayout(sources);
    auto* listenersLabel = new QLabel(tr("UDP listeners (HOST:PORT, optionally /statsd or /influx):"), sources);
    listenersLabel->setWordWrap(true);
    listenersLabel->setBuddy(m_listeners->addButton());
    sourcesLayout->addWidget(listenersLabel);
    sourcesLayout->addWidget(m_listeners);
    auto* kafkaLabel = new QLabel(tr("Kafka consumers (BROKERS/TOPIC?group=G&&format=statsd):"), sources);
    kafkaLabel->setWordWrap(true);
    kafkaLabel->setTextFormat(Qt::PlainText); // "&&": with a buddy a single & would be taken for a mnemonic
    kafkaLabel->setBuddy(m_kafka->addButton());
    sourcesLayout->addWidget(kafkaLabel);
    sourcesLayout->addWidget(m_kafka);
    auto* backendLabel = new QLabel(tr("Pulseboard servers (client mode, ws://HOST:PORT/graphql):"), sources);
    backendLabel->setWordWrap(true);
    backendLabel->setTextFormat(Qt::PlainText);
    backendLabel->setBuddy(m_backends->addButton());
    sourcesLayout->addWidget(backendLabel);
    sourcesLayout->addWidget(m_backends);
    auto* postgresLabel = new QLabel(tr("History database (PostgreSQL):"), sources);
    postgresLabel->setWordWrap(true);
    postgresLabel->setTextFormat(Qt::PlainText);
    postgresLabel->setBuddy(m_postgres->addButton());
    sourcesLayout->addWidget(postgresLabel);
    sourcesLayout->addWidget(m_postgres);
    m_system->setObjectName(u"systemMetrics"_s);
    m_systemInterval->setObjectName(u"systemInterval"_s);
    m_systemInterval->setRange(kMinIntervalMs, kMaxIntervalMs);
    m_systemInterval->setSingleStep(100);
    m_systemInterval->setSuffix(tr(" ms"));
    auto* systemRow = new QHBoxLayout;
    systemRow->addWidget(m_system, 1);
    systemRow->addWidget(buddyLabel(tr("&Every:"), m_systemInterval, sources));
    systemRow->addWidget(m_systemInterval);
    sourcesLayout->addLayout(systemRow);
    m_unknownSources->setObjectName(u"unknownSources"_s);
    m_unknownSources->setWordWrap(true);
    m_unknownSources->setTextFormat(Qt::PlainText);
    sourcesLayout->addWidget(m_unknownSources);

    m_errorLabel->setObjectName(u"errors"_s);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(sources);
    layout->addWidget(m_errorLabel);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    // Load.
    m_title->setText(settings.title);
    const int rangeIndex = m_timeRange->findData(QVariant::fromValue(static_cast<qlonglong>(settings.timeRangeMs)));
    if (rangeIndex < 0)
        m_timeRange->addItem(
            timeRangeLabel(settings.timeRangeMs), QVariant::fromValue(static_cast<qlonglong>(settings.timeRangeMs)));
    m_timeRange->setCurrentIndex(
        m_timeRange->findData(QVariant::fromValue(static_cast<qlonglong>(settings.timeRangeMs))));
    m_renderRate->setValue(settings.renderRateHz);
    m_theme->setCurrentIndex(m_theme->findData(static_cast<int>(settings.theme)));
    m_display->setCurrentIndex(m_display->findData(static_cast<int>(settings.display.kind)));
    m_minTextMm->setValue(
        settings.display.kind == layout::DisplayProfile::Kind::Custom ? settings.display.minTextMm : 3.0);
    std::optional<std::size_t> firstUdp;
    std::optional<std::size_t> firstSystem;
    for (std::size_t i = 0; i < settings.sources.size(); ++i) {
        const layout::Source& source = settings.sources[i];
        if (source.type == layout::SourceType::Udp) {
            firstUdp = firstUdp.value_or(i);
            addListener(QString::fromStdString(source.listen.toString()));
        } else if (source.type == layout::SourceType::Kafka) {
            addKafka(QString::fromStdString(source.url));
        } else if (source.type == layout::SourceType::Backend) {
            addBackend(QString::fromStdString(source.url));
        } else if (source.type == layout::SourceType::Postgres) {
            addPostgres(QString::fromStdString(source.url));
        } else if (!firstSystem) {
            firstSystem = i;
            m_systemInterval->setValue(static_cast<int>(source.intervalMs));
        }
    }
    m_isSystemFirst = firstSystem && (!firstUdp || *firstSystem < *firstUdp);
    m_system->setChecked(firstSystem.has_value());
    if (!firstSystem)
        m_systemInterval->setValue(1000);
    m_unknownSources->setVisible(!settings.unknownSources.empty());
    m_unknownSources->setText(tr("%n source(s) of a type this version does not know will be kept as they are.", nullptr,
        static_cast<int>(settings.unknownSources.size())));

    setTabOrder(m_title, m_timeRange);
    setTabOrder(m_timeRange, m_renderRate);
    setTabOrder(m_renderRate, m_theme);
    setTabOrder(m_theme, m_display);
    setTabOrder(m_display, m_minTextMm);
    setTabOrder(m_minTextMm, m_listeners->addButton());
    setTabOrder(m_listeners->addButton(), m_kafka->addButton());
    setTabOrder(m_kafka->addButton(), m_backends->addButton());
    setTabOrder(m_backends->addButton(), m_postgres->addButton());
    setTabOrder(m_postgres->addButton(), m_system);
    setTabOrder(m_system, m_systemInterval);
    setTabOrder(m_systemInterval, m_buttons);
    // The rows loaded above move along with their Add buttons.
    m_listeners->refreshTabOrder();
    m_kafka->refreshTabOrder();
    m_backends->refreshTabOrder();
    m_postgres->refreshTabOrder();

    connect(m_title, &QLineEdit::textChanged, this, &DashboardSettingsDialog::onEdited);
    for (QComboBox* combo : { m_timeRange, m_theme, m_display })
        connect(combo, &QComboBox::currentIndexChanged, this, &DashboardSettingsDialog::onEdited);
    connect(m_renderRate, &QSpinBox::valueChanged, this, &DashboardSettingsDialog::onEdited);
    connect(m_systemInterval, &QSpinBox::valueChanged, this, &DashboardSettingsDialog::onEdited);
    connect(m_minTextMm, &QDoubleSpinBox::valueChanged, this, &DashboardSettingsDialog::onEdited);
    connect(m_system, &QCheckBox::toggled, this, &DashboardSettingsDialog::onEdited);
    connect(m_listeners, &TextRowList::edited, this, &DashboardSettingsDialog::onEdited);
    connect(m_kafka, &TextRowList::edited, this, &DashboardSettingsDialog::onEdited);
    connect(m_backends, &TextRowList::edited, this, &DashboardSettingsDialog::onEdited);
    connect(m_postgres, &TextRowList::edited, this, &DashboardSettingsDialog::onEdited);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DashboardSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    onEdited();
}

DashboardSettingsDialog::~DashboardSettingsDialog() = default;

int DashboardSettingsDialog::listenerCount() const
{
    return m_listeners->count();
}

QLineEdit* DashboardSettingsDialog::listenerEdit(int index) const
{
    return m_listeners->edit(index);
}

QLineEdit* DashboardSettingsDialog::addListener(const QString& text)
{
    return m_listeners->addRow(text);
}

void DashboardSettingsDialog::removeListener(int index)
{
    m_listeners->removeRow(index);
}

int DashboardSettingsDialog::kafkaCount() const
{
    return m_kafka->count();
}

QLineEdit* DashboardSettingsDialog::kafkaEdit(int index) const
{
    return m_kafka->edit(index);
}

QLineEdit* DashboardSettingsDialog::addKafka(const QString& text)
{
    return m_kafka->addRow(text);
}

void DashboardSettingsDialog::removeKafka(int index)
{
    m_kafka->removeRow(index);
}

int DashboardSettingsDialog::backendCount() const
{
    return m_backends->count();
}

QLineEdit* DashboardSettingsDialog::backendEdit(int index) const
{
    return m_backends->edit(index);
}

QLineEdit* DashboardSettingsDialog::addBackend(const QString& text)
{
    return m_backends->addRow(text);
}

int DashboardSettingsDialog::postgresCount() const
{
    return m_postgres->count();
}

QLineEdit* DashboardSettingsDialog::postgresEdit(int index) const
{
    return m_postgres->edit(index);
}

QLineEdit* DashboardSettingsDialog::addPostgres(const QString& text)
{
    return m_postgres->addRow(text);
}

void DashboardSettingsDialog::removePostgres(int index)
{
    m_postgres->removeRow(index);
}

namespace {
std::string kafkaUrlError(const std::string& url)
{
    return parseKafkaSourceUrl(url).error;
}
std::string backendUrlError(const std::string& url)
{
    return client::parseBackendUrl(url, false).error; // the token is read when the source starts
}
std::string postgresUrlError(const std::string& url)
{
    return pgSourceUrlError(url);
}
} // namespace

void DashboardSettingsDialog::appendUrlSources(const TextRowList* rows, layout::SourceType type,
    std::string (*check)(const std::string&), std::vector<layout::Source>& sources)
{
    QStringList urls;
    for (const QString& url : rows->texts()) {
        if (url.isEmpty() || urls.contains(url) || !check(url.toStdString()).empty())
            continue;
        urls.append(url);
        layout::Source source;
        source.type = type;
        source.url = url.toStdString();
        sources.push_back(source);
    }
}

DashboardSettings DashboardSettingsDialog::settings() const
{
    DashboardSettings s;
    s.title = m_title->text();
    s.timeRangeMs = m_timeRange->currentData().toLongLong();
    s.renderRateHz = m_renderRate->value();
    s.theme = static_cast<layout::Theme>(m_theme->currentData().toInt());
    s.display.kind = static_cast<layout::DisplayProfile::Kind>(m_display->currentData().toInt());
    s.display.minTextMm = s.display.kind == layout::DisplayProfile::Kind::Custom ? m_minTextMm->value() : 0.0;
    if (s.display.kind != layout::DisplayProfile::Kind::Custom
        && m_original.display.kind != layout::DisplayProfile::Kind::Custom)
        s.display.minTextMm = m_original.display.minTextMm;

    std::vector<layout::Source> udp;
    for (const QString& text : m_listeners->texts()) {
        const auto parsed = parseListenAddress(text.toStdString());
        if (!parsed.isOk() || isTaken(udp, *parsed.address))
            continue;
        layout::Source source;
        source.type = layout::SourceType::Udp;
        source.listen = *parsed.address;
        udp.push_back(source);
    }
    if (m_system->isChecked() && m_isSystemFirst) {
        layout::Source system;
        system.type = layout::SourceType::System;
        system.intervalMs = m_systemInterval->value();
        s.sources.push_back(system);
    }
    s.sources.insert(s.sources.end(), udp.begin(), udp.end());
    if (m_system->isChecked() && !m_isSystemFirst) {
        layout::Source system;
        system.type = layout::SourceType::System;
        system.intervalMs = m_systemInterval->value();
        s.sources.push_back(system);
    }
    appendUrlSources(m_kafka, layout::SourceType::Kafka, kafkaUrlError, s.sources);
    appendUrlSources(m_backends, layout::SourceType::Backend, backendUrlError, s.sources);
    // One history database: while a second row is listed as a problem, only the first valid one is kept.
    std::vector<layout::Source> postgres;
    appendUrlSources(m_postgres, layout::SourceType::Postgres, postgresUrlError, postgres);
    if (!postgres.empty())
        s.sources.push_back(postgres.front());
    s.unknownSources = m_original.unknownSources;
    return s;
}

void DashboardSettingsDialog::accept()
{
    if (hasErrors())
        return;
    QDialog::accept();
}

void DashboardSettingsDialog::onEdited()
{
    const bool isCustom = static_cast<layout::DisplayProfile::Kind>(m_display->currentData().toInt())
        == layout::DisplayProfile::Kind::Custom;
    m_minTextMm->setEnabled(isCustom);
    m_systemInterval->setEnabled(m_system->isChecked());

    QStringList errors = listenerProblems();
    errors.append(urlProblems(m_kafka, kafkaUrlError,
        { tr("Kafka source %1: enter a URL such as 127.0.0.1:9092/metrics, or remove it"), tr("Kafka source %1: %2"),
            tr("Kafka source %1: the same as Kafka source %2") }));
    errors.append(urlProblems(m_backends, backendUrlError,
        { tr("Server %1: enter a URL such as ws://127.0.0.1:8080/graphql, or remove it"), tr("Server %1: %2"),
            tr("Server %1: the same as server %2") }));
    errors.append(urlProblems(m_postgres, postgresUrlError,
        { tr("History database %1: enter a URL such as postgresql://pulse@127.0.0.1:5432/metrics, or remove it"),
            tr("History database %1: %2"), tr("History database %1: the same as history database %2") }));
    for (int i = 1; i < m_postgres->count(); ++i) {
        const QString extra = tr("History database %1: only one history database per dashboard; remove it").arg(i + 1);
        m_postgres->setProblem(i, extra);
        errors.append(extra);
    }
    const std::size_t sourceCount
        = static_cast<std::size_t>(m_listeners->count() + m_kafka->count() + m_backends->count() + m_postgres->count())
        + (m_system->isChecked() ? 1 : 0) + m_original.unknownSources.size();
    if (sourceCount > static_cast<std::size_t>(layout::kMaxSources))
        errors.append(tr("At most %1 sources are allowed, there are %2").arg(layout::kMaxSources).arg(sourceCount));

    m_errors = errors;
    m_errorLabel->setText(errors.join(u'\n'));
    m_errorLabel->setVisible(!errors.isEmpty());
    if (QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(errors.isEmpty());
    Q_EMIT settingsEdited();
}

QStringList DashboardSettingsDialog::listenerProblems()
{
    QStringList errors;
    std::vector<std::pair<ListenAddress, int>> valid; // listeners that parse, with their number
    const QStringList texts = m_listeners->texts();
    for (int i = 0; i < texts.size(); ++i) {
        const int n = i + 1;
        QString error;
        if (texts[i].isEmpty()) {
            error = tr("Listener %1: enter an address such as 127.0.0.1:8125, or remove it").arg(n);
        } else if (const auto parsed = parseListenAddress(texts[i].toStdString()); !parsed.isOk()) {
            error = tr("Listener %1: %2").arg(n).arg(QString::fromStdString(parsed.error));
        } else {
            const auto clash = std::find_if(
                valid.begin(), valid.end(), [&](const auto& v) { return isSameSocket(v.first, *parsed.address); });
            if (clash != valid.end())
                error = tr("Listener %1: the same address and port as listener %2").arg(n).arg(clash->second);
            valid.emplace_back(*parsed.address, n);
        }
        m_listeners->setProblem(i, error);
        if (!error.isEmpty())
            errors.append(error);
    }
    return errors;
}

QStringList DashboardSettingsDialog::urlProblems(
    TextRowList* rows, std::string (*check)(const std::string&), const UrlProblemTexts& texts)
{
    QStringList errors;
    const QStringList urls = rows->texts();
    for (int i = 0; i < urls.size(); ++i) {
        const int n = i + 1;
        QString error;
        if (urls[i].isEmpty()) {
            error = texts.empty.arg(n);
        } else if (const std::string why = check(urls[i].toStdString()); !why.empty()) {
            error = texts.invalid.arg(n).arg(QString::fromStdString(why));
        } else if (const qsizetype first = urls.indexOf(urls[i]); first < i) {
            error = texts.duplicate.arg(n).arg(first + 1);
        }
        rows->setProblem(i, error);
        if (!error.isEmpty())
            errors.append(error);
    }
    return errors;
}

} // namespace pulse::ui
