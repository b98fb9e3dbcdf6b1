#include "net/websocketframe.h"

#include <algorithm>
#include <cstring>

namespace pulse::net {

namespace {

bool isControl(WsOpcode op)
{
    return (static_cast<std::uint8_t>(op) & 0x8) != 0;
}

bool isKnownOpcode(std::uint8_t op)
{
    return op <= 2 || (op >= 8 && op <= 10);
}

} // namespace

std::uint16_t closeCodeFor(WsFrameError error)
{
    switch (error) {
    case WsFrameError::None:
        return wsclose::Normal;
    case WsFrameError::FrameTooBig:
    case WsFrameError::MessageTooBig:
    case WsFrameError::TooManyFragments:
        return wsclose::MessageTooBig;
    case WsFrameError::InvalidUtf8:
        return wsclose::InvalidPayload;
    default:
        return wsclose::ProtocolError;
    }
}

std::string_view frameErrorLabel(WsFrameError error)
{
    switch (error) {
    case WsFrameError::None:
        return "none";
    case WsFrameError::ReservedBits:
        return "reserved_bits";
    case WsFrameError::ReservedOpcode:
        return "reserved_opcode";
    case WsFrameError::Unmasked:
        return "unmasked";
    case WsFrameError::NonMinimalLength:
        return "non_minimal_length";
    case WsFrameError::LengthMsbSet:
        return "length_msb_set";
    case WsFrameError::ControlTooLong:
        return "control_too_long";
    case WsFrameError::ControlFragmented:
        return "control_fragmented";
    case WsFrameError::UnexpectedContinuation:
        return "unexpected_continuation";
    case WsFrameError::ExpectedContinuation:
        return "expected_continuation";
    case WsFrameError::FrameTooBig:
        return "frame_too_big";
    case WsFrameError::MessageTooBig:
        return "message_too_big";
    case WsFrameError::TooManyFragments:
        return "too_many_fragments";
    case WsFrameError::InvalidUtf8:
        return "invalid_utf8";
    case WsFrameError::InvalidClosePayload:
        return "invalid_close_payload";
    case WsFrameError::InvalidCloseCode:
        return "invalid_close_code";
    }
    return "unknown";
}

bool isValidWsCloseCode(std::uint16_t code)
{
    if (code >= 3000 && code <= 4999)
        return true;
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

bool isValidUtf8(std::string_view s)
{
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        // Fast path over ASCII, eight bytes at a time.
        if (end - p >= 8) {
            std::uint64_t chunk;
            std::memcpy(&chunk, p, 8);
            if ((chunk & 0x8080808080808080ull) == 0) {
                p += 8;
                continue;
            }
        }
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra = 0;
        std::uint32_t cp = 0;
        std::uint32_t minCp = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
            minCp = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
            minCp = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
            minCp = 0x10000;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < minCp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += extra + 1;
    }
    return true;
}

WsFrameDecoder::WsFrameDecoder(WsLimits limits)
    : m_limits(limits)
{ }

bool WsFrameDecoder::fail(WsFrameError error, std::string reason)
{
    m_error = error;
    m_errorReason = std::move(reason);
    m_message.clear();
    m_message.shrink_to_fit();
    m_control.clear();
    return false;
}

bool WsFrameDecoder::checkHeader()
{
    const unsigned char b0 = m_header[0];
    const unsigned char b1 = m_header[1];
    if (b0 & 0x70)
        return fail(WsFrameError::ReservedBits, "reserved bits set without an extension");
    if (!isKnownOpcode(b0 & 0x0F))
        return fail(WsFrameError::ReservedOpcode, "reserved opcode " + std::to_string(b0 & 0x0F));
    m_isFin = (b0 & 0x80) != 0;
    m_opcode = static_cast<WsOpcode>(b0 & 0x0F);
    m_isMasked = (b1 & 0x80) != 0;
    if (m_limits.requireMask && !m_isMasked)
        return fail(WsFrameError::Unmasked, "client frames must be masked");
    if (!m_limits.requireMask && m_isMasked)
        return fail(WsFrameError::Unmasked, "server frames must not be masked");
    const unsigned len7 = b1 & 0x7F;
    std::size_t at = 2;
    if (len7 == 126) {
        m_payloadLength = (std::uint64_t(m_header[2]) << 8) | m_header[3];
        if (m_payloadLength < 126)
            return fail(WsFrameError::NonMinimalLength, "16-bit length used for a short payload");
        at = 4;
    } else if (len7 == 127) {
        m_payloadLength = 0;
        for (int i = 0; i < 8; ++i)
            m_payloadLength = (m_payloadLength << 8) | m_header[2 + i];
        if (m_payloadLength >> 63)
            return fail(WsFrameError::LengthMsbSet, "64-bit length with the most significant bit set");
        if (m_payloadLength <= 0xFFFF)
            return fail(WsFrameError::NonMinimalLength, "64-bit length used for a short payload");
        at = 10;
    } else {
        m_payloadLength = len7;
    }
    if (m_isMasked)
        std::memcpy(m_mask, m_header + at, 4);
    if (isControl(m_opcode)) {
        if (!m_isFin)
            return fail(WsFrameError::ControlFragmented, "fragmented control frame");
        if (m_payloadLength > 125)
            return fail(WsFrameError::ControlTooLong, "control frame payload over 125 bytes");
        return true;
    }
    if (m_payloadLength > m_limits.maxFrameBytes)
        return fail(WsFrameError::FrameTooBig,
            "frame of " + std::to_string(m_payloadLength) + " bytes over the limit of "
                + std::to_string(m_limits.maxFrameBytes));
    if (m_opcode == WsOpcode::Continuation) {
        if (!m_isInMessage)
            return fail(WsFrameError::UnexpectedContinuation, "continuation frame without a message to continue");
    } else {
        if (m_isInMessage)
            return fail(WsFrameError::ExpectedContinuation, "new data frame while a fragmented message is open");
        m_isInMessage = true;
        m_messageOpcode = m_opcode;
        m_fragments = 0;
    }
    if (++m_fragments > m_limits.maxFragments)
        return fail(WsFrameError::TooManyFragments,
            "message in more than " + std::to_string(m_limits.maxFragments) + " fragments");
    if (m_message.size() + m_payloadLength > m_limits.maxMessageBytes)
        return fail(WsFrameError::MessageTooBig,
            "message over the limit of " + std::to_string(m_limits.maxMessageBytes) + " bytes");
    return true;
}

bool WsFrameDecoder::finishFrame(std::vector<WsMessage>& out)
{
    if (isControl(m_opcode)) {
        if (m_opcode == WsOpcode::Close) {
            if (m_control.size() == 1)
                return fail(WsFrameError::InvalidClosePayload, "close payload of one byte");
            if (m_control.size() >= 2) {
                const auto code = static_cast<std::uint16_t>(
                    (static_cast<unsigned char>(m_control[0]) << 8) | static_cast<unsigned char>(m_control[1]));
                if (!isValidWsCloseCode(code))
                    return fail(WsFrameError::InvalidCloseCode, "invalid close code " + std::to_string(code));
                if (!isValidUtf8(std::string_view(m_control).substr(2)))
                    return fail(WsFrameError::InvalidUtf8, "close reason is not UTF-8");
            }
        }
        out.push_back(WsMessage { m_opcode, std::move(m_control) });
        m_control.clear();
        return true;
    }
    if (!m_isFin)
        return true;
    if (m_messageOpcode == WsOpcode::Text && !isValidUtf8(m_message))
        return fail(WsFrameError::InvalidUtf8, "text message is not valid UTF-8");
    out.push_back(WsMessage { m_messageOpcode, std::move(m_message) });
    m_message.clear();
    m_isInMessage = false;
    m_fragments = 0;
    return true;
}

bool WsFrameDecoder::feed(std::string_view data, std::vector<WsMessage>& out)
{
    if (hasError())
        return false;
    while (!data.empty()) {
        if (!m_isInPayload) {
            const std::size_t take = std::min(m_headerNeed - m_headerHave, data.size());
            std::memcpy(m_header + m_headerHave, data.data(), take);
            m_headerHave += take;
            data.remove_prefix(take);
            if (m_headerHave < m_headerNeed)
                return true;
            if (m_headerNeed == 2) {
                const unsigned len7 = m_header[1] & 0x7F;
                m_headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((m_header[1] & 0x80) ? 4 : 0);
                if (m_headerNeed > 2)
                    continue;
            }
            if (!checkHeader())
                return false;
            m_headerHave = 0;
            m_headerNeed = 2;
            m_isInPayload = true;
            m_payloadHave = 0;
        }
        std::string& target = isControl(m_opcode) ? m_control : m_message;
        const std::uint64_t left = m_payloadLength - m_payloadHave;
        const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(left, data.size()));
        const std::size_t base = target.size();
        target.append(data.substr(0, take));
        if (m_isMasked) {
            char* p = target.data() + base;
            for (std::size_t i = 0; i < take; ++i)
                p[i] = static_cast<char>(p[i] ^ m_mask[(m_payloadHave + i) & 3]);
        }
        m_payloadHave += take;
        data.remove_prefix(take);
        if (m_payloadHave == m_payloadLength) {
            m_isInPayload = false;
            if (!finishFrame(out))
                return false;
        }
    }
    return true;
}

void appendWsFrameHeader(std::string& out, WsOpcode opcode, std::uint64_t payloadLength, bool isFin)
{
    out.push_back(static_cast<char>((isFin ? 0x80 : 0) | static_cast<std::uint8_t>(opcode)));
    if (payloadLength < 126) {
        out.push_back(static_cast<char>(payloadLength));
    } else if (payloadLength <= 0xFFFF) {
        out.push_back(126);
        out.push_back(static_cast<char>(payloadLength >> 8));
        out.push_back(static_cast<char>(payloadLength & 0xFF));
    } else {
        out.push_back(127);
        for (int i = 7; i >= 0; --i)
            out.push_back(static_cast<char>((payloadLength >> (8 * i)) & 0xFF));
    }
}

std::string encodeWsFrame(WsOpcode opcode, std::string_view payload, bool isFin, std::optional<std::uint32_t> maskKey)
{
    std::string out;
    out.reserve(payload.size() + 14);
    appendWsFrameHeader(out, opcode, payload.size(), isFin);
    if (!maskKey) {
        out.append(payload);
        return out;
    }
    out[1] = static_cast<char>(out[1] | 0x80);
    const unsigned char key[4]
        = { static_cast<unsigned char>(*maskKey >> 24), static_cast<unsigned char>(*maskKey >> 16),
              static_cast<unsigned char>(*maskKey >> 8), static_cast<unsigned char>(*maskKey) };
    out.append(reinterpret_cast<const char*>(key), 4);
    const std::size_t base = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out[base + i] = static_cast<char>(out[base + i] ^ key[i & 3]);
    return out;
}

std::string wsClosePayload(std::uint16_t code, std::string_view reason)
{
    // 125 bytes of control payload minus the code; never cut inside a UTF-8 sequence.
    std::size_t n = std::min<std::size_t>(reason.size(), 123);
    while (n > 0 && n < reason.size() && (static_cast<unsigned char>(reason[n]) & 0xC0) == 0x80)
        --n;
    std::string out;
    out.push_back(static_cast<char>(code >> 8));
    out.push_back(static_cast<char>(code & 0xFF));
    out.append(reason.substr(0, n));
    return out;
}

WsCloseInfo parseWsClosePayload(std::string_view payload)
{
    WsCloseInfo info;
    if (payload.size() >= 2) {
        info.code = static_cast<std::uint16_t>(
            (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]));
        info.reason = std::string(payload.substr(2));
    }
    return info;
}

} // namespace pulse::net
