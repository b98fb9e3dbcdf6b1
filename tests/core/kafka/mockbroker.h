#pragma once

// A tools/kafka-mock process for the Kafka tests: three brokers on loopback, one topic.

#include <QDeadlineTimer>
#include <QProcess>
#include <QString>

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

} // namespace pulse::test
