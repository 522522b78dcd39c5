#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <QString>

#include <memory>

namespace syncline::devcluster {

// A listening socket on 127.0.0.1 that hands over each accepted descriptor, so the HTTP
// server decides first (connection cap) and makes a plain or TLS socket itself: the TLS
// handshake then runs inside a counted connection with its idle timeout.
//
// Its own accept loop rather than QTcpServer's: at the file-descriptor limit accept()
// fails with EMFILE while the socket stays readable, and QTcpServer (Qt 6.4) keeps
// retrying at full speed. Here the listener pauses and says so; the owner resumes it.
class TcpListener : public QObject {
    Q_OBJECT
public:
    explicit TcpListener(QObject* parent = nullptr);
    ~TcpListener() override;

    bool listen(quint16 port, QString* error);
    quint16 port() const { return m_port; }
    void resume();

Q_SIGNALS:
    void descriptorAccepted(qintptr descriptor);
    // accept() failed for lack of resources; the listener has paused. Once per shortage:
    // not again until every waiting client was taken (recovered).
    void acceptFailed(const QString& reason);
    void recovered();
    // It stopped accepting (each time); resume() when descriptors may have freed.
    void paused();

private:
    void acceptPending();

    int m_fd = -1;
    quint16 m_port = 0;
    bool m_short = false; // out of resources since the last time no client was left waiting
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace syncline::devcluster
