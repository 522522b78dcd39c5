#pragma once

#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "reconcile/ClientProvider.h"

#include <QMutex>
#include <QString>

#include <map>
#include <memory>
#include <tuple>

namespace syncline::reconcile {

// The real clusters: each ClusterRef resolved through its kubeconfig (a relative path is
// relative to the workspace root, so a committed syncline.yaml can name a kubeconfig kept
// next to the clone) into one HTTPS client, reused by every environment on that cluster.
class KubeconfigClientProvider : public ClientProvider {
public:
    KubeconfigClientProvider(QString workspaceRoot, std::shared_ptr<kube::ExecApprovals> approvals,
                             kube::HttpClientOptions options = {});

    util::Result<std::shared_ptr<kube::KubeClient>> clientFor(const workspace::ClusterRef& cluster) override;

    // The ClusterRef with its kubeconfig path made absolute.
    workspace::ClusterRef resolved(const workspace::ClusterRef& cluster) const;

private:
    QString m_root;
    std::shared_ptr<kube::ExecApprovals> m_approvals;
    kube::HttpClientOptions m_options;
    QMutex m_mutex;
    struct Entry {
        QString version; // the kubeconfig file's time and size when the client was made
        std::shared_ptr<kube::KubeClient> client;
    };
    std::map<std::tuple<QString, QString, bool>, Entry> m_clients;
};

} // namespace syncline::reconcile
