#pragma once

#include "ingest/ingestqueue.h"
#include "ingest/listenaddress.h"
#include "model/clock.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace pulse {

/** How one UDP listener is set up. */
struct UdpReceiverConfig {
    ListenAddress address; ///< port 0 binds an ephemeral port (see UdpReceiver::boundPort)
    std::uint16_t sourceIndex = 0; ///< copied into every batch
    int rcvBufBytes = 8 * 1024 * 1024; ///< SO_RCVBUF request; the kernel buffer absorbs bursts
    bool canForceRcvBuf = true; ///< fall back to SO_RCVBUFFORCE (needs CAP_NET_ADMIN) when capped
    std::size_t messagesPerCall = 64; ///< recvmmsg vector length
    std::size_t maxDatagramBytes = 65536; ///< per-message buffer; larger datagrams arrive truncated
    std::size_t flushBytes = 256 * 1024; ///< a batch is pushed once it holds this much
    int cpu = -1; ///< pin the receiver thread to this CPU; -1 leaves it to the scheduler
};

/** Counters and state of a receiver, readable from any thread. */
struct UdpReceiverSnapshot {
    enum class State : std::uint8_t { Idle, Running, Stopped, Failed };

    State state = State::Idle;
    std::string errorMessage; ///< set when state is Failed
    std::uint16_t boundPort = 0;
    int rcvBufRequestedBytes = 0;
    int rcvBufGrantedBytes = 0; ///< as the kernel reports it, halved (Linux doubles the request for overhead)
    std::string rcvBufWarning; ///< non-empty when less than requested was granted

    std::uint64_t datagrams
        = 0; ///< read from the socket, truncated ones included (all reach the queue but discardedAtStop)
    std::uint64_t bytes = 0; ///< payload bytes of those datagrams
    std::uint64_t truncated = 0; ///< datagrams larger than maxDatagramBytes (delivered with isTruncated)
    std::uint64_t kernelDrops = 0; ///< datagrams the kernel dropped because the socket buffer was full
    std::uint64_t batches = 0; ///< batches pushed to the queue
    std::uint64_t discardedAtStop = 0; ///< datagrams of a batch the queue refused while stopping
};

/**
 * Reads one UDP socket on its own thread with recvmmsg and pushes the datagrams, copied compactly,
 * as IngestBatch payloads into an IngestQueue. It never drops inside the application: while the
 * queue is full it stops reading, so overload shows up only as kernel drops (SO_RXQ_OVFL), which
 * are counted. Linux only.
 */
class UdpReceiver {
public:
    UdpReceiver(UdpReceiverConfig config, IngestQueue& queue, const Clock& clock = SystemClock::instance());
    ~UdpReceiver();

    UdpReceiver(const UdpReceiver&) = delete;
    UdpReceiver& operator=(const UdpReceiver&) = delete;

    /** Binds and starts the thread; an error message (e.g. "address already in use") on failure. */
    [[nodiscard]] std::optional<std::string> start();
    /**
     * After a failure (bind refused, socket error): binds again and resumes receiving; an error message if it
     * still cannot. Safe against a concurrent stop(), which wins.
     */
    [[nodiscard]] std::optional<std::string> restart();
    /** Successful restart() calls so far. */
    std::uint64_t restartCount() const { return m_restarts.load(std::memory_order_relaxed); }
    /** Stops the thread and closes the socket; returns within about 200 ms. Idempotent. */
    void stop();

    /** The port actually bound (the ephemeral one when the config asked for 0); 0 before start. */
    std::uint16_t boundPort() const { return m_boundPort.load(std::memory_order_relaxed); }
    bool isRunning() const { return state() == UdpReceiverSnapshot::State::Running; }
    UdpReceiverSnapshot::State state() const { return m_state.load(std::memory_order_acquire); }
    UdpReceiverSnapshot snapshot() const;
    const UdpReceiverConfig& config() const { return m_config; }

    /** How long a blocked receiver waits between checks for stop. */
    static constexpr std::chrono::milliseconds kPollInterval { 50 };
    /** How long one push waits for room in the queue before checking for stop again. */
    static constexpr std::chrono::milliseconds kPushTimeout { 100 };

private:
    std::optional<std::string> openSocket();
    void setRcvBuf();
    void run();
    void fail(std::string message);

    UdpReceiverConfig m_config;
    IngestQueue& m_queue;
    const Clock& m_clock;

    int m_fd = -1;
    std::thread m_thread;
    std::atomic<bool> m_isStopRequested { false };
    std::atomic<UdpReceiverSnapshot::State> m_state { UdpReceiverSnapshot::State::Idle };
    std::atomic<std::uint16_t> m_boundPort { 0 };
    std::atomic<int> m_rcvBufGrantedBytes { 0 };

    std::mutex m_restartMutex; // restart() against stop(): the thread and the socket change hands under it
    std::atomic<std::uint64_t> m_restarts { 0 };
    mutable std::mutex m_textMutex; // guards the two strings; written rarely, read by snapshot()
    std::string m_errorMessage;
    std::string m_rcvBufWarning;

    std::atomic<std::uint64_t> m_datagrams { 0 };
    std::atomic<std::uint64_t> m_bytes { 0 };
    std::atomic<std::uint64_t> m_truncated { 0 };
    std::atomic<std::uint64_t> m_kernelDrops { 0 };
    std::atomic<std::uint64_t> m_batches { 0 };
    std::atomic<std::uint64_t> m_discardedAtStop { 0 };
};

} // namespace pulse
