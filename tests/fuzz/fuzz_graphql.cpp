// libFuzzer target for the GraphQL engine: lexer, parser, validator, variable coercion and execution against the
// Pulseboard schema over an empty rolling store. Input: a document, optionally followed by a NUL byte and a JSON
// object of variables.
#include "api/metricsgraphqlservice.h"
#include "graphql/parser.h"
#include "graphql/validator.h"
#include "store/rollingstore.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const pulse::ManualClock clock;
    static const pulse::RollingStore store({}, clock);
    static const pulse::api::MetricsGraphqlService service(
        store, { { 1000, 1000, false }, { 10'000, 10'000, false }, { 60'000, 60'000, false } }, clock);

    const char* bytes = reinterpret_cast<const char*>(data);
    const void* nul = std::memchr(bytes, 0, size);
    const std::size_t documentSize = nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - bytes) : size;
    const QString document = QString::fromUtf8(bytes, static_cast<qsizetype>(documentSize));
    QJsonObject variables;
    if (nul) {
        const QByteArray json(bytes + documentSize + 1, static_cast<qsizetype>(size - documentSize - 1));
        variables = QJsonDocument::fromJson(json).object();
    }

    const pulse::graphql::ParseResult parsed = pulse::graphql::parseDocument(document);
    if (parsed.isOk()) {
        const std::vector<pulse::graphql::Error> errors = pulse::graphql::validate(service.schema(), *parsed.document);
        for (const pulse::graphql::Error& e : errors) {
            if (e.message.isEmpty() || e.locations.empty())
                std::abort(); // every validation error says what and where
        }
    } else if (parsed.error.message.isEmpty()) {
        std::abort();
    }

    const QJsonObject response = service.execute({ document, variables, {} });
    if (!response.contains(u"data"_s) && !response.contains(u"errors"_s))
        std::abort();
    const pulse::api::SubscribeResult sub = service.subscribe({ document, variables, {} });
    const int members = (sub.subscription ? 1 : 0) + (sub.singleResult ? 1 : 0) + (sub.errors.isEmpty() ? 0 : 1);
    if (members != 1)
        std::abort(); // exactly one member is set
    return 0;
}
