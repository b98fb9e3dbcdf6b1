#pragma once

#include "ingest/listenaddress.h"
#include "store/field.h"
#include "store/seriesselector.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pulse::layout {

/** The schema version this build reads and writes. */
inline constexpr int kSchemaVersion = 1;
/** Width of the panel grid in columns. */
inline constexpr int kGridColumns = 24;
/** Bound on y + h, so a typo cannot place a panel a million rows down. */
inline constexpr int kGridMaxRows = 1000;

enum class SourceType : std::uint8_t { Udp, System, Kafka, Backend, Postgres };
enum class Theme : std::uint8_t { Dark, Light };
enum class PanelType : std::uint8_t { Timeseries, Stat, Gauge, Bargauge, Table, Heatmap, StateTimeline, Text, Clock };
enum class WindowKind : std::uint8_t { Tumbling, Sliding };
enum class UnitKind : std::uint8_t {
    None,
    Percent,
    Seconds,
    Milliseconds,
    Microseconds,
    Bytes,
    BitsPerSecond,
    RequestsPerSecond,
    Custom
};
enum class ThresholdSeverity : std::uint8_t { Ok, Warning, Critical };
enum class Orientation : std::uint8_t { Horizontal, Vertical };

/** A metric feed the dashboard starts. `type` is open-ended in files; unknown types are kept verbatim. */
struct Source {
    SourceType type = SourceType::Udp;
    ListenAddress listen; ///< Udp: where to listen
    std::int64_t intervalMs = 1000; ///< System: collection period
    /**
     * Kafka: `BROKERS/TOPIC[,TOPIC2]?group=G&format=…` as `--kafka` takes it (ingest/kafkaconfig.h); secrets only
     * indirect (`env:VAR`, `KEY.file=PATH`), so a layout never holds one.
     * Backend: a Pulseboard server's API, `ws://HOST:PORT/graphql[?token=env:VAR|token.file=PATH]` as `--connect`
     * takes it (client/backendconfig.h).
     * Postgres: the history database, a libpq URI without a password (`--pg`; checked by pgSourceUrlError).
     */
    std::string url;
};

/** Screen class, which sets the smallest legible text; Custom uses minTextMm. */
struct DisplayProfile {
    enum class Kind : std::uint8_t { Desk, Room, Wall, Custom };
    Kind kind = Kind::Desk;
    double minTextMm = 0; ///< only for Custom, > 0
};

/** Tumbling (slide == size) or sliding window, both whole seconds as the window engine needs. */
struct QueryWindow {
    WindowKind kind = WindowKind::Tumbling;
    std::int64_t sizeMs = 10'000;
    std::int64_t slideMs = 10'000;
};

/** One line source of a panel: which series, which field, over which window, split by which tag. */
struct Query {
    SeriesSelector selector;
    Field field = Field::Value;
    QueryWindow window;
    QString groupBy; ///< tag key; empty: one line for everything selected
    QString legend; ///< template such as "{{host}} p99"; empty: the series name
};

struct Unit {
    UnitKind kind = UnitKind::None;
    QString customSuffix; ///< only for Custom
};

struct Threshold {
    double value = 0;
    QString color; ///< "#rrggbb", lowercase; empty: the theme's colour for the severity
    ThresholdSeverity severity = ThresholdSeverity::Ok;
};

/** Maps one value (isRange false) or the closed range [from, to] to a text and/or colour. */
struct ValueMapping {
    bool isRange = false;
    double value = 0;
    double from = 0;
    double to = 0;
    QString text;
    QString color; ///< "#rrggbb" or empty
};

/** Properties only some panel types use. */
struct PanelOptions {
    Orientation orientation = Orientation::Horizontal; ///< bargauge
    QString content; ///< text: plain text, never markup
    std::vector<Field> columns { Field::Last }; ///< table
};

struct Panel {
    PanelType type = PanelType::Timeseries;
    QString title;
    QString description;
    int x = 0;
    int y = 0;
    int w = 1;
    int h = 1;
    std::vector<Query> queries;
    Unit unit;
    bool isAutoScaled = true;
    std::optional<int> decimals;
    std::optional<double> min;
    std::optional<double> max;
    std::vector<Threshold> thresholds; ///< strictly ascending by value
    std::vector<ValueMapping> valueMappings;
    std::optional<std::int64_t> staleAfterMs;
    PanelOptions options;

    /** staleAfterMs, or 3 × the longest query slide (3 × the default slide without queries). */
    std::int64_t effectiveStaleAfterMs() const;
};

/** A complete dashboard, as one layout file describes it. */
struct Dashboard {
    QString title;
    std::vector<Source> sources;
    std::vector<QJsonObject> unknownSources; ///< sources of types this build does not know, saved back as they were
    std::int64_t timeRangeMs = 3'600'000; ///< relative: the last 5m, 15m, 1h, 6h or 24h
    int renderRateHz = 30;
    Theme theme = Theme::Dark;
    DisplayProfile display;
    std::vector<Panel> panels;
};

/** The groupBy value that splits a query into one line per series (`name{tags}` as the group value). */
inline bool isGroupBySeries(QStringView groupBy)
{
    return groupBy == u"__series__";
}

/** The relative time ranges a dashboard may show. */
inline constexpr std::int64_t kTimeRangesMs[] = { 300'000, 900'000, 3'600'000, 21'600'000, 86'400'000 };

// File spellings of the enums: name() gives the canonical one, parseX() accepts exactly those (case-sensitive).
QString name(SourceType value);
QString name(Theme value);
QString name(PanelType value);
QString name(WindowKind value);
QString name(UnitKind value);
QString name(ThresholdSeverity value);
QString name(Orientation value);
QString name(DisplayProfile::Kind value);
std::optional<SourceType> parseSourceType(QStringView text);
std::optional<Theme> parseTheme(QStringView text);
std::optional<PanelType> parsePanelType(QStringView text);
std::optional<WindowKind> parseWindowKind(QStringView text);
/** Every unit but Custom, which is spelled {"custom": "suffix"}. */
std::optional<UnitKind> parseUnitKind(QStringView text);
std::optional<ThresholdSeverity> parseThresholdSeverity(QStringView text);
std::optional<Orientation> parseOrientation(QStringView text);
/** desk, room or wall (Custom is spelled {"minTextMm": x}). */
std::optional<DisplayProfile::Kind> parseDisplayKind(QStringView text);

} // namespace pulse::layout
