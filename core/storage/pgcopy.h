#pragma once

#include "storage/storagerow.h"

#include <pqxx/connection>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace pulse {

/**
 * A libpqxx connection that also hands out its libpq handle. libpqxx 6 streams COPY only as text lines (each
 * copied once more to append the newline); the writer streams PostgreSQL's binary COPY format through
 * PQputCopyData instead. Everything else (transactions, prepared statements, migrations) stays libpqxx. Once
 * lost, the connection stays lost (pqxx::broken_connection): the owner connects anew and sets the session up.
 */
class PgCopyConnection : public pqxx::connection_base {
public:
    /** Connects at once (throws like pqxx::connection). */
    explicit PgCopyConnection(const std::string& options);
    ~PgCopyConnection();

    PgCopyConnection(const PgCopyConnection&) = delete;
    PgCopyConnection& operator=(const PgCopyConnection&) = delete;

    /** The libpq PGconn, or nullptr while disconnected. */
    pqxx::internal::pq::PGconn* handle() const { return m_policy.current(); }

private:
    // Connects like pqxx::connect_direct and remembers the handle libpqxx hides. Connects once: libpqxx 6 would
    // silently reconnect a lost connection when a transaction begins, without the session's temp tables.
    class Policy : public pqxx::connect_direct {
    public:
        explicit Policy(const std::string& options)
            : pqxx::connect_direct(options)
        { }
        handle do_startconnect(handle orig) override;
        handle do_completeconnect(handle orig) override;
        handle do_dropconnect(handle orig) noexcept override;
        handle do_disconnect(handle orig) noexcept override;
        handle current() const { return m_handle; }

    private:
        handle m_handle = nullptr;
        bool m_hasConnected = false;
    };

    Policy m_policy;
};

/** A PgCopyConnection or the reason there is none; same URL handling as pgConnect (connect_timeout added). */
struct PgCopyConnectResult {
    std::unique_ptr<PgCopyConnection> connection;
    std::string error;
};

PgCopyConnectResult pgCopyConnect(const std::string& url);

/**
 * Rows of one storage table in PostgreSQL's binary COPY format, so the server parses no numbers, timestamps or
 * escapes. Target and staging tables take the same column list with the same types; NaN is NULL except for
 * count (NOT NULL, 0).
 */
namespace pgcopy {

/** `time, series_key, …` (raw) or `bucket, series_key, …, digest, writer_run` (rollups). */
std::string columnList(StorageTable table);
/** The 19-byte file header. */
void appendHeader(std::string& out);
/** One tuple; percentiles missing from the row are computed from its digest; rollups carry `writerRun`. */
void appendRow(
    std::string& out, StorageTable table, const StorageRow& row, std::int64_t writerRun, std::string& digestScratch);
/** The end-of-data marker. */
void appendTrailer(std::string& out);

/**
 * Runs `COPY … FROM STDIN` in the connection's open transaction. fill() appends the next piece of data to the
 * (cleared) buffer and returns false after the last one. Returns the rows copied. Throws
 * pqxx::broken_connection when the connection is gone, pqxx::unique_violation on a duplicate key and
 * pqxx::sql_error for anything else the server refuses; the transaction is then aborted on the server.
 */
std::uint64_t copyIn(
    PgCopyConnection& connection, const std::string& sql, const std::function<bool(std::string&)>& fill);

} // namespace pgcopy
} // namespace pulse
