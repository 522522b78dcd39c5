#pragma once

#include "manifest/FileSource.h"
#include "manifest/HelmSource.h"
#include "manifest/RecordingFileSource.h"
#include "manifest/Renderer.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace syncline::workspace {

struct ChartCacheLimits {
    int maxEntries = 64;
    qint64 maxBytes = 32 * 1024 * 1024;     // the whole folder
    qint64 maxEntryBytes = 8 * 1024 * 1024; // one rendering; a bigger one is not kept
};

// What app-of-apps charts rendered to, kept on disk between runs: without it every open of
// a repository without syncline.yaml (every CLI command) runs helm again. An entry is named
// by a digest of everything the rendering depends on: the chart folder's Git tree id, the
// value files' blob ids, and the Helm inputs and helm's identity and version
// (manifest::renderInputsKey). Entries are written atomically (QSaveFile) and carry a digest
// of their content: one that is corrupt, oversized or unreadable is ignored, and the chart
// is rendered again. The folder is bounded in entries and bytes, least recently used out.
// It holds helm's output of the repository's own chart, which is in the repository anyway.
// Safe across processes; holds no state, so one may be copied to any thread.
class HelmChartRenderingCache {
public:
    // `folder` empty: nothing is cached.
    explicit HelmChartRenderingCache(QString folder, ChartCacheLimits limits = {});

    // <generic cache location>/syncline/app-of-apps; empty when there is no cache location.
    static QString defaultFolder();

    // The entry name for rendering `options.helm` over `files`; empty when an input has no
    // content id (then the rendering is not cached).
    static QString keyOf(const manifest::FileSource& files, const manifest::RenderOptions& options);

    // Whether `key` names everything a rendering read: the chart folder and the value files.
    // A chart that followed a symlink out of its folder read more, and is not cached.
    static bool keyCovers(const std::vector<manifest::ContentDependency>& read, const manifest::HelmSource& helm);

    std::optional<QByteArray> find(const QString& key) const;
    void store(const QString& key, const QByteArray& rendered) const;

    const QString& folder() const { return m_folder; }

private:
    QString pathOf(const QString& key) const;
    void prune() const;

    QString m_folder;
    ChartCacheLimits m_limits;
};

} // namespace syncline::workspace
