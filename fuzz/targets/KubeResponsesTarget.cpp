// A Kubernetes API server's answer body, read by everything that reads one: the error
// Status of a failed call, the discovery documents, and a list whose items go through
// the readers of live objects (keys, health, agent status, inventories, applied marks).
// The body is refused past Kubernetes' nesting limit before parsing, as HttpKubeClient does.
#include "FuzzInput.h"
#include "FuzzTargets.h"
#include "health/HealthAssessor.h"
#include "kube/AgentStatus.h"
#include "kube/ApiDiscovery.h"
#include "kube/ApiStatus.h"
#include "kube/Inventory.h"
#include "manifest/ResourceKey.h"
#include "util/JsonDepth.h"

namespace syncline::fuzz {

namespace {

void readListItems(const nlohmann::json& document) {
    if (!document.is_object() || !document.contains("items") || !document["items"].is_array())
        return;
    for (const nlohmann::json& item : document["items"]) {
        if (!item.is_object())
            continue;
        (void)manifest::ResourceKey::of(item);
        (void)health::assessHealth(item);
        (void)kube::readAgentStatus(item);
        (void)kube::fromConfigMap(item);
        (void)kube::appliedEnvironment(item);
        (void)kube::appliedRevision(item);
    }
}

} // namespace

int fuzzKubeResponses(const std::uint8_t* data, std::size_t size) {
    const QByteArray body(reinterpret_cast<const char*>(data), qsizetype(size));
    for (const int status : {401, 409, 422, 500})
        (void)kube::statusError(status, body, QStringLiteral("fuzz"));
    (void)kube::isSchemaRejection(500, body);
    if (util::jsonDepthExceeds(asText(data, size), util::kServerJsonDepthLimit))
        return 0;
    const nlohmann::json document = nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (document.is_discarded())
        return 0;
    (void)kube::parseCoreVersions(document);
    for (const kube::GroupVersionRef& group : kube::parseGroups(document))
        (void)kube::parseResourceList(document, group);
    (void)kube::parseResourceList(document, {QString(), QStringLiteral("v1"), QStringLiteral("/api/v1")});
    readListItems(document);
    return 0;
}

} // namespace syncline::fuzz
