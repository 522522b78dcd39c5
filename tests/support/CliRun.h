#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace syncline::test {

// What a command-line program printed and how it ended (-1: it crashed).
struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

struct CliInvocation {
    QString workDir;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QByteArray input; // then end-of-input, so a prompt that gets nothing reads "no"
};

// Runs `program` to the end, as a user at a terminal would (the real binary, not a call).
inline CliRun runCli(const QString& program, const QStringList& args, const CliInvocation& how = {}) {
    QProcess process;
    if (!how.workDir.isEmpty())
        process.setWorkingDirectory(how.workDir);
    process.setProcessEnvironment(how.environment);
    process.start(program, args);
    if (!how.input.isEmpty())
        process.write(how.input);
    process.closeWriteChannel();
    process.waitForFinished(-1);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace syncline::test
