#pragma once

// Internal to core/layout: the validator behind readLayout(), split over two files by topic.

#include "layout/layoutreader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace pulse::layout::detail {

inline QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

/** A file string inside a message: quoted, cut short so one huge value cannot flood the report. */
inline QString quoted(const QString& text)
{
    constexpr qsizetype kMaxChars = 80;
    return QLatin1Char('"') + (text.size() > kMaxChars ? text.left(kMaxChars) + QStringLiteral("…") : text)
        + QLatin1Char('"');
}

inline QString describe(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

inline QString index(const QString& path, qsizetype i)
{
    return path + u'[' + QString::number(i) + u']';
}
inline QString member(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}
inline std::string utf8(const QString& text)
{
    return text.toStdString();
}

/** Validates a layout object into a Dashboard, collecting every problem on the way. */
class Reader {
public:
    explicit Reader(LayoutLoadResult& result)
        : m_result(result)
    { }

    Dashboard readDashboard(const QJsonObject& root);
    void finish();

private:
    void add(const QString& path, const QString& message, ProblemSeverity severity)
    {
        if (static_cast<int>(m_result.problems.size()) < kMaxListedProblems)
            m_result.problems.push_back({ path, message, severity });
        else
            ++m_unlistedProblems;
    }
    void error(const QString& path, const QString& message) { add(path, message, ProblemSeverity::Error); }
    void warn(const QString& path, const QString& message) { add(path, message, ProblemSeverity::Warning); }

    void checkKeys(const QJsonObject& object, const QString& path, std::initializer_list<QStringView> known);
    std::optional<QJsonObject> object(const QJsonValue& value, const QString& path, QStringView dropped);
    std::optional<QString> string(const QJsonObject& object, const QString& key, const QString& path);
    // `consequence` (e.g. "panel dropped") is appended to the message when the value is rejected.
    std::optional<double> real(
        const QJsonObject& object, const QString& key, const QString& path, QStringView consequence = {});
    std::optional<int> integer(const QJsonObject& object, const QString& key, const QString& path, int min, int max,
        QStringView consequence = {});
    std::optional<bool> boolean(const QJsonObject& object, const QString& key, const QString& path);
    std::optional<std::int64_t> duration(const QJsonObject& object, const QString& key, const QString& path);
    std::optional<QString> color(const QJsonObject& object, const QString& key, const QString& path);
    std::optional<QJsonArray> array(const QJsonObject& object, const QString& key, const QString& path, int maxItems);

    void readSources(const QJsonObject& root, Dashboard& dashboard);
    void readDisplay(const QJsonObject& root, Dashboard& dashboard);
    std::optional<Panel> readPanel(const QJsonValue& value, const QString& path);
    std::optional<Query> readQuery(const QJsonValue& value, const QString& path);
    std::optional<QueryWindow> readWindow(const QJsonValue& value, const QString& path);
    void readUnit(const QJsonObject& object, const QString& path, Panel& panel);
    void readThresholds(const QJsonObject& object, const QString& path, Panel& panel);
    void readValueMappings(const QJsonObject& object, const QString& path, Panel& panel);
    void readOptions(const QJsonObject& object, const QString& path, Panel& panel);
    void checkOverlaps(const std::vector<Panel>& panels, const std::vector<qsizetype>& fileIndices);

    LayoutLoadResult& m_result;
    int m_unlistedProblems = 0;
};

} // namespace pulse::layout::detail
