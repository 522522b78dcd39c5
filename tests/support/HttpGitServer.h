#pragma once

#include <QByteArrayList>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>
#include <mutex>

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

    // Before start(): answer every request with "302 Found" to `baseUrl` + the request's
    // path (a server that sends clients elsewhere) instead of serving it.
    void redirectTo(const QString& baseUrl) { m_redirect = baseUrl; }
    // Listening when this returns true.
    bool start(QString* error);
    int requests() const { return m_stats->authorized.load() + m_stats->rejected.load() + m_stats->redirected.load(); }
    quint16 port() const { return m_port; }
    // http://127.0.0.1:<port>/<relativePath>
    QString url(const QString& relativePath) const;

    int authorizedRequests() const { return m_stats->authorized.load(); }
    int rejectedRequests() const { return m_stats->rejected.load(); }
    // True when any request's Basic credentials (user name or password) held `secret`.
    bool receivedAuthorization(const QString& secret) const;

    struct Stats {
        std::atomic<int> authorized{0};
        std::atomic<int> rejected{0};
        std::atomic<int> redirected{0};
        std::mutex mutex;
        QByteArrayList credentials; // decoded "user:password" of every Authorization header
    };
    class Worker;

private:
    QString m_projectRoot;
    QString m_username;
    QString m_password;
    QString m_redirect;
    quint16 m_port = 0;
    std::shared_ptr<Stats> m_stats = std::make_shared<Stats>();
    QThread m_thread;
    std::unique_ptr<Worker> m_worker;
};

} // namespace syncline::test
