#include "Cli.h"

#include "ActionCommand.h"
#include "ActivityCommand.h"
#include "AppsCommand.h"
#include "ChartsCommand.h"
#include "ClustersCommand.h"
#include "CompareCommand.h"
#include "DemoCommand.h"
#include "DetectCommand.h"
#include "EnvironmentsCommand.h"
#include "FetchCommand.h"
#include "HistoryCommand.h"
#include "MatrixCommand.h"
#include "RenderCommand.h"
#include "SettingsCommand.h"
#include "StatusCommand.h"
#include "SyncCommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstring>

namespace syncline::app {

namespace {

// The window, when no command is given; not a command of the table.
const char* const windowUsage = "usage: syncline [REPOSITORY]                 open the console window\n";

int printUsage(const QStringList&);

// One row per command: its name, its lines of the usage text (in the order printed), and
// what runs it. `run` gets the arguments after the command, under a QCoreApplication;
// `runOwnApplication` (demo: it opens the window) gets argc/argv and makes its own.
// `connects`: the command reaches a cluster, a git remote or the keychain.
struct Command {
    QLatin1String name;
    const char* usage;
    int (*run)(const QStringList& args) = nullptr;
    int (*runOwnApplication)(int& argc, char** argv, OpenWindow openWindow) = nullptr;
    bool connects = false;
};

// A command that connects runs in syncline-connected. `syncline` is this file built with
// SYNCLINE_CLI_LOCAL_ONLY: its table names those commands without their code, so that it
// loads neither QtKeychain, D-Bus nor Qt Network (a quarter of its start-up time), and it execs
// syncline-connected for them.
#ifdef SYNCLINE_CLI_LOCAL_ONLY
#define CONNECTS(run) nullptr, nullptr, true
#define CONNECTS_OWN_APPLICATION(run) nullptr, nullptr, true
#else
#define CONNECTS(run) run, nullptr, true
#define CONNECTS_OWN_APPLICATION(run) nullptr, run, true
#endif

const Command commands[] = {
    {QLatin1String("demo"), "       syncline demo [DIR]                   create (or reuse) the demo workspace and open it\n",
     CONNECTS_OWN_APPLICATION(&DemoCommand::run)},
    {QLatin1String("history"),
     "       syncline history --repo DIR [--path P] [--limit N] [--all] [--author A] [--grep TEXT] [--json]\n",
     &HistoryCommand::run},
    {QLatin1String("environments"), "       syncline environments [--repo DIR] [--json] [--write [--yes]]\n",
     &EnvironmentsCommand::run},
    {QLatin1String("apps"), "       syncline apps [--repo DIR] [--json]\n", &AppsCommand::run},
    {QLatin1String("matrix"), "       syncline matrix [--json] [--yes] [--repo DIR]\n", CONNECTS(&MatrixCommand::run)},
    {QLatin1String("detect"), "       syncline detect [--repo DIR] [--json]\n", &DetectCommand::run},
    {QLatin1String("render"), "       syncline render --env ENV [--app APP] [--rev REV] [--repo DIR]\n", &RenderCommand::run},
    {QLatin1String("compare"),
     "       syncline compare ENV[@REV] ENV[@REV] [--app APP] [--json] [--keep-namespace] [--show-same] [--repo DIR]\n",
     &CompareCommand::run},
    {QLatin1String("fetch"), "       syncline fetch [--remote NAME] [--repo DIR]\n", CONNECTS(&FetchCommand::run)},
    {QLatin1String("promote"),
     "       syncline promote FROM TO [--app APP] [--source REV] [--push] [--sync] [--yes] [--dry-run] [--repo DIR]\n",
     CONNECTS(&ActionCommand::promote)},
    {QLatin1String("revert"),
     "       syncline revert SHA [--mainline N] [--branch B] [--push] [--sync] [--yes] [--dry-run] [--repo DIR]\n",
     CONNECTS(&ActionCommand::revert)},
    {QLatin1String("rollback"),
     "       syncline rollback ENV SHA [--app APP] [--push] [--sync] [--yes] [--dry-run] [--repo DIR]\n"
     "         (exit codes: 0 done, 1 failure, 2 usage, 3 conflict, 4 push rejected)\n",
     CONNECTS(&ActionCommand::rollback)},
    {QLatin1String("status"), "       syncline status [ENV...] [--app APP] [--watch] [--json] [--yes] [--repo DIR]\n",
     CONNECTS(&StatusCommand::runStatus)},
    {QLatin1String("diff"),
     "       syncline diff ENV [--app APP] [--json] [--yes] [--repo DIR]       (exit 0 in sync, 1 differences, 2 usage, 3 "
     "error)\n",
     CONNECTS(&StatusCommand::runDiff)},
    {QLatin1String("sync"),
     "       syncline sync ENV [--app APP] [--revision REV] [--prune] [--force] [--only KEY]... [--dry-run] [--json] [--yes] "
     "[--repo DIR]\n"
     "         (--yes: trust the environments' clusters for this repository without asking)\n",
     CONNECTS(&SyncCommand::run)},
    {QLatin1String("activity"), "       syncline activity [--limit N] [--json]\n", &ActivityCommand::run},
    {QLatin1String("settings"), "       syncline settings [--json]             the diff options shared with the window\n",
     &SettingsCommand::run},
    {QLatin1String("clusters"),
     "       syncline clusters [--repo DIR] [--json] | clusters approve-exec ENV\n"
     "       syncline clusters trust ENV [--auto-sync] [--prune] [--repo DIR]\n",
     CONNECTS(&ClustersCommand::run)},
    {QLatin1String("charts"), "       syncline charts [--json] | charts allow URL | charts forget URL\n", &ChartsCommand::run},
    {QLatin1String("help"), "       syncline help\n", &printUsage},
};

const Command* find(const QString& name) {
    for (const Command& command : commands)
        if (command.name == name)
            return &command;
    return nullptr;
}

int printUsage(const QStringList&) {
    QTextStream out(stdout);
    out << windowUsage;
    for (const Command& command : commands)
        out << command.usage;
    return Cli::Ok;
}

// Options of the program rather than commands: `syncline --help`, `-h`, `--version`.
bool isProgramOption(const QString& argument) {
    return argument == QLatin1String("--help") || argument == QLatin1String("-h") || argument == QLatin1String("--version");
}

} // namespace

bool Cli::handles(const QString& command) { return find(command) || isProgramOption(command); }

bool Cli::connects(const QString& command) {
    const Command* found = find(command);
    return found && found->connects;
}

bool Cli::opensWindow(int argc, char** argv) {
    if (argc < 2 || std::strcmp(argv[1], "demo") != 0)
        return false;
    for (int i = 2; i < argc; ++i)
        if (std::strcmp(argv[i], "--no-window") == 0)
            return false;
    return true;
}

int Cli::run(int& argc, char** argv, OpenWindow openWindow) {
    const QString name = QString::fromLocal8Bit(argv[1]);
    const Command* command = find(name);
    if (command && command->runOwnApplication)
        return command->runOwnApplication(argc, argv, openWindow);
    if (command && !command->run) {
        std::fprintf(stderr, "syncline: %s runs in syncline-connected, not in this program\n", argv[1]);
        return Failure;
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("syncline"));
    QCoreApplication::setOrganizationName(QStringLiteral("Syncline")); // the window's settings (exec approvals)
    QCoreApplication::setApplicationVersion(QStringLiteral(SYNCLINE_VERSION));
    QStringList args = QCoreApplication::arguments();
    args.removeFirst(); // program
    args.removeFirst(); // command
    if (command)
        return command->run(args);
    if (name == QLatin1String("--version")) {
        QTextStream(stdout) << "syncline " << QStringLiteral(SYNCLINE_VERSION) << '\n';
        return Ok;
    }
    printUsage(args);
    return name.startsWith(QLatin1Char('-')) ? Ok : Usage;
}

} // namespace syncline::app
