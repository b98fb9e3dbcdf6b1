#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulse::net {

enum class WsOpcode : std::uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

/** RFC 6455 close codes the server sends. */
namespace wsclose {
inline constexpr std::uint16_t Normal = 1000;
inline constexpr std::uint16_t GoingAway = 1001;
inline constexpr std::uint16_t ProtocolError = 1002;
inline constexpr std::uint16_t UnsupportedData = 1003;
inline constexpr std::uint16_t NoStatus = 1005;
inline constexpr std::uint16_t InvalidPayload = 1007;
inline constexpr std::uint16_t PolicyViolation = 1008;
inline constexpr std::uint16_t MessageTooBig = 1009;
inline constexpr std::uint16_t InternalError = 1011;
inline constexpr std::uint16_t TryAgainLater = 1013;
} // namespace wsclose

/** Why the decoder rejected its input; each kind has one close code and a label for metrics. */
enum class WsFrameError : std::uint8_t {
    None,
    ReservedBits,
    ReservedOpcode,
    Unmasked,
    NonMinimalLength,
    LengthMsbSet,
    ControlTooLong,
    ControlFragmented,
    UnexpectedContinuation,
    ExpectedContinuation,
    FrameTooBig,
    MessageTooBig,
    TooManyFragments,
    InvalidUtf8,
    InvalidClosePayload,
    InvalidCloseCode,
};
inline constexpr int kWsFrameErrorCount = 16;

/** The close code for a rejection: 1002, 1007 or 1009. */
std::uint16_t closeCodeFor(WsFrameError error);
/** A short snake_case label (`frame_too_big`) for metrics. */
std::string_view frameErrorLabel(WsFrameError error);

struct WsLimits {
    std::uint64_t maxFrameBytes = 1024 * 1024; ///< payload of one frame
    std::uint64_t maxMessageBytes = 1024 * 1024; ///< payload of one message, all fragments together
    std::uint32_t maxFragments = 1024; ///< frames of one message
    bool requireMask = true; ///< servers require masked client frames; clients refuse masked ones
};

/** A complete message (Text, Binary) or a control frame (Close, Ping, Pong). */
struct WsMessage {
    WsOpcode opcode = WsOpcode::Text;
    std::string payload;
};

/**
 * Incremental RFC 6455 frame decoder. Every header is checked before its payload is read, so a frame or message over
 * the limits is refused without buffering it. Once it fails it stays failed.
 */
class WsFrameDecoder {
public:
    explicit WsFrameDecoder(WsLimits limits = {});

    /** Decodes `data`, appending every finished message or control frame; false once the input is rejected. */
    bool feed(std::string_view data, std::vector<WsMessage>& out);
    bool hasError() const { return m_error != WsFrameError::None; }
    WsFrameError error() const { return m_error; }
    std::uint16_t errorCloseCode() const { return closeCodeFor(m_error); }
    const std::string& errorReason() const { return m_errorReason; }
    /** Bytes held for a message not yet finished (for accounting). */
    std::size_t bufferedBytes() const { return m_message.size() + m_control.size(); }

private:
    bool fail(WsFrameError error, std::string reason);
    bool checkHeader();
    bool finishFrame(std::vector<WsMessage>& out);

    WsLimits m_limits;
    WsFrameError m_error = WsFrameError::None;
    std::string m_errorReason;
    // Current frame.
    unsigned char m_header[14] {};
    std::size_t m_headerHave = 0;
    std::size_t m_headerNeed = 2;
    bool m_isFin = false;
    WsOpcode m_opcode = WsOpcode::Text;
    bool m_isMasked = false;
    unsigned char m_mask[4] {};
    std::uint64_t m_payloadLength = 0;
    std::uint64_t m_payloadHave = 0;
    bool m_isInPayload = false;
    std::string m_control;
    // Message being reassembled from fragments.
    bool m_isInMessage = false;
    WsOpcode m_messageOpcode = WsOpcode::Text;
    std::string m_message;
    std::uint32_t m_fragments = 0;
};

/** One frame; `maskKey` set for client frames. */
std::string encodeWsFrame(
    WsOpcode opcode, std::string_view payload, bool isFin = true, std::optional<std::uint32_t> maskKey = std::nullopt);
/** Appends the header of an unmasked frame with that payload length (the payload follows). */
void appendWsFrameHeader(std::string& out, WsOpcode opcode, std::uint64_t payloadLength, bool isFin = true);
/** The payload of a close frame: code and a reason cut to 123 bytes at a UTF-8 boundary. */
std::string wsClosePayload(std::uint16_t code, std::string_view reason);

struct WsCloseInfo {
    std::uint16_t code = wsclose::NoStatus;
    std::string reason;
};
/** Parses a close payload as the decoder delivers it (already validated). */
WsCloseInfo parseWsClosePayload(std::string_view payload);

/** Whether a code may appear in a close frame on the wire (RFC 6455 7.4). */
bool isValidWsCloseCode(std::uint16_t code);
/** Strict UTF-8: no overlongs, surrogates or code points above U+10FFFF. */
bool isValidUtf8(std::string_view s);

} // namespace pulse::net
