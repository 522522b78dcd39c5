#pragma once

#include "util/Result.h"
#include "workspace/Environment.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <string_view>
#include <vector>

namespace syncline::workspace {

// One schema problem of a syncline.yaml, at a 1-based line and column.
struct ConfigProblem {
    QString file;
    int line = 0;
    int column = 0;
    QString message;

    // "syncline.yaml:12:7: unknown key 'rendrer' ..."
    QString toString() const;
    bool operator==(const ConfigProblem&) const = default;
};

// What syncline.yaml at the repository root says: the environments in order and the
// promotion order. The schema is documented in docs/syncline-yaml.md.
struct WorkspaceConfig {
    static constexpr int kCurrentVersion = 1;
    static QString fileName() { return QStringLiteral("syncline.yaml"); }

    std::vector<Environment> environments;
    // Environment names, earliest first (dev, staging, prod). Every name exists once.
    QStringList promotionOrder;

    const Environment* find(const QString& name) const;

    // Parses and validates the whole file. Every problem is reported, each with its line
    // and column: syntax errors, unknown keys, duplicate keys, wrong types, missing
    // name/path, duplicate environment names, unknown renderer/mode, JSON pointers that
    // do not start with '/', paths that leave the repository, a promotion order naming an
    // unknown environment or one twice. On failure the Error's message lists every
    // problem, one "file:line:column: message" per line; `problems` gets them as values.
    static util::Result<WorkspaceConfig> parse(std::string_view text, const QString& fileName = WorkspaceConfig::fileName(),
                                               std::vector<ConfigProblem>* problems = nullptr);

    // Problems a config built in code has (detected configs, edits in the UI): the same
    // rules as parse() except positions, which are 0.
    std::vector<ConfigProblem> validate() const;

    // The file's text: `parse(toYaml())` gives back an equal config. Defaults are left
    // out, except the renderer, which is always written.
    QByteArray toYaml() const;

    bool operator==(const WorkspaceConfig&) const = default;
};

} // namespace syncline::workspace
