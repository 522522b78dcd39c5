#include "Cli.h"

#include "GuiMain.h"
#include "ActionCommand.h"
#include "ClustersCommand.h"
#include "CompareCommand.h"
#include "DemoCommand.h"
#include "StatusCommand.h"
#include "SyncCommand.h"
#include "EnvironmentsCommand.h"
#include "FetchCommand.h"
#include "HistoryCommand.h"
#include "RenderCommand.h"

#include <QCoreApplication>
#include <QTextStream>

namespace syncline::app {

namespace {

const char* const usageText =
    "usage: syncline [REPOSITORY]                 open the console window\n"
    "       syncline demo [DIR]                   create (or reuse) the demo workspace and open it\n"
    "       syncline history --repo DIR [--path P] [--limit N] [--all] [--author A] [--grep TEXT] [--json]\n"
    "       syncline environments [--repo DIR] [--json] [--write [--yes]]\n"
    "       syncline render --env ENV [--rev REV] [--repo DIR]\n"
    "       syncline compare ENV[@REV] ENV[@REV] [--json] [--keep-namespace] [--show-same] [--repo DIR]\n"
    "       syncline fetch [--remote NAME] [--repo DIR]\n"
    "       syncline promote FROM TO [--source REV] [--push] [--sync] [--yes] [--dry-run] [--repo DIR]\n"
    "       syncline revert SHA [--mainline N] [--branch B] [--push] [--sync] [--yes] [--dry-run] [--repo DIR]\n"
    "       syncline rollback ENV SHA [--push] [--sync] [--yes] [--dry-run] [--repo DIR]\n"
    "         (exit codes: 0 done, 1 failure, 2 usage, 3 conflict, 4 push rejected)\n"
    "       syncline status [ENV...] [--json] [--yes] [--repo DIR]\n"
    "       syncline diff ENV [--json] [--yes] [--repo DIR]       (exit 0 in sync, 1 differences, 2 usage, 3 error)\n"
    "       syncline sync ENV [--revision REV] [--prune] [--force] [--only KEY]... [--json] [--yes] [--repo DIR]\n"
    "         (--yes: trust the environments' clusters for this repository without asking)\n"
    "       syncline clusters [--repo DIR] [--json] | clusters approve-exec ENV\n"
    "       syncline clusters trust ENV [--auto-sync] [--prune] [--repo DIR]\n"
    "       syncline help\n";

} // namespace

bool Cli::handles(const QString& command) {
    static const QStringList commands = {QStringLiteral("history"), QStringLiteral("demo"), QStringLiteral("help"),
                                         QStringLiteral("environments"), QStringLiteral("render"),
                                         QStringLiteral("compare"), QStringLiteral("fetch"),
                                         QStringLiteral("promote"), QStringLiteral("revert"), QStringLiteral("rollback"),
                                         QStringLiteral("clusters"), QStringLiteral("status"), QStringLiteral("diff"),
                                         QStringLiteral("sync")};
    return commands.contains(command) ||
           command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("--version");
}

int Cli::run(int& argc, char** argv) {
    const QString command = QString::fromLocal8Bit(argv[1]);
    if (command == QLatin1String("demo"))
        return DemoCommand::run(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("syncline"));
    QCoreApplication::setOrganizationName(QStringLiteral("Syncline")); // the window's settings (exec approvals)
    QCoreApplication::setApplicationVersion(QStringLiteral(SYNCLINE_VERSION));
    QStringList args = QCoreApplication::arguments();
    args.removeFirst(); // program
    args.removeFirst(); // command
    if (command == QLatin1String("history"))
        return HistoryCommand::run(args);
    if (command == QLatin1String("environments"))
        return EnvironmentsCommand::run(args);
    if (command == QLatin1String("render"))
        return RenderCommand::run(args);
    if (command == QLatin1String("compare"))
        return CompareCommand::run(args);
    if (command == QLatin1String("fetch"))
        return FetchCommand::run(args);
    if (command == QLatin1String("promote"))
        return ActionCommand::promote(args);
    if (command == QLatin1String("revert"))
        return ActionCommand::revert(args);
    if (command == QLatin1String("rollback"))
        return ActionCommand::rollback(args);
    if (command == QLatin1String("status"))
        return StatusCommand::runStatus(args);
    if (command == QLatin1String("diff"))
        return StatusCommand::runDiff(args);
    if (command == QLatin1String("sync"))
        return SyncCommand::run(args);
    if (command == QLatin1String("clusters"))
        return ClustersCommand::run(args);
    if (command == QLatin1String("--version")) {
        QTextStream(stdout) << "syncline " << QStringLiteral(SYNCLINE_VERSION) << '\n';
        return Ok;
    }
    QTextStream(stdout) << usageText;
    return command == QLatin1String("help") || command.startsWith(QLatin1Char('-')) ? Ok : Usage;
}

} // namespace syncline::app
