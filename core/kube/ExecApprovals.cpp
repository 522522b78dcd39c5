#include "kube/ExecApprovals.h"

#include <QSettings>

#include <memory>

namespace syncline::kube {

namespace {

QString settingsKey(const ExecFingerprint& fingerprint) {
    return QStringLiteral("exec-plugin-approvals/") + fingerprint.digest();
}

std::unique_ptr<QSettings> openSettings(const QString& file) {
    if (file.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

} // namespace

bool InMemoryExecApprovals::isApproved(const ExecFingerprint& fingerprint) const {
    QMutexLocker lock(&m_mutex);
    return m_digests.contains(fingerprint.digest());
}

void InMemoryExecApprovals::approve(const ExecFingerprint& fingerprint) {
    QMutexLocker lock(&m_mutex);
    m_digests.insert(fingerprint.digest());
}

void InMemoryExecApprovals::revoke(const ExecFingerprint& fingerprint) {
    QMutexLocker lock(&m_mutex);
    m_digests.remove(fingerprint.digest());
}

bool SettingsExecApprovals::isApproved(const ExecFingerprint& fingerprint) const {
    QMutexLocker lock(&m_mutex);
    auto settings = openSettings(m_file);
    return settings->contains(settingsKey(fingerprint));
}

void SettingsExecApprovals::approve(const ExecFingerprint& fingerprint) {
    QMutexLocker lock(&m_mutex);
    auto settings = openSettings(m_file);
    settings->setValue(settingsKey(fingerprint), QStringList{fingerprint.cluster, fingerprint.program});
    settings->sync();
}

void SettingsExecApprovals::revoke(const ExecFingerprint& fingerprint) {
    QMutexLocker lock(&m_mutex);
    auto settings = openSettings(m_file);
    settings->remove(settingsKey(fingerprint));
    settings->sync();
}

} // namespace syncline::kube
