#include "TcpListener.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace syncline::devcluster {

TcpListener::TcpListener(QObject* parent) : QObject(parent) {}

TcpListener::~TcpListener() {
    m_notifier.reset();
    if (m_fd >= 0)
        ::close(m_fd);
}

bool TcpListener::listen(quint16 port, QString* error) {
    const auto failed = [&] {
        if (error)
            *error = QString::fromLocal8Bit(std::strerror(errno));
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        return false;
    };
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return failed();
    const int on = 1;
    ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || ::listen(m_fd, 128) != 0)
        return failed();
    socklen_t length = sizeof address;
    if (::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return failed();
    m_port = ntohs(address.sin_port);
    m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &TcpListener::acceptPending);
    return true;
}

void TcpListener::resume() {
    if (m_notifier)
        m_notifier->setEnabled(true);
}

void TcpListener::acceptPending() {
    while (true) {
        const int descriptor = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (descriptor >= 0) {
            Q_EMIT descriptorAccepted(descriptor);
            continue;
        }
        switch (errno) {
        case EINTR:
        case ECONNABORTED:
        case EPROTO:
            continue; // that one client is gone; the next may be there
        case EAGAIN:
            if (std::exchange(m_short, false))
                Q_EMIT recovered();
            return;
        default: // EMFILE, ENFILE, ENOBUFS, ENOMEM: no use trying again right now
            m_notifier->setEnabled(false);
            if (!std::exchange(m_short, true))
                Q_EMIT acceptFailed(QString::fromLocal8Bit(std::strerror(errno)));
            Q_EMIT paused();
            return;
        }
    }
}

} // namespace syncline::devcluster
