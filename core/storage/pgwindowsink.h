#pragma once

#include "pipeline/windowsink.h"
#include "storage/storagerow.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace pulse {

class PgWriter;

/** Which engine spec feeds which table. */
struct SpecTable {
    std::uint16_t specIndex = 0;
    StorageTable table = StorageTable::Raw;
};

/**
 * The WindowSink that feeds a PgWriter: on the aggregation thread it turns closed windows of the configured specs
 * into rows (shared series text, numbers and the digest pointer; no formatting) and enqueues them, which never
 * blocks. Text and percentiles missing from the batch are produced on the writer thread.
 */
class PgWindowSink final : public WindowSink {
public:
    PgWindowSink(PgWriter& writer, std::vector<SpecTable> specTables);

    /** The first tumbling spec of 1 s, 10 s, 60 s and 3600 s in `specs` (e.g. EngineConfig::specs), by table. */
    static std::vector<SpecTable> specTablesFor(std::span<const WindowSpec> specs);

    /**
     * Exactly-once Kafka, before the pipeline starts: windows ending at or before `stored`'s written-through time of
     * their table were written by an earlier run (a replay closes them again) and are skipped; every batch carries
     * the checkpoint as of itself (written through per table, and progress->resumeOffsets()), and waits for room in
     * the writer's queue instead of spilling (the aggregation thread stalls, the ingest queue fills, Kafka pauses).
     */
    void setExactlyOnce(std::shared_ptr<KafkaStreamProgress> progress, const StreamCheckpoint& stored);
    /** Exactly-once, before the pipeline stops: the windows its final flush closes early are left to the next run. */
    void beginClosing() { m_isClosing.store(true, std::memory_order_release); }
    /** Exactly-once: windows skipped because an earlier run wrote them. Any thread. */
    std::uint64_t skippedWindows() const { return m_skippedWindows.load(std::memory_order_relaxed); }

    void onNewSeries(std::span<const SeriesInfoPtr> series) override;
    void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry) override;

    /** The rows for one batch (exposed for tests and the benchmark). */
    static void appendRows(const WindowBatch& batch, StorageTable table, const std::vector<SeriesTextPtr>& seriesText,
        std::vector<StorageRow>& out);

private:
    const SeriesTextPtr& textFor(SeriesId id, const SeriesRegistry& registry);

    /** Exactly-once: drops what an earlier run wrote, attaches the checkpoint, waits for room, enqueues. */
    void enqueueExactlyOnce(StorageBatch&& out, const WindowBatch& batch, StorageTable table);

    PgWriter& m_writer;
    std::vector<SpecTable> m_specTables;
    std::vector<SeriesTextPtr> m_seriesText; // by SeriesId
    std::shared_ptr<KafkaStreamProgress> m_progress; // exactly-once only
    StreamCheckpoint m_checkpoint; // exactly-once: as of the last batch enqueued
    std::atomic<bool> m_isClosing { false };
    std::atomic<std::uint64_t> m_skippedWindows { 0 };
};

} // namespace pulse
