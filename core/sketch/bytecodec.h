#pragma once

#include "model/hash.h"

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

namespace pulse {

/** Appends little-endian fields to a byte string, whatever the host byte order. */
class ByteWriter {
public:
    explicit ByteWriter(std::string& out)
        : m_out(out)
        , m_start(out.size())
    { }

    void u8(std::uint8_t v) { m_out.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) { fixed(v, 4); }
    void u64(std::uint64_t v) { fixed(v, 8); }
    void f32(float v) { u32(std::bit_cast<std::uint32_t>(v)); }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void bytes(std::string_view v) { m_out.append(v); }

    void varint(std::uint64_t v)
    {
        while (v >= 0x80) {
            m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        m_out.push_back(static_cast<char>(v));
    }

    /** Appends a 32-bit checksum of everything written through this writer. */
    void checksum() { u32(static_cast<std::uint32_t>(hashBytes(std::string_view(m_out).substr(m_start)))); }

private:
    void fixed(std::uint64_t v, int size)
    {
        for (int i = 0; i < size; ++i)
            m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }

    std::string& m_out;
    std::size_t m_start;
};

/** Reads little-endian fields; every read fails (returns false) instead of running past the end. */
class ByteReader {
public:
    explicit ByteReader(std::string_view bytes)
        : m_bytes(bytes)
    { }

    /**
     * Splits off a trailing checksum written by ByteWriter::checksum(); false when it is missing or does not match.
     * Afterwards the reader covers only the checked payload.
     */
    bool verifyChecksum()
    {
        if (m_bytes.size() < 4)
            return false;
        const std::string_view payload = m_bytes.substr(0, m_bytes.size() - 4);
        ByteReader tail(m_bytes.substr(m_bytes.size() - 4));
        std::uint32_t stored = 0;
        tail.u32(stored);
        m_bytes = payload;
        return static_cast<std::uint32_t>(hashBytes(payload)) == stored;
    }

    std::size_t remaining() const { return m_bytes.size() - m_pos; }

    bool u8(std::uint8_t& v)
    {
        if (remaining() < 1)
            return false;
        v = static_cast<std::uint8_t>(m_bytes[m_pos++]);
        return true;
    }

    bool u32(std::uint32_t& v)
    {
        std::uint64_t wide = 0;
        if (!fixed(wide, 4))
            return false;
        v = static_cast<std::uint32_t>(wide);
        return true;
    }

    bool u64(std::uint64_t& v) { return fixed(v, 8); }

    bool f32(float& v)
    {
        std::uint32_t bits = 0;
        if (!u32(bits))
            return false;
        v = std::bit_cast<float>(bits);
        return true;
    }

    bool f64(double& v)
    {
        std::uint64_t bits = 0;
        if (!u64(bits))
            return false;
        v = std::bit_cast<double>(bits);
        return true;
    }

    /** A view of the next `size` bytes. */
    bool bytes(std::string_view& v, std::size_t size)
    {
        if (remaining() < size)
            return false;
        v = m_bytes.substr(m_pos, size);
        m_pos += size;
        return true;
    }

    /** LEB128; rejects encodings longer than 64 bits. */
    bool varint(std::uint64_t& v)
    {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            std::uint8_t b = 0;
            if (!u8(b))
                return false;
            if (shift == 63 && b > 1)
                return false;
            v |= std::uint64_t { b & 0x7fu } << shift;
            if ((b & 0x80) == 0)
                return true;
        }
        return false;
    }

private:
    bool fixed(std::uint64_t& v, int size)
    {
        if (remaining() < static_cast<std::size_t>(size))
            return false;
        v = 0;
        for (int i = 0; i < size; ++i)
            v |= std::uint64_t { static_cast<std::uint8_t>(m_bytes[m_pos++]) } << (8 * i);
        return true;
    }

    std::string_view m_bytes;
    std::size_t m_pos = 0;
};

} // namespace pulse
