#include "StallingGitServer.h"

#include <QHostAddress>
#include <QMetaObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <utility>

namespace syncline::test {

namespace {

QByteArray pktLine(const QByteArray& payload) {
    return QByteArray::number(payload.size() + 4, 16).rightJustified(4, '0') + payload;
}

// One client: reads pkt-lines, answers the negotiation, then streams progress.
class Connection : public QObject {
public:
    Connection(QObject* parent, QTcpSocket* socket, std::shared_ptr<std::atomic<int>> waiting,
               std::chrono::milliseconds giveUpAfter)
        : QObject(parent), m_socket(socket), m_waiting(std::move(waiting)), m_giveUpAfter(giveUpAfter) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this] { readLines(); });
        connect(socket, &QTcpSocket::disconnected, this, [this] { finish(); });
    }
    ~Connection() override {
        if (m_streaming)
            --*m_waiting;
    }

private:
    void readLines() {
        m_buffer += m_socket->readAll();
        while (m_buffer.size() >= 4) {
            bool ok = false;
            const int length = m_buffer.left(4).toInt(&ok, 16);
            if (!ok) {
                finish();
                return;
            }
            if (length == 0) { // flush
                m_buffer.remove(0, 4);
                onFlush();
                continue;
            }
            if (m_buffer.size() < length)
                return;
            const QByteArray line = m_buffer.mid(4, length - 4);
            m_buffer.remove(0, length);
            onLine(line);
        }
    }

    void onLine(const QByteArray& line) {
        if (line.startsWith("git-upload-pack ")) {
            // One branch at a commit the client cannot have.
            const QByteArray id(40, 'a');
            QByteArray head = id + " HEAD";
            head += '\0';
            head += "side-band-64k ofs-delta symref=HEAD:refs/heads/main agent=stalling/1\n";
            m_socket->write(pktLine(head));
            m_socket->write(pktLine(id + " refs/heads/main\n"));
            m_socket->write("0000");
        } else if (line.startsWith("have ")) {
            m_haves = true;
        } else if (line.startsWith("done")) {
            m_socket->write(pktLine("NAK\n"));
            startStreaming();
        }
    }

    void onFlush() {
        if (m_haves) // nothing in common
            m_socket->write(pktLine("NAK\n"));
        m_haves = false;
    }

    void startStreaming() {
        if (m_streaming)
            return;
        m_streaming = true;
        ++*m_waiting;
        auto* tick = new QTimer(this);
        connect(tick, &QTimer::timeout, this, [this] {
            m_socket->write(
                pktLine(QByteArray(1, '\x02') + QByteArray("Counting objects: ") + QByteArray::number(++m_counted) + '\r'));
        });
        tick->start(20); // a busy server's progress, not a synchronisation
        QTimer::singleShot(m_giveUpAfter, this, [this] { m_socket->disconnectFromHost(); });
    }

    void finish() { deleteLater(); }

    QTcpSocket* m_socket;
    std::shared_ptr<std::atomic<int>> m_waiting;
    std::chrono::milliseconds m_giveUpAfter;
    QByteArray m_buffer;
    bool m_haves = false;
    bool m_streaming = false;
    int m_counted = 0;
};

} // namespace

class StallingGitServer::Worker : public QObject {
public:
    Worker(std::shared_ptr<std::atomic<int>> waiting, std::chrono::milliseconds giveUpAfter)
        : m_waiting(std::move(waiting)), m_giveUpAfter(giveUpAfter) {}

    quint16 listen(QString* error) {
        m_server = new QTcpServer(this);
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            *error = m_server->errorString();
            return 0;
        }
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server->nextPendingConnection())
                new Connection(this, socket, m_waiting, m_giveUpAfter);
        });
        return m_server->serverPort();
    }

private:
    std::shared_ptr<std::atomic<int>> m_waiting;
    std::chrono::milliseconds m_giveUpAfter;
    QTcpServer* m_server = nullptr;
};

StallingGitServer::StallingGitServer(std::chrono::milliseconds giveUpAfter) : m_giveUpAfter(giveUpAfter) {}

StallingGitServer::~StallingGitServer() {
    if (m_worker) {
        // The worker owns the listener and every connection: closed on its own thread.
        QMetaObject::invokeMethod(
            m_worker, [this] { delete m_worker; }, Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    m_thread.wait();
}

bool StallingGitServer::start(QString* error) {
    m_thread.start();
    m_worker = new Worker(m_waiting, m_giveUpAfter);
    m_worker->moveToThread(&m_thread);
    QString failure;
    QMetaObject::invokeMethod(
        m_worker, [&] { m_port = m_worker->listen(&failure); }, Qt::BlockingQueuedConnection);
    if (m_port == 0 && error)
        *error = failure;
    return m_port != 0;
}

QString StallingGitServer::url(const QString& relativePath) const {
    return QStringLiteral("git://127.0.0.1:%1/%2").arg(m_port).arg(relativePath);
}

} // namespace syncline::test
