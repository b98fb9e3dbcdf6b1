#pragma once

#include "graphql/ast.h"

#include <QString>

#include <cstddef>
#include <optional>

namespace pulse::graphql {

/** Bounds that keep a hostile document from exhausting the stack or the CPU. */
struct ParseLimits {
    qsizetype maxSourceChars = 64 * 1024;
    std::size_t maxTokens = 16 * 1024;
    int maxDepth = 32; ///< nesting of selection sets, list/object values and list types together
};

struct ParseResult {
    std::optional<Document> document;
    Error error; ///< set when document is empty
    bool isOk() const { return document.has_value(); }
};

/** Parses an executable document (operations and fragments, spec October 2021). */
ParseResult parseDocument(const QString& source, const ParseLimits& limits = {});

/** Parses a type reference such as `[Tag!]!`; nullopt when malformed. */
std::optional<TypeRef> parseTypeRef(const QString& source);

/** Parses a constant value literal such as `"1s"` or `[1, 2]`; nullopt when malformed. */
std::optional<Value> parseConstValue(const QString& source);

} // namespace pulse::graphql
