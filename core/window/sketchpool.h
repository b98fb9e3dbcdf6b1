#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace pulse {

/**
 * Recycles sketches (t-digests, HyperLogLogs) by handle so a pane that opens every second reuses the buffers of
 * one that closed instead of allocating. Items live behind unique_ptr so references stay valid while the pool grows.
 */
template <typename T> class SketchPool {
public:
    using Handle = std::uint32_t;
    static constexpr Handle kNone = 0xffffffffu;

    explicit SketchPool(T prototype)
        : m_prototype(std::move(prototype))
    { }

    /** A cleared sketch; reuses a released one when there is one. */
    Handle acquire()
    {
        if (!m_free.empty()) {
            const Handle h = m_free.back();
            m_free.pop_back();
            m_minFree = std::min(m_minFree, m_free.size());
            if (!m_items[h])
                m_items[h] = std::make_unique<T>(m_prototype);
            return h;
        }
        m_minFree = 0;
        m_items.push_back(std::make_unique<T>(m_prototype));
        return static_cast<Handle>(m_items.size() - 1);
    }

    /** Clears the sketch and keeps it for the next acquire(). */
    void release(Handle h)
    {
        m_items[h]->clear();
        m_free.push_back(h);
    }

    /**
     * Frees the sketches that stayed unused since the last call. The free list is a stack: the entries below its
     * low-water mark were never taken in that time. Called now and then, this returns a burst's memory without
     * churning the sketches reused every second.
     */
    void trimUnused()
    {
        const std::size_t idle = std::min(m_minFree, m_free.size());
        for (std::size_t i = 0; i < idle; ++i)
            m_items[m_free[i]].reset();
        m_minFree = m_free.size();
    }

    T& operator[](Handle h) { return *m_items[h]; }
    const T& operator[](Handle h) const { return *m_items[h]; }

    /** Sketches handed out and not released. */
    std::size_t inUse() const { return m_items.size() - m_free.size(); }

    /** Bytes held by every sketch, free ones included (walks the pool: not for hot paths). */
    std::size_t memoryBytes() const
    {
        std::size_t bytes = m_items.capacity() * sizeof(std::unique_ptr<T>) + m_free.capacity() * sizeof(Handle);
        for (const auto& item : m_items)
            bytes += item ? item->memoryBytes() : 0;
        return bytes;
    }

private:
    T m_prototype;
    std::vector<std::unique_ptr<T>> m_items;
    std::vector<Handle> m_free;
    std::size_t m_minFree = 0; // low-water mark of m_free since the last trimUnused()
};

} // namespace pulse
