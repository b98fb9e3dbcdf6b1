#include "api/subscriptionplan.h"

#include "api/metricsobjects.h"
#include "api/metricsschema.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <charconv>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::api {

namespace {

/** `text` as a JSON string literal, quotes included. */
QByteArray quotedJson(const QString& text)
{
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact); // ["…"]
    return array.mid(1, array.size() - 2);
}

} // namespace

std::optional<SubscriptionPlan> SubscriptionPlan::make(
    const graphql::Schema& schema, const graphql::PreparedRequest& request)
{
    const std::vector<const graphql::Selection*> roots = graphql::rootFields(schema, request);
    const graphql::TypeDef* pointType = schema.type(u"MetricPoint"_s);
    if (roots.size() != 1 || !pointType)
        return std::nullopt;
    SubscriptionPlan plan;
    for (const auto& [key, field] : graphql::subFields(schema, request, *pointType, *roots.front())) {
        const graphql::Selection* selection = field; // a plain variable: lambdas cannot capture bindings in clang 14
        Item item;
        item.key = key;
        if (selection->name == u"__typename"_s) {
            item.kind = Item::Kind::Typename;
        } else if (selection->name == u"timestamp"_s) {
            item.kind = Item::Kind::Timestamp;
        } else if (selection->name == u"provisional"_s) {
            item.kind = Item::Kind::Provisional;
        } else {
            const graphql::FieldDef* def = pointType->field(selection->name);
            const auto stat = std::find_if(kPointFields.begin(), kPointFields.end(),
                [&](const PointField& f) { return selection->name == f.name; });
            if (!def || stat == kPointFields.end())
                return std::nullopt; // `series` and anything else: the executor
            item.field = stat->field;
            item.isNonNull = def->type.isNonNull();
        }
        item.quotedKey = quotedJson(item.key) + ':';
        plan.m_items.push_back(std::move(item));
    }
    plan.m_head = "{\"data\":{" + quotedJson(roots.front()->responseKey()) + ":{";
    // In the order QJsonObject writes its keys, so the text is what QJsonDocument would make of the object.
    std::sort(plan.m_items.begin(), plan.m_items.end(), [](const Item& a, const Item& b) { return a.key < b.key; });
    return plan;
}

std::optional<QJsonObject> SubscriptionPlan::render(
    const WindowResult& result, const WindowBatch& batch, bool isProvisional) const
{
    // One writer for both forms; the fan-out sends the text, this object is for the rest of the API.
    const std::optional<QByteArray> text = renderJson(result, batch, isProvisional);
    if (!text)
        return std::nullopt;
    return QJsonDocument::fromJson(*text).object();
}

std::optional<QByteArray> SubscriptionPlan::renderJson(
    const WindowResult& result, const WindowBatch& batch, bool isProvisional) const
{
    QByteArray out;
    out.reserve(m_head.size() + 32 * static_cast<qsizetype>(m_items.size()) + 3);
    out.append(m_head);
    bool isFirst = true;
    for (const Item& item : m_items) {
        if (!isFirst)
            out.append(',');
        isFirst = false;
        out.append(item.quotedKey);
        switch (item.kind) {
        case Item::Kind::Typename:
            out.append("\"MetricPoint\"");
            break;
        case Item::Kind::Timestamp:
            out.append('"');
            out.append(formatTimestamp(result.startMs).toLatin1()); // ISO 8601 digits and separators only
            out.append('"');
            break;
        case Item::Kind::Provisional:
            out.append(isProvisional ? "true" : "false");
            break;
        case Item::Kind::Statistic: {
            const double v = windowField(result, batch.quantiles, item.field);
            if (!std::isfinite(v)) {
                if (item.isNonNull)
                    return std::nullopt;
                out.append("null");
                break;
            }
            // The shortest text that reads back as the same double, as QJsonDocument writes it.
            char buffer[32];
            const auto written = std::to_chars(buffer, buffer + sizeof buffer, v);
            out.append(buffer, static_cast<qsizetype>(written.ptr - buffer));
            break;
        }
        }
    }
    out.append("}}}");
    return out;
}

} // namespace pulse::api
