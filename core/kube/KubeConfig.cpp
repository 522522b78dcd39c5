#include "kube/KubeConfig.h"

#include "util/BoundedFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <yaml-cpp/yaml.h>

namespace syncline::kube {

namespace {

QString fromStd(const std::string& text) { return QString::fromStdString(text); }

} // namespace

QString shellQuote(const QString& word) {
    if (word.isEmpty())
        return QStringLiteral("''");
    static const QString safe = QStringLiteral("@%+=:,./-_");
    bool plain = true;
    for (QChar c : word) {
        if (!(c.isLetterOrNumber() || safe.contains(c))) {
            plain = false;
            break;
        }
    }
    if (plain)
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

namespace {

class FileParser {
public:
    FileParser(QString sourcePath) : m_source(std::move(sourcePath)) {
        m_baseDir = m_source.isEmpty() ? QDir::currentPath() : QFileInfo(m_source).absolutePath();
    }

    util::Result<KubeConfig> parse(const QByteArray& text) {
        KubeConfig config;
        if (!m_source.isEmpty())
            config.files << m_source;
        YAML::Node root;
        try {
            root = YAML::Load(text.toStdString());
        } catch (const YAML::Exception& e) {
            return util::fail(util::ErrorCode::Invalid, QStringLiteral("not a valid kubeconfig: %1").arg(fromStd(e.what())),
                              m_source);
        }
        if (!root || root.IsNull())
            return config; // an empty file is an empty config, as for kubectl
        if (!root.IsMap())
            return util::fail(util::ErrorCode::Invalid, QStringLiteral("not a valid kubeconfig: the top level is not a map"),
                              m_source);
        try {
            config.currentContext = scalar(root, "current-context");
            if (auto failure = readList(root, "clusters", "cluster", [&](const QString& name, const YAML::Node& body) {
                    return readCluster(config, name, body);
                }))
                return util::fail(*failure);
            if (auto failure = readList(root, "users", "user", [&](const QString& name, const YAML::Node& body) {
                    return readUser(config, name, body);
                }))
                return util::fail(*failure);
            if (auto failure = readList(root, "contexts", "context", [&](const QString& name, const YAML::Node& body) {
                    KubeContext context;
                    context.name = name;
                    context.cluster = scalar(body, "cluster");
                    context.user = scalar(body, "user");
                    context.namespaceName = scalar(body, "namespace");
                    context.sourceFile = m_source;
                    config.contexts.emplace(name, context);
                    return std::optional<util::Error>();
                }))
                return util::fail(*failure);
        } catch (const YAML::Exception& e) {
            return util::fail(util::ErrorCode::Invalid, QStringLiteral("not a valid kubeconfig: %1").arg(fromStd(e.what())),
                              m_source);
        }
        return config;
    }

private:
    QString m_source;
    QString m_baseDir;

    util::Error problem(const QString& message) const { return util::makeError(util::ErrorCode::Invalid, message, m_source); }

    static QString scalar(const YAML::Node& node, const char* key) {
        if (!node.IsMap())
            return {};
        const YAML::Node value = node[key];
        if (!value || !value.IsScalar())
            return {};
        return fromStd(value.as<std::string>());
    }

    static bool boolean(const YAML::Node& node, const char* key) {
        const QString text = scalar(node, key).toLower();
        return text == QLatin1String("true") || text == QLatin1String("yes") || text == QLatin1String("on");
    }

    QString path(const YAML::Node& node, const char* key) const {
        const QString value = scalar(node, key);
        if (value.isEmpty())
            return {};
        QString expanded = value;
        if (expanded.startsWith(QLatin1String("~/")))
            expanded = QDir::homePath() + expanded.mid(1);
        return QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(expanded));
    }

    std::optional<util::Error> data(const YAML::Node& node, const char* key, const QString& owner, QByteArray* out) const {
        const QString value = scalar(node, key);
        if (value.isEmpty())
            return std::nullopt;
        auto decoded = QByteArray::fromBase64Encoding(value.toLatin1().trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return problem(QStringLiteral("%1: %2 is not valid base64").arg(owner, QLatin1String(key)));
        *out = *decoded;
        return std::nullopt;
    }

    template <typename Fn>
    std::optional<util::Error> readList(const YAML::Node& root, const char* listKey, const char* bodyKey, Fn&& fn) const {
        const YAML::Node list = root[listKey];
        if (!list || list.IsNull())
            return std::nullopt;
        if (!list.IsSequence())
            return problem(QStringLiteral("'%1' is not a list").arg(QLatin1String(listKey)));
        for (const YAML::Node& entry : list) {
            const QString name = scalar(entry, "name");
            if (name.isEmpty())
                return problem(QStringLiteral("an entry of '%1' has no name").arg(QLatin1String(listKey)));
            const YAML::Node body = entry[bodyKey];
            if (auto failure = fn(name, body && body.IsMap() ? body : YAML::Node(YAML::NodeType::Map)))
                return failure;
        }
        return std::nullopt;
    }

    std::optional<util::Error> readCluster(KubeConfig& config, const QString& name, const YAML::Node& body) const {
        if (config.clusters.count(name))
            return std::nullopt; // within one file the first entry wins too
        KubeCluster cluster;
        cluster.name = name;
        cluster.server = scalar(body, "server");
        cluster.certificateAuthority = path(body, "certificate-authority");
        if (auto failure = data(body, "certificate-authority-data", QStringLiteral("cluster '%1'").arg(name),
                                &cluster.certificateAuthorityData))
            return failure;
        cluster.tlsServerName = scalar(body, "tls-server-name");
        cluster.insecureSkipTlsVerify = boolean(body, "insecure-skip-tls-verify");
        cluster.sourceFile = m_source;
        config.clusters.emplace(name, cluster);
        return std::nullopt;
    }

    std::optional<util::Error> readUser(KubeConfig& config, const QString& name, const YAML::Node& body) const {
        if (config.users.count(name))
            return std::nullopt;
        KubeUser user;
        user.name = name;
        const QString owner = QStringLiteral("user '%1'").arg(name);
        user.clientCertificate = path(body, "client-certificate");
        if (auto failure = data(body, "client-certificate-data", owner, &user.clientCertificateData))
            return failure;
        user.clientKey = path(body, "client-key");
        if (auto failure = data(body, "client-key-data", owner, &user.clientKeyData))
            return failure;
        user.token = scalar(body, "token");
        user.tokenFile = path(body, "tokenFile");
        user.sourceFile = m_source;
        const YAML::Node exec = body["exec"];
        if (exec && exec.IsMap()) {
            ExecConfig plugin;
            plugin.apiVersion = scalar(exec, "apiVersion");
            plugin.command = scalar(exec, "command");
            plugin.installHint = scalar(exec, "installHint");
            plugin.interactiveMode = scalar(exec, "interactiveMode");
            plugin.provideClusterInfo = boolean(exec, "provideClusterInfo");
            plugin.baseDir = m_baseDir;
            plugin.sourceFile = m_source;
            if (plugin.command.isEmpty())
                return problem(QStringLiteral("%1: exec has no command").arg(owner));
            static const QStringList known = {QStringLiteral("client.authentication.k8s.io/v1"),
                                              QStringLiteral("client.authentication.k8s.io/v1beta1")};
            if (!known.contains(plugin.apiVersion))
                return problem(QStringLiteral("%1: exec apiVersion '%2' is not supported (use %3)")
                                   .arg(owner, plugin.apiVersion, known.join(QStringLiteral(" or "))));
            if (const YAML::Node args = exec["args"]; args && args.IsSequence())
                for (const YAML::Node& arg : args)
                    plugin.args << fromStd(arg.as<std::string>());
            if (const YAML::Node env = exec["env"]; env && env.IsSequence())
                for (const YAML::Node& entry : env)
                    plugin.env.emplace_back(scalar(entry, "name"), scalar(entry, "value"));
            user.exec = plugin;
        }
        config.users.emplace(name, user);
        return std::nullopt;
    }
};

util::Result<KubeConfig> readFile(const QString& path) {
    // A regular file under the cap: a kubeconfig named by a repository may be /dev/zero.
    const QString absolute = QFileInfo(path).absoluteFilePath();
    auto text = util::BoundedFile::read(absolute, KubeConfig::kMaxFileBytes, QStringLiteral("kubeconfig file"));
    if (!text)
        return util::fail(text.error());
    return KubeConfig::parse(*text, absolute);
}

} // namespace

QString ExecConfig::commandLine() const {
    QStringList words{shellQuote(command)};
    for (const QString& arg : args)
        words << shellQuote(arg);
    return words.join(QLatin1Char(' '));
}

util::Result<KubeConfig> KubeConfig::parse(const QByteArray& yaml, const QString& sourcePath) {
    return FileParser(sourcePath).parse(yaml);
}

void KubeConfig::mergeFrom(const KubeConfig& later) {
    files << later.files;
    if (currentContext.isEmpty())
        currentContext = later.currentContext;
    for (const auto& [name, value] : later.clusters)
        clusters.emplace(name, value);
    for (const auto& [name, value] : later.users)
        users.emplace(name, value);
    for (const auto& [name, value] : later.contexts)
        contexts.emplace(name, value);
}

util::Result<KubeConfig> KubeConfig::loadFiles(const QStringList& paths) {
    KubeConfig merged;
    for (const QString& path : paths) {
        auto one = readFile(path);
        if (!one)
            return util::fail(one.error());
        merged.mergeFrom(*one);
    }
    return merged;
}

util::Result<KubeConfig> KubeConfig::load(const QString& path) {
    if (!path.isEmpty())
        return loadFiles({path});
    const QString variable = QProcessEnvironment::systemEnvironment().value(QStringLiteral("KUBECONFIG"));
    if (!variable.isEmpty()) {
        QStringList existing;
        const QStringList listed = variable.split(QLatin1Char(':'), Qt::SkipEmptyParts);
        for (const QString& entry : listed)
            if (QFileInfo::exists(entry) && !existing.contains(entry))
                existing << entry;
        if (existing.isEmpty())
            return util::fail(
                util::ErrorCode::NotFound,
                QStringLiteral("none of the kubeconfig files in KUBECONFIG exists: %1").arg(listed.join(QStringLiteral(", "))),
                QStringLiteral("KUBECONFIG"));
        return loadFiles(existing);
    }
    return loadFiles({QDir::homePath() + QStringLiteral("/.kube/config")});
}

QString KubeConfig::describeFiles() const {
    return files.isEmpty() ? QStringLiteral("(no file)") : files.join(QStringLiteral(", "));
}

util::Result<KubeContext> KubeConfig::context(const QString& name) const {
    const QString wanted = name.isEmpty() ? currentContext : name;
    if (wanted.isEmpty())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no context given and no current-context is set"),
                          describeFiles());
    auto found = contexts.find(wanted);
    if (found == contexts.end()) {
        QStringList names;
        for (const auto& entry : contexts)
            names << entry.first;
        return util::fail(util::ErrorCode::NotFound,
                          QStringLiteral("context '%1' not found (contexts: %2)")
                              .arg(wanted, names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))),
                          describeFiles());
    }
    return found->second;
}

} // namespace syncline::kube
