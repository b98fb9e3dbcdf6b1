#pragma once

#include <QJsonObject>

#include <vector>

namespace pulse::layout {

/** One step of the schema history: rewrites a layout of schema fromVersion into schema fromVersion + 1. */
struct LayoutMigration {
    int fromVersion = 0;
    QJsonObject (*apply)(QJsonObject layout) = nullptr;
};

/** Every step, in order: entry i migrates schema i to i + 1, up to kSchemaVersion. */
const std::vector<LayoutMigration>& layoutMigrations();

/**
 * Applies the steps from `fromVersion` up to kSchemaVersion in order and sets `schemaVersion`
 * after each one. Steps only reshape; validation of the result happens afterwards.
 * `fromVersion` must be in [0, kSchemaVersion].
 */
QJsonObject migrateLayout(QJsonObject layout, int fromVersion);

} // namespace pulse::layout
