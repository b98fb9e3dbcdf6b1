#pragma once

#include "ingest/ingestbatch.h"
#include "model/clock.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pulse {

/**
 * Measures the local machine from /proc: CPU, load, memory, swap, network and disk throughput, as
 * gauges tagged host=<hostname>. Rates and CPU percentages come from deltas between two calls, so
 * the first call yields only the instantaneous values. Missing or malformed files are skipped and
 * reported in problems(); nothing here throws. Not thread-safe: call from one thread.
 */
class SystemCollector {
public:
    /** `procRoot` is injectable for tests; an empty `hostname` means this machine's name. */
    explicit SystemCollector(std::string procRoot = "/proc", std::string hostname = {});

    /** One reading, every point stamped `timeMs`; rates use the time elapsed since the previous call. */
    std::vector<PointSample> collect(TimestampMs timeMs);

    /** Why parts of the last reading were skipped ("<file>: <reason>"); empty when all went well. */
    const std::vector<std::string>& problems() const { return m_problems; }
    /** Problems reported over all readings. */
    std::uint64_t problemCount() const { return m_problemCount; }
    const std::string& hostname() const { return m_hostname; }
    const std::string& procRoot() const { return m_procRoot; }

    /** This machine's host name ("localhost" if it cannot be read). */
    static std::string localHostname();

private:
    // user nice system idle iowait irq softirq steal; guest time is already part of user/nice.
    using CpuJiffies = std::array<std::uint64_t, 8>;
    struct ByteCounters {
        std::uint64_t readBytes = 0; ///< rx for interfaces
        std::uint64_t writeBytes = 0; ///< tx for interfaces
    };

    std::optional<std::string> readFile(const std::string& relativePath);
    void problem(const std::string& relativePath, const std::string& reason);
    void addPoint(std::vector<PointSample>& out, const char* name, double value, const char* tagKey = nullptr,
        const std::string& tagValue = {}) const;

    void collectCpu(std::vector<PointSample>& out);
    void collectLoad(std::vector<PointSample>& out);
    void collectMemory(std::vector<PointSample>& out);
    void collectNet(std::vector<PointSample>& out, std::optional<double> elapsedS);
    void collectDisk(std::vector<PointSample>& out, std::optional<double> elapsedS);
    void addRates(std::vector<PointSample>& out, const std::map<std::string, ByteCounters>& current,
        std::map<std::string, ByteCounters>& previous, std::optional<double> elapsedS, const char* readName,
        const char* writeName, const char* tagKey);

    std::string m_procRoot;
    std::string m_hostname;
    TimestampMs m_timeMs = 0;
    std::optional<TimestampMs> m_previousTimeMs;
    std::map<std::string, CpuJiffies> m_previousCpu;
    std::map<std::string, ByteCounters> m_previousNet;
    std::map<std::string, ByteCounters> m_previousDisk;
    std::vector<std::string> m_problems;
    std::uint64_t m_problemCount = 0;
};

} // namespace pulse
