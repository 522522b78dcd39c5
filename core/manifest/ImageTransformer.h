#pragma once

#include "manifest/Kustomization.h"

#include <nlohmann/json.hpp>
#include <string>

namespace syncline::manifest {

// kustomize `images:`: every `image` of an element of a `containers` or `initContainers`
// list anywhere in the object whose name is `name` (optionally followed by a tag and/or
// digest) gets newName, newTag and/or digest; a new tag drops the digest and vice versa.
class ImageTransformer {
public:
    explicit ImageTransformer(KustomizeImage image) : m_image(std::move(image)) {}

    void apply(nlohmann::ordered_json& object) const;
    // The rewritten reference, or the input when it does not match.
    std::string rewrite(const std::string& reference) const;

private:
    void walk(nlohmann::ordered_json& node) const;

    KustomizeImage m_image;
};

} // namespace syncline::manifest
