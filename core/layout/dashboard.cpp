#include "layout/dashboard.h"

#include <algorithm>
#include <array>
#include <utility>

namespace pulse::layout {

using namespace Qt::StringLiterals;

namespace {

template <typename E, std::size_t N> using Names = std::array<std::pair<E, QStringView>, N>;

constexpr Names<SourceType, 5> kSourceTypes { { { SourceType::Udp, u"udp" }, { SourceType::System, u"system" },
    { SourceType::Kafka, u"kafka" }, { SourceType::Backend, u"backend" }, { SourceType::Postgres, u"postgres" } } };
constexpr Names<Theme, 2> kThemes { { { Theme::Dark, u"dark" }, { Theme::Light, u"light" } } };
constexpr Names<PanelType, 9> kPanelTypes { {
    { PanelType::Timeseries, u"timeseries" },
    { PanelType::Stat, u"stat" },
    { PanelType::Gauge, u"gauge" },
    { PanelType::Bargauge, u"bargauge" },
    { PanelType::Table, u"table" },
    { PanelType::Heatmap, u"heatmap" },
    { PanelType::StateTimeline, u"statetimeline" },
    { PanelType::Text, u"text" },
    { PanelType::Clock, u"clock" },
} };
constexpr Names<WindowKind, 2> kWindowKinds { { { WindowKind::Tumbling, u"tumbling" },
    { WindowKind::Sliding, u"sliding" } } };
constexpr Names<UnitKind, 9> kUnitKinds { {
    { UnitKind::None, u"none" },
    { UnitKind::Percent, u"percent" },
    { UnitKind::Seconds, u"s" },
    { UnitKind::Milliseconds, u"ms" },
    { UnitKind::Microseconds, u"us" },
    { UnitKind::Bytes, u"bytes" },
    { UnitKind::BitsPerSecond, u"bitsps" },
    { UnitKind::RequestsPerSecond, u"reqps" },
    { UnitKind::Custom, u"custom" },
} };
constexpr Names<ThresholdSeverity, 3> kSeverities { { { ThresholdSeverity::Ok, u"ok" },
    { ThresholdSeverity::Warning, u"warning" }, { ThresholdSeverity::Critical, u"critical" } } };
constexpr Names<Orientation, 2> kOrientations { { { Orientation::Horizontal, u"horizontal" },
    { Orientation::Vertical, u"vertical" } } };
constexpr Names<DisplayProfile::Kind, 4> kDisplayKinds { { { DisplayProfile::Kind::Desk, u"desk" },
    { DisplayProfile::Kind::Room, u"room" }, { DisplayProfile::Kind::Wall, u"wall" },
    { DisplayProfile::Kind::Custom, u"custom" } } };

template <typename E, std::size_t N> QString nameIn(const Names<E, N>& names, E value)
{
    for (const auto& [e, text] : names)
        if (e == value)
            return text.toString();
    return {};
}

template <typename E, std::size_t N> std::optional<E> parseIn(const Names<E, N>& names, QStringView text)
{
    for (const auto& [e, spelled] : names)
        if (spelled == text)
            return e;
    return std::nullopt;
}

} // namespace

std::int64_t Panel::effectiveStaleAfterMs() const
{
    if (staleAfterMs)
        return *staleAfterMs;
    std::int64_t slideMs = QueryWindow {}.slideMs;
    if (!queries.empty()) {
        slideMs = 0;
        for (const Query& query : queries)
            slideMs = std::max(slideMs, query.window.slideMs);
    }
    return 3 * slideMs;
}

QString name(SourceType value)
{
    return nameIn(kSourceTypes, value);
}
QString name(Theme value)
{
    return nameIn(kThemes, value);
}
QString name(PanelType value)
{
    return nameIn(kPanelTypes, value);
}
QString name(WindowKind value)
{
    return nameIn(kWindowKinds, value);
}
QString name(UnitKind value)
{
    return nameIn(kUnitKinds, value);
}
QString name(ThresholdSeverity value)
{
    return nameIn(kSeverities, value);
}
QString name(Orientation value)
{
    return nameIn(kOrientations, value);
}
QString name(DisplayProfile::Kind value)
{
    return nameIn(kDisplayKinds, value);
}

std::optional<SourceType> parseSourceType(QStringView text)
{
    return parseIn(kSourceTypes, text);
}
std::optional<Theme> parseTheme(QStringView text)
{
    return parseIn(kThemes, text);
}
std::optional<PanelType> parsePanelType(QStringView text)
{
    return parseIn(kPanelTypes, text);
}
std::optional<WindowKind> parseWindowKind(QStringView text)
{
    return parseIn(kWindowKinds, text);
}

std::optional<UnitKind> parseUnitKind(QStringView text)
{
    const auto kind = parseIn(kUnitKinds, text);
    return kind == UnitKind::Custom ? std::nullopt : kind;
}

std::optional<ThresholdSeverity> parseThresholdSeverity(QStringView text)
{
    return parseIn(kSeverities, text);
}
std::optional<Orientation> parseOrientation(QStringView text)
{
    return parseIn(kOrientations, text);
}

std::optional<DisplayProfile::Kind> parseDisplayKind(QStringView text)
{
    const auto kind = parseIn(kDisplayKinds, text);
    return kind == DisplayProfile::Kind::Custom ? std::nullopt : kind;
}

} // namespace pulse::layout
