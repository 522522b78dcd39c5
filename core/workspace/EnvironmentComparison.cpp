#include "workspace/EnvironmentComparison.h"

namespace syncline::workspace {

std::vector<diff::IgnoreRule> ignoreRulesOf(const Environment& environment) {
    std::vector<diff::IgnoreRule> rules;
    for (const IgnoreRule& rule : environment.ignore) {
        diff::IgnoreRule converted;
        converted.group = rule.group;
        converted.kind = rule.kind;
        converted.name = rule.name;
        converted.namespaceName = rule.namespace_;
        for (const QString& pointer : rule.jsonPointers)
            converted.jsonPointers.push_back(pointer.toStdString());
        rules.push_back(std::move(converted));
    }
    return rules;
}

namespace {

// Whole-word replacement of one environment's name by the other's inside a value.
QString withNameReplaced(const QString& value, const QString& from, const QString& to) {
    QString out;
    qsizetype i = 0;
    while (i < value.size()) {
        const qsizetype at = value.indexOf(from, i);
        if (at < 0)
            break;
        const auto boundary = [&](qsizetype pos) { return pos < 0 || pos >= value.size() || !value.at(pos).isLetterOrNumber(); };
        out += value.mid(i, at - i);
        out += boundary(at - 1) && boundary(at + from.size()) ? to : from;
        i = at + from.size();
    }
    return out + value.mid(i);
}

void dropEnvironmentNameChanges(diff::DiffResult& result, const QString& leftName, const QString& rightName) {
    for (diff::ResourceDiff& resource : result.resources) {
        if (resource.state != diff::ResourceState::Modified)
            continue;
        std::erase_if(resource.changes, [&](const diff::FieldChange& change) {
            // left != right: masked Secret values read "<changed>" on both sides and must
            // never pass for a name-only difference.
            return change.kind == diff::FieldChangeKind::Changed && !change.left.isEmpty() && change.left != change.right &&
                   withNameReplaced(change.left, leftName, rightName) == change.right;
        });
        if (resource.changes.empty() && !resource.changesTruncated) {
            resource.state = diff::ResourceState::Same;
            resource.unifiedDiff.clear();
            --result.counts[std::size_t(diff::ResourceState::Modified)];
            ++result.counts[std::size_t(diff::ResourceState::Same)];
        }
    }
}

} // namespace

diff::DiffResult compareRendered(const RenderedEnvironment& left, const Environment& leftEnvironment,
                                 const RenderedEnvironment& right, const Environment& rightEnvironment,
                                 const CompareOptions& options) {
    diff::DiffOptions diffOptions;
    diffOptions.left = {leftEnvironment.defaultNamespace, options.leftNamePrefix, options.leftNameSuffix};
    diffOptions.right = {rightEnvironment.defaultNamespace, options.rightNamePrefix, options.rightNameSuffix};
    diffOptions.ignoreRules = ignoreRulesOf(leftEnvironment);
    diffOptions.compareOnlyDesiredFields = false; // both sides are rendered from Git: compare in full
    diffOptions.ignoreNamespace = options.ignoreNamespace;
    diff::DiffResult result = diff::DiffEngine::compare(left.result.objects, right.result.objects, diffOptions);
    if (options.ignoreEnvironmentNames && leftEnvironment.name != rightEnvironment.name && !leftEnvironment.name.isEmpty())
        dropEnvironmentNameChanges(result, leftEnvironment.name, rightEnvironment.name);
    return result;
}

} // namespace syncline::workspace
