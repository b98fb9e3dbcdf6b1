#include "statusstrip.h"

#include "dashboard/dashboardrenderer.h"
#include "dashboardcontroller.h"
#include "format/valueformat.h"
#include "storage/storageoutput.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTimer>

#include <algorithm>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace pulse::desktop {

namespace {
QLabel* plainLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    return label;
}
} // namespace

StatusStrip::StatusStrip(DashboardController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_sources(plainLabel(this))
    , m_series(plainLabel(this))
    , m_tick(plainLabel(this))
    , m_error(plainLabel(this))
    , m_storage(plainLabel(this))
    , m_layout(plainLabel(this))
    , m_clock(plainLabel(this))
{
    setObjectName(u"statusStrip"_s);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_clock);
    layout->addWidget(m_tick);
    layout->addWidget(m_sources, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_storage);
    layout->addWidget(m_series);
    layout->addWidget(m_layout);
    m_clock->setObjectName(u"wallClock"_s);
    QFont mono = m_clock->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setBold(true);
    m_clock->setFont(mono);
    m_error->setObjectName(u"sourceError"_s);
    m_storage->setObjectName(u"historyDatabase"_s);
    m_tick->setObjectName(u"renderTick"_s);
    m_tick->setToolTip(tr("Render tick: moves on every frame the dashboard draws"));
    // Fixed width so the moving marker does not shift the labels beside it.
    m_tick->setMinimumWidth(m_tick->fontMetrics().horizontalAdvance(u"◐ 000000"_s));

    auto* timer = new QTimer(this);
    timer->setInterval(1000);
    connect(timer, &QTimer::timeout, this, &StatusStrip::refresh);
    timer->start();
    connect(controller->renderer(), &ui::DashboardRenderer::ticked, this, &StatusStrip::onTick);
    connect(controller, &DashboardController::pipelineRestarted, this, &StatusStrip::refresh);
    refresh();
}

QString StatusStrip::sourcesText() const
{
    return m_sources->text();
}

QString StatusStrip::errorText() const
{
    return m_error->text();
}

QString StatusStrip::storageText() const
{
    return m_storage->text();
}

QString StatusStrip::storageText(const PgWriterStats& stats, TimestampMs nowMs)
{
    QString text;
    switch (stats.state) {
    case PgConnectionState::Connected:
        text = tr("⛁ history up · %1 rows/s").arg(ui::formatValue(stats.writtenRowsPerSec, layout::Unit {}).text());
        break;
    case PgConnectionState::Connecting:
        text = tr("⛁ history connecting");
        break;
    case PgConnectionState::Disconnected:
        text = stats.nextRetryMs > nowMs
            ? tr("⛁ history down · retry in %1 s").arg((stats.nextRetryMs - nowMs + 999) / 1000)
            : tr("⛁ history down");
        break;
    }
    if (stats.spooledRows > 0)
        text += u" · "_s
            + tr("%n rows spooled", nullptr, static_cast<int>(std::min<std::uint64_t>(stats.spooledRows, INT32_MAX)));
    std::uint64_t dropped = 0;
    for (const std::uint64_t n : stats.droppedRows)
        dropped += n;
    if (dropped > 0)
        text += u" · "_s
            + tr("⚠ %n rows dropped", nullptr, static_cast<int>(std::min<std::uint64_t>(dropped, INT32_MAX)));
    return text;
}

void StatusStrip::setLayoutStatus(const QString& text)
{
    m_layout->setText(text);
}

QString StatusStrip::layoutStatus() const
{
    return m_layout->text();
}

QString StatusStrip::clockText() const
{
    return m_clock->text();
}

void StatusStrip::onTick(quint64 tick)
{
    // The wall clock with seconds: a frozen clock means a frozen screen, whatever the data does.
    const QDateTime now = QDateTime::currentDateTime();
    if (const qint64 second = now.toSecsSinceEpoch(); second != m_shownSecond) {
        m_shownSecond = second;
        m_clock->setText(QLocale().toString(now.time(), u"HH:mm:ss"_s));
    }
    static const QString kPhases[] = { u"◐"_s, u"◓"_s, u"◑"_s, u"◒"_s };
    m_tick->setText(kPhases[tick % 4] + u' ' + QString::number(tick % 1'000'000));
}

QString StatusStrip::sourceText(const QString& name, const SourceHealth& health, TimestampMs nowMs)
{
    // Each source's state by symbol and word, never by colour alone.
    switch (health.state) {
    case SourceHealth::State::Failed:
        return tr("⚠ %1 failed").arg(name);
    case SourceHealth::State::Reconnecting:
        return health.nextRetryMs > nowMs
            ? tr("↻ %1 reconnecting in %2 s").arg(name).arg((health.nextRetryMs - nowMs + 999) / 1000)
            : tr("↻ %1 reconnecting").arg(name);
    case SourceHealth::State::Disconnected:
        return tr("◌ %1 down").arg(name);
    case SourceHealth::State::Loading:
        return tr("⧗ %1 loading").arg(name);
    case SourceHealth::State::Up:
        break;
    }
    if (health.message.empty())
        return u"● "_s + name;
    // Up with a note, e.g. a backend source's "polling over HTTP: <why not WebSocket>": its first clause is shown, the
    // rest goes to the tool tip.
    const QString note = QString::fromStdString(health.message);
    return tr("● %1 (%2)").arg(name, note.section(u": "_s, 0, 0));
}

void StatusStrip::refresh()
{
    const Pipeline* pipeline = m_controller->pipeline();
    QString error = m_controller->pipelineError();
    if (!pipeline) {
        m_sources->setText(tr("No sources running"));
        m_series->clear();
    } else {
        const AggregatorStats stats = pipeline->stats();
        const bool hasPrevious = m_lastPipeline == pipeline && m_lastStats.atMs > 0 && stats.atMs > m_lastStats.atMs;
        const double elapsedS = hasPrevious ? double(stats.atMs - m_lastStats.atMs) / 1000.0 : 0;
        const std::vector<SourceHealth> health = pipeline->sourceHealth();
        const TimestampMs nowMs = QDateTime::currentMSecsSinceEpoch();
        QStringList parts;
        QStringList notes; // the reasons and notes, for the tool tip
        for (const SourceInfo& source : pipeline->sources()) {
            if (source.name == "pulse" || source.index >= health.size())
                continue; // the pipeline's own metrics are not an input the operator configured
            const QString name = QString::fromStdString(source.name);
            const SourceHealth& h = health[source.index];
            QString part = sourceText(name, h, nowMs);
            if (!h.message.empty())
                notes.append(name + u": "_s + QString::fromStdString(h.message));
            // A listener that is down is retried by the pipeline; the strip says so until it is back.
            if (h.state == SourceHealth::State::Failed) {
                const QString text = h.message.empty() ? name : name + u": "_s + QString::fromStdString(h.message);
                error = error.isEmpty() ? text : error + u"; "_s + text;
            }
            if (source.index < stats.sources.size() && hasPrevious && source.index < m_lastStats.sources.size()) {
                const auto lines
                    = stats.sources[source.index].acceptedLines - m_lastStats.sources[source.index].acceptedLines;
                part += u' ' + tr("%1 lines/s").arg(ui::formatValue(double(lines) / elapsedS, layout::Unit {}).text());
            }
            parts.append(part);
        }
        m_sources->setToolTip(notes.join(u'\n'));
        m_sources->setText(parts.isEmpty() ? tr("No sources") : parts.join(u"  ·  "_s));
        m_series->setText(tr("%n series", nullptr, static_cast<int>(stats.seriesCount)));
        m_lastStats = stats;
    }
    m_lastPipeline = pipeline;
    if (const StorageOutput* storage = m_controller->storage()) {
        const PgWriterStats s = storage->stats();
        m_storage->setText(storageText(s, QDateTime::currentMSecsSinceEpoch()));
        m_storage->setToolTip(QString::fromStdString(storage->displayUrl())
            + (s.lastError.empty() ? QString() : u"\n"_s + QString::fromStdString(pgErrorLine(s.lastError))));
        m_storage->show();
    } else {
        m_storage->clear();
        m_storage->hide();
    }
    m_error->setText(error.isEmpty() ? QString() : tr("⚠ Source failed: %1").arg(error));
    m_error->setVisible(!error.isEmpty());
}

} // namespace pulse::desktop
