#include "storage/pgwindowsink.h"

#include "storage/pgwriter.h"

#include <chrono>
#include <cmath>
#include <limits>

namespace pulse {

PgWindowSink::PgWindowSink(PgWriter& writer, std::vector<SpecTable> specTables)
    : m_writer(writer)
    , m_specTables(std::move(specTables))
{ }

std::vector<SpecTable> PgWindowSink::specTablesFor(std::span<const WindowSpec> specs)
{
    std::vector<SpecTable> out;
    bool isTaken[kStorageTableCount] = {};
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (!specs[i].isTumbling())
            continue;
        const std::optional<StorageTable> table = storageTableForWindowMs(specs[i].sizeMs);
        if (!table || isTaken[static_cast<int>(*table)])
            continue;
        isTaken[static_cast<int>(*table)] = true;
        out.push_back({ static_cast<std::uint16_t>(i), *table });
    }
    return out;
}

void PgWindowSink::setExactlyOnce(std::shared_ptr<KafkaStreamProgress> progress, const StreamCheckpoint& stored)
{
    m_progress = std::move(progress);
    m_checkpoint = stored;
    m_checkpoint.offsets.clear();
}

void PgWindowSink::enqueueExactlyOnce(StorageBatch&& out, const WindowBatch& batch, StorageTable table)
{
    const auto t = static_cast<std::size_t>(table);
    TimestampMs& writtenThrough = m_checkpoint.writtenThroughMs[t];
    const std::int64_t sizeMs = batch.spec.sizeMs;
    const std::size_t before = out.rows.size();
    std::erase_if(out.rows, [&](const StorageRow& r) { return r.timeMs + sizeMs <= writtenThrough; });
    m_skippedWindows.fetch_add(before - out.rows.size(), std::memory_order_relaxed);
    if (out.rows.empty())
        return;
    for (const StorageRow& r : out.rows)
        writtenThrough = std::max(writtenThrough, r.timeMs + sizeMs);
    // Every partition resumes at the first message of a window some table has not written yet.
    TimestampMs oldestOpen = std::numeric_limits<TimestampMs>::max();
    for (const SpecTable& st : m_specTables)
        oldestOpen = std::min(oldestOpen, m_checkpoint.writtenThroughMs[static_cast<std::size_t>(st.table)]);
    auto checkpoint = std::make_shared<StreamCheckpoint>(m_checkpoint);
    checkpoint->offsets = m_progress->resumeOffsets(oldestOpen);
    out.checkpoint = std::move(checkpoint);
    // Backpressure instead of spilling: the checkpoint must not be written before any earlier batch.
    while (!m_writer.waitForRoom(out.rows.size(), std::chrono::milliseconds(200))) {
        if (m_isClosing.load(std::memory_order_acquire))
            return; // stopping: the next run reads these messages again
    }
    m_writer.enqueue(std::move(out));
}

void PgWindowSink::onNewSeries(std::span<const SeriesInfoPtr> series)
{
    for (const SeriesInfoPtr& info : series) {
        if (!info)
            continue;
        if (info->id >= m_seriesText.size())
            m_seriesText.resize(info->id + 1);
        m_seriesText[info->id] = makeSeriesText(*info);
    }
}

const SeriesTextPtr& PgWindowSink::textFor(SeriesId id, const SeriesRegistry& registry)
{
    if (id >= m_seriesText.size())
        m_seriesText.resize(id + 1);
    if (!m_seriesText[id] && id < registry.size())
        m_seriesText[id] = makeSeriesText(registry.info(id)); // not announced (should not happen): build it now
    return m_seriesText[id];
}

void PgWindowSink::appendRows(const WindowBatch& batch, StorageTable table,
    const std::vector<SeriesTextPtr>& seriesText, std::vector<StorageRow>& out)
{
    int quantileIndex[3] = { -1, -1, -1 };
    const double wanted[3] = { 0.5, 0.95, 0.99 };
    for (int k = 0; k < 3; ++k)
        for (std::size_t i = 0; i < batch.quantiles.size(); ++i)
            if (std::abs(batch.quantiles[i] - wanted[k]) < 1e-9)
                quantileIndex[k] = static_cast<int>(i);
    out.reserve(out.size() + batch.results.size());
    for (const WindowResult& r : batch.results) {
        if (r.series >= seriesText.size() || !seriesText[r.series])
            continue;
        StorageRow row;
        row.series = seriesText[r.series];
        row.timeMs = r.startMs;
        row.count = r.count;
        row.sum = r.sum;
        row.min = r.min;
        row.max = r.max;
        if (table == StorageTable::Raw) {
            switch (r.type) {
            case MetricType::Counter:
                row.value = r.sum;
                break;
            case MetricType::Gauge:
                row.value = r.last;
                break;
            case MetricType::Set:
                row.value = r.distinct;
                break;
            default:
                row.value = r.mean;
            }
        } else {
            double* targets[3] = { &row.p50, &row.p95, &row.p99 };
            for (int k = 0; k < 3; ++k)
                if (quantileIndex[k] >= 0 && quantileIndex[k] < r.quantileCount)
                    *targets[k] = r.quantiles[static_cast<std::size_t>(quantileIndex[k])];
            row.digest = r.digest;
        }
        out.push_back(std::move(row));
    }
}

void PgWindowSink::onWindows(std::span<const WindowBatchPtr> batches, const SeriesRegistry& registry)
{
    for (const WindowBatchPtr& batch : batches) {
        if (!batch || batch->isPersisted)
            continue; // read back from the database or a server's: writing it again would count it twice
        if (m_progress && m_isClosing.load(std::memory_order_acquire))
            return; // the flush at shutdown closes windows early: the next run replays them whole
        for (const SpecTable& st : m_specTables) {
            if (st.specIndex != batch->specIndex)
                continue;
            for (const WindowResult& r : batch->results)
                textFor(r.series, registry);
            StorageBatch out;
            out.table = st.table;
            appendRows(*batch, st.table, m_seriesText, out.rows);
            if (m_progress)
                enqueueExactlyOnce(std::move(out), *batch, st.table);
            else if (!out.rows.empty())
                m_writer.enqueue(std::move(out));
        }
    }
}

} // namespace pulse
