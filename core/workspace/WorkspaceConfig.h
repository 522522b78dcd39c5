#pragma once

#include "util/Result.h"
#include "workspace/Environment.h"
#include "workspace/Place.h"

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
// promotion order. The schema is documented in docs/syncline-yaml.md. Version 1 lists
// environments, each one application; version 2 lists environments as places and the
// applications that run in them (applications × environments).
struct WorkspaceConfig {
    static constexpr int kCurrentVersion = 2;
    static QString fileName() { return QStringLiteral("syncline.yaml"); }

    // What Syncline renders and syncs, in display order: v1, the environments; v2, every
    // application in every environment it runs in (grouped by place, in `places` order).
    std::vector<Environment> environments;
    // v2 only: the environments as places, in display order. Empty: a version-1 file.
    std::vector<Place> places;
    // Environment names, earliest first (dev, staging, prod): v1 environments, v2 places.
    // Every name exists once.
    QStringList promotionOrder;

    bool hasApplications() const { return !places.empty(); }
    const Environment* find(const QString& name) const;
    const Place* findPlace(const QString& name) const;
    // The units of an environment: v2, its applications in file order; v1, the environment
    // itself. `application` non-empty: only that application's.
    std::vector<const Environment*> unitsOf(const QString& environment, const QString& application = {}) const;
    // Environment names in display order (v2 places, v1 environments).
    QStringList environmentNames() const;
    // Application names in first-seen order (v1: the environment names).
    QStringList applicationNames() const;
    // `units` (names) ordered so that an application comes after the applications of its
    // environment it dependsOn; otherwise as given. Cycles keep the given order.
    QStringList dependencyOrder(const QStringList& units) const;
    // v2: orders the units by their place (stable) and marks the first application of each
    // place as inheriting the version-1 inventory of that name. The parser calls it; so does
    // whoever builds a v2 config in code (detection).
    void arrangeApplications();

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
