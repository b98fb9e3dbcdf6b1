#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include <pqxx/connection>

namespace pulse {

/**
 * Exponential backoff with full jitter: the n-th delay is uniform in [0, min(cap, base·2^n)], so many clients
 * that lost the same server do not reconnect in lockstep.
 */
class Backoff {
public:
    explicit Backoff(
        std::int64_t baseMs = 500, std::int64_t capMs = 30'000, std::uint64_t seed = std::random_device {}());

    /** The next delay, and one more attempt counted. */
    std::int64_t nextDelayMs();
    /** The upper bound of the next delay. */
    std::int64_t ceilingMs() const;
    void reset() { m_attempts = 0; }
    int attempts() const { return m_attempts; }

private:
    std::int64_t m_baseMs;
    std::int64_t m_capMs;
    int m_attempts = 0;
    std::mt19937_64 m_rng;
};

/** A connection or the reason there is none (libpqxx exceptions stop here). */
struct PgConnectResult {
    std::unique_ptr<pqxx::connection> connection;
    std::string error;
};

/**
 * Connects to a libpq URL or keyword string. Passwords come from PGPASSWORD or ~/.pgpass (libpq reads both);
 * sslmode/sslrootcert pass through the URL. A connect_timeout of 10 s is added unless the URL has one.
 */
PgConnectResult pgConnect(const std::string& url);

/** The URL with any password replaced by "***", for logs and error texts. */
std::string pgRedactUrl(std::string_view url);

/** A libpq or libpqxx error for logs and the status strip: password redacted, on one line. */
std::string pgErrorLine(std::string_view error);

/** The same postgresql:// URL naming another database (tests and benchmarks use throw-away databases). */
std::string pgUrlWithDatabase(std::string_view url, std::string_view database);

} // namespace pulse
