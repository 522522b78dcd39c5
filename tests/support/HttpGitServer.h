#pragma once

#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace syncline::test {

// A small HTTP/1.1 server on 127.0.0.1 that serves the repositories under `projectRoot`
// through git-http-backend (CGI) and requires HTTP Basic authentication. It runs on its
// own thread because the code under test blocks the test thread while it fetches.
// Connections are kept alive (HTTP/1.1) until the client closes them.
class HttpGitServer {
public:
    HttpGitServer(QString projectRoot, QString username, QString password);
    ~HttpGitServer(); // closes the listener and joins the thread

    HttpGitServer(const HttpGitServer&) = delete;
    HttpGitServer& operator=(const HttpGitServer&) = delete;

    static QString backendPath() { return QStringLiteral("/usr/lib/git-core/git-http-backend"); }

    // Listening when this returns true.
    bool start(QString* error);
    quint16 port() const { return m_port; }
    // http://127.0.0.1:<port>/<relativePath>
    QString url(const QString& relativePath) const;

    int authorizedRequests() const { return m_stats->authorized.load(); }
    int rejectedRequests() const { return m_stats->rejected.load(); }

    struct Stats {
        std::atomic<int> authorized{0};
        std::atomic<int> rejected{0};
    };
    class Worker;

private:
    QString m_projectRoot;
    QString m_username;
    QString m_password;
    quint16 m_port = 0;
    std::shared_ptr<Stats> m_stats = std::make_shared<Stats>();
    QThread m_thread;
    std::unique_ptr<Worker> m_worker;
};

} // namespace syncline::test
