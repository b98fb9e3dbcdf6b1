#pragma once

#include "layout/layoutreader.h"
#include "store/field.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

class QWidget;

namespace pulse::ui {

/** A number as typed: in the user's locale or C notation ("1.5", "1,5" in German, "1e6"); nullopt otherwise. */
std::optional<double> parseNumberText(const QString& text);
/** The shortest text that parses back to the same number, in the user's locale. */
QString numberText(double value);

/** A duration as layout files spell it ("500ms", "10s", "5m", "1h"; a bare number is seconds); > 0 or nullopt. */
std::optional<std::int64_t> parseDurationText(const QString& text);
QString durationText(std::int64_t ms);

/** "#rrggbb" in either case. */
bool isHexColor(const QString& text);

/** A field as offered in editors: its file name and, for some, what it means ("p50 (median)"); translated. */
QString fieldLabel(Field field);
/** Every field, in Field order. */
std::vector<Field> allFields();

/** A problem found by an editor before core validation, located like core's (`queries[0].selector`). */
layout::LayoutProblem editError(QString path, QString message);

/**
 * Puts `rows` (each row's focusable widgets, in order) into the tab chain in that order, followed by `after`
 * (the list's Add button), wherever `after` was in the chain before. Rows created later would otherwise follow
 * the dialog's buttons.
 */
void chainTabOrder(const std::vector<QList<QWidget*>>& rows, QWidget* after);

} // namespace pulse::ui
