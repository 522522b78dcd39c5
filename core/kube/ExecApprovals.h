#pragma once

#include "kube/ExecFingerprint.h"

#include <QMutex>
#include <QSet>
#include <QString>

#include <vector>

namespace syncline::kube {

// Which kubeconfig exec credential plugin runs the user allowed: exact ExecFingerprints
// (cluster, kubeconfig file, resolved program and its SHA-256, args, env, working
// directory), remembered by digest. Anything else is not approved. Thread-safe.
class ExecApprovals {
public:
    // One approval as the user reviews it (Settings ▸ Clusters): its digest, and the
    // cluster and program it was given for, when the store kept them.
    struct Approval {
        QString digest;
        QString cluster;
        QString program;
    };

    virtual ~ExecApprovals() = default;
    virtual bool isApproved(const ExecFingerprint& fingerprint) const = 0;
    virtual void approve(const ExecFingerprint& fingerprint) = 0;
    virtual void revoke(const ExecFingerprint& fingerprint) = 0;
    // What is approved, and taking one back by its digest; stores that cannot list say none.
    virtual std::vector<Approval> approvals() const { return {}; }
    virtual void revokeDigest(const QString& digest) { (void)digest; }
};

// Forgotten when the process ends: for tests and one-off CLI runs.
class InMemoryExecApprovals : public ExecApprovals {
public:
    bool isApproved(const ExecFingerprint& fingerprint) const override;
    void approve(const ExecFingerprint& fingerprint) override;
    void revoke(const ExecFingerprint& fingerprint) override;

private:
    mutable QMutex m_mutex;
    QSet<QString> m_digests;
};

// Remembered in QSettings, group "exec-plugin-approvals" (of the application's default
// settings unless a file is given): one key per approved digest, whose value names the
// cluster and program for a person reading the file (never args or env: they may hold
// secrets). Approvals of older versions (a command line per cluster) are not read.
class SettingsExecApprovals : public ExecApprovals {
public:
    SettingsExecApprovals() = default;
    explicit SettingsExecApprovals(QString settingsFile) : m_file(std::move(settingsFile)) {}

    bool isApproved(const ExecFingerprint& fingerprint) const override;
    void approve(const ExecFingerprint& fingerprint) override;
    void revoke(const ExecFingerprint& fingerprint) override;
    std::vector<Approval> approvals() const override;
    void revokeDigest(const QString& digest) override;

private:
    QString m_file;
    mutable QMutex m_mutex;
};

} // namespace syncline::kube
