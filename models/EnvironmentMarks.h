#pragma once

#include "git/ObjectId.h"
#include "reconcile/EnvironmentSnapshot.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <vector>

namespace syncline::models {

// A pill on a history row: an environment runs this commit.
struct EnvironmentPill {
    QString environment;
    QString text;        // "staging ✓ since 10:42", "prod since Mar 3 09:10", "dev"
    bool synced = false; // the cluster runs exactly what Git says (Synced)
};

// Which commit each environment runs and which it should run, from the latest snapshots:
// the history's environment decorations. Keyed by environment; a plain value.
class EnvironmentMarks {
public:
    struct Mark {
        QString environment;
        git::ObjectId deployed; // null: not known
        git::ObjectId target;
        QDateTime since;
        bool synced = false;
    };

    // Takes the snapshot's deployed and target revisions. Returns the commits whose pills
    // changed (the old and the new deployed commit), so their rows can be repainted.
    std::vector<git::ObjectId> update(const reconcile::EnvironmentSnapshot& snapshot);
    void clear() { m_marks.clear(); }
    bool isEmpty() const { return m_marks.empty(); }

    const Mark* find(const QString& environment) const;
    std::vector<EnvironmentPill> pillsFor(const git::ObjectId& commit, const QDateTime& now) const;

    static QString pillText(const Mark& mark, const QDateTime& now);

private:
    std::vector<Mark> m_marks; // in the order environments were first seen
};

} // namespace syncline::models

Q_DECLARE_METATYPE(std::vector<syncline::models::EnvironmentPill>)
