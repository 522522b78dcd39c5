#include "manifest/PatchTargetMatcher.h"

#include <array>
#include <re2/re2.h>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;

enum Field { Group, Version, Kind, Name, Namespace, FieldCount };

constexpr std::array<const char*, FieldCount> kFieldNames{"group", "version", "kind", "name", "namespace"};

// kustomize's EffectiveNamespace, short of its cluster-scoped kinds: unset is "default".
std::string effectiveNamespace(const std::string& ns) { return ns.empty() ? std::string("default") : ns; }

// "a=b,c=d" (and "a==b") equality selectors; anything else is refused, not guessed.
util::Result<bool> selectorMatches(const std::string& selector, const Json& map) {
    if (selector.empty())
        return true;
    std::size_t start = 0;
    while (start <= selector.size()) {
        const auto comma = selector.find(',', start);
        const std::string term = selector.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto eq = term.find('=');
        if (eq == std::string::npos || term.find_first_of("!()") != std::string::npos)
            return util::fail(
                util::ErrorCode::Unsupported,
                QStringLiteral("not supported: selector %1 (only key=value terms)").arg(QString::fromStdString(selector)));
        const std::string key = term.substr(0, eq);
        const std::string value = term.substr(eq + 1 < term.size() && term[eq + 1] == '=' ? eq + 2 : eq + 1);
        auto it = map.is_object() ? map.find(key) : map.end();
        if (!map.is_object() || it == map.end() || !it->is_string() || it->get<std::string>() != value)
            return false;
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return true;
}

Json metadataMap(const KustomizeResource& resource, const char* key) {
    auto metadata = resource.body.find("metadata");
    if (metadata == resource.body.end() || !metadata->is_object())
        return Json();
    return metadata->value(key, Json());
}

} // namespace

struct PatchTargetMatcher::Patterns {
    KustomizeTarget target;
    std::array<std::unique_ptr<RE2>, FieldCount> regex; // null: the field is not set

    util::Result<bool> match(Field field, const std::string& subject) const {
        if (subject.size() > kMaxSubjectLength)
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("a %1 of %2 characters is longer than the %3 a patch target can match")
                                  .arg(QLatin1String(kFieldNames[field]))
                                  .arg(subject.size())
                                  .arg(kMaxSubjectLength));
        return RE2::FullMatch(subject, *regex[field]);
    }
    // Matches when any of the subjects does (kustomize: original, then current).
    util::Result<bool> matchAny(Field field, const std::vector<std::string>& subjects) const {
        if (!regex[field])
            return true;
        for (const std::string& subject : subjects) {
            auto matched = match(field, subject);
            if (!matched || *matched)
                return matched;
        }
        return false;
    }
};

PatchTargetMatcher::PatchTargetMatcher(std::unique_ptr<Patterns> patterns) : m_patterns(std::move(patterns)) {}
PatchTargetMatcher::PatchTargetMatcher(PatchTargetMatcher&&) noexcept = default;
PatchTargetMatcher& PatchTargetMatcher::operator=(PatchTargetMatcher&&) noexcept = default;
PatchTargetMatcher::~PatchTargetMatcher() = default;

util::Result<PatchTargetMatcher> PatchTargetMatcher::compile(const KustomizeTarget& target) {
    auto patterns = std::make_unique<Patterns>();
    patterns->target = target;
    const std::array<const std::string*, FieldCount> sources{&target.group, &target.version, &target.kind, &target.name,
                                                             &target.namespaceName};
    RE2::Options options;
    options.set_log_errors(false);
    for (int field = 0; field < FieldCount; ++field) {
        const std::string& pattern = *sources[std::size_t(field)];
        if (pattern.empty())
            continue;
        const QString fieldName = QLatin1String(kFieldNames[std::size_t(field)]);
        if (pattern.size() > kMaxPatternLength)
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("patch target %1: a pattern of %2 characters is longer than %3")
                                  .arg(fieldName)
                                  .arg(pattern.size())
                                  .arg(kMaxPatternLength));
        // The pattern as kustomize anchors it, so "a|b" stays "^(?:a|b)$".
        auto regex = std::make_unique<RE2>("^(?:" + pattern + ")$", options);
        if (!regex->ok())
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("patch target %1: invalid regular expression \"%2\": %3")
                                  .arg(fieldName, QString::fromStdString(pattern), QString::fromStdString(regex->error())));
        patterns->regex[std::size_t(field)] = std::move(regex);
    }
    return PatchTargetMatcher(std::move(patterns));
}

util::Result<bool> PatchTargetMatcher::matches(const KustomizeResource& resource) const {
    const Patterns& p = *m_patterns;
    std::vector<std::string> namespaces{effectiveNamespace(resource.namespaceName())};
    if (!resource.previousNamespaces.empty())
        namespaces.insert(namespaces.begin(), effectiveNamespace(resource.previousNamespaces.front()));
    std::vector<std::string> names = resource.previousNames;
    names.push_back(resource.name());
    const std::string apiVersion = resource.apiVersion();
    const auto slash = apiVersion.find('/');
    const std::string version = slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
    const std::array<std::pair<Field, std::vector<std::string>>, FieldCount> checks{{
        {Namespace, std::move(namespaces)},
        {Name, std::move(names)},
        {Group, {resource.group()}},
        {Version, {version}},
        {Kind, {resource.kind()}},
    }};
    for (const auto& [field, subjects] : checks) {
        auto matched = p.matchAny(field, subjects);
        if (!matched || !*matched)
            return matched;
    }
    auto labels = selectorMatches(p.target.labelSelector, metadataMap(resource, "labels"));
    if (!labels || !*labels)
        return labels;
    return selectorMatches(p.target.annotationSelector, metadataMap(resource, "annotations"));
}

} // namespace syncline::manifest
