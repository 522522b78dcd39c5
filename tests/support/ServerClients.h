#pragma once

#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "support/TestServers.h"
#include "workspace/Environment.h"

#include <map>
#include <memory>

namespace syncline::test {

// What the tests run against every TestServers row share: one HTTP client per row, made on
// first use, and a plain-manifest environment on that row's server.
class ServerClients {
public:
    // nullptr (with the reason logged) when the row's kubeconfig cannot make a client.
    kube::HttpKubeClient* clientFor(const TestServer& server) {
        auto& client = m_clients[server.name];
        if (!client) {
            auto created = kube::HttpKubeClient::create({server.kubeconfig, server.context, false},
                                                        std::make_shared<kube::InMemoryExecApprovals>());
            if (!created) {
                qWarning("%s", qPrintable(created.error().toString()));
                return nullptr;
            }
            client = std::move(*created);
        }
        return client.get();
    }

    void clear() { m_clients.clear(); }

    // "envs/<name>", plain manifests, namespace <name>, on the row's cluster.
    static workspace::Environment plainEnvironment(const TestServer& server, const QString& name) {
        workspace::Environment env;
        env.name = name;
        env.path = QStringLiteral("envs/") + name;
        env.renderer = workspace::RendererChoice::Plain;
        env.cluster = {server.kubeconfig, server.context, false};
        env.defaultNamespace = name;
        return env;
    }

private:
    std::map<QString, std::shared_ptr<kube::HttpKubeClient>> m_clients; // by row
};

} // namespace syncline::test
