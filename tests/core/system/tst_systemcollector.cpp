#include "system/systemcollector.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>
#include <string>

using namespace pulse;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs kT0 = 1'700'000'000'000;
constexpr TimestampMs kIntervalMs = 2000;
const std::string kHost = "test-host";

bool writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

/** Copies a fixture reading (stat, loadavg, meminfo, net/dev, diskstats) over the fake /proc. */
bool installReading(const QString& fixture, const QString& procRoot)
{
    const QString source = QFINDTESTDATA(u"fixtures/"_s + fixture);
    if (source.isEmpty())
        return false;
    QDirIterator it(source, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        QFile in(file);
        // Not QFile::copy: it fsyncs, which costs ~10 ms a file here.
        if (!in.open(QIODevice::ReadOnly)
            || !writeFile(procRoot + u'/' + QDir(source).relativeFilePath(file), in.readAll()))
            return false;
    }
    return true;
}

std::string tagValue(const PointSample& p, const std::string& key)
{
    for (const Tag& t : p.tags)
        if (t.first == key)
            return t.second;
    return {};
}

std::optional<double> find(
    const std::vector<PointSample>& points, const QString& name, const QString& tagKey = {}, const QString& value = {})
{
    for (const PointSample& p : points) {
        if (p.name == name.toStdString()
            && (tagKey.isEmpty() || tagValue(p, tagKey.toStdString()) == value.toStdString()))
            return p.value;
    }
    return std::nullopt;
}

int countWithPrefix(const std::vector<PointSample>& points, const std::string& prefix)
{
    return int(
        std::count_if(points.begin(), points.end(), [&](const PointSample& p) { return p.name.starts_with(prefix); }));
}

QString joined(const std::vector<std::string>& lines)
{
    QStringList l;
    for (const std::string& s : lines)
        l << QString::fromStdString(s);
    return l.join(u"; "_s);
}

} // namespace

class TestSystemCollector : public QObject {
    Q_OBJECT

private:
    /** Two fixture readings kIntervalMs apart; returns the second reading's points. */
    std::vector<PointSample> twoReadings(SystemCollector& collector, const QString& procRoot)
    {
        if (!installReading(u"basic/t0"_s, procRoot))
            return {};
        collector.collect(kT0);
        if (!installReading(u"basic/t1"_s, procRoot))
            return {};
        return collector.collect(kT0 + kIntervalMs);
    }

private Q_SLOTS:
    void twoReadingsGiveExactValues_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("tagKey");
        QTest::addColumn<QString>("tagValue");
        QTest::addColumn<double>("expected");

        // cpu: busy jiffies / all jiffies (guest excluded, it is inside user already), idle = idle + iowait.
        QTest::addRow("cpu total") << u"system.cpu.percent"_s << u"cpu"_s << u"total"_s << 26.0;
        QTest::addRow("cpu0") << u"system.cpu.percent"_s << u"cpu"_s << u"cpu0"_s << 40.0;
        QTest::addRow("cpu1") << u"system.cpu.percent"_s << u"cpu"_s << u"cpu1"_s << 12.0;
        QTest::addRow("load 1") << u"system.load.1"_s << QString() << QString() << 1.25;
        QTest::addRow("load 5") << u"system.load.5"_s << QString() << QString() << 0.75;
        QTest::addRow("load 15") << u"system.load.15"_s << QString() << QString() << 0.5;
        QTest::addRow("memory total") << u"system.memory.total_bytes"_s << QString() << QString() << 16'384'000'000.0;
        QTest::addRow("memory available")
            << u"system.memory.available_bytes"_s << QString() << QString() << 4'096'000'000.0;
        QTest::addRow("memory used is total minus available")
            << u"system.memory.used_bytes"_s << QString() << QString() << 12'288'000'000.0;
        QTest::addRow("memory used percent") << u"system.memory.used_percent"_s << QString() << QString() << 75.0;
        QTest::addRow("swap used") << u"system.swap.used_bytes"_s << QString() << QString() << 512'000'000.0;
        QTest::addRow("swap total") << u"system.swap.total_bytes"_s << QString() << QString() << 2'048'000'000.0;
        QTest::addRow("eth0 rx over 2 s") << u"system.net.rx_bytes_per_s"_s << u"iface"_s << u"eth0"_s << 1'000'000.0;
        QTest::addRow("eth0 tx over 2 s") << u"system.net.tx_bytes_per_s"_s << u"iface"_s << u"eth0"_s << 250'000.0;
        QTest::addRow("loopback is kept") << u"system.net.rx_bytes_per_s"_s << u"iface"_s << u"lo"_s << 1000.0;
        QTest::addRow("tx still measured when rx reset")
            << u"system.net.tx_bytes_per_s"_s << u"iface"_s << u"wlan0"_s << 1000.0;
        QTest::addRow("vda read, 512-byte sectors")
            << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"vda"_s << 1'024'000.0;
        QTest::addRow("vda write") << u"system.disk.write_bytes_per_s"_s << u"device"_s << u"vda"_s << 256'000.0;
        QTest::addRow("idle disk reads zero")
            << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"nvme0n1"_s << 0.0;
        QTest::addRow("nvme write") << u"system.disk.write_bytes_per_s"_s << u"device"_s << u"nvme0n1"_s << 2'048'000.0;
        QTest::addRow("md1 is a disk") << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"md1"_s << 102'400.0;
        QTest::addRow("md10 is not a partition of md1")
            << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"md10"_s << 204'800.0;
        QTest::addRow("device mapper") << u"system.disk.write_bytes_per_s"_s << u"device"_s << u"dm-0"_s << 51'200.0;
        QTest::addRow("old 11-field diskstats line")
            << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"mmcblk0"_s << 0.0;
        QTest::addRow("sda read") << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"sda"_s << 51'200.0;
    }
    void twoReadingsGiveExactValues()
    {
        QFETCH(QString, name);
        QFETCH(QString, tagKey);
        QFETCH(QString, tagValue);
        QFETCH(double, expected);

        QTemporaryDir proc;
        QVERIFY(proc.isValid());
        SystemCollector collector(proc.path().toStdString(), kHost);
        const auto points = twoReadings(collector, proc.path());
        QVERIFY2(collector.problems().empty(), qPrintable(joined(collector.problems())));
        const auto value = find(points, name, tagKey, tagValue);
        QVERIFY2(value.has_value(), qPrintable(name + u" not produced"_s));
        QCOMPARE(*value, expected);
    }

    void unmeasurableSeriesAreLeftOut_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("tagKey");
        QTest::addColumn<QString>("tagValue");

        QTest::addRow("partition vda1") << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"vda1"_s;
        QTest::addRow("partition nvme0n1p1") << u"system.disk.write_bytes_per_s"_s << u"device"_s << u"nvme0n1p1"_s;
        QTest::addRow("partition mmcblk0p1") << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"mmcblk0p1"_s;
        QTest::addRow("partition sda1") << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"sda1"_s;
        QTest::addRow("loop device") << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"loop0"_s;
        QTest::addRow("ram disk") << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"ram0"_s;
        QTest::addRow("zram") << u"system.disk.read_bytes_per_s"_s << u"device"_s << u"zram0"_s;
        QTest::addRow("disk write counter reset") << u"system.disk.write_bytes_per_s"_s << u"device"_s << u"sda"_s;
        QTest::addRow("interface rx counter reset") << u"system.net.rx_bytes_per_s"_s << u"iface"_s << u"wlan0"_s;
        QTest::addRow("interface new since last reading")
            << u"system.net.rx_bytes_per_s"_s << u"iface"_s << u"docker0"_s;
    }
    void unmeasurableSeriesAreLeftOut()
    {
        QFETCH(QString, name);
        QFETCH(QString, tagKey);
        QFETCH(QString, tagValue);

        QTemporaryDir proc;
        SystemCollector collector(proc.path().toStdString(), kHost);
        const auto points = twoReadings(collector, proc.path());
        QVERIFY(!points.empty());
        QVERIFY(!find(points, name, tagKey, tagValue).has_value());
    }

    void everyPointIsAGaugeStampedAndTaggedWithHost()
    {
        QTemporaryDir proc;
        SystemCollector collector(proc.path().toStdString(), kHost);
        const auto points = twoReadings(collector, proc.path());
        // 3 cpu + 3 load + 4 memory + 2 swap + 5 net (lo, eth0 x2; wlan0 tx) + 13 disk (7 disks, sda write reset).
        QCOMPARE(points.size(), 3u + 3 + 4 + 2 + 5 + 13);
        for (const PointSample& p : points) {
            QCOMPARE(p.type, MetricType::Gauge);
            QCOMPARE(p.timeMs, kT0 + kIntervalMs);
            QCOMPARE(tagValue(p, "host"), kHost);
            QVERIFY(p.value >= 0);
        }
    }

    void firstReadingHasNoRates()
    {
        QTemporaryDir proc;
        QVERIFY(installReading(u"basic/t0"_s, proc.path()));
        SystemCollector collector(proc.path().toStdString(), kHost);
        const auto points = collector.collect(kT0);
        QCOMPARE(countWithPrefix(points, "system.cpu."), 0);
        QCOMPARE(countWithPrefix(points, "system.net."), 0);
        QCOMPARE(countWithPrefix(points, "system.disk."), 0);
        QCOMPARE(countWithPrefix(points, "system.load."), 3);
        QCOMPARE(countWithPrefix(points, "system.memory."), 4);
        QCOMPARE(countWithPrefix(points, "system.swap."), 2);
        QVERIFY(collector.problems().empty());
    }

    void timeNotAdvancingSkipsRates()
    {
        QTemporaryDir proc;
        QVERIFY(installReading(u"basic/t0"_s, proc.path()));
        SystemCollector collector(proc.path().toStdString(), kHost);
        collector.collect(kT0);
        QVERIFY(installReading(u"basic/t1"_s, proc.path()));
        const auto points = collector.collect(kT0);
        QCOMPARE(countWithPrefix(points, "system.net."), 0);
        QCOMPARE(countWithPrefix(points, "system.disk."), 0);
        QCOMPARE(collector.problems().size(), 1u);
        QVERIFY(QString::fromStdString(collector.problems().front()).contains(u"time did not advance"_s));
    }

    void malformedFilesAreReportedNotFatal_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("isMissing");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("absentPrefix");

        const QByteArray netHeader = "Inter-| Receive | Transmit\n face |bytes packets|bytes packets\n";
        QTest::addRow("stat missing") << u"stat"_s << true << QByteArray() << u"No such file"_s << u"system.cpu."_s;
        static constexpr char junk[] = "cpu\0\xff\xfe junk\n";
        QTest::addRow("stat binary junk")
            << u"stat"_s << false << QByteArray(junk, sizeof junk - 1) << u"malformed line"_s << u"system.cpu."_s;
        QTest::addRow("stat without cpu lines") << u"stat"_s << false << QByteArray("intr 1 2 3\nctxt 5\n")
                                                << u"no 'cpu' totals line"_s << u"system.cpu."_s;
        QTest::addRow("stat cpu line too short")
            << u"stat"_s << false << QByteArray("cpu 1 2 3\n") << u"malformed line 'cpu 1 2 3'"_s << u"system.cpu."_s;
        QTest::addRow("stat negative jiffies")
            << u"stat"_s << false << QByteArray("cpu -1 0 0 5 0 0 0 0\n") << u"malformed line"_s << u"system.cpu."_s;
        QTest::addRow("loadavg empty") << u"loadavg"_s << false << QByteArray() << u"expected three load averages"_s
                                       << u"system.load."_s;
        QTest::addRow("loadavg words") << u"loadavg"_s << false << QByteArray("high medium low 1/2 3\n")
                                       << u"expected three load averages"_s << u"system.load."_s;
        QTest::addRow("loadavg negative") << u"loadavg"_s << false << QByteArray("-1.0 0.5 0.5 1/2 3\n")
                                          << u"expected three load averages"_s << u"system.load."_s;
        QTest::addRow("loadavg not a number") << u"loadavg"_s << false << QByteArray("nan 0.5 0.5 1/2 3\n")
                                              << u"expected three load averages"_s << u"system.load."_s;
        QTest::addRow("meminfo without MemAvailable")
            << u"meminfo"_s << false << QByteArray("MemTotal: 100 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n")
            << u"needs MemTotal and MemAvailable"_s << u"system.memory."_s;
        QTest::addRow("meminfo number overflows")
            << u"meminfo"_s << false
            << QByteArray("MemTotal: 99999999999999999999999 kB\nMemAvailable: 1 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n")
            << u"malformed line"_s << u"system.memory."_s;
        QTest::addRow("meminfo available above total")
            << u"meminfo"_s << false
            << QByteArray("MemTotal: 10 kB\nMemAvailable: 20 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n")
            << u"MemAvailable exceeds MemTotal"_s << u"system.memory."_s;
        QTest::addRow("meminfo unknown unit")
            << u"meminfo"_s << false
            << QByteArray("MemTotal: 10 MB\nMemAvailable: 5 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n")
            << u"malformed line 'MemTotal: 10 MB'"_s << u"system.memory."_s;
        QTest::addRow("meminfo swap free above total")
            << u"meminfo"_s << false
            << QByteArray("MemTotal: 10 kB\nMemAvailable: 5 kB\nSwapTotal: 1 kB\nSwapFree: 2 kB\n")
            << u"SwapFree exceeds SwapTotal"_s << u"system.swap."_s;
        QTest::addRow("net/dev missing") << u"net/dev"_s << true << QByteArray() << u"No such file"_s
                                         << u"system.net."_s;
        QTest::addRow("net/dev truncated line") << u"net/dev"_s << false << netHeader + "  eth0: 1 2 3\n"
                                                << u"malformed line '  eth0: 1 2 3'"_s << u"system.net."_s;
        QTest::addRow("net/dev name with spaces")
            << u"net/dev"_s << false << netHeader + "a b: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
            << u"malformed line"_s << u"system.net."_s;
        QTest::addRow("diskstats short line")
            << u"diskstats"_s << false << QByteArray("254 0 vda 1 2\n") << u"malformed line"_s << u"system.disk."_s;
        QTest::addRow("diskstats text in counters")
            << u"diskstats"_s << false << QByteArray("254 0 vda a b c d e f g h i j k\n") << u"malformed line"_s
            << u"system.disk."_s;
        QTest::addRow("diskstats missing")
            << u"diskstats"_s << true << QByteArray() << u"No such file"_s << u"system.disk."_s;
        QTest::addRow("stat larger than any real one")
            << u"stat"_s << false << QByteArray(5 * 1024 * 1024, 'x') << u"larger than"_s << u"system.cpu."_s;
    }
    void malformedFilesAreReportedNotFatal()
    {
        QFETCH(QString, file);
        QFETCH(bool, isMissing);
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        QFETCH(QString, absentPrefix);

        QTemporaryDir proc;
        QVERIFY(installReading(u"basic/t0"_s, proc.path()));
        SystemCollector collector(proc.path().toStdString(), kHost);
        collector.collect(kT0);
        QVERIFY(installReading(u"basic/t1"_s, proc.path()));
        const QString path = proc.path() + u'/' + file;
        QVERIFY(isMissing ? QFile::remove(path) : writeFile(path, content));

        const auto points = collector.collect(kT0 + kIntervalMs);
        QVERIFY(!collector.problems().empty());
        const QString problems = joined(collector.problems());
        QVERIFY2(problems.contains(path), qPrintable(problems));
        QVERIFY2(problems.contains(reason), qPrintable(problems));
        QCOMPARE(collector.problemCount(), std::uint64_t(collector.problems().size()));
        QCOMPARE(countWithPrefix(points, absentPrefix.toStdString()), 0);
        for (const PointSample& p : points)
            QVERIFY(p.value >= 0);
        // Everything read from the intact files is still there.
        if (!file.startsWith(u"loadavg"_s))
            QVERIFY(find(points, u"system.load.1"_s).has_value());
        if (!file.startsWith(u"net"_s))
            QVERIFY(find(points, u"system.net.rx_bytes_per_s"_s, u"iface"_s, u"eth0"_s).has_value());
        if (!file.startsWith(u"diskstats"_s))
            QVERIFY(find(points, u"system.disk.read_bytes_per_s"_s, u"device"_s, u"vda"_s).has_value());

        // The next good reading measures again from a fresh baseline, and the problems are cleared.
        QVERIFY(installReading(u"basic/t1"_s, proc.path()));
        collector.collect(kT0 + 2 * kIntervalMs);
        QVERIFY2(collector.problems().empty(), qPrintable(joined(collector.problems())));
    }

    void realProcGivesSaneValues()
    {
        SystemCollector collector("/proc", kHost);
        std::vector<PointSample> points = collector.collect(kT0);
        TimestampMs t = kT0;
        // CPU needs at least one jiffy between readings; poll until one has passed. The latch keeps
        // QTRY's re-evaluations from collecting again once it has.
        bool hasCpu = false;
        const auto collectAgain = [&] {
            t += 1000;
            points = collector.collect(t);
            return find(points, u"system.cpu.percent"_s, u"cpu"_s, u"total"_s).has_value();
        };
        QTRY_VERIFY_WITH_TIMEOUT(hasCpu = hasCpu || collectAgain(), 5000);
        QVERIFY2(collector.problems().empty(), qPrintable(joined(collector.problems())));

        const auto total = find(points, u"system.memory.total_bytes"_s);
        QVERIFY(total.has_value());
        QVERIFY(*total > 64.0 * 1024 * 1024);
        QVERIFY(*find(points, u"system.memory.used_bytes"_s) <= *total);
        QVERIFY(find(points, u"system.net.rx_bytes_per_s"_s, u"iface"_s, u"lo"_s).has_value());
        QVERIFY(find(points, u"system.load.15"_s).has_value());
        for (const PointSample& p : points) {
            QCOMPARE(tagValue(p, "host"), kHost);
            QVERIFY2(p.value >= 0, p.name.c_str());
            if (p.name.ends_with("percent"))
                QVERIFY2(p.value <= 100.0, p.name.c_str());
        }
    }

    void defaultHostnameIsThisMachine()
    {
        const SystemCollector collector;
        QVERIFY(!collector.hostname().empty());
        QCOMPARE(collector.hostname(), SystemCollector::localHostname());
        QCOMPARE(collector.procRoot(), std::string("/proc"));
    }
};

QTEST_GUILESS_MAIN(TestSystemCollector)
#include "tst_systemcollector.moc"
