#pragma once

#include "workspace/Environment.h"

#include <QString>

namespace syncline::workspace {

// An environment as a place (syncline.yaml version 2): the cluster its applications run
// on, their default namespace, and who applies them. Its applications are the
// Environment units whose `place` names it.
struct Place {
    QString name;
    ClusterRef cluster;
    QString defaultNamespace; // for applications that name none
    Mode mode = Mode::Direct;

    bool operator==(const Place&) const = default;
};

} // namespace syncline::workspace
