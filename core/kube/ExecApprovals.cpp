#include "kube/ExecApprovals.h"

#include <QSettings>

#include <memory>

namespace syncline::kube {

namespace {

const QString kGroup = QStringLiteral("exec-plugin-approvals");

QString settingsKey(const ExecFingerprint& fingerprint) { return kGroup + QLatin1Char('/') + fingerprint.digest(); }

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

std::vector<ExecApprovals::Approval> SettingsExecApprovals::approvals() const {
    QMutexLocker lock(&m_mutex);
    auto settings = openSettings(m_file);
    settings->beginGroup(kGroup);
    std::vector<Approval> approved;
    for (const QString& digest : settings->childKeys()) {
        const QStringList named = settings->value(digest).toStringList();
        approved.push_back({digest, named.value(0), named.value(1)});
    }
    return approved;
}

void SettingsExecApprovals::revokeDigest(const QString& digest) {
    QMutexLocker lock(&m_mutex);
    auto settings = openSettings(m_file);
    settings->beginGroup(kGroup);
    settings->remove(digest);
    settings->endGroup();
    settings->sync();
}

} // namespace syncline::kube
