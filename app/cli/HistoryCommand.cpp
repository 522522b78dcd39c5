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

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace syncline::app {

namespace {

QString qtIsoDate(qint64 seconds, int offsetMinutes) {
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::OffsetFromUTC, offsetMinutes * 60).toString(Qt::ISODate);
}

void appendDigits(std::string& out, long value, int width) {
    char digits[8];
    for (int i = width - 1; i >= 0; --i, value /= 10)
        digits[i] = char('0' + value % 10);
    out.append(digits, std::size_t(width));
}

// "2024-05-01T12:00:00Z" or "...+02:00", as QDateTime writes Qt::ISODate (calendar
// arithmetic after H. Hinnant's civil_from_days), without a QDateTime per commit; Qt
// writes what this does not cover (before 1970, after 9999, offsets past 14 hours).
std::string isoDate(qint64 seconds, int offsetMinutes) {
    constexpr qint64 kLastSecondOf9999 = 253402300799;
    const qint64 local = seconds + qint64(std::clamp(offsetMinutes, -15 * 60, 15 * 60)) * 60;
    if (seconds < 0 || seconds > kLastSecondOf9999 || std::abs(offsetMinutes) > 14 * 60 || local < 0 || local > kLastSecondOf9999)
        return qtIsoDate(seconds, offsetMinutes).toStdString();
    const qint64 days = local / 86400 + 719468, secondOfDay = local % 86400;
    const qint64 era = days / 146097, dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 shiftedMonth = (5 * dayOfYear + 2) / 153;
    const qint64 day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1,
                 month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    const qint64 year = yearOfEra + era * 400 + (month <= 2);
    std::string out;
    out.reserve(25);
    appendDigits(out, long(year), 4);
    out += '-';
    appendDigits(out, long(month), 2);
    out += '-';
    appendDigits(out, long(day), 2);
    out += 'T';
    appendDigits(out, long(secondOfDay / 3600), 2);
    out += ':';
    appendDigits(out, long(secondOfDay / 60 % 60), 2);
    out += ':';
    appendDigits(out, long(secondOfDay % 60), 2);
    if (offsetMinutes == 0)
        return out + 'Z';
    out += offsetMinutes < 0 ? '-' : '+';
    appendDigits(out, std::abs(offsetMinutes) / 60, 2);
    out += ':';
    appendDigits(out, std::abs(offsetMinutes) % 60, 2);
    return out;
}

// A JSON string as nlohmann::json dumps it (UTF-8 kept, control characters escaped);
// runs of plain characters are copied whole.
void appendJsonString(std::string& out, const QString& text) {
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8(); // always valid UTF-8
    out += '"';
    const char* run = utf8.constData();
    const char* const end = run + utf8.size();
    for (const char* at = run; at < end; ++at) {
        const auto byte = static_cast<unsigned char>(*at);
        if (byte >= 0x20 && byte != '"' && byte != '\\')
            continue;
        out.append(run, std::size_t(at - run));
        run = at + 1;
        if (byte == '"' || byte == '\\') {
            out += '\\';
            out += *at;
        } else if (const char* named = byte == '\b'   ? "\\b"
                                       : byte == '\t' ? "\\t"
                                       : byte == '\n' ? "\\n"
                                       : byte == '\f' ? "\\f"
                                       : byte == '\r' ? "\\r"
                                                      : nullptr) {
            out += named;
        } else {
            const char escaped[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 15]};
            out.append(escaped, sizeof escaped);
        }
    }
    out.append(run, std::size_t(end - run));
    out += '"';
}

void appendHex(std::string& out, const git::ObjectId& id) {
    static const char hex[] = "0123456789abcdef";
    char quoted[2 * git::ObjectId::kSize + 2];
    quoted[0] = quoted[sizeof quoted - 1] = '"';
    for (int i = 0; i < git::ObjectId::kSize; ++i) {
        quoted[1 + 2 * i] = hex[id.data()[i] >> 4];
        quoted[2 + 2 * i] = hex[id.data()[i] & 15];
    }
    out.append(quoted, sizeof quoted);
}

// One line of --json, written straight into `out` (a json object per commit cost a
// quarter of a 100,000-commit listing); the same text nlohmann::json dumps.
void appendJsonLine(std::string& out, const git::CommitSummary& commit) {
    out += "{\"id\":";
    appendHex(out, commit.id);
    out += ",\"parents\":[";
    for (std::size_t i = 0; i < commit.parents.size(); ++i) {
        if (i > 0)
            out += ',';
        appendHex(out, commit.parents[i]);
    }
    out += "],\"author\":";
    appendJsonString(out, commit.author.name);
    out += ",\"email\":";
    appendJsonString(out, commit.author.email);
    out += ",\"time\":";
    out += std::to_string(commit.author.time);
    out += ",\"date\":\"";
    out += isoDate(commit.author.time, commit.author.offsetMinutes);
    out += "\",\"summary\":";
    appendJsonString(out, commit.summary);
    out += '}';
}

// "abcdef1234 2024-05-01 Ada  (main, v1.0) summary": the text listing's line.
std::string textLine(const git::CommitSummary& commit, const std::optional<git::Decorations>& decorations) {
    QString line = commit.id.shortHex(10) + QLatin1Char(' ') +
                   QString::fromLatin1(isoDate(commit.author.time, commit.author.offsetMinutes).substr(0, 10)) +
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
            if (json)
                appendJsonLine(buffer, commit);
            else
                buffer += textLine(commit, decorations);
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
