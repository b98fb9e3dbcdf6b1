#pragma once

#include "ingest/ingestbatch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace pulse {

/**
 * Bounded multi-producer, single-consumer queue of batches between sources and the aggregation
 * thread, with a pool that recycles consumed batches. A full queue blocks the producer (bounded wait):
 * a UDP source then stops reading, so overload shows up as counted kernel drops, never as silent
 * drops inside the application.
 */
class IngestQueue {
public:
    explicit IngestQueue(std::size_t capacityBatches = 64)
        : m_capacity(capacityBatches)
    { }

    /** A cleared batch, recycled when one is available. */
    IngestBatchPtr acquire()
    {
        {
            std::lock_guard lock(m_poolMutex);
            if (!m_pool.empty()) {
                IngestBatchPtr b = std::move(m_pool.back());
                m_pool.pop_back();
                return b;
            }
        }
        return std::make_unique<IngestBatch>();
    }

    /** Returns a consumed batch to the pool. */
    void recycle(IngestBatchPtr batch)
    {
        batch->clear();
        std::lock_guard lock(m_poolMutex);
        if (m_pool.size() < m_capacity + 8)
            m_pool.push_back(std::move(batch));
    }

    /**
     * Enqueues, waiting up to `timeout` for room. On time-out the batch is handed back through
     * `batch` (still owned by the caller) and false is returned, so the caller can check for stop.
     */
    bool push(IngestBatchPtr& batch, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        if (!m_notFull.wait_for(lock, timeout, [&] { return m_queue.size() < m_capacity || m_isClosed; }))
            return false;
        if (m_isClosed)
            return false;
        m_queue.push_back(std::move(batch));
        m_peak = std::max(m_peak, m_queue.size());
        lock.unlock();
        m_notEmpty.notify_one();
        return true;
    }

    /** Enqueues without waiting; false when full (the batch stays with the caller). */
    bool tryPush(IngestBatchPtr& batch) { return push(batch, std::chrono::milliseconds(0)); }

    /** Moves every queued batch into `out`, waiting up to `timeout` for the first one. */
    void popAll(std::vector<IngestBatchPtr>& out, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait_for(lock, timeout, [&] { return !m_queue.empty() || m_isClosed; });
        while (!m_queue.empty()) {
            out.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        lock.unlock();
        m_notFull.notify_all();
    }

    /** Wakes everyone; later pushes fail. */
    void close()
    {
        {
            std::lock_guard lock(m_mutex);
            m_isClosed = true;
        }
        m_notEmpty.notify_all();
        m_notFull.notify_all();
    }

    std::size_t depth() const
    {
        std::lock_guard lock(m_mutex);
        return m_queue.size();
    }
    std::size_t capacity() const { return m_capacity; }
    bool isClosed() const
    {
        std::lock_guard lock(m_mutex);
        return m_isClosed;
    }

private:
    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<IngestBatchPtr> m_queue;
    std::size_t m_peak = 0;
    bool m_isClosed = false;
    std::mutex m_poolMutex;
    std::vector<IngestBatchPtr> m_pool;
};

/**
 * Moves `windows` into the queue in batches of at most `perBatch` (tagged `sourceIndex` and `isPersisted`), waiting
 * for room in 100 ms steps; false when `isStopRequested` turned true first (the rest is not pushed). Clears `windows`.
 */
inline bool pushWindows(IngestQueue& queue, std::uint16_t sourceIndex, std::vector<RemoteWindow>& windows,
    bool isPersisted, const std::atomic<bool>& isStopRequested, std::size_t perBatch = 2048)
{
    std::size_t at = 0;
    while (at < windows.size()) {
        IngestBatchPtr batch = queue.acquire();
        batch->sourceIndex = sourceIndex;
        batch->isPersisted = isPersisted;
        const std::size_t end = std::min(windows.size(), at + perBatch);
        batch->windows.assign(std::make_move_iterator(windows.begin() + static_cast<std::ptrdiff_t>(at)),
            std::make_move_iterator(windows.begin() + static_cast<std::ptrdiff_t>(end)));
        at = end;
        while (!queue.push(batch, std::chrono::milliseconds(100))) {
            if (isStopRequested.load(std::memory_order_acquire)) {
                windows.clear();
                return false;
            }
        }
    }
    windows.clear();
    return true;
}

} // namespace pulse
