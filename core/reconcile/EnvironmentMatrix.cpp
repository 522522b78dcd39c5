#include "EnvironmentMatrix.h"

#include <algorithm>
#include <set>

namespace syncline::reconcile {

namespace {

// What one cell collects from the objects it looks at, bounded: a cluster's objects are
// hostile input (deep nesting, thousands of containers, megabyte-long strings).
struct Collected {
    std::set<QString> images;
    std::set<QString> charts;

    void add(std::set<QString>& into, const nlohmann::ordered_json& value) {
        if (!value.is_string() || int(into.size()) >= EnvironmentMatrix::kMaxImagesPerCell)
            return;
        const auto& text = value.get_ref<const std::string&>();
        if (!text.empty() && text.size() <= std::size_t(EnvironmentMatrix::kMaxNameLength))
            into.insert(QString::fromStdString(text));
    }

    void containersOf(const nlohmann::ordered_json& node, int depth) {
        if (depth > EnvironmentMatrix::kMaxJsonDepth)
            return;
        if (node.is_object()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                if ((it.key() == "containers" || it.key() == "initContainers") && it->is_array()) {
                    for (const auto& container : *it)
                        if (container.is_object() && container.contains("image"))
                            add(images, container["image"]);
                } else {
                    containersOf(*it, depth + 1);
                }
            }
        } else if (node.is_array()) {
            for (const auto& item : node)
                containersOf(item, depth + 1);
        }
    }

    void object(const nlohmann::ordered_json& body) {
        containersOf(body, 0);
        if (!body.is_object())
            return;
        const auto metadata = body.find("metadata");
        if (metadata == body.end() || !metadata->is_object())
            return;
        const auto labels = metadata->find("labels");
        if (labels != metadata->end() && labels->is_object())
            if (const auto chart = labels->find("helm.sh/chart"); chart != labels->end())
                add(charts, *chart);
    }
};

} // namespace

EnvironmentMatrix::EnvironmentMatrix(const workspace::WorkspaceConfig& config, const QString& oneRowName)
    : m_environments(environmentsInPromotionOrder(config)) {
    const bool oneRow = !config.hasApplications() && !config.environments.empty();
    m_applications =
        oneRow ? QStringList{oneRowName.isEmpty() ? QStringLiteral("application") : oneRowName} : config.applicationNames();
    m_cells.resize(std::size_t(rowCount()) * std::size_t(columnCount()));
    m_rowAllSame.assign(std::size_t(rowCount()), 0);
    for (const workspace::Environment& unit : config.environments) {
        const int row = oneRow ? 0 : int(m_applications.indexOf(unit.applicationName()));
        const int column = int(m_environments.indexOf(unit.environmentName()));
        if (row < 0 || column < 0 || slot(row, column))
            continue; // a second unit for the same pair cannot be shown: the first one stays
        slot(row, column) = MatrixCell{unit.name, nullptr, {}, {}, 0, false};
        m_positions.insert(unit.name, Position{row, column});
    }
}

QStringList EnvironmentMatrix::environmentsInPromotionOrder(const workspace::WorkspaceConfig& config) {
    const QStringList names = config.environmentNames();
    QStringList order;
    for (const QString& name : config.promotionOrder)
        if (!order.contains(name))
            order.append(name);
    for (const QString& name : names)
        if (!order.contains(name))
            order.append(name);
    return order;
}

RunningWorkloads EnvironmentMatrix::runningOf(const EnvironmentSnapshot& snapshot, const DesiredObjects* desired) {
    Collected collected;
    for (const auto& resource : snapshot.resources) {
        // What runs: the live object (seen through the desired one); a Same object runs
        // what Git says.
        if (resource.diff.right) {
            collected.object(*resource.diff.right);
        } else if (desired && resource.diff.state == diff::ResourceState::Same) {
            if (auto it = desired->find(resource.diff.leftKey.value_or(resource.diff.key)); it != desired->end())
                collected.object(it->second->body);
        }
    }
    return {QStringList(collected.images.begin(), collected.images.end()),
            QStringList(collected.charts.begin(), collected.charts.end())};
}

MatrixCell EnvironmentMatrix::cellOf(const QString& unit, const SnapshotPtr& snapshot, const DesiredObjects* desired) {
    MatrixCell cell{unit, snapshot, {}, {}, 0, false};
    if (!snapshot)
        return cell;
    const RunningWorkloads running = snapshot->running ? *snapshot->running : runningOf(*snapshot, desired);
    cell.images = running.images;
    cell.charts = running.charts;
    cell.drifted = snapshot->drifted();
    return cell;
}

const MatrixCell* EnvironmentMatrix::cell(int row, int column) const {
    if (row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return nullptr;
    const auto& held = slot(row, column);
    return held ? &*held : nullptr;
}

const MatrixCell* EnvironmentMatrix::cell(const QString& unit) const {
    const auto position = positionOf(unit);
    return position ? cell(position->row, position->column) : nullptr;
}

std::optional<EnvironmentMatrix::Position> EnvironmentMatrix::positionOf(const QString& unit) const {
    const auto it = m_positions.constFind(unit);
    if (it == m_positions.constEnd())
        return std::nullopt;
    return *it;
}

bool EnvironmentMatrix::rowAllSame(int row) const { return row >= 0 && row < rowCount() && m_rowAllSame[std::size_t(row)] != 0; }

std::optional<EnvironmentMatrix::Change> EnvironmentMatrix::apply(const SnapshotPtr& snapshot, const DesiredObjects* desired) {
    if (!snapshot)
        return std::nullopt;
    const auto position = positionOf(snapshot->environment);
    if (!position)
        return std::nullopt;
    const auto [row, column] = *position;
    auto& held = slot(row, column);
    if (held->snapshot && !snapshot->isNewerThan(*held->snapshot))
        return std::nullopt;
    held = cellOf(held->unit, snapshot, desired);
    updateDiffers(row, column);
    const int right = rightNeighbour(row, column);
    if (right >= 0)
        updateDiffers(row, right);
    const bool allSame = computeRowAllSame(row);
    const bool flipped = allSame != (m_rowAllSame[std::size_t(row)] != 0);
    m_rowAllSame[std::size_t(row)] = allSame ? 1 : 0;
    if (flipped)
        return Change{row, 0, columnCount() - 1, true};
    return Change{row, column, right >= 0 ? right : column, false};
}

int EnvironmentMatrix::leftNeighbour(int row, int column) const {
    for (int c = column - 1; c >= 0; --c)
        if (slot(row, c))
            return c;
    return -1;
}

int EnvironmentMatrix::rightNeighbour(int row, int column) const {
    for (int c = column + 1; c < columnCount(); ++c)
        if (slot(row, c))
            return c;
    return -1;
}

void EnvironmentMatrix::updateDiffers(int row, int column) {
    MatrixCell& cell = *slot(row, column);
    const int left = leftNeighbour(row, column);
    if (left < 0 || !cell.known() || !slot(row, left)->known()) {
        cell.differsFromLeft = false;
        return;
    }
    const MatrixCell& neighbour = *slot(row, left);
    cell.differsFromLeft = neighbour.deployed() != cell.deployed() || neighbour.images != cell.images;
}

bool EnvironmentMatrix::computeRowAllSame(int row) const {
    for (int c = 0; c < columnCount(); ++c) {
        const auto& held = slot(row, c);
        if (held && (!held->known() || held->differsFromLeft))
            return false;
    }
    return true;
}

} // namespace syncline::reconcile
