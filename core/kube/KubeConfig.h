#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace syncline::kube {

// `word` quoted for a POSIX shell when it needs to be ("a b" → 'a b').
QString shellQuote(const QString& word);

// users[].user.exec: a credential plugin (client.authentication.k8s.io/v1 or v1beta1).
struct ExecConfig {
    QString apiVersion;
    QString command; // as written; a relative path with a '/' resolves against baseDir
    QStringList args;
    std::vector<std::pair<QString, QString>> env;
    QString installHint;
    QString interactiveMode; // Never | IfAvailable | Always (Syncline never has a terminal)
    bool provideClusterInfo = false;
    QString baseDir;    // folder of the kubeconfig file that defined it
    QString sourceFile; // that file

    // The command line the user approves: command and arguments, shell-quoted.
    QString commandLine() const;
    bool operator==(const ExecConfig&) const = default;
};

struct KubeCluster {
    QString name;
    QString server;
    QString certificateAuthority;        // absolute path (resolved against the file's folder)
    QByteArray certificateAuthorityData; // decoded PEM
    QString tlsServerName;
    bool insecureSkipTlsVerify = false;
    QString sourceFile; // the kubeconfig file that defined it
};

struct KubeUser {
    QString name;
    QString clientCertificate; // absolute path
    QByteArray clientCertificateData;
    QString clientKey; // absolute path
    QByteArray clientKeyData;
    QString token;
    QString tokenFile; // absolute path
    std::optional<ExecConfig> exec;
    QString sourceFile;
};

struct KubeContext {
    QString name;
    QString cluster;
    QString user;
    QString namespaceName;
    QString sourceFile;
};

// A kubeconfig as kubectl reads it: several files merged in order, where the first file
// that sets a map entry (cluster, user, context by name) or current-context wins.
// Relative file paths resolve against the folder of the file that names them.
class KubeConfig {
public:
    QStringList files; // the files read, in merge order
    QString currentContext;
    std::map<QString, KubeCluster> clusters;
    std::map<QString, KubeUser> users;
    std::map<QString, KubeContext> contexts;

    // A kubeconfig file is read only when it is a regular file of at most this size.
    static constexpr qint64 kMaxFileBytes = qint64(4) * 1024 * 1024;

    // `path` non-empty: that one file (missing → NotFound naming it). Empty: $KUBECONFIG
    // (a list separated by ':'; missing entries are skipped like kubectl does, but at least
    // one must exist), else ~/.kube/config.
    static util::Result<KubeConfig> load(const QString& path = {});
    // Several files merged in order; every file must exist.
    static util::Result<KubeConfig> loadFiles(const QStringList& files);
    // One file's text; `sourcePath` names it in errors and anchors relative paths.
    static util::Result<KubeConfig> parse(const QByteArray& yaml, const QString& sourcePath);

    // Merges `later` under this one (entries already here win).
    void mergeFrom(const KubeConfig& later);

    // The context called `name` (empty: current-context), or an error naming the files
    // and the contexts there are.
    util::Result<KubeContext> context(const QString& name = {}) const;
    QString describeFiles() const;
};

} // namespace syncline::kube
