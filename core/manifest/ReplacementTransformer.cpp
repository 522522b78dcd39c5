#include "manifest/ReplacementTransformer.h"

#include "manifest/PatchTargetMatcher.h"
#include "manifest/ReplacementFieldPath.h"
#include "manifest/ReplacementScalars.h"
#include "manifest/ResourceKey.h"

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;
using replacement::ScalarTag;

constexpr const char* kDefaultFieldPath = "metadata.name";

util::Unexpected failAt(util::ErrorCode code, const QString& message, const QString& where) {
    return util::fail(code, message, where);
}

// `context` follows the reason: "...is not built in (field "x" in replacement target Kind name)".
util::Unexpected notBuiltIn(const QString& what, const QString& where, const QString& context = {}) {
    return failAt(util::ErrorCode::Unsupported, QStringLiteral("kustomize replacements: %1 is not built in").arg(what) + context,
                  where);
}

// kustomize's ResId.IsSelectedBy over every id the object had: group, version and kind
// equal where set, a name it had, a namespace it had ("" and "default" alike).
bool selectedBy(const KustomizeResource& resource, const ReplacementSelector& selector) {
    const std::string apiVersion = resource.apiVersion();
    const auto slash = apiVersion.find('/');
    const std::string version = slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
    if ((!selector.group.empty() && selector.group != resource.group()) ||
        (!selector.version.empty() && selector.version != version) ||
        (!selector.kind.empty() && selector.kind != resource.kind()))
        return false;
    if (!selector.name.empty() && selector.name != resource.name() && !resource.hadName(selector.name))
        return false;
    if (selector.namespaceName.empty())
        return true;
    auto normalized = [](const std::string& ns) { return ns.empty() ? std::string("default") : ns; };
    const std::string wanted = normalized(selector.namespaceName);
    if (normalized(resource.namespaceName()) == wanted)
        return true;
    for (const std::string& previous : resource.previousNamespaces) {
        if (normalized(previous) == wanted)
            return true;
    }
    return false;
}

QString describe(const ReplacementSelector& selector, const std::string& fieldPath) {
    return QString::fromStdString(selector.describe() + ":" + fieldPath);
}

QString objectName(const KustomizeResource& resource) { return ResourceKey::of(resource.body).toString(); }

util::Result<Json> sourceValue(const ReplacementSource& source, const std::vector<KustomizeResource>& resources,
                               const QString& where) {
    const KustomizeResource* selected = nullptr;
    for (const KustomizeResource& resource : resources) {
        if (!selectedBy(resource, source.selector))
            continue;
        if (selected)
            return failAt(util::ErrorCode::InvalidArgument,
                          QStringLiteral("multiple matches for selector %1").arg(describe(source.selector, source.fieldPath)),
                          where);
        selected = &resource;
    }
    if (!selected)
        return failAt(util::ErrorCode::NotFound,
                      QStringLiteral("nothing selected by %1").arg(describe(source.selector, source.fieldPath)), where);
    const std::string fieldPath = source.fieldPath.empty() ? std::string(kDefaultFieldPath) : source.fieldPath;
    auto found = ReplacementFieldPath::parse(fieldPath).lookup(selected->body);
    if (!found && found.error().code == util::ErrorCode::Unsupported)
        return notBuiltIn(found.error().message, where);
    if (!found)
        return failAt(found.error().code, found.error().message, where);
    const Json* value = *found;
    if (!value || value->is_null() || ((value->is_object() || value->is_array()) && value->empty()))
        return failAt(util::ErrorCode::NotFound,
                      QStringLiteral("fieldPath `%1` is missing for replacement source %2")
                          .arg(QString::fromStdString(fieldPath), QString::fromStdString(source.selector.describe())),
                      where);
    if (source.options.delimiter.empty())
        return *value;
    if (value->is_object() || value->is_array())
        return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("delimiter option can only be used with scalar nodes"),
                      where);
    if (!value->is_string())
        return notBuiltIn(QStringLiteral("a delimiter on a source that is not a string"), where);
    const QStringList pieces =
        QString::fromStdString(value->get<std::string>()).split(QString::fromStdString(source.options.delimiter));
    if (source.options.index < 0 || source.options.index >= pieces.size())
        return failAt(util::ErrorCode::InvalidArgument,
                      QStringLiteral("options.index %1 is out of bounds for value %2")
                          .arg(source.options.index)
                          .arg(QString::fromStdString(value->get<std::string>())),
                      where);
    return Json(pieces[source.options.index].toStdString());
}

// The target's text with the value put in at options.index of its delimited pieces
// (before all when negative, after all when past the end).
util::Result<std::string> delimited(const Json& field, bool created, const std::string& valueText,
                                    const ReplacementOptions& options) {
    const std::optional<std::string> current =
        created ? std::optional<std::string>(std::string()) : replacement::scalarText(field);
    if (!current)
        return util::fail(util::ErrorCode::Unsupported, QStringLiteral("a delimiter on a float target"));
    QStringList pieces = QString::fromStdString(*current).split(QString::fromStdString(options.delimiter));
    const QString value = QString::fromStdString(valueText);
    if (options.index < 0)
        pieces.prepend(value);
    else if (options.index >= pieces.size())
        pieces.append(value);
    else
        pieces[options.index] = value;
    return pieces.join(QString::fromStdString(options.delimiter)).toStdString();
}

// `text` into an existing scalar, which keeps its type: go-yaml must read the text as it.
util::Result<Json> retyped(const Json& field, const std::string& text) {
    const ScalarTag tag = replacement::tagOf(field);
    if (tag == ScalarTag::Str)
        return Json(text);
    auto resolved = replacement::resolvePlain(text);
    if (!resolved)
        return util::fail(util::ErrorCode::Unsupported,
                          QStringLiteral("the value %1 into a %2 field")
                              .arg(QString::fromStdString(text), QLatin1String(replacement::tagName(tag))));
    const bool fits = resolved->tag == tag || (tag == ScalarTag::Float && resolved->tag == ScalarTag::Int);
    if (!fits)
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("cannot decode %1 `%2` as a %3")
                              .arg(QLatin1String(replacement::tagName(resolved->tag)), QString::fromStdString(text),
                                   QLatin1String(replacement::tagName(tag))));
    if (tag == ScalarTag::Float)
        return Json(resolved->value.get<double>());
    return resolved->value;
}

struct FieldWrite {
    const Json& value;
    const ReplacementOptions& options;
    bool annotation; // metadata.annotations.<key>: kustomize keeps annotations strings
};

util::Result<void> setField(const FieldWrite& write, Json& field, bool created) {
    const bool scalarTarget = !field.is_object() && !field.is_array();
    const bool delimiter = !write.options.delimiter.empty();
    if (delimiter && !scalarTarget)
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("delimiter option can only be used with scalar nodes"));
    if (!scalarTarget) {
        field = write.value;
        return {};
    }
    std::optional<std::string> text = replacement::scalarText(write.value);
    if (!text)
        return util::fail(util::ErrorCode::Unsupported, write.value.is_number()
                                                            ? QStringLiteral("a float copied as text")
                                                            : QStringLiteral("a mapping or list into a scalar"));
    if (delimiter) {
        auto joined = delimited(field, created, *text, write.options);
        if (!joined)
            return util::fail(joined.error());
        text = *joined;
    }
    if (write.annotation) {
        field = *text;
        return {};
    }
    if (created) {
        auto resolved = replacement::resolvePlain(*text);
        if (!resolved)
            return util::fail(util::ErrorCode::Unsupported,
                              QStringLiteral("a created field with the value %1").arg(QString::fromStdString(*text)));
        field = resolved->value;
        return {};
    }
    auto value = retyped(field, *text);
    if (!value)
        return util::fail(value.error());
    field = std::move(*value);
    return {};
}

util::Result<void> writeTarget(const ReplacementTarget& target, const Json& value, KustomizeResource& resource,
                               const QString& where) {
    std::vector<std::string> fieldPaths = target.fieldPaths;
    if (fieldPaths.empty())
        fieldPaths.emplace_back(kDefaultFieldPath);
    const Json::value_t createKind = value.is_object()  ? Json::value_t::object
                                     : value.is_array() ? Json::value_t::array
                                                        : Json::value_t::null;
    for (const std::string& text : fieldPaths) {
        const ReplacementFieldPath path = ReplacementFieldPath::parse(text);
        const auto& parts = path.parts();
        const FieldWrite write{value, target.options, parts.size() == 3 && parts[0] == "metadata" && parts[1] == "annotations"};
        bool writing = false; // an error while writing the value, not while finding the field
        auto visited = path.visit(resource.body, target.options.create, createKind, [&](Json& field, bool created) {
            writing = true;
            auto ok = setField(write, field, created);
            writing = !ok;
            return ok;
        });
        const QString field = QStringLiteral("field \"%1\"").arg(QString::fromStdString(text));
        const QString on = QStringLiteral(" in replacement target %1").arg(objectName(resource));
        const QString unable =
            target.options.create ? QStringLiteral("unable to find or create ") : QStringLiteral("unable to find ");
        if (!visited && visited.error().code == util::ErrorCode::Unsupported)
            return notBuiltIn(visited.error().message, where, QStringLiteral(" (%1%2)").arg(field, on));
        if (!visited && writing)
            return failAt(visited.error().code, visited.error().message + QStringLiteral(" (%1%2)").arg(field, on), where);
        if (!visited)
            return failAt(visited.error().code, unable + field + on + QStringLiteral(": ") + visited.error().message, where);
        if (*visited == 0)
            return failAt(util::ErrorCode::NotFound, unable + field + on, where);
    }
    return {};
}

util::Result<PatchTargetMatcher> labelMatcher(const ReplacementSelector& selector, const QString& where) {
    KustomizeTarget labels;
    labels.labelSelector = selector.labelSelector;
    labels.annotationSelector = selector.annotationSelector;
    auto matcher = PatchTargetMatcher::compile(labels);
    if (!matcher)
        return failAt(matcher.error().code, matcher.error().message, where);
    return matcher;
}

util::Unexpected unsupportedSelector(const ReplacementSelector& selector, const QString& where) {
    const std::string& text = selector.labelSelector.empty() ? selector.annotationSelector : selector.labelSelector;
    return notBuiltIn(QStringLiteral("the selector %1 (only key=value terms are)").arg(QString::fromStdString(text)), where);
}

// kustomize's selectByAnnoAndLabel and rejectId: the select's label and annotation
// selectors must match, no reject's may; the select's identity must match and no
// reject's (a reject with only selectors is not an identity).
util::Result<bool> targetSelects(const ReplacementTarget& target, const KustomizeResource& resource, const QString& where) {
    auto matcher = labelMatcher(*target.select, where);
    if (!matcher)
        return util::fail(matcher.error());
    auto matches = matcher->matches(resource);
    if (!matches && matches.error().code == util::ErrorCode::Unsupported)
        return unsupportedSelector(*target.select, where);
    if (!matches || !*matches)
        return matches;
    if (!selectedBy(resource, *target.select))
        return false;
    for (const ReplacementSelector& reject : target.reject) {
        if (!reject.labelSelector.empty() || !reject.annotationSelector.empty()) {
            auto rejectMatcher = labelMatcher(reject, where);
            if (!rejectMatcher)
                return util::fail(rejectMatcher.error());
            auto rejected = rejectMatcher->matches(resource);
            if (!rejected && rejected.error().code == util::ErrorCode::Unsupported)
                return unsupportedSelector(reject, where);
            if (!rejected || *rejected)
                return rejected ? util::Result<bool>(false) : rejected;
        }
        if (!reject.identityEmpty() && selectedBy(resource, reject))
            return false;
    }
    return true;
}

} // namespace

util::Result<void> ReplacementTransformer::apply(const KustomizeReplacement& replacement,
                                                 std::vector<KustomizeResource>& resources, const QString& where) {
    if (!replacement.source || !replacement.targets)
        return failAt(util::ErrorCode::InvalidArgument,
                      QStringLiteral("replacements must specify a source and at least one target"), where);
    auto value = sourceValue(*replacement.source, resources, where);
    if (!value)
        return util::fail(value.error());
    for (const ReplacementTarget& target : *replacement.targets) {
        if (!target.select)
            return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("target must specify resources to select"), where);
        for (KustomizeResource& resource : resources) {
            auto selected = targetSelects(target, resource, where);
            if (!selected)
                return util::fail(selected.error());
            if (!*selected)
                continue;
            if (auto ok = writeTarget(target, *value, resource, where); !ok)
                return ok;
        }
    }
    return {};
}

} // namespace syncline::manifest
