#include "support/InetdListener.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace syncline::test {

namespace {

std::vector<char*> pointersTo(const QList<QByteArray>& strings) {
    std::vector<char*> pointers;
    for (const QByteArray& string : strings)
        pointers.push_back(const_cast<char*>(string.constData()));
    pointers.push_back(nullptr);
    return pointers;
}

} // namespace

InetdListener::InetdListener(Command command) : m_command(std::move(command)) {}

InetdListener::~InetdListener() {
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

bool InetdListener::start(QString* error) {
    const auto fail = [&](const char* what) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno)));
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

void InetdListener::acceptConnections() {
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

void InetdListener::serve(int connection) {
    const std::vector<char*> argv = pointersTo(m_command.arguments);
    const std::vector<char*> envp = pointersTo(m_command.environment);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, connection, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, connection, STDOUT_FILENO);
    if (!m_command.logFile.isEmpty())
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, m_command.logFile.constData(), O_WRONLY | O_CREAT | O_APPEND,
                                         0600);
    pid_t pid = -1;
    const int spawned =
        ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), m_command.environment.isEmpty() ? environ : envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        std::fprintf(stderr, "InetdListener: cannot run %s: %s\n", argv[0], std::strerror(spawned));
        return;
    }
    const std::lock_guard lock(m_mutex);
    m_serving.push_back(pid);
}

void InetdListener::reapFinished() const {
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_serving, [](pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) == pid; });
}

bool InetdListener::servingConnection() const {
    reapFinished();
    const std::lock_guard lock(m_mutex);
    return !m_serving.empty();
}

} // namespace syncline::test
