#include "FetchCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "TerminalGitAccess.h"
#include "git/Remote.h"
#include "git/Repository.h"
#include "util/ProgressSink.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <csignal>
#include <cstdio>

namespace syncline::app {

namespace {

// Progress on stderr as one rewritten line, like git's.
class StderrProgress final : public util::ProgressSink {
public:
    void progress(const QString& stage, std::uint64_t done, std::uint64_t total) override {
        if (total > 0)
            std::fprintf(stderr, "\r%s: %3d%% (%llu/%llu)", qPrintable(stage), int(done * 100 / total),
                         static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
        else
            std::fprintf(stderr, "\r%s", qPrintable(stage));
        m_wrote = true;
    }
    ~StderrProgress() override {
        if (m_wrote)
            std::fputc('\n', stderr);
    }

private:
    bool m_wrote = false;
};

util::CancellationToken* activeCancel = nullptr;

} // namespace

int FetchCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fetch from a remote (host keys are always checked)."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption remoteOption(QStringLiteral("remote"), QStringLiteral("Remote to fetch (default: origin)."),
                                          QStringLiteral("NAME"), QStringLiteral("origin"));
    parser.addOptions({repoOption, remoteOption});
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("fetch")))
        return *stop;
    auto repository = git::Repository::open(parser.value(repoOption));
    if (!repository) {
        std::fprintf(stderr, "syncline fetch: %s\n", qPrintable(repository.error().toString()));
        return Cli::Failure;
    }
    TerminalGitAccess access(*repository, parser.value(remoteOption));
    StderrProgress progress;
    git::FetchOptions options;
    options.credentials = access.credentials();
    options.hostKeyPrompt = access.hostKeyPrompt();
    options.progress = &progress;
    // Ctrl+C cancels the transfer cleanly instead of killing it mid-write.
    activeCancel = &options.cancel;
    std::signal(SIGINT, [](int) {
        if (activeCancel)
            activeCancel->cancel();
    });
    auto result = git::Remote::fetch(*repository, parser.value(remoteOption), options);
    activeCancel = nullptr;
    access.reportKeychain(QStringLiteral("fetch"));
    if (!result) {
        std::fprintf(stderr, "syncline fetch: %s\n", qPrintable(result.error().toString()));
        return Cli::Failure;
    }
    QTextStream out(stdout);
    for (const git::UpdatedRef& ref : result->updatedRefs)
        out << (ref.oldId.isNull() ? QStringLiteral(" * [new]    ")
                                   : QStringLiteral("   ") + ref.oldId.shortHex() + QStringLiteral("..") + ref.newId.shortHex() +
                                         QLatin1Char(' '))
            << ' ' << ref.name << '\n';
    if (result->updatedRefs.empty())
        out << "already up to date\n";
    return Cli::Ok;
}

} // namespace syncline::app
