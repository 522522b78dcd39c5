#include "manifest/ToolProcess.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace syncline::manifest {

namespace {

constexpr qsizetype kMaxErrorBytes = 64 * 1024;
constexpr int kMaxErrorLines = 20;

QProcessEnvironment cleanEnvironment(const ToolRun& run) {
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH", QStringLiteral("/usr/bin:/bin")));
    environment.insert(QStringLiteral("HOME"), run.home);
    // Go tools print messages in the C locale either way; pin it so they never vary.
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C"));
    for (const auto& [name, value] : run.environment)
        environment.insert(name, value);
    return environment;
}

// The tool's complaint: its first lines, with the private folder's paths made
// repository-relative again.
QString errorText(const ToolRun& run, QByteArray standardError) {
    QString text = QString::fromUtf8(standardError.left(kMaxErrorBytes)).trimmed();
    for (const auto& [from, to] : run.rewrites)
        text.replace(from, to);
    QStringList lines = text.split(QLatin1Char('\n'));
    if (lines.size() > kMaxErrorLines) {
        lines = lines.mid(0, kMaxErrorLines);
        lines.append(QStringLiteral("..."));
    }
    return lines.join(QLatin1Char('\n'));
}

void stop(QProcess& process) {
    process.kill();
    process.waitForFinished(5000);
}

} // namespace

QString findTool(const QString& name, const QString& explicitPath) {
    if (!explicitPath.isEmpty()) {
        const QFileInfo info(explicitPath);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(name);
}

util::Result<ToolOutput> runTool(const ToolRun& run, RenderBudget& budget, const QString& where) {
    QProcess process;
    process.setProcessEnvironment(cleanEnvironment(run));
    process.setWorkingDirectory(run.workingDirectory.isEmpty() ? run.home : run.workingDirectory);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(run.program, run.arguments);
    if (!process.waitForStarted(10000))
        return util::fail(util::ErrorCode::Generic,
                          QStringLiteral("cannot start %1 (%2): %3").arg(run.name, run.program, process.errorString()), where);
    ToolOutput output;
    QByteArray standardError;
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        const bool finished = process.waitForFinished(50) || process.state() == QProcess::NotRunning;
        output.standardOutput += process.readAllStandardOutput();
        if (standardError.size() < kMaxErrorBytes)
            standardError += process.readAllStandardError();
        else
            process.readAllStandardError(); // the first part says what went wrong; drop the rest
        if (std::uint64_t(output.standardOutput.size()) > run.maxOutputBytes) {
            stop(process);
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("%1 printed more than %2 MiB; stopped").arg(run.name).arg(run.maxOutputBytes >> 20),
                              where);
        }
        if (finished)
            break;
        if (auto ok = budget.check(where); !ok) {
            stop(process);
            return util::fail(ok.error());
        }
        if (clock.elapsed() > run.timeout.count()) {
            stop(process);
            return util::fail(
                util::ErrorCode::Timeout,
                QStringLiteral("%1 did not finish within %2 s; stopped").arg(run.name).arg(double(run.timeout.count()) / 1000.0),
                where);
        }
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString said = errorText(run, standardError);
        return util::fail(util::ErrorCode::Generic,
                          QStringLiteral("%1 failed (exit code %2)%3")
                              .arg(run.name)
                              .arg(process.exitCode())
                              .arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said),
                          where);
    }
    return output;
}

} // namespace syncline::manifest
