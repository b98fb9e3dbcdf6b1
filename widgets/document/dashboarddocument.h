#pragma once

#include "layout/dashboard.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <cstdint>
#include <vector>

class QUndoStack;

namespace pulse::ui {

/** The dashboard-wide settings edited in one dialog (everything of a Dashboard but its panels). */
struct DashboardSettings {
    QString title;
    std::vector<layout::Source> sources;
    std::vector<QJsonObject> unknownSources;
    std::int64_t timeRangeMs = 3'600'000;
    int renderRateHz = 30;
    layout::Theme theme = layout::Theme::Dark;
    layout::DisplayProfile display;

    static DashboardSettings of(const layout::Dashboard& dashboard);
    void applyTo(layout::Dashboard& dashboard) const;
    bool operator==(const DashboardSettings& other) const;
};

/**
 * The open dashboard: its layout, the file it came from and the undo stack of every edit made to it.
 * Views never change the layout directly: they push commands (see editcommands.h) onto undoStack(), and the
 * commands call the mutators below, which emit the signals views follow. isModified() is "the undo stack is
 * not at its clean index", so undoing back to the saved state is unmodified again.
 */
class DashboardDocument : public QObject {
    Q_OBJECT
public:
    explicit DashboardDocument(QObject* parent = nullptr);
    ~DashboardDocument() override;

    const layout::Dashboard& dashboard() const { return m_dashboard; }
    int panelCount() const { return static_cast<int>(m_dashboard.panels.size()); }
    const layout::Panel& panel(int index) const { return m_dashboard.panels.at(static_cast<std::size_t>(index)); }

    /** The file the dashboard was loaded from or last saved to; empty for an unsaved new dashboard. */
    const QString& filePath() const { return m_filePath; }

    QUndoStack* undoStack() const { return m_undoStack; }
    bool isModified() const;

    /** A new dashboard (loaded or created): clears the undo history, unmodified; emits dashboardReset(). */
    void reset(layout::Dashboard dashboard, QString filePath);
    /** The dashboard was written to `filePath`: remembers the path and marks the current state clean. */
    void markSaved(const QString& filePath);

    // Mutators for edit commands; each emits the matching signal. Indexes must be valid.
    void replacePanel(int index, layout::Panel panel);
    void insertPanel(int index, layout::Panel panel);
    layout::Panel takePanel(int index);
    void setSettings(const DashboardSettings& settings);

Q_SIGNALS:
    /** Everything changed (reset()). */
    void dashboardReset();
    /** One panel's definition changed in place. */
    void panelChanged(int index);
    /** A panel was inserted at / removed from `index` (indexes after it moved). */
    void panelInserted(int index);
    void panelRemoved(int index);
    /** Title, time range, render rate, theme, display or sources changed. */
    void settingsChanged();
    void modifiedChanged(bool isModified);
    void filePathChanged(const QString& filePath);

private:
    layout::Dashboard m_dashboard;
    QString m_filePath;
    QUndoStack* m_undoStack;
};

} // namespace pulse::ui
