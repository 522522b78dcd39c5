#include "actions/ActionPreview.h"

#include "diff/DiffEngine.h"

namespace syncline::actions {

namespace {

QString kindLetter(git::FileChangeKind kind) {
    switch (kind) {
    case git::FileChangeKind::Added:
        return QStringLiteral("A");
    case git::FileChangeKind::Deleted:
        return QStringLiteral("D");
    case git::FileChangeKind::Renamed:
        return QStringLiteral("R");
    case git::FileChangeKind::Copied:
        return QStringLiteral("C");
    case git::FileChangeKind::TypeChanged:
        return QStringLiteral("T");
    case git::FileChangeKind::Modified:
        break;
    }
    return QStringLiteral("M");
}

} // namespace

QString ActionPreview::toText() const {
    QString out;
    if (plan.isEmpty()) {
        out +=
            QStringLiteral("Nothing to %1: the branch '%2' already has this change.\n").arg(actionName(plan.kind), plan.branch);
        for (const QString& warning : plan.warnings)
            out += QStringLiteral("warning: ") + warning + QLatin1Char('\n');
        return out;
    }
    if (plan.fastForwardTo) {
        out += QStringLiteral("Fast-forward '%1' from %2 to %3 (no new commit).\n")
                   .arg(plan.branch, plan.expectedTip.shortHex(), plan.fastForwardTo->shortHex());
    } else {
        out += QStringLiteral("Commit on '%1' (now at %2):\n\n").arg(plan.branch, plan.expectedTip.shortHex());
        for (const QString& line : plan.message.split(QLatin1Char('\n')))
            out += QStringLiteral("    ") + line + QLatin1Char('\n');
    }
    out += QStringLiteral("\nChanged files (%1):\n").arg(files.size());
    for (const git::FileChange& file : files)
        out += QStringLiteral("  %1 %2  (+%3 -%4)\n")
                   .arg(kindLetter(file.kind), file.newPath.isEmpty() ? file.oldPath : file.newPath)
                   .arg(file.additions)
                   .arg(file.deletions);
    for (const git::FileChange& file : files)
        if (!file.patch.isEmpty())
            out += QLatin1Char('\n') + file.patch + (file.patch.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n"));
    out += QStringLiteral("\nRendered manifests:\n");
    if (environments.empty())
        out += QStringLiteral("  no environment's rendered output changes\n");
    for (const EnvironmentChange& change : environments) {
        out += QStringLiteral("  %1: %2 modified, %3 added, %4 removed\n")
                   .arg(change.environment)
                   .arg(change.diff.count(diff::ResourceState::Modified))
                   .arg(change.diff.count(diff::ResourceState::Missing))
                   .arg(change.diff.count(diff::ResourceState::Extra));
        for (const QString& error : change.renderErrors)
            out += QStringLiteral("    render error: ") + error + QLatin1Char('\n');
        for (const diff::ResourceDiff& resource : change.diff.resources) {
            if (resource.state == diff::ResourceState::Same)
                continue;
            out += QStringLiteral("    %1 %2\n").arg(diff::stateName(resource.state), resource.key.toString());
            for (const diff::FieldChange& field : resource.changes)
                out += QStringLiteral("      %1: %2 -> %3\n")
                           .arg(field.path, field.right.isEmpty() ? QStringLiteral("-") : field.right,
                                field.left.isEmpty() ? QStringLiteral("-") : field.left);
        }
    }
    for (const QString& warning : plan.warnings)
        out += QStringLiteral("warning: ") + warning + QLatin1Char('\n');
    if (const QString note = unpublished.note(plan.branch); !note.isEmpty())
        out += QStringLiteral("note: ") + note + QLatin1Char('\n');
    return out;
}

} // namespace syncline::actions
