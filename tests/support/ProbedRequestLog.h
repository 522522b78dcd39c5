#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace syncline::test {

// The request log of a server running as a child process on 127.0.0.1, read so that a test
// can say "nothing reached the server": settle() sends a request of its own (a unique
// path) and reads the log until that request shows, so every earlier request is in it —
// a condition, not a sleep.
class ProbedRequestLog {
public:
    // `isRequest` picks the log lines that are requests (and contain their path).
    ProbedRequestLog(QProcess& process, bool (*isRequest)(const QString& line));

    void setPort(quint16 port) { m_port = port; }
    // Reads the log up to a probe; false when the server did not log it within the timeout.
    bool settle(int timeoutMs = 20000);
    // The requests logged so far, probes left out.
    QStringList requests() const;
    QString text() const { return m_text; }
    void readAvailable();

private:
    QProcess& m_process;
    bool (*m_isRequest)(const QString&);
    quint16 m_port = 0;
    int m_probes = 0;
    QString m_text;
};

} // namespace syncline::test
