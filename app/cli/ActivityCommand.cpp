#include "ActivityCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "activity/ActivityLog.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>

namespace syncline::app {

namespace {

// "2026-12-04 22:31  ada  ok    Sync staging — Synced staging to 1a2b3c4: 3 applied".
QString line(const activity::ActivityEntry& entry) {
    return QStringLiteral("%1  %2  %3  %4 — %5")
        .arg(entry.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), entry.user,
             entry.succeeded ? QStringLiteral("ok    ") : QStringLiteral("failed"), entry.what, entry.result);
}

} // namespace

int ActivityCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("What was done from the window and the command line: promotions, reverts, rollbacks, syncs and "
                       "cluster consents, oldest first. Kept in $XDG_DATA_HOME/syncline/activity.jsonl "
                       "(~/.local/share/syncline/activity.jsonl when unset), never with a secret."));
    parser.addHelpOption();
    const QCommandLineOption limitOption(QStringLiteral("limit"), QStringLiteral("Only the newest N entries."),
                                         QStringLiteral("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON object per entry and line."));
    parser.addOptions({limitOption, jsonOption});
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("activity")))
        return *stop;
    bool ok = true;
    const int limit = parser.isSet(limitOption) ? parser.value(limitOption).toInt(&ok) : 0;
    if (!ok || limit < 0) {
        std::fprintf(stderr, "syncline activity: --limit wants a positive number\n");
        return Cli::Usage;
    }
    auto read = activity::ActivityLog().read(limit);
    if (!read) {
        std::fprintf(stderr, "syncline activity: %s\n", qPrintable(read.error().toString()));
        return Cli::Failure;
    }
    QTextStream out(stdout);
    for (const auto& entry : read->entries)
        out << (parser.isSet(jsonOption) ? QString::fromStdString(entry.toJson().dump()) : line(entry)) << '\n';
    if (read->skipped > 0)
        std::fprintf(stderr, "syncline activity: %d line(s) of the log are not entries and were skipped\n", read->skipped);
    return Cli::Ok;
}

} // namespace syncline::app
