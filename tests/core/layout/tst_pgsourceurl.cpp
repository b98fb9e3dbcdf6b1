#include "layout/pgsourceurl.h"

#include <QTest>

#include <string>

using namespace pulse;
using namespace Qt::StringLiterals;

class TestPgSourceUrl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptedUrls_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addRow("recommended remote form") << QByteArray(
            "postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&sslrootcert=/etc/pulse/ca.pem");
        QTest::addRow("short scheme") << QByteArray("postgres://db.example/metrics");
        QTest::addRow("empty host is the local socket") << QByteArray("postgresql:///metrics");
        QTest::addRow("user on the local socket") << QByteArray("postgresql://pulse@/metrics");
        QTest::addRow("socket directory as host parameter")
            << QByteArray("postgresql:///metrics?host=%2Fvar%2Frun%2Fpostgresql");
        QTest::addRow("IPv6 with port") << QByteArray("postgresql://[::1]:5433/metrics");
        QTest::addRow("several hosts") << QByteArray(
            "postgresql://db1:5432,db2:5433/metrics?target_session_attrs=read-write");
        QTest::addRow("query without path") << QByteArray("postgresql://db?sslmode=require");
        QTest::addRow("every allowed key")
            << QByteArray("postgresql://db/m?sslmode=verify-ca&sslrootcert=a&sslcert=b&sslkey=c&sslcrl=d"
                          "&connect_timeout=5&application_name=wall-1&target_session_attrs=any&keepalives=1"
                          "&keepalives_idle=30&gssencmode=disable&channel_binding=require&host=db2&port=5433"
                          "&dbname=metrics&user=pulse");
        QTest::addRow("percent-encoded colon in the user name is not a password")
            << QByteArray("postgresql://us%3Aer@db/metrics");
        QTest::addRow("exactly 2048 bytes") << QByteArray("postgresql://db/m?application_name=").append(2048 - 35, 'a');
    }
    void acceptedUrls()
    {
        QFETCH(QByteArray, url);
        const std::string why = pgSourceUrlError(url.toStdString());
        QVERIFY2(why.empty(), why.c_str());
    }

    void rejectedUrls_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QString>("reason"); // a part of the reason

        const QString password = u"must not contain a password: it comes from PGPASSWORD or ~/.pgpass"_s;
        QTest::addRow("empty") << QByteArray() << u"empty URL"_s;
        QTest::addRow("other scheme") << QByteArray("mysql://db/metrics") << u"postgresql:// or postgres://"_s;
        QTest::addRow("scheme only") << QByteArray("postgresql://") << u"missing host and database"_s;
        QTest::addRow("scheme without slashes") << QByteArray("postgresql:metrics") << u"postgresql://"_s;
        QTest::addRow("scheme in capitals (libpq refuses it)")
            << QByteArray("POSTGRESQL://db/metrics") << u"postgresql://"_s;
        QTest::addRow("too long") << QByteArray("postgresql://db/m?application_name=").append(2048 - 34, 'a')
                                  << u"longer than 2048 bytes"_s;
        QTest::addRow("space") << QByteArray("postgresql://db/my metrics") << u"spaces or control characters"_s;
        QTest::addRow("tab") << QByteArray("postgresql://db/metrics\t") << u"spaces or control characters"_s;
        QTest::addRow("newline") << QByteArray("postgresql://db/metrics\nhost=evil") << u"control characters"_s;
        QTest::addRow("delete") << QByteArray("postgresql://db/metrics\x7f") << u"control characters"_s;
        QTest::addRow("non-ASCII") << QByteArray("postgresql://db/m\xc3\xa9triques") << u"must be ASCII"_s;
        QTest::addRow("password in user info") << QByteArray("postgresql://pulse:hunter2@db/metrics") << password;
        QTest::addRow("empty password in user info") << QByteArray("postgresql://pulse:@db/metrics") << password;
        QTest::addRow("password parameter") << QByteArray("postgresql://pulse@db/metrics?password=hunter2") << password;
        QTest::addRow("password parameter in capitals")
            << QByteArray("postgresql://db/metrics?sslmode=require&PassWord=hunter2") << password;
        QTest::addRow("password parameter percent-encoded")
            << QByteArray("postgresql://db/metrics?pass%77ord=hunter2") << password;
        QTest::addRow("@ in the query that libpq would read as user info")
            << QByteArray("postgresql://db?application_name=a@evil") << u"percent-encoded as %40"_s;
        QTest::addRow("options") << QByteArray("postgresql://db/metrics?options=-c%20statement_timeout%3D0")
                                 << u"options parameter is not allowed"_s;
        QTest::addRow("unknown key") << QByteArray("postgresql://db/metrics?sslpassword=x")
                                     << u"unknown or disallowed query parameter \"sslpassword\""_s;
        QTest::addRow("passfile") << QByteArray("postgresql://db/metrics?passfile=/tmp/p")
                                  << u"disallowed query parameter \"passfile\""_s;
        QTest::addRow("service") << QByteArray("postgresql://db/metrics?service=prod")
                                 << u"disallowed query parameter \"service\""_s;
        QTest::addRow("key in capitals (libpq keys are lower case)")
            << QByteArray("postgresql://db/metrics?SSLMODE=require") << u"query parameter \"SSLMODE\""_s;
        QTest::addRow("bad sslmode") << QByteArray("postgresql://db/metrics?sslmode=maybe")
                                     << u"sslmode must be one of disable, allow, prefer, require, verify-ca, "
                                        "verify-full, got \"maybe\""_s;
        QTest::addRow("empty sslmode") << QByteArray("postgresql://db/metrics?sslmode=") << u"sslmode must be one of"_s;
        QTest::addRow("pair without =") << QByteArray("postgresql://db/metrics?sslmode") << u"key=value pairs"_s;
        QTest::addRow("empty pair") << QByteArray("postgresql://db/metrics?sslmode=require&&connect_timeout=3")
                                    << u"key=value pairs"_s;
        QTest::addRow("two =") << QByteArray("postgresql://db/metrics?application_name=a=b") << u"more than one ="_s;
        QTest::addRow("repeated key weakens sslmode")
            << QByteArray("postgresql://db/m?sslmode=verify-full&sslmode=disable") << u"\"sslmode\" is given twice"_s;
        QTest::addRow("bad percent-encoding")
            << QByteArray("postgresql://db/metrics?application_name=a%zz") << u"invalid percent-encoding"_s;
        QTest::addRow("percent-encoded NUL")
            << QByteArray("postgresql://db/metr%00ics") << u"invalid percent-encoding"_s;
        QTest::addRow("port zero") << QByteArray("postgresql://db:0/metrics") << u"port must be a number"_s;
        QTest::addRow("port too large") << QByteArray("postgresql://db:65536/metrics") << u"port must be a number"_s;
        QTest::addRow("port parameter not a number")
            << QByteArray("postgresql://db/metrics?port=abc") << u"port must be a number"_s;
        QTest::addRow("bad host") << QByteArray("postgresql://d!b/metrics") << u"invalid host \"d!b\""_s;
        QTest::addRow("IPv6 unclosed") << QByteArray("postgresql://[::1/metrics") << u"closing ]"_s;
        QTest::addRow("connect_timeout not a number")
            << QByteArray("postgresql://db/m?connect_timeout=soon") << u"whole number of seconds"_s;
        QTest::addRow("keepalives neither 0 nor 1")
            << QByteArray("postgresql://db/m?keepalives=2") << u"keepalives must be 0 or 1"_s;
        QTest::addRow("dbname as a connection string")
            << QByteArray("postgresql://db/m?dbname=postgresql%3A%2F%2Fother%2Fx") << u"plain name"_s;
        QTest::addRow("path dbname as a connection string")
            << QByteArray("postgresql://db/host%3Dother") << u"plain name"_s;
    }
    void rejectedUrls()
    {
        QFETCH(QByteArray, url);
        QFETCH(QString, reason);
        const QString why = QString::fromStdString(pgSourceUrlError(url.toStdString()));
        QVERIFY2(why.contains(reason), qPrintable(u"reason: "_s + why));
    }

    void displayFormHidesPasswords_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QByteArray>("shown");
        QTest::addRow("user info") << QByteArray("postgresql://pulse:hunter2@db/metrics")
                                   << QByteArray("postgresql://pulse:***@db/metrics");
        QTest::addRow("parameter") << QByteArray("postgres://db/metrics?sslmode=require&password=hunter2&user=u")
                                   << QByteArray("postgres://db/metrics?sslmode=require&password=***&user=u");
        QTest::addRow("parameter in capitals, percent-encoded")
            << QByteArray("postgresql://db?PASS%57ORD=hunter2") << QByteArray("postgresql://db?PASS%57ORD=***");
        QTest::addRow("both") << QByteArray("postgresql://a:hunter2@db?password=hunter2")
                              << QByteArray("postgresql://a:***@db?password=***");
        QTest::addRow("nothing to hide") << QByteArray("postgresql://pulse@db/metrics?sslmode=verify-full")
                                         << QByteArray("postgresql://pulse@db/metrics?sslmode=verify-full");
        QTest::addRow("not a URL") << QByteArray("db:5432") << QByteArray("db:5432");
    }
    void displayFormHidesPasswords()
    {
        QFETCH(QByteArray, url);
        QFETCH(QByteArray, shown);
        QCOMPARE(QByteArray::fromStdString(pgSourceUrlForDisplay(url.toStdString())), shown);
    }

    void reasonNeverRepeatsTheSecret()
    {
        for (const char* url :
            { "postgresql://pulse:hunter2@db/metrics", "postgresql://db/metrics?password=hunter2" }) {
            const std::string why = pgSourceUrlError(url);
            QVERIFY(!why.empty());
            QVERIFY2(why.find("hunter2") == std::string::npos, why.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestPgSourceUrl)
#include "tst_pgsourceurl.moc"
