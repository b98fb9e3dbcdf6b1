#include "storage/pgcopy.h"

#include "sketch/tdigest.h"
#include "storage/pgschema.h"

#include <libpq-fe.h>
#include <pqxx/except>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <optional>

namespace pulse {

PgCopyConnection::Policy::handle PgCopyConnection::Policy::do_startconnect(handle orig)
{
    if (!orig && m_hasConnected)
        throw pqxx::broken_connection("the connection was lost");
    m_handle = pqxx::connect_direct::do_startconnect(orig);
    m_hasConnected = true;
    return m_handle;
}

PgCopyConnection::Policy::handle PgCopyConnection::Policy::do_completeconnect(handle orig)
{
    m_handle = pqxx::connect_direct::do_completeconnect(orig);
    return m_handle;
}

PgCopyConnection::Policy::handle PgCopyConnection::Policy::do_dropconnect(handle orig) noexcept
{
    m_handle = pqxx::connect_direct::do_dropconnect(orig);
    return m_handle;
}

PgCopyConnection::Policy::handle PgCopyConnection::Policy::do_disconnect(handle orig) noexcept
{
    m_handle = pqxx::connect_direct::do_disconnect(orig);
    return m_handle;
}

// The base keeps a reference to the policy and uses it from init() on, as in pqxx::basic_connection_base.
PgCopyConnection::PgCopyConnection(const std::string& options)
    : pqxx::connection_base(m_policy)
    , m_policy(options)
{
    init();
}

PgCopyConnection::~PgCopyConnection()
{
    close();
}

PgCopyConnectResult pgCopyConnect(const std::string& url)
{
    // As pgConnect: a connect_timeout of 10 s unless the URL has one.
    std::string withTimeout = url;
    if (url.find("connect_timeout") == std::string::npos) {
        if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
            withTimeout += url.find('?') == std::string::npos ? "?connect_timeout=10" : "&connect_timeout=10";
        else
            withTimeout += " connect_timeout=10";
    }
    PgCopyConnectResult result;
    try {
        result.connection = std::make_unique<PgCopyConnection>(withTimeout);
    } catch (const std::exception& e) {
        result.error = e.what();
        while (!result.error.empty() && (result.error.back() == '\n' || result.error.back() == ' '))
            result.error.pop_back();
    }
    return result;
}

namespace pgcopy {

namespace {

// timestamptz is microseconds since 2000-01-01 00:00 UTC in the binary format.
constexpr std::int64_t kPgEpochUnixMs = 946'684'800'000;

void put16(std::string& out, std::uint16_t v)
{
    const char b[2] = { static_cast<char>(v >> 8), static_cast<char>(v) };
    out.append(b, sizeof b);
}

void put32(std::string& out, std::uint32_t v)
{
    const char b[4]
        = { static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v) };
    out.append(b, sizeof b);
}

void put64(std::string& out, std::uint64_t v)
{
    char b[8];
    for (int i = 7; i >= 0; --i, v >>= 8)
        b[i] = static_cast<char>(v);
    out.append(b, sizeof b);
}

void putNull(std::string& out)
{
    put32(out, 0xFFFFFFFFu); // length -1
}

void putText(std::string& out, std::string_view s)
{
    put32(out, static_cast<std::uint32_t>(s.size()));
    out.append(s);
}

void putDouble(std::string& out, double v)
{
    if (std::isnan(v)) {
        putNull(out);
        return;
    }
    put32(out, 8);
    put64(out, std::bit_cast<std::uint64_t>(v));
}

[[noreturn]] void throwCopyError(PGconn* conn, PGresult* result, const std::string& sql)
{
    std::string message = result ? PQresultErrorMessage(result) : "";
    if (message.empty())
        message = PQerrorMessage(conn);
    const char* field = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = field ? field : "";
    PQclear(result);
    if (PQstatus(conn) != CONNECTION_OK)
        throw pqxx::broken_connection(message);
    if (sqlstate == "23505")
        throw pqxx::unique_violation(message, sql, sqlstate.c_str());
    throw pqxx::sql_error(message, sql, sqlstate.empty() ? nullptr : sqlstate.c_str());
}

} // namespace

std::string columnList(StorageTable table)
{
    const bool isRaw = table == StorageTable::Raw;
    return std::string(pgschema::timeColumn(table)) + ", series_key, source_id, metric_name, tags, type, "
        + (isRaw ? "value, " : "") + "count, sum, min, max" + (isRaw ? "" : ", p50, p95, p99, digest, writer_run");
}

void appendHeader(std::string& out)
{
    static constexpr char kSignature[] = "PGCOPY\n\377\r\n"; // + the terminating NUL: 11 bytes
    out.append(kSignature, sizeof kSignature);
    put32(out, 0); // flags
    put32(out, 0); // header extension length
}

void appendTrailer(std::string& out)
{
    put16(out, 0xFFFFu); // field count -1
}

void appendRow(
    std::string& out, StorageTable table, const StorageRow& row, std::int64_t writerRun, std::string& digestScratch)
{
    const SeriesText& s = *row.series;
    const bool isRaw = table == StorageTable::Raw;
    put16(out, isRaw ? 11 : 15);
    put32(out, 8);
    put64(out, static_cast<std::uint64_t>((row.timeMs - kPgEpochUnixMs) * 1000));
    putText(out, s.key);
    putText(out, s.sourceId);
    putText(out, s.metricName);
    put32(out, static_cast<std::uint32_t>(s.tagsJson.size() + 1));
    out += '\1'; // jsonb binary format version
    out.append(s.tagsJson);
    putText(out, metricTypeName(s.type));
    if (isRaw)
        putDouble(out, row.value);
    putDouble(out, std::isnan(row.count) ? 0.0 : row.count); // NOT NULL DEFAULT 0
    putDouble(out, row.sum);
    putDouble(out, row.min);
    putDouble(out, row.max);
    if (isRaw)
        return;
    std::string_view digest = row.digestBytes;
    if (row.digest) {
        digestScratch.clear();
        row.digest->serialize(digestScratch);
        digest = digestScratch;
    }
    // Percentiles the pipeline did not compute come from the digest (here, off the aggregation thread).
    double q[3] = { row.p50, row.p95, row.p99 };
    const double qs[3] = { 0.5, 0.95, 0.99 };
    std::optional<TDigest> parsed;
    for (int i = 0; i < 3; ++i) {
        if (!std::isnan(q[i]))
            continue;
        if (row.digest) {
            q[i] = row.digest->quantile(qs[i]);
        } else if (!digest.empty()) {
            if (!parsed)
                parsed = TDigest::deserialize(digest);
            if (parsed)
                q[i] = parsed->quantile(qs[i]);
        }
    }
    for (const double v : q)
        putDouble(out, v);
    if (digest.empty())
        putNull(out);
    else
        putText(out, digest);
    put32(out, 8);
    put64(out, static_cast<std::uint64_t>(writerRun));
}

std::uint64_t copyIn(
    PgCopyConnection& connection, const std::string& sql, const std::function<bool(std::string&)>& fill)
{
    PGconn* conn = connection.handle();
    if (!conn || PQstatus(conn) != CONNECTION_OK)
        throw pqxx::broken_connection("COPY: the connection is closed");
    PGresult* started = PQexec(conn, sql.c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN)
        throwCopyError(conn, started, sql);
    PQclear(started);

    std::string chunk;
    bool isSent = true;
    std::exception_ptr fillError;
    try {
        for (bool hasMore = true; hasMore;) {
            chunk.clear();
            hasMore = fill(chunk);
            if (!chunk.empty() && PQputCopyData(conn, chunk.data(), static_cast<int>(chunk.size())) != 1) {
                isSent = false;
                break;
            }
        }
    } catch (...) {
        fillError = std::current_exception();
    }
    // A server-side error (a duplicate key, say) only shows here: libpq reports it after the end of the data.
    const bool isEnded = PQputCopyEnd(conn, fillError ? "the writer could not encode the batch" : nullptr) == 1;
    std::uint64_t rows = 0;
    PGresult* failure = nullptr;
    while (PGresult* r = PQgetResult(conn)) {
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_COPY_IN) { // the end marker did not get through: only a lost connection does that
            PQclear(r);
            isSent = false;
            break;
        }
        if (status == PGRES_COMMAND_OK) {
            rows = std::strtoull(PQcmdTuples(r), nullptr, 10);
        } else if (!failure) {
            failure = r;
            continue;
        }
        PQclear(r);
    }
    if (fillError) {
        PQclear(failure);
        std::rethrow_exception(fillError);
    }
    if (failure)
        throwCopyError(conn, failure, sql);
    if (!isSent || !isEnded || PQstatus(conn) != CONNECTION_OK)
        throw pqxx::broken_connection(std::string("COPY: ") + PQerrorMessage(conn));
    return rows;
}

} // namespace pgcopy
} // namespace pulse
