#include "storage/pgconnection.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <regex>

namespace pulse {

Backoff::Backoff(std::int64_t baseMs, std::int64_t capMs, std::uint64_t seed)
    : m_baseMs(std::max<std::int64_t>(1, baseMs))
    , m_capMs(std::max(capMs, m_baseMs))
    , m_rng(seed)
{ }

std::int64_t Backoff::ceilingMs() const
{
    std::int64_t ceiling = m_baseMs;
    for (int i = 0; i < m_attempts && ceiling < m_capMs; ++i)
        ceiling *= 2;
    return std::min(ceiling, m_capMs);
}

std::int64_t Backoff::nextDelayMs()
{
    const std::int64_t ceiling = ceilingMs();
    if (m_attempts < 64)
        ++m_attempts;
    return std::uniform_int_distribution<std::int64_t>(0, ceiling)(m_rng);
}

static bool isUri(std::string_view url)
{
    return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string pgErrorLine(std::string_view error)
{
    // libpq messages span lines ("…failed: Connection refused\n\tIs the server running…").
    std::string out;
    for (const char c : pgRedactUrl(error)) {
        if (c == '\n')
            out += "; ";
        else if (c != '\t' && c != '\r')
            out += c;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == ';'))
        out.pop_back();
    return out;
}

PgConnectResult pgConnect(const std::string& url)
{
    std::string withTimeout = url;
    if (url.find("connect_timeout") == std::string::npos) {
        if (isUri(url))
            withTimeout += url.find('?') == std::string::npos ? "?connect_timeout=10" : "&connect_timeout=10";
        else
            withTimeout += " connect_timeout=10";
    }
    PgConnectResult result;
    try {
        result.connection = std::make_unique<pqxx::connection>(withTimeout);
    } catch (const std::exception& e) {
        result.error = e.what();
        while (!result.error.empty() && (result.error.back() == '\n' || result.error.back() == ' '))
            result.error.pop_back();
    }
    return result;
}

std::string pgRedactUrl(std::string_view url)
{
    std::string s(url);
    static const std::regex uriPassword(R"(^(postgres(?:ql)?://[^:/@]*):[^@/]*@)");
    static const std::regex keywordPassword(R"((^|\s)password\s*=\s*('[^']*'|\S+))");
    s = std::regex_replace(s, uriPassword, "$1:***@");
    s = std::regex_replace(s, keywordPassword, "$1password=***");
    return s;
}

std::string pgUrlWithDatabase(std::string_view url, std::string_view database)
{
    // postgresql://user@host:port/db?params: replace the path segment after the authority.
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos)
        return std::string(url) + " dbname=" + std::string(database);
    const std::size_t authorityEnd = url.find_first_of("/?", scheme + 3);
    std::string out(url.substr(0, authorityEnd == std::string_view::npos ? url.size() : authorityEnd));
    out += '/';
    out += database;
    if (authorityEnd != std::string_view::npos) {
        const std::size_t query = url.find('?', authorityEnd);
        if (query != std::string_view::npos)
            out += url.substr(query);
    }
    return out;
}

} // namespace pulse
