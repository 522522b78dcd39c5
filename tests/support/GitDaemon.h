#pragma once

#include <QProcess>
#include <QString>

namespace syncline::test {

// `git daemon` serving every repository under `basePath` over git:// on 127.0.0.1.
class GitDaemon {
public:
    explicit GitDaemon(QString basePath);
    ~GitDaemon(); // stops the daemon and waits for it

    GitDaemon(const GitDaemon&) = delete;
    GitDaemon& operator=(const GitDaemon&) = delete;

    // Starts the daemon and returns once it accepts connections; false + `error` if not.
    bool start(QString* error);
    quint16 port() const { return m_port; }
    // git://127.0.0.1:<port>/<relativePath>
    QString url(const QString& relativePath) const;
    // True while one of the daemon's descendants still serves a connection (upload-pack,
    // receive-pack): a killed client's receive-pack may still be moving objects into place.
    bool servingConnection() const;

private:
    QString m_basePath;
    quint16 m_port = 0;
    QProcess m_process;
};

} // namespace syncline::test
