#include "layout/layoutvalidator.h"

#include "client/backendconfig.h"
#include "ingest/kafkaconfig.h"
#include "layout/pgsourceurl.h"
#include "model/duration.h"
#include "window/windowengine.h"

#include <algorithm>
#include <cmath>

namespace pulse::layout::detail {

using namespace Qt::StringLiterals;

void Reader::finish()
{
    if (m_unlistedProblems > 0)
        m_result.problems.push_back(
            { QString(), u"and %1 more problems not listed"_s.arg(m_unlistedProblems), ProblemSeverity::Error });
}

void Reader::checkKeys(const QJsonObject& object, const QString& path, std::initializer_list<QStringView> known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (std::find(known.begin(), known.end(), QStringView(key)) == known.end())
            warn(member(path, key), u"unknown property; ignored"_s);
    }
}

std::optional<QJsonObject> Reader::object(const QJsonValue& value, const QString& path, QStringView dropped)
{
    if (value.isObject())
        return value.toObject();
    error(path, u"expected an object, got "_s + describe(value) + u"; "_s + dropped + u" dropped"_s);
    return std::nullopt;
}

std::optional<QString> Reader::string(const QJsonObject& object, const QString& key, const QString& path)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isString()) {
        error(member(path, key), u"expected a string, got "_s + describe(value));
        return std::nullopt;
    }
    return value.toString();
}

std::optional<double> Reader::real(
    const QJsonObject& object, const QString& key, const QString& path, QStringView consequence)
{
    const QString suffix = consequence.isEmpty() ? QString() : u"; "_s + consequence;
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return std::nullopt;
    // Qt turns out-of-range literals such as 1e999 into infinities.
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        error(member(path, key), u"expected a finite number, got "_s + describe(value) + suffix);
        return std::nullopt;
    }
    return value.toDouble();
}

std::optional<int> Reader::integer(
    const QJsonObject& object, const QString& key, const QString& path, int min, int max, QStringView consequence)
{
    const QString suffix = consequence.isEmpty() ? QString() : u"; "_s + consequence;
    const std::optional<double> value = real(object, key, path, consequence);
    if (!value)
        return std::nullopt;
    if (*value != std::floor(*value)) {
        error(member(path, key), u"expected a whole number, got "_s + number(*value) + suffix);
        return std::nullopt;
    }
    if (*value < min || *value > max) {
        error(member(path, key),
            u"must be between %1 and %2, got %3"_s.arg(QString::number(min), QString::number(max), number(*value))
                + suffix);
        return std::nullopt;
    }
    return static_cast<int>(*value);
}

std::optional<bool> Reader::boolean(const QJsonObject& object, const QString& key, const QString& path)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isBool()) {
        error(member(path, key), u"expected true or false, got "_s + describe(value));
        return std::nullopt;
    }
    return value.toBool();
}

std::optional<std::int64_t> Reader::duration(const QJsonObject& object, const QString& key, const QString& path)
{
    const std::optional<QString> text = string(object, key, path);
    if (!text)
        return std::nullopt;
    const auto ms = parseDurationMs(utf8(*text));
    if (!ms || *ms == 0) {
        error(member(path, key), u"invalid duration "_s + quoted(*text) + u" (expected e.g. 500ms, 10s, 5m, 1h)"_s);
        return std::nullopt;
    }
    return ms;
}

std::optional<QString> Reader::color(const QJsonObject& object, const QString& key, const QString& path)
{
    const std::optional<QString> text = string(object, key, path);
    if (!text)
        return std::nullopt;
    const bool isHex
        = text->size() == 7 && text->front() == u'#' && std::all_of(text->begin() + 1, text->end(), [](QChar c) {
              const char16_t u = c.unicode();
              return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
          });
    if (!isHex) {
        error(member(path, key), u"invalid colour "_s + quoted(*text) + u" (expected #rrggbb)"_s);
        return std::nullopt;
    }
    return text->toLower();
}

std::optional<QJsonArray> Reader::array(
    const QJsonObject& object, const QString& key, const QString& path, int maxItems)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isArray()) {
        error(member(path, key), u"expected an array, got "_s + describe(value));
        return std::nullopt;
    }
    QJsonArray items = value.toArray();
    if (items.size() > maxItems) {
        error(member(path, key),
            u"%1 entries, at most %2 are allowed; the rest are ignored"_s.arg(items.size()).arg(maxItems));
        while (items.size() > maxItems)
            items.removeLast();
    }
    return items;
}

Dashboard Reader::readDashboard(const QJsonObject& root)
{
    Dashboard dashboard;
    checkKeys(root, {},
        { u"schemaVersion", u"title", u"timeRange", u"renderRateHz", u"theme", u"display", u"sources", u"panels" });
    if (auto title = string(root, u"title"_s, {}))
        dashboard.title = *title;

    const QJsonValue timeRange = root.value(u"timeRange"_s);
    if (!timeRange.isUndefined()) {
        if (!timeRange.isObject()) {
            error(u"timeRange"_s, u"expected an object such as {\"last\": \"1h\"}, got "_s + describe(timeRange));
        } else {
            const QJsonObject range = timeRange.toObject();
            checkKeys(range, u"timeRange"_s, { u"last" });
            if (const auto last = string(range, u"last"_s, u"timeRange"_s)) {
                const auto ms = parseDurationMs(utf8(*last));
                if (ms && std::find(std::begin(kTimeRangesMs), std::end(kTimeRangesMs), *ms) != std::end(kTimeRangesMs))
                    dashboard.timeRangeMs = *ms;
                else
                    error(u"timeRange.last"_s, u"must be one of 5m, 15m, 1h, 6h, 24h, got "_s + quoted(*last));
            }
        }
    }
    if (auto hz = integer(root, u"renderRateHz"_s, {}, 1, 60))
        dashboard.renderRateHz = *hz;
    if (auto theme = string(root, u"theme"_s, {})) {
        if (auto parsed = parseTheme(*theme))
            dashboard.theme = *parsed;
        else
            error(u"theme"_s, u"unknown theme "_s + quoted(*theme) + u" (expected dark or light)"_s);
    }
    readDisplay(root, dashboard);
    readSources(root, dashboard);

    std::vector<qsizetype> fileIndices;
    if (auto panels = array(root, u"panels"_s, {}, kMaxPanels)) {
        for (qsizetype i = 0; i < panels->size(); ++i) {
            if (auto panel = readPanel(panels->at(i), index(u"panels"_s, i))) {
                dashboard.panels.push_back(std::move(*panel));
                fileIndices.push_back(i);
            }
        }
    }
    checkOverlaps(dashboard.panels, fileIndices);
    return dashboard;
}

void Reader::readDisplay(const QJsonObject& root, Dashboard& dashboard)
{
    const QJsonValue display = root.value(u"display"_s);
    if (display.isUndefined())
        return;
    if (display.isString()) {
        if (auto kind = parseDisplayKind(display.toString()))
            dashboard.display.kind = *kind;
        else
            error(u"display"_s,
                u"unknown display profile "_s + quoted(display.toString())
                    + u" (expected desk, room, wall or {\"minTextMm\": x})"_s);
        return;
    }
    if (!display.isObject()) {
        error(u"display"_s, u"expected a string or an object, got "_s + describe(display));
        return;
    }
    const QJsonObject custom = display.toObject();
    checkKeys(custom, u"display"_s, { u"minTextMm" });
    const auto minTextMm = real(custom, u"minTextMm"_s, u"display"_s);
    if (!custom.contains(u"minTextMm"_s))
        error(u"display.minTextMm"_s, u"missing"_s);
    else if (minTextMm && (*minTextMm <= 0 || *minTextMm > 100))
        error(u"display.minTextMm"_s, u"must be greater than 0 and at most 100, got "_s + number(*minTextMm));
    else if (minTextMm)
        dashboard.display = { DisplayProfile::Kind::Custom, *minTextMm };
}

void Reader::readSources(const QJsonObject& root, Dashboard& dashboard)
{
    const auto sources = array(root, u"sources"_s, {}, kMaxSources);
    if (!sources)
        return;
    for (qsizetype i = 0; i < sources->size(); ++i) {
        const QString path = index(u"sources"_s, i);
        const auto object = this->object(sources->at(i), path, u"source");
        if (!object)
            continue;
        if (!object->contains(u"type"_s)) {
            error(member(path, u"type"_s), u"missing; source dropped"_s);
            continue;
        }
        const auto typeName = string(*object, u"type"_s, path);
        if (!typeName)
            continue;
        const auto type = parseSourceType(*typeName);
        if (!type) {
            // Newer builds add source types; keep the entry so saving does not lose it.
            warn(member(path, u"type"_s), u"unknown source type "_s + quoted(*typeName) + u"; skipped"_s);
            dashboard.unknownSources.push_back(*object);
            continue;
        }
        Source source;
        source.type = *type;
        if (*type == SourceType::Udp) {
            checkKeys(*object, path, { u"type", u"listen" });
            if (!object->contains(u"listen"_s)) {
                error(member(path, u"listen"_s), u"missing; source dropped"_s);
                continue;
            }
            const auto listen = string(*object, u"listen"_s, path);
            if (!listen)
                continue;
            const auto parsed = parseListenAddress(utf8(*listen));
            if (!parsed.isOk()) {
                error(member(path, u"listen"_s),
                    u"invalid listen address "_s + quoted(*listen) + u": "_s + QString::fromStdString(parsed.error)
                        + u"; source dropped"_s);
                continue;
            }
            source.listen = *parsed.address;
        } else if (*type == SourceType::Kafka || *type == SourceType::Backend || *type == SourceType::Postgres) {
            checkKeys(*object, path, { u"type", u"url" });
            if (!object->contains(u"url"_s)) {
                error(member(path, u"url"_s), u"missing; source dropped"_s);
                continue;
            }
            const auto url = string(*object, u"url"_s, path);
            if (!url)
                continue;
            // A backend's token is read when the source starts, not here: a layout loads on a machine without it.
            std::string why;
            QString what;
            QString shown = *url;
            if (*type == SourceType::Kafka) {
                why = parseKafkaSourceUrl(utf8(*url)).error;
                what = u"invalid Kafka source "_s;
            } else if (*type == SourceType::Backend) {
                why = client::parseBackendUrl(utf8(*url), false).error;
                what = u"invalid backend source "_s;
            } else {
                why = pgSourceUrlError(utf8(*url));
                what = u"invalid PostgreSQL source "_s;
                shown = QString::fromStdString(pgSourceUrlForDisplay(utf8(*url))); // never echo a password
            }
            if (!why.empty()) {
                error(member(path, u"url"_s),
                    what + quoted(shown) + u": "_s + QString::fromStdString(why) + u"; source dropped"_s);
                continue;
            }
            // History goes to one database; a second would split it. Only sources kept so far count.
            if (*type == SourceType::Postgres
                && std::any_of(dashboard.sources.begin(), dashboard.sources.end(),
                    [](const Source& s) { return s.type == SourceType::Postgres; })) {
                error(path, u"only one history database per dashboard; source dropped"_s);
                continue;
            }
            source.url = utf8(*url);
        } else {
            checkKeys(*object, path, { u"type", u"interval" });
            if (const auto intervalMs = duration(*object, u"interval"_s, path)) {
                if (*intervalMs < 100 || *intervalMs > 3'600'000)
                    error(member(path, u"interval"_s),
                        u"must be between 100ms and 1h, got "_s
                            + QString::fromStdString(formatDurationMs(*intervalMs)));
                else
                    source.intervalMs = *intervalMs;
            }
        }
        dashboard.sources.push_back(source);
    }
}

void Reader::checkOverlaps(const std::vector<Panel>& panels, const std::vector<qsizetype>& fileIndices)
{
    for (std::size_t j = 1; j < panels.size(); ++j) {
        const Panel& b = panels[j];
        for (std::size_t i = 0; i < j; ++i) {
            const Panel& a = panels[i];
            if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
                warn(index(u"panels"_s, fileIndices[j]), u"overlaps panels[%1]"_s.arg(fileIndices[i]));
                break; // one report per panel is enough to find it
            }
        }
    }
}

} // namespace pulse::layout::detail
