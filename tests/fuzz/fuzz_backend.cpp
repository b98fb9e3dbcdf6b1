// libFuzzer target: what client mode (core/client) parses from a server it does not control — HTTP response heads,
// chunked bodies, and the series and points of graphql-transport-ws messages. The same bytes go to each parser; a
// point that is accepted must be a window of exactly the asked length.

#include "client/remotepoints.h"
#include "client/tcpstream.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace pulse;
using namespace pulse::client;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::string error;

    std::string buffer = input;
    HttpResponseHead head;
    const int taken = takeHttpResponseHead(buffer, head, error);
    if (taken == 1) {
        if (head.status < 0 || head.status > 999 || buffer.size() >= input.size())
            std::abort();
        std::string chunkError;
        if (const std::optional<std::string> body = decodeChunkedBody(buffer, chunkError))
            if (body->size() > buffer.size())
                std::abort();
    }
    (void)decodeChunkedBody(input, error);

    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(input.data(), static_cast<qsizetype>(input.size())));
    if (doc.isObject()) {
        const QJsonObject point = doc.object();
        if (const std::optional<RemoteSeries> series
            = seriesFromJson(point.value(QLatin1StringView("series")).toObject(), error)) {
            if (const std::optional<RemoteWindow> w = windowFromPoint(point, *series, 10'000, error))
                if (w->result.endMs - w->result.startMs != 10'000 || w->name.empty())
                    std::abort();
        }
    }
    return 0;
}
