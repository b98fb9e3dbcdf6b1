#pragma once

// A pulseboard-server child process for the process tests: start, watch stderr, stop with SIGTERM.

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStringList>

namespace pulse::test {

inline QString serverPath()
{
    return qEnvironmentVariable("PULSE_BIN_DIR") + QStringLiteral("/pulseboard-server");
}

/** The environment for a server under test: PULSE_PG_URL only when a test passes --pg itself. */
inline QProcessEnvironment serverEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("PULSE_PG_URL"));
    return env;
}

/** The JSON lines of --print output; objects only, a partial last line is left out. */
inline QList<QJsonObject> printedWindows(const QByteArray& out)
{
    QList<QJsonObject> objects;
    const QList<QByteArray> lines = out.split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(lines[i]);
        if (doc.isObject())
            objects.append(doc.object());
    }
    return objects;
}

/** The value of a tag in a printed window, or a null string. */
inline QString tagOf(const QJsonObject& window, const QString& key)
{
    for (const QJsonValue& pair : window[QStringLiteral("tags")].toArray())
        if (pair.toArray().at(0).toString() == key)
            return pair.toArray().at(1).toString();
    return {};
}

/** Σ of a field over the printed windows of a series whose tags include every (key, value) in `tags`. */
inline double printedTotal(const QList<QJsonObject>& windows, const QString& series, const QString& field,
    const QList<QPair<QString, QString>>& tags = {})
{
    double sum = 0;
    for (const QJsonObject& w : windows) {
        if (w[QStringLiteral("series")].toString() != series)
            continue;
        bool isMatch = true;
        for (const auto& [k, v] : tags)
            isMatch = isMatch && tagOf(w, k) == v;
        if (isMatch)
            sum += w[field].toDouble();
    }
    return sum;
}

/** A running pulseboard-server; SIGKILLed if still running at destruction. */
class ServerProcess {
public:
    ServerProcess() { m_process.setProcessEnvironment(serverEnvironment()); }
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10'000);
        }
    }

    bool start(const QStringList& args)
    {
        m_process.start(serverPath(), args);
        return m_process.waitForStarted(10'000);
    }
    qint64 processId() const { return m_process.processId(); }
    /** Everything the server wrote to stderr so far. */
    const QByteArray& stderrText()
    {
        m_err += m_process.readAllStandardError();
        return m_err;
    }
    /** Everything the server wrote to stdout so far. */
    const QByteArray& stdoutText()
    {
        m_out += m_process.readAllStandardOutput();
        return m_out;
    }
    /** Waits until stderr matches; the match, or an invalid one on timeout or exit. */
    QRegularExpressionMatch waitForStderr(const QString& pattern, int timeoutMs = 30'000)
    {
        const QRegularExpression re(pattern);
        const QDeadlineTimer deadline(timeoutMs);
        while (true) {
            const QRegularExpressionMatch m = re.match(QString::fromUtf8(stderrText()));
            if (m.hasMatch() || deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return m;
            m_process.waitForReadyRead(100);
        }
    }
    /** The bound ports of the first `count` UDP listeners, in command-line order, from stderr; empty on timeout. */
    QList<quint16> udpPorts(int count = 1, int timeoutMs = 30'000)
    {
        const QRegularExpression re(QStringLiteral("listening on udp 127\\.0\\.0\\.1:(\\d+)/"));
        const QDeadlineTimer deadline(timeoutMs);
        while (true) {
            QList<quint16> ports;
            auto it = re.globalMatch(QString::fromUtf8(stderrText()));
            while (it.hasNext())
                ports.append(it.next().captured(1).toUShort());
            if (ports.size() >= count)
                return ports.mid(0, count);
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return {};
            m_process.waitForReadyRead(100);
        }
    }
    /** SIGTERM, then the exit code (-1 on a crash or timeout); output read to the end. */
    int terminate(int timeoutMs = 30'000)
    {
        m_process.terminate();
        return waitForExit(timeoutMs);
    }
    int waitForExit(int timeoutMs = 30'000)
    {
        if (!m_process.waitForFinished(timeoutMs))
            return -1;
        stderrText();
        stdoutText();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    QProcess& process() { return m_process; }

private:
    QProcess m_process;
    QByteArray m_err;
    QByteArray m_out;
};

} // namespace pulse::test
