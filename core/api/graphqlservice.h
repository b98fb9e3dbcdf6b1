#pragma once

#include "model/seriesregistry.h"
#include "window/windowresult.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>

namespace pulse::api {

/** One GraphQL request as a transport received it: an HTTP POST body or a graphql-transport-ws subscribe payload. */
struct GraphqlRequest {
    QString query;
    QJsonObject variables;
    QString operationName; ///< empty: the document's only operation
};

/**
 * A validated subscription (or a /metrics/stream request), ready to turn closed windows (and, when live, the live
 * edge) into payloads. Immutable once prepared, so a transport may use it from any thread.
 */
class PreparedSubscription {
public:
    virtual ~PreparedSubscription() = default;
    /** The engine spec (index into the pipeline's window specs) whose closed windows feed it. */
    virtual std::uint16_t specIndex() const = 0;
    /**
     * Whether the live edge feeds it too: the provisional results of still-open windows of specIndex()
     * (WindowSink::onProvisional), each rendered with `isProvisional` set. Default: closed windows only.
     */
    virtual bool isLive() const { return false; }
    /** Whether results of this series feed it; cheap, called for every result of every batch of specIndex(). */
    virtual bool wants(const SeriesInfo& series) const = 0;
    /**
     * The payload for one window of a wanted series: `{"data": {...}}` (and `errors` when a field failed) for
     * GraphQL, the bare JSON point for a stream. `isProvisional`: the window is still open (only for isLive()
     * subscriptions); false for a closed window. Updates of the same series replace each other when a slow client's
     * queue is conflated.
     */
    virtual QJsonObject render(
        const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch, bool isProvisional) const = 0;
    /** render() as compact JSON text, what the fan-out sends; a subscription may write it without the object. */
    virtual QByteArray renderJson(
        const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch, bool isProvisional) const;
};

inline QByteArray PreparedSubscription::renderJson(
    const SeriesInfo& series, const WindowResult& result, const WindowBatch& batch, bool isProvisional) const
{
    return QJsonDocument(render(series, result, batch, isProvisional)).toJson(QJsonDocument::Compact);
}

/** What GraphqlService::subscribe() made of a request; exactly one member is set. */
struct SubscribeResult {
    /** A subscription operation: send a `next` per rendered update until the client completes it. */
    std::shared_ptr<const PreparedSubscription> subscription;
    /** A query operation sent over subscribe: send it as one `next`, then `complete`. */
    std::optional<QJsonObject> singleResult;
    /** The document or its variables are invalid: send an `error` message with these GraphQL errors. */
    QJsonArray errors;
};

/** The GraphQL schema and its resolvers, as the transports see them. Thread-safe: every method is const. */
class GraphqlService {
public:
    virtual ~GraphqlService() = default;
    /** Runs a query over HTTP POST: the complete response `{"data": …, "errors": […]}` (GraphQL-over-HTTP shape). */
    virtual QJsonObject execute(const GraphqlRequest& request) const = 0;
    /** A graphql-transport-ws `subscribe`: validates and prepares a subscription, or answers a query at once. */
    virtual SubscribeResult subscribe(const GraphqlRequest& request) const = 0;
    /** `/metrics/stream?name=…&sourceId=…`: a stream of bare JSON points; null when `name` is empty. */
    virtual std::shared_ptr<const PreparedSubscription> stream(const QString& name, const QString& sourceId) const = 0;
};

} // namespace pulse::api
