#include "ingest/udpreceiver.h"

#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace pulse {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Counters have a single writer (the receiver thread): a relaxed load + store avoids a locked
// read-modify-write on the hot path and is still a tear-free read for other threads.
void add(std::atomic<std::uint64_t>& counter, std::uint64_t n)
{
    if (n != 0)
        counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

std::string bindErrorText(int err)
{
    switch (err) {
    case EADDRINUSE:
        return "address already in use";
    case EADDRNOTAVAIL:
        return "address not available on this machine";
    case EACCES:
        return "permission denied";
    default:
        return std::strerror(err);
    }
}

/** Tracks the kernel's 32-bit drop counter as a 64-bit total, ignoring values older than the last. */
class DropTracker {
public:
    /** The new total when `raw` is newer than the last value seen. */
    std::optional<std::uint64_t> observe(std::uint32_t raw)
    {
        const auto delta = static_cast<std::int32_t>(raw - m_lastRaw);
        if (delta <= 0)
            return std::nullopt; // a datagram queued before drops we already know of
        m_lastRaw = raw;
        m_total += static_cast<std::uint32_t>(delta);
        return m_total;
    }

private:
    std::uint32_t m_lastRaw = 0;
    std::uint64_t m_total = 0;
};

constexpr std::size_t kControlBytes = CMSG_SPACE(sizeof(std::uint32_t));

} // namespace

UdpReceiver::UdpReceiver(UdpReceiverConfig config, IngestQueue& queue, const Clock& clock)
    : m_config(std::move(config))
    , m_queue(queue)
    , m_clock(clock)
{
    if (m_config.messagesPerCall == 0)
        m_config.messagesPerCall = 1;
    if (m_config.maxDatagramBytes == 0)
        m_config.maxDatagramBytes = 1;
}

UdpReceiver::~UdpReceiver()
{
    stop();
}

std::optional<std::string> UdpReceiver::start()
{
    if (state() != UdpReceiverSnapshot::State::Idle)
        return std::string("receiver for ") + m_config.address.toString() + " was already started";
    if (auto error = openSocket()) {
        fail(*error);
        return error;
    }
    m_state.store(UdpReceiverSnapshot::State::Running, std::memory_order_release);
    m_thread = std::thread([this] { run(); });
    return std::nullopt;
}

std::optional<std::string> UdpReceiver::restart()
{
    std::lock_guard lock(m_restartMutex);
    if (state() != UdpReceiverSnapshot::State::Failed)
        return std::string("receiver for ") + m_config.address.toString() + " has not failed";
    if (m_isStopRequested.load(std::memory_order_relaxed))
        return std::string("receiver for ") + m_config.address.toString() + " is stopping";
    if (m_thread.joinable()) // it failed while receiving and has left run()
        m_thread.join();
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (auto error = openSocket()) {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        fail(*error);
        return error;
    }
    {
        std::lock_guard textLock(m_textMutex);
        m_errorMessage.clear();
    }
    ++m_restarts;
    m_state.store(UdpReceiverSnapshot::State::Running, std::memory_order_release);
    m_thread = std::thread([this] { run(); });
    return std::nullopt;
}

void UdpReceiver::stop()
{
    std::lock_guard lock(m_restartMutex);
    m_isStopRequested.store(true, std::memory_order_relaxed);
    if (m_thread.joinable())
        m_thread.join();
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    auto running = UdpReceiverSnapshot::State::Running;
    m_state.compare_exchange_strong(running, UdpReceiverSnapshot::State::Stopped, std::memory_order_acq_rel);
}

UdpReceiverSnapshot UdpReceiver::snapshot() const
{
    UdpReceiverSnapshot s;
    s.state = state();
    s.boundPort = boundPort();
    s.rcvBufRequestedBytes = m_config.rcvBufBytes;
    s.rcvBufGrantedBytes = m_rcvBufGrantedBytes.load(std::memory_order_relaxed);
    {
        std::lock_guard lock(m_textMutex);
        s.errorMessage = m_errorMessage;
        s.rcvBufWarning = m_rcvBufWarning;
    }
    s.datagrams = m_datagrams.load(std::memory_order_relaxed);
    s.bytes = m_bytes.load(std::memory_order_relaxed);
    s.truncated = m_truncated.load(std::memory_order_relaxed);
    s.kernelDrops = m_kernelDrops.load(std::memory_order_relaxed);
    s.batches = m_batches.load(std::memory_order_relaxed);
    s.discardedAtStop = m_discardedAtStop.load(std::memory_order_relaxed);
    return s;
}

void UdpReceiver::fail(std::string message)
{
    {
        std::lock_guard lock(m_textMutex);
        m_errorMessage = std::move(message);
    }
    m_state.store(UdpReceiverSnapshot::State::Failed, std::memory_order_release);
}

std::optional<std::string> UdpReceiver::openSocket()
{
    const std::string where = "cannot listen on " + m_config.address.toString() + ": ";
    const SocketAddress address = m_config.address.socketAddress();
    m_fd = ::socket(address.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return where + std::strerror(errno);

    const int one = 1;
    const int zero = 0;
    // [::] should also receive IPv4 (dual stack) whatever the system default says.
    if (m_config.address.isIpv6)
        ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    if (::setsockopt(m_fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one) != 0)
        return where + "SO_RXQ_OVFL: " + std::strerror(errno);
    const timeval timeout { 0, static_cast<suseconds_t>(kPollInterval.count() * 1000) };
    if (::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0)
        return where + "SO_RCVTIMEO: " + std::strerror(errno);
    setRcvBuf();

    // Deliberately no SO_REUSEADDR: a port that is taken must be an error, not a silent split.
    if (::bind(m_fd, address.get(), address.length) != 0) {
        const int err = errno;
        ::close(m_fd);
        m_fd = -1;
        return where + bindErrorText(err);
    }
    sockaddr_storage bound {};
    socklen_t boundLength = sizeof bound;
    if (::getsockname(m_fd, reinterpret_cast<sockaddr*>(&bound), &boundLength) == 0) {
        const std::uint16_t port = bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                               : reinterpret_cast<sockaddr_in*>(&bound)->sin_port;
        m_boundPort.store(ntohs(port), std::memory_order_relaxed);
    }
    return std::nullopt;
}

void UdpReceiver::setRcvBuf()
{
    const int requested = m_config.rcvBufBytes;
    // Linux stores (and reports) twice the requested size to account for its bookkeeping overhead.
    auto granted = [this] {
        int value = 0;
        socklen_t length = sizeof value;
        ::getsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &value, &length);
        return value / 2;
    };
    if (requested > 0) {
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &requested, sizeof requested);
        if (granted() < requested && m_config.canForceRcvBuf)
            ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUFFORCE, &requested, sizeof requested);
    }
    const int grantedBytes = granted();
    m_rcvBufGrantedBytes.store(grantedBytes, std::memory_order_relaxed);
    if (grantedBytes < requested) {
        std::lock_guard lock(m_textMutex);
        m_rcvBufWarning = "kernel granted " + std::to_string(grantedBytes) + " of " + std::to_string(requested)
            + " bytes; raise net.core.rmem_max";
    }
}

void UdpReceiver::run()
{
    if (m_config.cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(m_config.cpu, &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set); // best effort: a missing CPU is not fatal
    }

    const std::size_t vlen = m_config.messagesPerCall;
    const std::size_t slotBytes = m_config.maxDatagramBytes;
    std::vector<char> buffers(vlen * slotBytes);
    std::vector<std::uint64_t> control((vlen * kControlBytes + 7) / 8); // 8-byte aligned for cmsghdr
    std::vector<iovec> iovs(vlen);
    std::vector<mmsghdr> messages(vlen);
    for (std::size_t i = 0; i < vlen; ++i)
        iovs[i] = { buffers.data() + i * slotBytes, slotBytes };

    DropTracker drops;
    auto observeDrops = [&](std::uint32_t raw) {
        if (const auto total = drops.observe(raw))
            m_kernelDrops.store(*total, std::memory_order_relaxed);
    };
    // Drops that happen after the last received datagram carry no cmsg yet; read them when idle.
    auto refreshDrops = [&] {
        std::uint32_t meminfo[SK_MEMINFO_VARS] = {};
        socklen_t length = sizeof meminfo;
        if (::getsockopt(m_fd, SOL_SOCKET, SO_MEMINFO, meminfo, &length) == 0 && length > SK_MEMINFO_DROPS * 4)
            observeDrops(meminfo[SK_MEMINFO_DROPS]);
    };

    auto newBatch = [&] {
        IngestBatchPtr b = m_queue.acquire();
        b->sourceIndex = m_config.sourceIndex;
        b->format = m_config.address.format;
        b->bytes.reserve(m_config.flushBytes + slotBytes);
        return b;
    };
    IngestBatchPtr batch = newBatch();
    bool isQueueClosed = false;

    // Never drops: waits for room until accepted or asked to stop. A closed queue refuses at once.
    auto flush = [&] {
        if (batch->isEmpty())
            return;
        while (!m_isStopRequested.load(std::memory_order_relaxed)) {
            const auto started = SteadyClock::now();
            if (m_queue.push(batch, kPushTimeout)) {
                add(m_batches, 1);
                batch = newBatch();
                return;
            }
            if (SteadyClock::now() - started < kPushTimeout / 2) {
                isQueueClosed = true;
                return;
            }
        }
    };

    while (!m_isStopRequested.load(std::memory_order_relaxed) && !isQueueClosed) {
        for (std::size_t i = 0; i < vlen; ++i) {
            msghdr& h = messages[i].msg_hdr;
            h = {};
            h.msg_iov = &iovs[i];
            h.msg_iovlen = 1;
            h.msg_control = reinterpret_cast<char*>(control.data()) + i * kControlBytes;
            h.msg_controllen = kControlBytes;
        }
        const int n = ::recvmmsg(m_fd, messages.data(), static_cast<unsigned>(vlen), MSG_WAITFORONE, nullptr);
        if (n < 0) {
            const int err = errno;
            if (err == EAGAIN || err == EWOULDBLOCK) {
                refreshDrops();
                flush();
                continue;
            }
            if (err == EINTR || err == ENOMEM || err == ENOBUFS)
                continue;
            fail("recvmmsg on " + m_config.address.toString() + ": " + std::strerror(err));
            break;
        }

        const TimestampMs arrivalMs = m_clock.nowMs();
        std::uint64_t datagrams = 0;
        std::uint64_t bytes = 0;
        std::uint64_t truncated = 0;
        auto publish = [&] {
            add(m_datagrams, datagrams);
            add(m_bytes, bytes);
            add(m_truncated, truncated);
            datagrams = bytes = truncated = 0;
        };
        for (int i = 0; i < n; ++i) {
            msghdr& h = messages[static_cast<std::size_t>(i)].msg_hdr;
            for (cmsghdr* c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
                    std::uint32_t raw = 0;
                    std::memcpy(&raw, CMSG_DATA(c), sizeof raw);
                    observeDrops(raw);
                }
            }
            const std::size_t length = messages[static_cast<std::size_t>(i)].msg_len;
            const bool isTruncated = (h.msg_flags & MSG_TRUNC) != 0;
            const char* data = static_cast<const char*>(h.msg_iov->iov_base);
            const auto offset = static_cast<std::uint32_t>(batch->bytes.size());
            batch->bytes.insert(batch->bytes.end(), data, data + length);
            batch->payloads.push_back({ offset, static_cast<std::uint32_t>(length), arrivalMs, isTruncated });
            ++datagrams;
            bytes += length;
            truncated += isTruncated ? 1 : 0;
            if (batch->bytes.size() >= m_config.flushBytes) {
                publish();
                flush();
            }
        }
        publish();
        // A short read means the socket is drained: push now so latency stays low at low rates.
        if (static_cast<std::size_t>(n) < vlen)
            flush();
    }

    if (!batch->isEmpty() && (isQueueClosed || !m_queue.tryPush(batch)))
        add(m_discardedAtStop, batch->payloads.size());
    if (isQueueClosed)
        fail("ingest queue closed while " + m_config.address.toString() + " was receiving");
}

} // namespace pulse
