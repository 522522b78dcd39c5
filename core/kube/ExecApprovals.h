#pragma once

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>

namespace syncline::kube {

// Which kubeconfig exec credential plugins the user allowed to run: an exact command line
// for one cluster (ClusterConnection::clusterKey()). Implementations are thread-safe.
class ExecApprovals {
public:
    virtual ~ExecApprovals() = default;
    virtual bool isApproved(const QString& clusterKey, const QString& commandLine) const = 0;
    virtual void approve(const QString& clusterKey, const QString& commandLine) = 0;
    virtual void revoke(const QString& clusterKey) = 0;
};

// Forgotten when the process ends: for tests and one-off CLI runs.
class InMemoryExecApprovals : public ExecApprovals {
public:
    bool isApproved(const QString& clusterKey, const QString& commandLine) const override;
    void approve(const QString& clusterKey, const QString& commandLine) override;
    void revoke(const QString& clusterKey) override;

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_approved; // clusterKey → command line
};

// Remembered in QSettings, group "exec-approvals" (of the application's default settings
// unless a file is given).
class SettingsExecApprovals : public ExecApprovals {
public:
    SettingsExecApprovals() = default;
    explicit SettingsExecApprovals(QString settingsFile) : m_file(std::move(settingsFile)) {}

    bool isApproved(const QString& clusterKey, const QString& commandLine) const override;
    void approve(const QString& clusterKey, const QString& commandLine) override;
    void revoke(const QString& clusterKey) override;

private:
    QString m_file;
    mutable QMutex m_mutex;
};

} // namespace syncline::kube
