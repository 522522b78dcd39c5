#include "manifest/ImageTransformer.h"

namespace syncline::manifest {

namespace {

bool isTagCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '{' ||
           c == '}' || c == '-';
}

// kustomize's pattern: ^NAME(@sha256)?(:[tag chars]*)?(@sha256:[tag chars]*)?$
bool matches(const std::string& reference, const std::string& name) {
    if (reference.compare(0, name.size(), name) != 0)
        return false;
    std::string_view rest(reference);
    rest.remove_prefix(name.size());
    auto consume = [&rest](std::string_view token) {
        if (rest.substr(0, token.size()) != token)
            return false;
        rest.remove_prefix(token.size());
        return true;
    };
    auto consumeTag = [&rest] {
        while (!rest.empty() && isTagCharacter(rest.front()))
            rest.remove_prefix(1);
    };
    if (rest.substr(0, 7) == "@sha256" && rest.substr(0, 8) != "@sha256:")
        rest.remove_prefix(7);
    if (consume(":"))
        consumeTag();
    if (consume("@sha256:"))
        consumeTag();
    return rest.empty();
}

struct ImageParts {
    std::string name;
    std::string tag;
    std::string digest;
};

ImageParts split(const std::string& image) {
    std::size_t offset = 0;
    std::string_view search(image);
    if (const auto slash = image.find('/'); slash != std::string::npos && slash > 0) {
        offset = slash;
        search.remove_prefix(slash);
    }
    const auto at = search.find('@');
    const auto colon = search.find(':');
    if (at == std::string_view::npos && colon == std::string_view::npos)
        return {image, {}, {}};
    if (at != std::string_view::npos && (colon == std::string_view::npos || at < colon))
        return {image.substr(0, offset + at), {}, image.substr(offset + at + 1)};
    if (at != std::string_view::npos)
        return {image.substr(0, offset + colon), image.substr(offset + colon + 1, at - colon - 1), image.substr(offset + at + 1)};
    return {image.substr(0, offset + colon), image.substr(offset + colon + 1), {}};
}

} // namespace

std::string ImageTransformer::rewrite(const std::string& reference) const {
    if (!matches(reference, m_image.name))
        return reference;
    ImageParts parts = split(reference);
    if (!m_image.newName.empty())
        parts.name = m_image.newName;
    if (!m_image.newTag.empty() && !m_image.digest.empty()) {
        parts.tag = m_image.newTag;
        parts.digest = m_image.digest;
    } else if (!m_image.newTag.empty()) {
        parts.tag = m_image.newTag;
        parts.digest.clear();
    } else if (!m_image.digest.empty()) {
        parts.tag.clear();
        parts.digest = m_image.digest;
    }
    std::string result = parts.name;
    if (!parts.tag.empty())
        result += ":" + parts.tag;
    if (!parts.digest.empty())
        result += "@" + parts.digest;
    return result;
}

void ImageTransformer::apply(nlohmann::ordered_json& object) const { walk(object); }

void ImageTransformer::walk(nlohmann::ordered_json& node) const {
    if (node.is_array()) {
        for (auto& item : node)
            walk(item);
        return;
    }
    if (!node.is_object())
        return;
    for (const char* list : {"containers", "initContainers"}) {
        auto it = node.find(list);
        if (it == node.end() || !it->is_array())
            continue;
        for (auto& container : *it) {
            if (!container.is_object())
                continue;
            auto image = container.find("image");
            if (image != container.end() && image->is_string())
                *image = rewrite(image->get<std::string>());
        }
    }
    for (auto& [key, value] : node.items()) {
        (void)key;
        if (value.is_structured())
            walk(value);
    }
}

} // namespace syncline::manifest
