#include "ClientBench.h"

#include "kube/ExecApprovals.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QThread>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

namespace syncline::bench {

namespace {

const QString kListNamespace = QStringLiteral("bench-list");
const QString kApplyNamespace = QStringLiteral("bench-apply");
constexpr int kKubectlTimeoutMs = 600'000;

// What both sides apply: the same ConfigMap but for its name.
nlohmann::json configMap(const QString& ns, const QString& name) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name.toStdString()}, {"namespace", ns.toStdString()}, {"labels", {{"bench", "yes"}}}}},
            {"data", {{"greeting", "hello"}, {"payload", std::string(200, 'x')}}}};
}

// Runs `work(i)` for i in [0, count) on `threads` threads; stops at the first failure.
bool parallelFor(int count, int threads, const std::function<bool(int)>& work) {
    std::atomic<int> next{0};
    std::atomic<bool> ok{true};
    std::vector<std::unique_ptr<QThread>> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back(QThread::create([&] {
            for (int i = next++; i < count && ok; i = next++)
                if (!work(i))
                    ok = false;
        }));
        workers.back()->start();
    }
    for (auto& worker : workers)
        worker->wait();
    return ok;
}

double elapsedMs(const QElapsedTimer& clock) { return double(clock.nsecsElapsed()) / 1e6; }

} // namespace

ClientBench::ClientBench(const test::TestServer& server, const QString& kubectl, const QString& scratch, ClientBenchSizes sizes)
    : m_server(server), m_kubectl(kubectl), m_scratch(scratch), m_sizes(sizes) {
    const QString peer = QStringLiteral("kubectl");
    m_list = {QStringLiteral("list %1 ConfigMaps").arg(sizes.list), {}, {}, peer + QStringLiteral(" get -o json")};
    m_applySequential = {
        QStringLiteral("apply %1, one at a time").arg(sizes.apply), {}, {}, peer + QStringLiteral(" apply --ss")};
    m_applyConcurrent = {QString(), {}, {}, peer + QStringLiteral(" apply --ss")};
}

ClientBench::~ClientBench() = default;

int ClientBench::concurrency() const { return m_client ? m_client->maxConcurrent() : 0; }

bool ClientBench::prepare(QString* error) {
    auto created = kube::HttpKubeClient::create({m_server.kubeconfig, m_server.context, false},
                                                std::make_shared<kube::InMemoryExecApprovals>());
    if (!created) {
        *error = created.error().toString();
        return false;
    }
    m_client = std::move(*created);
    m_applyConcurrent.what = QStringLiteral("apply %1, %2 at once").arg(m_sizes.apply).arg(m_client->maxConcurrent());
    util::CancellationToken cancel;
    for (const QString& ns : {kListNamespace, kApplyNamespace})
        if (auto r = m_client->apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns.toStdString()}}}},
                                     {}, cancel);
            !r) {
            *error = r.error().toString();
            return false;
        }
    QElapsedTimer clock;
    clock.start();
    if (!applyAll(kListNamespace, QStringLiteral("cm"), m_sizes.list, m_client->maxConcurrent(), error))
        return false;
    m_setupMs = elapsedMs(clock);
    return QDir().mkpath(m_scratch + QStringLiteral("/home"));
}

bool ClientBench::measure(QString* error) {
    for (int run = 0; run <= m_sizes.runs; ++run)
        if (!runOnce(run, run > 0, error))
            return false;
    return true;
}

std::vector<FigureRow> ClientBench::rows() const { return {m_list, m_applySequential, m_applyConcurrent}; }

// Run 0 warms both sides up (connections, discovery, kubectl's discovery and OpenAPI
// caches) with a whole list and 10 applies each: on the real server kubectl takes ~30 ms
// an object, and 1,000 more would be half a minute of this benchmark's run time.
bool ClientBench::runOnce(int run, bool counted, QString* error) {
    const QString tag = QString::number(run);
    const int applies = counted ? m_sizes.apply : std::min(10, m_sizes.apply);
    return timeList(counted, error) && timeKubectlList(counted, error) &&
           timeApply(QStringLiteral("seq-") + tag, applies, 1, counted ? &m_applySequential : nullptr, error) &&
           timeApply(QStringLiteral("par-") + tag, applies, m_client->maxConcurrent(), counted ? &m_applyConcurrent : nullptr,
                     error) &&
           timeKubectlApply(run, applies, counted, error);
}

bool ClientBench::timeList(bool counted, QString* error) {
    util::CancellationToken cancel;
    QElapsedTimer clock;
    clock.start();
    auto items = m_client->list(QString(), QStringLiteral("ConfigMap"), {.namespaceName = kListNamespace}, cancel);
    const double took = elapsedMs(clock);
    if (!items) {
        *error = items.error().toString();
        return false;
    }
    // The real server adds its own kube-root-ca.crt ConfigMap to every namespace.
    if (int(items->size()) < m_sizes.list) {
        *error = QStringLiteral("listed %1 ConfigMaps, expected %2").arg(items->size()).arg(m_sizes.list);
        return false;
    }
    if (counted)
        m_list.ours.push_back(took);
    return true;
}

bool ClientBench::timeApply(const QString& prefix, int count, int threads, FigureRow* row, QString* error) {
    QElapsedTimer clock;
    clock.start();
    if (!applyAll(kApplyNamespace, prefix, count, threads, error))
        return false;
    if (row)
        row->ours.push_back(elapsedMs(clock));
    return true;
}

bool ClientBench::applyAll(const QString& ns, const QString& prefix, int count, int threads, QString* error) {
    util::CancellationToken cancel;
    std::mutex failure;
    const bool ok = parallelFor(count, threads, [&](int i) {
        auto r = m_client->apply(configMap(ns, QStringLiteral("%1-%2").arg(prefix).arg(i)), {}, cancel);
        if (!r) {
            std::lock_guard lock(failure);
            *error = r.error().toString();
        }
        return bool(r);
    });
    return ok;
}

bool ClientBench::timeKubectlList(bool counted, QString* error) {
    if (m_kubectl.isEmpty())
        return true;
    QElapsedTimer clock;
    clock.start();
    if (!kubectl({QStringLiteral("get"), QStringLiteral("configmaps"), QStringLiteral("-n"), kListNamespace, QStringLiteral("-o"),
                  QStringLiteral("json")},
                 error))
        return false;
    if (counted)
        m_list.peer.push_back(elapsedMs(clock));
    return true;
}

// One multi-document file of the same ConfigMaps, written before the clock starts.
bool ClientBench::timeKubectlApply(int run, int count, bool counted, QString* error) {
    if (m_kubectl.isEmpty())
        return true;
    const QString path = m_scratch + QStringLiteral("/apply-%1.yaml").arg(run);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    for (int i = 0; i < count; ++i)
        file.write("---\n" +
                   QByteArray::fromStdString(configMap(kApplyNamespace, QStringLiteral("kubectl-%1-%2").arg(run).arg(i)).dump()) +
                   "\n");
    file.close();
    QElapsedTimer clock;
    clock.start();
    if (!kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--field-manager=syncline"),
                  QStringLiteral("-f"), path},
                 error))
        return false;
    if (counted) {
        m_applySequential.peer.push_back(elapsedMs(clock));
        m_applyConcurrent.peer.push_back(m_applySequential.peer.back());
    }
    return true;
}

// kubectl with the server's kubeconfig and a HOME of its own (its discovery and OpenAPI
// caches live there across runs). Up to 10 minutes: on a loaded machine kubectl's apply of
// 1,000 objects to the real server passed the tests' one-minute limit.
bool ClientBench::kubectl(const QStringList& arguments, QString* error) const {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_scratch + QStringLiteral("/home"));
    process.setProcessEnvironment(env);
    process.start(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_server.kubeconfig, QStringLiteral("--context"),
                                         m_server.context} +
                                 arguments);
    const bool finished = process.waitForFinished(kKubectlTimeoutMs);
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (!finished) {
            process.kill();
            process.waitForFinished();
        }
        *error = QStringLiteral("kubectl %1: %2")
                     .arg(arguments.join(QLatin1Char(' ')),
                          finished ? QString::fromUtf8(process.readAllStandardError().left(600)) : QStringLiteral("timed out"));
        return false;
    }
    return true;
}

} // namespace syncline::bench
