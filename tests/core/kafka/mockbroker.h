#pragma once

// A tools/kafka-mock process for the Kafka tests: three brokers on loopback, one topic.

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <string>

namespace pulse::test {

inline constexpr int kMockStartMs = 15'000;

/** One line of the process's stdout without its newline; empty on timeout or exit. */
inline QByteArray readLine(QProcess& p, int timeoutMs = kMockStartMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!p.canReadLine()) {
        if (deadline.hasExpired() || !p.waitForReadyRead(int(deadline.remainingTime())))
            return {};
    }
    QByteArray line = p.readLine();
    line.chop(1);
    return line;
}

/** A running kafka-mock with one topic; quits when it goes out of scope. */
struct MockBroker {
    QProcess process;
    std::string bootstrap;

    bool start(const QString& topic)
    {
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.setStandardErrorFile(QProcess::nullDevice());
        process.start(qEnvironmentVariable("PULSE_BIN_DIR") + QStringLiteral("/kafka-mock"),
            { QStringLiteral("--brokers"), QStringLiteral("3"), QStringLiteral("--topic"), topic });
        if (!process.waitForStarted(kMockStartMs))
            return false;
        const QByteArray first = readLine(process);
        if (!first.startsWith("bootstrap "))
            return false;
        bootstrap = first.mid(10).toStdString();
        return true;
    }
    /** Sends one command line; returns the mock's answer ("ok" or "error: …"). */
    QByteArray command(const QByteArray& line)
    {
        process.write(line + '\n');
        return readLine(process);
    }
    ~MockBroker()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.closeWriteChannel();
        if (!process.waitForFinished(kMockStartMs))
            process.kill();
        process.waitForFinished(kMockStartMs);
    }
};

/** Produces newline-separated messages (optionally KEY|VALUE) with kcat; true on success. */
inline bool produceWithKcat(
    const std::string& bootstrap, const QString& topic, const QByteArray& lines, bool hasKeys = false)
{
    QProcess p;
    QStringList args { QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-b"),
        QString::fromStdString(bootstrap), QStringLiteral("-P"), QStringLiteral("-t"), topic, QStringLiteral("-X"),
        QStringLiteral("message.max.bytes=12000000") };
    if (hasKeys)
        args << QStringLiteral("-K") << QStringLiteral("|");
    p.start(QStandardPaths::findExecutable(QStringLiteral("kcat")), args);
    if (!p.waitForStarted(kMockStartMs))
        return false;
    p.write(lines);
    p.closeWriteChannel();
    if (!p.waitForFinished(30'000)) {
        p.kill();
        p.waitForFinished();
        return false;
    }
    if (p.exitCode() != 0)
        qWarning("kcat: %s", p.readAllStandardError().constData());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace pulse::test
