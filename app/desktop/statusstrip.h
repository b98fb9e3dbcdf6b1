#pragma once

#include "pipeline/pipeline.h"
#include "storage/pgwriter.h"

#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

class QLabel;

namespace pulse::desktop {

class DashboardController;

/**
 * The pipeline's health along the bottom of the window: each source with its rate, live series, the render
 * tick (a marker that moves every frame, so a hung screen is told apart from flat data) and any source error.
 * Rates are computed from the aggregator's published counters once a second; nothing here waits on I/O.
 */
class StatusStrip : public QWidget {
    Q_OBJECT
public:
    explicit StatusStrip(DashboardController* controller, QWidget* parent = nullptr);

    /** Text of the sources part, e.g. "udp:127.0.0.1:8125/statsd 1.2k lines/s · system 14 lines/s". */
    QString sourcesText() const;
    QString errorText() const;

    /**
     * One source's state as the strip shows it, by symbol and word: "● NAME" (up), "● NAME (NOTE)" (up with a note
     * such as "polling over HTTP"), "↻ NAME reconnecting in N s", "◌ NAME down" or "⚠ NAME failed".
     */
    static QString sourceText(const QString& name, const SourceHealth& health, TimestampMs nowMs);

    /** The history database part: empty without one. */
    QString storageText() const;
    /**
     * The history writer's state by symbol and word: "⛁ history up · N rows/s", "⛁ history connecting",
     * "⛁ history down · retry in N s", each followed by "· N rows spooled" and "· ⚠ N rows dropped" when so.
     */
    static QString storageText(const PgWriterStats& stats, TimestampMs nowMs);

    /** Recomputes rates and texts now (also run by the strip's 1 s timer). */
    void refresh();

    /** What the window says about the open layout, e.g. "overview.json loaded 14:02:11". Plain text. */
    void setLayoutStatus(const QString& text);
    QString layoutStatus() const;
    QString clockText() const;

private:
    void onTick(quint64 tick);

    DashboardController* m_controller;
    QLabel* m_sources;
    QLabel* m_series;
    QLabel* m_tick;
    QLabel* m_error;
    QLabel* m_storage;
    QLabel* m_layout;
    QLabel* m_clock;
    qint64 m_shownSecond = -1;
    const Pipeline* m_lastPipeline = nullptr;
    AggregatorStats m_lastStats;
};

} // namespace pulse::desktop
