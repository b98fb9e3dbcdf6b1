#include "ingest/listenaddress.h"

#include <QTest>

#include <arpa/inet.h>

#include <string>

using namespace pulse;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(pulse::PayloadFormat)

class TestListenAddress : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesValidAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<bool>("isIpv6");
        QTest::addColumn<pulse::PayloadFormat>("format");
        QTest::addColumn<QString>("canonical");

        const auto statsd = PayloadFormat::Statsd;
        const auto influx = PayloadFormat::Influx;
        QTest::addRow("bare port means loopback only")
            << u":8125"_s << u"127.0.0.1"_s << 8125 << false << statsd << u"127.0.0.1:8125/statsd"_s;
        QTest::addRow("all IPv4 interfaces")
            << u"0.0.0.0:8125"_s << u"0.0.0.0"_s << 8125 << false << statsd << u"0.0.0.0:8125/statsd"_s;
        QTest::addRow("all interfaces, dual stack")
            << u"[::]:8125"_s << u"::"_s << 8125 << true << statsd << u"[::]:8125/statsd"_s;
        QTest::addRow("IPv6 loopback with influx")
            << u"[::1]:8089/influx"_s << u"::1"_s << 8089 << true << influx << u"[::1]:8089/influx"_s;
        QTest::addRow("IPv6 written long is canonicalised")
            << u"[0:0:0:0:0:0:0:1]:9"_s << u"::1"_s << 9 << true << statsd << u"[::1]:9/statsd"_s;
        QTest::addRow("localhost is loopback")
            << u"localhost:8125"_s << u"127.0.0.1"_s << 8125 << false << statsd << u"127.0.0.1:8125/statsd"_s;
        QTest::addRow("explicit statsd suffix")
            << u"10.1.2.3:1/statsd"_s << u"10.1.2.3"_s << 1 << false << statsd << u"10.1.2.3:1/statsd"_s;
        QTest::addRow("port 0 picks a free port")
            << u":0"_s << u"127.0.0.1"_s << 0 << false << statsd << u"127.0.0.1:0/statsd"_s;
        QTest::addRow("highest port") << u"127.0.0.1:65535/influx"_s << u"127.0.0.1"_s << 65535 << false << influx
                                      << u"127.0.0.1:65535/influx"_s;
    }
    void parsesValidAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(bool, isIpv6);
        QFETCH(pulse::PayloadFormat, format);
        QFETCH(QString, canonical);

        const auto result = parseListenAddress(text.toStdString());
        QVERIFY2(result.isOk(), result.error.c_str());
        QCOMPARE(QString::fromStdString(result.address->host), host);
        QCOMPARE(int(result.address->port), port);
        QCOMPARE(result.address->isIpv6, isIpv6);
        QCOMPARE(result.address->format, format);
        QCOMPARE(QString::fromStdString(result.address->toString()), canonical);

        // The canonical form parses back to the same address.
        const auto again = parseListenAddress(result.address->toString());
        QVERIFY(again.isOk());
        QCOMPARE(*again.address, *result.address);
    }

    void defaultFormatAppliesWithoutSuffix()
    {
        QCOMPARE(parseListenAddress(":8089", PayloadFormat::Influx).address->format, PayloadFormat::Influx);
        QCOMPARE(parseListenAddress(":8089/statsd", PayloadFormat::Influx).address->format, PayloadFormat::Statsd);
    }

    void rejectsInvalidAddressesWithReason_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");

        QTest::addRow("empty") << QString() << u"empty"_s;
        QTest::addRow("port without colon") << u"8125"_s << u"missing ':PORT'"_s;
        QTest::addRow("colon without port") << u"127.0.0.1:"_s << u"missing port"_s;
        QTest::addRow("port too large") << u":65536"_s << u"from 0 to 65535"_s;
        QTest::addRow("port far too large") << u":99999999999999999999"_s << u"from 0 to 65535"_s;
        QTest::addRow("port not a number") << u":http"_s << u"from 0 to 65535"_s;
        QTest::addRow("negative port") << u":-1"_s << u"from 0 to 65535"_s;
        QTest::addRow("port with spaces") << u": 8125"_s << u"from 0 to 65535"_s;
        QTest::addRow("IPv6 without brackets") << u"::1:8125"_s << u"must be in brackets"_s;
        QTest::addRow("unclosed bracket") << u"[::1:8125"_s << u"missing ']'"_s;
        QTest::addRow("bracket without port") << u"[::1]"_s << u"expected ':PORT'"_s;
        QTest::addRow("IPv4 in brackets") << u"[127.0.0.1]:8125"_s << u"not an IPv6 address"_s;
        QTest::addRow("bad IPv6") << u"[::g]:8125"_s << u"not an IPv6 address"_s;
        QTest::addRow("short IPv4") << u"10.1.2:8125"_s << u"not an IPv4 address"_s;
        QTest::addRow("IPv4 octet too large") << u"256.1.1.1:8125"_s << u"not an IPv4 address"_s;
        QTest::addRow("host name") << u"metrics.example.com:8125"_s << u"host names are not resolved"_s;
        QTest::addRow("unknown format") << u":8125/json"_s << u"unknown format 'json'"_s;
        QTest::addRow("format in capitals") << u":8125/StatsD"_s << u"unknown format"_s;
        QTest::addRow("empty format") << u":8125/"_s << u"missing format"_s;
    }
    void rejectsInvalidAddressesWithReason()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);

        const auto result = parseListenAddress(text.toStdString());
        QVERIFY(!result.isOk());
        const QString error = QString::fromStdString(result.error);
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY2(error.contains(text), qPrintable(error)); // the message names what was wrong
    }

    void socketAddressMatchesFamilyAndPort_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("family");
        QTest::addRow("IPv4") << u"127.0.0.1:8125"_s << int(AF_INET);
        QTest::addRow("IPv6") << u"[::1]:8125"_s << int(AF_INET6);
    }
    void socketAddressMatchesFamilyAndPort()
    {
        QFETCH(QString, text);
        QFETCH(int, family);

        const SocketAddress a = parseListenAddress(text.toStdString()).address->socketAddress();
        QCOMPARE(a.family(), family);
        if (family == AF_INET) {
            const auto* sin = reinterpret_cast<const sockaddr_in*>(&a.storage);
            QCOMPARE(a.length, socklen_t(sizeof(sockaddr_in)));
            QCOMPARE(ntohs(sin->sin_port), 8125);
            QCOMPARE(ntohl(sin->sin_addr.s_addr), quint32(INADDR_LOOPBACK));
        } else {
            const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&a.storage);
            QCOMPARE(a.length, socklen_t(sizeof(sockaddr_in6)));
            QCOMPARE(ntohs(sin6->sin6_port), 8125);
            QVERIFY(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));
        }
    }
};

QTEST_GUILESS_MAIN(TestListenAddress)
#include "tst_listenaddress.moc"
