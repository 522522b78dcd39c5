#include "reconcile/InventoryLookup.h"

namespace syncline::reconcile {

namespace {

util::Result<std::optional<kube::Inventory>> readNamed(kube::KubeClient& client, const QString& name,
                                                       const QString& defaultNamespace, const util::CancellationToken& cancel) {
    auto configMap = client.get(kube::inventoryKey(name, defaultNamespace), cancel);
    if (!configMap) {
        if (configMap.error().code == util::ErrorCode::NotFound)
            return std::optional<kube::Inventory>();
        return util::fail(configMap.error());
    }
    auto inventory = kube::fromConfigMap(*configMap);
    if (!inventory)
        return util::fail(inventory.error());
    return std::optional<kube::Inventory>(std::move(*inventory));
}

} // namespace

util::Result<std::optional<kube::Inventory>> InventoryLookup::read(kube::KubeClient& client,
                                                                   const workspace::Environment& environment,
                                                                   const std::set<manifest::ResourceKey>& desired,
                                                                   const util::CancellationToken& cancel) {
    auto own = readNamed(client, environment.name, environment.defaultNamespace, cancel);
    if (!own || *own || environment.inheritsInventoryOf.isEmpty() || environment.inheritsInventoryOf == environment.name)
        return own;
    auto inherited = readNamed(client, environment.inheritsInventoryOf, environment.defaultNamespace, cancel);
    if (!inherited || !*inherited)
        return inherited;
    kube::Inventory& inventory = **inherited;
    std::erase_if(inventory.resources, [&](const manifest::ResourceKey& key) { return !desired.count(key); });
    inventory.environment = environment.name;
    return inherited;
}

} // namespace syncline::reconcile
