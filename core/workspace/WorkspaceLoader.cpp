#include "workspace/WorkspaceLoader.h"

#include "git/CommitWriter.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "workspace/detect/ApplicationDetector.h"
#include "workspace/detect/ApplicationEnvironments.h"
#include "workspace/detect/HelmChartRendering.h"

#include <QDir>
#include <QFileInfo>

namespace syncline::workspace {

namespace {

QString branchRef(const QString& branch) {
    return branch.startsWith(QLatin1String("refs/")) ? branch : QStringLiteral("refs/heads/") + branch;
}

QString shortBranch(const QString& branch) { return branch.startsWith(QLatin1String("refs/heads/")) ? branch.mid(11) : branch; }

} // namespace

util::Result<Workspace> WorkspaceLoader::open(std::shared_ptr<const git::Repository> repository, const QString& branch) {
    Workspace workspace;
    workspace.branch = shortBranch(branch);
    if (workspace.branch.isEmpty()) {
        auto head = repository->head();
        if (!head)
            return util::fail(head.error());
        if (head->detached)
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("HEAD is detached: name the branch whose environments to open"),
                              repository->workDir());
        if (head->unborn)
            return util::fail(util::ErrorCode::EmptyRepository, QStringLiteral("branch %1 has no commits yet").arg(head->branch),
                              repository->workDir());
        workspace.branch = head->branch;
    }
    auto tip = repository->resolveCommit(branchRef(workspace.branch));
    if (!tip)
        return util::fail(tip.error());
    workspace.tip = *tip;
    auto snapshot = git::TreeSnapshot::atCommit(repository, *tip);
    if (!snapshot)
        return util::fail(snapshot.error());
    const manifest::GitTreeFileSource files(std::move(*snapshot));

    const QString name = WorkspaceConfig::fileName();
    if (files.typeOf(name) == manifest::EntryType::File) {
        auto bytes = files.readFile(name);
        if (!bytes)
            return util::fail(bytes.error());
        auto config = WorkspaceConfig::parse(std::string_view(bytes->constData(), std::size_t(bytes->size())), name);
        if (!config)
            return util::fail(config.error());
        workspace.config = std::move(*config);
        return workspace;
    }
    workspace.detected = true;
    workspace.applications = ApplicationDetector::detect(
        files, DetectorOptions{.currentBranch = workspace.branch, .renderChart = helmChartRenderer()});
    workspace.detection = ApplicationEnvironments::fromApplications(workspace.applications);
    workspace.config = workspace.detection.config();
    return workspace;
}

util::Result<git::ObjectId> WorkspaceLoader::writeDetectedConfig(const git::Repository& repository, const QString& branch,
                                                                 const WorkspaceConfig& config,
                                                                 const std::optional<git::Signature>& author,
                                                                 const std::optional<git::ObjectId>& expectedTip) {
    const QString name = WorkspaceConfig::fileName();
    if (const auto problems = config.validate(); !problems.empty()) {
        QStringList lines;
        for (const ConfigProblem& problem : problems)
            lines.append(problem.toString());
        return util::fail(util::ErrorCode::InvalidArgument, lines.join(QLatin1Char('\n')));
    }
    // Detection may find more than syncline.yaml can say yet (a Helm source): a file that
    // would not read back as the same environments is not written.
    const QByteArray yaml = config.toYaml();
    auto readBack = WorkspaceConfig::parse(std::string_view(yaml.constData(), std::size_t(yaml.size())), name);
    if (!readBack || *readBack != config)
        return util::fail(util::ErrorCode::Unsupported,
                          QStringLiteral("syncline.yaml cannot describe these environments yet (%1); nothing was written")
                              .arg(readBack ? QStringLiteral("it would not read back the same, e.g. a Helm source")
                                            : readBack.error().toString()),
                          name);
    const QString shortName = shortBranch(branch);
    auto tip = repository.resolveCommit(branchRef(shortName));
    if (!tip)
        return util::fail(tip.error());
    if (expectedTip && *expectedTip != *tip)
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch moved since the environments were detected; nothing was written"),
                          shortName);

    // TreeSnapshot wants shared ownership; this one lives only inside this call.
    std::shared_ptr<const git::Repository> borrowed(&repository, [](const git::Repository*) {});
    auto snapshot = git::TreeSnapshot::atCommit(borrowed, *tip);
    if (!snapshot)
        return util::fail(snapshot.error());
    auto existing = snapshot->entry(name);
    if (!existing)
        return util::fail(existing.error());
    if (*existing)
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("%1 already has a %2; nothing was written").arg(shortName, name), name);

    // When the branch is checked out, the new file also lands in the working tree; an
    // uncommitted file of the same name there is the user's and is never replaced.
    bool checkedOut = false;
    if (!repository.isBare()) {
        auto head = repository.head();
        if (!head)
            return util::fail(head.error());
        checkedOut = !head->detached && head->branch == shortName;
    }
    if (checkedOut && QFileInfo::exists(QDir(repository.workDir()).filePath(name)))
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the working tree has an uncommitted %1; commit or move it first").arg(name), name);

    git::CommitRequest request{.branch = shortName,
                               .expectedTip = *tip,
                               .edits = {git::FileEdit{.path = name, .content = yaml}},
                               .message = commitMessage(),
                               .author = author};
    auto commit = git::CommitWriter::commit(repository, request);
    if (!commit)
        return util::fail(commit.error());
    if (checkedOut)
        if (auto updated = repository.fastForwardWorkTree(*tip, *commit); !updated)
            return util::fail(util::ErrorCode::Conflict,
                              QStringLiteral("committed %1 as %2, but the working tree could not follow: %3")
                                  .arg(name, commit->shortHex(), updated.error().toString()),
                              shortName);
    return *commit;
}

} // namespace syncline::workspace
