#include "support/GitFixture.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace syncline::test {

QProcessEnvironment GitFixture::gitEnvironment() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Keep the user's and the system's configuration out of the tests.
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
    env.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Ada Lovelace"));
    env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("ada@example.com"));
    env.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Ada Lovelace"));
    env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("ada@example.com"));
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    return env;
}

GitFixture::GitFixture() : m_dir(std::make_unique<QTemporaryDir>()), m_path(m_dir->path()) {
    git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")});
    // A real user's repository has an identity; libgit2 reads it from here too.
    git({QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Ada Lovelace")});
    git({QStringLiteral("config"), QStringLiteral("user.email"), QStringLiteral("ada@example.com")});
}

GitFixture::GitFixture(const QString& existingDir) : m_path(existingDir) {}

int GitFixture::gitStatus(const QStringList& args, QString* output) const {
    QProcess process;
    process.setProcessEnvironment(gitEnvironment());
    process.setWorkingDirectory(m_path);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("git"), args);
    process.waitForFinished(-1);
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QString GitFixture::gitAt(qint64 epochSeconds, const QStringList& args) const { return runGit(args, {}, epochSeconds); }

QString GitFixture::git(const QStringList& args, const QByteArray& stdinData) const { return runGit(args, stdinData, -1); }

QString GitFixture::runGit(const QStringList& args, const QByteArray& stdinData, qint64 epochSeconds) const {
    QProcess process;
    QProcessEnvironment env = gitEnvironment();
    if (epochSeconds >= 0) {
        env.insert(QStringLiteral("GIT_AUTHOR_DATE"), QStringLiteral("@%1 +0000").arg(epochSeconds));
        env.insert(QStringLiteral("GIT_COMMITTER_DATE"), QStringLiteral("@%1 +0000").arg(epochSeconds));
    }
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_path);
    process.start(QStringLiteral("git"), args);
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    process.waitForFinished(-1);
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        QTest::qFail(qPrintable(QStringLiteral("git %1 failed: %2")
                                    .arg(args.join(QLatin1Char(' ')), QString::fromUtf8(process.readAllStandardError()))),
                     __FILE__, __LINE__);
        return {};
    }
    return out;
}

void GitFixture::writeFile(const QString& relative, const QByteArray& content) const {
    const QString full = filePath(relative);
    QDir().mkpath(QFileInfo(full).absolutePath());
    QFile file(full);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        QTest::qFail(qPrintable(QStringLiteral("cannot write ") + full), __FILE__, __LINE__);
    file.write(content);
}

void GitFixture::writeFolder(const QString& folder) const {
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int count = 0;
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            QTest::qFail(qPrintable(QStringLiteral("cannot read ") + file.fileName()), __FILE__, __LINE__);
        writeFile(QDir(folder).relativeFilePath(file.fileName()), file.readAll());
        ++count;
    }
    if (count == 0)
        QTest::qFail(qPrintable(QStringLiteral("no files in ") + folder), __FILE__, __LINE__);
}

void GitFixture::removeFile(const QString& relative) const { QFile::remove(filePath(relative)); }

QString GitFixture::commitAll(const QString& message, qint64 epochSeconds, const QString& author) {
    git({QStringLiteral("add"), QStringLiteral("-A")});
    const QString date = QStringLiteral("@%1 +0000").arg(epochSeconds);
    QProcessEnvironment env = gitEnvironment();
    env.insert(QStringLiteral("GIT_AUTHOR_DATE"), date);
    env.insert(QStringLiteral("GIT_COMMITTER_DATE"), date);
    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_path);
    process.start(QStringLiteral("git"), {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
                                          QStringLiteral("--author=") + author, QStringLiteral("-m"), message});
    process.waitForFinished(-1);
    if (process.exitCode() != 0)
        QTest::qFail(qPrintable(QStringLiteral("git commit failed: ") + QString::fromUtf8(process.readAllStandardError())),
                     __FILE__, __LINE__);
    return git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
}

void useScratchSettings(const QString& applicationName, const QString& directory) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SynclineTest"));
    QCoreApplication::setApplicationName(applicationName);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, directory);
}

std::shared_ptr<const git::Repository> openRepository(const QString& path) {
    auto repo = git::Repository::open(path);
    if (!repo)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(repo.error().toString()));
    return std::make_shared<const git::Repository>(std::move(*repo));
}

} // namespace syncline::test
