#include "kube/ExecApprovals.h"

#include <QSettings>

#include <memory>

namespace syncline::kube {

namespace {

// QSettings keys cannot hold '/' or '\\' freely: the cluster key goes in hex.
QString settingsKey(const QString& clusterKey) {
    return QStringLiteral("exec-approvals/") + QString::fromLatin1(clusterKey.toUtf8().toHex());
}

std::unique_ptr<QSettings> openSettings(const QString& file) {
    if (file.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

} // namespace

bool InMemoryExecApprovals::isApproved(const QString& clusterKey, const QString& commandLine) const {
    QMutexLocker lock(&m_mutex);
    auto found = m_approved.constFind(clusterKey);
    return found != m_approved.constEnd() && *found == commandLine;
}

void InMemoryExecApprovals::approve(const QString& clusterKey, const QString& commandLine) {
    QMutexLocker lock(&m_mutex);
    m_approved.insert(clusterKey, commandLine);
}

void InMemoryExecApprovals::revoke(const QString& clusterKey) {
    QMutexLocker lock(&m_mutex);
    m_approved.remove(clusterKey);
}

bool SettingsExecApprovals::isApproved(const QString& clusterKey, const QString& commandLine) const {
    QMutexLocker lock(&m_mutex);
    auto settings = openSettings(m_file);
    return settings->value(settingsKey(clusterKey)).toString() == commandLine && !commandLine.isEmpty();
}

void SettingsExecApprovals::approve(const QString& clusterKey, const QString& commandLine) {
    QMutexLocker lock(&m_mutex);
    auto settings = openSettings(m_file);
    settings->setValue(settingsKey(clusterKey), commandLine);
    settings->sync();
}

void SettingsExecApprovals::revoke(const QString& clusterKey) {
    QMutexLocker lock(&m_mutex);
    auto settings = openSettings(m_file);
    settings->remove(settingsKey(clusterKey));
    settings->sync();
}

} // namespace syncline::kube
