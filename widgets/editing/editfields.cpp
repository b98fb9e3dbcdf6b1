#include "editing/editfields.h"

#include "model/duration.h"

#include <QCoreApplication>
#include <QLocale>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace pulse::ui {

std::optional<double> parseNumberText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool isOk = false;
    double value = QLocale().toDouble(trimmed, &isOk);
    if (!isOk)
        value = QLocale::c().toDouble(trimmed, &isOk);
    if (!isOk || !std::isfinite(value))
        return std::nullopt;
    return value;
}

QString numberText(double value)
{
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    return locale.toString(value, 'g', QLocale::FloatingPointShortest);
}

std::optional<std::int64_t> parseDurationText(const QString& text)
{
    const auto ms = parseDurationMs(text.trimmed().toStdString());
    if (!ms || *ms <= 0)
        return std::nullopt;
    return ms;
}

QString durationText(std::int64_t ms)
{
    return QString::fromStdString(formatDurationMs(ms));
}

bool isHexColor(const QString& text)
{
    return text.size() == 7 && text.front() == u'#' && std::all_of(text.begin() + 1, text.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
    });
}

QString fieldLabel(Field field)
{
    switch (field) {
    case Field::Value:
        return QCoreApplication::translate("pulse::ui::Fields", "value (the type's natural value)");
    case Field::Rate:
        return QCoreApplication::translate("pulse::ui::Fields", "rate (per second)");
    case Field::Count:
        return QCoreApplication::translate("pulse::ui::Fields", "count");
    case Field::Sum:
        return QCoreApplication::translate("pulse::ui::Fields", "sum");
    case Field::Mean:
        return QCoreApplication::translate("pulse::ui::Fields", "mean");
    case Field::Min:
        return QCoreApplication::translate("pulse::ui::Fields", "min");
    case Field::Max:
        return QCoreApplication::translate("pulse::ui::Fields", "max");
    case Field::Last:
        return QCoreApplication::translate("pulse::ui::Fields", "last");
    case Field::P50:
        return QCoreApplication::translate("pulse::ui::Fields", "p50 (median)");
    case Field::P90:
        return QCoreApplication::translate("pulse::ui::Fields", "p90");
    case Field::P95:
        return QCoreApplication::translate("pulse::ui::Fields", "p95");
    case Field::P99:
        return QCoreApplication::translate("pulse::ui::Fields", "p99");
    case Field::P999:
        return QCoreApplication::translate("pulse::ui::Fields", "p99.9");
    case Field::Distinct:
        return QCoreApplication::translate("pulse::ui::Fields", "distinct (sets)");
    }
    return {};
}

std::vector<Field> allFields()
{
    std::vector<Field> fields;
    for (int i = 0; i < kFieldCount; ++i)
        fields.push_back(static_cast<Field>(i));
    return fields;
}

layout::LayoutProblem editError(QString path, QString message)
{
    return { std::move(path), std::move(message), layout::ProblemSeverity::Error };
}

void chainTabOrder(const std::vector<QList<QWidget*>>& rows, QWidget* after)
{
    // setTabOrder(a, b) moves b right after a. Starting at `after` pulls the rows to its place; moving `after`
    // behind the last row then leaves rows + after where `after` was.
    QWidget* previous = after;
    for (const QList<QWidget*>& row : rows)
        for (QWidget* widget : row) {
            QWidget::setTabOrder(previous, widget);
            previous = widget;
        }
    if (previous != after)
        QWidget::setTabOrder(previous, after);
}

} // namespace pulse::ui
