#include "theme/theme.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcTheme, "pulse.theme")

namespace pulse::ui {

QColor Theme::seriesColor(int index) const
{
    if (series.empty())
        return accent;
    const auto n = static_cast<int>(series.size());
    return series[static_cast<std::size_t>(((index % n) + n) % n)];
}

QColor Theme::severityColor(layout::ThresholdSeverity severity) const
{
    switch (severity) {
    case layout::ThresholdSeverity::Ok:
        return ok;
    case layout::ThresholdSeverity::Warning:
        return warning;
    case layout::ThresholdSeverity::Critical:
        return critical;
    }
    return ok;
}

QPalette Theme::palette() const
{
    QPalette pal;
    pal.setColor(QPalette::Window, window);
    pal.setColor(QPalette::WindowText, text);
    pal.setColor(QPalette::Base, panelBackground);
    pal.setColor(QPalette::AlternateBase, window);
    pal.setColor(QPalette::Text, text);
    pal.setColor(QPalette::Button, panelBackground);
    pal.setColor(QPalette::ButtonText, text);
    pal.setColor(QPalette::Highlight, accent);
    pal.setColor(QPalette::HighlightedText, QColor(Qt::white));
    pal.setColor(QPalette::ToolTipBase, panelBackground);
    pal.setColor(QPalette::ToolTipText, text);
    pal.setColor(QPalette::PlaceholderText, mutedText);
    pal.setColor(QPalette::Disabled, QPalette::Text, mutedText);
    pal.setColor(QPalette::Disabled, QPalette::WindowText, mutedText);
    pal.setColor(QPalette::Disabled, QPalette::ButtonText, mutedText);
    return pal;
}

Theme Theme::builtinDark()
{
    Theme theme;
    theme.series
        = { QColor(0x73, 0xbf, 0x69), QColor(0xf2, 0xcc, 0x0c), QColor(0x8a, 0xb8, 0xff), QColor(0xff, 0x78, 0x0a),
              QColor(0xf2, 0x49, 0x5c), QColor(0x57, 0x94, 0xf2), QColor(0xb8, 0x77, 0xd9), QColor(0x70, 0xdb, 0xed) };
    return theme;
}

Theme Theme::builtinLight()
{
    Theme theme;
    theme.name = u"light"_s;
    theme.window = QColor(0xf4, 0xf5, 0xf5);
    theme.panelBackground = QColor(0xff, 0xff, 0xff);
    theme.panelBorder = QColor(0xd0, 0xd4, 0xd9);
    theme.text = QColor(0x1f, 0x23, 0x28);
    theme.mutedText = QColor(0x5f, 0x66, 0x6e);
    theme.grid = QColor(0xe4, 0xe7, 0xeb);
    theme.accent = QColor(0x1f, 0x62, 0xe0);
    theme.focus = QColor(0x1f, 0x62, 0xe0);
    theme.ok = QColor(0x1a, 0x7f, 0x37);
    theme.warning = QColor(0xc8, 0x8a, 0x00);
    theme.critical = QColor(0xc4, 0x16, 0x2a);
    theme.noData = QColor(0x8e, 0x92, 0x9a);
    theme.series
        = { QColor(0x37, 0x87, 0x2d), QColor(0xc7, 0x9a, 0x00), QColor(0x1f, 0x60, 0xc4), QColor(0xe5, 0x5e, 0x00),
              QColor(0xc4, 0x16, 0x2a), QColor(0x8f, 0x3b, 0xb8), QColor(0x00, 0x8a, 0x9e), QColor(0x6e, 0x6e, 0x6e) };
    return theme;
}

ThemeParse parseTheme(const QByteArray& json, const Theme& base)
{
    ThemeParse result { base, {} };
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject()) {
        result.problems.push_back(error.error != QJsonParseError::NoError ? u"(file): "_s + error.errorString()
                                                                          : u"(file): not a JSON object"_s);
        return result;
    }
    const QJsonObject root = doc.object();
    Theme& theme = result.theme;
    const std::array<std::pair<QString, QColor Theme::*>, 12> colors { {
        { u"window"_s, &Theme::window },
        { u"panelBackground"_s, &Theme::panelBackground },
        { u"panelBorder"_s, &Theme::panelBorder },
        { u"text"_s, &Theme::text },
        { u"mutedText"_s, &Theme::mutedText },
        { u"grid"_s, &Theme::grid },
        { u"accent"_s, &Theme::accent },
        { u"focus"_s, &Theme::focus },
        { u"ok"_s, &Theme::ok },
        { u"warning"_s, &Theme::warning },
        { u"critical"_s, &Theme::critical },
        { u"noData"_s, &Theme::noData },
    } };
    auto parseColor = [](const QJsonValue& value) -> std::optional<QColor> {
        if (!value.isString())
            return std::nullopt;
        const QString text = value.toString();
        if (!text.startsWith(u'#') || (text.size() != 7 && text.size() != 9))
            return std::nullopt;
        QColor color = QColor::fromString(text);
        return color.isValid() ? std::optional(color) : std::nullopt;
    };
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QString key = it.key();
        bool isKnown = false;
        for (const auto& [name, member] : colors) {
            if (name != key)
                continue;
            isKnown = true;
            if (auto color = parseColor(it.value()))
                theme.*member = *color;
            else
                result.problems.push_back(key + u": expected a colour \"#rrggbb\""_s);
            break;
        }
        if (isKnown)
            continue;
        if (key == u"name"_s) {
            if (it.value().isString())
                theme.name = it.value().toString();
            else
                result.problems.push_back(key + u": expected a string"_s);
        } else if (key == u"fontScale"_s) {
            const double scale = it.value().toDouble(-1);
            if (scale >= 0.5 && scale <= 4.0)
                theme.fontScale = scale;
            else
                result.problems.push_back(key + u": expected a number in [0.5, 4]"_s);
        } else if (key == u"series"_s) {
            const QJsonArray array = it.value().toArray();
            std::vector<QColor> series;
            for (const QJsonValue& value : array) {
                if (auto color = parseColor(value))
                    series.push_back(*color);
            }
            if (!series.empty() && series.size() == static_cast<std::size_t>(array.size()))
                theme.series = std::move(series);
            else
                result.problems.push_back(key + u": expected a non-empty array of colours"_s);
        } else {
            result.problems.push_back(key + u": unknown key"_s);
        }
    }
    return result;
}

Theme loadTheme(layout::Theme which)
{
    const bool isLight = which == layout::Theme::Light;
    const Theme base = isLight ? Theme::builtinLight() : Theme::builtinDark();
    const QString stem = u":/themes/"_s + layout::name(which);
    QFile json(stem + u".json"_s);
    if (!json.open(QIODevice::ReadOnly)) {
        qCWarning(lcTheme) << "theme file missing, using the built-in theme:" << json.fileName();
        return base;
    }
    ThemeParse parsed = parseTheme(json.readAll(), base);
    for (const QString& problem : parsed.problems)
        qCWarning(lcTheme) << json.fileName() << problem;
    QFile qss(stem + u".qss"_s);
    if (qss.open(QIODevice::ReadOnly))
        parsed.theme.styleSheet = QString::fromUtf8(qss.readAll());
    return parsed.theme;
}

} // namespace pulse::ui
