#pragma once

#include "layout/dashboard.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace pulse::layout {

/** Outcome of saveLayoutFile: isOk, or why the file was left as it was. */
struct LayoutSaveResult {
    bool isOk = false;
    QString error;
};

/** The dashboard as a current-schema layout object; defaults are written out, unset optionals are not. */
QJsonObject toJson(const Dashboard& dashboard);
/** Canonical text: keys sorted, indented, so saving the same dashboard always gives the same bytes. */
QByteArray serializeLayout(const Dashboard& dashboard);
/** Writes atomically (QSaveFile): on failure the previous file stays intact. */
LayoutSaveResult saveLayoutFile(const Dashboard& dashboard, const QString& path);

} // namespace pulse::layout
