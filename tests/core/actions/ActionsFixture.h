#pragma once

// A small GitOps repository for the action tests: a kustomize base and dev/staging/prod
// overlays with images: tags, a promotable version.yaml, and syncline.yaml — built and
// checked with the real git CLI.
#include "actions/ActionRunner.h"
#include "support/GitFixture.h"
#include "workspace/WorkspaceLoader.h"

#include <QFile>
#include <QTest>

namespace syncline::test {

inline QByteArray overlayText(const QByteArray& env, const QByteArray& apiTag, const QByteArray& webTag) {
    return "# " + env +
           " overlay: edited by hand and by CI\n"
           "apiVersion: kustomize.config.k8s.io/v1beta1\n"
           "kind: Kustomization\n"
           "namespace: shop-" +
           env +
           "\n"
           "resources:\n"
           "- ../../base\n"
           "- version.yaml\n"
           "images:\n"
           "- name: registry.example.com/shop/api\n"
           "  newTag: \"" +
           apiTag +
           "\"   # bumped by CI\n"
           "- name: registry.example.com/shop/web\n"
           "  newTag: " +
           webTag +
           "\n"
           "replicas:\n"
           "- name: api\n"
           "  count: 2\n";
}

inline QByteArray versionText(const QByteArray& version) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: version\ndata:\n  version: \"" + version + "\"\n";
}

inline QByteArray deploymentText(const QByteArray& name, const QByteArray& image) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name +
           "\nspec:\n  template:\n    spec:\n      containers:\n      - name: " + name + "\n        image: " + image + "\n";
}

inline void buildGitOpsRepository(GitFixture& repo) {
    repo.writeFile(QStringLiteral("base/kustomization.yaml"),
                   "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- api.yaml\n- web.yaml\n");
    repo.writeFile(QStringLiteral("base/api.yaml"), deploymentText("api", "registry.example.com/shop/api:1.0.0"));
    repo.writeFile(QStringLiteral("base/web.yaml"), deploymentText("web", "registry.example.com/shop/web:2.0.0"));
    for (const char* env : {"dev", "staging", "prod"}) {
        repo.writeFile(QStringLiteral("overlays/%1/kustomization.yaml").arg(QLatin1String(env)),
                       overlayText(env, "1.0.0", "2.0.0"));
        repo.writeFile(QStringLiteral("overlays/%1/version.yaml").arg(QLatin1String(env)), versionText("1.0"));
    }
    QByteArray config = "version: 1\nenvironments:\n";
    for (const char* env : {"dev", "staging", "prod"})
        config += QByteArray("  - name: ") + env + "\n    path: overlays/" + env +
                  "\n    renderer: kustomize\n    namespace: shop-" + env + "\n    promotable: [version.yaml]\n";
    config += "promotion: [dev, staging, prod]\n";
    repo.writeFile(QStringLiteral("syncline.yaml"), config);
    repo.writeFile(QStringLiteral("README.md"), "# shop\n");
    repo.commitAll(QStringLiteral("Initial layout"), 1700000000);
    repo.writeFile(QStringLiteral("overlays/dev/kustomization.yaml"), overlayText("dev", "1.1.0", "2.1.0"));
    repo.writeFile(QStringLiteral("overlays/dev/version.yaml"), versionText("1.1"));
    repo.commitAll(QStringLiteral("dev: api 1.1.0, web 2.1.0"), 1700000100);
}

inline QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

inline QString trimmed(const QString& text) { return text.trimmed(); }

// Everything a test checks after an action that should have written nothing.
struct RepoState {
    QString refs, status, fsck;
    static RepoState of(const GitFixture& repo) {
        RepoState state;
        state.refs = repo.git({QStringLiteral("for-each-ref"), QStringLiteral("--format=%(refname) %(objectname)")});
        state.status = repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")});
        int rc = repo.gitStatus({QStringLiteral("fsck"), QStringLiteral("--no-dangling")}, &state.fsck);
        if (rc != 0)
            state.fsck = QStringLiteral("fsck failed: ") + state.fsck;
        else
            state.fsck.clear();
        return state;
    }
};

inline workspace::WorkspaceConfig loadConfig(const std::shared_ptr<const git::Repository>& repository) {
    auto workspace = workspace::WorkspaceLoader::open(repository);
    if (!workspace)
        qFatal("workspace: %s", qPrintable(workspace.error().toString()));
    return workspace->config;
}

} // namespace syncline::test
