#pragma once

#include "git/TreeSnapshot.h"
#include "util/Result.h"
#include "workspace/WorkspaceConfig.h"

#include <QStringList>

namespace syncline::workspace {

// For a repository where nothing was detected: the folders that could be environments
// (those holding Kubernetes YAML, a kustomization or a Helm chart, from the branch tip's
// Git objects), and the syncline.yaml the user's choice of them makes — one environment
// per folder, named after it, rendered as the folder says (kustomization.yaml: kustomize,
// Chart.yaml: Helm, else plain manifests), in the order chosen as the promotion order.
class FolderEnvironments {
public:
    static constexpr int kMaxDepth = 4;
    static constexpr int kMaxFolders = 500;        // a huge tree stops listing here, never the window
    static constexpr int kMaxFoldersRead = 10'000; // and stops being read here, whatever it holds

    struct Folder {
        QString path;
        RendererChoice renderer = RendererChoice::Plain;
    };

    // `maxRead`: how many folders are read at most (tests make it small).
    static util::Result<std::vector<Folder>> candidates(const git::TreeSnapshot& tree, int maxRead = kMaxFoldersRead);
    // Version 1, one environment per folder in this order (also the promotion order).
    static WorkspaceConfig configFor(const std::vector<Folder>& folders);
    // "deploy/Staging_EU" → "staging-eu": a DNS label, unique among `taken`.
    static QString environmentName(const QString& folder, const QStringList& taken);

private:
    struct Walk {
        std::vector<Folder> found;
        int readLeft = 0;
    };
    static util::Result<void> visit(const git::TreeSnapshot& tree, const QString& folder, int depth, Walk& walk);
    static RendererChoice rendererOf(const std::vector<git::TreeSnapshot::Entry>& entries);
};

} // namespace syncline::workspace
