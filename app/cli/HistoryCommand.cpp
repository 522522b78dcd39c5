#include "HistoryCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "git/CommitGraph.h"
#include "git/CommitGraphWriter.h"
#include "git/Decorations.h"
#include "git/HistoryWalker.h"
#include "git/Repository.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QTextStream>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace syncline::app {

namespace {

QString isoDate(qint64 seconds, int offsetMinutes) {
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::OffsetFromUTC, offsetMinutes * 60).toString(Qt::ISODate);
}

std::string jsonLine(const git::CommitSummary& commit) {
    nlohmann::ordered_json parents = nlohmann::ordered_json::array();
    for (const auto& parent : commit.parents)
        parents.push_back(parent.toHex().toStdString());
    nlohmann::ordered_json line = {
        {"id", commit.id.toHex().toStdString()},
        {"parents", parents},
        {"author", commit.author.name.toStdString()},
        {"email", commit.author.email.toStdString()},
        {"time", commit.author.time},
        {"date", isoDate(commit.author.time, commit.author.offsetMinutes).toStdString()},
        {"summary", commit.summary.toStdString()},
    };
    // Replace, not throw, on the rare invalid sequence: output must never abort midway.
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// "abcdef1234 2024-05-01 Ada  (main, v1.0) summary": the text listing's line.
std::string textLine(const git::CommitSummary& commit, const std::optional<git::Decorations>& decorations) {
    QString line = commit.id.shortHex(10) + QLatin1Char(' ') + isoDate(commit.author.time, commit.author.offsetMinutes).left(10) +
                   QLatin1Char(' ') + commit.author.name + QStringLiteral("  ");
    if (decorations)
        if (const auto* labels = decorations->labelsFor(commit.id)) {
            QStringList names;
            for (const auto& label : *labels)
                names << label.name;
            line += QStringLiteral("(") + names.join(QStringLiteral(", ")) + QStringLiteral(") ");
        }
    return QString(line + commit.summary).toStdString();
}

// --limit N; no limit when absent. nullopt after printing the usage error.
std::optional<std::size_t> parseLimit(const QCommandLineParser& parser, const QCommandLineOption& limitOption) {
    if (!parser.isSet(limitOption))
        return std::size_t(-1);
    bool ok = false;
    const qlonglong value = parser.value(limitOption).toLongLong(&ok);
    if (!ok || value < 0) {
        std::fprintf(stderr, "syncline history: --limit takes a whole number, not '%s'\n", qPrintable(parser.value(limitOption)));
        return std::nullopt;
    }
    return std::size_t(value);
}

// Prints up to `limit` commits page by page (a page at a time, so the first lines come
// fast); text lines carry `decorations` when given. The exit code.
int printCommits(git::HistoryWalker& walker, std::size_t limit, bool json, const std::optional<git::Decorations>& decorations) {
    std::size_t printed = 0;
    std::string buffer;
    while (printed < limit && !walker.atEnd()) {
        git::HistoryPage page = walker.next(std::min<std::size_t>(limit - printed, 2000));
        for (const git::CommitSummary& commit : page.commits) {
            buffer += json ? jsonLine(commit) : textLine(commit, decorations);
            buffer += '\n';
        }
        printed += page.commits.size();
        std::fwrite(buffer.data(), 1, buffer.size(), stdout);
        buffer.clear();
        if (page.error) {
            std::fflush(stdout);
            std::fprintf(stderr, "syncline history: history stops here: %s\n", qPrintable(page.error->toString()));
            return Cli::Failure;
        }
    }
    return Cli::Ok;
}

// `--write-commit-graph`: the user asked for it, so git runs (hardened, see
// CommitGraphWriter) and the result is read back to say what it holds.
int writeCommitGraph(const git::Repository& repository) {
    if (auto written = git::CommitGraphWriter::write(repository); !written) {
        std::fprintf(stderr, "syncline history: %s\n", qPrintable(written.error().toString()));
        return Cli::Failure;
    }
    auto graph = git::CommitGraph::open(repository.commitGraphPath());
    if (!graph) {
        std::fprintf(stderr, "syncline history: %s\n", qPrintable(graph.error().toString()));
        return Cli::Failure;
    }
    std::printf("wrote %s: %u commits%s\n", qPrintable(repository.commitGraphPath()), graph->commitCount(),
                graph->hasChangedPaths() ? ", with changed-path filters" : "");
    return Cli::Ok;
}

} // namespace

int HistoryCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print the commit history of a repository."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption pathOption(QStringLiteral("path"), QStringLiteral("Only commits that changed PATH."),
                                        QStringLiteral("PATH"));
    const QCommandLineOption limitOption(QStringLiteral("limit"), QStringLiteral("At most N commits."), QStringLiteral("N"));
    const QCommandLineOption allOption(QStringLiteral("all"), QStringLiteral("Start from every branch and tag, not only HEAD."));
    const QCommandLineOption authorOption(
        QStringLiteral("author"), QStringLiteral("Only commits by AUTHOR (name or email substring)."), QStringLiteral("AUTHOR"));
    const QCommandLineOption grepOption(QStringLiteral("grep"), QStringLiteral("Only commits whose message contains TEXT."),
                                        QStringLiteral("TEXT"));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), QStringLiteral("One JSON object per line: id, parents, author, email, time, date, summary."));
    const QCommandLineOption writeGraphOption(
        QStringLiteral("write-commit-graph"),
        QStringLiteral("Write the repository's commit-graph with changed-path filters (runs git commit-graph write), "
                       "which makes history, and history by path above all, faster; then exit."));
    parser.addOptions({repoOption, pathOption, limitOption, allOption, authorOption, grepOption, jsonOption, writeGraphOption});
    parser.addPositionalArgument(QStringLiteral("revision"), QStringLiteral("Start from these revisions instead of HEAD."),
                                 QStringLiteral("[REVISION...]"));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("history")))
        return *stop;
    const std::optional<std::size_t> limit = parseLimit(parser, limitOption);
    if (!limit)
        return Cli::Usage;

    auto repository = git::Repository::open(parser.value(repoOption));
    if (!repository) {
        std::fprintf(stderr, "syncline history: %s\n", qPrintable(repository.error().toString()));
        return Cli::Failure;
    }
    if (parser.isSet(writeGraphOption))
        return writeCommitGraph(*repository);
    auto shared = std::make_shared<const git::Repository>(std::move(*repository));
    git::HistoryQuery query;
    query.revisions = std::vector<QString>(parser.positionalArguments().begin(), parser.positionalArguments().end());
    query.allRefs = parser.isSet(allOption);
    query.path = parser.value(pathOption);
    query.author = parser.value(authorOption);
    query.text = parser.value(grepOption);
    // A bounded listing streams (fast first commits); a full one orders exactly, even
    // across skewed committer clocks, like `git log --date-order`.
    const auto order = parser.isSet(limitOption) ? git::HistoryOrder::Streaming : git::HistoryOrder::Exact;
    auto walker = git::HistoryWalker::start(shared, query, order);
    if (!walker) {
        std::fprintf(stderr, "syncline history: %s\n", qPrintable(walker.error().toString()));
        return Cli::Failure;
    }
    std::optional<git::Decorations> decorations;
    const bool json = parser.isSet(jsonOption);
    if (!json)
        if (auto loaded = git::Decorations::load(*shared))
            decorations = std::move(*loaded);
    if (const int exit = printCommits(*walker, *limit, json, decorations); exit != Cli::Ok)
        return exit;
    if (shared->isShallow() && walker->reachedShallowBoundary())
        std::fprintf(stderr, "syncline history: shallow clone: history ends at the shallow boundary\n");
    return Cli::Ok;
}

} // namespace syncline::app
