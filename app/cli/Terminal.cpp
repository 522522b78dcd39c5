#include "Terminal.h"

#include <QByteArray>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace syncline::app {

bool Terminal::interactive() { return ::isatty(STDIN_FILENO) == 1; }

std::unique_ptr<Terminal> Terminal::open() {
    if (!interactive())
        return nullptr;
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return nullptr;
    return std::unique_ptr<Terminal>(new Terminal(fd));
}

Terminal::~Terminal() { ::close(m_fd); }

void Terminal::write(const QString& text) {
    const QByteArray bytes = text.toLocal8Bit();
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(m_fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0)
            return;
        done += n;
    }
}

std::optional<QString> Terminal::readLine(bool echo) {
    termios saved{};
    const bool hide = !echo && ::tcgetattr(m_fd, &saved) == 0;
    if (hide) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL; // the newline still shows, so the next line starts clean
        ::tcsetattr(m_fd, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    bool ended = false;
    char c = 0;
    for (;;) {
        const ssize_t n = ::read(m_fd, &c, 1);
        if (n <= 0) {
            ended = line.isEmpty();
            break;
        }
        if (c == '\n')
            break;
        line.append(c);
    }
    if (hide)
        ::tcsetattr(m_fd, TCSAFLUSH, &saved);
    if (ended)
        return std::nullopt;
    const QString text = QString::fromLocal8Bit(line);
    line.fill('\0'); // a secret should not linger in freed memory
    return text;
}

bool Terminal::confirm(const QString& question) {
    write(question + QStringLiteral(" [y/N] "));
    const auto answer = readLine();
    if (!answer)
        return false;
    const QString word = answer->trimmed().toLower();
    return word == QLatin1String("y") || word == QLatin1String("yes");
}

} // namespace syncline::app
