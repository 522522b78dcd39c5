#include "kube/WatchEvent.h"

namespace syncline::kube {

QString WatchEvent::resourceVersion() const {
    const auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return {};
    const auto version = metadata->find("resourceVersion");
    return version != metadata->end() && version->is_string() ? QString::fromStdString(version->get<std::string>()) : QString();
}

} // namespace syncline::kube
