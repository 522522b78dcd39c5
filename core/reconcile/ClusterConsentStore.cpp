#include "reconcile/ClusterConsentStore.h"

#include "git/Remote.h"
#include "git/Repository.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

namespace syncline::reconcile {

namespace {

// One group per (repository, environment): a hash, since QSettings keys cannot hold every
// character a path or URL has. The readable values are stored inside and checked on read.
QString groupOf(const QString& repository, const QString& environment) {
    const QByteArray id = repository.toUtf8() + '\0' + environment.toUtf8();
    return QStringLiteral("cluster-consent/") +
           QString::fromLatin1(QCryptographicHash::hash(id, QCryptographicHash::Sha256).toHex().left(40));
}

QString canonicalPath(const QString& path) {
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

} // namespace

ClusterConsentStore::ClusterConsentStore() : m_file(defaultFile()) {}

ClusterConsentStore::ClusterConsentStore(QString settingsFile) : m_file(std::move(settingsFile)) {}

QString ClusterConsentStore::defaultFile() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/syncline/cluster-consent.conf");
}

QString ClusterConsentStore::withoutUserInfo(const QString& url) {
    if (url.contains(QLatin1String("://")))
        return QUrl(url).toString(QUrl::RemoveUserInfo);
    // scp-like "user@host:path": the part before '@' is user-info too.
    const qsizetype at = url.indexOf(QLatin1Char('@'));
    const qsizetype colon = url.indexOf(QLatin1Char(':'));
    if (at > 0 && colon > at && !url.left(at).contains(QLatin1Char('/')))
        return url.mid(at + 1);
    return url;
}

QString ClusterConsentStore::repositoryKey(const QString& originUrl, const QString& workspaceRoot) {
    const QString remote = originUrl.isEmpty() ? QStringLiteral("(no origin)") : withoutUserInfo(originUrl);
    return remote + QLatin1Char(' ') + canonicalPath(workspaceRoot);
}

QString ClusterConsentStore::repositoryKeyOf(const QString& workspaceRoot) {
    QString origin;
    if (auto repository = git::Repository::open(workspaceRoot)) {
        if (auto remote = git::Remote::lookup(*repository, QStringLiteral("origin")))
            origin = remote->url();
    }
    return repositoryKey(origin, workspaceRoot);
}

std::optional<ClusterConsent> ClusterConsentStore::recorded(const QString& repository, const QString& environment) const {
    QMutexLocker lock(&m_mutex);
    const auto& records = recordsLocked();
    const auto found = records.find(groupOf(repository, environment));
    if (found == records.end() || found->second.repository != repository || found->second.environment != environment)
        return std::nullopt;
    return found->second.consent;
}

ClusterConsentStore::Stamp ClusterConsentStore::stampOf(const QString& file) {
    std::error_code error;
    const std::filesystem::path path = file.toStdString();
    Stamp stamp;
    stamp.modified = std::filesystem::last_write_time(path, error);
    if (error)
        return {};
    stamp.size = std::filesystem::file_size(path, error);
    stamp.exists = !error;
    return stamp;
}

// Every record of the file; a damaged one (no server or CA fingerprint) is left out: it
// trusts nothing.
std::map<QString, ClusterConsentStore::Record> ClusterConsentStore::readRecords(const QString& file) {
    std::map<QString, Record> records;
    QSettings settings(file, QSettings::IniFormat);
    settings.beginGroup(QStringLiteral("cluster-consent"));
    for (const QString& group : settings.childGroups()) {
        settings.beginGroup(group);
        Record record;
        record.repository = settings.value(QStringLiteral("repository")).toString();
        record.environment = settings.value(QStringLiteral("environment")).toString();
        ClusterConsent& consent = record.consent;
        consent.kubeconfigFile = settings.value(QStringLiteral("kubeconfig")).toString();
        consent.context = settings.value(QStringLiteral("context")).toString();
        consent.server = settings.value(QStringLiteral("server")).toString();
        consent.caFingerprint = settings.value(QStringLiteral("ca")).toString();
        consent.allowAutoSync = settings.value(QStringLiteral("allowAutoSync")).toBool();
        consent.allowPrune = settings.value(QStringLiteral("allowPrune")).toBool();
        settings.endGroup();
        if (!consent.server.isEmpty() && !consent.caFingerprint.isEmpty())
            records.emplace(QStringLiteral("cluster-consent/") + group, std::move(record));
    }
    return records;
}

// The stamp is taken before reading: a write in between is read now and again next time.
const std::map<QString, ClusterConsentStore::Record>& ClusterConsentStore::recordsLocked() const {
    const Stamp now = stampOf(m_file);
    if (!m_cache || !(m_cache->stamp == now) || !now.exists)
        m_cache = Cache{now, readRecords(m_file)};
    return m_cache->records;
}

bool ClusterConsentStore::trusts(const QString& repository, const QString& environment, const ClusterConsent& current) const {
    const auto consent = recorded(repository, environment);
    return consent && consent->sameCluster(current);
}

void ClusterConsentStore::record(const QString& repository, const QString& environment, const ClusterConsent& consent) {
    QMutexLocker lock(&m_mutex);
    QSettings settings(m_file, QSettings::IniFormat);
    settings.beginGroup(groupOf(repository, environment));
    settings.remove(QString());
    settings.setValue(QStringLiteral("repository"), repository);
    settings.setValue(QStringLiteral("environment"), environment);
    settings.setValue(QStringLiteral("kubeconfig"), consent.kubeconfigFile);
    settings.setValue(QStringLiteral("context"), consent.context);
    settings.setValue(QStringLiteral("server"), consent.server);
    settings.setValue(QStringLiteral("ca"), consent.caFingerprint);
    settings.setValue(QStringLiteral("allowAutoSync"), consent.allowAutoSync);
    settings.setValue(QStringLiteral("allowPrune"), consent.allowPrune);
    settings.setValue(QStringLiteral("trustedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    settings.endGroup();
    settings.sync();
    m_cache.reset();
}

void ClusterConsentStore::forget(const QString& repository, const QString& environment) {
    QMutexLocker lock(&m_mutex);
    QSettings settings(m_file, QSettings::IniFormat);
    settings.remove(groupOf(repository, environment));
    settings.sync();
    m_cache.reset();
}

util::Result<ClusterConsent> ClusterConsentStore::trust(const QString& repository, const workspace::Environment& environment,
                                                        const QString& workspaceRoot, bool allowAutoSync, bool allowPrune) {
    auto consent = ClusterConsent::resolve(environment.cluster, workspaceRoot);
    if (!consent)
        return consent;
    consent->allowAutoSync = allowAutoSync;
    consent->allowPrune = allowPrune;
    record(repository, environment.name, *consent);
    return consent;
}

} // namespace syncline::reconcile
