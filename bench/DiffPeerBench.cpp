#include "DiffPeerBench.h"

#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"

#include <QElapsedTimer>
#include <QProcess>

#include <nlohmann/json.hpp>

namespace syncline::bench {

namespace {

constexpr int kProcessTimeoutMs = 600'000;
constexpr int kEveryNthConfigMap = 8; // of the 80% ConfigMaps: 10% of all objects

int configMapCount(int resources) { return resources - 2 * std::max(1, resources / 10); }

} // namespace

DiffPeerBench::DiffPeerBench(const test::TestServer& server, QString syncline, QString kubectl, QString repository,
                             QString environment, int runs)
    : m_server(server), m_syncline(std::move(syncline)), m_kubectl(std::move(kubectl)), m_repository(std::move(repository)),
      m_environment(std::move(environment)), m_runs(runs) {
    // Both sides get a HOME of their own: syncline's trust of the cluster, kubectl's caches.
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("HOME"), m_home.path());
    for (const char* name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "KUBECONFIG"})
        m_env.remove(QString::fromLatin1(name));
}

bool DiffPeerBench::prepare(int resources, QString* error) {
    if (!drift(resources, error))
        return false;
    // The warm-up: syncline trusts the cluster (--yes), kubectl fills its discovery cache.
    return runOurs(false, error) && (m_kubectl.isEmpty() || runPeer(false, error));
}

// A merge patch of every eighth ConfigMap's data, as `kubectl patch` sends it.
bool DiffPeerBench::drift(int resources, QString* error) {
    auto client = kube::HttpKubeClient::create({m_server.kubeconfig, m_server.context, false},
                                               std::make_shared<kube::InMemoryExecApprovals>());
    if (!client) {
        *error = client.error().toString();
        return false;
    }
    for (int i = 0; i < configMapCount(resources); i += kEveryNthConfigMap) {
        const manifest::ResourceKey key{{}, QStringLiteral("ConfigMap"), m_environment, QStringLiteral("config-%1").arg(i)};
        if (auto patched = (*client)->mergePatch(key, {{"data", {{"key", "drifted"}}}}, {}); !patched) {
            *error = patched.error().toString();
            return false;
        }
        ++m_drifted;
    }
    return true;
}

bool DiffPeerBench::measure(QString* error) {
    for (int i = 0; i < m_runs; ++i)
        if (!runOurs(true, error) || (!m_kubectl.isEmpty() && !runPeer(true, error)))
            return false;
    return true;
}

// Exit 1 is "differences found" for both programs; anything else is no figure.
bool DiffPeerBench::runOurs(bool counted, QString* error) {
    const Run r = run(m_syncline, {QStringLiteral("diff"), m_environment, QStringLiteral("--json"), QStringLiteral("--yes"),
                                   QStringLiteral("--repo"), m_repository});
    if (r.exitCode != 1) {
        *error = QStringLiteral("syncline diff %1 exited %2: %3")
                     .arg(m_environment)
                     .arg(r.exitCode)
                     .arg(QString::fromUtf8(r.err.left(600)));
        return false;
    }
    const auto json = nlohmann::json::parse(r.out.constData(), nullptr, false);
    m_oursSaw = json.is_object() ? json.value(nlohmann::json::json_pointer("/counts/Modified"), -1) : -1;
    if (counted)
        m_ours.push_back(r.ms);
    return true;
}

bool DiffPeerBench::runPeer(bool counted, QString* error) {
    const Run r = run(m_kubectl, {QStringLiteral("--kubeconfig"), m_server.kubeconfig, QStringLiteral("--context"),
                                  m_server.context, QStringLiteral("--namespace"), m_environment, QStringLiteral("diff"),
                                  QStringLiteral("--server-side"), QStringLiteral("--force-conflicts"), QStringLiteral("-f"),
                                  m_repository + QStringLiteral("/envs/") + m_environment});
    if (r.exitCode != 1) {
        *error = QStringLiteral("kubectl diff exited %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err.left(600)));
        return false;
    }
    m_peerSaw = int(r.out.count("\ndiff -u -N ") + (r.out.startsWith("diff -u -N ") ? 1 : 0));
    if (counted)
        m_peer.push_back(r.ms);
    return true;
}

DiffPeerBench::Run DiffPeerBench::run(const QString& program, const QStringList& arguments) const {
    QProcess process;
    process.setProcessEnvironment(m_env);
    QElapsedTimer clock;
    clock.start();
    process.start(program, arguments);
    Run result;
    result.finished = process.waitForFinished(kProcessTimeoutMs);
    result.ms = double(clock.nsecsElapsed()) / 1e6;
    if (!result.finished) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

FigureRow DiffPeerBench::row() const {
    return {QStringLiteral("render+diff 1 env, 10% drift, process"), m_ours, m_peer, QStringLiteral("kubectl diff --ss")};
}

} // namespace syncline::bench
