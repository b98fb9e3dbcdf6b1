#include "sketch/hyperloglog.h"

#include "model/hash.h"
#include "sketch/bytecodec.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>

namespace pulse {

namespace {

constexpr int kRankBits = 64 - HyperLogLog::kPrecision;
constexpr std::uint8_t kMaxRank = kRankBits + 1;
constexpr std::uint8_t kModeExact = 0;
constexpr std::uint8_t kModeDense = 1;

// sigma(x) = x + sum_k x^(2^k) 2^(k-1), the correction for empty registers.
double sigma(double x)
{
    if (x == 1.0)
        return std::numeric_limits<double>::infinity();
    double y = 1.0;
    double z = x;
    double previous = 0.0;
    do {
        x *= x;
        previous = z;
        z += x * y;
        y += y;
    } while (z != previous);
    return z;
}

// tau(x) = (1 - x - sum_k (1 - x^(2^-k))^2 2^-k) / 3, the correction for saturated registers.
double tau(double x)
{
    if (x == 0.0 || x == 1.0)
        return 0.0;
    double y = 1.0;
    double z = 1.0 - x;
    double previous = 0.0;
    do {
        x = std::sqrt(x);
        previous = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
    } while (z != previous);
    return z / 3.0;
}

std::optional<HyperLogLog> fail(std::string* error, const char* reason)
{
    if (error)
        *error = reason;
    return std::nullopt;
}

} // namespace

void HyperLogLog::add(std::uint64_t hash)
{
    if (!isExact()) {
        addToRegisters(hash);
        return;
    }
    const auto it = std::lower_bound(m_exact.begin(), m_exact.end(), hash);
    if (it != m_exact.end() && *it == hash)
        return;
    m_exact.insert(it, hash);
    if (m_exact.size() > kExactLimit)
        toRegisters();
}

void HyperLogLog::merge(const HyperLogLog& other)
{
    if (&other == this)
        return;
    if (other.isExact()) {
        for (const std::uint64_t hash : other.m_exact)
            add(hash);
        return;
    }
    if (isExact())
        toRegisters();
    for (std::size_t i = 0; i < kRegisterCount; ++i)
        m_registers[i] = std::max(m_registers[i], other.m_registers[i]);
}

double HyperLogLog::estimate() const
{
    if (isExact())
        return static_cast<double>(m_exact.size());
    // Ertl's improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017): unbiased
    // across the whole range, so no linear-counting switch-over with its bias bump near 2.5 m.
    std::array<std::uint32_t, kMaxRank + 1> histogram {};
    for (const std::uint8_t r : m_registers)
        ++histogram[r];
    constexpr auto m = static_cast<double>(kRegisterCount);
    double z = m * tau(1.0 - histogram[kMaxRank] / m);
    for (int k = kRankBits; k >= 1; --k)
        z = 0.5 * (z + histogram[static_cast<std::size_t>(k)]);
    z += m * sigma(histogram[0] / m);
    return m * m / (2.0 * std::numbers::ln2 * z);
}

void HyperLogLog::clear()
{
    m_exact.clear();
    m_registers.clear();
}

bool HyperLogLog::isEmpty() const
{
    return isExact() && m_exact.empty();
}

std::size_t HyperLogLog::memoryBytes() const
{
    return sizeof(*this) + m_exact.capacity() * sizeof(std::uint64_t) + m_registers.capacity();
}

void HyperLogLog::toRegisters()
{
    m_registers.assign(kRegisterCount, 0);
    for (const std::uint64_t hash : m_exact)
        addToRegisters(hash);
    m_exact.clear();
    m_exact.shrink_to_fit();
}

void HyperLogLog::addToRegisters(std::uint64_t hash)
{
    // Remixed so that poorly mixed inputs (sequential ids, hashes with weak high bits) still spread over registers.
    hash = hashMix(hash);
    const auto index = static_cast<std::size_t>(hash >> kRankBits);
    // Leading zeros of the remaining bits, plus one; a sentinel bit caps the rank at kMaxRank.
    const std::uint64_t rest = (hash << kPrecision) | (std::uint64_t { 1 } << (kPrecision - 1));
    const auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
    if (rank > m_registers[index])
        m_registers[index] = rank;
}

void HyperLogLog::serialize(std::string& out) const
{
    ByteWriter w(out);
    w.u8(kFormatVersion);
    if (isExact()) {
        w.u8(kModeExact);
        w.u32(static_cast<std::uint32_t>(m_exact.size()));
        for (const std::uint64_t hash : m_exact)
            w.u64(hash);
    } else {
        w.u8(kModeDense);
        w.bytes(std::string_view(reinterpret_cast<const char*>(m_registers.data()), m_registers.size()));
    }
    w.checksum();
}

std::string HyperLogLog::serialized() const
{
    std::string out;
    serialize(out);
    return out;
}

std::optional<HyperLogLog> HyperLogLog::deserialize(std::string_view bytes, std::string* error)
{
    if (bytes.size() < 6)
        return fail(error, "truncated: shorter than the smallest sketch");
    if (static_cast<std::uint8_t>(bytes[0]) != kFormatVersion)
        return fail(error, "unsupported distinct-count format version");
    ByteReader in(bytes);
    if (!in.verifyChecksum())
        return fail(error, "checksum mismatch: corrupt or truncated bytes");
    std::uint8_t version = 0;
    std::uint8_t mode = 0;
    in.u8(version);
    in.u8(mode);
    HyperLogLog result;
    if (mode == kModeExact) {
        std::uint32_t size = 0;
        if (!in.u32(size))
            return fail(error, "truncated exact-set size");
        if (size > kExactLimit)
            return fail(error, "exact set larger than the exact limit");
        if (in.remaining() != std::size_t { size } * 8)
            return fail(error, "exact-set size does not match the data");
        result.m_exact.resize(size);
        for (std::size_t i = 0; i < size; ++i) {
            in.u64(result.m_exact[i]);
            if (i > 0 && result.m_exact[i] <= result.m_exact[i - 1])
                return fail(error, "exact set not strictly increasing");
        }
        return result;
    }
    if (mode == kModeDense) {
        std::string_view registers;
        if (in.remaining() != kRegisterCount || !in.bytes(registers, kRegisterCount))
            return fail(error, "register block has the wrong size");
        result.m_registers.assign(registers.begin(), registers.end());
        bool isAllZero = true;
        for (const std::uint8_t r : result.m_registers) {
            if (r > kMaxRank)
                return fail(error, "register rank out of range");
            isAllZero = isAllZero && r == 0;
        }
        if (isAllZero)
            return fail(error, "dense sketch with all registers zero");
        return result;
    }
    return fail(error, "unknown distinct-count mode");
}

} // namespace pulse
