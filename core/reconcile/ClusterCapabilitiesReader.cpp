#include "reconcile/ClusterCapabilitiesReader.h"

#include "kube/HttpKubeClient.h"

#include <QRegularExpression>

#include <set>

namespace syncline::reconcile {

namespace {

// "apps/v1", "v1", "monitoring.coreos.com/v1/ServiceMonitor": DNS-ish group, version, kind.
bool isApiVersion(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("^([a-z0-9.-]{1,253}/)?v[a-z0-9]{1,30}(/[A-Za-z0-9]{1,100})?$"));
    return pattern.match(text).hasMatch();
}

} // namespace

util::Result<QString> ClusterCapabilitiesReader::kubeVersionFrom(const nlohmann::json& versionInfo) {
    static const QRegularExpression pattern(
        QStringLiteral("^v?[0-9]{1,4}\\.[0-9]{1,4}(\\.[0-9]{1,6})?([-+][0-9A-Za-z.+-]{1,64})?$"));
    auto gitVersion = versionInfo.is_object() ? versionInfo.find("gitVersion") : versionInfo.end();
    if (!versionInfo.is_object() || gitVersion == versionInfo.end() || !gitVersion->is_string())
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("the cluster's /version has no gitVersion"));
    const QString version = QString::fromStdString(gitVersion->get<std::string>());
    if (!pattern.match(version).hasMatch())
        return util::fail(util::ErrorCode::Invalid,
                          QStringLiteral("the cluster's /version says gitVersion \"%1\", which is not a Kubernetes version")
                              .arg(version.left(80)));
    return version;
}

util::Result<manifest::ClusterCapabilities> ClusterCapabilitiesReader::read(kube::KubeClient& client,
                                                                            const util::CancellationToken& cancel) {
    auto resources = client.discover(cancel);
    if (!resources)
        return util::fail(resources.error());
    std::set<QString> apiVersions;
    for (const kube::ApiResource& resource : *resources) {
        const QString groupVersion = resource.groupVersion();
        for (const QString& entry : {groupVersion, QString(groupVersion + QLatin1Char('/') + resource.kind)}) {
            if (!isApiVersion(entry))
                return util::fail(util::ErrorCode::Invalid,
                                  QStringLiteral("discovery names an API version helm cannot take: \"%1\"").arg(entry.left(80)));
            apiVersions.insert(entry);
        }
        if (int(apiVersions.size()) > kMaxApiVersions)
            return util::fail(util::ErrorCode::Invalid,
                              QStringLiteral("discovery names more than %1 API versions").arg(kMaxApiVersions));
    }
    manifest::ClusterCapabilities capabilities;
    capabilities.apiVersions = QStringList(apiVersions.begin(), apiVersions.end());
    // Only an HTTP client can ask /version; others leave helm its default version.
    if (auto* http = dynamic_cast<kube::HttpKubeClient*>(&client)) {
        auto info = http->getPath(QStringLiteral("/version"), cancel);
        if (!info)
            return util::fail(info.error());
        auto version = kubeVersionFrom(*info);
        if (!version)
            return util::fail(version.error());
        capabilities.kubeVersion = *version;
    }
    return capabilities;
}

} // namespace syncline::reconcile
