#include "storage/pgwriter.h"

#include "sketch/tdigest.h"
#include "storage/pgschema.h"

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace pulse {

namespace {

constexpr std::size_t kCopyChunkBytes = 1 << 20;

std::string stagingName(StorageTable table)
{
    return "pulse_stage_" + std::string(storageTableName(table));
}

std::string insertStatementName(StorageTable table)
{
    return "pulse_insert_" + std::string(storageTableName(table));
}

std::string stagingSql(StorageTable table)
{
    std::string sql = "CREATE TEMP TABLE IF NOT EXISTS " + stagingName(table)
        + " (time_ms bigint, series_key text, source_id text, metric_name text, tags text, type text, ";
    if (table == StorageTable::Raw)
        sql += "value double precision, ";
    sql += "count double precision, sum double precision, min double precision, max double precision";
    if (table != StorageTable::Raw)
        sql += ", p50 double precision, p95 double precision, p99 double precision, digest bytea";
    return sql + ") ON COMMIT DELETE ROWS";
}

std::string insertSql(StorageTable table)
{
    const std::string time(pgschema::timeColumn(table));
    const bool isRaw = table == StorageTable::Raw;
    std::string sql = "INSERT INTO " + std::string(storageTableName(table)) + " (" + time
        + ", series_key, source_id, metric_name, tags, type, " + (isRaw ? "value, " : "") + "count, sum, min, max"
        + (isRaw ? "" : ", p50, p95, p99, digest")
        + ") SELECT timestamptz 'epoch' + time_ms * interval '1 millisecond', series_key, source_id, metric_name, "
          "tags::jsonb, type, "
        + (isRaw ? "value, " : "") + "coalesce(count, 0), sum, min, max" + (isRaw ? "" : ", p50, p95, p99, digest")
        + " FROM " + stagingName(table) + " ON CONFLICT DO NOTHING";
    return sql;
}

// COPY text format: backslash, newline, carriage return and tab are the only bytes that need escaping.
void appendText(std::string& out, std::string_view s)
{
    for (const char c : s) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += c;
        }
    }
}

void appendDouble(std::string& out, double v)
{
    if (std::isnan(v)) {
        out += "\\N";
    } else if (std::isinf(v)) {
        out += v > 0 ? "Infinity" : "-Infinity";
    } else {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    }
}

void appendInt(std::string& out, std::int64_t v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void appendBytea(std::string& out, std::string_view bytes)
{
    static constexpr char kHex[] = "0123456789abcdef";
    if (bytes.empty()) {
        out += "\\N";
        return;
    }
    out += "\\\\x"; // the bytea hex prefix, its backslash escaped for COPY
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        out += kHex[u >> 4];
        out += kHex[u & 0xf];
    }
}

void appendRow(std::string& out, StorageTable table, const StorageRow& row, std::string& digestScratch)
{
    const SeriesText& s = *row.series;
    appendInt(out, row.timeMs);
    out += '\t';
    appendText(out, s.key);
    out += '\t';
    appendText(out, s.sourceId);
    out += '\t';
    appendText(out, s.metricName);
    out += '\t';
    appendText(out, s.tagsJson);
    out += '\t';
    out += metricTypeName(s.type);
    out += '\t';
    if (table == StorageTable::Raw) {
        appendDouble(out, row.value);
        out += '\t';
    }
    appendDouble(out, row.count);
    out += '\t';
    appendDouble(out, row.sum);
    out += '\t';
    appendDouble(out, row.min);
    out += '\t';
    appendDouble(out, row.max);
    if (table == StorageTable::Raw)
        return;
    std::string_view digest = row.digestBytes;
    std::optional<TDigest> parsed;
    if (row.digest) {
        digestScratch.clear();
        row.digest->serialize(digestScratch);
        digest = digestScratch;
    }
    // Percentiles the pipeline did not compute come from the digest (here, off the aggregation thread).
    double q[3] = { row.p50, row.p95, row.p99 };
    const double qs[3] = { 0.5, 0.95, 0.99 };
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
    for (const double v : q) {
        out += '\t';
        appendDouble(out, v);
    }
    out += '\t';
    appendBytea(out, digest);
}

} // namespace

struct PgWriter::Connection {
    PgConnectResult link;
    bool isTimescale = false;
};

PgWriter::PgWriter(PgWriterConfig config, const Clock& clock)
    : m_config(std::move(config))
    , m_clock(clock)
    , m_backoff(m_config.backoffBaseMs, m_config.backoffCapMs)
{ }

PgWriter::~PgWriter()
{
    stop();
}

bool PgWriter::start(std::string* error)
{
    if (m_isStarted)
        return true;
    if (!m_config.spoolPath.empty()) {
        m_spool = std::make_unique<PgSpool>(m_config.spoolPath, m_config.maxSpoolBytes);
        if (!m_spool->open(error)) {
            m_spool.reset();
            return false;
        }
    }
    m_rateStartMs = m_clock.nowMs();
    m_isStarted = true;
    m_thread = std::thread([this] { run(); });
    return true;
}

void PgWriter::stop()
{
    {
        std::lock_guard lock(m_queueMutex);
        m_isStopRequested = true;
    }
    m_queueWake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void PgWriter::enqueue(StorageBatch batch)
{
    const TimestampMs now = m_clock.nowMs();
    const int days = m_config.schema.retention.days[static_cast<int>(batch.table)];
    const TimestampMs oldest
        = days > 0 ? now - std::int64_t { days } * kMsPerDay : std::numeric_limits<TimestampMs>::min();
    const TimestampMs newest = now + m_config.maxFutureMs;
    const std::size_t before = batch.rows.size();
    std::erase_if(batch.rows, [&](const StorageRow& r) { return r.timeMs < oldest || r.timeMs > newest || !r.series; });
    const std::size_t rejected = before - batch.rows.size();
    if (rejected > 0) {
        std::lock_guard lock(m_statsMutex);
        m_stats.rejectedRows += rejected;
    }
    if (batch.rows.empty())
        return;
    std::size_t bytes = 0;
    for (const StorageRow& r : batch.rows)
        bytes += storageRowBytes(r);
    {
        std::lock_guard lock(m_queueMutex);
        const bool hasRoom = m_queuedRows + batch.rows.size() <= m_config.maxQueueRows
            && m_queuedBytes + bytes <= m_config.maxQueueBytes;
        if (hasRoom && !m_isStopRequested) {
            m_queuedRows += batch.rows.size();
            m_queuedBytes += bytes;
            m_queue.push_back(std::move(batch));
            m_queueWake.notify_one();
            return;
        }
    }
    spill(std::move(batch)); // a full queue means the database is behind: keep the rows on disk instead
}

void PgWriter::spill(StorageBatch&& batch)
{
    if (!m_spool) {
        std::lock_guard lock(m_statsMutex);
        m_stats.droppedRows[static_cast<int>(batch.table)] += batch.rows.size();
        return;
    }
    m_spool->append(batch); // evictions and refusals are counted by the spool
}

void PgWriter::spillQueue()
{
    std::deque<StorageBatch> batches;
    {
        std::lock_guard lock(m_queueMutex);
        batches.swap(m_queue);
        m_queuedRows = 0;
        m_queuedBytes = 0;
    }
    for (StorageBatch& b : batches)
        spill(std::move(b));
}

bool PgWriter::popBatch(StorageBatch& out, int waitMs)
{
    std::unique_lock lock(m_queueMutex);
    if (m_queue.empty() && !m_isStopRequested && waitMs > 0)
        m_queueWake.wait_for(lock, std::chrono::milliseconds(waitMs),
            [this] { return !m_queue.empty() || m_isStopRequested || m_isRetentionRequested; });
    if (m_queue.empty())
        return false;
    out = std::move(m_queue.front());
    m_queue.pop_front();
    std::size_t bytes = 0;
    for (const StorageRow& r : out.rows)
        bytes += storageRowBytes(r);
    m_queuedRows -= out.rows.size();
    m_queuedBytes -= std::min(bytes, m_queuedBytes);
    m_inFlightRows = out.rows.size();
    return true;
}

void PgWriter::setState(PgConnectionState state, TimestampMs nextRetryMs)
{
    std::lock_guard lock(m_statsMutex);
    m_stats.state = state;
    m_stats.nextRetryMs = nextRetryMs;
}

void PgWriter::setError(std::string error)
{
    while (!error.empty() && (error.back() == '\n' || error.back() == ' '))
        error.pop_back();
    std::lock_guard lock(m_statsMutex);
    m_stats.lastError = std::move(error);
}

void PgWriter::addWritten(std::uint64_t rows)
{
    const TimestampMs now = m_clock.nowMs();
    std::lock_guard lock(m_statsMutex);
    m_stats.writtenRows += rows;
    m_stats.committedBatches += 1;
    if (now - m_rateStartMs >= 1000) {
        m_stats.writtenRowsPerSec = static_cast<double>(m_stats.writtenRows - m_rateStartRows) * 1000.0
            / static_cast<double>(now - m_rateStartMs);
        m_rateStartMs = now;
        m_rateStartRows = m_stats.writtenRows;
    }
}

bool PgWriter::connect()
{
    setState(PgConnectionState::Connecting);
    auto connection = std::make_unique<Connection>();
    connection->link = pgConnect(m_config.url);
    if (!connection->link.connection) {
        setError("connect to " + pgRedactUrl(m_config.url) + ": " + connection->link.error);
        return false;
    }
    try {
        pqxx::connection& c = *connection->link.connection;
        if (m_config.isMigrateOnConnect) {
            const MigrationResult migrated = PgMigrations::migrate(c, m_config.schema);
            if (!migrated.isOk) {
                setError("migration failed: " + migrated.error);
                return false;
            }
            connection->isTimescale = migrated.isTimescale;
        } else {
            connection->isTimescale = PgMigrations::isTimescale(c);
        }
        {
            pqxx::nontransaction tx(c);
            for (int t = 0; t < kStorageTableCount; ++t)
                tx.exec0(stagingSql(static_cast<StorageTable>(t)));
        }
        for (int t = 0; t < kStorageTableCount; ++t) {
            const auto table = static_cast<StorageTable>(t);
            c.prepare(insertStatementName(table), insertSql(table));
        }
    } catch (const std::exception& e) {
        setError(std::string("preparing the connection: ") + e.what());
        return false;
    }
    m_connection = std::move(connection);
    m_knownPartitions.clear();
    m_backoff.reset();
    {
        std::lock_guard lock(m_statsMutex);
        m_stats.isTimescale = m_connection->isTimescale;
        if (m_hasConnectedOnce)
            m_stats.reconnects += 1;
        m_hasConnectedOnce = true;
    }
    setState(PgConnectionState::Connected);
    return true;
}

void PgWriter::disconnect(const std::string& error)
{
    m_connection.reset();
    setError(error);
    const TimestampMs next = m_clock.nowMs() + m_backoff.nextDelayMs();
    setState(PgConnectionState::Disconnected, next);
}

void PgWriter::ensurePartitionsFor(const StorageBatch& batch, std::size_t begin, std::size_t end)
{
    if (m_connection->isTimescale)
        return;
    std::vector<std::int64_t> missing;
    std::int64_t lastDay = std::numeric_limits<std::int64_t>::min();
    const auto want = [&](std::int64_t day) {
        if (day == lastDay)
            return;
        lastDay = day;
        if (!m_knownPartitions.contains({ batch.table, day })
            && std::find(missing.begin(), missing.end(), day) == missing.end())
            missing.push_back(day);
    };
    // Today and tomorrow ahead of time, so the midnight batch does not pay for the DDL.
    const TimestampMs now = m_clock.nowMs();
    want(pgschema::partitionStartDay(batch.table, now));
    want(pgschema::partitionStartDay(batch.table, now + kMsPerDay));
    for (std::size_t i = begin; i < end; ++i)
        want(pgschema::partitionStartDay(batch.table, batch.rows[i].timeMs));
    if (missing.empty())
        return;
    pqxx::work tx(*m_connection->link.connection, "pulse_partitions");
    pgschema::ensurePartitions(tx, batch.table, missing);
    tx.commit();
    for (const std::int64_t day : missing)
        m_knownPartitions.insert({ batch.table, day });
}

void PgWriter::writeChunk(const StorageBatch& batch, std::size_t begin, std::size_t end)
{
    ensurePartitionsFor(batch, begin, end);
    pqxx::work tx(*m_connection->link.connection, "pulse_write");
    {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        // tablewriter::write_raw_line takes many COPY lines at once: one PQputCopyData per megabyte, not per row.
        pqxx::tablewriter copy(tx, stagingName(batch.table));
#pragma GCC diagnostic pop
        std::string chunk;
        chunk.reserve(kCopyChunkBytes + 4096);
        std::string digestScratch;
        for (std::size_t i = begin; i < end; ++i) {
            if (!chunk.empty())
                chunk += '\n';
            appendRow(chunk, batch.table, batch.rows[i], digestScratch);
            if (chunk.size() >= kCopyChunkBytes) {
                copy.write_raw_line(chunk); // appends the final newline itself
                chunk.clear();
            }
        }
        if (!chunk.empty())
            copy.write_raw_line(chunk);
        copy.complete();
    }
    const pqxx::result inserted = tx.exec_prepared(insertStatementName(batch.table));
    if (m_config.extraStatements)
        m_config.extraStatements(tx, batch);
    tx.commit();
    addWritten(static_cast<std::uint64_t>(inserted.affected_rows()));
}

bool PgWriter::writeBatch(const StorageBatch& batch)
{
    const std::size_t step = std::max<std::size_t>(1, m_config.maxRowsPerTransaction);
    for (std::size_t begin = 0; begin < batch.rows.size(); begin += step) {
        const std::size_t end = std::min(batch.rows.size(), begin + step);
        // A refusal for any other reason than the connection is retried a few times, then the chunk is dropped
        // and counted so one poisoned batch cannot stall the writer.
        for (int attempt = 0;; ++attempt) {
            try {
                writeChunk(batch, begin, end);
                break;
            } catch (const std::exception& e) {
                if (!m_connection->link.connection->is_open() || dynamic_cast<const pqxx::broken_connection*>(&e)
                    || dynamic_cast<const pqxx::in_doubt_error*>(&e)) {
                    disconnect(e.what());
                    return false;
                }
                setError(e.what());
                if (attempt >= 2) {
                    std::lock_guard lock(m_statsMutex);
                    m_stats.failedBatches += 1;
                    m_stats.droppedRows[static_cast<int>(batch.table)] += end - begin;
                    break;
                }
            }
        }
    }
    return true;
}

void PgWriter::runRetention()
{
    if (m_connection->isTimescale)
        return; // retention policies do it on the server
    const TimestampMs now = m_clock.nowMs();
    int dropped = 0;
    try {
        pqxx::work tx(*m_connection->link.connection, "pulse_retention");
        for (int t = 0; t < kStorageTableCount; ++t) {
            const int days = m_config.schema.retention.days[t];
            if (days > 0)
                dropped += pgschema::dropPartitionsBefore(
                    tx, static_cast<StorageTable>(t), now - std::int64_t { days } * kMsPerDay);
        }
        tx.commit();
    } catch (const std::exception& e) {
        if (!m_connection->link.connection->is_open())
            disconnect(e.what());
        else
            setError(std::string("retention: ") + e.what());
        return;
    }
    m_knownPartitions.clear();
    std::lock_guard lock(m_statsMutex);
    m_stats.droppedPartitions += static_cast<std::uint64_t>(dropped);
}

void PgWriter::requestRetention()
{
    {
        std::lock_guard lock(m_queueMutex);
        m_isRetentionRequested = true;
    }
    m_queueWake.notify_all();
}

void PgWriter::run()
{
    TimestampMs nextRetryMs = 0;
    TimestampMs nextRetentionMs = 0;
    const TimestampMs stopDeadlineUnset = std::numeric_limits<TimestampMs>::max();
    TimestampMs stopDeadlineMs = stopDeadlineUnset;
    for (;;) {
        bool isStopping = false;
        bool isRetentionRequested = false;
        {
            std::lock_guard lock(m_queueMutex);
            isStopping = m_isStopRequested;
            isRetentionRequested = std::exchange(m_isRetentionRequested, false);
        }
        const TimestampMs now = m_clock.nowMs();
        if (isStopping && stopDeadlineMs == stopDeadlineUnset)
            stopDeadlineMs = now + m_config.stopTimeoutMs;
        if (isStopping && (!m_connection || now >= stopDeadlineMs))
            break;

        if (!m_connection) {
            if (now >= nextRetryMs && !connect()) {
                nextRetryMs = now + m_backoff.nextDelayMs();
                setState(PgConnectionState::Disconnected, nextRetryMs);
            }
            if (!m_connection) {
                spillQueue(); // the database is away: keep the rows on disk, in order
                std::unique_lock lock(m_queueMutex);
                m_queueWake.wait_for(lock,
                    std::chrono::milliseconds(std::clamp<TimestampMs>(nextRetryMs - now, 1, 200)),
                    [this] { return m_isStopRequested; });
                continue;
            }
        }

        if (isRetentionRequested || (m_config.retentionIntervalMs > 0 && now >= nextRetentionMs)) {
            nextRetentionMs = now + m_config.retentionIntervalMs;
            runRetention();
            continue;
        }

        // Spooled batches are older than anything queued: replay them first.
        if (m_spool && !m_spool->isEmpty()) {
            if (std::optional<SpoolRecord> record = m_spool->peekOldest()) {
                if (writeBatch(record->batch))
                    m_spool->markDone(record->id);
                else
                    nextRetryMs = stats().nextRetryMs;
            }
            continue;
        }

        StorageBatch batch;
        if (!popBatch(batch, isStopping ? 0 : 200)) {
            if (isStopping)
                break;
            continue;
        }
        if (!writeBatch(batch)) {
            nextRetryMs = stats().nextRetryMs;
            spill(std::move(batch));
        }
        m_inFlightRows = 0;
    }
    spillQueue();
    m_connection.reset();
    setState(PgConnectionState::Disconnected);
}

PgWriterStats PgWriter::stats() const
{
    PgWriterStats s;
    {
        std::lock_guard lock(m_statsMutex);
        s = m_stats;
    }
    {
        std::lock_guard lock(m_queueMutex);
        s.queuedRows = m_queuedRows;
        s.queuedBytes = m_queuedBytes;
    }
    if (m_spool) {
        const PgSpoolStats spool = m_spool->stats();
        s.spooledRows = spool.liveRows;
        s.spooledBytes = spool.liveBytes;
        s.corruptSpoolRecords = spool.corruptRecords;
        for (int t = 0; t < kStorageTableCount; ++t)
            s.droppedRows[t] += spool.droppedRows[t];
    }
    return s;
}

bool PgWriter::isIdle() const
{
    {
        std::lock_guard lock(m_queueMutex);
        if (!m_queue.empty())
            return false;
    }
    return m_inFlightRows == 0 && (!m_spool || m_spool->isEmpty());
}

} // namespace pulse
