#pragma once

#include <QString>

#include <memory>
#include <optional>

namespace syncline::app {

// The user's terminal (/dev/tty) for questions the command line asks while stdout and
// stderr may be redirected. Only opened when stdin is a terminal too, so a script, a pipe
// or a test never waits for an answer that cannot come.
class Terminal {
public:
    // nullptr: not interactive (stdin is not a terminal, or there is no controlling tty).
    static std::unique_ptr<Terminal> open();
    static bool interactive();
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    void write(const QString& text);
    // One line without its newline; nullopt at end of input. With `echo` false the typed
    // characters are not shown (secrets) and the terminal is restored afterwards.
    std::optional<QString> readLine(bool echo = true);
    // "question [y/N] ": true only for y/yes.
    bool confirm(const QString& question);

private:
    explicit Terminal(int fd) : m_fd(fd) {}
    int m_fd;
};

} // namespace syncline::app
