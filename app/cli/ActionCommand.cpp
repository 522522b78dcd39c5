#include "ActionCommand.h"

#include "ActionSync.h"
#include "Cli.h"
#include "CommandLine.h"
#include "Terminal.h"
#include "TerminalGitAccess.h"
#include "WorkspaceContext.h"
#include "actions/ActionActivity.h"
#include "actions/ActionRunner.h"
#include "actions/BranchResolver.h"
#include "actions/CombinedPromotePlanner.h"
#include "actions/PromotePlanner.h"
#include "actions/RevertPlanner.h"
#include "actions/RollbackPlanner.h"
#include "actions/UnpublishedCommits.h"
#include "activity/ActivityLog.h"
#include "git/Pusher.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace syncline::app {

namespace {

const char* const exitCodesHelp =
    "\nExit codes: 0 done (or nothing to do; also when a rejected push went to a new branch instead),\n"
    "1 failure, declined, or a requested sync that failed or could not run, 2 usage, 3 conflict (nothing written),\n"
    "4 push rejected and nothing published (the commit is kept locally).";

struct CommonOptions {
    QCommandLineOption repo = repositoryOption();
    QCommandLineOption push{QStringLiteral("push"), QStringLiteral("Push the branch after committing (never forced).")};
    QCommandLineOption remote{QStringLiteral("remote"), QStringLiteral("Remote to push to (default: origin)."),
                              QStringLiteral("NAME"), QStringLiteral("origin")};
    QCommandLineOption sync{QStringLiteral("sync"), QStringLiteral("Sync the affected environments afterwards.")};
    QCommandLineOption yes{
        QStringLiteral("yes"),
        QStringLiteral(
            "Do not ask; commit after printing the preview (with --sync: trust the clusters it syncs, printing what).")};
    QCommandLineOption dryRun{QStringLiteral("dry-run"), QStringLiteral("Print the preview and change nothing.")};
    QCommandLineOption newBranch{QStringLiteral("new-branch-on-reject"),
                                 QStringLiteral("When the remote refuses the push (hook, protected branch), push the commit to a "
                                                "new branch syncline/<action>-<short> for review without asking.")};

    void addTo(QCommandLineParser& parser) const { parser.addOptions({repo, push, remote, sync, yes, dryRun, newBranch}); }
};

int exitFor(const util::Error& error) {
    switch (error.code) {
    case util::ErrorCode::Conflict:
        return Cli::Conflict;
    case util::ErrorCode::InvalidArgument:
    case util::ErrorCode::NotFound:
        return Cli::Usage;
    default:
        break;
    }
    return Cli::Failure;
}

int fail(const QString& command, const util::Error& error) {
    std::fprintf(stderr, "syncline %s: %s\n", qPrintable(command), qPrintable(error.toString()));
    return exitFor(error);
}

// After a hook or protected-branch rejection: offer (or, with --new-branch-on-reject, do)
// the push of the commit to a new branch for review. True when it was published there.
bool pushToNewBranch(const QString& command, const QCommandLineParser& parser, const CommonOptions& options,
                     const WorkspaceContext& context, const actions::ActionOutcome& outcome, TerminalGitAccess& access,
                     QTextStream& out) {
    const QString& branch = outcome.suggestedBranch;
    const QString remote = parser.value(options.remote);
    bool wanted = parser.isSet(options.newBranch);
    if (!wanted && !parser.isSet(options.yes))
        if (auto terminal = Terminal::open())
            wanted = terminal->confirm(QStringLiteral("Push the commit to a new branch %1 instead?").arg(branch));
    if (!wanted) {
        std::fprintf(stderr,
                     "syncline %s: the commit is kept locally; to publish it for review, push it to a new branch: "
                     "git push %s %s:%s (next time, --new-branch-on-reject does this)\n",
                     qPrintable(command), qPrintable(remote), qPrintable(outcome.branch), qPrintable(branch));
        return false;
    }
    git::PushRequest request;
    request.remote = remote;
    request.branch = outcome.branch;
    request.credentials = access.credentials();
    request.hostKeyPrompt = access.hostKeyPrompt();
    auto pushed = git::Pusher::pushToNewBranch(*context.repository, request, branch);
    if (!pushed) {
        std::fprintf(stderr, "syncline %s: the push to the new branch %s failed too: %s\n", qPrintable(command),
                     qPrintable(branch), qPrintable(pushed.error().toString()));
        return false;
    }
    out << "pushed " << pushed->pushedCommit.shortHex() << " to the new branch " << branch << " on " << remote << " for review; "
        << outcome.branch << " on " << remote << " was NOT updated\n";
    if (!pushed->remoteMessage.isEmpty())
        out << "remote: " << pushed->remoteMessage << '\n';
    return true;
}

// Before anything is written: with --sync, whether the sync can run at all and may reach
// the clusters; without --yes, the user's "y". nullopt: go on; else the exit code.
std::optional<int> checkBeforeCommit(const QString& command, const QCommandLineParser& parser, const CommonOptions& options,
                                     const WorkspaceContext& context, const actions::ActionPreview& preview, QTextStream& out) {
    const bool push = parser.isSet(options.push);
    if (parser.isSet(options.sync))
        if (const QString problem = ActionSync::problemBeforeCommit(context, preview, push); !problem.isEmpty()) {
            std::fprintf(stderr, "syncline %s: %s\n", qPrintable(command), qPrintable(problem));
            return Cli::Usage;
        }
    if (parser.isSet(options.sync))
        if (const QString problem = ActionSync::consentBeforeCommit(context, preview, parser.isSet(options.yes));
            !problem.isEmpty()) {
            std::fprintf(stderr, "syncline %s: %s\n", qPrintable(command), qPrintable(problem));
            return Cli::Failure;
        }
    if (!parser.isSet(options.yes)) {
        out << (push ? "Commit and push this? [y/N] " : "Commit this? [y/N] ");
        out.flush();
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
            out << "nothing was changed\n";
            return Cli::Failure;
        }
    }
    return std::nullopt;
}

void printCommit(const actions::ActionOutcome& outcome, QTextStream& out) {
    if (!outcome.newTip) {
        out << "nothing to commit\n";
    } else if (outcome.fastForward) {
        out << "fast-forwarded " << outcome.branch << " to " << outcome.newTip->shortHex() << '\n';
    } else {
        out << "committed " << outcome.newTip->shortHex() << " on " << outcome.branch << '\n';
    }
    for (const QString& warning : outcome.warnings)
        out << "warning: " << warning << '\n';
}

// The push's result; a rejected push may still go to a new branch for review. The exit code.
int reportPush(const QString& command, const QCommandLineParser& parser, const CommonOptions& options,
               const WorkspaceContext& context, const actions::ActionOutcome& outcome, TerminalGitAccess& access,
               QTextStream& out) {
    const QString remote = parser.value(options.remote);
    if (outcome.push) {
        out << "pushed " << outcome.branch << " to " << remote << " (" << outcome.push->pushedCommit.shortHex()
            << (outcome.push->attempts > 1
                    ? QStringLiteral(", rebuilt on the remote tip, %1 attempts").arg(outcome.push->attempts)
                    : QString())
            << ")\n";
        if (!outcome.push->remoteMessage.isEmpty())
            out << "remote: " << outcome.push->remoteMessage << '\n';
        return Cli::Ok;
    }
    if (!outcome.pushError)
        return Cli::Ok;
    out.flush();
    std::fprintf(stderr, "syncline %s: push failed: %s\n", qPrintable(command), qPrintable(outcome.pushError->toString()));
    int exit = outcome.pushError->code == util::ErrorCode::Rejected   ? Cli::PushRejected
               : outcome.pushError->code == util::ErrorCode::Conflict ? Cli::Conflict
                                                                      : Cli::Failure;
    if (!outcome.suggestedBranch.isEmpty() && pushToNewBranch(command, parser, options, context, outcome, access, out))
        exit = Cli::Ok;
    access.reportKeychain(command);
    return exit;
}

// The requested sync of what was committed. False when it was skipped or failed.
bool syncAfterCommit(const WorkspaceContext& context, const actions::ActionPreview& preview,
                     const actions::ActionOutcome& outcome, const QString& remote, QTextStream& out) {
    out.flush();
    // A push that did not update the branch leaves the environments where they were:
    // deploying the refused commit would bypass the remote's rules.
    if (outcome.pushAttempted && !outcome.push) {
        out << "sync: skipped, " << outcome.branch << " on " << remote << " was not updated\n";
        return false;
    }
    return ActionSync::run(context, preview, *outcome.newTip, out);
}

// Nothing to commit, but --push and the branch holds commits its remote lacks: an earlier
// run that stopped between its commit and its push (killed, offline) left the change
// unpublished, and the same command run again publishes it instead of saying "nothing to
// do". Never rebuilt or forced: a rejection is reported like any other.
int pushUnpublished(const QString& command, const QCommandLineParser& parser, const CommonOptions& options,
                    const WorkspaceContext& context, const actions::ActionPlan& plan, QTextStream& out) {
    const QString remote = parser.value(options.remote);
    const auto unpublished = actions::UnpublishedCommits::of(*context.repository, remote, plan.branch, plan.expectedTip);
    if (unpublished.count == 0)
        return Cli::Ok;
    out << unpublished.note(plan.branch) << '\n';
    if (!parser.isSet(options.yes)) {
        out << "Push them? [y/N] ";
        out.flush();
        const QString answer = QTextStream(stdin).readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
            out << "nothing was pushed\n";
            return Cli::Failure;
        }
    }
    TerminalGitAccess access(*context.repository, remote);
    git::PushRequest request;
    request.remote = remote;
    request.branch = plan.branch;
    request.credentials = access.credentials();
    request.hostKeyPrompt = access.hostKeyPrompt();
    actions::ActionOutcome outcome;
    outcome.kind = plan.kind;
    outcome.branch = plan.branch;
    outcome.pushAttempted = true;
    if (auto pushed = git::Pusher::push(*context.repository, request))
        outcome.push = *pushed;
    else
        outcome.pushError = pushed.error();
    return reportPush(command, parser, options, context, outcome, access, out);
}

// Preview, ask, run, report: the part the three commands share.
int execute(const QString& command, const QCommandLineParser& parser, const CommonOptions& options,
            const WorkspaceContext& context, const actions::ActionPlanner& planner) {
    actions::ActionRunner runner(context.repository, context.workspace.config);
    auto preview = runner.preview(planner, parser.value(options.remote));
    if (!preview)
        return fail(command, preview.error());
    QTextStream out(stdout);
    out << preview->toText();
    out.flush();
    if (preview->isEmpty())
        return parser.isSet(options.push) && !parser.isSet(options.dryRun)
                   ? pushUnpublished(command, parser, options, context, preview->plan, out)
                   : Cli::Ok;
    if (parser.isSet(options.dryRun)) {
        out << "dry run: nothing was changed\n";
        return Cli::Ok;
    }
    if (auto stop = checkBeforeCommit(command, parser, options, context, *preview, out))
        return *stop;
    TerminalGitAccess access(*context.repository, parser.value(options.remote));
    actions::ActionRunOptions runOptions;
    runOptions.push = parser.isSet(options.push);
    runOptions.remote = parser.value(options.remote);
    runOptions.requestSync = parser.isSet(options.sync);
    runOptions.credentials = access.credentials();
    runOptions.hostKeyPrompt = access.hostKeyPrompt();
    auto outcome = runner.run(planner, preview->plan, runOptions);
    access.reportKeychain(command);
    const QString root = context.repository->workDir();
    activity::ActivityLog::record(outcome ? actions::ActionActivity::finished(preview->plan, *outcome, root)
                                          : actions::ActionActivity::failed(preview->plan, outcome.error(), root));
    if (!outcome)
        return fail(command, outcome.error());
    printCommit(*outcome, out);
    int exit = reportPush(command, parser, options, context, *outcome, access, out);
    if (outcome->syncRequested && outcome->newTip && !syncAfterCommit(context, *preview, *outcome, runOptions.remote, out))
        exit = exit == Cli::Ok ? Cli::Failure : exit;
    return exit;
}

// Every application of FROM in one previewed commit (CombinedPromotePlanner).
int promoteTogether(const QString& command, const QCommandLineParser& parser, const CommonOptions& options,
                    const WorkspaceContext& context, const std::vector<UnitPair>& pairs,
                    const std::optional<git::ObjectId>& sourceRevision) {
    std::vector<actions::CombinedPromotePlanner::Pair> units;
    for (const UnitPair& pair : pairs)
        units.push_back({pair.left->name, pair.right->name, sourceRevision});
    auto planner = actions::CombinedPromotePlanner::create(*context.repository, context.workspace.config, units);
    if (!planner)
        return fail(command, planner.error());
    return execute(command, parser, options, context, *planner);
}

std::optional<int> parse(QCommandLineParser& parser, const CommonOptions& options, const QStringList& args,
                         const QString& command, const QString& description, int positionals) {
    parser.setApplicationDescription(description + QString::fromLatin1(exitCodesHelp));
    parser.addHelpOption();
    options.addTo(parser);
    if (auto stop = parseCommandLine(parser, args, command))
        return *stop;
    if (parser.positionalArguments().size() != positionals) {
        std::fprintf(stderr, "syncline %s: expected %d argument(s); see 'syncline %s --help'\n", qPrintable(command), positionals,
                     qPrintable(command));
        return Cli::Usage;
    }
    return std::nullopt;
}

} // namespace

int ActionCommand::promote(const QStringList& args) {
    const QString command = QStringLiteral("promote");
    QCommandLineParser parser;
    CommonOptions options;
    const QCommandLineOption source(QStringLiteral("source"),
                                    QStringLiteral("Revision of FROM to promote (default: the tip of FROM's branch; "
                                                   "the window uses FROM's deployed revision)."),
                                    QStringLiteral("REV"));
    const QCommandLineOption application = applicationOption();
    const QCommandLineOption each(QStringLiteral("each"),
                                  QStringLiteral("With several applications: one previewed commit per application "
                                                 "instead of one commit for all of them."));
    parser.addOptions({source, application, each});
    parser.addPositionalArgument(QStringLiteral("FROM"), QStringLiteral("environment to promote from"));
    parser.addPositionalArgument(QStringLiteral("TO"),
                                 QStringLiteral("environment to bring to FROM's images and promotable files"));
    if (auto stop = parse(parser, options, args, command,
                          QStringLiteral("Make TO run what FROM runs: copy kustomize images: tags and promotable files "
                                         "(one folder per environment), or fast-forward/merge (one branch per environment)."),
                          2))
        return *stop;
    auto context = WorkspaceContext::open(parser.value(options.repo));
    if (!context)
        return fail(command, context.error());
    std::optional<git::ObjectId> sourceRevision;
    if (parser.isSet(source)) {
        auto resolved = context->repository->resolveCommit(parser.value(source));
        if (!resolved)
            return fail(command, util::makeError(util::ErrorCode::NotFound, resolved.error().message, parser.value(source)));
        sourceRevision = *resolved;
    }
    auto pairs =
        context->pairs(parser.positionalArguments().at(0), parser.positionalArguments().at(1), parser.value(application));
    if (!pairs)
        return fail(command, pairs.error());
    for (const QString& note : pairs->notes)
        std::fprintf(stderr, "syncline promote: %s: not promoted\n", qPrintable(note));
    if (pairs->pairs.size() > 1 && !parser.isSet(each))
        return promoteTogether(command, parser, options, *context, pairs->pairs, sourceRevision);
    // One commit per application, each previewed (and asked) on its own; a failure stops the rest.
    for (const UnitPair& pair : pairs->pairs) {
        auto planner = actions::PromotePlanner::create(*context->repository, context->workspace.config, pair.left->name,
                                                       pair.right->name, sourceRevision);
        if (!planner)
            return fail(command, planner.error());
        if (const int exit = execute(command, parser, options, *context, *planner); exit != Cli::Ok)
            return exit;
    }
    return Cli::Ok;
}

int ActionCommand::revert(const QStringList& args) {
    const QString command = QStringLiteral("revert");
    QCommandLineParser parser;
    CommonOptions options;
    const QCommandLineOption mainline(QStringLiteral("mainline"),
                                      QStringLiteral("For a merge commit: the parent (1-based) to revert against."),
                                      QStringLiteral("N"));
    const QCommandLineOption branch(QStringLiteral("branch"),
                                    QStringLiteral("Branch to commit the revert on (default: the checked-out branch)."),
                                    QStringLiteral("BRANCH"));
    parser.addOptions({mainline, branch});
    parser.addPositionalArgument(QStringLiteral("SHA"), QStringLiteral("commit to revert"));
    if (auto stop = parse(parser, options, args, command,
                          QStringLiteral("Revert a commit as a new commit (built in memory; a conflict writes nothing)."), 1))
        return *stop;
    int parent = 0;
    if (parser.isSet(mainline)) {
        bool ok = false;
        parent = parser.value(mainline).toInt(&ok);
        if (!ok || parent < 1) {
            std::fprintf(stderr, "syncline revert: --mainline takes a parent number (1, 2, ...)\n");
            return Cli::Usage;
        }
    }
    auto context = WorkspaceContext::open(parser.value(options.repo));
    if (!context)
        return fail(command, context.error());
    auto commit = context->repository->resolveCommit(parser.positionalArguments().at(0));
    if (!commit)
        return fail(command,
                    util::makeError(util::ErrorCode::NotFound, commit.error().message, parser.positionalArguments().at(0)));
    QString target = parser.value(branch);
    if (target.isEmpty()) {
        auto head = actions::BranchResolver::headBranch(*context->repository);
        if (!head)
            return fail(command, head.error());
        target = *head;
    }
    actions::RevertPlanner planner(target, *commit, parent);
    return execute(command, parser, options, *context, planner);
}

int ActionCommand::rollback(const QStringList& args) {
    const QString command = QStringLiteral("rollback");
    QCommandLineParser parser;
    CommonOptions options;
    const QCommandLineOption application = applicationOption();
    parser.addOption(application);
    parser.addPositionalArgument(QStringLiteral("ENV"), QStringLiteral("environment to roll back"));
    parser.addPositionalArgument(QStringLiteral("SHA"), QStringLiteral("commit whose content of ENV's folder to restore"));
    if (auto stop = parse(parser, options, args, command,
                          QStringLiteral("Make ENV's folder what it was at SHA, as a new commit (other paths untouched)."), 2))
        return *stop;
    auto context = WorkspaceContext::open(parser.value(options.repo));
    if (!context)
        return fail(command, context.error());
    auto units = context->units(parser.positionalArguments().at(0), parser.value(application));
    if (!units)
        return fail(command, units.error());
    auto commit = context->repository->resolveCommit(parser.positionalArguments().at(1));
    if (!commit)
        return fail(command,
                    util::makeError(util::ErrorCode::NotFound, commit.error().message, parser.positionalArguments().at(1)));
    // One commit per application of the environment; a failure stops the rest.
    for (const workspace::Environment* unit : *units) {
        auto planner = actions::RollbackPlanner::create(*context->repository, *unit, *commit);
        if (!planner)
            return fail(command, planner.error());
        if (const int exit = execute(command, parser, options, *context, *planner); exit != Cli::Ok)
            return exit;
    }
    return Cli::Ok;
}

} // namespace syncline::app
