#include "EnvironmentMarks.h"

#include "TimeText.h"

#include <QCoreApplication>

namespace syncline::models {

std::vector<git::ObjectId> EnvironmentMarks::update(const reconcile::EnvironmentSnapshot& snapshot) {
    Mark mark{snapshot.environment, {}, snapshot.targetRevision, {}, snapshot.sync == health::SyncStatus::Synced};
    if (snapshot.deployed) {
        mark.deployed = snapshot.deployed->commit;
        mark.since = snapshot.deployed->since;
    }
    std::vector<git::ObjectId> touched;
    auto it = std::find_if(m_marks.begin(), m_marks.end(), [&](const Mark& m) { return m.environment == snapshot.environment; });
    if (it == m_marks.end()) {
        if (!mark.deployed.isNull())
            touched.push_back(mark.deployed);
        m_marks.push_back(std::move(mark));
        return touched;
    }
    if (it->deployed != mark.deployed || it->since != mark.since || it->synced != mark.synced) {
        if (!it->deployed.isNull())
            touched.push_back(it->deployed);
        if (!mark.deployed.isNull() && mark.deployed != it->deployed)
            touched.push_back(mark.deployed);
    }
    *it = std::move(mark);
    return touched;
}

const EnvironmentMarks::Mark* EnvironmentMarks::find(const QString& environment) const {
    for (const Mark& mark : m_marks)
        if (mark.environment == environment)
            return &mark;
    return nullptr;
}

QString EnvironmentMarks::pillText(const Mark& mark, const QDateTime& now) {
    QString text = mark.environment;
    if (mark.synced)
        text += QStringLiteral(" ✓");
    if (mark.since.isValid())
        text = QCoreApplication::translate("EnvironmentMarks", "%1 since %2").arg(text, sinceTimeText(mark.since, now));
    return text;
}

std::vector<EnvironmentPill> EnvironmentMarks::pillsFor(const git::ObjectId& commit, const QDateTime& now) const {
    std::vector<EnvironmentPill> pills;
    for (const Mark& mark : m_marks)
        if (!mark.deployed.isNull() && mark.deployed == commit)
            pills.push_back({mark.environment, pillText(mark, now), mark.synced});
    return pills;
}

} // namespace syncline::models
