#include "ServerSideApply.h"

#include "FieldSet.h"
#include "ManagedFields.h"

#include <QStringList>

#include <algorithm>
#include <map>

namespace syncline::devcluster {

namespace {

QString printManager(const ManagedFields::Entry& entry) {
    QString name = QStringLiteral("\"%1\"").arg(QString::fromStdString(entry.manager));
    if (!entry.subresource.empty()) // a write through /scale: "kubectl" with subresource "scale"
        name += QStringLiteral(" with subresource \"%1\"").arg(QString::fromStdString(entry.subresource));
    if (entry.operation == "Update")
        return name + QStringLiteral(" using ") + QString::fromStdString(entry.apiVersion);
    return name;
}

struct Conflict {
    size_t entry;
    FieldSet::Path path;
};

// As the real server words it: fields sorted, each cause with its "reason" (CauseType).
ApiError conflictError(const ManagedFields& owners, const std::vector<Conflict>& conflicts) {
    std::vector<std::pair<QString, QString>> fields; // field, manager
    for (const auto& c : conflicts)
        fields.emplace_back(FieldSet::describe(c.path), printManager(owners.entries()[c.entry]));
    std::sort(fields.begin(), fields.end());
    Json causes = Json::array();
    std::map<QString, QStringList> byManager;
    for (const auto& [field, manager] : fields) {
        causes.push_back(Json{{"reason", "FieldManagerConflict"},
                              {"message", QString(QStringLiteral("conflict with ") + manager).toStdString()},
                              {"field", field.toStdString()}});
        byManager[manager] << field;
    }
    QString message;
    if (conflicts.size() == 1) {
        message = QStringLiteral("Apply failed with 1 conflict: conflict with %1: %2")
                      .arg(byManager.begin()->first, byManager.begin()->second.first());
    } else {
        QStringList lines;
        for (const auto& [manager, fields] : byManager) {
            lines << QStringLiteral("conflicts with %1:").arg(manager);
            for (const QString& field : fields)
                lines << QStringLiteral("- ") + field;
        }
        message = QStringLiteral("Apply failed with %1 conflicts: %2").arg(conflicts.size()).arg(lines.join(QLatin1Char('\n')));
    }
    ApiError error{409, QStringLiteral("Conflict"), message};
    error.details = Json{{"causes", causes}};
    return error;
}

bool ownedByOthers(const ManagedFields& owners, const ManagedFields::Entry* self, const FieldSet::Path& path);

// A map the applier no longer mentions, emptied by removing its disowned fields, goes too
// (the real server drops `spec.sourceRef` when its last fields are dropped, not `{}`) —
// unless the applier still applies something under it or another manager owns something there.
void eraseEmptiedParents(Json& merged, FieldSet::Path path, const FieldSet& applied, const ManagedFields& owners,
                         const ManagedFields::Entry* self) {
    if (!path.empty() && path.back() == ".")
        path.pop_back();
    while (path.size() > 1) {
        path.pop_back();
        if (path.back().rfind("f:", 0) != 0)
            return;
        const Json* parent = FieldSet::resolve(merged, path);
        if (!parent || !parent->is_object() || !parent->empty() || applied.containsUnder(path))
            return;
        FieldSet::Path item = path;
        item.push_back(".");
        if (ownedByOthers(owners, self, item))
            return;
        FieldSet::erase(merged, path);
    }
}

bool ownedByOthers(const ManagedFields& owners, const ManagedFields::Entry* self, const FieldSet::Path& path) {
    FieldSet::Path prefix = path;
    const bool item = !prefix.empty() && prefix.back() == ".";
    if (item)
        prefix.pop_back();
    for (const auto& entry : owners.entries()) {
        if (&entry == self || entry.subresource == "status")
            continue;
        if (item ? entry.fields.containsUnder(prefix) : entry.fields.contains(path))
            return true;
    }
    return false;
}

} // namespace

void ServerSideApply::merge(Json& target, const Json& config, bool keyedLists, const std::string& fieldName) {
    if (!config.is_object() || !target.is_object()) {
        target = config;
        return;
    }
    (void)fieldName;
    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string& key = it.key();
        const Json& value = it.value();
        if (value.is_null()) {
            target.erase(key);
            continue;
        }
        auto existing = target.find(key);
        if (existing == target.end()) {
            target[key] = value;
            continue;
        }
        Json& live = *existing;
        if (value.is_object() && live.is_object()) {
            merge(live, value, keyedLists, key);
            continue;
        }
        const std::string mergeKey = keyedLists ? FieldSet::mergeKeyFor(key, value) : std::string();
        if (!mergeKey.empty() && live.is_array() && FieldSet::mergeKeyFor(key, live) == mergeKey) {
            Json result = Json::array();
            std::vector<bool> used(live.size(), false);
            for (const auto& item : value) {
                Json mergedItem = item;
                for (size_t i = 0; i < live.size(); ++i) {
                    if (!used[i] && live[i][mergeKey] == item[mergeKey]) {
                        used[i] = true;
                        mergedItem = live[i];
                        merge(mergedItem, item, keyedLists, key);
                        break;
                    }
                }
                result.push_back(std::move(mergedItem));
            }
            for (size_t i = 0; i < live.size(); ++i)
                if (!used[i])
                    result.push_back(live[i]);
            live = std::move(result);
            continue;
        }
        live = value;
    }
}

ApiResult<Json> ServerSideApply::apply(const Json* live, const Json& config, const ApplyRequest& request) {
    ManagedFields owners = live ? ManagedFields::read(*live) : ManagedFields();
    const FieldSet applied = FieldSet::fromObject(config, request.keyedLists);
    ManagedFields::Entry* mine = owners.find(request.manager, "Apply", "");
    const FieldSet previous = mine ? mine->fields : FieldSet();

    if (live) {
        std::vector<Conflict> conflicts;
        for (const auto& path : applied.leaves()) {
            if (path.back() == ".")
                continue;
            const Json* want = FieldSet::resolve(config, path);
            const Json* have = FieldSet::resolve(*live, path);
            if (!have || (want && *want == *have))
                continue;
            for (size_t i = 0; i < owners.entries().size(); ++i) {
                const auto& entry = owners.entries()[i];
                if (&entry == mine || entry.subresource == "status")
                    continue;
                if (entry.fields.contains(path))
                    conflicts.push_back(Conflict{i, path});
            }
        }
        if (!conflicts.empty() && !request.force)
            return apiFail(conflictError(owners, conflicts));
        for (const auto& c : conflicts)
            owners.entries()[c.entry].fields.remove(c.path);
    }

    Json merged = live ? *live : Json::object();
    if (merged.contains("metadata") && merged["metadata"].is_object())
        merged["metadata"].erase("managedFields");
    merge(merged, config, request.keyedLists);

    mine = owners.find(request.manager, "Apply", "");
    for (const auto& path : previous.leaves()) {
        if (applied.contains(path) || ownedByOthers(owners, mine, path))
            continue;
        FieldSet::erase(merged, path);
        eraseEmptiedParents(merged, path, applied, owners, mine);
    }

    ManagedFields::Entry& entry = owners.findOrAdd(request.manager, "Apply", "");
    entry.fields = applied;
    entry.apiVersion = request.apiVersion;
    entry.time = request.now;
    owners.dropEmpty();
    merged["metadata"]["managedFields"] = owners.toJson();
    return merged;
}

} // namespace syncline::devcluster
