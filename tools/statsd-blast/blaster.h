#pragma once
// The sending loop of statsd-blast, header-only so bench/ingest/bench_udpreceive.cpp can run it on a
// thread without spawning a process.

#include "ingest/listenaddress.h"
#include "model/metrictype.h"

#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace pulse::blast {

/** The longest line formatLine writes: "blast.s" + 10 digits + ':' + 10 digits + "|ms\n". */
inline constexpr std::size_t kMaxLineBytes = 7 + 10 + 1 + 10 + 4;
inline constexpr std::size_t kMaxDatagramBytes = 65507;
inline constexpr int kMaxLinesPerDatagram = static_cast<int>(kMaxDatagramBytes / kMaxLineBytes);

struct Options {
    ListenAddress target = { "127.0.0.1", 8125, PayloadFormat::Statsd, false };
    std::uint64_t lines = 1'000'000; ///< total, sent in full unless time runs out
    double linesPerS = 0; ///< 0 = as fast as possible
    int linesPerDatagram = 40;
    std::uint32_t series = 1000;
    MetricType type = MetricType::Counter; ///< Counter, Gauge or Timer
    int cpu = -1; ///< pin the sending thread; -1 = no pinning
    double maxSeconds = 60; ///< hard stop
    const std::atomic<bool>* stop = nullptr; ///< optional external stop (signal handler, benchmark)
};

struct Result {
    std::uint64_t lines = 0;
    std::uint64_t datagrams = 0;
    std::uint64_t bytes = 0;
    double seconds = 0;
    std::uint64_t refusedSends = 0; ///< ECONNREFUSED: nothing was listening for a while
    std::string error; ///< empty on success

    double linesPerS() const { return seconds > 0 ? static_cast<double>(lines) / seconds : 0; }
    std::string toJson() const
    {
        char text[256];
        std::snprintf(text, sizeof text,
            "{\"lines\":%llu,\"datagrams\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"lines_per_s\":%.0f}",
            static_cast<unsigned long long>(lines), static_cast<unsigned long long>(datagrams),
            static_cast<unsigned long long>(bytes), seconds, linesPerS());
        return text;
    }
};

/**
 * Writes line `seq`: `blast.s<k>:<value>|<type>\n` with k = seq % series. Counters send 1 (so the
 * received sum per series is exactly computable), gauges k, timers seq % 1000. Returns the length.
 */
inline std::size_t formatLine(char* out, std::uint64_t seq, std::uint32_t series, MetricType type)
{
    const auto k = static_cast<std::uint32_t>(seq % series);
    char* p = out;
    std::memcpy(p, "blast.s", 7);
    p += 7;
    p = std::to_chars(p, p + 10, k).ptr;
    *p++ = ':';
    const std::uint64_t value = type == MetricType::Gauge ? k : type == MetricType::Timer ? seq % 1000 : 1;
    p = std::to_chars(p, p + 10, value).ptr;
    const std::string_view suffix = type == MetricType::Gauge ? "|g\n" : type == MetricType::Timer ? "|ms\n" : "|c\n";
    std::memcpy(p, suffix.data(), suffix.size());
    return static_cast<std::size_t>(p - out) + suffix.size();
}

/** Checks the options that would make the run meaningless or unbounded. */
inline std::string validate(const Options& o)
{
    if (o.lines == 0)
        return "--lines must be at least 1";
    if (o.linesPerS < 0)
        return "--rate must be 0 (unlimited) or positive";
    if (o.linesPerDatagram < 1 || o.linesPerDatagram > kMaxLinesPerDatagram)
        return "--lines-per-datagram must be from 1 to " + std::to_string(kMaxLinesPerDatagram);
    if (o.series == 0)
        return "--series must be at least 1";
    if (o.type != MetricType::Counter && o.type != MetricType::Gauge && o.type != MetricType::Timer)
        return "--type must be c, g or ms";
    if (!(o.maxSeconds > 0))
        return "--max-seconds must be positive";
    return {};
}

/** Sends with sendmmsg until all lines went out, the time is up or `stop` is set. */
inline Result run(const Options& o)
{
    using SteadyClock = std::chrono::steady_clock;
    Result r;
    if (r.error = validate(o); !r.error.empty())
        return r;
    if (o.cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(o.cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0) {
            r.error = "cannot pin to cpu " + std::to_string(o.cpu) + ": " + std::strerror(errno);
            return r;
        }
    }
    const SocketAddress to = o.target.socketAddress();
    const int fd = ::socket(to.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, to.get(), to.length) != 0) { // connected: no per-datagram route lookup
        r.error = "cannot send to " + o.target.toString() + ": " + std::strerror(errno);
        if (fd >= 0)
            ::close(fd);
        return r;
    }

    // Rate-limited runs send about a millisecond's worth per call so the stream stays smooth.
    constexpr std::size_t kMaxVector = 64;
    const auto lpd = static_cast<std::uint64_t>(o.linesPerDatagram);
    std::size_t vector = kMaxVector;
    if (o.linesPerS > 0)
        vector = std::clamp<std::size_t>(
            static_cast<std::size_t>(o.linesPerS / 1000.0 / static_cast<double>(lpd)), 1, kMaxVector);
    const std::size_t slotBytes = lpd * kMaxLineBytes;
    std::vector<char> buffers(vector * slotBytes);
    std::vector<iovec> iovs(vector);
    std::vector<mmsghdr> messages(vector);
    std::vector<std::uint64_t> linesIn(vector);

    const auto start = SteadyClock::now();
    const auto deadline
        = start + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(o.maxSeconds));
    std::uint64_t seq = 0;
    auto isOver = [&] { return (o.stop && o.stop->load(std::memory_order_relaxed)) || SteadyClock::now() >= deadline; };

    while (seq < o.lines && !isOver()) {
        if (o.linesPerS > 0) {
            const auto due = start
                + std::chrono::duration_cast<SteadyClock::duration>(
                    std::chrono::duration<double>(static_cast<double>(seq) / o.linesPerS));
            if (due > SteadyClock::now())
                std::this_thread::sleep_until(std::min(due, deadline));
            if (isOver())
                break;
        }
        std::size_t count = 0;
        for (; count < vector && seq < o.lines; ++count) {
            char* slot = buffers.data() + count * slotBytes;
            std::size_t length = 0;
            const std::uint64_t n = std::min(lpd, o.lines - seq);
            for (std::uint64_t i = 0; i < n; ++i)
                length += formatLine(slot + length, seq++, o.series, o.type);
            linesIn[count] = n;
            iovs[count] = { slot, length };
            messages[count] = {};
            messages[count].msg_hdr.msg_iov = &iovs[count];
            messages[count].msg_hdr.msg_iovlen = 1;
        }
        std::size_t done = 0;
        while (done < count) {
            const int sent = ::sendmmsg(fd, messages.data() + done, static_cast<unsigned>(count - done), 0);
            if (sent < 0) {
                const int err = errno;
                if (err == ECONNREFUSED)
                    ++r.refusedSends; // a previous datagram hit a closed port; this one was not sent
                else if (err != EAGAIN && err != ENOBUFS && err != EINTR) {
                    r.error = "sendmmsg to " + o.target.toString() + ": " + std::strerror(err);
                    break;
                }
                if (isOver())
                    break;
                continue;
            }
            for (int i = 0; i < sent; ++i) {
                r.lines += linesIn[done + static_cast<std::size_t>(i)];
                r.bytes += messages[done + static_cast<std::size_t>(i)].msg_len;
            }
            r.datagrams += static_cast<std::uint64_t>(sent);
            done += static_cast<std::size_t>(sent);
        }
        if (!r.error.empty() || done < count)
            break;
    }
    r.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    ::close(fd);
    return r;
}

} // namespace pulse::blast
