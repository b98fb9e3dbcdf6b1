#include "storage/storageoutput.h"

#include "model/hash.h"
#include "storage/pgcheckpoint.h"
#include "storage/pgconnection.h"
#include "storage/pgmigrations.h"

#include <QDir>
#include <QFile>

#include <pqxx/pqxx>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <unistd.h>

namespace pulse {

std::string defaultSpoolDir()
{
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state && *state == '/')
        return std::string(state) + "/pulseboard/spool";
    const char* home = std::getenv("HOME");
    if (home && *home == '/')
        return std::string(home) + "/.local/state/pulseboard/spool";
    return {};
}

StorageOutput::StorageOutput(StorageOptions options, const Clock& clock)
    : m_options(std::move(options))
    , m_clock(clock)
    , m_displayUrl(pgRedactUrl(m_options.url))
{ }

StorageOutput::~StorageOutput()
{
    stop();
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

std::optional<std::string> StorageOutput::lockSpool()
{
    std::string dir = m_options.spoolDir.empty() ? defaultSpoolDir() : m_options.spoolDir;
    if (dir.empty())
        return std::string("no spool directory: neither XDG_STATE_HOME nor HOME is set; give --spool-dir");
    if (!QDir().mkpath(QString::fromStdString(dir)))
        return "cannot create the spool directory " + dir;
    QFile::setPermissions(QString::fromStdString(dir), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // One spool per database: a restarted server replays what the last one could not write.
    char name[40];
    std::snprintf(name, sizeof name, "-%016" PRIx64 ".spool", hashBytes(m_displayUrl));
    for (int slot = 1; slot <= std::max(1, m_options.spoolSlots); ++slot) {
        const std::string path
            = dir + "/" + m_options.spoolPrefix + (slot == 1 ? std::string() : "-" + std::to_string(slot)) + name;
        const std::string lockPath = path + ".lock";
        const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return "cannot open " + lockPath + ": " + std::strerror(errno);
        // The spool file itself takes no lock, and two writers appending to it would corrupt each other.
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            m_lockFd = fd;
            m_spoolPath = path;
            return std::nullopt;
        }
        ::close(fd);
        m_spoolPath = path;
    }
    return "the spool " + m_spoolPath + " is in use by another process (give each its own spool directory)";
}

std::optional<std::string> StorageOutput::open()
{
    if (!m_options.passwordFile.empty()) {
        std::ifstream in(m_options.passwordFile);
        std::string password;
        if (!in || !std::getline(in, password))
            return "cannot read the password file " + m_options.passwordFile;
        if (!password.empty() && password.back() == '\r')
            password.pop_back();
        // Before any thread starts; libpq reads it for every connection of the writer and the history reads.
        ::setenv("PGPASSWORD", password.c_str(), 1);
    }
    const bool isExactlyOnce = m_options.exactlyOnce != nullptr;
    if (!isExactlyOnce) {
        if (auto error = lockSpool())
            return error;
    }
    PgWriterConfig config = writerConfig();

    // Migrate here, so a schema the server cannot take stops the start instead of failing every batch later.
    PgConnectResult connection = pgConnect(m_options.url);
    if (!connection.connection && isExactlyOnce) {
        return "storage " + m_displayUrl + " is not reachable (" + pgErrorLine(connection.error)
            + "); --kafka-exactly-once reads where to resume from it at start-up";
    }
    if (!connection.connection) {
        m_notes.push_back("storage " + m_displayUrl + " is not reachable (" + pgErrorLine(connection.error)
            + "); rows wait in " + m_spoolPath + " until it is, and nothing is backfilled");
    } else {
        const MigrationResult migration = PgMigrations::migrate(*connection.connection, config.schema);
        if (!migration.isOk)
            return "storage " + m_displayUrl + ": schema migration failed: " + pgErrorLine(migration.error);
        m_isReachableAtOpen = true;
        std::string note = "storage " + m_displayUrl + ": schema version " + std::to_string(migration.toVersion);
        if (migration.fromVersion != migration.toVersion)
            note += " (migrated from " + std::to_string(migration.fromVersion) + ")";
        note += migration.isTimescale ? ", TimescaleDB" : ", plain PostgreSQL";
        m_notes.push_back(std::move(note));
        if (isExactlyOnce) {
            try {
                pqxx::read_transaction tx(*connection.connection);
                m_checkpoint = pgcheckpoint::read(tx, m_options.exactlyOnceGroup);
            } catch (const std::exception& e) {
                return "storage " + m_displayUrl + ": reading the Kafka checkpoint: " + pgErrorLine(e.what());
            }
            m_options.exactlyOnce->setStartOffsets(m_checkpoint.offsets);
            std::string resume = "exactly-once: group " + m_options.exactlyOnceGroup;
            if (m_checkpoint.offsets.empty()) {
                resume += " has no checkpoint yet (partitions start as the group's from= says)";
            } else {
                resume += " resumes at";
                for (const PartitionOffset& o : m_checkpoint.offsets)
                    resume += " " + o.topic + "/" + std::to_string(o.partition) + "@" + std::to_string(o.nextOffset);
            }
            m_notes.push_back(std::move(resume));
        }
    }
    return startWriter(std::move(config));
}

std::optional<std::string> StorageOutput::openInBackground()
{
    if (auto error = lockSpool())
        return error;
    PgWriterConfig config = writerConfig();
    config.isMigrateOnConnect = true; // the writer's thread migrates once it is connected
    config.isSpoolOpenedOnThread = true;
    return startWriter(std::move(config));
}

PgWriterConfig StorageOutput::writerConfig() const
{
    PgWriterConfig config;
    config.url = m_options.url;
    config.spoolPath = m_spoolPath;
    config.stopTimeoutMs = m_options.stopTimeoutMs;
    config.isExactlyOnce = m_options.exactlyOnce != nullptr;
    return config;
}

std::optional<std::string> StorageOutput::startWriter(PgWriterConfig config)
{
    m_writer = std::make_unique<PgWriter>(std::move(config), m_clock);
    std::string error;
    if (!m_writer->start(&error)) {
        m_writer.reset();
        return "storage spool " + m_spoolPath + ": " + error;
    }
    const PgWriterStats s = m_writer->stats();
    if (s.spooledRows > 0)
        m_notes.push_back(std::to_string(s.spooledRows) + " rows left in " + m_spoolPath + " are replayed first");
    return std::nullopt;
}

void StorageOutput::attach(Pipeline& pipeline)
{
    auto sink = std::make_unique<PgWindowSink>(*m_writer, PgWindowSink::specTablesFor(pipeline.engineConfig().specs));
    if (m_options.exactlyOnce)
        sink->setExactlyOnce(m_options.exactlyOnce, m_checkpoint);
    pipeline.addSink(sink.get());
    {
        std::lock_guard lock(m_sinksMutex);
        m_sinks.emplace_back(&pipeline, std::move(sink));
    }
    // Each pipeline counts from where the writer is now: a replaced pipeline's provider keeps its own baseline.
    auto last = std::make_shared<PgWriterStats>(m_writer->stats());
    pipeline.addSelfMetricsProvider([writer = m_writer.get(), last](std::vector<PointSample>& out, TimestampMs nowMs) {
        const PgWriterStats now = writer->stats();
        addMetrics(now, *last, out, nowMs);
        *last = now;
    });
}

void StorageOutput::detach(const Pipeline& pipeline)
{
    std::lock_guard lock(m_sinksMutex);
    std::erase_if(m_sinks, [&](const auto& entry) { return entry.first == &pipeline; });
}

std::string StorageOutput::backfill(RollingStore& store, SeriesRegistry& registry, std::size_t maxSeries)
{
    if (m_options.backfillHours == 0)
        return {};
    if (!m_isReachableAtOpen)
        return "history not backfilled: the database was not reachable";
    std::int64_t spanMs = 0;
    for (const StoreResolution& r : store.config().resolutions)
        spanMs = std::max(spanMs, r.spanMs);
    const int hours = m_options.backfillHours > 0
        ? m_options.backfillHours
        : static_cast<int>(std::max<std::int64_t>(1, (spanMs + 3'599'999) / 3'600'000));
    PgHistory history(m_options.url);
    const BackfillResult r = backfillStore(
        history, store, registry, *SeriesSelector::parse("*").selector, hours, m_clock.nowMs(), maxSeries);
    if (!r.isOk())
        return "history not backfilled: " + pgErrorLine(r.error);
    return "backfilled " + std::to_string(r.seriesAdded) + " series, " + std::to_string(r.pointsAppended)
        + " points from the last " + std::to_string(hours) + " h of history";
}

void StorageOutput::beginClosing()
{
    std::lock_guard lock(m_sinksMutex);
    for (auto& [_, sink] : m_sinks)
        sink->beginClosing();
}

std::string StorageOutput::stop()
{
    if (!m_writer)
        return {};
    m_writer->stop();
    const PgWriterStats s = m_writer->stats();
    m_writer.reset();
    std::string line = "storage: " + std::to_string(s.writtenRows) + " rows written";
    if (s.spooledRows > 0)
        line += ", " + std::to_string(s.spooledRows) + " rows kept in " + m_spoolPath + " for the next start";
    std::uint64_t dropped = 0;
    for (std::uint64_t n : s.droppedRows)
        dropped += n;
    if (dropped > 0 && m_options.exactlyOnce)
        line += ", " + std::to_string(dropped)
            + " rows not written (exactly-once: the next start reads their messages again from Kafka)";
    else if (dropped > 0)
        line += ", " + std::to_string(dropped) + " rows dropped";
    return line;
}

void StorageOutput::addMetrics(
    const PgWriterStats& now, const PgWriterStats& before, std::vector<PointSample>& out, TimestampMs nowMs)
{
    const auto delta = [](std::uint64_t a, std::uint64_t b) { return a >= b ? double(a - b) : double(a); };
    const auto gauge = [&](const char* name, double value) {
        out.push_back(PointSample { name, {}, MetricType::Gauge, value, nowMs });
    };
    const auto counter = [&](const char* name, double value, std::vector<Tag> tags = {}) {
        out.push_back(PointSample { name, std::move(tags), MetricType::Counter, value, nowMs });
    };
    gauge("pulse.storage.up", now.state == PgConnectionState::Connected ? 1.0 : 0.0);
    gauge("pulse.storage.queued", double(now.queuedRows));
    gauge("pulse.storage.queued_bytes", double(now.queuedBytes));
    gauge("pulse.storage.spooled", double(now.spooledRows));
    gauge("pulse.storage.spooled_bytes", double(now.spooledBytes));
    counter("pulse.storage.written", delta(now.writtenRows, before.writtenRows));
    for (int t = 0; t < kStorageTableCount; ++t) {
        const std::string table(storageTableName(static_cast<StorageTable>(t)));
        counter("pulse.storage.dropped", delta(now.droppedRows[t], before.droppedRows[t]), { { "table", table } });
    }
    counter("pulse.storage.rejected", delta(now.rejectedRows, before.rejectedRows));
    counter("pulse.storage.failed_batches", delta(now.failedBatches, before.failedBatches));
    counter("pulse.storage.reconnects", delta(now.reconnects, before.reconnects));
}

} // namespace pulse
