#pragma once

// A small schema for the engine's tests: enough types for every validation rule and execution path.
#include "graphql/schema.h"

namespace pulse::graphql::test {

inline TypeDef objectType(const QString& name, std::vector<FieldDef> fields)
{
    TypeDef t;
    t.kind = TypeKind::Object;
    t.name = name;
    t.fields = std::move(fields);
    return t;
}

/**
 * enum Color { RED GREEN }
 * input Range { from: String! to: String = "now" }
 * type Tag { key: String! value: String! }
 * type Series { id: String! name: String! tags: [Tag!]! }
 * type Point { timestamp: String! value: Float! series: Series }
 * type Query { points(name: String!, sourceId: String, limit: Int = 10, ratio: Float, colors: [Color!], flag: Boolean,
 *              range: Range, id: ID): [Point!]!  series(match: String!): [Series!]!  color: Color  hello: String
 *              broken: String!  brokenList: [Point!] }
 * type Subscription { updated(name: String!): Point!  other: Point! }
 */
inline Schema testSchema()
{
    using namespace Qt::StringLiterals;
    Schema s;
    TypeDef color;
    color.kind = TypeKind::Enum;
    color.name = u"Color"_s;
    color.enumValues = { { u"RED"_s, {}, false, {} }, { u"GREEN"_s, {}, true, u"Use RED"_s } };
    s.addType(color);
    TypeDef range;
    range.kind = TypeKind::InputObject;
    range.name = u"Range"_s;
    range.inputFields = { makeArg(u"from"_s, u"String!"_s), makeArg(u"to"_s, u"String"_s, u"\"now\""_s) };
    s.addType(range);
    s.addType(objectType(u"Tag"_s, { makeField(u"key"_s, u"String!"_s), makeField(u"value"_s, u"String!"_s) }));
    s.addType(objectType(u"Series"_s,
        { makeField(u"id"_s, u"String!"_s), makeField(u"name"_s, u"String!"_s), makeField(u"tags"_s, u"[Tag!]!"_s) }));
    s.addType(objectType(u"Point"_s,
        { makeField(u"timestamp"_s, u"String!"_s), makeField(u"value"_s, u"Float!"_s),
            makeField(u"series"_s, u"Series"_s) }));
    s.addType(objectType(u"Query"_s,
        { makeField(u"points"_s, u"[Point!]!"_s, u"Points of a series."_s,
              { makeArg(u"name"_s, u"String!"_s), makeArg(u"sourceId"_s, u"String"_s),
                  makeArg(u"limit"_s, u"Int"_s, u"10"_s), makeArg(u"ratio"_s, u"Float"_s),
                  makeArg(u"colors"_s, u"[Color!]"_s), makeArg(u"flag"_s, u"Boolean"_s),
                  makeArg(u"range"_s, u"Range"_s), makeArg(u"id"_s, u"ID"_s) }),
            makeField(u"series"_s, u"[Series!]!"_s, {}, { makeArg(u"match"_s, u"String!"_s) }),
            makeField(u"color"_s, u"Color"_s), makeField(u"hello"_s, u"String"_s), makeField(u"broken"_s, u"String!"_s),
            makeField(u"brokenList"_s, u"[Point!]"_s) }));
    s.addType(objectType(u"Subscription"_s,
        { makeField(u"updated"_s, u"Point!"_s, {}, { makeArg(u"name"_s, u"String!"_s) }),
            makeField(u"other"_s, u"Point!"_s) }));
    s.setSubscriptionType(u"Subscription"_s);
    return s;
}

} // namespace pulse::graphql::test
