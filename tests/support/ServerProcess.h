#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace syncline::test {

// Helpers for tests that run real servers as child processes on 127.0.0.1.

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
quint16 freeLocalPort();

// Connects to 127.0.0.1:port until the connection is accepted. Gives up when `process`
// exits or after `timeoutMs`. This is the readiness check: no fixed sleeps.
bool waitUntilListening(quint16 port, const QProcess& process, int timeoutMs = 10000);

// Reads `process`'s merged output until a line contains `marker` (e.g. sshd's
// "Server listening on"). Returns false when the process exits or the deadline passes;
// `seen` receives everything read so far for error messages.
bool waitForOutputLine(QProcess& process, const QString& marker, int timeoutMs, QString* seen);

// SIGTERM, then SIGKILL if needed; always waits for the process to exit.
void stopProcess(QProcess& process);

// Runs a program to completion. Returns its exit code (-1 if it crashed or could not
// start) and puts stdout+stderr into `output`.
int runProgram(const QString& program, const QStringList& args, QString* output = nullptr,
               const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment());

} // namespace syncline::test
