#include "layout/layoutreader.h"

#include "layout/layoutmigration.h"
#include "layout/layoutvalidator.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace pulse::layout {

using namespace Qt::StringLiterals;
using detail::describe;
using detail::quoted;

namespace {

LayoutLoadResult refused(const QString& message)
{
    LayoutLoadResult result;
    result.isRefused = true;
    result.problems.push_back({ QString(), message, ProblemSeverity::Error });
    return result;
}

QString tooLarge(qint64 bytes)
{
    return u"file too large: %1 bytes, layout files are limited to 4 MiB (%2 bytes)"_s.arg(bytes).arg(
        kMaxLayoutFileBytes);
}

} // namespace

int LayoutLoadResult::errorCount() const
{
    return static_cast<int>(std::count_if(
        problems.begin(), problems.end(), [](const LayoutProblem& p) { return p.severity == ProblemSeverity::Error; }));
}

int LayoutLoadResult::warningCount() const
{
    return static_cast<int>(problems.size()) - errorCount();
}

QStringList LayoutLoadResult::problemStrings() const
{
    QStringList lines;
    for (const LayoutProblem& problem : problems)
        lines.append(problem.toString());
    return lines;
}

LayoutLoadResult readLayout(const QJsonObject& root)
{
    const QJsonValue version = root.value(u"schemaVersion"_s);
    if (version.isUndefined())
        return refused(u"schemaVersion: missing; not a Pulseboard layout file"_s);
    const double number = version.toDouble(-1);
    if (!version.isDouble() || number != std::floor(number) || number < 0)
        return refused(u"schemaVersion: expected a whole number from 0, got "_s
            + (version.isDouble() ? QString::number(number) : describe(version)));
    if (number > kSchemaVersion)
        return refused(u"made by a newer Pulseboard: schema %1, this version reads up to %2"_s.arg(
            QString::number(number, 'f', 0), QString::number(kSchemaVersion)));

    LayoutLoadResult result;
    const int fileVersion = static_cast<int>(number);
    QJsonObject current = root;
    if (fileVersion < kSchemaVersion) {
        current = migrateLayout(root, fileVersion);
        result.migratedFromVersion = fileVersion;
    }
    detail::Reader reader(result);
    result.dashboard = reader.readDashboard(current);
    reader.finish();
    return result;
}

LayoutLoadResult readLayout(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt reports a byte offset; people and editors want line and (character) column.
        // Qt's offset lies just past the character it stumbled on; point at that character.
        const qsizetype offset = std::clamp<qsizetype>(parseError.offset - 1, 0, json.size());
        int line = 1;
        int column = 1;
        for (qsizetype i = 0; i < offset; ++i) {
            const auto byte = static_cast<unsigned char>(json[i]);
            if (byte == '\n') {
                ++line;
                column = 1;
            } else if ((byte & 0xC0) != 0x80) {
                ++column;
            }
        }
        return refused(
            u"JSON syntax error at line %1, column %2: %3"_s.arg(line).arg(column).arg(parseError.errorString()));
    }
    if (!document.isObject())
        return refused(u"the top level must be a JSON object"_s);
    return readLayout(document.object());
}

LayoutLoadResult loadLayoutFile(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return refused(u"cannot open "_s + quoted(path) + u": no such file"_s);
    if (!info.isFile())
        return refused(u"cannot open "_s + quoted(path) + u": not a regular file"_s);
    if (info.size() > kMaxLayoutFileBytes)
        return refused(tooLarge(info.size()));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refused(u"cannot open "_s + quoted(path) + u": "_s + file.errorString());
    // The file may have grown since the size check; never read more than the limit allows.
    const QByteArray json = file.read(kMaxLayoutFileBytes + 1);
    if (json.size() > kMaxLayoutFileBytes)
        return refused(tooLarge(json.size()));
    return readLayout(json);
}

} // namespace pulse::layout
