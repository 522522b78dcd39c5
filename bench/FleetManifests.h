#pragma once

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <utility>
#include <vector>

namespace syncline::bench {

// The files of one environment of a fleet benchmark (bench_reconcile, bench_kube's refresh):
// `resources` objects, 80% ConfigMaps, 10% Deployments, 10% Services, one file per kind.
// `unit` goes into every ConfigMap, so each environment's folder is its own tree and the
// render cache (keyed by tree id) cannot answer one environment with another's render.
inline std::vector<std::pair<QString, QByteArray>> fleetEnvironmentFiles(int resources, const QByteArray& unit = {}) {
    QByteArray configs, deployments, services;
    const int workloads = std::max(1, resources / 10);
    for (int i = 0; i < resources - 2 * workloads; ++i)
        configs += "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-" + QByteArray::number(i) +
                   "\n  labels:\n    app: shop\ndata:\n  key: value-" + QByteArray::number(i) + "\n  mode: production\n" +
                   (unit.isEmpty() ? QByteArray() : "  unit: " + unit + "\n");
    for (int i = 0; i < workloads; ++i) {
        const QByteArray name = "svc-" + QByteArray::number(i);
        deployments += "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name +
                       "\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: " + name +
                       "\n  template:\n    metadata:\n      labels:\n        app: " + name +
                       "\n    spec:\n      containers:\n      - name: main\n        image: registry.example.com/" + name +
                       ":1.0\n        ports:\n        - containerPort: 8080\n";
        services += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  selector:\n    app: " + name +
                    "\n  ports:\n  - port: 80\n    targetPort: 8080\n";
    }
    return {{QStringLiteral("configs.yaml"), configs},
            {QStringLiteral("deployments.yaml"), deployments},
            {QStringLiteral("services.yaml"), services}};
}

} // namespace syncline::bench
