#include "playlistrunner.h"

#include "format/valueformat.h"
#include "layout/layoutreader.h"
#include "store/rollingstore.h"

#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pulse::desktop {

namespace {
bool hasCriticalThreshold(const layout::Panel& panel)
{
    return std::any_of(panel.thresholds.begin(), panel.thresholds.end(),
        [](const layout::Threshold& t) { return t.severity == layout::ThresholdSeverity::Critical; });
}
} // namespace

PlaylistRunner::PlaylistRunner(layout::Playlist playlist, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_playlist(std::move(playlist))
    , m_clock(clock)
    , m_pages(m_playlist.pages.size())
{
    for (std::size_t i = 0; i < m_pages.size(); ++i) {
        loadPage(i);
        m_watcher.addPath(m_playlist.pages[i].layoutPath);
    }
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &PlaylistRunner::onFileChanged);
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &PlaylistRunner::tick);
}

PlaylistRunner::~PlaylistRunner() = default;

void PlaylistRunner::loadPage(std::size_t index)
{
    Page& page = m_pages[index];
    const layout::LayoutLoadResult result = layout::loadLayoutFile(m_playlist.pages[index].layoutPath);
    if (!result.dashboard)
        return; // keep what was read before: a half-written file must not blank a wall
    page.dashboard = result.dashboard;
    page.watched.clear();
    for (const layout::Panel& panel : page.dashboard->panels) {
        if (!hasCriticalThreshold(panel) || panel.queries.empty())
            continue;
        WatchedPanel watched;
        watched.query.setPanel(panel);
        watched.title = panel.title;
        page.watched.push_back(std::move(watched));
    }
}

QString PlaylistRunner::statusText() const
{
    if (m_alarmPage)
        return tr("⚠ ALARM: “%1” is critical — page %2 of %3 held; press A to acknowledge")
            .arg(m_alarmTitle)
            .arg(*m_alarmPage + 1)
            .arg(pageCount());
    return tr("Page %1 of %2 · next in %3 s").arg(m_current + 1).arg(pageCount()).arg((m_remainingMs + 999) / 1000);
}

void addSourcesOnce(std::vector<layout::Source>& into, const std::vector<layout::Source>& more)
{
    for (const layout::Source& source : more) {
        const bool isKnown = std::any_of(into.begin(), into.end(), [&](const layout::Source& s) {
            if (s.type != source.type)
                return false;
            switch (s.type) {
            case layout::SourceType::System:
                return true;
            case layout::SourceType::Udp:
                return s.listen == source.listen;
            case layout::SourceType::Kafka:
            case layout::SourceType::Backend:
            case layout::SourceType::Postgres:
                return s.url == source.url;
            }
            return false;
        });
        if (!isKnown)
            into.push_back(source);
    }
}

std::vector<layout::Source> PlaylistRunner::unionSources() const
{
    std::vector<layout::Source> sources;
    for (const Page& page : m_pages)
        if (page.dashboard)
            addSourcesOnce(sources, page.dashboard->sources);
    return sources;
}

void PlaylistRunner::setStore(const RollingStore* store)
{
    m_store = store;
    for (Page& page : m_pages) {
        for (WatchedPanel& watched : page.watched)
            watched.query.setPanel(layout::Panel(watched.query.panel())); // matched series are per store
    }
}

void PlaylistRunner::start()
{
    show(0);
    m_timer.start();
}

void PlaylistRunner::show(int index)
{
    m_current = (index % pageCount() + pageCount()) % pageCount();
    m_remainingMs = m_playlist.pages[static_cast<std::size_t>(m_current)].dwellMs;
    Q_EMIT pageRequested(m_current, m_playlist.pages[static_cast<std::size_t>(m_current)].layoutPath);
    Q_EMIT stateChanged();
}

void PlaylistRunner::next()
{
    if (!m_alarmPage)
        show(m_current + 1);
}

void PlaylistRunner::previous()
{
    if (!m_alarmPage)
        show(m_current - 1);
}

void PlaylistRunner::acknowledge()
{
    if (!m_alarmPage)
        return;
    m_alarmPage.reset();
    m_alarmTitle.clear();
    m_remainingMs = m_playlist.pages[static_cast<std::size_t>(m_current)].dwellMs;
    Q_EMIT stateChanged();
}

void PlaylistRunner::tick()
{
    checkAlarms();
    if (m_alarmPage) {
        Q_EMIT stateChanged();
        return;
    }
    m_remainingMs -= kTickMs;
    if (m_remainingMs <= 0)
        show(m_current + 1);
    else
        Q_EMIT stateChanged();
}

void PlaylistRunner::checkAlarms()
{
    if (!m_store)
        return;
    const TimestampMs nowMs = m_clock.nowMs();
    for (std::size_t p = 0; p < m_pages.size(); ++p) {
        for (WatchedPanel& watched : m_pages[p].watched) {
            const layout::Panel& panel = watched.query.panel();
            // The newest value of each line over the last few windows, judged like the panel judges it.
            const std::int64_t lookbackMs = std::max<std::int64_t>(panel.effectiveStaleAfterMs(), 10'000);
            const PanelData data = watched.query.evaluate(*m_store, nowMs - lookbackMs, nowMs, 16, nowMs);
            bool isCritical = false;
            if (data.freshness == PanelFreshness::Live) {
                for (const PanelLine& line : data.lines) {
                    const layout::Threshold* reached
                        = line.lastValue ? ui::thresholdFor(panel.thresholds, *line.lastValue) : nullptr;
                    isCritical = isCritical || (reached && reached->severity == layout::ThresholdSeverity::Critical);
                }
            }
            const bool isNew = isCritical && !watched.wasCritical;
            watched.wasCritical = isCritical;
            if (isNew && !m_alarmPage) {
                m_alarmPage = static_cast<int>(p);
                m_alarmTitle = watched.title.isEmpty() ? tr("untitled panel") : watched.title;
                if (m_current != static_cast<int>(p))
                    show(static_cast<int>(p));
                Q_EMIT alarmRaised(static_cast<int>(p), m_alarmTitle);
                Q_EMIT stateChanged();
            }
        }
    }
}

void PlaylistRunner::onFileChanged(const QString& path)
{
    // Editors often replace the file (write + rename), which drops it from the watcher: watch it again.
    if (QFileInfo::exists(path) && !m_watcher.files().contains(path))
        m_watcher.addPath(path);
    for (std::size_t i = 0; i < m_pages.size(); ++i) {
        if (m_playlist.pages[i].layoutPath != path)
            continue;
        loadPage(i);
        if (static_cast<int>(i) == m_current && m_pages[i].dashboard)
            Q_EMIT pageRequested(m_current, path);
    }
}

} // namespace pulse::desktop
