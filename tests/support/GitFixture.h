#pragma once

#include "git/Repository.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace syncline::test {

// A scratch repository driven by the real git CLI: the independent check of what
// libgit2-based code should see. Commits get deterministic identities and dates.
class GitFixture {
public:
    GitFixture();
    explicit GitFixture(const QString& existingDir); // wraps a folder created elsewhere

    QString path() const { return m_path; }
    QString filePath(const QString& relative) const { return m_path + QLatin1Char('/') + relative; }

    // Runs git in the repository; fails the current test (QFAIL-like, via qFatal-free
    // QTest::qFail) and returns an empty string when git exits non-zero.
    QString git(const QStringList& args, const QByteArray& stdinData = {}) const;
    // Runs git with author and committer dates set to `epochSeconds` (merges, amends).
    QString gitAt(qint64 epochSeconds, const QStringList& args) const;
    // Same, but returns the exit code and keeps going on failure.
    int gitStatus(const QStringList& args, QString* output = nullptr) const;

    void writeFile(const QString& relative, const QByteArray& content) const;
    // Copies every file below `folder` (hidden ones too) into the working tree at the same
    // relative paths; fails the test when the folder holds no file or one cannot be read.
    void writeFolder(const QString& folder) const;
    void removeFile(const QString& relative) const;
    // Stages everything and commits with the given message at `epochSeconds` (author and
    // committer date). Returns the new commit id.
    QString commitAll(const QString& message, qint64 epochSeconds,
                      const QString& author = QStringLiteral("Ada Lovelace <ada@example.com>"));

    static QProcessEnvironment gitEnvironment();

private:
    QString runGit(const QStringList& args, const QByteArray& stdinData, qint64 epochSeconds) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

// Opens a repository the test itself built; a failure is a broken test, so it aborts
// with libgit2's message instead of returning an error.
std::shared_ptr<const git::Repository> openRepository(const QString& path);

// Points QSettings (and QStandardPaths) of this test process at `directory`, so window
// state and recent lists never touch the user's own settings.
void useScratchSettings(const QString& applicationName, const QString& directory);

} // namespace syncline::test
