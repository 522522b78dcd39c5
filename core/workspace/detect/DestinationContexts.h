#pragma once

#include "workspace/EnvironmentDetection.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace syncline::workspace {

// One context of the user's kubeconfig and the server of its cluster.
struct KubeconfigContext {
    QString name;
    QString server;
};

// Which kubeconfig context an Argo CD destination is. A server URL is the context whose
// cluster has that server (trailing "/" and the case of scheme and host aside); a name is
// the context of that name. Argo CD's in-cluster destination
// (https://kubernetes.default.svc, or the name "in-cluster") is the cluster Argo CD runs
// in, which only the user knows. When the kubeconfig does not single out one context, the
// user is asked once — by `syncline environments --write` — and the answer goes into
// syncline.yaml (the environment's `cluster.context`), so it is never asked again.
class DestinationContexts {
public:
    struct Match {
        QString context;        // set when the kubeconfig singles one out
        QStringList candidates; // otherwise what to choose from (every context when none matched)
        QString why;            // "2 kubeconfig contexts use https://10.0.0.1:6443"
    };

    // The question, and the context chosen (nullopt or empty: none, the environment keeps
    // the kubeconfig's current context).
    using Ask = std::function<std::optional<QString>(const Place& place, const QString& destination, const Match& match)>;

    static Match match(const QString& destination, const std::vector<KubeconfigContext>& contexts);

    // Sets the context of each Argo CD place (and its applications) in `detection`,
    // asking through `ask` for the ones the kubeconfig does not decide. Returns what was
    // left undecided, one line each, for the user.
    static QStringList resolve(EnvironmentDetection& detection, const std::vector<KubeconfigContext>& contexts, const Ask& ask);
};

} // namespace syncline::workspace
