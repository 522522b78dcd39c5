#pragma once

#include "kube/KubeConfig.h"
#include "util/BoundedFile.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace syncline::kube {

// Exactly what one run of a kubeconfig exec credential plugin is. The user approves this
// value and only this value runs: its digest is what approvals store, so any change (an
// env entry added, other program bytes, another kubeconfig file or folder, another
// cluster) is a value nobody approved, and Syncline asks again.
struct ExecFingerprint {
    QString cluster;        // ClusterConnection::clusterKey(): context@server
    QString kubeconfigFile; // the kubeconfig file that defines the plugin (absolute)
    QString command;        // as written there
    QString program;        // the absolute path that runs, resolved once
    QString programSha256;  // hex SHA-256 of that file's content
    QStringList args;
    std::vector<std::pair<QString, QString>> env; // set over the inherited environment, in order
    QString workingDirectory;
    QString apiVersion;
    bool provideClusterInfo = false;
    // The file that was hashed (device, inode, size, times): checked again right before
    // exec so that what runs is what was hashed. Not part of the digest.
    util::BoundedFile::Identity programIdentity;

    // Resolves the program as kubectl does (a path with a '/' against the kubeconfig's
    // folder, a bare name through the absolute folders of $PATH) and hashes its content.
    // Not found, not a regular executable file or too large: an error naming it.
    static util::Result<ExecFingerprint> of(const ExecConfig& config, const QString& cluster);

    // Hex SHA-256 over every field but programIdentity: what approvals store.
    QString digest() const;
    // (label, value) in the order the dialog and the command line show them; control and
    // bidi characters escaped, so a hostile value cannot fake another line.
    std::vector<std::pair<QString, QString>> fields() const;
    // fields() as "Label: value" lines (continuation lines indented).
    QString toText() const;
    // Program and arguments, shell-quoted.
    QString commandLine() const;

    // The largest program file that is hashed (plugins are tens of MiB at most).
    static constexpr qint64 kMaxProgramBytes = qint64(512) * 1024 * 1024;
};

} // namespace syncline::kube
