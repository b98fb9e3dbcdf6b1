#include "ingest/udpreceiver.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

using namespace pulse;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr std::uint16_t kSourceIndex = 7;
constexpr std::uint16_t kDummySourceIndex = 999;
constexpr TimestampMs kArrivalMs = 1'234'567'890'123;

/** A plain UDP sender on its own socket. */
class Sender {
public:
    explicit Sender(const ListenAddress& to)
        : m_to(to.socketAddress())
    {
        m_fd = ::socket(m_to.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0);
    }
    ~Sender() { ::close(m_fd); }
    Sender(const Sender&) = delete;
    Sender& operator=(const Sender&) = delete;

    bool send(std::string_view payload)
    {
        return ::sendto(m_fd, payload.data(), payload.size(), 0, m_to.get(), m_to.length)
            == static_cast<ssize_t>(payload.size());
    }

private:
    SocketAddress m_to;
    int m_fd = -1;
};

struct BatchRecord {
    std::uint16_t sourceIndex = 0;
    PayloadFormat format = PayloadFormat::Statsd;
    std::vector<PayloadSlice> slices;
    std::size_t bytes = 0;
};

/** What a test consumer took from the queue (dummy batches the test pushed itself are skipped). */
struct Received {
    std::vector<std::string> payloads;
    std::vector<PayloadSlice> slices;
    std::vector<BatchRecord> batches;
};

void drainOnce(IngestQueue& queue, Received& r, std::chrono::milliseconds wait)
{
    std::vector<IngestBatchPtr> out;
    queue.popAll(out, wait);
    for (IngestBatchPtr& b : out) {
        if (b->sourceIndex != kDummySourceIndex) {
            r.batches.push_back({ b->sourceIndex, b->format, b->payloads, b->bytes.size() });
            for (const PayloadSlice& s : b->payloads) {
                r.payloads.emplace_back(b->bytes.data() + s.offset, s.size);
                r.slices.push_back(s);
            }
        }
        queue.recycle(std::move(b));
    }
}

/** Consumes until `isDone` holds or 10 s pass; popAll's bounded wait paces the loop (no sleeps). */
bool drainUntil(IngestQueue& queue, Received& r, const std::function<bool()>& isDone)
{
    const QDeadlineTimer deadline(10'000);
    while (!isDone()) {
        if (deadline.hasExpired())
            return false;
        drainOnce(queue, r, 20ms);
    }
    return true;
}

/** A full queue the receiver cannot push into until the test consumes this dummy batch. */
void fillQueue(IngestQueue& queue)
{
    while (queue.depth() < queue.capacity()) {
        IngestBatchPtr dummy = queue.acquire();
        dummy->sourceIndex = kDummySourceIndex;
        dummy->payloads.push_back({});
        queue.tryPush(dummy);
    }
}

std::string payload(int index, int size)
{
    std::string s = "d" + std::to_string(index) + ".line:1|c\n";
    while (static_cast<int>(s.size()) < size)
        s += "more.lines.s" + std::to_string(s.size() % 1000) + ":1|c\n";
    s.resize(static_cast<std::size_t>(size));
    return s;
}

std::string sequenced(int seq)
{
    std::string s = "seq:" + std::to_string(seq) + "|c\n";
    s.resize(100, 'x');
    return s;
}

int sequenceOf(const std::string& p)
{
    return std::stoi(p.substr(4));
}

UdpReceiverConfig loopbackConfig(const QString& address = u"127.0.0.1:0"_s)
{
    UdpReceiverConfig c;
    c.address = *parseListenAddress(address.toStdString()).address;
    c.sourceIndex = kSourceIndex;
    return c;
}

ListenAddress boundAddress(const UdpReceiver& r)
{
    ListenAddress a = r.config().address;
    a.port = r.boundPort();
    if (a.host == "0.0.0.0")
        a.host = "127.0.0.1";
    else if (a.host == "::")
        a.host = "::1";
    return a;
}

bool hasIpv6Loopback()
{
    return QFile::exists(u"/proc/net/if_inet6"_s);
}

long rmemMax()
{
    QFile f(u"/proc/sys/net/core/rmem_max"_s);
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLong() : 0;
}

bool canForceRcvBuf()
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    const int size = 1 << 20;
    const bool ok = ::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) == 0;
    ::close(fd);
    return ok;
}

} // namespace

class TestUdpReceiver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void datagramsArriveIntactWithCompactSlices_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QList<int>>("sizes");

        QTest::addRow("one statsd line") << u"127.0.0.1:0"_s << QList<int> { 9 };
        QTest::addRow("several lines in one datagram") << u"127.0.0.1:0"_s << QList<int> { 300 };
        QList<int> many;
        for (int i = 0; i < 300; ++i)
            many << 20 + i % 50;
        QTest::addRow("300 small datagrams") << u"127.0.0.1:0"_s << many;
        QTest::addRow("empty datagram among others") << u"127.0.0.1:0"_s << QList<int> { 12, 0, 15 };
        QTest::addRow("largest IPv4 datagram arrives whole") << u"127.0.0.1:0"_s << QList<int> { 65507 };
        QTest::addRow("mixed sizes across the flush threshold")
            << u"127.0.0.1:0"_s << QList<int> { 1, 65507, 1000, 65507, 65507, 65507, 65507, 3 };
        QTest::addRow("influx over IPv6 loopback") << u"[::1]:0/influx"_s << QList<int> { 40, 65507, 2 };
        QTest::addRow("IPv4 sender to dual-stack listener") << u"[::]:0"_s << QList<int> { 30, 31 };
    }
    void datagramsArriveIntactWithCompactSlices()
    {
        QFETCH(QString, address);
        QFETCH(QList<int>, sizes);
        if (address.contains(u'[') && !hasIpv6Loopback())
            QSKIP("no IPv6 on this machine");

        IngestQueue queue;
        ManualClock clock(kArrivalMs);
        UdpReceiver receiver(loopbackConfig(address), queue, clock);
        const auto error = receiver.start();
        QVERIFY2(!error, error.value_or("").c_str());
        QVERIFY(receiver.boundPort() != 0);
        QCOMPARE(receiver.state(), UdpReceiverSnapshot::State::Running);

        ListenAddress target = boundAddress(receiver);
        if (address == u"[::]:0"_s)
            target = *parseListenAddress(":" + std::to_string(receiver.boundPort())).address;
        Sender sender(target);
        std::vector<std::string> sent;
        std::uint64_t sentBytes = 0;
        for (int i = 0; i < sizes.size(); ++i) {
            sent.push_back(payload(i, sizes[i]));
            sentBytes += sent.back().size();
            QVERIFY(sender.send(sent.back()));
        }

        Received r;
        QVERIFY(drainUntil(queue, r, [&] { return r.payloads.size() >= sent.size(); }));
        QCOMPARE(r.payloads.size(), sent.size());
        for (std::size_t i = 0; i < sent.size(); ++i) {
            QCOMPARE(r.payloads[i].size(), sent[i].size());
            QVERIFY2(r.payloads[i] == sent[i], qPrintable(u"datagram %1 differs"_s.arg(i)));
            QCOMPARE(r.slices[i].arrivalMs, kArrivalMs);
            QVERIFY(!r.slices[i].isTruncated);
        }
        for (const BatchRecord& b : r.batches) {
            QCOMPARE(b.sourceIndex, kSourceIndex);
            QCOMPARE(b.format, receiver.config().address.format);
            // Compact: slices tile the bytes in order with no gaps.
            std::size_t expectedOffset = 0;
            for (const PayloadSlice& s : b.slices) {
                QCOMPARE(std::size_t(s.offset), expectedOffset);
                expectedOffset += s.size;
            }
            QCOMPARE(b.bytes, expectedOffset);
            QVERIFY(b.bytes < receiver.config().flushBytes + receiver.config().maxDatagramBytes);
        }

        // The batch counter moves right after the push, so the consumer may see a batch first.
        QTRY_COMPARE(receiver.snapshot().batches, std::uint64_t(r.batches.size()));
        const UdpReceiverSnapshot s = receiver.snapshot();
        QCOMPARE(s.datagrams, std::uint64_t(sent.size()));
        QCOMPARE(s.bytes, sentBytes);
        QCOMPARE(s.truncated, 0u);
        QCOMPARE(s.kernelDrops, 0u);
        QCOMPARE(s.boundPort, receiver.boundPort());
    }

    void oversizedDatagramIsDeliveredMarkedTruncated()
    {
        IngestQueue queue;
        UdpReceiverConfig config = loopbackConfig();
        config.maxDatagramBytes = 1024;
        UdpReceiver receiver(config, queue);
        QVERIFY(!receiver.start());
        Sender sender(boundAddress(receiver));
        const std::string big = payload(0, 2000);
        const std::string small = payload(1, 100);
        QVERIFY(sender.send(big));
        QVERIFY(sender.send(small));

        Received r;
        QVERIFY(drainUntil(queue, r, [&] { return r.payloads.size() >= 2; }));
        QCOMPARE(r.payloads.size(), 2u);
        QVERIFY(r.slices[0].isTruncated);
        QCOMPARE(r.payloads[0], big.substr(0, 1024));
        QVERIFY(!r.slices[1].isTruncated);
        QCOMPARE(r.payloads[1], small);
        QCOMPARE(receiver.snapshot().truncated, 1u);
        QCOMPARE(receiver.snapshot().datagrams, 2u);
    }

    void secondReceiverOnTakenPortFails_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("secondHost");
        QTest::addRow("same address") << u"127.0.0.1:0"_s << u"127.0.0.1"_s;
        QTest::addRow("all interfaces over a loopback listener") << u"127.0.0.1:0"_s << u"0.0.0.0"_s;
        QTest::addRow("loopback under an all-interfaces listener") << u"0.0.0.0:0"_s << u"127.0.0.1"_s;
        QTest::addRow("dual stack over an IPv4 listener") << u"127.0.0.1:0"_s << u"[::]"_s;
    }
    void secondReceiverOnTakenPortFails()
    {
        QFETCH(QString, first);
        QFETCH(QString, secondHost);
        if (secondHost.contains(u'[') && !hasIpv6Loopback())
            QSKIP("no IPv6 on this machine");

        IngestQueue queue;
        UdpReceiver a(loopbackConfig(first), queue);
        QVERIFY(!a.start());
        UdpReceiver b(loopbackConfig(secondHost + u':' + QString::number(a.boundPort())), queue);
        const auto error = b.start();
        QVERIFY(error.has_value());
        QVERIFY2(QString::fromStdString(*error).contains(u"address already in use"_s), error->c_str());
        QVERIFY2(QString::fromStdString(*error).contains(QString::number(a.boundPort())), error->c_str());
        QCOMPARE(b.state(), UdpReceiverSnapshot::State::Failed);
        QCOMPARE(b.snapshot().errorMessage, *error);

        // The first one is unaffected.
        Sender sender(boundAddress(a));
        QVERIFY(sender.send("still:1|c"));
        Received r;
        QVERIFY(drainUntil(queue, r, [&] { return !r.payloads.empty(); }));
        QCOMPARE(r.payloads.front(), std::string("still:1|c"));
    }

    void startingTwiceIsAnError()
    {
        IngestQueue queue;
        UdpReceiver receiver(loopbackConfig(), queue);
        QVERIFY(!receiver.start());
        const auto error = receiver.start();
        QVERIFY(error.has_value());
        QVERIFY2(QString::fromStdString(*error).contains(u"already started"_s), error->c_str());
        QCOMPARE(receiver.state(), UdpReceiverSnapshot::State::Running);
    }

    void stopIsPrompt_data()
    {
        QTest::addColumn<bool>("isQueueFull");
        QTest::addRow("idle socket") << false;
        QTest::addRow("blocked on a full queue") << true;
    }
    void stopIsPrompt()
    {
        QFETCH(bool, isQueueFull);
        IngestQueue queue(1);
        UdpReceiver receiver(loopbackConfig(), queue);
        QVERIFY(!receiver.start());
        if (isQueueFull) {
            fillQueue(queue);
            Sender sender(boundAddress(receiver));
            QVERIFY(sender.send("x:1|c"));
            QTRY_COMPARE(receiver.snapshot().datagrams, 1u);
        }

        QElapsedTimer timer;
        timer.start();
        receiver.stop();
        QVERIFY2(timer.elapsed() < 400, qPrintable(u"stop took %1 ms"_s.arg(timer.elapsed())));
        QCOMPARE(receiver.state(), UdpReceiverSnapshot::State::Stopped);
        // A batch the full queue never took is counted, not silently lost.
        QCOMPARE(receiver.snapshot().discardedAtStop, isQueueFull ? 1u : 0u);
        receiver.stop(); // idempotent
    }

    void fullQueueStopsReadingWithoutLosingData()
    {
        IngestQueue queue(2);
        UdpReceiverConfig config = loopbackConfig();
        config.flushBytes = 4096; // many batches, so the queue fills quickly
        UdpReceiver receiver(config, queue);
        QVERIFY(!receiver.start());
        // The consumer is paused: nobody pops while the datagrams arrive. Send no more than the granted
        // socket buffer holds (a 100-byte datagram costs ~1 KiB of it on loopback) so the kernel drops none.
        const int kSent = std::min(2000, receiver.snapshot().rcvBufGrantedBytes / 1024);
        Sender sender(boundAddress(receiver));
        for (int i = 0; i < kSent; ++i)
            QVERIFY(sender.send(sequenced(i)));
        QTRY_COMPARE(queue.depth(), queue.capacity());
        // The receiver stopped reading: the rest waits in the kernel buffer, not in the application.
        QVERIFY(receiver.snapshot().datagrams < std::uint64_t(kSent));

        Received r;
        QVERIFY(drainUntil(queue, r, [&] { return r.payloads.size() >= std::size_t(kSent); }));
        QCOMPARE(r.payloads.size(), std::size_t(kSent));
        for (int i = 0; i < kSent; ++i)
            QCOMPARE(sequenceOf(r.payloads[std::size_t(i)]), i);
        const UdpReceiverSnapshot s = receiver.snapshot();
        QCOMPARE(s.kernelDrops, 0u);
        QCOMPARE(s.datagrams, std::uint64_t(kSent));
        QCOMPARE(s.discardedAtStop, 0u);
    }

    void kernelDropsAccountForEveryMissingDatagram()
    {
        IngestQueue queue(1);
        UdpReceiverConfig config = loopbackConfig();
        config.rcvBufBytes = 4096; // a few datagrams fit; the rest must be dropped by the kernel
        UdpReceiver receiver(config, queue);
        QVERIFY(!receiver.start());
        fillQueue(queue);

        int sent = 0;
        Sender sender(boundAddress(receiver));
        for (; sent < 500; ++sent)
            QVERIFY(sender.send(sequenced(sent)));

        Received r;
        const auto isAccounted = [&] {
            const UdpReceiverSnapshot s = receiver.snapshot();
            return r.payloads.size() == s.datagrams && s.datagrams + s.kernelDrops == std::uint64_t(sent);
        };
        QVERIFY2(drainUntil(queue, r, isAccounted),
            qPrintable(u"received %1 + drops %2 != sent %3"_s.arg(r.payloads.size())
                           .arg(receiver.snapshot().kernelDrops)
                           .arg(sent)));
        QVERIFY(receiver.snapshot().kernelDrops > 0);
        // What did arrive is in order, once each.
        for (std::size_t i = 1; i < r.payloads.size(); ++i)
            QVERIFY(sequenceOf(r.payloads[i]) > sequenceOf(r.payloads[i - 1]));

        // A later datagram carries the same drop count (SO_RXQ_OVFL); nothing more is lost.
        QVERIFY(sender.send(sequenced(sent++)));
        QVERIFY(drainUntil(queue, r, isAccounted));
        QCOMPARE(sequenceOf(r.payloads.back()), sent - 1);
    }

    void grantedBufferSizeIsReported_data()
    {
        QTest::addColumn<qint64>("requested");
        QTest::addColumn<bool>("canForce");
        QTest::addColumn<qint64>("expectedGranted");
        QTest::addColumn<bool>("hasWarning");

        const qint64 max = rmemMax();
        QTest::addRow("small request is granted") << qint64(128 * 1024) << false << qint64(128 * 1024) << false;
        if (max > 0 && max < (1LL << 30)) {
            const qint64 beyond = max + 1024 * 1024;
            QTest::addRow("beyond rmem_max without force is capped and warned") << beyond << false << max << true;
            if (canForceRcvBuf())
                QTest::addRow("beyond rmem_max is forced when allowed") << beyond << true << beyond << false;
        }
    }
    void grantedBufferSizeIsReported()
    {
        QFETCH(qint64, requested);
        QFETCH(bool, canForce);
        QFETCH(qint64, expectedGranted);
        QFETCH(bool, hasWarning);

        IngestQueue queue;
        UdpReceiverConfig config = loopbackConfig();
        config.rcvBufBytes = int(requested);
        config.canForceRcvBuf = canForce;
        UdpReceiver receiver(config, queue);
        QVERIFY(!receiver.start());
        const UdpReceiverSnapshot s = receiver.snapshot();
        QCOMPARE(s.rcvBufRequestedBytes, int(requested));
        QCOMPARE(s.rcvBufGrantedBytes, int(expectedGranted));
        QCOMPARE(!s.rcvBufWarning.empty(), hasWarning);
        if (hasWarning) {
            const std::string expected = "kernel granted " + std::to_string(expectedGranted) + " of "
                + std::to_string(requested) + " bytes; raise net.core.rmem_max";
            QCOMPARE(s.rcvBufWarning, expected);
        }
    }

    void closedQueueFailsTheReceiverAndCountsTheBatch()
    {
        IngestQueue queue;
        queue.close();
        UdpReceiver receiver(loopbackConfig(), queue);
        QVERIFY(!receiver.start());
        Sender sender(boundAddress(receiver));
        QVERIFY(sender.send("late:1|c"));
        QTRY_COMPARE(receiver.state(), UdpReceiverSnapshot::State::Failed);
        const UdpReceiverSnapshot s = receiver.snapshot();
        QVERIFY2(QString::fromStdString(s.errorMessage).contains(u"queue closed"_s), s.errorMessage.c_str());
        QCOMPARE(s.discardedAtStop, 1u);
    }
};

QTEST_GUILESS_MAIN(TestUdpReceiver)
#include "tst_udpreceiver.moc"
