#pragma once

#include "graphql/executor.h"
#include "store/field.h"
#include "window/windowresult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace pulse::api {

/**
 * A subscription's selection on MetricPoint, resolved once at subscribe time (fragments, aliases and @skip/@include
 * are fixed by then), so render() fills a ready-made object instead of running the executor for every update.
 * Covers `timestamp`, `__typename`, `provisional` and the statistics; a selection of `series` keeps the executor.
 */
class SubscriptionPlan {
public:
    /** The plan for a validated subscription operation, or nullopt when it needs the executor. */
    static std::optional<SubscriptionPlan> make(const graphql::Schema& schema, const graphql::PreparedRequest& request);

    /**
     * `{"data":{"<key>":{...}}}`; nullopt when a non-null field has no value (the executor reports that error).
     * `isProvisional`: the window is still open (the live edge).
     */
    std::optional<QJsonObject> render(const WindowResult& result, const WindowBatch& batch, bool isProvisional) const;
    /** render() as compact JSON text, written directly (no object, no document). */
    std::optional<QByteArray> renderJson(
        const WindowResult& result, const WindowBatch& batch, bool isProvisional) const;

private:
    struct Item {
        enum class Kind : std::uint8_t { Statistic, Timestamp, Typename, Provisional };
        QString key;
        Kind kind = Kind::Statistic;
        Field field = Field::Value;
        bool isNonNull = false;
        QByteArray quotedKey; ///< `"key":`, JSON-escaped
    };
    std::vector<Item> m_items; ///< sorted by key
    QByteArray m_head; ///< `{"data":{"<root key>":{`
};

} // namespace pulse::api
