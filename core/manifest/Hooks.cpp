#include "manifest/Hooks.h"

#include <algorithm>
#include <iterator>

namespace syncline::manifest {

namespace {

constexpr const char* kArgoHook = "argocd.argoproj.io/hook";
constexpr const char* kHelmHook = "helm.sh/hook";

QString annotation(const nlohmann::ordered_json& object, const char* name) {
    auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return {};
    auto annotations = metadata->find("annotations");
    if (annotations == metadata->end() || !annotations->is_object())
        return {};
    auto value = annotations->find(name);
    return value != annotations->end() && value->is_string() ? QString::fromStdString(value->get<std::string>()).trimmed()
                                                             : QString();
}

} // namespace

bool isHook(const nlohmann::ordered_json& object) {
    return object.is_object() && (!annotation(object, kArgoHook).isEmpty() || !annotation(object, kHelmHook).isEmpty());
}

QString hookPhases(const nlohmann::ordered_json& object) {
    if (QString argo = annotation(object, kArgoHook); !argo.isEmpty())
        return argo;
    return annotation(object, kHelmHook) + QStringLiteral(" (helm)");
}

void separateHooks(RenderResult& result) {
    auto firstHook = std::stable_partition(result.objects.begin(), result.objects.end(),
                                           [](const ManifestObject& object) { return !isHook(object.body); });
    result.hooks.insert(result.hooks.end(), std::make_move_iterator(firstHook), std::make_move_iterator(result.objects.end()));
    result.objects.erase(firstHook, result.objects.end());
}

} // namespace syncline::manifest
