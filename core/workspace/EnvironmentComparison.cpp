#include "workspace/EnvironmentComparison.h"

namespace syncline::workspace {

namespace {

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
    return diff::DiffEngine::compare(left.result.objects, right.result.objects, diffOptions);
}

} // namespace syncline::workspace
