#pragma once

#include "support/ProbedRequestLog.h"

#include <QProcess>
#include <QString>

namespace syncline::test {

// A Helm chart repository (packaged charts and index.yaml in `folder`) served over plain
// HTTP on 127.0.0.1 by tests/support/chart_repository_server.py, which logs every request
// and whether it carried an Authorization header ("REQUEST auth|noauth GET /x HTTP/1.1").
class HelmRepositoryServer {
public:
    explicit HelmRepositoryServer(QString folder);
    ~HelmRepositoryServer() { stop(); }

    // False, with the reason, when python3 is missing or the server did not start.
    bool start(QString* why);
    void stop();
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    ProbedRequestLog& log() { return m_log; }

private:
    QString m_folder;
    QProcess m_process;
    ProbedRequestLog m_log;
    quint16 m_port = 0;
};

} // namespace syncline::test
