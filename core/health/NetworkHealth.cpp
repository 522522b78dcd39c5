// Service and Ingress: a load balancer is ready once it has an address
// (gitops-engine health_service.go, health_ingress.go).
#include "health/KindHealth.h"
#include "health/StatusFields.h"

#include <QStringList>

namespace syncline::health::rules {

namespace f = fields;

namespace {

// "203.0.113.10, lb.example.com" from status.loadBalancer.ingress[].ip/hostname.
QStringList loadBalancerAddresses(const nlohmann::json& object) {
    QStringList addresses;
    const nlohmann::json* ingress = f::find(object, {"status", "loadBalancer", "ingress"});
    if (!ingress || !ingress->is_array())
        return addresses;
    for (const auto& entry : *ingress) {
        QString address = f::string(entry, {"ip"});
        if (address.isEmpty())
            address = f::string(entry, {"hostname"});
        addresses << (address.isEmpty() ? QStringLiteral("(unnamed)") : address);
    }
    return addresses;
}

} // namespace

HealthStatus serviceHealth(const nlohmann::json& object) {
    const QString type = f::string(object, {"spec", "type"}, QStringLiteral("ClusterIP"));
    if (type != QLatin1String("LoadBalancer"))
        return {Health::Healthy, QStringLiteral("%1 service").arg(type)};
    const QStringList addresses = loadBalancerAddresses(object);
    if (addresses.isEmpty())
        return {Health::Progressing, QStringLiteral("Waiting for the load balancer to get an address")};
    return {Health::Healthy, QStringLiteral("Load balancer at ") + addresses.join(QStringLiteral(", "))};
}

HealthStatus ingressHealth(const nlohmann::json& object) {
    const QStringList addresses = loadBalancerAddresses(object);
    if (addresses.isEmpty())
        return {Health::Progressing, QStringLiteral("Waiting for the ingress controller to assign an address")};
    return {Health::Healthy, QStringLiteral("Ingress at ") + addresses.join(QStringLiteral(", "))};
}

} // namespace syncline::health::rules
