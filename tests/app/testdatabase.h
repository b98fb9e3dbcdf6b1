#pragma once

// A throw-away database on the test PostgreSQL server (PULSE_TEST_PG_URL, started by scripts/test) for the process
// tests that run pulseboard-server with --pg.

#include <QString>
#include <QTest>

#include <pqxx/pqxx>

#include <cmath>
#include <random>
#include <string>

namespace pulse::test {

#define REQUIRE_SERVER()                                                                                               \
    if (qEnvironmentVariableIsEmpty("PULSE_TEST_PG_URL"))                                                              \
    QSKIP("PULSE_TEST_PG_URL is unset: run under scripts/test (or source scripts/pg-test-env; pg_test_start)")

/** A throw-away database on the test server, dropped at destruction. */
class TestDatabase {
public:
    TestDatabase()
        : m_adminUrl(qEnvironmentVariable("PULSE_TEST_PG_URL").toStdString())
    {
        m_name = "pulse_tst_server_" + std::to_string(std::random_device {}());
        pqxx::connection admin(m_adminUrl);
        pqxx::nontransaction(admin).exec0("CREATE DATABASE " + m_name);
        // postgresql://user@host:port/postgres → …/<name>
        m_url = m_adminUrl.substr(0, m_adminUrl.rfind('/') + 1) + m_name;
    }
    ~TestDatabase()
    {
        try {
            pqxx::connection admin(m_adminUrl);
            pqxx::nontransaction(admin).exec0("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        } catch (const std::exception& e) {
            qWarning("dropping %s: %s", m_name.c_str(), e.what());
        }
    }
    QString url() const { return QString::fromStdString(m_url); }
    /** The first column of the first row as a double; NaN for NULL or on error. */
    double scalar(const std::string& sql) const
    {
        try {
            pqxx::connection c(m_url);
            pqxx::nontransaction tx(c);
            const pqxx::result r = tx.exec(sql);
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
