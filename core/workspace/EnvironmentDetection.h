#pragma once

#include "workspace/Environment.h"
#include "workspace/Place.h"
#include "workspace/WorkspaceConfig.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace syncline::workspace {

// An environment found in the repository, and why Syncline thinks it is one, in words
// shown next to it ("Argo CD Application apps/templates/guestbook.yaml").
struct DetectedEnvironment {
    Environment environment;
    QString why;
};

// An environment (place) detected from Argo CD Applications, and the destination they name
// (spec.destination.name, or .server): which kubeconfig context that is gets decided by
// DestinationContexts, asking the user when the kubeconfig does not say.
struct PlaceDestination {
    QString place;
    QString destination;
};

// Detected applications opened as environments (ApplicationEnvironments), for a repository
// without a syncline.yaml: what the window and the "detected" banner show.
struct EnvironmentDetection {
    std::vector<DetectedEnvironment> environments; // earliest stage first where names tell
    // Applications × environments: the environments as places (each unit above names its
    // place). Empty: the units are version-1 environments.
    std::vector<Place> places;
    QStringList promotionOrder;                 // guessed from well-known stage names
    std::vector<PlaceDestination> destinations; // the Argo CD places and the destination each names
    // What was looked at and left out, for the "detected" banner: files that do not
    // parse, Applications whose source is not in this repository, duplicate names.
    QStringList notes;

    // What syncline.yaml would say: the environments, places and promotion order.
    WorkspaceConfig config() const;
};

} // namespace syncline::workspace
