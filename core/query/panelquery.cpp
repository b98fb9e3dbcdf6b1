#include "query/panelquery.h"

#include "model/hash.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace pulse {

namespace {

struct Group {
    QString value;
    std::vector<SeriesInfoPtr> series;
};

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString legendFor(const layout::Query& query, const Group& group, bool isGrouped)
{
    const SeriesInfo& first = *group.series.front();
    if (query.legend.isEmpty()) {
        if (group.series.size() == 1 && !isGrouped)
            return fromStd(first.displayName());
        if (isGrouped && layout::isGroupBySeries(query.groupBy))
            return group.value;
        if (isGrouped)
            return query.groupBy + QLatin1Char('=') + group.value;
        return fromStd(query.selector.text());
    }
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([^{}]*?)\\s*\\}\\}"));
    QString out;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(query.legend);
    while (it.hasNext()) {
        const auto match = it.next();
        out += QStringView(query.legend).mid(last, match.capturedStart() - last);
        const QString key = match.captured(1);
        if (key == QLatin1String("name"))
            out += fromStd(first.name);
        else if (key == QLatin1String("field"))
            out += fromStd(fieldName(query.field));
        else if (isGrouped && key == query.groupBy)
            out += group.value;
        else
            out += fromStd(first.tag(key.toStdString()));
        last = match.capturedEnd();
    }
    out += QStringView(query.legend).mid(last);
    return out;
}

/** Merges ascending point lists by window start, folding one list at a time into a running merge (linear each). */
std::vector<StorePoint> combine(const std::vector<std::vector<StorePoint>>& inputs, Combine how)
{
    if (inputs.size() == 1)
        return inputs.front();
    struct Acc {
        TimestampMs timeMs;
        double value;
        int count;
    };
    const auto fold = [how](Acc& acc, double value) {
        switch (how) {
        case Combine::Sum:
        case Combine::Mean:
            acc.value += value;
            break;
        case Combine::Max:
            acc.value = std::max(acc.value, value);
            break;
        case Combine::Min:
            acc.value = std::min(acc.value, value);
            break;
        }
        ++acc.count;
    };
    std::vector<Acc> merged;
    std::vector<Acc> next;
    for (const auto& points : inputs) {
        next.clear();
        next.reserve(merged.size() + points.size());
        std::size_t i = 0;
        for (const StorePoint& point : points) {
            while (i < merged.size() && merged[i].timeMs < point.timeMs)
                next.push_back(merged[i++]);
            if (i < merged.size() && merged[i].timeMs == point.timeMs) {
                next.push_back(merged[i++]);
                fold(next.back(), point.value);
            } else {
                next.push_back({ point.timeMs, point.value, 1 });
            }
        }
        next.insert(next.end(), merged.begin() + static_cast<std::ptrdiff_t>(i), merged.end());
        std::swap(merged, next);
    }
    std::vector<StorePoint> out;
    out.reserve(merged.size());
    for (const Acc& acc : merged)
        out.push_back({ acc.timeMs, how == Combine::Mean ? acc.value / acc.count : acc.value });
    return out;
}

std::uint64_t mixDouble(std::uint64_t h, double value)
{
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return hashCombine(h, bits);
}

} // namespace

Combine combineFor(Field field, MetricType type)
{
    switch (field) {
    case Field::Rate:
    case Field::Count:
    case Field::Sum:
        return Combine::Sum;
    case Field::Max:
    case Field::P50:
    case Field::P90:
    case Field::P95:
    case Field::P99:
    case Field::P999:
        return Combine::Max;
    case Field::Min:
        return Combine::Min;
    case Field::Value:
        return type == MetricType::Counter ? Combine::Sum : Combine::Mean;
    case Field::Mean:
    case Field::Last:
    case Field::Distinct:
        return Combine::Mean;
    }
    return Combine::Mean;
}

PanelQuery::PanelQuery(layout::Panel panel)
{
    setPanel(std::move(panel));
}

void PanelQuery::setPanel(layout::Panel panel)
{
    m_panel = std::move(panel);
    m_matched.assign(m_panel.queries.size(), Matched {});
}

std::optional<std::size_t> PanelQuery::resolutionFor(const StoreConfig& config, std::int64_t windowMs)
{
    for (std::size_t i = 0; i < config.resolutions.size(); ++i) {
        if (config.resolutions[i].stepMs == windowMs)
            return i;
    }
    return std::nullopt;
}

bool PanelQuery::selectsOnlyOwnMetrics() const
{
    if (m_panel.queries.empty())
        return false;
    return std::all_of(m_panel.queries.begin(), m_panel.queries.end(), [](const layout::Query& q) {
        const std::string& text = q.selector.text();
        return text.starts_with("system.") || text.starts_with("pulse.");
    });
}

void PanelQuery::applySources(PanelData& data, const SourceStatus& sources) const
{
    std::uint64_t fedBy = data.sourceMask;
    if (fedBy == 0 && !selectsOnlyOwnMetrics())
        fedBy = sources.ingestMask;
    if (const std::uint64_t failed = fedBy & sources.failedMask) {
        // The last good data stays (drawn dimmed); the state says why nothing new can come.
        data.freshness = PanelFreshness::Error;
        if (data.error.isEmpty())
            data.error = sources.describe(failed);
        ++data.errorCount;
        return;
    }
    if (const std::uint64_t reconnecting = fedBy & sources.reconnectingMask) {
        // Nothing new can arrive until the connection is back, however fresh the last point looks; it stays drawn.
        data.freshness = PanelFreshness::Reconnecting;
        data.cause = FreshnessCause::SourceDown;
        data.causeDetail = sources.describe(reconnecting);
        data.nextRetryMs = sources.nextRetry(reconnecting);
        return;
    }
    if (data.freshness != PanelFreshness::Stale && data.freshness != PanelFreshness::NoData)
        return;
    if (const std::uint64_t loading = sources.loadingMask) {
        // History for every panel is on its way: "no data" or "stale" would be a verdict given too early.
        data.freshness = PanelFreshness::Loading;
        data.cause = FreshnessCause::None;
        data.causeDetail = sources.describe(loading);
        return;
    }
    if (const std::uint64_t down = fedBy & sources.disconnectedMask) {
        data.cause = FreshnessCause::SourceDown;
        data.causeDetail = sources.describe(down);
    } else if (data.freshness == PanelFreshness::Stale) {
        data.cause = FreshnessCause::SeriesSilent;
    }
}

std::uint64_t PanelQuery::dataVersion(const RollingStore& store) const
{
    std::uint64_t version = hashMix(static_cast<std::uint64_t>(store.seriesCount()));
    for (const Matched& m : m_matched)
        for (const SeriesInfoPtr& info : m.series)
            version = hashCombine(version, store.seriesChangeCount(info->id));
    return version;
}

const PanelQuery::Matched& PanelQuery::matched(const RollingStore& store, std::size_t queryIndex)
{
    Matched& entry = m_matched[queryIndex];
    // Series are only ever added, so the match set can only change when the count does.
    const std::size_t count = store.seriesCount();
    if (entry.seriesCount != count) {
        entry.series = store.findSeries(m_panel.queries[queryIndex].selector);
        entry.droppedCount = 0;
        if (entry.series.size() > static_cast<std::size_t>(kMaxSeriesPerQuery)) {
            entry.droppedCount = static_cast<int>(entry.series.size()) - kMaxSeriesPerQuery;
            entry.series.resize(static_cast<std::size_t>(kMaxSeriesPerQuery));
        }
        entry.seriesCount = count;
    }
    return entry;
}

PanelData PanelQuery::evaluate(const RollingStore& store, TimestampMs fromMs, TimestampMs toMs, std::size_t maxPoints,
    TimestampMs nowMs, const SourceStatus* sources)
{
    PanelData data;
    data.fromMs = fromMs;
    data.toMs = toMs;
    data.evaluatedAtMs = nowMs;
    maxPoints = std::max<std::size_t>(maxPoints, 2);
    const StoreConfig& config = store.config();
    const auto noteError = [&data](const QString& message) {
        if (data.error.isEmpty())
            data.error = message;
        ++data.errorCount;
    };

    for (std::size_t qi = 0; qi < m_panel.queries.size(); ++qi) {
        const layout::Query& query = m_panel.queries[qi];
        const Matched& match = matched(store, qi);
        data.droppedSeriesCount += match.droppedCount;

        // Ask for no more windows than the query window gives, so the store picks that step (or coarser).
        std::size_t queryMaxPoints = maxPoints;
        const bool isTumbling
            = query.window.kind == layout::WindowKind::Tumbling || query.window.slideMs == query.window.sizeMs;
        if (!isTumbling || !resolutionFor(config, query.window.sizeMs))
            data.isApproximateWindow = true;
        if (query.window.sizeMs > 0 && toMs >= fromMs) {
            const auto windows = static_cast<std::size_t>((toMs - fromMs) / query.window.sizeMs) + 1;
            queryMaxPoints = std::min(queryMaxPoints, std::max<std::size_t>(windows, 2));
        }

        // Group the selected series.
        std::vector<Group> groups;
        const bool isGrouped = !query.groupBy.isEmpty();
        const bool isPerSeries = layout::isGroupBySeries(query.groupBy);
        const std::string groupKey = query.groupBy.toStdString();
        for (const SeriesInfoPtr& info : match.series) {
            const QString value = isPerSeries ? fromStd(info->displayName())
                : isGrouped                   ? fromStd(info->tag(groupKey))
                                              : QString();
            auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.value == value; });
            if (it == groups.end()) {
                groups.push_back({ value, {} });
                it = std::prev(groups.end());
            }
            it->series.push_back(info);
        }
        std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.value < b.value; });

        for (const Group& group : groups) {
            if (static_cast<int>(data.lines.size()) >= m_maxLines) {
                ++data.droppedLineCount;
                continue;
            }
            PanelLine line;
            line.queryIndex = static_cast<int>(qi);
            line.groupValue = group.value;
            line.field = query.field;
            line.type = group.series.front()->type;
            line.label = legendFor(query, group, isGrouped);
            line.seriesCount = static_cast<int>(group.series.size());
            std::vector<std::vector<StorePoint>> perSeries;
            perSeries.reserve(group.series.size());
            std::optional<TimestampMs> provisionalFromMs;
            const auto noteUpdate
                = [&line](TimestampMs t) { line.lastUpdateMs = std::max(line.lastUpdateMs.value_or(t), t); };
            for (const SeriesInfoPtr& info : group.series) {
                RangeQuery range { info->id, query.field, fromMs, toMs, queryMaxPoints };
                range.hasLiveEdge = true;
                range.nowMs = nowMs;
                RangeResult result = store.read(range);
                if (!result.isOk()) {
                    noteError(fromStd(info->displayName()) + QStringLiteral(": ") + fromStd(result.error));
                    continue;
                }
                line.stepMs = std::max(line.stepMs, result.stepMs);
                line.hasMissing = line.hasMissing || result.hasMissing;
                line.isTruncated = line.isTruncated || result.isTruncated;
                if (result.provisionalCount > 0) {
                    const TimestampMs first = result.points[result.points.size() - result.provisionalCount].timeMs;
                    provisionalFromMs = std::min(provisionalFromMs.value_or(first), first);
                }
                if (result.liveEdgeEndMs) {
                    noteUpdate(std::min(*result.liveEdgeEndMs, nowMs)); // a pane in progress ends in the future
                    if (*result.liveEdgeEndMs > nowMs)
                        data.withheldUntilMs
                            = std::min(data.withheldUntilMs.value_or(*result.liveEdgeEndMs), *result.liveEdgeEndMs);
                }
                perSeries.push_back(std::move(result.points));
                if (auto entry = store.entry(info->id)) {
                    data.sourceMask |= entry->sourceMask;
                    if (entry->lastUpdateMs)
                        noteUpdate(*entry->lastUpdateMs);
                }
            }
            if (perSeries.empty())
                continue;
            line.points = combine(perSeries, combineFor(query.field, line.type));
            if (provisionalFromMs && !line.points.empty() && line.points.back().timeMs >= *provisionalFromMs) {
                line.hasProvisional = true;
                line.provisionalFromMs = *provisionalFromMs;
            }
            if (!line.points.empty())
                line.lastValue = line.points.back().value;
            if (line.lastUpdateMs)
                data.lastUpdateMs = std::max(data.lastUpdateMs.value_or(*line.lastUpdateMs), *line.lastUpdateMs);
            data.lines.push_back(std::move(line));
        }
    }

    const bool hasPoints
        = std::any_of(data.lines.begin(), data.lines.end(), [](const PanelLine& l) { return !l.points.empty(); });
    if (data.lines.empty() && data.errorCount > 0)
        data.freshness = PanelFreshness::Error;
    else if (!hasPoints || !data.lastUpdateMs)
        data.freshness = PanelFreshness::NoData;
    else if (nowMs - *data.lastUpdateMs > m_panel.effectiveStaleAfterMs())
        data.freshness = PanelFreshness::Stale;
    else
        data.freshness = PanelFreshness::Live;
    if (sources)
        applySources(data, *sources);

    // The stamp changes when anything drawn changes; the live range moving by less than a step does not count.
    std::uint64_t stamp = hashMix(static_cast<std::uint64_t>(toMs - fromMs));
    stamp = hashCombine(stamp, static_cast<std::uint64_t>(data.freshness));
    stamp = hashCombine(stamp, static_cast<std::uint64_t>(data.cause));
    stamp = hashCombine(stamp, qHash(data.error));
    stamp = hashCombine(stamp, static_cast<std::uint64_t>(data.errorCount));
    std::int64_t coarsestStepMs = 1000;
    for (const PanelLine& line : data.lines) {
        coarsestStepMs = std::max(coarsestStepMs, line.stepMs);
        stamp = hashCombine(stamp, line.points.size());
        stamp = hashCombine(stamp, static_cast<std::uint64_t>(line.stepMs));
        // A provisional point closing with the same value still changes how it is drawn.
        stamp = hashCombine(stamp, line.hasProvisional ? static_cast<std::uint64_t>(line.provisionalFromMs) : 0);
        if (!line.points.empty()) {
            stamp = hashCombine(stamp, static_cast<std::uint64_t>(line.points.front().timeMs));
            stamp = hashCombine(stamp, static_cast<std::uint64_t>(line.points.back().timeMs));
            stamp = mixDouble(stamp, line.points.front().value);
            stamp = mixDouble(stamp, line.points.back().value);
        }
    }
    stamp = hashCombine(stamp, static_cast<std::uint64_t>(fromMs / coarsestStepMs));
    data.stamp = stamp;
    return data;
}

} // namespace pulse
