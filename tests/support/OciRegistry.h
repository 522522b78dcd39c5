#pragma once

#include "support/ProbedRequestLog.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace syncline::test {

// Debian's docker-registry (CNCF distribution v2) on 127.0.0.1, plain HTTP, storage in a
// temporary folder, no authentication; its access log lists every request.
class OciRegistry {
public:
    OciRegistry();
    ~OciRegistry() { stop(); }

    // False, with the reason (docker-registry missing, did not start).
    bool start(QString* why);
    void stop();
    QString host() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    ProbedRequestLog& log() { return m_log; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    ProbedRequestLog m_log;
    quint16 m_port = 0;
};

} // namespace syncline::test
