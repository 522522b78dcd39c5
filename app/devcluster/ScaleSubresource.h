#pragma once

#include "ApiError.h"
#include "Json.h"
#include "ResourceType.h"

#include <QByteArray>
#include <QString>

namespace syncline::devcluster {

// The /scale subresource of the workloads that have replicas (Deployment, ReplicaSet,
// StatefulSet): what `kubectl scale` reads and patches. It is an autoscaling/v1 Scale view
// of the object; writing it changes only the object's spec.replicas.
class ScaleSubresource {
public:
    static bool servedFor(const ResourceType& type);

    // The Scale the real server shows for `object` (spec.replicas, status.replicas, selector).
    static Json view(const Json& object);

    // The Scale after a PATCH (merge, strategic or JSON patch) or a PUT of `current`,
    // validated as the real server does (422 for negative replicas, 415 for other bodies).
    static ApiResult<Json> changed(const Json& current, const QByteArray& method, const QByteArray& contentType,
                                   const QByteArray& body);

    // The merge patch that carries a changed Scale into its object (with the Scale's
    // resourceVersion as the precondition).
    static Json objectPatch(const Json& scale);

private:
    static QString selectorText(const Json& selector);
};

} // namespace syncline::devcluster
