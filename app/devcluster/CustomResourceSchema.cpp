#include "CustomResourceSchema.h"

#include "JsonUtil.h"

#include <QStringList>

namespace syncline::devcluster {

namespace {

bool flag(const Json& schema, const char* key) {
    const Json* value = json::child(schema, key);
    return value && value->is_boolean() && value->get<bool>();
}

// The schema of `object`'s field `key`: its declared property, else additionalProperties.
const Json* fieldSchema(const Json& schema, const std::string& key) {
    if (const Json* properties = json::child(schema, "properties"); properties && properties->contains(key))
        return &(*properties)[key];
    const Json* additional = json::child(schema, "additionalProperties");
    return additional && additional->is_object() ? additional : nullptr;
}

// The root's apiVersion, kind and metadata are the server's own (ObjectMeta), never pruned.
bool isRootMeta(bool root, const std::string& key) { return root && (key == "apiVersion" || key == "kind" || key == "metadata"); }

void prune(const Json& schema, Json& value, bool root) {
    if (value.is_array()) {
        if (const Json* items = json::child(schema, "items"))
            for (auto& element : value)
                prune(*items, element, false);
        return;
    }
    if (!value.is_object())
        return;
    const bool keepUnknown = flag(schema, "x-kubernetes-preserve-unknown-fields");
    for (auto it = value.begin(); it != value.end();) {
        if (isRootMeta(root, it.key())) {
            ++it;
            continue;
        }
        const Json* field = fieldSchema(schema, it.key());
        if (!field && !keepUnknown) {
            it = value.erase(it);
            continue;
        }
        if (field)
            prune(*field, it.value(), false);
        ++it;
    }
}

void applyDefaults(const Json& schema, Json& value) {
    if (value.is_array()) {
        if (const Json* items = json::child(schema, "items"))
            for (auto& element : value)
                applyDefaults(*items, element);
        return;
    }
    if (!value.is_object())
        return;
    if (const Json* properties = json::child(schema, "properties"); properties && properties->is_object()) {
        for (auto it = properties->begin(); it != properties->end(); ++it) {
            if (!value.contains(it.key()) && it.value().contains("default"))
                value[it.key()] = it.value()["default"];
        }
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (const Json* field = fieldSchema(schema, it.key()))
            applyDefaults(*field, it.value());
    }
}

QString quoted(const Json& value) { return QString::fromStdString(value.dump()); }

void validate(const Json& schema, const Json& value, const QString& path, QStringList& causes) {
    if (const Json* allowed = json::child(schema, "enum"); allowed && allowed->is_array() && !value.is_null()) {
        if (std::find(allowed->begin(), allowed->end(), value) == allowed->end()) {
            QStringList names;
            for (const auto& name : *allowed)
                names << quoted(name);
            causes << QStringLiteral("%1: Unsupported value: %2: supported values: %3")
                          .arg(path, quoted(value), names.join(QStringLiteral(", ")));
        }
    }
    if (value.is_array()) {
        if (const Json* items = json::child(schema, "items"))
            for (size_t i = 0; i < value.size(); ++i)
                validate(*items, value[i], QStringLiteral("%1[%2]").arg(path).arg(i), causes);
        return;
    }
    if (!value.is_object())
        return;
    const QString prefix = path.isEmpty() ? QString() : path + QLatin1Char('.');
    if (const Json* required = json::child(schema, "required"); required && required->is_array()) {
        for (const auto& name : *required) {
            if (name.is_string() && !value.contains(name.get<std::string>()))
                causes << prefix + QString::fromStdString(name.get<std::string>()) + QStringLiteral(": Required value");
        }
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (path.isEmpty() && it.key() == "metadata")
            continue;
        if (const Json* field = fieldSchema(schema, it.key()))
            validate(*field, it.value(), prefix + QString::fromStdString(it.key()), causes);
    }
}

QString firstUndeclared(const Json& schema, const Json& value, const QString& path, bool root) {
    if (value.is_array()) {
        const Json* items = json::child(schema, "items");
        for (size_t i = 0; items && i < value.size(); ++i) {
            if (QString found = firstUndeclared(*items, value[i], QStringLiteral("%1[%2]").arg(path).arg(i), false);
                !found.isEmpty())
                return found;
        }
        return {};
    }
    if (!value.is_object())
        return {};
    const bool keepUnknown = flag(schema, "x-kubernetes-preserve-unknown-fields");
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (isRootMeta(root, it.key()))
            continue;
        const QString field = path + QLatin1Char('.') + QString::fromStdString(it.key());
        const Json* declared = fieldSchema(schema, it.key());
        if (!declared && !keepUnknown)
            return field;
        if (declared) {
            if (QString found = firstUndeclared(*declared, it.value(), field, false); !found.isEmpty())
                return found;
        }
    }
    return {};
}

bool hasCelRules(const Json& schema) {
    if (schema.is_object()) {
        if (schema.contains("x-kubernetes-validations"))
            return true;
        for (const auto& value : schema)
            if (hasCelRules(value))
                return true;
    } else if (schema.is_array()) {
        for (const auto& value : schema)
            if (hasCelRules(value))
                return true;
    }
    return false;
}

} // namespace

ApiResult<void> CustomResourceSchema::conform(const ResourceType& type, Json& object) {
    if (!type.schema)
        return {};
    prune(*type.schema, object, true);
    applyDefaults(*type.schema, object);
    QStringList causes;
    validate(*type.schema, object, QString(), causes);
    if (causes.isEmpty())
        return {};
    // The real server evaluates CEL rules only on a valid object, and says it did not.
    if (hasCelRules(*type.schema))
        causes << QStringLiteral("<nil>: Invalid value: null: some validation rules were not checked because the object was "
                                 "invalid; correct the existing errors to complete validation");
    // One cause reads "<field>: <why>"; several, "[<cause>, <cause>]", as the real server words them.
    const QString name = json::metaQText(object, "name");
    ApiError error = ApiError::invalid(type.qualifiedKind(), name, causes.front().section(QStringLiteral(": "), 0, 0),
                                       QStringLiteral("FieldValueInvalid"), causes.front().section(QStringLiteral(": "), 1));
    if (causes.size() > 1)
        error.message =
            QStringLiteral("%1 \"%2\" is invalid: [%3]").arg(type.qualifiedKind(), name, causes.join(QStringLiteral(", ")));
    Json list = Json::array();
    for (const QString& cause : causes) {
        const char* reason = cause.contains(QStringLiteral(": Required value"))      ? "FieldValueRequired"
                             : cause.contains(QStringLiteral(": Unsupported value")) ? "FieldValueNotSupported"
                                                                                     : "FieldValueInvalid";
        list.push_back(Json{{"reason", reason},
                            {"message", cause.section(QStringLiteral(": "), 1).toStdString()},
                            {"field", cause.section(QStringLiteral(": "), 0, 0).toStdString()}});
    }
    error.details["causes"] = std::move(list);
    return apiFail(error);
}

QString CustomResourceSchema::firstUndeclaredField(const ResourceType& type, const Json& applied) {
    return type.schema ? firstUndeclared(*type.schema, applied, QString(), true) : QString();
}

} // namespace syncline::devcluster
