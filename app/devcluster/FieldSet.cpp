#include "FieldSet.h"

#include <functional>

namespace syncline::devcluster {

namespace {

bool skipMetadataField(const std::string& key) {
    return key == "name" || key == "namespace" || key == "uid" || key == "resourceVersion" || key == "generation" ||
           key == "creationTimestamp" || key == "managedFields" || key == "selfLink" || key == "deletionTimestamp" ||
           key == "deletionGracePeriodSeconds";
}

// A metav1.LabelSelector (a workload's spec.selector, a policy's podSelector, ...) is an
// atomic struct in the built-in types' schemas: the real server owns it as one field.
bool isLabelSelector(const Json& value, const std::string& fieldName) {
    const bool named =
        fieldName == "selector" || (fieldName.size() > 8 && fieldName.compare(fieldName.size() - 8, 8, "Selector") == 0);
    return named && value.is_object() && (value.contains("matchLabels") || value.contains("matchExpressions"));
}

void collect(const Json& value, const std::string& fieldName, FieldSet::Path& path, FieldSet& set, bool keyed) {
    if (value.is_object() && !value.empty() && !(keyed && isLabelSelector(value, fieldName))) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            path.push_back("f:" + it.key());
            collect(it.value(), it.key(), path, set, keyed);
            path.pop_back();
        }
        return;
    }
    if (value.is_array() && keyed && !value.empty()) {
        const std::string key = FieldSet::mergeKeyFor(fieldName, value);
        if (!key.empty()) {
            for (const auto& item : value) {
                Json keyValue = Json::object();
                keyValue[key] = item[key];
                path.push_back("k:" + keyValue.dump());
                path.push_back(".");
                set.insert(path);
                path.pop_back();
                for (auto it = item.begin(); it != item.end(); ++it) {
                    path.push_back("f:" + it.key());
                    collect(it.value(), it.key(), path, set, keyed);
                    path.pop_back();
                }
                path.pop_back();
            }
            return;
        }
    }
    set.insert(path);
}

Json* findItem(Json& list, const std::string& element) {
    if (!list.is_array())
        return nullptr;
    Json key = Json::parse(element.substr(2), nullptr, false);
    if (!key.is_object())
        return nullptr;
    for (auto& item : list) {
        if (!item.is_object())
            continue;
        bool match = true;
        for (auto it = key.begin(); it != key.end() && match; ++it)
            match = item.contains(it.key()) && item[it.key()] == it.value();
        if (match)
            return &item;
    }
    return nullptr;
}

} // namespace

FieldSet FieldSet::fromFieldsV1(const Json& fieldsV1) {
    FieldSet set;
    if (fieldsV1.is_object())
        set.m_root = fieldsV1;
    return set;
}

FieldSet FieldSet::fromObject(const Json& object, bool keyedLists, bool statusOnly) {
    FieldSet set;
    if (!object.is_object())
        return set;
    Path path;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string& key = it.key();
        if (key == "apiVersion" || key == "kind")
            continue;
        if ((key == "status") != statusOnly)
            continue;
        path.push_back("f:" + key);
        if (key == "metadata" && it.value().is_object()) {
            for (auto m = it.value().begin(); m != it.value().end(); ++m) {
                if (skipMetadataField(m.key()))
                    continue;
                path.push_back("f:" + m.key());
                collect(m.value(), m.key(), path, set, keyedLists);
                path.pop_back();
            }
        } else {
            collect(it.value(), key, path, set, keyedLists);
        }
        path.pop_back();
    }
    return set;
}

std::string FieldSet::mergeKeyFor(const std::string& fieldName, const Json& list) {
    if (!list.is_array() || list.empty())
        return {};
    std::string key;
    if (fieldName == "containers" || fieldName == "initContainers" || fieldName == "ephemeralContainers" || fieldName == "env" ||
        fieldName == "volumes" || fieldName == "imagePullSecrets")
        key = "name";
    else if (fieldName == "volumeMounts")
        key = "mountPath";
    else if (fieldName == "volumeDevices")
        key = "devicePath";
    else if (fieldName == "hostAliases")
        key = "ip";
    else if (fieldName == "topologySpreadConstraints")
        key = "topologyKey";
    else if (fieldName == "conditions")
        key = "type";
    else if (fieldName == "ports")
        key = list.front().is_object() && list.front().contains("containerPort") ? "containerPort" : "port";
    if (key.empty())
        return {};
    for (const auto& item : list)
        if (!item.is_object() || !item.contains(key))
            return {};
    return key;
}

std::vector<FieldSet::Path> FieldSet::leaves() const {
    std::vector<Path> out;
    Path path;
    std::function<void(const Json&)> walk = [&](const Json& node) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            path.push_back(it.key());
            if (it.value().empty())
                out.push_back(path);
            else
                walk(it.value());
            path.pop_back();
        }
    };
    walk(m_root);
    return out;
}

bool FieldSet::contains(const Path& path) const {
    const Json* node = &m_root;
    for (const auto& element : path) {
        auto it = node->find(element);
        if (it == node->end())
            return false;
        node = &*it;
    }
    return !path.empty() && node->empty();
}

bool FieldSet::containsUnder(const Path& prefix) const {
    const Json* node = &m_root;
    for (const auto& element : prefix) {
        auto it = node->find(element);
        if (it == node->end())
            return false;
        node = &*it;
    }
    return true;
}

void FieldSet::insert(const Path& path) {
    Json* node = &m_root;
    for (size_t i = 0; i < path.size(); ++i) {
        const bool existed = node->contains(path[i]);
        Json& next = (*node)[path[i]];
        if (!existed) {
            next = Json::object();
        } else if (next.empty() && i + 1 < path.size()) {
            // A leaf that gains children keeps its own ownership as ".".
            next["."] = Json::object();
        }
        node = &next;
    }
}

void FieldSet::remove(const Path& path) {
    if (path.empty())
        return;
    std::vector<Json*> chain{&m_root};
    for (const auto& element : path) {
        auto it = chain.back()->find(element);
        if (it == chain.back()->end())
            return;
        chain.push_back(&*it);
    }
    if (!chain.back()->empty())
        return; // not a leaf
    for (size_t i = path.size(); i > 0; --i) {
        chain[i - 1]->erase(path[i - 1]);
        if (!chain[i - 1]->empty())
            break;
    }
}

QString FieldSet::describe(const Path& path) {
    QString out;
    for (const auto& element : path) {
        if (element.rfind("f:", 0) == 0) {
            out += QLatin1Char('.') + QString::fromStdString(element.substr(2));
        } else if (element.rfind("k:", 0) == 0) {
            Json key = Json::parse(element.substr(2), nullptr, false);
            QString inner;
            if (key.is_object())
                for (auto it = key.begin(); it != key.end(); ++it)
                    inner += (inner.isEmpty() ? QString() : QStringLiteral(",")) + QString::fromStdString(it.key()) +
                             QLatin1Char('=') + QString::fromStdString(it.value().dump());
            out += QLatin1Char('[') + inner + QLatin1Char(']');
        } else if (element.rfind("v:", 0) == 0) {
            out += QStringLiteral("[=") + QString::fromStdString(element.substr(2)) + QLatin1Char(']');
        }
    }
    return out;
}

const Json* FieldSet::resolve(const Json& document, const Path& path) {
    const Json* node = &document;
    for (const auto& element : path) {
        if (element == ".")
            continue;
        if (element.rfind("f:", 0) == 0) {
            if (!node->is_object())
                return nullptr;
            auto it = node->find(element.substr(2));
            if (it == node->end())
                return nullptr;
            node = &*it;
        } else if (element.rfind("k:", 0) == 0) {
            node = findItem(const_cast<Json&>(*node), element);
            if (!node)
                return nullptr;
        } else {
            return nullptr;
        }
    }
    return node;
}

void FieldSet::erase(Json& document, const Path& path) {
    if (path.empty())
        return;
    Path target = path;
    if (target.back() == ".")
        target.pop_back();
    if (target.empty())
        return;
    Path parentPath(target.begin(), target.end() - 1);
    Json* parent = const_cast<Json*>(resolve(document, parentPath));
    if (!parent)
        return;
    const std::string& last = target.back();
    if (last.rfind("f:", 0) == 0 && parent->is_object()) {
        parent->erase(last.substr(2));
    } else if (last.rfind("k:", 0) == 0 && parent->is_array()) {
        Json* item = findItem(*parent, last);
        if (!item)
            return;
        for (auto it = parent->begin(); it != parent->end(); ++it)
            if (&*it == item) {
                parent->erase(it);
                break;
            }
    }
}

} // namespace syncline::devcluster
