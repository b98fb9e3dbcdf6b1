#pragma once

#include "net/websocketframe.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace pulse::api {

/** Why a connection was turned away before it was served. */
enum class RejectReason : std::uint8_t {
    ConnectionLimit,
    HandshakeTimeout,
    BadRequest,
    Unauthorized,
    Forbidden,
    OriginNotAllowed,
    NotFound,
    PayloadTooLarge,
};
inline constexpr int kRejectReasonCount = 8;
std::string_view rejectReasonLabel(RejectReason reason);

/** A copy of the counters at one moment. */
struct ApiServerStats {
    std::uint64_t connectionsOpen = 0;
    std::uint64_t connectionsTotal = 0;
    std::array<std::uint64_t, kRejectReasonCount> rejected {};
    std::uint64_t messagesIn = 0;
    std::uint64_t messagesOut = 0;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t subscriptionsActive = 0;
    std::uint64_t conflatedUpdates = 0;
    std::uint64_t slowClientDisconnects = 0;
    std::uint64_t pingTimeouts = 0;
    std::array<std::uint64_t, net::kWsFrameErrorCount> framesRejected {};
    std::uint64_t rejectedTotal() const;
    std::uint64_t framesRejectedTotal() const;
};

/**
 * The API server's own counters. Written on the server thread, read from any thread (relaxed atomics: each is exact,
 * a snapshot of several is not one instant).
 */
class ApiServerMetrics {
public:
    static constexpr std::array<int, 18> kStatuses { 101, 200, 204, 400, 401, 403, 404, 405, 408, 411, 413, 415, 426,
        431, 500, 501, 503, 505 };

    void add(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1)
    {
        counter.fetch_add(n, std::memory_order_relaxed);
    }
    void sub(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1)
    {
        counter.fetch_sub(n, std::memory_order_relaxed);
    }
    void reject(RejectReason reason) { add(m_rejected[static_cast<int>(reason)]); }
    void frameRejected(net::WsFrameError error) { add(m_framesRejected[static_cast<int>(error)]); }
    void httpStatus(int status);

    ApiServerStats snapshot() const;
    /** Prometheus text exposition format 0.0.4. */
    std::string prometheusText(double uptimeSeconds) const;

    std::atomic<std::uint64_t> connectionsOpen { 0 };
    std::atomic<std::uint64_t> connectionsTotal { 0 };
    std::atomic<std::uint64_t> messagesIn { 0 };
    std::atomic<std::uint64_t> messagesOut { 0 };
    std::atomic<std::uint64_t> bytesIn { 0 };
    std::atomic<std::uint64_t> bytesOut { 0 };
    std::atomic<std::uint64_t> subscriptionsActive { 0 };
    std::atomic<std::uint64_t> conflatedUpdates { 0 };
    std::atomic<std::uint64_t> slowClientDisconnects { 0 };
    std::atomic<std::uint64_t> pingTimeouts { 0 };
    std::atomic<std::uint64_t> batchesIn { 0 };
    std::atomic<std::uint64_t> unknownSeries { 0 };

private:
    std::array<std::atomic<std::uint64_t>, kRejectReasonCount> m_rejected {};
    std::array<std::atomic<std::uint64_t>, net::kWsFrameErrorCount> m_framesRejected {};
    std::array<std::atomic<std::uint64_t>, kStatuses.size() + 1> m_httpStatus {}; // last: any other status
};

} // namespace pulse::api
