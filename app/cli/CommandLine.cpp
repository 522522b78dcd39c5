#include "CommandLine.h"

#include "Cli.h"

#include <QTextStream>

#include <cstdio>

namespace syncline::app {

std::optional<int> parseCommandLine(QCommandLineParser& parser, const QStringList& args, const QString& command) {
    QStringList argv = args;
    argv.prepend(QStringLiteral("syncline ") + command);
    if (!parser.parse(argv)) {
        std::fprintf(stderr, "syncline %s: %s\n", qPrintable(command), qPrintable(parser.errorText()));
        return Cli::Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Cli::Ok;
    }
    return std::nullopt;
}

QCommandLineOption repositoryOption() {
    return QCommandLineOption(QStringLiteral("repo"), QStringLiteral("Repository folder (default: current)."),
                              QStringLiteral("DIR"), QStringLiteral("."));
}

QCommandLineOption trustOption() {
    return QCommandLineOption(QStringLiteral("yes"),
                              QStringLiteral("Trust the environments' clusters (kubeconfig, context, server, CA) for this "
                                             "repository without asking; what is trusted is printed on stderr."));
}

} // namespace syncline::app
