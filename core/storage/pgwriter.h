#pragma once

#include "model/clock.h"
#include "storage/pgconnection.h"
#include "storage/pgmigrations.h"
#include "storage/pgspool.h"
#include "storage/storagerow.h"

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace pulse {

class PgCopyConnection;

enum class PgConnectionState : std::uint8_t { Connecting, Connected, Disconnected };

/** Everything that shapes a PgWriter. */
struct PgWriterConfig {
    std::string url; ///< libpq URL; sslmode=verify-full&sslrootcert=... pass through; passwords via PGPASSWORD/.pgpass
    SchemaOptions schema;
    bool isMigrateOnConnect = true; ///< run PgMigrations at every (re)connect (a no-op when current)
    std::size_t maxQueueRows = 2'000'000;
    std::size_t maxQueueBytes = std::size_t { 512 } << 20;
    /**
     * Larger batches are split; queued batches of one table are merged up to this times copyConnections (not those
     * with a checkpoint).
     */
    std::size_t maxRowsPerTransaction = 50'000;
    /**
     * Sessions that COPY the chunks of one batch at the same time, each chunk its own transaction (a key range of
     * the sorted rows): the server's index inserts are most of the cost of a row and run on one core per session.
     * A batch with a checkpoint always goes through one. An extra session that cannot connect is done without.
     */
    std::size_t copyConnections = 2;
    std::string spoolPath; ///< empty: no spool, overflow and batches of a lost connection are dropped (counted)
    /**
     * Open (and read back) the spool on the writer thread instead of in start(), which then never touches the disk.
     * Until it is open, a full queue drops (counted); if it cannot open, lastError says so and overflow drops.
     */
    bool isSpoolOpenedOnThread = false;
    std::uint64_t maxSpoolBytes = std::uint64_t { 1 } << 30;
    std::int64_t backoffBaseMs = 500;
    std::int64_t backoffCapMs = 30'000;
    std::int64_t retentionIntervalMs = 3'600'000; ///< plain PostgreSQL: how often old partitions are dropped; 0 = never
    std::int64_t maxFutureMs = 2 * 86'400'000; ///< rows further ahead of the clock are rejected (counted)
    std::int64_t stopTimeoutMs = 5000; ///< stop() writes what it can in this time, then spools the rest
    /**
     * Exactly-once Kafka: batches stay queued in memory while the database is away (no spool: Kafka keeps the
     * messages, and a checkpoint must never be written before the rows it covers) and a batch the connection lost is
     * retried first. The producer keeps the queue bounded with waitForRoom().
     */
    bool isExactlyOnce = false;
};

/** A snapshot of the writer's self-metrics (the pulse.storage.* series). */
struct PgWriterStats {
    std::size_t queuedRows = 0;
    std::size_t queuedBytes = 0;
    std::uint64_t writtenRows = 0; ///< new rows committed (retried duplicates not counted)
    double writtenRowsPerSec = 0; ///< over the last second or so
    std::uint64_t committedBatches = 0; ///< transactions (a backlog of small batches is merged into one)
    std::uint64_t spooledRows = 0; ///< waiting in the spool now
    std::uint64_t spooledBytes = 0;
    std::array<std::uint64_t, kStorageTableCount> droppedRows {}; ///< by table: spool full, no spool, failed batch
    std::uint64_t rejectedRows = 0; ///< timestamps outside [now - retention, now + maxFutureMs]
    std::uint64_t corruptSpoolRecords = 0;
    std::uint64_t failedBatches = 0; ///< batches the server refused for a reason other than the connection
    std::uint64_t reconnects = 0; ///< successful connections after the first
    std::uint64_t droppedPartitions = 0;
    bool isTimescale = false;
    PgConnectionState state = PgConnectionState::Disconnected;
    TimestampMs nextRetryMs = 0; ///< when disconnected
    std::string lastError;
};

/**
 * Writes storage batches to PostgreSQL on its own thread, one transaction per batch (split at maxRowsPerTransaction
 * rows; a backlog of small batches of one table is merged up to it), rows sorted by the table's unique key and sent
 * as binary COPY straight into the target table. When the unique key refuses that COPY (some rows are stored
 * already: a retried or replayed batch), the transaction is rolled back and the rows go through a temp staging table
 * and INSERT … ON CONFLICT DO NOTHING instead, so a retried batch never duplicates rows. The queue is bounded in rows
 * and bytes; enqueue() never waits for the database: a full queue spills to the spool, and while disconnected
 * (exponential backoff with full jitter) the writer thread moves the queue to the spool and replays it in order
 * after reconnecting. libpqxx exceptions stop here.
 */
class PgWriter {
public:
    explicit PgWriter(PgWriterConfig config, const Clock& clock = SystemClock::instance());
    ~PgWriter();
    /** Stamped on every batch enqueued without one (StorageBatch::writerRun); random per writer. */
    std::int64_t runId() const { return m_runId; }

    PgWriter(const PgWriter&) = delete;
    PgWriter& operator=(const PgWriter&) = delete;

    /** Opens the spool and starts the thread (which connects); false with *error if the spool cannot open. */
    bool start(std::string* error = nullptr);
    /** Writes what it can within stopTimeoutMs, spools the rest, joins the thread. Idempotent. */
    void stop();
    /**
     * Any thread; never blocks on the database. Rows outside the accepted time range are rejected (counted). A batch
     * with a checkpoint is queued even over the bounds (see waitForRoom()).
     */
    void enqueue(StorageBatch batch);
    /** Waits until `rows` more fit in the queue (or it is empty, or the writer stops); false when `timeout` passed. */
    bool waitForRoom(std::size_t rows, std::chrono::milliseconds timeout);
    PgWriterStats stats() const;
    /** Nothing queued, spooled or in flight (tests and shutdown wait on this). */
    bool isIdle() const;
    /** Runs partition retention at the next opportunity instead of waiting for the interval. */
    void requestRetention();
    const PgWriterConfig& config() const { return m_config; }

private:
    struct Lane;
    struct Connection;
    /** How writing one chunk ended; a lost connection is handled on the writer thread. */
    struct ChunkOutcome {
        bool isConnectionLost = false;
        std::string error;
    };

    void run();
    bool connect();
    void disconnect(const std::string& error);
    /** Writes every row; false when the connection is gone (the batch is not written). */
    bool writeBatch(const StorageBatch& batch);
    /** One transaction for these rows of the batch (indices), on the lane's session. */
    void writeChunk(Lane& lane, const StorageBatch& batch, std::span<const std::uint32_t> rows);
    /** writeChunk, retried a few times when the server refuses it; then dropped and counted. Any thread. */
    ChunkOutcome writeChunkRetrying(Lane& lane, const StorageBatch& batch, std::span<const std::uint32_t> rows);
    std::uint64_t copyRows(
        Lane& lane, const StorageBatch& batch, std::span<const std::uint32_t> rows, const std::string& sql);
    /** Staging tables and the INSERT … ON CONFLICT statements of a session. */
    static void prepareSession(PgCopyConnection& c);
    void ensurePartitionsFor(const StorageBatch& batch, std::span<const std::uint32_t> rows);
    void runRetention();
    bool openSpool(std::string* error);
    void spill(StorageBatch&& batch);
    void spillQueue();
    bool popBatch(StorageBatch& out, int waitMs);
    void setState(PgConnectionState state, TimestampMs nextRetryMs = 0);
    void setError(std::string error);
    void addWritten(std::uint64_t rows);

    PgWriterConfig m_config;
    const Clock& m_clock;
    std::unique_ptr<PgSpool> m_spoolOwner;
    std::atomic<PgSpool*> m_spool { nullptr }; // set once the spool is open; PgSpool itself is thread-safe
    std::unique_ptr<Connection> m_connection; // writer thread only
    std::set<std::pair<StorageTable, std::int64_t>> m_knownPartitions; // writer thread only
    std::vector<std::uint32_t> m_rowOrder; // writer thread only
    Backoff m_backoff;
    const std::int64_t m_runId; // this process's writer_run for rollups (random, positive)

    mutable std::mutex m_queueMutex;
    std::condition_variable m_queueWake;
    std::condition_variable m_roomFreed;
    std::deque<StorageBatch> m_queue;
    std::size_t m_queuedRows = 0;
    std::size_t m_queuedBytes = 0;
    bool m_isStopRequested = false;
    bool m_isRetentionRequested = false;
    std::atomic<std::size_t> m_inFlightRows { 0 };

    mutable std::mutex m_statsMutex;
    PgWriterStats m_stats;
    TimestampMs m_rateStartMs = 0;
    std::uint64_t m_rateStartRows = 0;
    bool m_hasConnectedOnce = false;

    std::thread m_thread;
    bool m_isStarted = false;
};

} // namespace pulse
