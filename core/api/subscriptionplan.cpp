#include "api/subscriptionplan.h"

#include "api/metricsobjects.h"
#include "api/metricsschema.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pulse::api {

std::optional<SubscriptionPlan> SubscriptionPlan::make(
    const graphql::Schema& schema, const graphql::PreparedRequest& request)
{
    const std::vector<const graphql::Selection*> roots = graphql::rootFields(schema, request);
    const graphql::TypeDef* pointType = schema.type(u"MetricPoint"_s);
    if (roots.size() != 1 || !pointType)
        return std::nullopt;
    SubscriptionPlan plan;
    plan.m_rootKey = roots.front()->responseKey();
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
        plan.m_shape.insert(item.key, QJsonValue());
        plan.m_items.push_back(std::move(item));
    }
    return plan;
}

std::optional<QJsonObject> SubscriptionPlan::render(
    const WindowResult& result, const WindowBatch& batch, bool isProvisional) const
{
    QJsonObject point = m_shape;
    for (const Item& item : m_items) {
        switch (item.kind) {
        case Item::Kind::Typename:
            point.insert(item.key, u"MetricPoint"_s);
            break;
        case Item::Kind::Timestamp:
            point.insert(item.key, formatTimestamp(result.startMs));
            break;
        case Item::Kind::Provisional:
            point.insert(item.key, isProvisional);
            break;
        case Item::Kind::Statistic: {
            const double v = windowField(result, batch.quantiles, item.field);
            if (!std::isfinite(v)) {
                if (item.isNonNull)
                    return std::nullopt;
                break; // the shape holds null already
            }
            point.insert(item.key, v);
            break;
        }
        }
    }
    return QJsonObject { { u"data"_s, QJsonObject { { m_rootKey, point } } } };
}

} // namespace pulse::api
