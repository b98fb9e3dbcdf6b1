#pragma once

// A throw-away database on the test PostgreSQL server (PULSE_TEST_PG_URL, started by scripts/test), shared by the
// storage tests and the process tests that run pulseboard-server with --pg.

#include "storage/pgconnection.h"

#include <QTest>

#include <pqxx/pqxx>

#include <cmath>
#include <random>
#include <string>

#define REQUIRE_SERVER()                                                                                               \
    if (qEnvironmentVariableIsEmpty("PULSE_TEST_PG_URL"))                                                              \
    QSKIP("PULSE_TEST_PG_URL is unset: run under scripts/test (or source scripts/pg-test-env; pg_test_start)")

namespace pulse::test {

/** A database of its own on the server at `adminUrl` (none when it is empty), dropped at destruction. */
class TestDatabase {
public:
    explicit TestDatabase(std::string adminUrl = qEnvironmentVariable("PULSE_TEST_PG_URL").toStdString())
        : m_adminUrl(std::move(adminUrl))
    {
        if (m_adminUrl.empty())
            return;
        m_name = "pulse_tst_" + std::to_string(std::random_device {}());
        pqxx::connection admin(m_adminUrl);
        pqxx::nontransaction(admin).exec0("CREATE DATABASE " + m_name);
        m_url = pgUrlWithDatabase(m_adminUrl, m_name);
    }
    ~TestDatabase()
    {
        if (m_name.empty())
            return;
        try {
            pqxx::connection admin(m_adminUrl);
            pqxx::nontransaction(admin).exec0("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        } catch (const std::exception& e) {
            qWarning("dropping %s: %s", m_name.c_str(), e.what());
        }
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& url() const { return m_url; }
    pqxx::result query(const std::string& sql) const
    {
        pqxx::connection c(m_url);
        pqxx::nontransaction tx(c);
        return tx.exec(sql);
    }
    /** The first column of the first row as a double; NaN for NULL, no row or an error. */
    double scalar(const std::string& sql) const
    {
        try {
            const pqxx::result r = query(sql);
            return r.empty() || r[0][0].is_null() ? std::nan("") : r[0][0].as<double>();
        } catch (const std::exception&) {
            return std::nan("");
        }
    }

private:
    std::string m_adminUrl;
    std::string m_name;
    std::string m_url;
};

} // namespace pulse::test
