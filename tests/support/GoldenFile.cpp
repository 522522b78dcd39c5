#include "support/GoldenFile.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace syncline::test {

namespace {

const char* const kRegenerate = "bash scripts/regenerate-golden.sh";

bool regenerating() { return qEnvironmentVariable("SYNCLINE_REGENERATE_GOLDEN") == QLatin1String("1"); }

// "Client Version: v1.32.3": named in a stale file's message, so the reader knows which
// kubectl disagrees with the one recorded in tests/data/golden/kubectl-version.txt.
QString kubectlVersion(const QString& kubectl) {
    QProcess process;
    process.start(kubectl, {QStringLiteral("version"), QStringLiteral("--client")});
    if (!process.waitForFinished(30000))
        return QStringLiteral("version unknown");
    return QString::fromUtf8(process.readAllStandardOutput()).section(QLatin1Char('\n'), 0, 0);
}

// Line number and both lines where `a` and `b` first differ, for a readable failure.
QString firstDifference(const QByteArray& golden, const QByteArray& live) {
    const QList<QByteArray> g = golden.split('\n'), l = live.split('\n');
    for (qsizetype i = 0; i < std::max(g.size(), l.size()); ++i) {
        const QByteArray gl = i < g.size() ? g[i] : QByteArray("<end>");
        const QByteArray ll = i < l.size() ? l[i] : QByteArray("<end>");
        if (gl != ll)
            return QStringLiteral("first difference at line %1:\n  golden:  %2\n  kubectl: %3")
                .arg(i + 1)
                .arg(QString::fromUtf8(gl), QString::fromUtf8(ll));
    }
    return {};
}

} // namespace

QString liveKubectl() { return QStandardPaths::findExecutable(QStringLiteral("kubectl")); }

GoldenFile::GoldenFile(const QString& relative)
    : m_relative(QStringLiteral("tests/data/golden/") + relative),
      m_path(qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QLatin1Char('/') + m_relative) {}

QString GoldenFile::fileNameOf(const QString& rowName) {
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]"));
    return QString(rowName).replace(unsafe, QStringLiteral("-"));
}

GoldenFile::Expected GoldenFile::expected(const std::optional<QByteArray>& live) const {
    if (qEnvironmentVariable("SYNCLINE_SOURCE_DIR").isEmpty())
        return {{}, QStringLiteral("SYNCLINE_SOURCE_DIR is not set: run the tests through ctest")};
    if (regenerating()) {
        if (!live)
            return {{}, QStringLiteral("SYNCLINE_REGENERATE_GOLDEN=1 needs kubectl on PATH")};
        QFile out(m_path);
        if (!out.open(QIODevice::WriteOnly) || out.write(*live) != live->size())
            return {{}, QStringLiteral("cannot write %1: %2").arg(m_path, out.errorString())};
    }
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, QStringLiteral("%1 is missing: run `%2` (needs kubectl)").arg(m_relative, QLatin1String(kRegenerate))};
    const QByteArray golden = file.readAll();
    if (live && *live != golden)
        return {golden, QStringLiteral("%1 is stale: %2 (%3) prints something else; review the difference and run `%4`\n%5")
                            .arg(m_relative, liveKubectl(), kubectlVersion(liveKubectl()), QLatin1String(kRegenerate),
                                 firstDifference(golden, *live))};
    return {golden, {}};
}

} // namespace syncline::test
