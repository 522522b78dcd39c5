// bench_kube: the Kubernetes client against a syncline-devcluster on loopback (HTTPS and
// a bearer token, through the kubeconfig it writes), and the real kubectl in the same run
// where the comparison means something.
//
//   bench_kube [--runs N] [--list N] [--apply N] [--gets N] [--devcluster PATH] [--no-kubectl]
//
// Prints the median of N runs for: list of N ConfigMaps, server-side apply of N objects
// (one after another, and with the client's concurrency), small GETs per second.
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

using namespace syncline;

namespace {

struct Server {
    QProcess process;
    QString kubeconfig;
    QString url;
};

bool startServer(Server& server, const QString& binary, const QString& dir, QString* error) {
    server.kubeconfig = dir + QStringLiteral("/kubeconfig");
    server.process.setProgram(binary);
    server.process.setArguments({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"),
                                 dir + QStringLiteral("/data"), QStringLiteral("--kubeconfig"), server.kubeconfig,
                                 QStringLiteral("--tls")}); // its random token lands in the kubeconfig
    server.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.process.start();
    if (!server.process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(binary, server.process.errorString());
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    while (!server.process.canReadLine()) {
        if (clock.elapsed() > 30000 || !server.process.waitForReadyRead(30000 - int(clock.elapsed()))) {
            *error = QStringLiteral("the devcluster did not say it listens");
            return false;
        }
    }
    const QString line = QString::fromUtf8(server.process.readLine()).trimmed();
    if (!line.startsWith(QLatin1String("listening on "))) {
        *error = QStringLiteral("unexpected first line from the devcluster: %1").arg(line);
        return false;
    }
    server.url = line.mid(13);
    return true;
}

nlohmann::json configMap(const QString& ns, const QString& name) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name.toStdString()}, {"namespace", ns.toStdString()}, {"labels", {{"bench", "yes"}}}}},
            {"data", {{"greeting", "hello"}, {"payload", std::string(200, 'x')}}}};
}

// Runs `work(i)` for i in [0, count) on `threads` threads; false if any call failed.
bool parallel(int count, int threads, const std::function<bool(int)>& work) {
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

double median(std::vector<double> values) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

struct Row {
    QString name;
    QString unit; // "ms" or "req/s"
    std::vector<double> ours;
    std::vector<double> kubectl;
};

bool runKubectl(const QString& kubectl, const QStringList& args, QByteArray* out = nullptr) {
    QProcess process;
    process.start(kubectl, args);
    if (!process.waitForFinished(600000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "kubectl %s failed: %s\n", qPrintable(args.join(QLatin1Char(' '))),
                     process.readAllStandardError().left(400).constData());
        return false;
    }
    if (out)
        *out = process.readAllStandardOutput();
    return true;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per measurement (median)."),
                                        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption listOption(QStringLiteral("list"), QStringLiteral("Objects to list."), QStringLiteral("N"),
                                        QStringLiteral("5000"));
    const QCommandLineOption applyOption(QStringLiteral("apply"), QStringLiteral("Objects to apply."), QStringLiteral("N"),
                                         QStringLiteral("1000"));
    const QCommandLineOption getsOption(QStringLiteral("gets"), QStringLiteral("GETs per rate measurement."), QStringLiteral("N"),
                                        QStringLiteral("2000"));
    const QCommandLineOption binaryOption(QStringLiteral("devcluster"), QStringLiteral("syncline-devcluster binary."),
                                          QStringLiteral("PATH"));
    const QCommandLineOption noKubectlOption(QStringLiteral("no-kubectl"), QStringLiteral("Skip the kubectl comparison."));
    parser.addOptions({runsOption, listOption, applyOption, getsOption, binaryOption, noKubectlOption});
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const int listCount = std::max(1, parser.value(listOption).toInt());
    const int applyCount = std::max(1, parser.value(applyOption).toInt());
    const int getCount = std::max(1, parser.value(getsOption).toInt());

    QString binary = parser.value(binaryOption);
    if (binary.isEmpty())
        binary = QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY);
    if (!QFileInfo::exists(binary))
        binary = QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/syncline-devcluster");
    const QString kubectl = parser.isSet(noKubectlOption) ? QString() : QStandardPaths::findExecutable(QStringLiteral("kubectl"));

    QTemporaryDir scratch;
    Server server;
    QString error;
    if (!startServer(server, binary, scratch.path(), &error)) {
        std::fprintf(stderr, "bench_kube: %s\n", qPrintable(error));
        return 1;
    }
    kube::HttpClientOptions options;
    auto created = kube::HttpKubeClient::create({server.kubeconfig, QString(), false},
                                                std::make_shared<kube::InMemoryExecApprovals>(), options);
    if (!created) {
        std::fprintf(stderr, "bench_kube: %s\n", qPrintable(created.error().toString()));
        return 1;
    }
    kube::HttpKubeClient& client = **created;
    const int concurrency = client.maxConcurrent();
    const QStringList kubeArgs = {QStringLiteral("--kubeconfig"), server.kubeconfig};
    util::CancellationToken cancel;
    auto fail = [](const util::Error& e) {
        std::fprintf(stderr, "bench_kube: %s\n", qPrintable(e.toString()));
        return 1;
    };

    QElapsedTimer clock;
    clock.start();
    if (auto d = client.discover(cancel); !d)
        return fail(d.error());
    const double discoveryMs = double(clock.nsecsElapsed()) / 1e6;
    for (const char* ns : {"bench-list", "bench-apply", "bench-kubectl"})
        if (auto r = client.apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}}, {}, cancel); !r)
            return fail(r.error());

    std::printf("bench_kube: devcluster %s (HTTPS, token), %d runs, client concurrency %d%s\n", qPrintable(server.url), runs,
                concurrency, kubectl.isEmpty() ? ", no kubectl" : "");
    std::fflush(stdout);
    clock.restart();
    std::optional<util::Error> setupError;
    parallel(listCount, concurrency, [&](int i) {
        auto r = client.apply(configMap(QStringLiteral("bench-list"), QStringLiteral("cm-%1").arg(i)), {}, cancel);
        if (!r)
            setupError = r.error();
        return bool(r);
    });
    if (setupError)
        return fail(*setupError);
    std::printf("setup: %d ConfigMaps created in %.0f ms\n", listCount, double(clock.elapsed()));

    Row list{QStringLiteral("list %1 ConfigMaps").arg(listCount), QStringLiteral("ms"), {}, {}};
    Row applySeq{QStringLiteral("apply %1 (one at a time)").arg(applyCount), QStringLiteral("ms"), {}, {}};
    Row applyPar{QStringLiteral("apply %1 (concurrency %2)").arg(applyCount).arg(concurrency), QStringLiteral("ms"), {}, {}};
    Row getOne{QStringLiteral("GET, 1 thread"), QStringLiteral("req/s"), {}, {}};
    Row getPar{QStringLiteral("GET, %1 threads").arg(concurrency), QStringLiteral("req/s"), {}, {}};

    for (int run = 0; run < runs; ++run) {
        clock.restart();
        auto items = client.list(QString(), QStringLiteral("ConfigMap"), {.namespaceName = QStringLiteral("bench-list")}, cancel);
        if (!items)
            return fail(items.error());
        list.ours.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (int(items->size()) != listCount) {
            std::fprintf(stderr, "bench_kube: listed %zu, expected %d\n", items->size(), listCount);
            return 1;
        }
        if (!kubectl.isEmpty()) {
            QByteArray out;
            clock.restart();
            if (!runKubectl(kubectl,
                            kubeArgs + QStringList{QStringLiteral("get"), QStringLiteral("configmaps"), QStringLiteral("-n"),
                                                   QStringLiteral("bench-list"), QStringLiteral("-o"), QStringLiteral("json")},
                            &out))
                return 1;
            list.kubectl.push_back(double(clock.nsecsElapsed()) / 1e6);
        }

        clock.restart();
        for (int i = 0; i < applyCount; ++i)
            if (auto r = client.apply(configMap(QStringLiteral("bench-apply"), QStringLiteral("seq-%1-%2").arg(run).arg(i)), {},
                                      cancel);
                !r)
                return fail(r.error());
        applySeq.ours.push_back(double(clock.nsecsElapsed()) / 1e6);

        clock.restart();
        std::optional<util::Error> applyError;
        parallel(applyCount, concurrency, [&](int i) {
            auto r =
                client.apply(configMap(QStringLiteral("bench-apply"), QStringLiteral("par-%1-%2").arg(run).arg(i)), {}, cancel);
            if (!r)
                applyError = r.error();
            return bool(r);
        });
        if (applyError)
            return fail(*applyError);
        applyPar.ours.push_back(double(clock.nsecsElapsed()) / 1e6);

        if (!kubectl.isEmpty()) {
            const QString file = scratch.filePath(QStringLiteral("apply-%1.yaml").arg(run));
            QFile yaml(file);
            if (!yaml.open(QIODevice::WriteOnly))
                return 1;
            for (int i = 0; i < applyCount; ++i)
                yaml.write(QByteArray("---\n") +
                           QByteArray::fromStdString(
                               configMap(QStringLiteral("bench-kubectl"), QStringLiteral("k-%1-%2").arg(run).arg(i)).dump()) +
                           "\n");
            yaml.close();
            clock.restart();
            if (!runKubectl(kubectl, kubeArgs + QStringList{QStringLiteral("apply"), QStringLiteral("--server-side"),
                                                            QStringLiteral("--field-manager"), QStringLiteral("syncline-bench"),
                                                            QStringLiteral("-f"), file}))
                return 1;
            applySeq.kubectl.push_back(double(clock.nsecsElapsed()) / 1e6);
        }

        const manifest::ResourceKey key{QString(), QStringLiteral("ConfigMap"), QStringLiteral("bench-list"),
                                        QStringLiteral("cm-1")};
        clock.restart();
        for (int i = 0; i < getCount; ++i)
            if (auto r = client.get(key, cancel); !r)
                return fail(r.error());
        getOne.ours.push_back(getCount / (double(clock.nsecsElapsed()) / 1e9));
        clock.restart();
        std::optional<util::Error> getError;
        parallel(getCount, concurrency, [&](int) {
            auto r = client.get(key, cancel);
            if (!r)
                getError = r.error();
            return bool(r);
        });
        if (getError)
            return fail(*getError);
        getPar.ours.push_back(getCount / (double(clock.nsecsElapsed()) / 1e9));
        std::fprintf(stderr, "run %d done\n", run + 1);
    }

    std::printf("\ndiscovery (first call): %.1f ms\n", discoveryMs);
    std::printf("%-34s %12s %12s %8s\n", "operation (median)", "syncline", "kubectl", "ratio");
    for (const Row* row : {&list, &applySeq, &applyPar, &getOne, &getPar}) {
        const double ours = median(row->ours);
        const QString unit = row->unit;
        QString theirs = QStringLiteral("-");
        QString ratio = QStringLiteral("-");
        if (!row->kubectl.empty()) {
            const double k = median(row->kubectl);
            theirs = QStringLiteral("%1 %2").arg(k, 0, 'f', 0).arg(unit);
            ratio = QStringLiteral("%1x").arg(k / ours, 0, 'f', 2); // >1: syncline is faster
        }
        std::printf("%-34s %12s %12s %8s\n", qPrintable(row->name),
                    qPrintable(QStringLiteral("%1 %2").arg(ours, 0, 'f', 0).arg(unit)), qPrintable(theirs), qPrintable(ratio));
    }
    std::printf("ratio = kubectl time / syncline time (kubectl includes process start and its own discovery)\n");
    std::printf("peak requests in flight: %d (bound %d)\n", client.peakRequestsInFlight(), concurrency);
    server.process.terminate();
    server.process.waitForFinished(10000);
    return 0;
}
