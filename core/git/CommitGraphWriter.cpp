#include "git/CommitGraphWriter.h"

#include "git/Repository.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace syncline::git {

namespace {

constexpr int kPollMilliseconds = 100;
constexpr int kTimeoutMilliseconds = 30 * 60 * 1000; // git's own history takes about a minute
constexpr qsizetype kMaxErrorBytes = 4096;

QProcessEnvironment hardenedEnvironment(const QString& home) {
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH", QStringLiteral("/usr/bin:/bin")));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C"));
    environment.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    environment.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
    environment.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    return environment;
}

QStringList arguments(const Repository& repository) {
    return {QStringLiteral("--no-pager"),
            QStringLiteral("-c"),
            QStringLiteral("core.fsmonitor=false"),
            QStringLiteral("-c"),
            QStringLiteral("core.hooksPath=/dev/null"),
            QStringLiteral("--git-dir=") + repository.gitDir(),
            QStringLiteral("commit-graph"),
            QStringLiteral("write"),
            QStringLiteral("--reachable"),
            QStringLiteral("--changed-paths")};
}

util::Result<void> waitFor(QProcess& git, const util::CancellationToken& cancel, const QString& where) {
    for (int waited = 0; !git.waitForFinished(kPollMilliseconds); waited += kPollMilliseconds) {
        if (git.state() == QProcess::NotRunning)
            break;
        if (cancel.isCancelled() || waited >= kTimeoutMilliseconds) {
            git.kill();
            git.waitForFinished();
            return util::fail(cancel.isCancelled() ? util::ErrorCode::Cancelled : util::ErrorCode::Timeout,
                              cancel.isCancelled() ? QStringLiteral("cancelled") : QStringLiteral("git took too long"), where);
        }
    }
    if (git.exitStatus() != QProcess::NormalExit || git.exitCode() != 0)
        return util::fail(util::ErrorCode::Generic,
                          QStringLiteral("git commit-graph write failed: ") +
                              QString::fromUtf8(git.readAllStandardError().left(kMaxErrorBytes)).trimmed(),
                          where);
    return {};
}

} // namespace

util::Result<void> CommitGraphWriter::write(const Repository& repository, const util::CancellationToken& cancel) {
    const QString where = repository.commitGraphPath();
    const QString program = QStandardPaths::findExecutable(QStringLiteral("git"));
    if (program.isEmpty())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("git is not installed (needed to write a commit-graph)"),
                          where);
    QTemporaryDir home;
    if (!home.isValid())
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create a temporary folder"), where);
    QProcess git;
    git.setProcessEnvironment(hardenedEnvironment(home.path()));
    git.setWorkingDirectory(home.path());
    git.setStandardInputFile(QProcess::nullDevice());
    git.setStandardOutputFile(QProcess::nullDevice());
    git.start(program, arguments(repository));
    if (!git.waitForStarted())
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot start git: ") + git.errorString(), where);
    return waitFor(git, cancel, where);
}

} // namespace syncline::git
