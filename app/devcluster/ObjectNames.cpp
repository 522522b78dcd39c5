#include "ObjectNames.h"

#include "JsonUtil.h"

#include <QRegularExpression>
#include <QStringList>

#include <utility>
#include <vector>

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

QString fieldMessage(const QString& value, const QString& problem) {
    return QStringLiteral("Invalid value: \"%1\": %2").arg(value, problem);
}

QString ruleProblem(const QString& name, const NameRule& rule) {
    if (name.size() > rule.maxLength)
        return QStringLiteral("must be no more than %1 characters").arg(rule.maxLength);
    const QRegularExpression pattern(QRegularExpression::anchoredPattern(QLatin1String(rule.pattern)));
    if (!pattern.match(name).hasMatch())
        return QStringLiteral("%1 (e.g. %2regex used for validation is '%3')")
            .arg(QLatin1String(rule.description), QLatin1String(rule.examples), QLatin1String(rule.pattern));
    return {};
}

// RBAC names only have to be usable as one segment of a URL path.
QString pathSegmentProblem(const QString& name) {
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return QStringLiteral("may not be '%1'").arg(name);
    for (const char* forbidden : {"/", "%"})
        if (name.contains(QLatin1String(forbidden)))
            return QStringLiteral("may not contain '%1'").arg(QLatin1String(forbidden));
    return {};
}

// What is wrong with `name` for this kind; empty when nothing is.
QString nameProblem(const ResourceType& type, const QString& name) {
    if (type.group == QLatin1String("rbac.authorization.k8s.io"))
        return pathSegmentProblem(name);
    if (type.group.isEmpty() && type.kind == QLatin1String("Namespace"))
        return ruleProblem(name, kLabel);
    if (type.group.isEmpty() && type.kind == QLatin1String("Service"))
        return ruleProblem(name, kDns1035Label);
    return ruleProblem(name, kSubdomain);
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
    const QString problem = nameProblem(type, name);
    if (problem.isEmpty())
        return {};
    return apiFail(ApiError::invalid(type.qualifiedKind(), name, QStringLiteral("metadata.name"),
                                     QStringLiteral("FieldValueInvalid"), fieldMessage(name, problem)));
}

QString ObjectNames::generatedName(const QString& generateName, const QString& suffix) {
    constexpr qsizetype kMaxPrefix = 63 - 5; // kube-apiserver's maxGeneratedNameLength
    return generateName.left(kMaxPrefix) + suffix;
}

// Like kube-apiserver: the prefix is checked with a trailing '-' read as a letter, then
// the name made from it; both problems are reported together.
ApiResult<void> ObjectNames::validateGenerated(const ResourceType& type, const QString& generateName, const QString& name) {
    QString masked = generateName;
    if (masked.endsWith(QLatin1Char('-')))
        masked.back() = QLatin1Char('a');
    std::vector<std::pair<QString, QString>> causes; // field, message
    if (const QString problem = nameProblem(type, masked); !problem.isEmpty())
        causes.emplace_back(QStringLiteral("metadata.generateName"), fieldMessage(generateName, problem));
    if (const QString problem = nameProblem(type, name); !problem.isEmpty())
        causes.emplace_back(QStringLiteral("metadata.name"), fieldMessage(name, problem));
    if (causes.empty())
        return {};
    ApiError error = ApiError::invalid(type.qualifiedKind(), name, causes.front().first, QStringLiteral("FieldValueInvalid"),
                                       causes.front().second);
    if (causes.size() == 1)
        return apiFail(error);
    QStringList listed;
    Json details = Json::array();
    for (const auto& [field, message] : causes) {
        listed << field + QStringLiteral(": ") + message;
        details.push_back(
            Json{{"reason", "FieldValueInvalid"}, {"message", message.toStdString()}, {"field", field.toStdString()}});
    }
    error.message =
        QStringLiteral("%1 \"%2\" is invalid: [%3]").arg(type.qualifiedKind(), name, listed.join(QStringLiteral(", ")));
    error.details["causes"] = details;
    return apiFail(error);
}

} // namespace syncline::devcluster
