#include "document/dashboarddocument.h"

#include <QUndoStack>

#include <algorithm>

namespace pulse::ui {

DashboardSettings DashboardSettings::of(const layout::Dashboard& dashboard)
{
    DashboardSettings s;
    s.title = dashboard.title;
    s.sources = dashboard.sources;
    s.unknownSources = dashboard.unknownSources;
    s.timeRangeMs = dashboard.timeRangeMs;
    s.renderRateHz = dashboard.renderRateHz;
    s.theme = dashboard.theme;
    s.display = dashboard.display;
    return s;
}

void DashboardSettings::applyTo(layout::Dashboard& dashboard) const
{
    dashboard.title = title;
    dashboard.sources = sources;
    dashboard.unknownSources = unknownSources;
    dashboard.timeRangeMs = timeRangeMs;
    dashboard.renderRateHz = renderRateHz;
    dashboard.theme = theme;
    dashboard.display = display;
}

bool DashboardSettings::operator==(const DashboardSettings& other) const
{
    const auto sameSource = [](const layout::Source& a, const layout::Source& b) {
        return a.type == b.type && a.listen == b.listen && a.intervalMs == b.intervalMs;
    };
    return title == other.title && timeRangeMs == other.timeRangeMs && renderRateHz == other.renderRateHz
        && theme == other.theme && display.kind == other.display.kind && display.minTextMm == other.display.minTextMm
        && unknownSources == other.unknownSources
        && std::equal(sources.begin(), sources.end(), other.sources.begin(), other.sources.end(), sameSource);
}

DashboardDocument::DashboardDocument(QObject* parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this))
{
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool isClean) { Q_EMIT modifiedChanged(!isClean); });
}

DashboardDocument::~DashboardDocument() = default;

bool DashboardDocument::isModified() const
{
    return !m_undoStack->isClean();
}

void DashboardDocument::reset(layout::Dashboard dashboard, QString filePath)
{
    const bool wasModified = isModified();
    m_undoStack->clear();
    m_undoStack->setClean();
    m_dashboard = std::move(dashboard);
    if (m_filePath != filePath) {
        m_filePath = std::move(filePath);
        Q_EMIT filePathChanged(m_filePath);
    }
    Q_EMIT dashboardReset();
    if (wasModified)
        Q_EMIT modifiedChanged(false);
}

void DashboardDocument::markSaved(const QString& filePath)
{
    if (m_filePath != filePath) {
        m_filePath = filePath;
        Q_EMIT filePathChanged(m_filePath);
    }
    m_undoStack->setClean();
}

void DashboardDocument::replacePanel(int index, layout::Panel panel)
{
    m_dashboard.panels.at(static_cast<std::size_t>(index)) = std::move(panel);
    Q_EMIT panelChanged(index);
}

void DashboardDocument::insertPanel(int index, layout::Panel panel)
{
    Q_ASSERT(index >= 0 && index <= panelCount());
    m_dashboard.panels.insert(m_dashboard.panels.begin() + index, std::move(panel));
    Q_EMIT panelInserted(index);
}

layout::Panel DashboardDocument::takePanel(int index)
{
    auto it = m_dashboard.panels.begin() + index;
    Q_ASSERT(index >= 0 && index < panelCount());
    layout::Panel panel = std::move(*it);
    m_dashboard.panels.erase(it);
    Q_EMIT panelRemoved(index);
    return panel;
}

void DashboardDocument::setSettings(const DashboardSettings& settings)
{
    settings.applyTo(m_dashboard);
    Q_EMIT settingsChanged();
}

} // namespace pulse::ui
