#include "api/apiservermetrics.h"

#include <cstdio>

namespace pulse::api {

std::string_view rejectReasonLabel(RejectReason reason)
{
    switch (reason) {
    case RejectReason::ConnectionLimit:
        return "connection_limit";
    case RejectReason::HandshakeTimeout:
        return "handshake_timeout";
    case RejectReason::BadRequest:
        return "bad_request";
    case RejectReason::Unauthorized:
        return "unauthorized";
    case RejectReason::Forbidden:
        return "forbidden";
    case RejectReason::OriginNotAllowed:
        return "origin_not_allowed";
    case RejectReason::NotFound:
        return "not_found";
    case RejectReason::PayloadTooLarge:
        return "payload_too_large";
    }
    return "unknown";
}

std::uint64_t ApiServerStats::rejectedTotal() const
{
    std::uint64_t n = 0;
    for (const std::uint64_t r : rejected)
        n += r;
    return n;
}

std::uint64_t ApiServerStats::framesRejectedTotal() const
{
    std::uint64_t n = 0;
    for (const std::uint64_t r : framesRejected)
        n += r;
    return n;
}

void ApiServerMetrics::httpStatus(int status)
{
    for (std::size_t i = 0; i < kStatuses.size(); ++i) {
        if (kStatuses[i] == status) {
            add(m_httpStatus[i]);
            return;
        }
    }
    add(m_httpStatus.back());
}

ApiServerStats ApiServerMetrics::snapshot() const
{
    const auto load = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
    ApiServerStats s;
    s.connectionsOpen = load(connectionsOpen);
    s.connectionsTotal = load(connectionsTotal);
    for (int i = 0; i < kRejectReasonCount; ++i)
        s.rejected[i] = load(m_rejected[i]);
    s.messagesIn = load(messagesIn);
    s.messagesOut = load(messagesOut);
    s.bytesIn = load(bytesIn);
    s.bytesOut = load(bytesOut);
    s.subscriptionsActive = load(subscriptionsActive);
    s.conflatedUpdates = load(conflatedUpdates);
    s.slowClientDisconnects = load(slowClientDisconnects);
    s.pingTimeouts = load(pingTimeouts);
    for (int i = 0; i < net::kWsFrameErrorCount; ++i)
        s.framesRejected[i] = load(m_framesRejected[i]);
    return s;
}

std::string ApiServerMetrics::prometheusText(double uptimeSeconds) const
{
    const ApiServerStats s = snapshot();
    std::string out;
    const auto metric = [&](const char* name, const char* type, const char* help) {
        out += "# HELP ";
        out += name;
        out += ' ';
        out += help;
        out += "\n# TYPE ";
        out += name;
        out += ' ';
        out += type;
        out += '\n';
    };
    const auto sample = [&](const char* name, std::string_view labels, std::uint64_t value) {
        out += name;
        if (!labels.empty()) {
            out += '{';
            out += labels;
            out += '}';
        }
        out += ' ';
        out += std::to_string(value);
        out += '\n';
    };
    metric("pulse_api_uptime_seconds", "gauge", "Seconds since the API server started.");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", uptimeSeconds);
    out += "pulse_api_uptime_seconds ";
    out += buf;
    out += '\n';
    metric("pulse_api_connections_open", "gauge", "TCP connections open now.");
    sample("pulse_api_connections_open", {}, s.connectionsOpen);
    metric("pulse_api_connections_total", "counter", "TCP connections accepted.");
    sample("pulse_api_connections_total", {}, s.connectionsTotal);
    metric("pulse_api_connections_rejected_total", "counter", "Connections or requests turned away, by reason.");
    for (int i = 0; i < kRejectReasonCount; ++i)
        sample("pulse_api_connections_rejected_total",
            "reason=\"" + std::string(rejectReasonLabel(static_cast<RejectReason>(i))) + "\"", s.rejected[i]);
    metric("pulse_api_messages_in_total", "counter", "WebSocket messages received.");
    sample("pulse_api_messages_in_total", {}, s.messagesIn);
    metric("pulse_api_messages_out_total", "counter", "WebSocket messages sent.");
    sample("pulse_api_messages_out_total", {}, s.messagesOut);
    metric("pulse_api_bytes_in_total", "counter", "Bytes received on every socket.");
    sample("pulse_api_bytes_in_total", {}, s.bytesIn);
    metric("pulse_api_bytes_out_total", "counter", "Bytes queued for sending on every socket.");
    sample("pulse_api_bytes_out_total", {}, s.bytesOut);
    metric("pulse_api_subscriptions_active", "gauge", "Subscriptions and streams being served.");
    sample("pulse_api_subscriptions_active", {}, s.subscriptionsActive);
    metric("pulse_api_conflated_updates_total", "counter",
        "Updates held back for a slow client and replaced by a newer one of the same series.");
    sample("pulse_api_conflated_updates_total", {}, s.conflatedUpdates);
    metric("pulse_api_slow_client_disconnects_total", "counter", "Clients closed with 1013 for not reading.");
    sample("pulse_api_slow_client_disconnects_total", {}, s.slowClientDisconnects);
    metric("pulse_api_ping_timeouts_total", "counter", "Clients closed for not answering a ping.");
    sample("pulse_api_ping_timeouts_total", {}, s.pingTimeouts);
    metric("pulse_api_frames_rejected_total", "counter", "WebSocket input refused, by reason.");
    for (int i = 1; i < net::kWsFrameErrorCount; ++i)
        sample("pulse_api_frames_rejected_total",
            "reason=\"" + std::string(net::frameErrorLabel(static_cast<net::WsFrameError>(i))) + "\"",
            s.framesRejected[i]);
    metric("pulse_api_http_requests_total", "counter", "HTTP responses sent, by status code.");
    for (std::size_t i = 0; i < kStatuses.size(); ++i)
        sample("pulse_api_http_requests_total", "code=\"" + std::to_string(kStatuses[i]) + "\"",
            m_httpStatus[i].load(std::memory_order_relaxed));
    sample("pulse_api_http_requests_total", "code=\"other\"", m_httpStatus.back().load(std::memory_order_relaxed));
    return out;
}

} // namespace pulse::api
