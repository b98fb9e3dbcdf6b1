#include "system/systemcollector.h"

#include "model/textsplit.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <set>
#include <string_view>

namespace pulse {

namespace {

constexpr std::size_t kMaxFileBytes = 4 * 1024 * 1024; // /proc files are small; cap hostile fixtures
constexpr std::uint64_t kSectorBytes = 512; // diskstats counts 512-byte sectors whatever the device

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::optional<std::uint64_t> toUint(std::string_view s)
{
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::optional<double> toDouble(std::string_view s)
{
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || v < 0)
        return std::nullopt;
    return v;
}

std::string quoted(std::string_view line)
{
    constexpr std::size_t kMax = 60;
    std::string s = "'" + std::string(line.substr(0, kMax));
    return s + (line.size() > kMax ? "...'" : "'");
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/** Linux names partition N of disk D "D" + N, or "D" + "p" + N when D ends in a digit. */
bool isPartitionOf(std::string_view name, std::string_view disk)
{
    if (disk.empty() || name.size() <= disk.size() || !startsWith(name, disk))
        return false;
    std::string_view suffix = name.substr(disk.size());
    if (isDigit(disk.back())) {
        if (suffix.front() != 'p')
            return false;
        suffix.remove_prefix(1);
    }
    return !suffix.empty() && std::all_of(suffix.begin(), suffix.end(), isDigit);
}

bool isVirtualDisk(std::string_view name)
{
    return startsWith(name, "loop") || startsWith(name, "ram") || startsWith(name, "zram");
}

} // namespace

SystemCollector::SystemCollector(std::string procRoot, std::string hostname)
    : m_procRoot(std::move(procRoot))
    , m_hostname(hostname.empty() ? localHostname() : std::move(hostname))
{ }

std::string SystemCollector::localHostname()
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
        return "localhost";
    return name;
}

std::vector<PointSample> SystemCollector::collect(TimestampMs timeMs)
{
    m_problems.clear();
    m_timeMs = timeMs;
    std::optional<double> elapsedS;
    if (m_previousTimeMs) {
        if (timeMs > *m_previousTimeMs)
            elapsedS = static_cast<double>(timeMs - *m_previousTimeMs) / 1000.0;
        else
            problem({}, "time did not advance since the previous reading; rates skipped");
    }

    std::vector<PointSample> out;
    collectCpu(out);
    collectLoad(out);
    collectMemory(out);
    collectNet(out, elapsedS);
    collectDisk(out, elapsedS);
    m_previousTimeMs = timeMs;
    return out;
}

std::optional<std::string> SystemCollector::readFile(const std::string& relativePath)
{
    const std::string path = m_procRoot + "/" + relativePath;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        problem(relativePath, std::strerror(errno));
        return std::nullopt;
    }
    // /proc files report size 0, so read to the end rather than trusting stat.
    std::string text;
    char chunk[16384];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            problem(relativePath, std::strerror(errno));
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0)
            break;
        text.append(chunk, static_cast<std::size_t>(n));
        if (text.size() > kMaxFileBytes) {
            problem(relativePath, "larger than " + std::to_string(kMaxFileBytes) + " bytes");
            ::close(fd);
            return std::nullopt;
        }
    }
    ::close(fd);
    return text;
}

void SystemCollector::problem(const std::string& relativePath, const std::string& reason)
{
    m_problems.push_back(relativePath.empty() ? reason : m_procRoot + "/" + relativePath + ": " + reason);
    ++m_problemCount;
}

void SystemCollector::addPoint(std::vector<PointSample>& out, const char* name, double value, const char* tagKey,
    const std::string& tagValue) const
{
    PointSample p;
    p.name = name;
    p.type = MetricType::Gauge;
    p.value = value;
    p.timeMs = m_timeMs;
    p.tags.emplace_back("host", m_hostname);
    if (tagKey)
        p.tags.emplace_back(tagKey, tagValue);
    out.push_back(std::move(p));
}

void SystemCollector::collectCpu(std::vector<PointSample>& out)
{
    const auto text = readFile("stat");
    std::map<std::string, CpuJiffies> current;
    if (text) {
        for (const std::string_view line : splitLines(*text)) {
            if (!startsWith(line, "cpu"))
                continue;
            const auto fields = splitWhitespace(line);
            CpuJiffies jiffies {};
            bool isValid = fields.size() >= 5; // at least user nice system idle
            for (std::size_t i = 1; isValid && i < fields.size() && i <= jiffies.size(); ++i) {
                const auto v = toUint(fields[i]);
                isValid = v.has_value();
                jiffies[i - 1] = v.value_or(0);
            }
            if (!isValid) {
                problem("stat", "malformed line " + quoted(line));
                continue;
            }
            current.emplace(std::string(fields[0]), jiffies);
        }
        if (!current.contains("cpu"))
            problem("stat", "no 'cpu' totals line");
    }

    for (const auto& [name, now] : current) {
        const auto it = m_previousCpu.find(name);
        if (it == m_previousCpu.end())
            continue;
        // Per-field deltas clamped at zero: iowait is known to go backwards on some kernels.
        std::uint64_t total = 0;
        std::uint64_t idle = 0;
        for (std::size_t i = 0; i < now.size(); ++i) {
            const std::uint64_t d = now[i] >= it->second[i] ? now[i] - it->second[i] : 0;
            total += d;
            if (i == 3 || i == 4)
                idle += d;
        }
        if (total == 0)
            continue; // less than a jiffy elapsed: no information
        addPoint(out, "system.cpu.percent", 100.0 * static_cast<double>(total - idle) / static_cast<double>(total),
            "cpu", name == "cpu" ? std::string("total") : name);
    }
    m_previousCpu = std::move(current);
}

void SystemCollector::collectLoad(std::vector<PointSample>& out)
{
    const auto text = readFile("loadavg");
    if (!text)
        return;
    const auto lines = splitLines(*text);
    const auto fields = splitWhitespace(lines.empty() ? std::string_view() : lines.front());
    std::optional<double> loads[3];
    for (std::size_t i = 0; i < 3 && i < fields.size(); ++i)
        loads[i] = toDouble(fields[i]);
    if (!loads[0] || !loads[1] || !loads[2]) {
        problem("loadavg", "expected three load averages, got " + quoted(*text));
        return;
    }
    addPoint(out, "system.load.1", *loads[0]);
    addPoint(out, "system.load.5", *loads[1]);
    addPoint(out, "system.load.15", *loads[2]);
}

void SystemCollector::collectMemory(std::vector<PointSample>& out)
{
    const auto text = readFile("meminfo");
    if (!text)
        return;
    std::map<std::string_view, std::uint64_t> kv;
    for (const std::string_view line : splitLines(*text)) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view key = line.substr(0, colon);
        if (key != "MemTotal" && key != "MemAvailable" && key != "SwapTotal" && key != "SwapFree")
            continue;
        const auto fields = splitWhitespace(line.substr(colon + 1));
        const auto value = fields.empty() ? std::nullopt : toUint(fields[0]);
        const bool isKb = fields.size() == 2 && fields[1] == "kB";
        if (!value || (fields.size() != 1 && !isKb) || *value > UINT64_MAX / 1024) {
            problem("meminfo", "malformed line " + quoted(line));
            continue;
        }
        kv[key] = isKb ? *value * 1024 : *value;
    }

    const auto total = kv.find("MemTotal");
    const auto available = kv.find("MemAvailable");
    if (total == kv.end() || available == kv.end()) {
        problem("meminfo", "needs MemTotal and MemAvailable");
    } else if (available->second > total->second || total->second == 0) {
        problem("meminfo", "MemAvailable exceeds MemTotal (or MemTotal is 0)");
    } else {
        // "used" as modern free(1) counts it: what is not available without swapping.
        const std::uint64_t used = total->second - available->second;
        addPoint(out, "system.memory.used_bytes", static_cast<double>(used));
        addPoint(out, "system.memory.available_bytes", static_cast<double>(available->second));
        addPoint(out, "system.memory.total_bytes", static_cast<double>(total->second));
        addPoint(
            out, "system.memory.used_percent", 100.0 * static_cast<double>(used) / static_cast<double>(total->second));
    }

    const auto swapTotal = kv.find("SwapTotal");
    const auto swapFree = kv.find("SwapFree");
    if (swapTotal == kv.end() || swapFree == kv.end()) {
        problem("meminfo", "needs SwapTotal and SwapFree");
    } else if (swapFree->second > swapTotal->second) {
        problem("meminfo", "SwapFree exceeds SwapTotal");
    } else {
        addPoint(out, "system.swap.used_bytes", static_cast<double>(swapTotal->second - swapFree->second));
        addPoint(out, "system.swap.total_bytes", static_cast<double>(swapTotal->second));
    }
}

void SystemCollector::collectNet(std::vector<PointSample>& out, std::optional<double> elapsedS)
{
    std::map<std::string, ByteCounters> current;
    if (const auto text = readFile("net/dev")) {
        for (const std::string_view line : splitLines(*text)) {
            const auto colon = line.find(':');
            if (colon == std::string_view::npos)
                continue; // the two header lines
            const auto nameFields = splitWhitespace(line.substr(0, colon));
            const auto fields = splitWhitespace(line.substr(colon + 1));
            const auto rx = fields.size() >= 9 ? toUint(fields[0]) : std::nullopt;
            const auto tx = fields.size() >= 9 ? toUint(fields[8]) : std::nullopt;
            if (nameFields.size() != 1 || !rx || !tx) {
                problem("net/dev", "malformed line " + quoted(line));
                continue;
            }
            current[std::string(nameFields[0])] = { *rx, *tx };
        }
    }
    addRates(out, current, m_previousNet, elapsedS, "system.net.rx_bytes_per_s", "system.net.tx_bytes_per_s", "iface");
}

void SystemCollector::collectDisk(std::vector<PointSample>& out, std::optional<double> elapsedS)
{
    std::map<std::string, ByteCounters> current;
    if (const auto text = readFile("diskstats")) {
        std::set<std::string_view> names;
        std::vector<std::pair<std::string_view, ByteCounters>> devices;
        for (const std::string_view line : splitLines(*text)) {
            const auto fields = splitWhitespace(line);
            if (fields.empty())
                continue;
            // major minor name reads merged sectorsRead msRead writes merged sectorsWritten ...
            const auto read = fields.size() >= 10 ? toUint(fields[5]) : std::nullopt;
            const auto written = fields.size() >= 10 ? toUint(fields[9]) : std::nullopt;
            if (!read || !written || *read > UINT64_MAX / kSectorBytes || *written > UINT64_MAX / kSectorBytes) {
                problem("diskstats", "malformed line " + quoted(line));
                continue;
            }
            names.insert(fields[2]);
            devices.emplace_back(fields[2], ByteCounters { *read * kSectorBytes, *written * kSectorBytes });
        }
        for (const auto& device : devices) {
            const std::string_view name = device.first;
            if (isVirtualDisk(name))
                continue;
            const bool isPartition = std::any_of(
                names.begin(), names.end(), [&](std::string_view disk) { return isPartitionOf(name, disk); });
            if (!isPartition)
                current[std::string(name)] = device.second;
        }
    }
    addRates(out, current, m_previousDisk, elapsedS, "system.disk.read_bytes_per_s", "system.disk.write_bytes_per_s",
        "device");
}

void SystemCollector::addRates(std::vector<PointSample>& out, const std::map<std::string, ByteCounters>& current,
    std::map<std::string, ByteCounters>& previous, std::optional<double> elapsedS, const char* readName,
    const char* writeName, const char* tagKey)
{
    if (elapsedS) {
        for (const auto& [name, now] : current) {
            const auto it = previous.find(name);
            if (it == previous.end())
                continue;
            // A counter that went backwards was reset (or wrapped); skip this interval, never go negative.
            if (now.readBytes >= it->second.readBytes)
                addPoint(
                    out, readName, static_cast<double>(now.readBytes - it->second.readBytes) / *elapsedS, tagKey, name);
            if (now.writeBytes >= it->second.writeBytes)
                addPoint(out, writeName, static_cast<double>(now.writeBytes - it->second.writeBytes) / *elapsedS,
                    tagKey, name);
        }
    }
    previous = current;
}

} // namespace pulse
