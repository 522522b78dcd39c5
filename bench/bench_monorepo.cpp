// The monorepo figures of issue 13, on a generated repository (cached in /tmp) of 40
// applications × 3 environments: 20 Helm charts (charts/<chart>, values per environment in
// envs/<env>/<chart>.yaml, one Argo CD ApplicationSet with a list generator) and 20
// kustomize applications (apps/<app>/base + overlays/{dev,staging,prod}, an ApplicationSet
// with a git-directories generator). Measured, as medians over the runs:
//  - detection of the 120 applications from the branch tip's Git objects;
//  - cold render of all 120 (EnvironmentRenderer::renderAll, a fresh cache);
//  - warm re-render after a commit changing one values file, and after one changing a chart;
//  - helm invocations, counted by a stand-in `helm` first on PATH that logs each
//    `helm template` and runs the real one: how many, and how many at once;
//  - the peer: `helm template` / `kubectl kustomize` per application on the checked-out
//    files, process after process (and as many at once as there are cores), in the same run.
//
//   build/bench/bench_monorepo [--runs N] [--repo DIR] [--helm PATH] [--kubectl PATH]
#include "BenchTiming.h"
#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "workspace/EnvironmentRenderer.h"
#include "workspace/detect/ApplicationDetector.h"
#include "workspace/detect/ApplicationEnvironments.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <map>
#include <thread>

using namespace syncline;
using bench::Clock;

namespace {

constexpr int kCharts = 20;
constexpr int kKustomizeApps = 20;
const char* const kStages[] = {"dev", "staging", "prod"};
const QByteArray kRepositoryUrl = "https://git.example.com/platform/monorepo.git";
const QString kMarker = QStringLiteral("monorepo v1");

QByteArray name(const char* prefix, int i) { return prefix + QByteArray::number(i).rightJustified(2, '0'); }

// --- the generated repository -------------------------------------------------------

// A chart as `helm create` makes them, trimmed: helpers, a Deployment, Service, ConfigMap
// and an optional HorizontalPodAutoscaler.
std::map<QByteArray, QByteArray> chartFiles(const QByteArray& chart) {
    std::map<QByteArray, QByteArray> files;
    files["Chart.yaml"] = "apiVersion: v2\nname: " + chart + "\ndescription: " + chart + " service\nversion: 1.4.0\n";
    files["values.yaml"] = "replicaCount: 1\nimage:\n  repository: registry.example.com/" + chart +
                           "\n  tag: \"1.0.0\"\nservice:\n  port: 8080\ntier: base\nautoscaling:\n  enabled: false\n"
                           "  maxReplicas: 5\nresources:\n  requests:\n    cpu: 100m\n    memory: 128Mi\n";
    files["templates/_helpers.tpl"] =
        "{{- define \"app.labels\" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\napp.kubernetes.io/instance: {{ "
        ".Release.Name }}\napp.kubernetes.io/version: {{ .Values.image.tag | quote }}\n{{- end }}\n";
    files["templates/deployment.yaml"] =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "
        "\"app.labels\" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  selector:\n    matchLabels:\n"
        "      app.kubernetes.io/instance: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        {{- "
        "include \"app.labels\" . | nindent 8 }}\n    spec:\n      containers:\n      - name: app\n        image: \"{{ "
        ".Values.image.repository }}:{{ .Values.image.tag }}\"\n        ports:\n        - containerPort: {{ "
        ".Values.service.port }}\n        envFrom:\n        - configMapRef:\n            name: {{ .Release.Name "
        "}}-settings\n        resources:\n          {{- toYaml .Values.resources | nindent 10 }}\n";
    files["templates/service.yaml"] =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include \"app.labels\" . "
        "| nindent 4 }}\nspec:\n  ports:\n  - port: 80\n    targetPort: {{ .Values.service.port }}\n  selector:\n"
        "    app.kubernetes.io/instance: {{ .Release.Name }}\n";
    files["templates/configmap.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\n"
                                        "data:\n  TIER: {{ .Values.tier | quote }}\n  NAMESPACE: {{ .Release.Namespace | "
                                        "quote }}\n";
    files["templates/hpa.yaml"] =
        "{{- if .Values.autoscaling.enabled }}\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n"
        "  name: {{ .Release.Name }}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n"
        "    name: {{ .Release.Name }}\n  minReplicas: {{ .Values.replicaCount }}\n  maxReplicas: {{ "
        ".Values.autoscaling.maxReplicas }}\n{{- end }}\n";
    return files;
}

QByteArray chartValues(const QByteArray& stage, qint64 change) {
    const bool prod = stage == "prod";
    return "replicaCount: " + QByteArray(prod ? "3" : "1") + "\nimage:\n  tag: \"1." + QByteArray::number(change) +
           ".0\"\ntier: " + stage + "\nautoscaling:\n  enabled: " + (prod ? "true" : "false") + "\n";
}

std::map<QByteArray, QByteArray> kustomizeFiles(const QByteArray& app) {
    std::map<QByteArray, QByteArray> files;
    files["base/kustomization.yaml"] = "resources:\n- deployment.yaml\n- service.yaml\nconfigMapGenerator:\n- name: " + app +
                                       "-settings\n  literals:\n  - TIER=base\n";
    files["base/deployment.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + app +
                                    "\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: " + app +
                                    "\n  template:\n    metadata:\n      labels:\n        app: " + app +
                                    "\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/" +
                                    app + ":1.0.0\n        envFrom:\n        - configMapRef:\n            name: " + app +
                                    "-settings\n";
    files["base/service.yaml"] = "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + app +
                                 "\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: " + app + "\n";
    for (const char* stage : kStages) {
        const QByteArray s(stage);
        files["overlays/" + s + "/kustomization.yaml"] = "namespace: " + app + "-" + s +
                                                         "\nresources:\n- ../../base\nlabels:\n- pairs:\n    environment: " + s +
                                                         "\nimages:\n- name: registry.example.com/" + app + "\n  newTag: \"1.0." +
                                                         QByteArray::number(s.size()) + "\"\npatches:\n- path: replicas.yaml\n";
        files["overlays/" + s + "/replicas.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + app +
                                                    "\nspec:\n  replicas: " + (s == "prod" ? "3" : "1") + "\n";
    }
    return files;
}

QByteArray applicationSets() {
    QByteArray elements;
    for (int c = 1; c <= kCharts; ++c)
        for (const char* stage : kStages)
            elements += "      - chart: " + name("chart-", c) + "\n        env: " + stage + "\n";
    const QByteArray helm =
        "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: charts\n  namespace: argocd\n"
        "spec:\n  generators:\n  - list:\n      elements:\n" +
        elements +
        "  template:\n    metadata:\n      name: '{{chart}}-{{env}}'\n    spec:\n      project: default\n"
        "      sources:\n      - repoURL: " +
        kRepositoryUrl +
        "\n        targetRevision: HEAD\n        path: charts/{{chart}}\n        helm:\n          valueFiles:\n"
        "          - $values/envs/{{env}}/{{chart}}.yaml\n      - repoURL: " +
        kRepositoryUrl +
        "\n        targetRevision: HEAD\n        ref: values\n      destination:\n"
        "        server: https://kubernetes.default.svc\n        namespace: '{{chart}}-{{env}}'\n";
    const QByteArray overlays =
        "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: overlays\n  namespace: argocd\nspec:\n"
        "  generators:\n  - git:\n      repoURL: " +
        kRepositoryUrl +
        "\n      revision: HEAD\n      directories:\n      - path: apps/*/overlays/*\n  template:\n    metadata:\n"
        "      name: '{{path[1]}}-{{path.basename}}'\n    spec:\n      project: default\n      source:\n        repoURL: " +
        kRepositoryUrl +
        "\n        targetRevision: HEAD\n        path: '{{path}}'\n      destination:\n"
        "        server: https://kubernetes.default.svc\n        namespace: '{{path[1]}}-{{path.basename}}'\n";
    return helm + "---\n" + overlays;
}

bool runGit(const QString& dir, const QStringList& arguments, const QByteArray& input = {}) {
    QProcess git;
    git.setWorkingDirectory(dir);
    git.start(QStringLiteral("git"), arguments);
    if (!input.isEmpty())
        git.write(input);
    git.closeWriteChannel();
    return git.waitForFinished(-1) && git.exitCode() == 0;
}

// One commit holding everything, through git fast-import, then checked out for the peers.
bool generate(const QString& dir) {
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    if (!runGit(dir, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")}))
        return false;
    QByteArray stream = "commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 10\nmonorepo\n\n";
    auto file = [&](const QByteArray& path, const QByteArray& content) {
        stream += "M 100644 inline " + path + "\ndata " + QByteArray::number(content.size()) + "\n" + content + "\n";
    };
    for (int c = 1; c <= kCharts; ++c) {
        const QByteArray chart = name("chart-", c);
        for (const auto& [path, content] : chartFiles(chart))
            file("charts/" + chart + "/" + path, content);
        for (const char* stage : kStages)
            file("envs/" + QByteArray(stage) + "/" + chart + ".yaml", chartValues(stage, 0));
    }
    for (int a = 1; a <= kKustomizeApps; ++a)
        for (const auto& [path, content] : kustomizeFiles(name("service-", a)))
            file("apps/" + name("service-", a) + "/" + path, content);
    file("argocd/applicationsets.yaml", applicationSets());
    file("README.md", "40 applications x 3 environments, generated by bench_monorepo\n");
    if (!runGit(dir, {QStringLiteral("fast-import"), QStringLiteral("--quiet")}, stream) ||
        !runGit(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("main")}))
        return false;
    QFile marker(dir + QStringLiteral("/.git/syncline-bench"));
    return marker.open(QIODevice::WriteOnly) && marker.write(kMarker.toUtf8()) > 0;
}

// A one-file commit on top of the checked-out branch; the content must differ from what
// the file holds (callers put a change number in it that no earlier bench run used).
bool commitOneFile(const QString& dir, const QString& path, const QByteArray& content, const QString& message) {
    QFile file(dir + QLatin1Char('/') + path);
    const bool written = file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
    file.close();
    if (written && runGit(dir, {QStringLiteral("-c"), QStringLiteral("user.name=Bench"), QStringLiteral("-c"),
                                QStringLiteral("user.email=bench@example.com"), QStringLiteral("commit"), QStringLiteral("-q"),
                                QStringLiteral("-a"), QStringLiteral("-m"), message}))
        return true;
    std::fprintf(stderr, "cannot commit a change to %s in %s\n", qPrintable(path), qPrintable(dir));
    return false;
}

// --- counting helm ------------------------------------------------------------------

// The stand-in first on PATH: logs "start <release>" and "end <release>" around the real
// helm for each `helm template`; anything else goes straight through. Appends land in the
// order they happen, so the log alone says how many ran at once: no clock, and no process
// but the shell's own (a millisecond or so) on top of helm's.
bool writeCountingHelm(const QString& binDir, const QString& realHelm, const QString& log) {
    QDir().mkpath(binDir);
    QFile script(binDir + QStringLiteral("/helm"));
    if (!script.open(QIODevice::WriteOnly))
        return false;
    script.write(QStringLiteral("#!/bin/sh\nif [ \"$1\" = template ]; then\n  echo \"start $2\" >>'%1'\n"
                                "  '%2' \"$@\"; status=$?\n  echo \"end $2\" >>'%1'\n  exit $status\nfi\nexec '%2' \"$@\"\n")
                     .arg(log, realHelm)
                     .toUtf8());
    script.close();
    return script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

struct HelmRuns {
    int templates = 0;
    int distinctReleases = 0;
    int mostAtOnce = 0;
};

// The most of each across runs: a run that ran helm more often than another shows.
void keepMost(HelmRuns& most, const HelmRuns& run) {
    most.templates = std::max(most.templates, run.templates);
    most.distinctReleases = std::max(most.distinctReleases, run.distinctReleases);
    most.mostAtOnce = std::max(most.mostAtOnce, run.mostAtOnce);
}

// Reads and empties the log: how many renders, of how many releases, how many at once.
HelmRuns takeHelmRuns(const QString& log) {
    QFile file(log);
    HelmRuns runs;
    if (!file.open(QIODevice::ReadOnly))
        return runs;
    QSet<QByteArray> releases;
    int running = 0;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.startsWith("start ")) {
            ++runs.templates;
            releases.insert(line.mid(6));
            runs.mostAtOnce = std::max(runs.mostAtOnce, ++running);
        } else if (line.startsWith("end ")) {
            --running;
        }
    }
    file.close();
    file.remove();
    runs.distinctReleases = int(releases.size());
    return runs;
}

// --- ours ---------------------------------------------------------------------------

std::vector<workspace::Environment> detect(const std::shared_ptr<const git::Repository>& repository, std::size_t* found) {
    auto snapshot = git::TreeSnapshot::atRevision(repository, QStringLiteral("main"));
    if (!snapshot)
        return {};
    const manifest::GitTreeFileSource files(std::move(*snapshot));
    workspace::DetectorOptions options;
    options.currentBranch = QStringLiteral("main");
    options.repositoryUrls = {QString::fromUtf8(kRepositoryUrl)};
    const workspace::DetectionResult result = workspace::ApplicationDetector::detect(files, options);
    *found = result.applications.size();
    for (const auto& source : result.unrecognized)
        std::fprintf(stderr, "not understood: %s (%s): %s\n", qPrintable(source.what), qPrintable(source.where),
                     qPrintable(source.reason));
    return workspace::ApplicationEnvironments::fromApplications(result).config().environments;
}

struct Rendered {
    double ms = 0;
    std::size_t objects = 0;
    QString firstError;
};

Rendered renderAll(workspace::EnvironmentRenderer& renderer, const std::vector<workspace::Environment>& environments) {
    const auto start = Clock::now();
    const auto results = renderer.renderAll(environments);
    Rendered rendered{bench::ms(Clock::now() - start), 0, {}};
    for (std::size_t i = 0; i < results.size(); ++i) {
        const QString error = !results[i]                          ? results[i].error().toString()
                              : !results[i]->result.errors.empty() ? results[i]->result.errors.front().toString()
                                                                   : QString();
        if (!error.isEmpty() && rendered.firstError.isEmpty())
            rendered.firstError = environments[i].name + QStringLiteral(": ") + error;
        if (results[i])
            rendered.objects += results[i]->result.objects.size();
    }
    return rendered;
}

// --- the peer -----------------------------------------------------------------------

struct Command {
    QString program;
    QStringList arguments;
};

// What a script would run per application on the checked-out files, with the inputs
// our renderer gives helm (release, namespace, value files in order, --include-crds).
std::vector<Command> peerCommands(const std::vector<workspace::Environment>& environments, const QString& helm,
                                  const QString& kubectl) {
    std::vector<Command> commands;
    for (const workspace::Environment& environment : environments) {
        if (environment.renderer != workspace::RendererChoice::Helm) {
            commands.push_back({kubectl, {QStringLiteral("kustomize"), environment.path}});
            continue;
        }
        QStringList arguments{QStringLiteral("template"), environment.name, environment.path, QStringLiteral("--namespace"),
                              environment.defaultNamespace};
        for (const QString& file : environment.helm->valueFiles)
            arguments << QStringLiteral("-f")
                      << (file.startsWith(QLatin1String("$values/")) ? file.mid(8) : environment.path + QLatin1Char('/') + file);
        commands.push_back({helm, arguments << QStringLiteral("--include-crds")});
    }
    return commands;
}

// Runs the commands in `dir`, `atOnce` at a time; the wall time, or a negative one when
// a command failed (its stderr printed). `each`: every command's own wall time.
double runPeer(const std::vector<Command>& commands, const QString& dir, int atOnce, std::vector<double>* each = nullptr) {
    std::vector<double> times(commands.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    environment.insert(QStringLiteral("HOME"), dir + QStringLiteral("/.git/peer-home"));
    auto work = [&] {
        for (std::size_t i = next++; i < commands.size(); i = next++) {
            const auto started = Clock::now();
            QProcess process;
            process.setProcessEnvironment(environment);
            process.setWorkingDirectory(dir);
            process.start(commands[i].program, commands[i].arguments);
            if (!process.waitForFinished(-1) || process.exitCode() != 0) {
                std::fprintf(stderr, "peer failed: %s %s\n%s\n", qPrintable(commands[i].program),
                             qPrintable(commands[i].arguments.join(QLatin1Char(' '))),
                             process.readAllStandardError().constData());
                failed = true;
            }
            times[i] = bench::ms(Clock::now() - started);
        }
    };
    const auto start = Clock::now();
    {
        std::vector<std::jthread> threads;
        for (int t = 1; t < atOnce; ++t)
            threads.emplace_back(work);
        work();
    }
    if (each)
        *each = std::move(times);
    return failed ? -1 : bench::ms(Clock::now() - start);
}

// --- the runs -----------------------------------------------------------------------

struct Samples {
    std::vector<double> detection, cold, warmValues, warmChart, unchanged, peerSerial, peerParallel, peerOne;
    std::vector<double> coldHelm, coldKustomize, peerHelm, peerKustomize; // the two halves apart
    HelmRuns coldRuns, valuesRuns, chartRuns, unchangedRuns;
};

struct Setup {
    QString dir;
    QString helmLog;
    QString realHelm;
    QString kubectl;
    int cores = 1;
};

// Cold renders of the Helm half and the kustomize half apart, each with a fresh cache.
bool measureHalves(const std::shared_ptr<const git::Repository>& repository,
                   const std::vector<workspace::Environment>& environments, Samples& samples) {
    std::vector<workspace::Environment> helm, kustomize;
    for (const workspace::Environment& environment : environments)
        (environment.renderer == workspace::RendererChoice::Helm ? helm : kustomize).push_back(environment);
    workspace::EnvironmentRenderer helmRenderer(repository, 256), kustomizeRenderer(repository, 256);
    const Rendered helmHalf = renderAll(helmRenderer, helm);
    const Rendered kustomizeHalf = renderAll(kustomizeRenderer, kustomize);
    samples.coldHelm.push_back(helmHalf.ms);
    samples.coldKustomize.push_back(kustomizeHalf.ms);
    for (const QString& error : {helmHalf.firstError, kustomizeHalf.firstError})
        if (!error.isEmpty())
            std::fprintf(stderr, "render error: %s\n", qPrintable(error));
    return helmHalf.firstError.isEmpty() && kustomizeHalf.firstError.isEmpty();
}

// A cold render of everything, re-renders after two one-file commits and with none.
bool measureOurs(const Setup& setup, qint64 change, const std::shared_ptr<const git::Repository>& repository,
                 const std::vector<workspace::Environment>& environments, Samples& samples) {
    takeHelmRuns(setup.helmLog);
    workspace::EnvironmentRenderer renderer(repository, 256);
    const Rendered cold = renderAll(renderer, environments);
    keepMost(samples.coldRuns, takeHelmRuns(setup.helmLog));
    if (!cold.firstError.isEmpty()) {
        std::fprintf(stderr, "render error: %s\n", qPrintable(cold.firstError));
        return false;
    }
    samples.cold.push_back(cold.ms);
    const QByteArray chart = name("chart-", 7);
    if (!commitOneFile(setup.dir, QStringLiteral("envs/prod/%1.yaml").arg(QString::fromUtf8(chart)), chartValues("prod", change),
                       QStringLiteral("%1: prod image 1.%2.0").arg(QString::fromUtf8(chart)).arg(change)))
        return false;
    samples.warmValues.push_back(renderAll(renderer, environments).ms);
    keepMost(samples.valuesRuns, takeHelmRuns(setup.helmLog));
    samples.unchanged.push_back(renderAll(renderer, environments).ms);
    keepMost(samples.unchangedRuns, takeHelmRuns(setup.helmLog));
    const QByteArray defaults = chartFiles(name("chart-", 3))["values.yaml"] + "extra: " + QByteArray::number(change) + "\n";
    if (!commitOneFile(setup.dir, QStringLiteral("charts/chart-03/values.yaml"), defaults,
                       QStringLiteral("chart-03: default values")))
        return false;
    samples.warmChart.push_back(renderAll(renderer, environments).ms);
    keepMost(samples.chartRuns, takeHelmRuns(setup.helmLog));
    return measureHalves(repository, environments, samples);
}

// The same work by helm template and kubectl kustomize per application, on the checkout.
bool measurePeers(const Setup& setup, const std::vector<workspace::Environment>& environments, Samples& samples) {
    const auto commands = peerCommands(environments, setup.realHelm, setup.kubectl);
    std::vector<double> each;
    const double serial = runPeer(commands, setup.dir, 1, &each);
    const double parallel = runPeer(commands, setup.dir, setup.cores);
    std::vector<Command> one;
    double helm = 0, kustomize = 0;
    for (std::size_t i = 0; i < environments.size(); ++i) {
        (commands[i].program == setup.realHelm ? helm : kustomize) += each.empty() ? 0 : each[i];
        if (environments[i].name == QStringLiteral("chart-07-prod"))
            one.push_back(commands[i]);
    }
    const double single = runPeer(one, setup.dir, 1);
    if (serial < 0 || parallel < 0 || single < 0 || one.size() != 1)
        return false;
    samples.peerSerial.push_back(serial);
    samples.peerParallel.push_back(parallel);
    samples.peerOne.push_back(single);
    samples.peerHelm.push_back(helm);
    samples.peerKustomize.push_back(kustomize);
    return true;
}

// One run: detection, ours, the peers. False when something failed (said on stderr).
bool measureOnce(const Setup& setup, int run, Samples& samples) {
    auto opened = git::Repository::open(setup.dir);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return false;
    }
    auto repository = std::make_shared<const git::Repository>(std::move(*opened));
    std::size_t found = 0;
    const auto start = Clock::now();
    const auto environments = detect(repository, &found);
    samples.detection.push_back(bench::ms(Clock::now() - start));
    if (environments.size() != std::size_t(3 * (kCharts + kKustomizeApps))) {
        std::fprintf(stderr, "detected %zu applications, %zu environments; expected 120\n", found, environments.size());
        return false;
    }
    // A change number no earlier run of the benchmark on this repository used.
    const qint64 change = QDateTime::currentSecsSinceEpoch() * 100 + run;
    return measureOurs(setup, change, repository, environments, samples) && measurePeers(setup, environments, samples);
}

QString argument(const QStringList& args, const char* flag, const QString& fallback) {
    const qsizetype at = args.indexOf(QLatin1String(flag));
    return at >= 0 && at + 1 < args.size() ? args[at + 1] : fallback;
}

void report(const Setup& setup, const Samples& s, int runs) {
    using bench::median;
    auto ratio = [](double ours, double peer) { return peer > 0 ? ours / peer : 0.0; };
    const double cold = median(s.cold), serial = median(s.peerSerial), parallel = median(s.peerParallel);
    std::printf("\nmonorepo benchmark: 40 applications x 3 environments (20 Helm charts, 20 kustomize), %d cores, "
                "median of %d runs (%s)\n",
                setup.cores, runs, qPrintable(setup.dir));
    std::printf("  detection of 120 applications                  %8.1f ms\n", median(s.detection));
    std::printf("  cold render of all 120                         %8.1f ms   helm template: %d runs for %d distinct "
                "releases, at most %d at once\n",
                cold, s.coldRuns.templates, s.coldRuns.distinctReleases, s.coldRuns.mostAtOnce);
    std::printf("    peer, one process after another              %8.1f ms   ratio %.2fx\n", serial, ratio(cold, serial));
    std::printf("    peer, %d processes at once                    %8.1f ms   ratio %.2fx\n", setup.cores, parallel,
                ratio(cold, parallel));
    const double values = median(s.warmValues), chart = median(s.warmChart);
    const double helm = median(s.coldHelm), peerHelm = median(s.peerHelm);
    const double kustomize = median(s.coldKustomize), peerKustomize = median(s.peerKustomize);
    std::printf("    the 60 Helm applications alone               %8.1f ms   peer helm template one by one %8.1f ms   "
                "ratio %.2fx\n",
                helm, peerHelm, ratio(helm, peerHelm));
    std::printf("    the 60 kustomize applications alone          %8.1f ms   peer kubectl kustomize one by one %8.1f ms   "
                "ratio %.3fx\n",
                kustomize, peerKustomize, ratio(kustomize, peerKustomize));
    std::printf("  warm, after a commit to one values file        %8.1f ms   helm template: %d run(s)\n", values,
                s.valuesRuns.templates);
    std::printf("    peer, every application again                %8.1f ms   ratio %.3fx\n", serial, ratio(values, serial));
    std::printf("    peer, only the changed application           %8.1f ms   ratio %.2fx\n", median(s.peerOne),
                ratio(values, median(s.peerOne)));
    std::printf("  warm, after a commit to one chart's values.yaml %7.1f ms   helm template: %d run(s) (its 3 "
                "environments)\n",
                chart, s.chartRuns.templates);
    std::printf("  again at the same commit (all cache hits)      %8.1f ms   helm template: %d run(s)\n", median(s.unchanged),
                s.unchangedRuns.templates);
    std::printf("  (helm template counts are the most over the runs; ours runs helm through a logging stand-in first on\n"
                "   PATH, the peers run the real helm and kubectl on the checked-out files with a scratch HOME)\n");
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int runs = std::max(1, argument(args, "--runs", QStringLiteral("5")).toInt());
    Setup setup;
    setup.dir = argument(args, "--repo", QDir::tempPath() + QStringLiteral("/syncline-bench-monorepo"));
    setup.realHelm = argument(args, "--helm", QStandardPaths::findExecutable(QStringLiteral("helm")));
    setup.kubectl = argument(args, "--kubectl", QStandardPaths::findExecutable(QStringLiteral("kubectl")));
    setup.cores = std::max(1, QThread::idealThreadCount());
    if (setup.realHelm.isEmpty() || setup.kubectl.isEmpty()) {
        std::fprintf(stderr, "bench_monorepo needs helm and kubectl (--helm PATH, --kubectl PATH, or on PATH)\n");
        return 1;
    }
    QFile marker(setup.dir + QStringLiteral("/.git/syncline-bench"));
    if (!marker.open(QIODevice::ReadOnly) || marker.readAll() != kMarker.toUtf8()) {
        std::printf("generating the monorepo in %s ...\n", qPrintable(setup.dir));
        if (!generate(setup.dir))
            return 1;
    }
    QTemporaryDir scratch;
    setup.helmLog = scratch.filePath(QStringLiteral("helm.log"));
    if (!writeCountingHelm(scratch.filePath(QStringLiteral("bin")), QFileInfo(setup.realHelm).absoluteFilePath(), setup.helmLog))
        return 1;
    // Our renderer finds the stand-in as it would find the user's helm: first on PATH.
    qputenv("PATH", (scratch.filePath(QStringLiteral("bin")) + QLatin1Char(':') + qEnvironmentVariable("PATH")).toUtf8());
    Samples samples;
    for (int run = 0; run < runs; ++run)
        if (!measureOnce(setup, run, samples))
            return 1;
    report(setup, samples, runs);
    return 0;
}
