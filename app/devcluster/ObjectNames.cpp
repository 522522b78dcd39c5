#include "ObjectNames.h"

#include "JsonUtil.h"

#include <QRegularExpression>

namespace syncline::devcluster {

namespace {

struct NameRule {
    const char* pattern; // as the server prints it
    const char* description;
    const char* examples; // "'my-name',  or '123-abc'": the server's own spacing
    int maxLength;
};

const NameRule kSubdomain{R"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)",
                          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                          "and must start and end with an alphanumeric character",
                          "'example.com', ", 253};
const NameRule kLabel{"[a-z0-9]([-a-z0-9]*[a-z0-9])?",
                      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
                      "and end with an alphanumeric character",
                      "'my-name',  or '123-abc', ", 63};
const NameRule kDns1035Label{"[a-z]([-a-z0-9]*[a-z0-9])?",
                             "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                             "alphabetic character, and end with an alphanumeric character",
                             "'my-name',  or 'abc-123', ", 63};

ApiError invalidName(const ResourceType& type, const QString& name, const QString& detail) {
    return ApiError::invalid(type.qualifiedKind(), name, QStringLiteral("metadata.name"), QStringLiteral("FieldValueInvalid"),
                             QStringLiteral("Invalid value: \"%1\": %2").arg(name, detail));
}

ApiResult<void> checkRule(const ResourceType& type, const QString& name, const NameRule& rule) {
    if (name.size() > rule.maxLength)
        return apiFail(invalidName(type, name, QStringLiteral("must be no more than %1 characters").arg(rule.maxLength)));
    const QRegularExpression pattern(QRegularExpression::anchoredPattern(QLatin1String(rule.pattern)));
    if (!pattern.match(name).hasMatch())
        return apiFail(
            invalidName(type, name,
                        QStringLiteral("%1 (e.g. %2regex used for validation is '%3')")
                            .arg(QLatin1String(rule.description), QLatin1String(rule.examples), QLatin1String(rule.pattern))));
    return {};
}

// RBAC names only have to be usable as one segment of a URL path.
ApiResult<void> checkPathSegment(const ResourceType& type, const QString& name) {
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return apiFail(invalidName(type, name, QStringLiteral("may not be '%1'").arg(name)));
    for (const char* forbidden : {"/", "%"})
        if (name.contains(QLatin1String(forbidden)))
            return apiFail(invalidName(type, name, QStringLiteral("may not contain '%1'").arg(QLatin1String(forbidden))));
    return {};
}

const char* kLabelValuePattern = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

QString labelValueProblem(const QString& value) {
    if (value.size() > 63)
        return QStringLiteral("must be no more than 63 characters");
    const QRegularExpression pattern(QRegularExpression::anchoredPattern(QLatin1String(kLabelValuePattern)));
    if (pattern.match(value).hasMatch())
        return {};
    return QStringLiteral("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                          "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                          "'12345', regex used for validation is '%1')")
        .arg(QLatin1String(kLabelValuePattern));
}

} // namespace

ApiResult<void> ObjectNames::validateLabels(const ResourceType& type, const QString& name, const Json& object) {
    const Json* metadata = object.is_object() ? json::child(object, "metadata") : nullptr;
    const Json* labels = metadata ? json::child(*metadata, "labels") : nullptr;
    if (!labels || !labels->is_object())
        return {};
    for (auto it = labels->begin(); it != labels->end(); ++it) {
        if (!it.value().is_string())
            continue; // a type error, reported where metadata's types are checked
        const QString value = QString::fromStdString(it.value().get<std::string>());
        if (const QString problem = labelValueProblem(value); !problem.isEmpty())
            return apiFail(ApiError::invalid(type.qualifiedKind(), name, QStringLiteral("metadata.labels"),
                                             QStringLiteral("FieldValueInvalid"),
                                             QStringLiteral("Invalid value: \"%1\": %2").arg(value, problem)));
    }
    return {};
}

ApiResult<void> ObjectNames::validate(const ResourceType& type, const QString& name) {
    if (type.group == QLatin1String("rbac.authorization.k8s.io"))
        return checkPathSegment(type, name);
    if (type.group.isEmpty() && type.kind == QLatin1String("Namespace"))
        return checkRule(type, name, kLabel);
    if (type.group.isEmpty() && type.kind == QLatin1String("Service"))
        return checkRule(type, name, kDns1035Label);
    return checkRule(type, name, kSubdomain);
}

} // namespace syncline::devcluster
