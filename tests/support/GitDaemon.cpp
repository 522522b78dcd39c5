#include "support/GitDaemon.h"

#include "support/GitFixture.h"

#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace syncline::test {

GitDaemon::GitDaemon(QString basePath)
    : m_basePath(std::move(basePath)), m_environment(GitFixture::gitEnvironment().toStringList()) {}

GitDaemon::~GitDaemon() {
    if (m_listener >= 0) {
        ::shutdown(m_listener, SHUT_RDWR); // wakes the blocked accept()
        if (m_acceptor.joinable())
            m_acceptor.join();
        ::close(m_listener);
    }
    const std::lock_guard lock(m_mutex);
    for (const pid_t pid : m_serving) {
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
    }
}

bool GitDaemon::start(QString* error) {
    const auto fail = [&](const char* what) {
        if (error)
            *error = QStringLiteral("git daemon: %1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno)));
        if (m_listener >= 0)
            ::close(m_listener);
        m_listener = -1;
        return false;
    };
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listener < 0)
        return fail("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0; // the kernel's choice, bound to us at once
    socklen_t length = sizeof address;
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return fail("bind");
    if (::listen(m_listener, 64) != 0)
        return fail("listen");
    if (::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return fail("getsockname");
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { acceptConnections(); });
    return true;
}

void GitDaemon::acceptConnections() {
    for (;;) {
        const int connection = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return; // shut down by the destructor
        }
        serve(connection);
        ::close(connection);
        reapFinished();
    }
}

// git daemon --inetd serves the one connection on its stdin and stdout, then exits.
void GitDaemon::serve(int connection) {
    const QList<QByteArray> arguments{"git",
                                      "daemon",
                                      "--inetd",
                                      "--export-all",
                                      "--informative-errors",
                                      "--base-path=" + QFile::encodeName(m_basePath),
                                      QFile::encodeName(m_basePath)};
    QList<QByteArray> environment;
    for (const QString& entry : m_environment)
        environment.append(entry.toLocal8Bit());
    std::vector<char*> argv;
    for (const QByteArray& argument : arguments)
        argv.push_back(const_cast<char*>(argument.constData()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const QByteArray& entry : environment)
        envp.push_back(const_cast<char*>(entry.constData()));
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, connection, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, connection, STDOUT_FILENO);
    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        std::fprintf(stderr, "GitDaemon: cannot run git daemon --inetd: %s\n", std::strerror(spawned));
        return;
    }
    const std::lock_guard lock(m_mutex);
    m_serving.push_back(pid);
}

void GitDaemon::reapFinished() const {
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_serving, [](pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) == pid; });
}

QString GitDaemon::url(const QString& relativePath) const {
    return QStringLiteral("git://127.0.0.1:%1/%2").arg(m_port).arg(relativePath);
}

bool GitDaemon::servingConnection() const {
    reapFinished();
    const std::lock_guard lock(m_mutex);
    return !m_serving.empty();
}

} // namespace syncline::test
