#pragma once

#include "storage/storagerow.h"

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace pulse {

/** Counters of a spool, all cumulative except the live ones. */
struct PgSpoolStats {
    std::uint64_t liveRecords = 0;
    std::uint64_t liveRows = 0;
    std::uint64_t liveBytes = 0;
    std::uint64_t fileBytes = 0;
    std::array<std::uint64_t, kStorageTableCount> droppedRows {}; ///< evicted because the spool was full
    std::uint64_t corruptRecords = 0; ///< bad CRC, torn or undecodable records skipped
};

/** One spooled batch handed back for replay; pass id to markDone once it is written. */
struct SpoolRecord {
    std::uint64_t id = 0;
    StorageBatch batch;
};

/**
 * Size-capped, append-only spill file for batches the database cannot take right now. Each record is
 * [magic, state, table, rowCount, payloadBytes, CRC32] + payload; replayed records and evicted ones are marked
 * done in place, so a restart resumes where the last process stopped. Torn or corrupt records are skipped and
 * counted. When full, the oldest raw batches are evicted first, then 10 s, 1 min and 1 h rollups. Thread-safe:
 * the aggregation thread appends when the writer's queue is full, the writer thread replays.
 */
class PgSpool {
public:
    PgSpool(std::string path, std::uint64_t maxBytes);
    ~PgSpool();

    PgSpool(const PgSpool&) = delete;
    PgSpool& operator=(const PgSpool&) = delete;

    /** Opens or creates the file and indexes the records already in it; false with *error on I/O failure. */
    bool open(std::string* error = nullptr);
    bool isOpen() const;
    /** Appends a batch, evicting older ones when full; false when the batch itself was dropped (counted). */
    bool append(const StorageBatch& batch);
    /** The oldest live batch, decoded; undecodable records are skipped and counted. */
    std::optional<SpoolRecord> peekOldest();
    /** Marks a record replayed; the file shrinks to nothing once every record is done. */
    void markDone(std::uint64_t id);
    bool isEmpty() const;
    /** Never waits for the file: a copy published at the end of every open, append, peek and markDone. */
    PgSpoolStats stats() const;
    const std::string& path() const { return m_path; }

    /** The record payload for a batch (exposed for tests and the corruption checks). */
    static std::string encode(const StorageBatch& batch);
    /** The rows of encode()'s payload, and its writer run; records of the first format (PSP1) have none. */
    static std::optional<std::vector<StorageRow>> decode(
        std::string_view payload, std::uint32_t rowCount, std::int64_t* writerRun = nullptr, bool hasWriterRun = true);
    static std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0);
    static constexpr std::size_t kHeaderBytes = 20;

private:
    struct Entry {
        std::uint64_t id;
        std::uint64_t offset;
        std::uint32_t payloadBytes;
        std::uint32_t rowCount;
        std::uint32_t crc;
        StorageTable table;
        bool isLive;
        bool hasWriterRun; // PSP2; PSP1 records (written before runs were recorded) replay with run 0
    };

    void scanLocked();
    void markDoneLocked(Entry& e);
    bool evictLocked(std::uint64_t neededBytes, StorageTable incoming);
    void compactLocked();
    void dropDeadHeadLocked();

    std::string m_path;
    std::uint64_t m_maxBytes;
    int m_fd = -1;
    mutable std::mutex m_mutex;
    std::deque<Entry> m_entries; // in file order
    std::uint64_t m_nextId = 1;
    std::uint64_t m_endOffset = 0;
    PgSpoolStats m_stats; // under m_mutex
    struct PublishOnExit;
    mutable std::mutex m_publishedMutex; // taken inside m_mutex, never the other way round
    PgSpoolStats m_published;
};

} // namespace pulse
