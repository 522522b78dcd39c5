#include "MatrixCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "EngineSession.h"
#include "WorkspaceContext.h"
#include "workspace/EnvironmentRenderer.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace syncline::app {

namespace {

// One application in one environment, as the matrix shows it.
struct Cell {
    QString name; // the unit
    reconcile::SnapshotPtr snapshot;
    QStringList images;   // what the live containers run, sorted, each once
    int drifted = 0;      // Modified, Missing and owned Extra objects
    bool differs = false; // from the environment on its left (deployed revision or images)

    QString deployed() const { return snapshot && snapshot->deployed ? snapshot->deployed->commit.toHex() : QString(); }
    QString text() const {
        const QString marker = differs ? QStringLiteral("* ") : QString();
        if (!snapshot || snapshot->error)
            return marker + QStringLiteral("unknown");
        QString out = health::syncStatusName(snapshot->sync) + QLatin1Char(' ') + health::healthName(snapshot->health.health) +
                      QLatin1Char(' ') + (deployed().isEmpty() ? QStringLiteral("-") : deployed().left(7));
        if (!images.isEmpty())
            out += QLatin1Char(' ') + images.join(QLatin1Char(','));
        if (drifted > 0)
            out += QStringLiteral(" (%1 drifted)").arg(drifted);
        return marker + out;
    }
};

void collectImages(const nlohmann::ordered_json& node, std::set<QString>& out) {
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if ((it.key() == "containers" || it.key() == "initContainers") && it->is_array()) {
                for (const auto& container : *it)
                    if (container.is_object() && container.contains("image") && container["image"].is_string())
                        out.insert(QString::fromStdString(container["image"].get<std::string>()));
            } else {
                collectImages(*it, out);
            }
        }
    } else if (node.is_array()) {
        for (const auto& item : node)
            collectImages(item, out);
    }
}

// `desired`: the unit's rendered objects by key (the snapshot keeps no bodies for objects
// that are the same on both sides).
Cell cellOf(const workspace::Environment& unit, const reconcile::SnapshotPtr& snapshot,
            const std::map<manifest::ResourceKey, const manifest::ManifestObject*>& desired) {
    Cell cell{unit.name, snapshot, {}, 0, false};
    std::set<QString> images;
    for (const auto& resource : snapshot->resources) {
        // What runs: the live object (seen through the desired one); a Same object runs what
        // Git says.
        if (resource.diff.right)
            collectImages(*resource.diff.right, images);
        else if (auto it = desired.find(resource.diff.key);
                 resource.diff.state == diff::ResourceState::Same && it != desired.end())
            collectImages(it->second->body, images);
        const auto state = resource.diff.state;
        if (state == diff::ResourceState::Modified || state == diff::ResourceState::Missing ||
            (state == diff::ResourceState::Extra && resource.owned))
            ++cell.drifted;
    }
    cell.images = QStringList(images.begin(), images.end());
    return cell;
}

// Rows (applications) of cells by environment; each cell knows whether it differs from the
// nearest environment on its left that runs the application.
std::map<QString, std::map<QString, Cell>> buildMatrix(const WorkspaceContext& context, const QStringList& order,
                                                       const std::vector<reconcile::SnapshotPtr>& snapshots) {
    const workspace::WorkspaceConfig& config = context.workspace.config;
    std::vector<workspace::Environment> units;
    for (const auto& snapshot : snapshots)
        if (const workspace::Environment* unit = config.find(snapshot->environment))
            units.push_back(*unit);
    workspace::EnvironmentRenderer renderer(context.repository);
    const auto rendered = renderer.renderAll(units);
    std::map<QString, std::map<QString, Cell>> rows;
    for (std::size_t i = 0; i < units.size(); ++i) {
        std::map<manifest::ResourceKey, const manifest::ManifestObject*> desired;
        if (rendered[i])
            for (const auto& object : rendered[i]->result.objects)
                desired[object.key] = &object;
        const auto snapshot = std::find_if(snapshots.begin(), snapshots.end(),
                                           [&](const reconcile::SnapshotPtr& s) { return s->environment == units[i].name; });
        rows[units[i].applicationName()][units[i].environmentName()] = cellOf(units[i], *snapshot, desired);
    }
    for (auto& [application, cells] : rows) {
        const Cell* left = nullptr;
        for (const QString& environment : order) {
            auto it = cells.find(environment);
            if (it == cells.end())
                continue;
            it->second.differs = left && (left->deployed() != it->second.deployed() || left->images != it->second.images);
            left = &it->second;
        }
    }
    return rows;
}

void printText(const workspace::WorkspaceConfig& config, const QStringList& order,
               const std::map<QString, std::map<QString, Cell>>& rows) {
    QTextStream out(stdout);
    std::map<QString, int> width;
    int first = int(QStringLiteral("APPLICATION").size());
    for (const auto& [application, cells] : rows) {
        first = std::max(first, int(application.size()));
        for (const auto& [environment, cell] : cells)
            width[environment] = std::max({width[environment], int(cell.text().size()), int(environment.size())});
    }
    out << QStringLiteral("APPLICATION").leftJustified(first + 2);
    for (const QString& environment : order)
        out << environment.leftJustified(width[environment] + 2);
    out << '\n';
    for (const QString& application : config.applicationNames()) {
        auto row = rows.find(application);
        if (row == rows.end())
            continue;
        out << application.leftJustified(first + 2);
        for (const QString& environment : order) {
            auto cell = row->second.find(environment);
            out << (cell == row->second.end() ? QStringLiteral("-") : cell->second.text()).leftJustified(width[environment] + 2);
        }
        out << '\n';
    }
    out << "(* differs from the environment on its left: deployed revision or images)\n";
}

void printJson(const workspace::WorkspaceConfig& config, const QStringList& order,
               const std::map<QString, std::map<QString, Cell>>& rows) {
    QTextStream out(stdout);
    for (const QString& application : config.applicationNames()) {
        auto row = rows.find(application);
        if (row == rows.end())
            continue;
        nlohmann::ordered_json cells = nlohmann::ordered_json::array();
        for (const QString& environment : order) {
            auto it = row->second.find(environment);
            if (it == row->second.end())
                continue;
            const Cell& cell = it->second;
            nlohmann::ordered_json images = nlohmann::ordered_json::array();
            for (const QString& image : cell.images)
                images.push_back(image.toStdString());
            cells.push_back({{"environment", environment.toStdString()},
                             {"name", cell.name.toStdString()},
                             {"sync", health::syncStatusName(cell.snapshot->sync).toStdString()},
                             {"health", health::healthName(cell.snapshot->health.health).toStdString()},
                             {"deployed", cell.deployed().toStdString()},
                             {"images", images},
                             {"drifted", cell.drifted},
                             {"differsFromLeft", cell.differs},
                             {"error", cell.snapshot->error ? cell.snapshot->error->toString().toStdString() : std::string()}});
        }
        const nlohmann::ordered_json line = {{"application", application.toStdString()}, {"cells", cells}};
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
    const workspace::WorkspaceConfig& config = context->workspace.config;
    const QStringList order = context->environmentsInPromotionOrder();
    const auto rows = buildMatrix(*context, order, *snapshots);
    if (parser.isSet(jsonOption))
        printJson(config, order, rows);
    else
        printText(config, order, rows);
    return Cli::Ok;
}

} // namespace syncline::app
