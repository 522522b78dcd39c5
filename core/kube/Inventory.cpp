#include "kube/Inventory.h"

#include <QRegularExpression>

#include <algorithm>

namespace syncline::kube {

namespace {

using manifest::ResourceKey;
using util::ErrorCode;

constexpr int kFormatVersion = 1;
constexpr qsizetype kConfigMapLimit = 1024 * 1024; // the API server's limit on a ConfigMap's data

bool isDnsLabel(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"));
    return pattern.match(text).hasMatch();
}

bool isCommitId(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("^([0-9a-f]{40}|[0-9a-f]{64})$"));
    return pattern.match(text).hasMatch();
}

// Characters the line form cannot carry in a field: its separators and line breaks.
bool isLineSafe(const QString& field, bool allowSlash) {
    for (QChar c : field) {
        if (c.isSpace() || (!allowSlash && c == QLatin1Char('/')))
            return false;
    }
    return true;
}

QString formatTime(const QDateTime& time) { return time.toUTC().toString(Qt::ISODate); }

void sortUnique(std::vector<ResourceKey>& keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

std::string utf8(const QString& text) { return text.toStdString(); }

template <typename Json> void annotate(Json& object, const QString& environment, const QString& revision) {
    if (!object.is_object())
        return;
    auto& metadata = object["metadata"];
    if (metadata.is_null())
        metadata = Json::object();
    if (!metadata.is_object())
        return;
    auto& annotations = metadata["annotations"];
    if (annotations.is_null())
        annotations = Json::object();
    if (!annotations.is_object())
        return;
    annotations[kEnvironmentAnnotation] = utf8(environment);
    annotations[kRevisionAnnotation] = utf8(revision);
}

QString annotation(const nlohmann::json& object, const char* name) {
    if (!object.is_object())
        return {};
    auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return {};
    auto annotations = metadata->find("annotations");
    if (annotations == metadata->end() || !annotations->is_object())
        return {};
    auto value = annotations->find(name);
    if (value == annotations->end() || !value->is_string())
        return {};
    return QString::fromStdString(value->get_ref<const std::string&>());
}

// The string fields of an inventory ConfigMap's data, read one group at a time; every
// problem is reported as Corrupt at `where` (the ConfigMap's name when it has one).
class InventoryData {
public:
    InventoryData(const nlohmann::json& data, const QString& where) : m_data(data), m_where(where) {}

    util::Unexpected corrupt(const QString& message) const { return util::fail(ErrorCode::Corrupt, message, m_where); }

    std::optional<QString> field(const char* name) const {
        auto it = m_data.find(name);
        if (it == m_data.end() || !it->is_string())
            return std::nullopt;
        return QString::fromStdString(it->get_ref<const std::string&>());
    }

    // A newer format may mean fields this version would misread: refuse it rather than guess.
    util::Result<void> checkFormat() const {
        const auto format = field("format");
        if (!format)
            return corrupt(QStringLiteral("data.format is missing"));
        bool numeric = false;
        const int version = format->toInt(&numeric);
        if (!numeric || version < 1)
            return corrupt(QStringLiteral("data.format \"%1\" is not a format version").arg(*format));
        if (version > kFormatVersion)
            return corrupt(QStringLiteral("written by a newer Syncline (format %1; this one reads format %2)")
                               .arg(version)
                               .arg(kFormatVersion));
        return {};
    }

    // environment, revision and previousRevision (optional).
    util::Result<void> readRevisions(Inventory& inventory) const {
        const auto environment = field("environment");
        if (!environment || !isDnsLabel(*environment))
            return corrupt(environment ? QStringLiteral("data.environment \"%1\" is not an environment name").arg(*environment)
                                       : QStringLiteral("data.environment is missing"));
        inventory.environment = *environment;
        const auto revision = field("revision");
        if (!revision || !isCommitId(*revision))
            return corrupt(revision ? QStringLiteral("data.revision \"%1\" is not a full commit id").arg(*revision)
                                    : QStringLiteral("data.revision is missing"));
        inventory.revision = *revision;
        if (const auto previousRevision = field("previousRevision")) {
            if (!isCommitId(*previousRevision))
                return corrupt(QStringLiteral("data.previousRevision \"%1\" is not a full commit id").arg(*previousRevision));
            inventory.previousRevision = *previousRevision;
        }
        return {};
    }

    // deployedAt (kept in UTC) and deployedBy.
    util::Result<void> readDeployment(Inventory& inventory) const {
        const auto deployedAt = field("deployedAt");
        if (!deployedAt)
            return corrupt(QStringLiteral("data.deployedAt is missing"));
        inventory.deployedAt = QDateTime::fromString(*deployedAt, Qt::ISODate);
        if (!inventory.deployedAt.isValid())
            return corrupt(QStringLiteral("data.deployedAt \"%1\" is not an ISO 8601 time").arg(*deployedAt));
        inventory.deployedAt = inventory.deployedAt.toUTC();
        inventory.deployedBy = field("deployedBy").value_or(QString());
        return {};
    }

    // data.resources: one key per line, blank lines skipped; sorted and without repeats.
    util::Result<std::vector<ResourceKey>> readResources() const {
        const auto resources = field("resources");
        if (!resources)
            return corrupt(QStringLiteral("data.resources is missing"));
        std::vector<ResourceKey> keys;
        const QStringView text(*resources);
        qsizetype start = 0;
        int lineNumber = 0;
        while (start < text.size()) {
            qsizetype end = text.indexOf(QLatin1Char('\n'), start);
            if (end < 0)
                end = text.size();
            ++lineNumber;
            QStringView line = text.mid(start, end - start);
            if (line.endsWith(QLatin1Char('\r')))
                line.chop(1);
            start = end + 1;
            if (line.trimmed().isEmpty())
                continue;
            auto key = parseInventoryLine(line);
            if (!key)
                return corrupt(QStringLiteral("data.resources line %1: \"%2\" is not \"[group/]Kind [namespace/]name\"")
                                   .arg(lineNumber)
                                   .arg(line.toString()));
            keys.push_back(std::move(*key));
        }
        sortUnique(keys);
        return keys;
    }

private:
    const nlohmann::json& m_data;
    const QString& m_where;
};

// The environment label of the ConfigMap; empty when it has none.
QString labelEnvironment(const nlohmann::json& configMap) {
    const nlohmann::json* labels = nullptr;
    if (auto metadata = configMap.find("metadata"); metadata != configMap.end() && metadata->is_object())
        if (auto it = metadata->find("labels"); it != metadata->end() && it->is_object())
            labels = &*it;
    if (!labels)
        return QString();
    auto value = labels->find(kEnvironmentLabel);
    return value != labels->end() && value->is_string() ? QString::fromStdString(value->get<std::string>()) : QString();
}

} // namespace

QString inventoryName(const QString& environment) { return QStringLiteral("syncline-inventory-") + environment; }

QString inventoryNamespace(const QString& environmentDefaultNamespace) {
    return environmentDefaultNamespace.isEmpty() ? QStringLiteral("default") : environmentDefaultNamespace;
}

ResourceKey inventoryKey(const QString& environment, const QString& environmentDefaultNamespace) {
    return ResourceKey{
        {}, QStringLiteral("ConfigMap"), inventoryNamespace(environmentDefaultNamespace), inventoryName(environment)};
}

QString inventoryLine(const ResourceKey& key) { return key.toString(); }

std::optional<ResourceKey> parseInventoryLine(QStringView line) {
    const auto space = line.indexOf(QLatin1Char(' '));
    if (space <= 0 || line.indexOf(QLatin1Char(' '), space + 1) >= 0)
        return std::nullopt;
    const QStringView type = line.left(space);
    const QStringView object = line.mid(space + 1);
    ResourceKey key;
    const auto typeSlash = type.indexOf(QLatin1Char('/'));
    if (typeSlash >= 0) {
        key.group = type.left(typeSlash).toString();
        key.kind = type.mid(typeSlash + 1).toString();
        if (key.group.isEmpty())
            return std::nullopt;
    } else {
        key.kind = type.toString();
    }
    const auto objectSlash = object.indexOf(QLatin1Char('/'));
    if (objectSlash >= 0) {
        key.namespaceName = object.left(objectSlash).toString();
        key.name = object.mid(objectSlash + 1).toString();
        if (key.namespaceName.isEmpty())
            return std::nullopt;
    } else {
        key.name = object.toString();
    }
    if (key.kind.isEmpty() || key.name.isEmpty() || key.kind.contains(QLatin1Char('/')) || key.name.contains(QLatin1Char('/')))
        return std::nullopt;
    return key;
}

util::Result<nlohmann::json> toConfigMap(const Inventory& inventory, const QString& namespaceName) {
    const QString where = QStringLiteral("inventory of %1").arg(inventory.environment);
    if (!isDnsLabel(inventory.environment))
        return util::fail(ErrorCode::InvalidArgument,
                          QStringLiteral("environment name \"%1\" is not a DNS label (lowercase letters, digits and "
                                         "'-', at most 63 characters)")
                              .arg(inventory.environment),
                          where);
    if (!inventory.previousRevision.isEmpty() && !isCommitId(inventory.previousRevision))
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("previous revision \"%1\" is not a full commit id").arg(inventory.previousRevision),
                          where);
    if (!isCommitId(inventory.revision))
        return util::fail(ErrorCode::InvalidArgument,
                          QStringLiteral("revision \"%1\" is not a full commit id").arg(inventory.revision), where);
    if (!inventory.deployedAt.isValid())
        return util::fail(ErrorCode::InvalidArgument, QStringLiteral("the deployment time is not set"), where);
    if (namespaceName.isEmpty() || !isDnsLabel(namespaceName))
        return util::fail(ErrorCode::InvalidArgument,
                          QStringLiteral("namespace \"%1\" is not a valid namespace name").arg(namespaceName), where);

    std::vector<ResourceKey> keys = inventory.resources;
    sortUnique(keys);
    QString lines;
    lines.reserve(static_cast<qsizetype>(keys.size()) * 48);
    for (const ResourceKey& key : keys) {
        if (key.kind.isEmpty() || key.name.isEmpty() || !isLineSafe(key.kind, false) || !isLineSafe(key.group, false) ||
            !isLineSafe(key.namespaceName, false) || !isLineSafe(key.name, false))
            return util::fail(ErrorCode::InvalidArgument,
                              QStringLiteral("cannot record \"%1\": kind and name must be set and no field may "
                                             "contain whitespace or '/'")
                                  .arg(key.toString()),
                              where);
        lines += inventoryLine(key);
        lines += QLatin1Char('\n');
    }
    const std::string resources = utf8(lines);
    if (static_cast<qsizetype>(resources.size()) > kConfigMapLimit)
        return util::fail(ErrorCode::InvalidArgument,
                          QStringLiteral("%1 resources take %2 bytes, more than a ConfigMap holds (1 MiB)")
                              .arg(keys.size())
                              .arg(resources.size()),
                          where);

    const std::string environment = utf8(inventory.environment);
    nlohmann::json configMap = {
        {"apiVersion", "v1"},
        {"kind", "ConfigMap"},
        {"metadata",
         {{"name", utf8(inventoryName(inventory.environment))},
          {"namespace", utf8(namespaceName)},
          {"labels",
           {{kManagedByLabel, kManagedByValue}, {kComponentLabel, kComponentValue}, {kEnvironmentLabel, environment}}}}},
        {"data",
         {{"format", std::to_string(kFormatVersion)},
          {"environment", environment},
          {"revision", utf8(inventory.revision)},
          {"deployedAt", utf8(formatTime(inventory.deployedAt))},
          {"deployedBy", utf8(inventory.deployedBy)},
          {"resources", resources}}},
    };
    if (!inventory.previousRevision.isEmpty())
        configMap["data"]["previousRevision"] = utf8(inventory.previousRevision);
    return configMap;
}

util::Result<Inventory> fromConfigMap(const nlohmann::json& configMap) {
    QString where = QStringLiteral("inventory ConfigMap");
    auto corrupt = [&where](const QString& message) { return util::fail(ErrorCode::Corrupt, message, where); };
    if (!configMap.is_object())
        return corrupt(QStringLiteral("not an object"));
    const ResourceKey self = ResourceKey::of(configMap);
    if (!self.name.isEmpty())
        where = QStringLiteral("inventory %1")
                    .arg(self.namespaceName.isEmpty() ? self.name : self.namespaceName + QLatin1Char('/') + self.name);
    if (self.kind != QLatin1String("ConfigMap") || !self.group.isEmpty())
        return corrupt(QStringLiteral("expected a v1 ConfigMap, found kind \"%1\"").arg(self.kind));

    auto dataIt = configMap.find("data");
    if (dataIt == configMap.end() || !dataIt->is_object())
        return corrupt(QStringLiteral("no data"));
    for (const auto& [name, value] : dataIt->items()) {
        if (!value.is_string())
            return corrupt(QStringLiteral("data.%1 is not a string").arg(QString::fromStdString(name)));
    }
    const InventoryData data(*dataIt, where);
    if (auto ok = data.checkFormat(); !ok)
        return util::fail(ok.error());
    Inventory inventory;
    if (auto ok = data.readRevisions(inventory); !ok)
        return util::fail(ok.error());
    if (auto ok = data.readDeployment(inventory); !ok)
        return util::fail(ok.error());
    auto resources = data.readResources();
    if (!resources)
        return util::fail(resources.error());
    inventory.resources = std::move(*resources);

    // A label that disagrees with the data means someone edited one of them by hand.
    const QString label = labelEnvironment(configMap);
    if (!label.isEmpty() && label != inventory.environment)
        return corrupt(QStringLiteral("label %1 says \"%2\" but data.environment says \"%3\"")
                           .arg(QLatin1String(kEnvironmentLabel), label, inventory.environment));
    return inventory;
}

void annotateApplied(nlohmann::json& object, const QString& environment, const QString& revision) {
    annotate(object, environment, revision);
}

void annotateApplied(nlohmann::ordered_json& object, const QString& environment, const QString& revision) {
    annotate(object, environment, revision);
}

QString appliedEnvironment(const nlohmann::json& liveObject) { return annotation(liveObject, kEnvironmentAnnotation); }

QString appliedRevision(const nlohmann::json& liveObject) { return annotation(liveObject, kRevisionAnnotation); }

} // namespace syncline::kube
