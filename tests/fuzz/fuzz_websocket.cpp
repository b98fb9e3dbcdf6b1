// libFuzzer target for the API server's input side: the HTTP request head parser, the WebSocket handshake and the
// frame decoder. The first byte picks how the rest is cut into reads, so split headers and frames are covered.
#include "net/httprequestparser.h"
#include "net/websocketframe.h"
#include "net/websockethandshake.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

void checkFrames(std::string_view input, std::size_t chunk, const pulse::net::WsLimits& limits)
{
    pulse::net::WsFrameDecoder decoder(limits);
    std::vector<pulse::net::WsMessage> out;
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < input.size(); i += chunk) {
        const bool isOk = decoder.feed(input.substr(i, chunk), out);
        if (!isOk) {
            const std::uint16_t code = decoder.errorCloseCode();
            if ((code != 1002 && code != 1007 && code != 1009) || decoder.errorReason().empty())
                std::abort();
            break;
        }
    }
    for (const pulse::net::WsMessage& m : out) {
        bytes += m.payload.size();
        if (m.opcode == pulse::net::WsOpcode::Text && !pulse::net::isValidUtf8(m.payload))
            std::abort();
        if (m.payload.size() > limits.maxMessageBytes)
            std::abort();
        if (m.opcode == pulse::net::WsOpcode::Close && !m.payload.empty()
            && !pulse::net::isValidWsCloseCode(pulse::net::parseWsClosePayload(m.payload).code))
            std::abort();
    }
    // Nothing is buffered beyond the message limit (a frame header never reserves its announced length).
    if (decoder.bufferedBytes() > limits.maxMessageBytes + 125)
        std::abort();
    (void)bytes;
}

void checkHttp(std::string_view input, std::size_t chunk)
{
    pulse::net::HttpRequestParser parser(pulse::net::HttpLimits { 2048, 16, 4096 });
    std::size_t total = 0;
    auto state = pulse::net::HttpRequestParser::State::Incomplete;
    for (std::size_t i = 0; i < input.size() && state == pulse::net::HttpRequestParser::State::Incomplete; i += chunk) {
        std::size_t consumed = 0;
        state = parser.feed(input.substr(i, chunk), consumed);
        if (consumed > chunk)
            std::abort();
        total += consumed;
    }
    if (state == pulse::net::HttpRequestParser::State::Error) {
        const int s = parser.errorStatus();
        if ((s != 400 && s != 413 && s != 431 && s != 501 && s != 505) || parser.errorReason().empty())
            std::abort();
        return;
    }
    if (state != pulse::net::HttpRequestParser::State::Complete)
        return;
    if (total > 2048)
        std::abort();
    const pulse::net::HttpRequest& r = parser.request();
    if (r.target.empty() || r.target.front() != '/')
        std::abort();
    (void)r.queryItem("name");
    const auto h = pulse::net::acceptWebSocket(r, { { "https://a.example" }, "graphql-transport-ws" });
    if (h.response.empty() || (h.isAccepted() != (h.status == 101)))
        std::abort();
    // Whatever follows the head is WebSocket input.
    checkFrames(input.substr(std::min(total, input.size())), chunk, pulse::net::WsLimits { 4096, 8192, 16, true });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t chunk = 1 + data[0] % 17;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    checkFrames(input, input.size() + 1, pulse::net::WsLimits {});
    checkFrames(input, chunk, pulse::net::WsLimits { 64, 128, 4, true });
    checkFrames(input, chunk, pulse::net::WsLimits { 1 << 20, 1 << 20, 1024, false });
    checkHttp(input, chunk);
    return 0;
}
