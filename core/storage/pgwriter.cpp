#include "storage/pgwriter.h"

#include "storage/pgcheckpoint.h"
#include "storage/pgcopy.h"
#include "storage/pgschema.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <future>
#include <numeric>
#include <random>

namespace pulse {

namespace {

// Big enough that libpq sends few large messages, small enough that encoding overlaps with the server's work.
constexpr std::size_t kCopyChunkBytes = 256 << 10;

std::string stagingName(StorageTable table)
{
    return "pulse_stage_" + std::string(storageTableName(table));
}

std::string insertStatementName(StorageTable table)
{
    return "pulse_insert_" + std::string(storageTableName(table));
}

// Typed like the target, so both take the same binary COPY stream and the INSERT converts nothing.
std::string stagingSql(StorageTable table)
{
    std::string sql = "CREATE TEMP TABLE IF NOT EXISTS " + stagingName(table) + " ("
        + std::string(pgschema::timeColumn(table))
        + " timestamptz, series_key text, source_id text, metric_name text, tags jsonb, type text, ";
    if (table == StorageTable::Raw)
        sql += "value double precision, ";
    sql += "count double precision, sum double precision, min double precision, max double precision";
    if (table != StorageTable::Raw)
        sql += ", p50 double precision, p95 double precision, p99 double precision, digest bytea, writer_run bigint";
    return sql + ") ON COMMIT DELETE ROWS";
}

std::string insertSql(StorageTable table)
{
    const std::string columns = pgcopy::columnList(table);
    return "INSERT INTO " + std::string(storageTableName(table)) + " (" + columns + ") SELECT " + columns + " FROM "
        + stagingName(table) + " ON CONFLICT DO NOTHING";
}

std::string copySql(std::string_view table, StorageTable columnsOf)
{
    return "COPY " + std::string(table) + " (" + pgcopy::columnList(columnsOf) + ") FROM STDIN (FORMAT binary)";
}

} // namespace

// Below this many rows per chunk a second session's transaction costs more than it saves.
constexpr std::size_t kMinRowsPerParallelChunk = 4096;

struct PgWriter::Lane {
    std::unique_ptr<PgCopyConnection> link;
    std::array<bool, kStorageTableCount> isStagingPreferred {}; // the last chunk had duplicates
    std::string digestScratch;
};

struct PgWriter::Connection {
    std::vector<Lane> lanes; // lanes[0]: the writer thread's session, which also migrates and makes partitions
    bool isTimescale = false;
    PgCopyConnection& link() { return *lanes[0].link; }
};

PgWriter::PgWriter(PgWriterConfig config, const Clock& clock)
    : m_config(std::move(config))
    , m_clock(clock)
    , m_backoff(m_config.backoffBaseMs, m_config.backoffCapMs)
    , m_runId([] {
        // 62 random bits and never 0 (the value of rows written before runs were recorded).
        std::random_device random;
        const auto bits = (std::uint64_t { random() } << 32) ^ random();
        return static_cast<std::int64_t>((bits >> 2) | 1);
    }())
{ }

PgWriter::~PgWriter()
{
    stop();
}

bool PgWriter::start(std::string* error)
{
    if (m_isStarted)
        return true;
    if (!m_config.spoolPath.empty() && !m_config.isSpoolOpenedOnThread && !openSpool(error))
        return false;
    m_rateStartMs = m_clock.nowMs();
    m_isStarted = true;
    m_thread = std::thread([this] { run(); });
    return true;
}

bool PgWriter::openSpool(std::string* error)
{
    auto spool = std::make_unique<PgSpool>(m_config.spoolPath, m_config.maxSpoolBytes);
    if (!spool->open(error))
        return false;
    m_spoolOwner = std::move(spool);
    m_spool.store(m_spoolOwner.get(), std::memory_order_release);
    return true;
}

void PgWriter::stop()
{
    {
        std::lock_guard lock(m_queueMutex);
        m_isStopRequested = true;
    }
    m_queueWake.notify_all();
    m_roomFreed.notify_all();
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
    if (batch.writerRun == 0)
        batch.writerRun = m_runId;
    std::size_t bytes = 0;
    for (const StorageRow& r : batch.rows)
        bytes += storageRowBytes(r);
    {
        std::lock_guard lock(m_queueMutex);
        const bool hasRoom = m_queuedRows + batch.rows.size() <= m_config.maxQueueRows
            && m_queuedBytes + bytes <= m_config.maxQueueBytes;
        if ((hasRoom || batch.checkpoint) && !m_isStopRequested) {
            m_queuedRows += batch.rows.size();
            m_queuedBytes += bytes;
            m_queue.push_back(std::move(batch));
            m_queueWake.notify_one();
            return;
        }
    }
    spill(std::move(batch)); // a full queue means the database is behind: keep the rows on disk instead
}

bool PgWriter::waitForRoom(std::size_t rows, std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_queueMutex);
    return m_roomFreed.wait_for(lock, timeout,
        [&] { return m_isStopRequested || m_queuedRows == 0 || m_queuedRows + rows <= m_config.maxQueueRows; });
}

void PgWriter::spill(StorageBatch&& batch)
{
    PgSpool* spool = m_spool.load(std::memory_order_acquire);
    if (!spool) {
        std::lock_guard lock(m_statsMutex);
        m_stats.droppedRows[static_cast<int>(batch.table)] += batch.rows.size();
        return;
    }
    spool->append(batch); // evictions and refusals are counted by the spool
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
    // A backlog of small batches of one table goes out as one transaction: fewer commits and a longer sorted
    // run per COPY. Not batches with a checkpoint: it describes exactly its own rows.
    while (!out.checkpoint && !m_queue.empty() && !m_queue.front().checkpoint && m_queue.front().table == out.table
        && m_queue.front().writerRun == out.writerRun
        && out.rows.size() + m_queue.front().rows.size()
            <= m_config.maxRowsPerTransaction * std::max<std::size_t>(1, m_config.copyConnections)) {
        std::vector<StorageRow>& more = m_queue.front().rows;
        out.rows.insert(out.rows.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
        m_queue.pop_front();
    }
    std::size_t bytes = 0;
    for (const StorageRow& r : out.rows)
        bytes += storageRowBytes(r);
    m_queuedRows -= out.rows.size();
    m_queuedBytes -= std::min(bytes, m_queuedBytes);
    m_inFlightRows = out.rows.size();
    m_roomFreed.notify_all();
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

void PgWriter::prepareSession(PgCopyConnection& c)
{
    {
        pqxx::nontransaction tx(c);
        for (int t = 0; t < kStorageTableCount; ++t)
            tx.exec0(stagingSql(static_cast<StorageTable>(t)));
    }
    for (int t = 0; t < kStorageTableCount; ++t) {
        const auto table = static_cast<StorageTable>(t);
        c.prepare(insertStatementName(table), insertSql(table));
    }
}

bool PgWriter::connect()
{
    setState(PgConnectionState::Connecting);
    auto connection = std::make_unique<Connection>();
    PgCopyConnectResult connected = pgCopyConnect(m_config.url);
    if (!connected.connection) {
        setError("connect to " + pgRedactUrl(m_config.url) + ": " + connected.error);
        return false;
    }
    connection->lanes.emplace_back().link = std::move(connected.connection);
    try {
        PgCopyConnection& c = connection->link();
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
        prepareSession(c);
    } catch (const std::exception& e) {
        setError(std::string("preparing the connection: ") + e.what());
        return false;
    }
    for (std::size_t i = 1; i < m_config.copyConnections; ++i) {
        PgCopyConnectResult extra = pgCopyConnect(m_config.url);
        std::string error = extra.error;
        if (extra.connection) {
            try {
                prepareSession(*extra.connection);
                connection->lanes.emplace_back().link = std::move(extra.connection);
                continue;
            } catch (const std::exception& e) {
                error = e.what();
            }
        }
        // Not a reason to stop writing: the server may be at max_connections. One session fewer.
        setError("extra COPY session " + std::to_string(i + 1) + ": " + error + "; writing with "
            + std::to_string(connection->lanes.size()));
        break;
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

void PgWriter::ensurePartitionsFor(const StorageBatch& batch, std::span<const std::uint32_t> rows)
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
    for (const std::uint32_t i : rows)
        want(pgschema::partitionStartDay(batch.table, batch.rows[i].timeMs));
    if (missing.empty())
        return;
    pqxx::work tx(m_connection->link(), "pulse_partitions");
    pgschema::ensurePartitions(tx, batch.table, missing);
    tx.commit();
    for (const std::int64_t day : missing)
        m_knownPartitions.insert({ batch.table, day });
}

std::uint64_t PgWriter::copyRows(
    Lane& lane, const StorageBatch& batch, std::span<const std::uint32_t> rows, const std::string& sql)
{
    std::size_t next = 0;
    bool isHeaderWritten = false;
    return pgcopy::copyIn(*lane.link, sql, [&](std::string& chunk) {
        if (!isHeaderWritten) {
            pgcopy::appendHeader(chunk);
            isHeaderWritten = true;
        }
        while (next < rows.size() && chunk.size() < kCopyChunkBytes)
            pgcopy::appendRow(chunk, batch.table, batch.rows[rows[next++]], batch.writerRun, lane.digestScratch);
        if (next < rows.size())
            return true;
        pgcopy::appendTrailer(chunk);
        return false;
    });
}

void PgWriter::writeChunk(Lane& lane, const StorageBatch& batch, std::span<const std::uint32_t> rows)
{
    const auto t = static_cast<std::size_t>(batch.table);
    const std::string table(storageTableName(batch.table));
    PgCopyConnection& c = *lane.link;
    // Usually no row is in the table yet: COPY straight into it, as fast as a plain COPY. The unique key
    // refuses the whole COPY if any row is (a retried or replayed batch), and then the chunk goes the safe way.
    if (!lane.isStagingPreferred[t]) {
        pqxx::work tx(c, "pulse_write");
        std::uint64_t copied = 0;
        bool isDuplicate = false;
        try {
            copied = copyRows(lane, batch, rows, copySql(table, batch.table));
        } catch (const pqxx::unique_violation&) {
            isDuplicate = true;
        }
        if (!isDuplicate) {
            if (batch.checkpoint)
                pgcheckpoint::write(tx, *batch.checkpoint);
            tx.commit();
            addWritten(copied);
            return;
        }
        tx.abort();
    }
    // Staging: COPY into the session's temp table, then INSERT … ON CONFLICT DO NOTHING skips what is there.
    pqxx::work tx(c, "pulse_write");
    copyRows(lane, batch, rows, copySql(stagingName(batch.table), batch.table));
    const pqxx::result inserted = tx.exec_prepared(insertStatementName(batch.table));
    if (batch.checkpoint)
        pgcheckpoint::write(tx, *batch.checkpoint);
    tx.commit();
    const auto written = static_cast<std::uint64_t>(inserted.affected_rows());
    // Duplicates come in runs (a replay after an outage): stay on staging until a chunk has none.
    lane.isStagingPreferred[t] = written < rows.size();
    addWritten(written);
}

PgWriter::ChunkOutcome PgWriter::writeChunkRetrying(
    Lane& lane, const StorageBatch& batch, std::span<const std::uint32_t> rows)
{
    // A refusal for any other reason than the connection is retried a few times, then the chunk is dropped and
    // counted so one poisoned batch cannot stall the writer.
    for (int attempt = 0;; ++attempt) {
        try {
            writeChunk(lane, batch, rows);
            return {};
        } catch (const std::exception& e) {
            if (!lane.link->is_open() || dynamic_cast<const pqxx::broken_connection*>(&e)
                || dynamic_cast<const pqxx::in_doubt_error*>(&e))
                return { true, e.what() };
            setError(e.what());
            if (attempt >= 2) {
                std::lock_guard lock(m_statsMutex);
                m_stats.failedBatches += 1;
                m_stats.droppedRows[static_cast<int>(batch.table)] += rows.size();
                return {};
            }
        }
    }
}

bool PgWriter::writeBatch(const StorageBatch& batch)
{
    // Rows in the order of the unique key: consecutive inserts land on the same index pages, which takes the
    // server about a quarter less time than time-major arrival order (docs/BENCHMARKS.md). Chunks of this order are
    // key ranges, so sessions writing two of them at once rarely meet on an index page.
    m_rowOrder.resize(batch.rows.size());
    std::iota(m_rowOrder.begin(), m_rowOrder.end(), std::uint32_t { 0 });
    std::sort(m_rowOrder.begin(), m_rowOrder.end(), [&](std::uint32_t a, std::uint32_t b) {
        const StorageRow& ra = batch.rows[a];
        const StorageRow& rb = batch.rows[b];
        if (ra.series != rb.series) {
            if (const int c = ra.series->metricName.compare(rb.series->metricName); c != 0)
                return c < 0;
            if (const int c = ra.series->key.compare(rb.series->key); c != 0)
                return c < 0;
        }
        if (ra.timeMs != rb.timeMs)
            return ra.timeMs < rb.timeMs;
        return a < b; // equal keys keep their order, so the first of two duplicates is the one stored
    });
    try {
        ensurePartitionsFor(batch, m_rowOrder);
    } catch (const std::exception& e) {
        if (!m_connection->link().is_open() || dynamic_cast<const pqxx::broken_connection*>(&e)) {
            disconnect(e.what());
            return false;
        }
        setError(e.what()); // the chunks fail without their partition, and are counted
    }
    // A checkpoint describes the whole batch: one transaction, or a crash between two would claim rows unwritten.
    std::vector<Lane>& lanes = m_connection->lanes;
    const std::size_t total = m_rowOrder.size();
    const std::size_t maxRows = std::max<std::size_t>(1, m_config.maxRowsPerTransaction);
    std::size_t chunks = 1;
    if (!batch.checkpoint)
        chunks = std::max(
            { chunks, (total + maxRows - 1) / maxRows, std::min(lanes.size(), total / kMinRowsPerParallelChunk) });
    const std::size_t step = (total + chunks - 1) / chunks;
    const auto chunkAt = [&](std::size_t begin) {
        return std::span<const std::uint32_t>(m_rowOrder.data() + begin, std::min(total, begin + step) - begin);
    };
    std::string lostError;
    for (std::size_t begin = 0; begin < total && lostError.empty(); begin += step * lanes.size()) {
        // Up to one chunk per session at a time: the first on this thread, the others on helper threads (or, when
        // no thread can be started, here after the first: libstdc++ falls back to deferred for this policy).
        std::vector<std::future<ChunkOutcome>> others;
        for (std::size_t l = 1; l < lanes.size() && begin + l * step < total; ++l)
            others.push_back(std::async(std::launch::async | std::launch::deferred,
                [this, &lane = lanes[l], &batch, rows = chunkAt(begin + l * step)] {
                    return writeChunkRetrying(lane, batch, rows);
                }));
        ChunkOutcome outcome = writeChunkRetrying(lanes[0], batch, chunkAt(begin));
        if (outcome.isConnectionLost)
            lostError = outcome.error;
        for (std::future<ChunkOutcome>& other : others)
            if (ChunkOutcome o = other.get(); o.isConnectionLost && lostError.empty())
                lostError = o.error;
    }
    if (!lostError.empty()) {
        disconnect(lostError);
        return false;
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
        pqxx::work tx(m_connection->link(), "pulse_retention");
        for (int t = 0; t < kStorageTableCount; ++t) {
            const int days = m_config.schema.retention.days[t];
            if (days > 0)
                dropped += pgschema::dropPartitionsBefore(
                    tx, static_cast<StorageTable>(t), now - std::int64_t { days } * kMsPerDay);
        }
        tx.commit();
    } catch (const std::exception& e) {
        if (!m_connection->link().is_open())
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
    if (!m_config.spoolPath.empty() && m_config.isSpoolOpenedOnThread) {
        // Reading back a large spool takes a while: not on the thread that started the writer (the GUI's).
        std::string error;
        if (!openSpool(&error))
            setError("spool " + m_config.spoolPath + ": " + error + "; rows the database cannot take are dropped");
    }
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
                if (!m_config.isExactlyOnce)
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
        if (PgSpool* spool = m_spool.load(std::memory_order_acquire); spool && !spool->isEmpty()) {
            if (std::optional<SpoolRecord> record = spool->peekOldest()) {
                if (writeBatch(record->batch))
                    spool->markDone(record->id);
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
            if (m_config.isExactlyOnce) {
                // Retried first once the database is back: checkpoints must be written in order.
                std::lock_guard lock(m_queueMutex);
                m_queuedRows += batch.rows.size();
                for (const StorageRow& r : batch.rows)
                    m_queuedBytes += storageRowBytes(r);
                m_queue.push_front(std::move(batch));
            } else {
                spill(std::move(batch));
            }
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
    if (const PgSpool* spoolFile = m_spool.load(std::memory_order_acquire)) {
        const PgSpoolStats spool = spoolFile->stats();
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
    const PgSpool* spool = m_spool.load(std::memory_order_acquire);
    return m_inFlightRows == 0 && (!spool || spool->isEmpty());
}

} // namespace pulse
