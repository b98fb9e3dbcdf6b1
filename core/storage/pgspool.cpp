#include "storage/pgspool.h"

#include "sketch/tdigest.h"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <unordered_map>

namespace pulse {

namespace {

constexpr std::uint32_t kMagicV1 = 0x31505350; // "PSP1" little-endian: rows only
constexpr std::uint32_t kMagic = 0x32505350; // "PSP2": the batch's writer run (int64), then the rows
constexpr std::uint8_t kLive = 0xFF;
constexpr std::uint8_t kDone = 0x00;
constexpr std::size_t kStateOffset = 4;

template <typename T> void put(std::string& out, T v)
{
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    out.append(buf, sizeof(T));
}

void putString(std::string& out, std::string_view s)
{
    put<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
    out.append(s);
}

class Reader {
public:
    explicit Reader(std::string_view bytes)
        : m_bytes(bytes)
    { }
    template <typename T> bool get(T& v)
    {
        if (m_bytes.size() - m_pos < sizeof(T))
            return false;
        std::memcpy(&v, m_bytes.data() + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return true;
    }
    bool getString(std::string& s)
    {
        std::uint32_t len = 0;
        if (!get(len) || m_bytes.size() - m_pos < len)
            return false;
        s.assign(m_bytes.substr(m_pos, len));
        m_pos += len;
        return true;
    }
    bool isAtEnd() const { return m_pos == m_bytes.size(); }

private:
    std::string_view m_bytes;
    std::size_t m_pos = 0;
};

bool preadAll(int fd, char* buf, std::size_t len, std::uint64_t offset)
{
    while (len > 0) {
        const ssize_t n = ::pread(fd, buf, len, static_cast<off_t>(offset));
        if (n <= 0)
            return false;
        buf += n;
        len -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
    return true;
}

bool pwriteAll(int fd, const char* buf, std::size_t len, std::uint64_t offset)
{
    while (len > 0) {
        const ssize_t n = ::pwrite(fd, buf, len, static_cast<off_t>(offset));
        if (n <= 0)
            return false;
        buf += n;
        len -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
    return true;
}

struct Header {
    std::uint32_t magic = 0;
    std::uint8_t state = 0;
    std::uint8_t table = 0;
    std::uint32_t rowCount = 0;
    std::uint32_t payloadBytes = 0;
    std::uint32_t crc = 0;
};

std::string encodeHeader(const Header& h)
{
    std::string out;
    put(out, h.magic);
    put(out, h.state);
    put(out, h.table);
    put<std::uint16_t>(out, 0);
    put(out, h.rowCount);
    put(out, h.payloadBytes);
    put(out, h.crc);
    return out;
}

Header decodeHeader(std::string_view bytes)
{
    Header h;
    Reader r(bytes);
    std::uint16_t reserved = 0;
    r.get(h.magic);
    r.get(h.state);
    r.get(h.table);
    r.get(reserved);
    r.get(h.rowCount);
    r.get(h.payloadBytes);
    r.get(h.crc);
    return h;
}

// The CRC covers table, row count and payload; the state byte changes in place and is outside it.
std::uint32_t recordCrc(std::uint8_t table, std::uint32_t rowCount, std::string_view payload)
{
    std::string prefix;
    put(prefix, table);
    put(prefix, rowCount);
    return PgSpool::crc32(payload, PgSpool::crc32(prefix));
}

} // namespace

std::uint32_t PgSpool::crc32(std::string_view bytes, std::uint32_t crc)
{
    static const auto table = [] {
        std::array<std::uint32_t, 256> t {};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (const char ch : bytes)
        crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::string PgSpool::encode(const StorageBatch& batch)
{
    std::string out;
    out.reserve(8 + batch.rows.size() * 160);
    put<std::int64_t>(out, batch.writerRun);
    std::string digest;
    for (const StorageRow& row : batch.rows) {
        put<std::int64_t>(out, row.timeMs);
        put<std::uint8_t>(out, static_cast<std::uint8_t>(row.series->type));
        for (double v : { row.value, row.count, row.sum, row.min, row.max, row.p50, row.p95, row.p99 })
            put(out, v);
        putString(out, row.series->key);
        putString(out, row.series->sourceId);
        putString(out, row.series->metricName);
        putString(out, row.series->tagsJson);
        digest.clear();
        if (row.digest)
            row.digest->serialize(digest);
        putString(out, row.digest ? std::string_view(digest) : std::string_view(row.digestBytes));
    }
    return out;
}

std::optional<std::vector<StorageRow>> PgSpool::decode(
    std::string_view payload, std::uint32_t rowCount, std::int64_t* writerRun, bool hasWriterRun)
{
    std::vector<StorageRow> rows;
    rows.reserve(std::min<std::uint32_t>(rowCount, 1u << 20));
    std::unordered_map<std::string, SeriesTextPtr> seriesByKey;
    Reader r(payload);
    std::int64_t run = 0;
    if (hasWriterRun && !r.get(run))
        return std::nullopt;
    if (writerRun)
        *writerRun = run;
    for (std::uint32_t i = 0; i < rowCount; ++i) {
        StorageRow row;
        std::uint8_t type = 0;
        SeriesText text;
        if (!r.get(row.timeMs) || !r.get(type) || type >= kMetricTypeCount)
            return std::nullopt;
        for (double* v : { &row.value, &row.count, &row.sum, &row.min, &row.max, &row.p50, &row.p95, &row.p99 })
            if (!r.get(*v))
                return std::nullopt;
        if (!r.getString(text.key) || !r.getString(text.sourceId) || !r.getString(text.metricName)
            || !r.getString(text.tagsJson) || !r.getString(row.digestBytes))
            return std::nullopt;
        text.type = static_cast<MetricType>(type);
        auto& shared = seriesByKey[text.key];
        if (!shared || shared->type != text.type)
            shared = std::make_shared<const SeriesText>(std::move(text));
        row.series = shared;
        rows.push_back(std::move(row));
    }
    if (!r.isAtEnd())
        return std::nullopt;
    return rows;
}

PgSpool::PgSpool(std::string path, std::uint64_t maxBytes)
    : m_path(std::move(path))
    , m_maxBytes(maxBytes)
{ }

PgSpool::~PgSpool()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

/** Publishes the stats when a mutating call returns (still under m_mutex), so stats() never waits on file I/O. */
struct PgSpool::PublishOnExit {
    PgSpool& spool;
    ~PublishOnExit()
    {
        std::lock_guard lock(spool.m_publishedMutex);
        spool.m_published = spool.m_stats;
    }
};

bool PgSpool::open(std::string* error)
{
    std::lock_guard lock(m_mutex);
    const PublishOnExit publish { *this };
    if (m_fd >= 0)
        return true;
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        if (error)
            *error = "cannot open spool " + m_path + ": " + std::strerror(errno);
        return false;
    }
    scanLocked();
    return true;
}

bool PgSpool::isOpen() const
{
    std::lock_guard lock(m_mutex);
    return m_fd >= 0;
}

void PgSpool::scanLocked()
{
    const off_t size = ::lseek(m_fd, 0, SEEK_END);
    const auto fileBytes = static_cast<std::uint64_t>(std::max<off_t>(size, 0));
    std::uint64_t pos = 0;
    std::string header(kHeaderBytes, '\0');
    std::string payload;
    while (pos + kHeaderBytes <= fileBytes) {
        if (!preadAll(m_fd, header.data(), kHeaderBytes, pos))
            break;
        const Header h = decodeHeader(header);
        // Without a valid magic or with a length past the end nothing after this point can be trusted.
        if ((h.magic != kMagic && h.magic != kMagicV1) || h.payloadBytes > fileBytes - pos - kHeaderBytes)
            break;
        payload.resize(h.payloadBytes);
        const bool isRead = preadAll(m_fd, payload.data(), h.payloadBytes, pos + kHeaderBytes);
        const bool isValid = isRead && h.table < kStorageTableCount && recordCrc(h.table, h.rowCount, payload) == h.crc;
        if (!isValid) {
            ++m_stats.corruptRecords;
            const char done = static_cast<char>(kDone);
            pwriteAll(m_fd, &done, 1, pos + kStateOffset);
        } else if (h.state == kLive) {
            m_entries.push_back({ m_nextId++, pos, h.payloadBytes, h.rowCount, h.crc,
                static_cast<StorageTable>(h.table), true, h.magic == kMagic });
            m_stats.liveRecords += 1;
            m_stats.liveRows += h.rowCount;
            m_stats.liveBytes += kHeaderBytes + h.payloadBytes;
        }
        pos += kHeaderBytes + h.payloadBytes;
    }
    if (pos < fileBytes) {
        ++m_stats.corruptRecords; // torn or garbled tail
        if (::ftruncate(m_fd, static_cast<off_t>(pos)) != 0)
            pos = fileBytes; // keep appending after the garbage rather than over it
    }
    m_endOffset = pos;
    m_stats.fileBytes = pos;
    dropDeadHeadLocked();
}

void PgSpool::markDoneLocked(Entry& e)
{
    if (!e.isLive)
        return;
    e.isLive = false;
    const char done = static_cast<char>(kDone);
    pwriteAll(m_fd, &done, 1, e.offset + kStateOffset);
    m_stats.liveRecords -= 1;
    m_stats.liveRows -= e.rowCount;
    m_stats.liveBytes -= kHeaderBytes + e.payloadBytes;
}

void PgSpool::dropDeadHeadLocked()
{
    while (!m_entries.empty() && !m_entries.front().isLive)
        m_entries.pop_front();
    if (m_entries.empty() && m_endOffset > 0) {
        if (::ftruncate(m_fd, 0) == 0) {
            m_endOffset = 0;
            m_stats.fileBytes = 0;
        }
    } else if (m_endOffset > 2 * m_maxBytes) {
        compactLocked();
    }
}

void PgSpool::compactLocked()
{
    // Evictions leave dead records in the middle; rewrite the live ones so the file stays near the cap.
    const std::string tmpPath = m_path + ".compact";
    const int fd = ::open(tmpPath.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    std::uint64_t pos = 0;
    std::string record;
    std::deque<Entry> entries;
    for (const Entry& e : m_entries) {
        if (!e.isLive)
            continue;
        record.resize(kHeaderBytes + e.payloadBytes);
        if (!preadAll(m_fd, record.data(), record.size(), e.offset)
            || !pwriteAll(fd, record.data(), record.size(), pos)) {
            ::close(fd);
            ::unlink(tmpPath.c_str());
            return;
        }
        Entry moved = e;
        moved.offset = pos;
        entries.push_back(moved);
        pos += record.size();
    }
    if (::rename(tmpPath.c_str(), m_path.c_str()) != 0) {
        ::close(fd);
        ::unlink(tmpPath.c_str());
        return;
    }
    ::close(m_fd);
    m_fd = fd;
    m_entries = std::move(entries);
    m_endOffset = pos;
    m_stats.fileBytes = pos;
}

bool PgSpool::evictLocked(std::uint64_t neededBytes, StorageTable incoming)
{
    for (int t = 0; t < kStorageTableCount; ++t) {
        const auto table = static_cast<StorageTable>(t);
        for (Entry& e : m_entries) {
            if (m_stats.liveBytes + neededBytes <= m_maxBytes)
                return true;
            if (e.isLive && e.table == table) {
                m_stats.droppedRows[t] += e.rowCount;
                markDoneLocked(e);
            }
        }
        if (m_stats.liveBytes + neededBytes <= m_maxBytes)
            return true;
        if (table == incoming)
            return false; // everything older of this priority is gone: the newcomer goes before any rollup
    }
    return m_stats.liveBytes + neededBytes <= m_maxBytes;
}

bool PgSpool::append(const StorageBatch& batch)
{
    if (batch.rows.empty())
        return true;
    const std::string payload = encode(batch);
    std::lock_guard lock(m_mutex);
    const PublishOnExit publish { *this };
    const auto tableIndex = static_cast<std::uint8_t>(batch.table);
    const std::uint64_t needed = kHeaderBytes + payload.size();
    if (m_fd < 0 || !evictLocked(needed, batch.table)) {
        m_stats.droppedRows[tableIndex] += batch.rows.size();
        dropDeadHeadLocked();
        return false;
    }
    Header h;
    h.magic = kMagic;
    h.state = kLive;
    h.table = tableIndex;
    h.rowCount = static_cast<std::uint32_t>(batch.rows.size());
    h.payloadBytes = static_cast<std::uint32_t>(payload.size());
    h.crc = recordCrc(h.table, h.rowCount, payload);
    std::string record = encodeHeader(h);
    record += payload;
    if (!pwriteAll(m_fd, record.data(), record.size(), m_endOffset)) {
        m_stats.droppedRows[tableIndex] += batch.rows.size();
        return false;
    }
    m_entries.push_back({ m_nextId++, m_endOffset, h.payloadBytes, h.rowCount, h.crc, batch.table, true, true });
    m_endOffset += record.size();
    m_stats.fileBytes = m_endOffset;
    m_stats.liveRecords += 1;
    m_stats.liveRows += h.rowCount;
    m_stats.liveBytes += record.size();
    dropDeadHeadLocked();
    return true;
}

std::optional<SpoolRecord> PgSpool::peekOldest()
{
    std::lock_guard lock(m_mutex);
    const PublishOnExit publish { *this };
    std::string payload;
    for (Entry& e : m_entries) {
        if (!e.isLive)
            continue;
        payload.resize(e.payloadBytes);
        std::optional<std::vector<StorageRow>> rows;
        std::int64_t writerRun = 0;
        if (preadAll(m_fd, payload.data(), e.payloadBytes, e.offset + kHeaderBytes)
            && recordCrc(static_cast<std::uint8_t>(e.table), e.rowCount, payload) == e.crc)
            rows = decode(payload, e.rowCount, &writerRun, e.hasWriterRun);
        if (!rows) {
            ++m_stats.corruptRecords;
            markDoneLocked(e);
            continue;
        }
        SpoolRecord record;
        record.id = e.id;
        record.batch.table = e.table;
        record.batch.rows = std::move(*rows);
        record.batch.writerRun = writerRun;
        return record;
    }
    dropDeadHeadLocked();
    return std::nullopt;
}

void PgSpool::markDone(std::uint64_t id)
{
    std::lock_guard lock(m_mutex);
    const PublishOnExit publish { *this };
    for (Entry& e : m_entries) {
        if (e.id == id) {
            markDoneLocked(e);
            break;
        }
    }
    dropDeadHeadLocked();
}

bool PgSpool::isEmpty() const
{
    std::lock_guard lock(m_mutex);
    return m_stats.liveRecords == 0;
}

PgSpoolStats PgSpool::stats() const
{
    std::lock_guard lock(m_publishedMutex);
    return m_published;
}

} // namespace pulse
