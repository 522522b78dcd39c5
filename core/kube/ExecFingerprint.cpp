#include "kube/ExecFingerprint.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QtEndian>

#include <sys/stat.h>
#include <unistd.h>

namespace syncline::kube {

namespace {

const QString where = QStringLiteral("exec credential plugin");

bool isExecutableFile(const QString& path) {
    const QByteArray native = QFile::encodeName(path);
    struct stat info {};
    return ::stat(native.constData(), &info) == 0 && S_ISREG(info.st_mode) && ::access(native.constData(), X_OK) == 0;
}

// As kubectl: a command with a '/' is a path, relative ones against the kubeconfig's
// folder; a bare name is looked up in $PATH. Relative $PATH entries ("", ".") are
// skipped, as Go's exec.LookPath refuses them: a repository's folder is not a search path.
util::Result<QString> resolveProgram(const ExecConfig& config) {
    if (config.command.contains(QLatin1Char('/')))
        return QDir::cleanPath(QDir(config.baseDir).absoluteFilePath(config.command));
    const QStringList folders = qEnvironmentVariable("PATH").split(QLatin1Char(':'));
    for (const QString& folder : folders) {
        if (folder.isEmpty() || QDir::isRelativePath(folder))
            continue;
        const QString candidate = QDir::cleanPath(folder + QLatin1Char('/') + config.command);
        if (isExecutableFile(candidate))
            return candidate;
    }
    const QString hint = config.installHint.trimmed();
    return util::fail(util::ErrorCode::NotFound,
                      QStringLiteral("the exec credential plugin '%1' is not installed (not in any folder of PATH)%2")
                          .arg(config.command, hint.isEmpty() ? QString() : QStringLiteral(": ") + hint),
                      where);
}

struct Hashed {
    QString sha256;
    util::BoundedFile::Identity identity;
};

util::Result<Hashed> hashProgram(const QString& program) {
    auto file = util::BoundedFile::open(program, ExecFingerprint::kMaxProgramBytes, QStringLiteral("exec plugin program"), where);
    if (!file)
        return util::fail(file.error());
    if (::access(QFile::encodeName(program).constData(), X_OK) != 0)
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("exec plugin program %1 is not executable").arg(program),
                          where);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (;;) {
        auto chunk = file->readChunk(1024 * 1024);
        if (!chunk)
            return util::fail(chunk.error());
        if (chunk->isEmpty())
            break;
        hash.addData(*chunk);
    }
    auto after = file->currentIdentity();
    if (!after)
        return util::fail(after.error());
    if (*after != file->identity())
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("exec plugin program %1 changed while it was read").arg(program), where);
    return Hashed{QString::fromLatin1(hash.result().toHex()), file->identity()};
}

// Control characters and bidi overrides escaped: a value cannot fake another line, or
// show text in another order than it is.
QString visible(const QString& text) {
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool hidden =
            u < 0x20 || u == 0x7f || u == 0x200e || u == 0x200f || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
        if (hidden)
            out += QStringLiteral("\\u{%1}").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

void addField(QCryptographicHash& hash, const QString& text) {
    const QByteArray bytes = text.toUtf8();
    const quint64 length = qToLittleEndian(quint64(bytes.size()));
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(&length), sizeof length));
    hash.addData(bytes);
}

} // namespace

util::Result<ExecFingerprint> ExecFingerprint::of(const ExecConfig& config, const QString& cluster) {
    auto program = resolveProgram(config);
    if (!program)
        return util::fail(program.error());
    auto hashed = hashProgram(*program);
    if (!hashed)
        return util::fail(hashed.error());
    ExecFingerprint fingerprint;
    fingerprint.cluster = cluster;
    fingerprint.kubeconfigFile = config.sourceFile;
    fingerprint.command = config.command;
    fingerprint.program = *program;
    fingerprint.programSha256 = hashed->sha256;
    fingerprint.args = config.args;
    fingerprint.env = config.env;
    fingerprint.workingDirectory = QDir::cleanPath(QDir(config.baseDir).absolutePath());
    fingerprint.apiVersion = config.apiVersion;
    fingerprint.provideClusterInfo = config.provideClusterInfo;
    fingerprint.programIdentity = hashed->identity;
    return fingerprint;
}

QString ExecFingerprint::digest() const {
    // Every field length-prefixed, so no two different values share an encoding.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& field : {QStringLiteral("syncline exec approval v1"), cluster, kubeconfigFile, command, program,
                                 programSha256, QString::number(args.size())})
        addField(hash, field);
    for (const QString& arg : args)
        addField(hash, arg);
    addField(hash, QString::number(env.size()));
    for (const auto& [name, value] : env) {
        addField(hash, name);
        addField(hash, value);
    }
    for (const QString& field : {workingDirectory, apiVersion, provideClusterInfo ? QStringLiteral("1") : QStringLiteral("0")})
        addField(hash, field);
    return QString::fromLatin1(hash.result().toHex());
}

QString ExecFingerprint::commandLine() const {
    QStringList words{shellQuote(program)};
    for (const QString& arg : args)
        words << shellQuote(arg);
    return words.join(QLatin1Char(' '));
}

std::vector<std::pair<QString, QString>> ExecFingerprint::fields() const {
    std::vector<std::pair<QString, QString>> rows;
    rows.emplace_back(QStringLiteral("Cluster"), visible(cluster));
    rows.emplace_back(QStringLiteral("Kubeconfig"),
                      kubeconfigFile.isEmpty() ? QStringLiteral("(none)") : visible(kubeconfigFile));
    rows.emplace_back(QStringLiteral("Program"), visible(program));
    if (command != program)
        rows.emplace_back(QStringLiteral("Written as"), visible(command));
    rows.emplace_back(QStringLiteral("SHA-256"), programSha256);
    QStringList quoted;
    for (const QString& arg : args)
        quoted << visible(shellQuote(arg));
    rows.emplace_back(QStringLiteral("Arguments"), quoted.isEmpty() ? QStringLiteral("(none)") : quoted.join(QLatin1Char(' ')));
    QStringList variables;
    for (const auto& [name, value] : env)
        variables << visible(name) + QLatin1Char('=') + visible(value);
    rows.emplace_back(QStringLiteral("Environment"),
                      variables.isEmpty() ? QStringLiteral("(nothing added to yours)") : variables.join(QLatin1Char('\n')));
    rows.emplace_back(QStringLiteral("Working directory"), visible(workingDirectory));
    rows.emplace_back(QStringLiteral("Protocol"),
                      visible(apiVersion) +
                          (provideClusterInfo ? QStringLiteral(", given the cluster's server and CA") : QString()));
    return rows;
}

QString ExecFingerprint::toText() const {
    QStringList lines;
    for (const auto& [label, value] : fields()) {
        const QString head = label + QStringLiteral(": ");
        const QStringList parts = value.split(QLatin1Char('\n'));
        lines << head + parts.first();
        for (qsizetype i = 1; i < parts.size(); ++i)
            lines << QString(head.size(), QLatin1Char(' ')) + parts.at(i);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace syncline::kube
