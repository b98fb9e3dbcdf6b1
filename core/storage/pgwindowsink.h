#pragma once

#include "pipeline/windowsink.h"
#include "storage/storagerow.h"

#include <cstdint>
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

    void onNewSeries(std::span<const SeriesInfoPtr> series) override;
    void onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry) override;

    /** The rows for one batch (exposed for tests and the benchmark). */
    static void appendRows(const WindowBatch& batch, StorageTable table, const std::vector<SeriesTextPtr>& seriesText,
        std::vector<StorageRow>& out);

private:
    const SeriesTextPtr& textFor(SeriesId id, const SeriesRegistry& registry);

    PgWriter& m_writer;
    std::vector<SpecTable> m_specTables;
    std::vector<SeriesTextPtr> m_seriesText; // by SeriesId
};

} // namespace pulse
