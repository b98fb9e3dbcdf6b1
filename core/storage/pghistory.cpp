#include "storage/pghistory.h"

#include "sketch/tdigest.h"
#include "storage/historycache.h"
#include "storage/pgconnection.h"
#include "storage/pgcopy.h"
#include "storage/pgschema.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace pulse {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Safety cap on candidate series fetched before the C++ selector filter.
constexpr std::size_t kMaxCandidates = 100'000;
// From this many rows per series in the range, finding a name's series in a rollup walks the (metric_name,
// series_key, time) index instead of reading their rows (see findSeriesIn); in raw rows it always does.
constexpr std::int64_t kLooseFindRowsPerSeries = 256;

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

std::int64_t ceilDiv(std::int64_t a, std::int64_t b)
{
    return -floorDiv(-a, b);
}

StorageTable tableOf(HistoryResolution r)
{
    switch (r) {
    case HistoryResolution::TenSeconds:
        return StorageTable::Rollup10s;
    case HistoryResolution::OneMinute:
        return StorageTable::Rollup1m;
    case HistoryResolution::OneHour:
        return StorageTable::Rollup1h;
    case HistoryResolution::Raw:
    case HistoryResolution::Auto:
        break;
    }
    return StorageTable::Raw;
}

std::optional<MetricType> parseType(std::string_view s)
{
    for (int i = 0; i < kMetricTypeCount; ++i) {
        const auto t = static_cast<MetricType>(i);
        if (s == metricTypeName(t) || s == statsdTypeName(t))
            return t;
    }
    return std::nullopt;
}

/** The literal prefix of a glob pattern (escapes resolved) and whether the whole pattern is that literal. */
std::string globPrefix(const Glob& glob)
{
    if (glob.isLiteral())
        return glob.literal();
    std::string prefix;
    const std::string& p = glob.pattern();
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '*' || c == '?' || c == '[')
            break;
        if (c == '\\' && i + 1 < p.size())
            prefix += p[++i];
        else
            prefix += c;
    }
    return prefix;
}

std::string escapeLike(std::string_view s)
{
    std::string out;
    for (const char c : s) {
        if (c == '\\' || c == '%' || c == '_')
            out += '\\';
        out += c;
    }
    return out;
}

bool isValidUtf8(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())).toUtf8() == QByteArrayView(s);
}

/** Why a field cannot be read for a type from a table (merged: several rows per output bucket); empty if it can. */
std::string unavailableReason(Field field, MetricType type, StorageTable table, bool isMerged)
{
    const std::string what = std::string(fieldName(field)) + " of a " + std::string(metricTypeName(type));
    if (!fieldAppliesTo(field, type))
        return "field " + std::string(fieldName(field)) + " does not apply to " + std::string(metricTypeName(type))
            + " series";
    const bool isRaw = table == StorageTable::Raw;
    if (fieldQuantile(field) && isRaw)
        return what + " is not stored at raw resolution (percentiles start at 10s)";
    const bool isDistinct = field == Field::Distinct || (field == Field::Value && type == MetricType::Set);
    if (isDistinct && (!isRaw || isMerged))
        return what + " is only stored per second at raw resolution and cannot be merged";
    if (field == Field::Last && !isRaw)
        return what + " is not stored in rollups (use raw, or mean)";
    return {};
}

bool needsDigest(Field field, bool isMerged)
{
    const auto q = fieldQuantile(field);
    if (!q)
        return false;
    return isMerged || !(*q == 0.5 || *q == 0.95 || *q == 0.99);
}

/**
 * A time bound as timestamptz text (`2023-11-14 22:00:00.000+00`), so the statement compares a column with a
 * parameter. `timestamptz 'epoch' + $1 * interval '1 millisecond'` is only stable (it depends on the session's time
 * zone), so a scan evaluated it twice for every row it filtered: half the server's time of a one-series read.
 */
std::string timeParam(TimestampMs t)
{
    constexpr TimestampMs kFirstMs = -62'135'596'800'000; // 0001-01-01
    constexpr TimestampMs kLastMs = 253'402'300'799'999; // 9999-12-31 23:59:59.999
    if (t < kFirstMs)
        return "-infinity";
    if (t > kLastMs)
        return "infinity";
    const std::time_t seconds = static_cast<std::time_t>(floorDiv(t, 1000));
    std::tm tm {};
    gmtime_r(&seconds, &tm);
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%03d+00", tm.tm_year + 1900, tm.tm_mon + 1,
        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(t - floorDiv(t, 1000) * 1000));
    return text;
}

} // namespace

/** One stored row, as read. */
struct PgHistory::Row {
    TimestampMs timeMs = 0;
    double count = 0;
    double sum = kNaN;
    double min = kNaN;
    double max = kNaN;
    double value = kNaN; // raw only
    double p50 = kNaN; // rollups only
    double p95 = kNaN;
    double p99 = kNaN;
    std::string digest;
};

/**
 * The reads' statements, prepared once per connection and keyed by their text: the server parses and plans a
 * history read once instead of at every query (at most kMaxPrepared texts; others run unprepared).
 */
struct PgHistory::Statements {
    static constexpr std::size_t kMaxPrepared = 64;

    /** A result in PostgreSQL's binary format, cleared when it goes. */
    struct Result {
        std::unique_ptr<PGresult, void (*)(PGresult*)> result { nullptr, PQclear };
        int rows() const { return PQntuples(result.get()); }
        int columns() const { return PQnfields(result.get()); }
        bool isNull(int row, int column) const { return PQgetisnull(result.get(), row, column) != 0; }
        std::string_view bytes(int row, int column) const
        {
            return { PQgetvalue(result.get(), row, column),
                static_cast<std::size_t>(PQgetlength(result.get(), row, column)) };
        }
    };

    std::unordered_map<std::string, std::string> names; // statement text → prepared name

    /** The libpq handle of a transaction's connection (throws when it is gone). */
    static PGconn* handleOf(pqxx::transaction_base& tx)
    {
        PGconn* c = static_cast<PgCopyConnection&>(tx.conn()).handle();
        if (!c)
            throw pqxx::broken_connection("history connection lost");
        return c;
    }

    /**
     * Runs a statement, prepared on first use, and returns its rows in binary: the server sends doubles and
     * timestamps as their bytes instead of printing them, and the reader copies them instead of parsing text
     * (libpqxx 6 only asks for text; text columns are their bytes either way). Parameters stay text.
     */
    Result exec(pqxx::transaction_base& tx, const std::string& sql, const std::vector<std::string>& params)
    {
        return exec(handleOf(tx), sql, params);
    }

    Result exec(PGconn* c, const std::string& sql, const std::vector<std::string>& params)
    {
        const std::vector<const char*> values = pointersTo(params);
        const int n = static_cast<int>(values.size());
        Result r;
        if (const std::string* name = prepared(c, sql, n))
            r.result.reset(PQexecPrepared(c, name->c_str(), n, values.data(), nullptr, nullptr, 1));
        else
            r.result.reset(PQexecParams(c, sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 1));
        check(c, r);
        return r;
    }

    /**
     * Starts a statement as exec() would run it and returns at once; collect() takes its rows. Until then the
     * connection runs nothing else, so another connection can work on its part of a read at the same time.
     */
    void send(PGconn* c, const std::string& sql, const std::vector<std::string>& params)
    {
        const std::vector<const char*> values = pointersTo(params);
        const int n = static_cast<int>(values.size());
        const std::string* name = prepared(c, sql, n);
        const int isSent = name ? PQsendQueryPrepared(c, name->c_str(), n, values.data(), nullptr, nullptr, 1)
                                : PQsendQueryParams(c, sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 1);
        if (!isSent)
            check(c, Result {});
    }

    /** The rows of the statement send() started; the connection is idle again afterwards, also when it throws. */
    Result collect(PGconn* c)
    {
        Result r;
        while (PGresult* next = PQgetResult(c)) {
            if (!r.result)
                r.result.reset(next); // one statement: one result, then null
            else
                PQclear(next);
        }
        check(c, r);
        return r;
    }

private:
    static std::vector<const char*> pointersTo(const std::vector<std::string>& params)
    {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const std::string& p : params)
            values.push_back(p.c_str());
        return values;
    }

    /** The prepared statement's name (prepared now on first use), or null when the cache is full. */
    const std::string* prepared(PGconn* c, const std::string& sql, int paramCount)
    {
        auto it = names.find(sql);
        if (it == names.end() && names.size() < kMaxPrepared) {
            std::string name = "pulse_history_" + std::to_string(names.size());
            Result r;
            r.result.reset(PQprepare(c, name.c_str(), sql.c_str(), paramCount, nullptr));
            check(c, r);
            it = names.emplace(sql, std::move(name)).first;
        }
        return it == names.end() ? nullptr : &it->second;
    }

    static void check(PGconn* c, const Result& r)
    {
        const ExecStatusType status = r.result ? PQresultStatus(r.result.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
            return;
        const std::string error = r.result ? PQresultErrorMessage(r.result.get()) : PQerrorMessage(c);
        if (PQstatus(c) != CONNECTION_OK)
            throw pqxx::broken_connection(error);
        throw std::runtime_error(error);
    }
};

/** The second session a one-series read hands half of its range to (no handle: read on one session). */
struct PgHistory::ReadHelper {
    PGconn* handle = nullptr;
    Statements* statements = nullptr;
    bool isLost = false; ///< its connection failed during the read: the owner drops it
};

namespace {

using Row = PgHistory::Row;

/** Series whose rows one backfill statement reads. */
constexpr std::size_t kSeriesPerRead = 256;

std::uint64_t bigEndian64(std::string_view bytes)
{
    std::uint64_t v = 0;
    for (const char b : bytes.substr(0, 8))
        v = (v << 8) | static_cast<unsigned char>(b);
    return v;
}

/** A float8 column of a binary result; NULL (length 0) and anything but 8 bytes is NaN. */
double binaryDouble(const PgHistory::Statements::Result& r, int row, int column)
{
    const std::string_view bytes = r.bytes(row, column);
    return bytes.size() == 8 ? std::bit_cast<double>(bigEndian64(bytes)) : kNaN;
}

/** The value columns a read needs; rowColumns() leaves the others out (less to send and to parse). */
struct ValueColumns {
    bool count = true;
    bool sum = true;
    bool min = true;
    bool max = true;
    bool value = true;
    bool p50 = true;
    bool p95 = true;
    bool p99 = true;
};

/** What Group::field() reads for `field`, whatever the type (digests aside: see needsDigest()). */
ValueColumns columnsFor(Field field)
{
    ValueColumns c { false, false, false, false, false, false, false, false };
    switch (field) {
    case Field::Value: // a counter's rate, a gauge's last value or mean, a set's value, else the mean
        c.count = c.sum = c.value = true;
        break;
    case Field::Rate:
    case Field::Mean:
        c.count = c.sum = true;
        break;
    case Field::Count:
        c.count = true;
        break;
    case Field::Sum:
        c.sum = true;
        break;
    case Field::Min:
        c.min = true;
        break;
    case Field::Max:
        c.max = true;
        break;
    case Field::Last:
    case Field::Distinct:
        c.value = true;
        break;
    case Field::P50:
        c.p50 = true;
        break;
    case Field::P95:
        c.p95 = true;
        break;
    case Field::P99:
        c.p99 = true;
        break;
    case Field::P90:
    case Field::P999:
        break; // from digests only
    }
    return c;
}

/** The columns a read selects after the time column, and the Row members they fill, in order. */
struct RowColumns {
    std::string sql; // "<time>, count, sum[, digest]"
    std::vector<double Row::*> values;
    bool hasDigest = false;

    int size() const { return 1 + static_cast<int>(values.size()) + (hasDigest ? 1 : 0); }
};

/**
 * Only the columns the field needs, for `table` (the others keep Row's defaults): every column selected costs the
 * server its send function and the client a value in the result, and a one-series read has thousands of rows.
 */
RowColumns rowColumns(StorageTable table, bool withDigest, const ValueColumns& c = {})
{
    const bool isRaw = table == StorageTable::Raw;
    RowColumns out;
    out.sql = std::string(pgschema::timeColumn(table)); // as stored: read in binary, no conversion on the server
    const auto add = [&out](bool isRead, const char* name, double Row::*member) {
        if (!isRead)
            return;
        out.sql += ", ";
        out.sql += name;
        out.values.push_back(member);
    };
    add(c.count, "count", &Row::count);
    add(c.sum, "sum", &Row::sum);
    add(c.min, "min", &Row::min);
    add(c.max, "max", &Row::max);
    add(isRaw && c.value, "value", &Row::value);
    add(!isRaw && c.p50, "p50", &Row::p50);
    add(!isRaw && c.p95, "p95", &Row::p95);
    add(!isRaw && c.p99, "p99", &Row::p99);
    if (withDigest && !isRaw) {
        out.sql += ", digest";
        out.hasDigest = true;
    }
    return out;
}

/** The columns of `columns` from `first` of a row, in binary. */
Row rowFrom(const PgHistory::Statements::Result& r, int row, int first, const RowColumns& columns)
{
    // timestamptz: microseconds since 2000-01-01 00:00 UTC.
    constexpr std::int64_t kPgEpochUnixMs = 946'684'800'000;
    const std::string_view time = r.bytes(row, first);
    if (time.size() != 8)
        throw std::runtime_error("history read: unexpected timestamp format");
    Row out;
    const auto micros = static_cast<std::int64_t>(bigEndian64(time));
    out.timeMs = floorDiv(micros, 1000) + kPgEpochUnixMs;
    int column = first + 1;
    for (double Row::*member : columns.values)
        out.*member = binaryDouble(r, row, column++);
    if (columns.hasDigest && !r.isNull(row, column))
        out.digest = std::string(r.bytes(row, column));
    return out;
}

/** Throws unless the result has the columns read from `first` on (a statement and its reader out of step). */
void checkColumns(const PgHistory::Statements::Result& r, int first, const RowColumns& columns)
{
    if (r.columns() != first + columns.size())
        throw std::runtime_error("history read: unexpected column count");
}

/** `AND <time> >= $N AND <time> <= $N+1` (`<` with isEndExcluded), the parameters from timeParam(). */
std::string timeRangeSql(StorageTable table, int firstParam, bool isEndExcluded = false)
{
    const std::string t(pgschema::timeColumn(table));
    return " AND " + t + " >= $" + std::to_string(firstParam) + "::timestamptz AND " + t
        + (isEndExcluded ? " < $" : " <= $") + std::to_string(firstParam + 1) + "::timestamptz";
}

/** A stored series as reads address it: its name and key as stored. */
struct SeriesRef {
    const std::string* key;
    const std::string* metricName;
};

/** The rows of a result read by readRowsOnce(), appended to `rows`. */
void appendRows(std::vector<Row>& rows, const PgHistory::Statements::Result& r, const RowColumns& columns)
{
    checkColumns(r, 0, columns);
    rows.reserve(rows.size() + static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
        rows.push_back(rowFrom(r, i, 0, columns));
}

/**
 * The rows of a series in [fromMs, toMs], ordered by time: on the reader's session alone, or, given a helper session,
 * the later half of the range on the helper at the same time. `expectedRows`: the range's buckets (space is reserved
 * for at most 65,536 of them up front).
 */
std::vector<Row> readRowsOnce(pqxx::transaction_base& tx, PgHistory::Statements& statements,
    PgHistory::ReadHelper& helper, StorageTable table, const SeriesRef& series, TimestampMs fromMs, TimestampMs toMs,
    std::int64_t expectedRows, bool withDigest, const ValueColumns& columns)
{
    // Table and column names come from the fixed StorageTable list; all values are bind parameters. The name leads
    // the raw table's unique key (schema v6), so it is part of every read.
    const RowColumns selected = rowColumns(table, withDigest, columns);
    const auto sql = [&](bool isEndExcluded) {
        return "SELECT " + selected.sql + " FROM " + std::string(storageTableName(table))
            + " WHERE metric_name = $4 AND series_key = $1" + timeRangeSql(table, 2, isEndExcluded) + " ORDER BY "
            + std::string(pgschema::timeColumn(table));
    };
    const auto params = [&](TimestampMs from, TimestampMs to) {
        return std::vector<std::string> { *series.key, timeParam(from), timeParam(to), *series.metricName };
    };
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(expectedRows, 0, 1 << 16)));
    if (!helper.handle || helper.isLost) {
        appendRows(rows, statements.exec(tx, sql(false), params(fromMs, toMs)), selected);
        return rows;
    }
    // The server spends about as long sending a row as finding it, one core per session: two sessions each read
    // half of the range at the same time, the later half on the helper. Both halves come in time order; the
    // earlier one ends before `middle` (exclusive: a time stored finer than a millisecond belongs to one half).
    const TimestampMs middle = fromMs + (toMs - fromMs) / 2 + 1;
    PGconn* main = PgHistory::Statements::handleOf(tx);
    statements.send(main, sql(true), params(fromMs, middle));
    std::optional<PgHistory::Statements::Result> later;
    try {
        helper.statements->send(helper.handle, sql(false), params(middle, toMs));
        later.emplace();
    } catch (const std::exception&) {
        helper.isLost = true; // read on one session below
    }
    std::exception_ptr mainError;
    try {
        appendRows(rows, statements.collect(main), selected);
    } catch (...) {
        mainError = std::current_exception();
    }
    if (later) {
        try {
            *later = helper.statements->collect(helper.handle); // also after a failure on main: leave it idle
        } catch (const std::exception&) {
            later.reset();
            helper.isLost = PQstatus(helper.handle) != CONNECTION_OK;
        }
    }
    if (mainError)
        std::rethrow_exception(mainError);
    if (later)
        appendRows(rows, *later, selected);
    else // the helper failed: its half on this session (an error of the statement itself shows here again)
        appendRows(rows, statements.exec(tx, sql(false), params(middle, toMs)), selected);
    return rows;
}

/** A text[] literal of the strings (a bind parameter's value, never SQL text). */
std::string textArrayLiteral(std::span<const std::string* const> items)
{
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += ',';
        out += '"';
        for (const char c : *items[i]) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

/**
 * The rows of several series in one statement (digests included), by series key, each ordered by time. Buckets
 * written by two runs need no second read here: the digests are there.
 */
std::map<std::string, std::vector<Row>> readRowsOfSeries(pqxx::transaction_base& tx, PgHistory::Statements& statements,
    StorageTable table, std::span<const SeriesRef> series, TimestampMs fromMs, TimestampMs toMs)
{
    std::vector<const std::string*> keys;
    std::vector<const std::string*> names;
    for (const SeriesRef& s : series) {
        keys.push_back(s.key);
        names.push_back(s.metricName);
    }
    // One index range per series, each already in time order: `series_key = ANY(…)` over the name-led key needs
    // every name × key pair probed and then a sort of all the rows (which spilled to disk for a dashboard's backfill).
    const RowColumns selected = rowColumns(table, true);
    const std::string sql = "SELECT s.key, m.* FROM unnest($1::text[], $4::text[]) AS s(key, name) CROSS JOIN LATERAL "
                            "(SELECT "
        + selected.sql + " FROM " + std::string(storageTableName(table))
        + " WHERE metric_name = s.name AND series_key = s.key" + timeRangeSql(table, 2) + " ORDER BY "
        + std::string(pgschema::timeColumn(table)) + ") m";
    const auto r = statements.exec(
        tx, sql, { textArrayLiteral(keys), timeParam(fromMs), timeParam(toMs), textArrayLiteral(names) });
    checkColumns(r, 1, selected);
    std::map<std::string, std::vector<Row>> out;
    std::vector<Row>* current = nullptr;
    std::string_view currentKey;
    for (int i = 0; i < r.rows(); ++i) {
        const std::string_view key = r.bytes(i, 0); // text in binary: its UTF-8 bytes
        if (!current || key != currentKey) {
            current = &out[std::string(key)];
            currentKey = key;
        }
        current->push_back(rowFrom(r, i, 1, selected));
    }
    // The statement has no final ORDER BY (it would sort what the index gives in order): do not rely on it.
    for (auto& [key, rows] : out) {
        const auto byTime = [](const Row& a, const Row& b) { return a.timeMs < b.timeMs; };
        if (!std::is_sorted(rows.begin(), rows.end(), byTime))
            std::stable_sort(rows.begin(), rows.end(), byTime);
    }
    return out;
}

/**
 * The rows of a series in a time range, ordered by time. A bucket written by two runs of the writer (a restart
 * within it) has a row from each, and their percentiles must come from the merged digests: when such a bucket is
 * in the range the rows are read again with digests. That is rare, so the usual read stays without them.
 */
std::vector<Row> readRows(pqxx::transaction_base& tx, PgHistory::Statements& statements, PgHistory::ReadHelper& helper,
    StorageTable table, const SeriesRef& series, TimestampMs fromMs, TimestampMs toMs, std::int64_t expectedRows,
    bool withDigest, const ValueColumns& columns)
{
    std::vector<Row> rows
        = readRowsOnce(tx, statements, helper, table, series, fromMs, toMs, expectedRows, withDigest, columns);
    if (withDigest || table == StorageTable::Raw)
        return rows;
    const auto shared
        = std::adjacent_find(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.timeMs == b.timeMs; });
    if (shared == rows.end())
        return rows;
    return readRowsOnce(tx, statements, helper, table, series, fromMs, toMs, expectedRows, true, columns);
}

/** Aggregates of the rows of one output bucket (rows sorted by time). */
struct Group {
    std::span<const Row> rows;
    double seconds = 1;

    double count() const
    {
        double c = 0;
        for (const Row& r : rows)
            c += std::isnan(r.count) ? 0 : r.count;
        return c;
    }
    double sum() const
    {
        double s = 0;
        bool hasAny = false;
        for (const Row& r : rows)
            if (!std::isnan(r.sum)) {
                s += r.sum;
                hasAny = true;
            }
        return hasAny ? s : kNaN;
    }
    double min() const
    {
        double m = kNaN;
        for (const Row& r : rows)
            if (!std::isnan(r.min) && !(m <= r.min))
                m = r.min;
        return m;
    }
    double max() const
    {
        double m = kNaN;
        for (const Row& r : rows)
            if (!std::isnan(r.max) && !(m >= r.max))
                m = r.max;
        return m;
    }
    double mean() const
    {
        const double c = count();
        return c > 0 ? sum() / c : kNaN;
    }
    double last() const { return rows.back().value; }
    /** Quantile from the stored column when the group is one row and it is stored, else from merged digests. */
    double quantile(double q, std::atomic<std::uint64_t>& corrupt) const
    {
        if (rows.size() == 1) {
            const Row& r = rows.front();
            const double stored = q == 0.5 ? r.p50 : q == 0.95 ? r.p95 : q == 0.99 ? r.p99 : kNaN;
            if (!std::isnan(stored))
                return stored;
        }
        std::vector<TDigest> digests;
        digests.reserve(rows.size());
        for (const Row& r : rows) {
            if (r.digest.empty())
                continue;
            if (auto d = TDigest::deserialize(r.digest))
                digests.push_back(std::move(*d));
            else
                corrupt.fetch_add(1, std::memory_order_relaxed);
        }
        if (digests.empty())
            return kNaN;
        if (digests.size() == 1)
            return digests.front().quantile(q);
        std::vector<const TDigest*> ptrs;
        ptrs.reserve(digests.size());
        for (const TDigest& d : digests)
            ptrs.push_back(&d);
        return TDigest::mergeAll(ptrs, digests.front().compression()).quantile(q);
    }
    double field(Field f, MetricType type, std::atomic<std::uint64_t>& corrupt) const
    {
        switch (f) {
        case Field::Value:
            switch (type) {
            case MetricType::Counter:
                return field(Field::Rate, type, corrupt);
            case MetricType::Gauge:
                // Raw rows keep the gauge's last value; rollups only its mean.
                return std::isnan(rows.back().value) ? mean() : last();
            case MetricType::Set:
                return rows.back().value;
            default:
                return mean();
            }
        case Field::Rate: {
            const double v = type == MetricType::Counter ? sum() : count();
            return std::isnan(v) ? kNaN : v / seconds;
        }
        case Field::Count:
            return count();
        case Field::Sum:
            return sum();
        case Field::Mean:
            return mean();
        case Field::Min:
            return min();
        case Field::Max:
            return max();
        case Field::Last:
        case Field::Distinct:
            return last();
        case Field::P50:
        case Field::P90:
        case Field::P95:
        case Field::P99:
        case Field::P999:
            return quantile(*fieldQuantile(f), corrupt);
        }
        return kNaN;
    }
};

/** Calls f(bucketStartMs, Group) for each non-empty output bucket starting in [fromMs, toMs]. */
template <typename F>
void forEachBucket(const std::vector<Row>& rows, std::int64_t bucketMs, TimestampMs fromMs, TimestampMs toMs, F&& f)
{
    std::size_t i = 0;
    while (i < rows.size()) {
        const TimestampMs start = floorDiv(rows[i].timeMs, bucketMs) * bucketMs;
        std::size_t j = i + 1;
        while (j < rows.size() && rows[j].timeMs < start + bucketMs)
            ++j;
        if (start >= fromMs && start <= toMs)
            f(start, Group { std::span<const Row>(rows.data() + i, j - i), static_cast<double>(bucketMs) / 1000.0 });
        i = j;
    }
}

} // namespace

std::string_view historyResolutionName(HistoryResolution resolution)
{
    switch (resolution) {
    case HistoryResolution::Raw:
        return "raw";
    case HistoryResolution::TenSeconds:
        return "10s";
    case HistoryResolution::OneMinute:
        return "1m";
    case HistoryResolution::OneHour:
        return "1h";
    case HistoryResolution::Auto:
        return "auto";
    }
    return "auto";
}

std::optional<HistoryResolution> parseHistoryResolution(std::string_view name)
{
    for (int i = 0; i <= static_cast<int>(HistoryResolution::Auto); ++i)
        if (historyResolutionName(static_cast<HistoryResolution>(i)) == name)
            return static_cast<HistoryResolution>(i);
    return std::nullopt;
}

std::int64_t historyStepMs(HistoryResolution resolution)
{
    const auto i = static_cast<std::size_t>(resolution);
    return i < kHistoryStepsMs.size() ? kHistoryStepsMs[i] : 0;
}

std::int64_t bucketCount(TimestampMs fromMs, TimestampMs toMs, std::int64_t stepMs)
{
    if (stepMs <= 0 || toMs < fromMs)
        return 0;
    return floorDiv(toMs, stepMs) - ceilDiv(fromMs, stepMs) + 1;
}

ResolutionChoice chooseResolution(
    TimestampMs fromMs, TimestampMs toMs, std::size_t maxPoints, HistoryResolution finest, HistoryResolution coarsest)
{
    const auto limit = static_cast<std::int64_t>(std::max<std::size_t>(1, maxPoints));
    const int first = std::min(static_cast<int>(finest), 3);
    const int last = std::clamp(static_cast<int>(coarsest), first, 3);
    for (int i = first; i <= last; ++i) {
        const std::int64_t step = kHistoryStepsMs[static_cast<std::size_t>(i)];
        if (bucketCount(fromMs, toMs, step) <= limit)
            return { static_cast<HistoryResolution>(i), step };
    }
    // Even the coarsest allowed step gives too many points: merge k of its rows per bucket, k as small as possible.
    const std::int64_t step = kHistoryStepsMs[static_cast<std::size_t>(last)];
    std::int64_t k = std::max<std::int64_t>(1, ceilDiv(bucketCount(fromMs, toMs, step), limit));
    while (bucketCount(fromMs, toMs, step * k) > limit)
        ++k;
    return { static_cast<HistoryResolution>(last), step * k };
}

std::string HistoryQuery::cacheKey() const
{
    std::string key = selector.text();
    key += '\x1f';
    key += fieldName(field);
    key += '\x1f';
    key += std::to_string(fromMs) + '\x1f' + std::to_string(toMs) + '\x1f';
    key += historyResolutionName(resolution);
    key += '\x1f' + std::to_string(maxPoints) + '\x1f' + std::to_string(bucketMs) + '\x1f' + std::to_string(maxSeries);
    return key;
}

std::size_t HistoryResult::memoryBytes() const
{
    std::size_t bytes = sizeof(HistoryResult) + error.capacity() + series.capacity() * sizeof(HistorySeries);
    for (const HistorySeries& s : series) {
        bytes += s.points.capacity() * sizeof(StorePoint);
        if (s.info) {
            bytes += sizeof(SeriesInfo) + s.info->name.capacity() + s.info->tags.capacity() * sizeof(Tag);
            for (const Tag& t : s.info->tags)
                bytes += t.first.capacity() + t.second.capacity();
        }
    }
    return bytes;
}

PgHistory::PgHistory(std::string url, HistoryCache* cache)
    : m_url(std::move(url))
    , m_cache(cache)
{ }

PgHistory::~PgHistory() = default;

namespace {

/** A read session: binary results through the handle, every statement planned once as a generic plan. */
std::unique_ptr<PgCopyConnection> connectReadSession(const std::string& url)
{
    PgCopyConnectResult c = pgCopyConnect(url);
    if (!c.connection)
        throw std::runtime_error("cannot connect to " + pgRedactUrl(url) + ": " + c.error);
    // Every statement is prepared once and planned once: a custom plan of a partitioned table costs ≈ 1 ms on
    // every execution, more than most reads, and the generic plan prunes partitions at run time just as well.
    pqxx::nontransaction(*c.connection).exec0("SET plan_cache_mode = force_generic_plan");
    return std::move(c.connection);
}

/** How long a reader goes without a helper session after it could not connect one. */
constexpr std::chrono::seconds kHelperRetry { 30 };

/** Stored rows of a series' range from which a read gets a helper session (each session reads half the range). */
constexpr std::int64_t kSplitReadMinRows = 1024;

} // namespace

pqxx::connection_base& PgHistory::connection()
{
    if (m_connection && !m_connection->is_open())
        m_connection.reset();
    if (!m_connection) {
        m_connection = connectReadSession(m_url);
        m_statements = std::make_unique<Statements>(); // prepared statements belong to a connection
    }
    return *m_connection;
}

PgHistory::ReadHelper PgHistory::helper()
{
    if (!m_isSplitting)
        return {};
    if (m_helper && (!m_helper->is_open() || PQstatus(m_helper->handle()) != CONNECTION_OK))
        m_helper.reset();
    if (!m_helper && std::chrono::steady_clock::now() >= m_helperRetryAt) {
        try {
            m_helper = connectReadSession(m_url);
            m_helperStatements = std::make_unique<Statements>();
        } catch (const std::exception&) {
            // Reads go on one session: only slower. The main session reports a server that is really gone.
            m_helperRetryAt = std::chrono::steady_clock::now() + kHelperRetry;
        }
    }
    if (!m_helper)
        return {};
    return { m_helper->handle(), m_helperStatements.get(), false };
}

void PgHistory::dropHelperIfLost(const ReadHelper& helper)
{
    if (helper.isLost)
        m_helper.reset();
}

void PgHistory::setSplitReads(bool isEnabled)
{
    m_isSplitting = isEnabled;
    if (!isEnabled)
        m_helper.reset();
}

HistoryStats PgHistory::stats() const
{
    HistoryStats s;
    s.queries = m_queries.load(std::memory_order_relaxed);
    s.failed = m_failed.load(std::memory_order_relaxed);
    s.rejectedQueries = m_rejected.load(std::memory_order_relaxed);
    s.corruptDigests = m_corruptDigests.load(std::memory_order_relaxed);
    return s;
}

std::vector<SeriesInfoPtr> PgHistory::findSeries(const SeriesSelector& selector, std::size_t maxSeries,
    TimestampMs fromMs, TimestampMs toMs, HistoryResolution resolution, std::string* error, bool* isTruncated)
{
    std::vector<SeriesInfoPtr> found;
    try {
        pqxx::nontransaction tx(connection());
        for (Found& f :
            findSeriesIn(tx, *m_statements, selector, maxSeries, fromMs, toMs, tableOf(resolution), isTruncated))
            found.push_back(std::move(f.info));
    } catch (const std::exception& e) {
        if (error)
            *error = e.what();
        if (m_connection && !m_connection->is_open())
            m_connection.reset();
    }
    return found;
}

std::vector<PgHistory::Found> PgHistory::findSeriesIn(pqxx::transaction_base& tx, Statements& statements,
    const SeriesSelector& selector, std::size_t maxSeries, TimestampMs fromMs, TimestampMs toMs, StorageTable table,
    bool* isTruncated)
{
    const std::string name(storageTableName(table));
    std::vector<std::string> params { timeParam(fromMs), timeParam(toMs) };
    const std::string inRange = timeRangeSql(table, 1);
    auto addParam = [&](std::string value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    // The name narrows the candidates through an index; the tags only through the rows' values. SQL only narrows:
    // the selector has the final word.
    std::string nameMatch; // after the column: ` = $3` or ` LIKE $3 ESCAPE '\'`
    if (selector.name().isLiteral()) {
        nameMatch = " = " + addParam(selector.name().literal());
    } else if (const std::string prefix = globPrefix(selector.name()); !prefix.empty()) {
        nameMatch = " LIKE " + addParam(escapeLike(prefix) + "%") + " ESCAPE '\\'";
    }
    const auto nameOn = [&](std::string_view column) {
        return nameMatch.empty() ? std::string() : " AND " + std::string(column) + nameMatch;
    };
    const std::string nameCondition = nameOn("metric_name");
    std::string tagConditions;
    for (const TagFilter& filter : selector.filters()) {
        if (!isValidUtf8(filter.key))
            continue;
        if (filter.op == TagFilter::Op::Has) {
            tagConditions += " AND tags ? " + addParam(filter.key);
        } else if (filter.op == TagFilter::Op::Equals && filter.value.isLiteral()
            && isValidUtf8(filter.value.literal())) {
            QJsonObject o;
            o.insert(QString::fromStdString(filter.key), QString::fromStdString(filter.value.literal()));
            tagConditions += " AND tags @> " + addParam(QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString())
                + "::jsonb";
        }
    }
    std::string sql;
    const bool isLiteral = selector.name().isLiteral();
    // The raw table has no (metric_name, time) index since schema v6: raw finds always walk its unique key.
    const bool isLoose = table == StorageTable::Raw
        || (isLiteral
            && bucketCount(fromMs, toMs, kHistoryStepsMs[static_cast<std::size_t>(table)]) >= kLooseFindRowsPerSeries);
    if (isLoose) {
        // A loose index scan over (metric_name, series_key, time): each step finds the next series in the partitions
        // the range touches, then a probe of its rows in the range keeps it (and gives its tags and type) or drops
        // it. The step's time bounds are whole partitions, so they only prune: within a partition every entry passes
        // and a step is one index descent, however many rows of a series lie outside the range. It costs a few index
        // probes per series, where reading the rows costs about a microsecond per row: worth it for long ranges,
        // while a short one (a dashboard's backfill) reads the few rows of a rollup instead.
        const int partitionDays = pgschema::partitionDays(table);
        const TimestampMs firstDayMs = pgschema::partitionStartDay(table, fromMs) * kMsPerDay;
        const TimestampMs endDayMs = (pgschema::partitionStartDay(table, toMs) + partitionDays) * kMsPerDay;
        const int boundsParam = static_cast<int>(params.size()) + 1;
        params.push_back(timeParam(firstDayMs));
        params.push_back(timeParam(endDayMs - 1));
        const std::string inPartitions = timeRangeSql(table, boundsParam);
        const std::string probe = " CROSS JOIN LATERAL (SELECT metric_name, tags, type FROM " + name
            + " WHERE metric_name = k.metric_name AND series_key = k.series_key" + inRange + " LIMIT 1) r";
        if (isLiteral) {
            // The series of one name, keys ascending.
            sql = "WITH RECURSIVE k(metric_name, series_key) AS ((SELECT metric_name, series_key FROM " + name
                + " WHERE true" + nameCondition + inPartitions
                + " ORDER BY series_key LIMIT 1) UNION ALL SELECT n.metric_name, n.series_key FROM k CROSS JOIN "
                  "LATERAL (SELECT m.metric_name, m.series_key FROM "
                + name + " m WHERE m.series_key > k.series_key" + nameCondition + inPartitions
                + " ORDER BY m.series_key LIMIT 1) n) SELECT k.series_key, r.metric_name, r.tags::text, r.type FROM k"
                + probe + " WHERE true" + tagConditions;
        } else {
            // Raw rows, a pattern or any name: every series of every name in the partitions, one step each, the
            // name matched outside the walk (inside it, a step would read every row of the names that do not
            // match). Then sorted by key, like the other finds.
            sql = "WITH RECURSIVE k(metric_name, series_key) AS ((SELECT metric_name, series_key FROM " + name
                + " WHERE true" + inPartitions
                + " ORDER BY metric_name, series_key LIMIT 1) UNION ALL SELECT n.metric_name, n.series_key FROM k "
                  "CROSS JOIN LATERAL (SELECT m.metric_name, m.series_key FROM "
                + name + " m WHERE (m.metric_name, m.series_key) > (k.metric_name, k.series_key)" + inPartitions
                + " ORDER BY m.metric_name, m.series_key LIMIT 1) n) SELECT k.series_key, r.metric_name, "
                  "r.tags::text, r.type FROM k"
                + probe + " WHERE true" + nameOn("k.metric_name") + tagConditions + " ORDER BY k.series_key";
        }
    } else {
        sql = "SELECT DISTINCT ON (series_key) series_key, metric_name, tags::text, type FROM " + name + " WHERE true"
            + nameCondition + inRange + tagConditions + " ORDER BY series_key";
    }
    sql += " LIMIT " + std::to_string(kMaxCandidates);
    const auto r = statements.exec(tx, sql, params);

    std::vector<Found> found;
    for (int i = 0; i < r.rows(); ++i) {
        auto info = std::make_shared<SeriesInfo>();
        info->name = std::string(r.bytes(i, 1));
        const auto type = parseType(r.bytes(i, 3));
        if (!type)
            continue; // written by a newer version: not ours to interpret
        info->type = *type;
        const std::string_view tagsJson = r.bytes(i, 2);
        const QJsonObject tags
            = QJsonDocument::fromJson(QByteArray(tagsJson.data(), qsizetype(tagsJson.size()))).object();
        for (auto it = tags.begin(); it != tags.end(); ++it)
            info->tags.emplace_back(it.key().toStdString(), it.value().toString().toStdString());
        std::sort(info->tags.begin(), info->tags.end());
        if (!selector.matches(*info))
            continue;
        if (found.size() == maxSeries) {
            if (isTruncated)
                *isTruncated = true;
            break;
        }
        info->id = static_cast<SeriesId>(found.size());
        found.push_back({ std::string(r.bytes(i, 0)), std::move(info) });
    }
    return found;
}

std::shared_ptr<const HistoryResult> PgHistory::query(const HistoryQuery& query, const std::atomic<bool>* cancel)
{
    m_queries.fetch_add(1, std::memory_order_relaxed);
    if (m_cache) {
        if (auto cached = m_cache->find(query))
            return cached;
    }
    auto result = run(query, cancel);
    if (!result->isOk())
        m_failed.fetch_add(1, std::memory_order_relaxed);
    else if (m_cache && !(cancel && cancel->load()))
        m_cache->insert(query, result);
    return result;
}

std::shared_ptr<const HistoryResult> PgHistory::run(const HistoryQuery& query, const std::atomic<bool>* cancel)
{
    auto result = std::make_shared<HistoryResult>();
    auto reject = [&](std::string message) {
        m_rejected.fetch_add(1, std::memory_order_relaxed);
        result->error = std::move(message);
        return result;
    };
    if (query.toMs < query.fromMs)
        return reject("empty time range: to is before from");
    if (query.bucketMs < 0)
        return reject("bucketMs must not be negative");
    if (query.maxSeries == 0 || query.maxSeries > kMaxHistorySeries)
        return reject("maxSeries must be between 1 and " + std::to_string(kMaxHistorySeries));

    // Percentiles live in rollups only; last and distinct in raw rows only.
    const bool isQuantile = fieldQuantile(query.field).has_value();
    const HistoryResolution finest = isQuantile ? HistoryResolution::TenSeconds : HistoryResolution::Raw;
    const HistoryResolution coarsest = (query.field == Field::Last || query.field == Field::Distinct)
        ? HistoryResolution::Raw
        : HistoryResolution::OneHour;
    ResolutionChoice choice;
    if (query.resolution == HistoryResolution::Auto && query.bucketMs == 0) {
        choice = chooseResolution(query.fromMs, query.toMs, query.maxPoints, finest, coarsest);
    } else if (query.resolution == HistoryResolution::Auto) {
        // A fixed bucket: read the coarsest allowed stored step that divides it.
        bool isFound = false;
        for (int i = static_cast<int>(coarsest); i >= static_cast<int>(finest) && !isFound; --i) {
            const std::int64_t step = kHistoryStepsMs[static_cast<std::size_t>(i)];
            if (query.bucketMs % step == 0) {
                choice = { static_cast<HistoryResolution>(i), query.bucketMs };
                isFound = true;
            }
        }
        if (!isFound)
            return reject("bucketMs " + std::to_string(query.bucketMs) + " is not a multiple of a stored step");
    } else {
        const std::int64_t step = historyStepMs(query.resolution);
        choice = { query.resolution, query.bucketMs == 0 ? step : query.bucketMs };
        if (choice.bucketMs % step != 0)
            return reject("bucketMs " + std::to_string(query.bucketMs) + " is not a multiple of the "
                + std::string(historyResolutionName(query.resolution)) + " step");
    }
    const std::int64_t stepMs = historyStepMs(choice.resolution);
    const std::int64_t rowsPerSeries = bucketCount(query.fromMs, query.toMs, stepMs);
    if (rowsPerSeries > kMaxHistoryRowsPerSeries)
        return reject("range too long for " + std::string(historyResolutionName(choice.resolution)) + ": "
            + std::to_string(rowsPerSeries) + " rows per series (at most " + std::to_string(kMaxHistoryRowsPerSeries)
            + "); use a coarser resolution");
    result->resolution = choice.resolution;
    result->bucketMs = choice.bucketMs;
    if (bucketCount(query.fromMs, query.toMs, choice.bucketMs) == 0)
        return result; // no bucket starts inside the range

    const StorageTable table = tableOf(choice.resolution);
    const bool isMerged = choice.bucketMs != stepMs;
    const TimestampMs firstStart = ceilDiv(query.fromMs, choice.bucketMs) * choice.bucketMs;
    const TimestampMs lastEnd = floorDiv(query.toMs, choice.bucketMs) * choice.bucketMs + choice.bucketMs - 1;
    ReadHelper helper;
    try {
        pqxx::nontransaction tx(connection());
        if (rowsPerSeries >= kSplitReadMinRows)
            helper = this->helper();
        const std::vector<Found> found = findSeriesIn(
            tx, *m_statements, query.selector, query.maxSeries, firstStart, lastEnd, table, &result->isTruncated);
        std::string firstReason;
        for (const Found& f : found) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                result->error = "cancelled";
                return result;
            }
            const std::string reason = unavailableReason(query.field, f.info->type, table, isMerged);
            if (!reason.empty()) {
                if (firstReason.empty())
                    firstReason = reason;
                continue;
            }
            const std::vector<Row> rows = readRows(tx, *m_statements, helper, table, { &f.key, &f.info->name },
                firstStart, lastEnd, rowsPerSeries, needsDigest(query.field, isMerged), columnsFor(query.field));
            HistorySeries series { f.info, {} };
            series.points.reserve(rows.size());
            forEachBucket(rows, choice.bucketMs, firstStart, lastEnd, [&](TimestampMs start, const Group& g) {
                const double v = g.field(query.field, f.info->type, m_corruptDigests);
                if (!std::isnan(v))
                    series.points.push_back({ start, v });
            });
            result->series.push_back(std::move(series));
        }
        if (result->series.empty() && !firstReason.empty())
            result->error = firstReason;
    } catch (const std::exception& e) {
        result->error = std::string("history query failed: ") + e.what();
        if (m_connection && !m_connection->is_open())
            m_connection.reset();
    }
    dropHelperIfLost(helper);
    return result;
}

BackfillResult backfillStore(PgHistory& history, RollingStore& store, SeriesRegistry& registry,
    const SeriesSelector& selector, int hours, TimestampMs nowMs, std::size_t maxSeries)
{
    return history.backfill(store, registry, selector, hours, nowMs, maxSeries);
}

BackfillResult PgHistory::backfill(RollingStore& store, SeriesRegistry& registry, const SeriesSelector& selector,
    int hours, TimestampMs nowMs, std::size_t maxSeries)
{
    if (hours <= 0) {
        BackfillResult out;
        out.error = "hours must be positive";
        return out;
    }
    std::size_t seriesAdded = 0;
    std::size_t appended = 0;
    std::size_t rejected = 0;
    BackfillResult out
        = readWindows(store.config(), std::span(&selector, 1), nowMs - static_cast<std::int64_t>(hours) * 3'600'000,
            nowMs, maxSeries, [&](std::size_t resolution, const SeriesInfo& found, WindowBatch& batch) {
                std::vector<TagView> tags;
                tags.reserve(found.tags.size());
                for (const Tag& t : found.tags)
                    tags.push_back({ t.first, t.second });
                const SeriesId id = registry.intern(found.type, found.name, tags);
                const SeriesInfoPtr& info = registry.infoPtr(id);
                if (info->isOverflow)
                    return true; // beyond the cardinality cap: history would inflate the overflow series
                if (!store.entry(id) && store.addSeries(info))
                    ++seriesAdded;
                for (WindowResult& w : batch.results)
                    w.series = id;
                const std::size_t stored = store.append(resolution, batch);
                appended += stored;
                rejected += batch.results.size() - stored;
                return true;
            });
    out.seriesAdded = seriesAdded;
    out.pointsAppended = appended;
    out.pointsRejected = rejected;
    return out;
}

BackfillResult PgHistory::readWindows(const StoreConfig& config, std::span<const SeriesSelector> selectors,
    TimestampMs fromMs, TimestampMs toMs, std::size_t maxSeries, const WindowVisitor& visit,
    const std::atomic<bool>* cancel, std::optional<TimestampMs> loadedFromMs)
{
    BackfillResult out;
    std::vector<double> quantiles(config.quantiles.begin(),
        config.quantiles.begin()
            + static_cast<std::ptrdiff_t>(std::min<std::size_t>(config.quantiles.size(), kMaxQuantiles)));
    const auto isCancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    try {
        pqxx::nontransaction tx(connection());
        for (std::size_t ri = 0; ri < config.resolutions.size() && !isCancelled(); ++ri) {
            const StoreResolution& res = config.resolutions[ri];
            // Read the coarsest stored step that divides the store's: fewest rows, same buckets.
            std::optional<HistoryResolution> source;
            for (int i = 3; i >= 0 && !source; --i)
                if (res.stepMs > 0 && res.stepMs % kHistoryStepsMs[static_cast<std::size_t>(i)] == 0)
                    source = static_cast<HistoryResolution>(i);
            if (!source) {
                ++out.resolutionsSkipped;
                continue;
            }
            const StorageTable table = tableOf(*source);
            const std::int64_t step = res.stepMs;
            const TimestampMs newestStart = floorDiv(toMs, step) * step - step; // newest window ending by toMs
            // The store keeps a span back from its newest window: older windows would be turned away.
            const TimestampMs firstStart = ceilDiv(std::max(fromMs, newestStart - res.spanMs + step), step) * step;
            const TimestampMs lastStart
                = loadedFromMs ? std::min(newestStart, ceilDiv(*loadedFromMs, step) * step - step) : newestStart;
            if (lastStart < firstStart)
                continue;
            const TimestampMs lastEnd = lastStart + step - 1;
            // Panels overlap (`*` beside `cpu{host=a}`): each series is read once per resolution.
            std::map<std::string, Found> found;
            for (const SeriesSelector& selector : selectors)
                for (Found& f :
                    findSeriesIn(tx, *m_statements, selector, maxSeries, firstStart, lastEnd, table, nullptr))
                    found.try_emplace(f.key, std::move(f));
            // The rows of many series per statement: a round trip each costs more than the rows (bench_pghistory).
            std::vector<const Found*> ordered;
            for (const auto& entry : found)
                ordered.push_back(&entry.second);
            std::map<std::string, std::vector<Row>> chunkRows;
            for (std::size_t i = 0; i < ordered.size(); ++i) {
                if (isCancelled())
                    break;
                if (i % kSeriesPerRead == 0) {
                    std::vector<SeriesRef> chunk;
                    for (std::size_t k = i; k < std::min(ordered.size(), i + kSeriesPerRead); ++k)
                        chunk.push_back({ &ordered[k]->key, &ordered[k]->info->name });
                    chunkRows = readRowsOfSeries(tx, *m_statements, table, chunk, firstStart, lastEnd);
                }
                const Found& f = *ordered[i];
                const SeriesInfo& info = *f.info;
                const std::vector<Row>& rows = chunkRows[f.key];
                WindowBatch batch;
                batch.specIndex = static_cast<std::uint16_t>(ri);
                batch.spec = WindowSpec { step, step, false };
                batch.quantiles = quantiles;
                batch.isPersisted = true;
                forEachBucket(rows, step, firstStart, lastEnd, [&](TimestampMs start, const Group& g) {
                    WindowResult w;
                    w.type = info.type;
                    w.specIndex = batch.specIndex;
                    w.startMs = start;
                    w.endMs = start + step;
                    w.count = g.count();
                    w.sum = g.sum();
                    w.min = g.min();
                    w.max = g.max();
                    w.mean = g.mean();
                    // Rollups keep no last value; their mean stands in for a gauge's value.
                    w.last = table == StorageTable::Raw ? g.last() : w.mean;
                    w.rate = g.field(Field::Rate, info.type, m_corruptDigests);
                    if (info.type == MetricType::Set && g.rows.size() == 1)
                        w.distinct = g.last();
                    if (hasDigest(info.type) && table != StorageTable::Raw) {
                        w.quantileCount = static_cast<std::uint8_t>(quantiles.size());
                        for (std::size_t q = 0; q < quantiles.size(); ++q)
                            w.quantiles[q] = g.quantile(quantiles[q], m_corruptDigests);
                    }
                    batch.results.push_back(w);
                });
                ++out.seriesAdded;
                if (batch.results.empty())
                    continue;
                out.pointsAppended += batch.results.size();
                if (!visit(ri, info, batch))
                    return out;
            }
        }
    } catch (const std::exception& e) {
        out.error = std::string("backfill failed: ") + e.what();
        if (m_connection && !m_connection->is_open())
            m_connection.reset();
    }
    return out;
}

// --- HistoryLoader ---

HistoryLoader::HistoryLoader(std::string url, HistoryCache* cache, QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_context(new QObject)
    , m_history(std::make_unique<PgHistory>(std::move(url), cache))
{
    qRegisterMetaType<std::shared_ptr<const pulse::HistoryResult>>();
    m_thread->setObjectName(QStringLiteral("pulse-history"));
    m_context->moveToThread(m_thread);
    m_thread->start();
}

HistoryLoader::~HistoryLoader()
{
    {
        std::lock_guard lock(m_mutex);
        m_isStopping = true;
        m_cancelRunning.store(true);
    }
    m_thread->quit();
    m_thread->wait();
    delete m_context; // its thread has finished: queued requests are dropped with it
}

void HistoryLoader::request(quint64 id, const pulse::HistoryQuery& query)
{
    {
        std::lock_guard lock(m_mutex);
        m_pending.insert(id);
    }
    QMetaObject::invokeMethod(
        m_context, [this, id, query] { runRequest(id, query); }, Qt::QueuedConnection);
}

void HistoryLoader::cancel(quint64 id)
{
    std::lock_guard lock(m_mutex);
    if (!m_pending.contains(id))
        return; // finished or unknown: nothing to cancel, and nothing to remember
    m_cancelled.insert(id);
    if (m_hasRunning && m_runningId == id)
        m_cancelRunning.store(true);
}

void HistoryLoader::runRequest(quint64 id, const HistoryQuery& query)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_isStopping || m_cancelled.contains(id)) {
            m_cancelled.erase(id);
            m_pending.erase(id);
            return;
        }
        m_hasRunning = true;
        m_runningId = id;
        m_cancelRunning.store(false);
    }
    auto result = m_history->query(query, &m_cancelRunning);
    bool isCancelled = false;
    {
        std::lock_guard lock(m_mutex);
        isCancelled = m_isStopping || m_cancelled.contains(id);
        m_cancelled.erase(id);
        m_pending.erase(id);
        m_hasRunning = false;
    }
    if (isCancelled)
        return;
    if (result->isOk())
        Q_EMIT historyReady(id, result);
    else
        Q_EMIT historyFailed(id, QString::fromStdString(result->error));
}

} // namespace pulse
