// Environment-level figures of issue 3, on a generated GitOps repository (cached in /tmp):
//  - render + diff of a 5,000-resource environment against a live set with 10% drift and
//    server-side defaults on every object (cold render, and warm through the cache);
//  - marking the commits that changed the environment's rendered output over 10,000 commits.
// (kubectl kustomize on the same overlay is timed by bench_render.)
//
//   build/bench/bench_environment [--objects N] [--commits N] [--repo DIR] [--threads N]
// (--threads: the marking walk's threads, 1 = serial; default one per core)
#include "diff/DiffEngine.h"
#include "git/Repository.h"
#include "workspace/EnvironmentComparison.h"
#include "workspace/EnvironmentRenderer.h"
#include "workspace/RenderedHistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <cstdio>
#include <ctime>

using namespace syncline;

namespace {

QByteArray deployment(int i) {
    const QByteArray n = QByteArray::number(i);
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-" + n + "\n  labels:\n    app: app-" + n +
           "\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-" + n +
           "\n  template:\n    metadata:\n      labels:\n        app: app-" + n +
           "\n    spec:\n      containers:\n      - name: web\n        image: registry.example.com/shop/web:1.0\n"
           "        env:\n        - name: INDEX\n          value: \"" +
           n + "\"\n        ports:\n        - containerPort: 8080\n";
}

// Base of `objects` Deployments in files of 100, a prod overlay, and `commits` commits:
// every 50th bumps prod's image tag, every 400th edits a base file, the rest edit
// unrelated files (docs, other teams' folders).
bool generate(const QString& dir, int objects, int commits) {
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    QProcess::execute(QStringLiteral("git"),
                      {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main"), dir});
    QProcess importer;
    importer.setWorkingDirectory(dir);
    importer.start(QStringLiteral("git"), {QStringLiteral("fast-import"), QStringLiteral("--quiet")});
    importer.waitForStarted();
    QByteArray stream;
    auto file = [&](const QByteArray& path, const QByteArray& content) {
        stream += "M 100644 inline " + path + "\ndata " + QByteArray::number(content.size()) + "\n" + content + "\n";
    };
    auto header = [&](int n) {
        const QByteArray when = QByteArray::number(1600000000 + n * 60);
        const QByteArray message = "commit " + QByteArray::number(n) + "\n";
        stream += "commit refs/heads/main\nauthor Bench <b@example.com> " + when + " +0000\ncommitter Bench <b@example.com> " +
                  when + " +0000\ndata " + QByteArray::number(message.size()) + "\n" + message;
    };
    auto overlay = [](const QByteArray& env, const QByteArray& base, int tag) -> QByteArray {
        return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop-" + env +
               "\nresources:\n- ../../" + base + "\nlabels:\n- pairs:\n    environment: " + env +
               "\nimages:\n- name: registry.example.com/shop/web\n  newTag: \"" + QByteArray::number(tag) + "\"\n";
    };
    auto writeBase = [&](const QByteArray& base, int count) {
        QByteArray kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n";
        for (int f = 0; f * 100 < count; ++f) {
            QByteArray content;
            for (int i = f * 100; i < std::min(count, (f + 1) * 100); ++i)
                content += (i % 100 ? "---\n" : "") + deployment(i);
            const QByteArray name = "apps-" + QByteArray::number(f) + ".yaml";
            file(base + "/" + name, content);
            kustomization += "- " + name + "\n";
        }
        file(base + "/kustomization.yaml", kustomization);
    };
    header(0);
    writeBase("base", objects);
    writeBase("base-small", 500);
    file("overlays/prod/kustomization.yaml", overlay("prod", "base", 0));
    file("overlays/staging/kustomization.yaml", overlay("staging", "base-small", 0));
    for (int n = 1; n < commits; ++n) {
        header(n);
        if (n % 50 == 0) {
            file("overlays/prod/kustomization.yaml", overlay("prod", "base", n));
            file("overlays/staging/kustomization.yaml", overlay("staging", "base-small", n));
        } else if (n % 400 == 1) {
            file("base-small/apps-0.yaml", deployment(0) + "---\n" + deployment(n % 7 + 1).replace("replicas: 2", "replicas: 3"));
        } else
            file("teams/team-" + QByteArray::number(n % 37) + "/notes.md", "note " + QByteArray::number(n) + "\n");
        if (stream.size() > (1 << 20)) {
            importer.write(stream);
            importer.waitForBytesWritten(-1);
            stream.clear();
        }
    }
    importer.write(stream);
    importer.closeWriteChannel();
    importer.waitForFinished(-1);
    QProcess gc;
    gc.setWorkingDirectory(dir);
    gc.start(QStringLiteral("git"), {QStringLiteral("gc"), QStringLiteral("-q")});
    gc.waitForFinished(-1);
    QFile marker(dir + QStringLiteral("/.git/syncline-bench"));
    marker.open(QIODevice::WriteOnly);
    marker.write(QStringLiteral("v2 %1 %2").arg(objects).arg(commits).toUtf8());
    return importer.exitCode() == 0;
}

// What the API server would hand back: status, server metadata and defaults on every
// object, and every tenth object drifted (replicas changed by hand).
std::vector<manifest::ManifestObject> liveFrom(const std::vector<manifest::ManifestObject>& desired) {
    std::vector<manifest::ManifestObject> live = desired;
    for (std::size_t i = 0; i < live.size(); ++i) {
        auto& body = live[i].body;
        body["metadata"]["uid"] = "0b6f3c1e-0000-4000-8000-" + std::to_string(100000000000 + i);
        body["metadata"]["resourceVersion"] = std::to_string(1000 + i);
        body["metadata"]["generation"] = 1;
        body["metadata"]["creationTimestamp"] = "2026-11-01T10:00:00Z";
        body["metadata"]["managedFields"] = nlohmann::ordered_json::array({{{"manager", "syncline"}, {"operation", "Apply"}}});
        body["spec"]["revisionHistoryLimit"] = 10;
        body["spec"]["progressDeadlineSeconds"] = 600;
        body["spec"]["template"]["spec"]["restartPolicy"] = "Always";
        body["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = "IfNotPresent";
        body["spec"]["template"]["spec"]["containers"][0]["terminationMessagePath"] = "/dev/termination-log";
        body["status"] = {{"replicas", 2}, {"readyReplicas", 2}, {"observedGeneration", 1}};
        if (i % 10 == 0)
            body["spec"]["replicas"] = 5;
    }
    return live;
}

double ms(const QElapsedTimer& timer) { return double(timer.nsecsElapsed()) / 1e6; }

// CPU time of the whole process (every thread), in ms: on a loaded machine the wall time
// of a parallel walk says more about the neighbours than about the walk.
double cpuMs() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int objects = 5000, commits = 10000;
    workspace::MarkingParallelism parallelism;
    QString dir = QDir::tempPath() + QStringLiteral("/syncline-bench-environment");
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--objects"))
            objects = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--commits"))
            commits = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--repo"))
            dir = args[i + 1];
        else if (args[i] == QLatin1String("--threads"))
            parallelism.threads = std::size_t(std::max(args[i + 1].toInt(), 0));
    }
    QFile marker(dir + QStringLiteral("/.git/syncline-bench"));
    const QByteArray wanted = QStringLiteral("v2 %1 %2").arg(objects).arg(commits).toUtf8();
    if (!marker.open(QIODevice::ReadOnly) || marker.readAll() != wanted) {
        std::printf("generating %d objects and %d commits in %s ...\n", objects, commits, qPrintable(dir));
        if (!generate(dir, objects, commits))
            return 1;
    }
    auto opened = git::Repository::open(dir);
    if (!opened)
        return 1;
    auto repository = std::make_shared<const git::Repository>(std::move(*opened));
    workspace::Environment prod;
    prod.name = QStringLiteral("prod");
    prod.path = QStringLiteral("overlays/prod");
    prod.renderer = workspace::RendererChoice::Kustomize;
    prod.defaultNamespace = QStringLiteral("shop-prod");

    workspace::EnvironmentRenderer renderer(repository);
    QElapsedTimer timer;
    timer.start();
    auto rendered = renderer.render(prod);
    const double coldRender = ms(timer);
    if (!rendered || !rendered->result.ok()) {
        std::fprintf(stderr, "render failed\n");
        return 1;
    }
    const auto live = liveFrom(rendered->result.objects);
    diff::DiffOptions options;
    options.left.defaultNamespace = prod.defaultNamespace;
    timer.restart();
    const diff::DiffResult cold = diff::DiffEngine::compare(rendered->result.objects, live, options);
    const double diffTime = ms(timer);

    // Warm: the same environment at the parent commit, unchanged inputs -> cache hit.
    timer.restart();
    auto again = renderer.render(prod, QStringLiteral("HEAD~1"));
    const double warmRender = ms(timer);
    timer.restart();
    const diff::DiffResult warm = diff::DiffEngine::compare(again->result.objects, live, options);
    const double warmDiff = ms(timer);

    // Marking runs on a 500-resource environment (the size issue 5 plans per environment):
    // every commit that changes its inputs costs a full render, so the cost is
    // (commits that touched it) x (render time) + (all commits) x (a few tree lookups).
    workspace::Environment staging = prod;
    staging.name = QStringLiteral("staging");
    staging.path = QStringLiteral("overlays/staging");
    staging.defaultNamespace = QStringLiteral("shop-staging");
    workspace::EnvironmentRenderer historyRenderer(repository);
    timer.restart();
    const double cpuBefore = cpuMs();
    auto tip = historyRenderer.resolve(staging);
    auto marked =
        workspace::RenderedHistory::commitsChangingOutput(historyRenderer, staging, *tip, std::size_t(commits), {}, parallelism);
    const double marking = ms(timer);
    const double markingCpu = cpuMs() - cpuBefore;
    if (!marked) {
        std::fprintf(stderr, "marking failed: %s\n", qPrintable(marked.error().toString()));
        return 1;
    }

    std::printf("\nenvironment benchmark: %zu rendered objects, %d commits (%s)\n", rendered->result.objects.size(), commits,
                qPrintable(dir));
    std::printf("  render, cold                                %8.1f ms\n", coldRender);
    std::printf("  diff vs live (10%% drift, server defaults)   %8.1f ms   %zu modified, %zu same\n", diffTime,
                cold.count(diff::ResourceState::Modified), cold.count(diff::ResourceState::Same));
    std::printf("  render + diff, cold                         %8.1f ms   (target < 300 ms)\n", coldRender + diffTime);
    std::printf("  render + diff at another commit (cache hit) %8.1f ms   (%zu modified)\n", warmRender + warmDiff,
                warm.count(diff::ResourceState::Modified));
    std::printf("  commits that changed staging's output (500 objects) %8.1f ms   (target < 5 s): %zu of %zu commits, %zu "
                "renders (cache misses), %.0f ms CPU on %zu threads\n",
                marking, marked->commits.size(), marked->examined, marked->renders, markingCpu,
                parallelism.threads ? parallelism.threads : std::size_t(std::max(QThread::idealThreadCount(), 1)));
    return 0;
}
