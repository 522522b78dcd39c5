#include "manifest/KustomizeReplacement.h"

#include "manifest/KustomizeFieldReader.h"

#include <initializer_list>
#include <string_view>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;
using Fields = KustomizeFieldReader;

#define TRY_SET(target, expr)                                                                                                    \
    do {                                                                                                                         \
        auto value_ = (expr);                                                                                                    \
        if (!value_)                                                                                                             \
            return util::fail(std::move(value_.error()));                                                                        \
        target = std::move(*value_);                                                                                             \
    } while (false)

util::Result<ReplacementSelector> parseSelector(const Json& object, const Fields& f, bool withLabels) {
    if (auto ok = withLabels ? f.checkKeys(object, {"group", "version", "kind", "name", "namespace", "labelSelector",
                                                    "annotationSelector"})
                             : f.checkKeys(object, {"group", "version", "kind", "name", "namespace", "fieldPath", "options"});
        !ok)
        return util::fail(ok.error());
    ReplacementSelector selector;
    TRY_SET(selector.group, f.string(object, "group"));
    TRY_SET(selector.version, f.string(object, "version"));
    TRY_SET(selector.kind, f.string(object, "kind"));
    TRY_SET(selector.name, f.string(object, "name"));
    TRY_SET(selector.namespaceName, f.string(object, "namespace"));
    if (withLabels) {
        TRY_SET(selector.labelSelector, f.string(object, "labelSelector"));
        TRY_SET(selector.annotationSelector, f.string(object, "annotationSelector"));
    }
    return selector;
}

util::Result<ReplacementOptions> parseOptions(const Json& object, const Fields& f) {
    if (auto ok = f.checkKeys(object, {"delimiter", "index", "create"}); !ok)
        return util::fail(ok.error());
    ReplacementOptions options;
    TRY_SET(options.delimiter, f.string(object, "delimiter"));
    if (const Json* index = f.present(object, "index")) {
        if (!index->is_number_integer() || index->get<std::int64_t>() < -1000000 || index->get<std::int64_t>() > 1000000)
            return f.invalid("index", "an integer");
        options.index = index->get<int>();
    }
    if (const Json* create = f.present(object, "create")) {
        if (!create->is_boolean())
            return f.invalid("create", "true or false");
        options.create = create->get<bool>();
    }
    return options;
}

util::Result<std::vector<std::string>> parseFieldPaths(const Json& object, const Fields& f) {
    std::vector<std::string> paths;
    const Json* list = f.present(object, "fieldPaths");
    if (!list)
        return paths;
    if (!list->is_array())
        return f.invalid("fieldPaths", "a list of strings");
    for (const Json& item : *list) {
        if (!item.is_string())
            return f.invalid("fieldPaths", "a list of strings");
        paths.push_back(item.get<std::string>());
    }
    return paths;
}

util::Result<ReplacementSource> parseSource(const Json& object, const Fields& f) {
    ReplacementSource source;
    TRY_SET(source.selector, parseSelector(object, f, false));
    TRY_SET(source.fieldPath, f.string(object, "fieldPath"));
    if (const Json* options = f.present(object, "options"))
        TRY_SET(source.options, parseOptions(*options, Fields(f.file(), f.nested("options"))));
    return source;
}

util::Result<ReplacementTarget> parseTarget(const Json& object, const Fields& f) {
    if (auto ok = f.checkKeys(object, {"select", "reject", "fieldPaths", "options"}); !ok)
        return util::fail(ok.error());
    ReplacementTarget target;
    if (const Json* select = f.present(object, "select"))
        TRY_SET(target.select, parseSelector(*select, Fields(f.file(), f.nested("select")), true));
    if (const Json* reject = f.present(object, "reject")) {
        if (!reject->is_array())
            return f.invalid("reject", "a list");
        const Fields rejectFields(f.file(), f.nested("reject[]"));
        for (const Json& item : *reject)
            TRY_SET(target.reject.emplace_back(), parseSelector(item, rejectFields, true));
    }
    TRY_SET(target.fieldPaths, parseFieldPaths(object, f));
    if (const Json* options = f.present(object, "options"))
        TRY_SET(target.options, parseOptions(*options, Fields(f.file(), f.nested("options"))));
    return target;
}

util::Result<KustomizeReplacement> parseReplacement(const Json& item, const QString& file, bool allowPath) {
    const Fields f(file, QStringLiteral("replacements[]"));
    if (auto ok = allowPath ? f.checkKeys(item, {"path", "source", "targets"}) : f.checkKeys(item, {"source", "targets"}); !ok)
        return util::fail(ok.error());
    KustomizeReplacement replacement;
    std::string path;
    TRY_SET(path, f.string(item, "path"));
    replacement.path = QString::fromStdString(path);
    if (const Json* source = f.present(item, "source"))
        TRY_SET(replacement.source, parseSource(*source, Fields(file, f.nested("source"))));
    if (const Json* targets = f.present(item, "targets")) {
        if (!targets->is_array())
            return f.invalid("targets", "a list");
        const Fields targetFields(file, f.nested("targets[]"));
        replacement.targets.emplace();
        for (const Json& target : *targets)
            TRY_SET(replacement.targets->emplace_back(), parseTarget(target, targetFields));
    }
    if (!replacement.path.isEmpty() && (replacement.source || (replacement.targets && !replacement.targets->empty())))
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("cannot specify both path and inline replacement"),
                          file);
    return replacement;
}

} // namespace

std::string ReplacementSelector::describe() const {
    auto orElse = [](const std::string& value, const char* unset) { return value.empty() ? std::string(unset) : value; };
    return orElse(kind, "[noKind]") + "." + orElse(version, "[noVer]") + "." + orElse(group, "[noGrp]") + "/" +
           orElse(name, "[noName]") + "." + orElse(namespaceName, "[noNs]");
}

util::Result<KustomizeReplacement> KustomizeReplacement::parse(const nlohmann::ordered_json& item, const QString& file) {
    return parseReplacement(item, file, true);
}

util::Result<std::vector<KustomizeReplacement>> KustomizeReplacement::parseFile(const nlohmann::ordered_json& document,
                                                                                const QString& file) {
    std::vector<KustomizeReplacement> replacements;
    if (document.is_object()) {
        TRY_SET(replacements.emplace_back(), parseReplacement(document, file, false));
        return replacements;
    }
    if (!document.is_array())
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("a replacements file must hold one replacement or a list of them"), file);
    for (const Json& item : document)
        TRY_SET(replacements.emplace_back(), parseReplacement(item, file, false));
    return replacements;
}

} // namespace syncline::manifest
