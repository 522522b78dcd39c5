#include "workspace/RenderedHistory.h"

#include "git/HistoryWalker.h"

namespace syncline::workspace {

util::Result<OutputChanges> RenderedHistory::commitsChangingOutput(EnvironmentRenderer& renderer, const Environment& environment,
                                                                   const git::ObjectId& tip, std::size_t maxCommits,
                                                                   const util::CancellationToken& cancel) {
    git::HistoryQuery query;
    query.revisions = {tip.toHex()};
    auto walker = git::HistoryWalker::start(renderer.repository(), query);
    if (!walker)
        return util::fail(walker.error());
    OutputChanges changes;
    while (!walker->atEnd()) {
        if (changes.examined >= maxCommits) {
            changes.complete = false;
            break;
        }
        git::HistoryPage page = walker->next(std::min<std::size_t>(500, maxCommits - changes.examined), cancel);
        if (page.error)
            return util::fail(*page.error);
        for (const git::CommitSummary& commit : page.commits) {
            if (cancel.isCancelled())
                return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
            ++changes.examined;
            auto own = renderer.outputDigest(environment, commit.id);
            if (!own)
                return util::fail(own.error());
            if (commit.parents.empty()) {
                auto rendered = renderer.renderAt(environment, commit.id);
                if (rendered && !rendered->result.objects.empty())
                    changes.commits.insert(commit.id);
                continue;
            }
            auto parent = renderer.outputDigest(environment, commit.parents.front());
            if (!parent) {
                if (parent.error().code == util::ErrorCode::NotFound)
                    continue; // beyond a shallow boundary: nothing to compare with
                return util::fail(parent.error());
            }
            if (*own != *parent)
                changes.commits.insert(commit.id);
        }
    }
    return changes;
}

} // namespace syncline::workspace
