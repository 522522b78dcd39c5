#pragma once

#include "util/Result.h"
#include "workspace/Environment.h"

#include <QString>

#include <vector>

namespace syncline::workspace {

struct WorkspaceConfig;

// The user's own diff options (Settings ▸ Diff options), shared by the window and the
// command line through QSettings group "diff" in the standard per-user location:
// ignore rules that apply to every environment of every repository, on top of each
// environment's `ignore` in syncline.yaml, and whether lists hide objects that are in sync.
// The rules are written as syncline.yaml's `ignore:` list (docs/syncline-yaml.md).
struct UserDiffSettings {
    // As the user wrote it; parsed again on load, never trusted.
    QString ignoreRulesYaml;
    std::vector<IgnoreRule> ignoreRules;
    bool hideUnchanged = true;

    // At most this much rule text is read (a settings file is edited by hand too).
    static constexpr qsizetype kMaxRulesBytes = 64 * 1024;

    // Rules that do not parse are left out (the text is kept so the user can fix it).
    static UserDiffSettings load();
    void save() const;
    // The rules of `yaml` (a YAML list of ignore rules; empty: none) or every problem,
    // "line:column: message", one per line.
    static util::Result<std::vector<IgnoreRule>> parseIgnoreRules(const QString& yaml);
    // Adds the rules to every environment's own.
    void applyTo(WorkspaceConfig& config) const;

    bool operator==(const UserDiffSettings&) const = default;
};

} // namespace syncline::workspace
