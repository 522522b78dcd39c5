#include "MatrixCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "EngineSession.h"
#include "WorkspaceContext.h"
#include "reconcile/EnvironmentMatrix.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace syncline::app {

namespace {

using reconcile::EnvironmentMatrix;
using reconcile::MatrixCell;

// The matrix of the refreshed units (what runs: read by the engine with each snapshot).
EnvironmentMatrix buildMatrix(const WorkspaceContext& context, const std::vector<reconcile::SnapshotPtr>& snapshots) {
    const QString root = QDir::cleanPath(context.repository->workDir());
    EnvironmentMatrix matrix(context.workspace.config, QFileInfo(root).fileName());
    for (const auto& snapshot : snapshots)
        matrix.apply(snapshot);
    return matrix;
}

// A cell the command prints: the unit has a snapshot (the others print "-").
const MatrixCell* shownCell(const EnvironmentMatrix& matrix, int row, int column) {
    const MatrixCell* cell = matrix.cell(row, column);
    return cell && cell->known() ? cell : nullptr;
}

bool rowShown(const EnvironmentMatrix& matrix, int row) {
    for (int column = 0; column < matrix.columnCount(); ++column)
        if (shownCell(matrix, row, column))
            return true;
    return false;
}

void printText(const EnvironmentMatrix& matrix) {
    QTextStream out(stdout);
    std::vector<int> width(std::size_t(matrix.columnCount()), 0);
    int first = int(QStringLiteral("APPLICATION").size());
    for (int row = 0; row < matrix.rowCount(); ++row) {
        if (!rowShown(matrix, row))
            continue;
        first = std::max(first, int(matrix.applications()[row].size()));
        for (int column = 0; column < matrix.columnCount(); ++column)
            if (const MatrixCell* cell = shownCell(matrix, row, column))
                width[std::size_t(column)] =
                    std::max({width[std::size_t(column)], int(cell->text().size()), int(matrix.environments()[column].size())});
    }
    out << QStringLiteral("APPLICATION").leftJustified(first + 2);
    for (int column = 0; column < matrix.columnCount(); ++column)
        out << matrix.environments()[column].leftJustified(width[std::size_t(column)] + 2);
    out << '\n';
    for (int row = 0; row < matrix.rowCount(); ++row) {
        if (!rowShown(matrix, row))
            continue;
        out << matrix.applications()[row].leftJustified(first + 2);
        for (int column = 0; column < matrix.columnCount(); ++column) {
            const MatrixCell* cell = shownCell(matrix, row, column);
            out << (cell ? cell->text() : QStringLiteral("-")).leftJustified(width[std::size_t(column)] + 2);
        }
        out << '\n';
    }
    out << "(* differs from the environment on its left: deployed revision or images)\n";
}

nlohmann::ordered_json cellJson(const QString& environment, const MatrixCell& cell) {
    nlohmann::ordered_json images = nlohmann::ordered_json::array();
    for (const QString& image : cell.images)
        images.push_back(image.toStdString());
    return {{"environment", environment.toStdString()},
            {"name", cell.unit.toStdString()},
            {"sync", health::syncStatusName(cell.snapshot->sync).toStdString()},
            {"health", health::healthName(cell.snapshot->health.health).toStdString()},
            {"deployed", cell.deployed().toStdString()},
            {"images", images},
            {"drifted", cell.drifted},
            {"differsFromLeft", cell.differsFromLeft},
            {"error", cell.snapshot->error ? cell.snapshot->error->toString().toStdString() : std::string()}};
}

void printJson(const EnvironmentMatrix& matrix) {
    QTextStream out(stdout);
    for (int row = 0; row < matrix.rowCount(); ++row) {
        if (!rowShown(matrix, row))
            continue;
        nlohmann::ordered_json cells = nlohmann::ordered_json::array();
        for (int column = 0; column < matrix.columnCount(); ++column)
            if (const MatrixCell* cell = shownCell(matrix, row, column))
                cells.push_back(cellJson(matrix.environments()[column], *cell));
        const nlohmann::ordered_json line = {{"application", matrix.applications()[row].toStdString()}, {"cells", cells}};
        out << QString::fromStdString(line.dump()) << '\n';
    }
}

} // namespace

int MatrixCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Applications × environments side by side, as the clusters run them."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON object per application and line."));
    const QCommandLineOption yesOption = trustOption();
    parser.addOptions({repoOption, jsonOption, yesOption});
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("matrix")))
        return *stop;
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline matrix: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    EngineSession session(*context);
    if (auto trusted = session.ensureConsent({}, parser.isSet(yesOption)); !trusted) {
        std::fprintf(stderr, "syncline matrix: %s\n", qPrintable(trusted.error().toString()));
        return Cli::Failure;
    }
    auto snapshots = session.refresh({});
    if (!snapshots) {
        std::fprintf(stderr, "syncline matrix: %s\n", qPrintable(snapshots.error().toString()));
        return Cli::Failure;
    }
    const EnvironmentMatrix matrix = buildMatrix(*context, *snapshots);
    if (parser.isSet(jsonOption))
        printJson(matrix);
    else
        printText(matrix);
    return Cli::Ok;
}

} // namespace syncline::app
