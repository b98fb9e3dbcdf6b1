#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pulse {

/**
 * Mergeable distinct-count estimator: exact for small sets, HyperLogLog (p = 12) beyond. Adds 64-bit hashes of the
 * members (e.g. hashBytes()); they are remixed, so even raw integer ids are fine. Standard error 1.6 %; 4 KiB of
 * registers once past the exact set.
 */
class HyperLogLog {
public:
    static constexpr int kPrecision = 12;
    static constexpr std::size_t kRegisterCount = std::size_t { 1 } << kPrecision;
    /** Distinct hashes kept exactly before switching to registers. */
    static constexpr std::size_t kExactLimit = 256;
    static constexpr std::uint8_t kFormatVersion = 1;

    void add(std::uint64_t hash);
    /** Union: the result equals the sketch of both inputs' hashes, bit for bit. */
    void merge(const HyperLogLog& other);
    /** Exact while isExact(); afterwards Ertl's improved estimator (unbiased from tiny to huge counts). */
    double estimate() const;
    void clear();
    bool isEmpty() const;
    /** True while the count is exact (at most kExactLimit distinct hashes seen). */
    bool isExact() const { return m_registers.empty(); }
    /** Bytes held by the object and its buffers (capacity, not size). */
    std::size_t memoryBytes() const;

    /** Appends a versioned compact binary form. */
    void serialize(std::string& out) const;
    std::string serialized() const;
    /** Parses serialize() output; nullopt (and *error set) on corrupt, truncated or wrong-version bytes. */
    static std::optional<HyperLogLog> deserialize(std::string_view bytes, std::string* error = nullptr);

private:
    void toRegisters();
    void addToRegisters(std::uint64_t hash);

    std::vector<std::uint64_t> m_exact; // sorted, unique; emptied once m_registers is in use
    std::vector<std::uint8_t> m_registers;
};

} // namespace pulse
