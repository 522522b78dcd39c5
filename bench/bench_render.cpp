// Rendering an environment from a Git tree: native kustomize on a 5,000-resource overlay
// (cold, and warm through RenderCache at a later commit that did not touch it), against
// `kubectl kustomize` on the same overlay in the same run; plus YAML parse throughput.
//   bench_render [objects=5000] [kubectlObjects=1000]
// kubectl grows worse than linearly (about 3 s for 1,000 objects, 42 s for 4,000), so by
// default it is timed on a 1,000-object copy of the overlay, and native on both sizes;
// pass kubectlObjects=5000 to time kubectl on the full overlay (about a minute).

#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/RenderCache.h"
#include "manifest/Renderer.h"
#include "manifest/YamlParser.h"
#include "manifest/YamlWriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

using namespace syncline;
using namespace syncline::manifest;

namespace {

std::string deployment(int i) {
    const std::string n = std::to_string(i);
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-" + n + "\n  labels:\n    app: app-" + n +
           "\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-" + n +
           "\n  template:\n    metadata:\n      labels:\n        app: app-" + n +
           "\n    spec:\n      containers:\n      - name: web\n        image: registry.example.com/shop/web:1.0\n"
           "        env:\n        - name: INDEX\n          value: \"" +
           n +
           "\"\n        - name: MODE\n"
           "          value: production\n        envFrom:\n        - configMapRef:\n            name: shared\n"
           "        ports:\n        - containerPort: 8080\n          name: http\n        resources:\n"
           "          limits: {cpu: 500m, memory: 256Mi}\n";
}

std::string service(int i) {
    const std::string n = std::to_string(i);
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: app-" + n + "\nspec:\n  selector:\n    app: app-" + n +
           "\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n";
}

std::string configMap(int i) {
    const std::string n = std::to_string(i);
    std::string s = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-" + n + "-config\ndata:\n";
    for (int k = 0; k < 10; ++k)
        s += "  key" + std::to_string(k) + ": \"" + std::to_string(k * i) + "\"\n";
    return s;
}

bool write(const QString& path, const std::string& content) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content.data(), qint64(content.size())) == qint64(content.size());
}

// base-<n>/ with n objects in files of 100, and overlay-<n>/ on top of it.
std::size_t writeEnvironment(const QString& root, int objects) {
    const QString base = root + QStringLiteral("/base-%1").arg(objects);
    std::string kustomization = "resources:\n";
    std::size_t bytes = 0;
    for (int file = 0; file * 100 < objects; ++file) {
        std::string content;
        for (int i = file * 100; i < std::min(objects, file * 100 + 100); ++i) {
            content += i % 3 == 0 ? deployment(i) : i % 3 == 1 ? service(i) : configMap(i);
            content += "---\n";
        }
        bytes += content.size();
        const std::string name = "objects-" + std::to_string(file) + ".yaml";
        write(base + QLatin1Char('/') + QString::fromStdString(name), content);
        kustomization += "- " + name + "\n";
    }
    write(base + QStringLiteral("/kustomization.yaml"), kustomization);
    write(root + QStringLiteral("/overlay-%1/kustomization.yaml").arg(objects),
          "resources:\n- ../base-" + std::to_string(objects) +
              "\nnamespace: shop-prod\nnamePrefix: prod-\ncommonLabels:\n  env: prod\n"
              "images:\n- name: registry.example.com/shop/web\n  newTag: \"2.0\"\n"
              "configMapGenerator:\n- name: shared\n  literals: [LEVEL=info]\n"
              "patches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /spec/minReadySeconds\n"
              "      value: 5\n");
    return bytes;
}

bool runGit(const QString& dir, const QStringList& args) {
    QProcess process;
    process.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"), QStringLiteral("user.name=bench"),
                                                     QStringLiteral("-c"), QStringLiteral("user.email=bench@example.com")} +
                                             args);
    return process.waitForFinished(-1) && process.exitCode() == 0;
}

double bestSeconds(int runs, const std::function<void()>& work) {
    double best = 1e30;
    for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        work();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const int objects = argc > 1 ? std::atoi(argv[1]) : 5000;
    const int kubectlObjects = argc > 2 ? std::atoi(argv[2]) : 1000;

    QTemporaryDir dir;
    const QString root = dir.path();
    if (!runGit(root, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")}))
        return std::fprintf(stderr, "git init failed\n"), 1;
    const std::size_t bytes = writeEnvironment(root, objects);
    if (kubectlObjects != objects)
        writeEnvironment(root, kubectlObjects);
    write(root + QStringLiteral("/README.md"), "one\n");
    runGit(root, {QStringLiteral("add"), QStringLiteral("-A")});
    runGit(root, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("first")});
    write(root + QStringLiteral("/README.md"), "two\n");
    runGit(root, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-am"), QStringLiteral("unrelated")});

    auto repository = git::Repository::open(root);
    if (!repository)
        return std::fprintf(stderr, "%s\n", qPrintable(repository.error().toString())), 1;
    auto shared = std::make_shared<const git::Repository>(std::move(*repository));
    auto first = git::TreeSnapshot::atRevision(shared, QStringLiteral("HEAD~1"));
    auto second = git::TreeSnapshot::atRevision(shared, QStringLiteral("HEAD"));
    if (!first || !second)
        return std::fprintf(stderr, "no snapshot\n"), 1;
    GitTreeFileSource atFirst(*first);
    GitTreeFileSource atSecond(*second);
    const QString overlay = QStringLiteral("overlay-%1").arg(objects);

    // YAML parse throughput on the base's files.
    std::vector<QByteArray> files;
    for (int file = 0; file * 100 < objects; ++file)
        files.push_back(*atFirst.readFile(QStringLiteral("base-%1/objects-%2.yaml").arg(objects).arg(file)));
    std::size_t documents = 0;
    const double parse = bestSeconds(3, [&] {
        documents = 0;
        for (const QByteArray& content : files)
            documents +=
                parseYamlStream(std::string_view(content.constData(), std::size_t(content.size())), QStringLiteral("f.yaml"))
                    ->size();
    });
    std::printf("YAML parse: %zu documents, %.1f MB in %.3f s = %.1f MB/s\n", documents, double(bytes) / 1e6, parse,
                double(bytes) / 1e6 / parse);

    std::size_t rendered = 0;
    const double cold = bestSeconds(3, [&] {
        const RenderResult result = render(atFirst, overlay, RendererKind::Auto);
        rendered = result.objects.size();
        if (!result.errors.empty())
            std::fprintf(stderr, "render error: %s\n", qPrintable(result.errors.front().toString()));
    });
    std::printf("native kustomize, %d resources (%zu objects out), cold: %.3f s\n", objects, rendered, cold);

    RenderCache cache;
    cache.render(atFirst, overlay, RendererKind::Auto);
    const double warm = bestSeconds(5, [&] { cache.render(atSecond, overlay, RendererKind::Auto); });
    std::printf("native kustomize, warm via RenderCache at a later commit: %.6f s (hits %zu, misses %zu)\n", warm, cache.hits(),
                cache.misses());

    const QString kubectl = QStringLiteral("/usr/bin/kubectl");
    if (!QFileInfo(kubectl).isExecutable()) {
        std::printf("kubectl not found at /usr/bin/kubectl: no comparison\n");
        return 0;
    }
    const QString kubectlOverlay = QStringLiteral("overlay-%1").arg(kubectlObjects);
    const double nativeSame =
        kubectlObjects == objects ? cold : bestSeconds(3, [&] { render(atFirst, kubectlOverlay, RendererKind::Auto); });
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(kubectl, {QStringLiteral("kustomize"), root + QLatin1Char('/') + kubectlOverlay});
    process.waitForFinished(-1);
    const double kubectlSeconds = double(timer.nsecsElapsed()) / 1e9;
    const QByteArray out = process.readAllStandardOutput();
    std::printf("kubectl kustomize, %d resources (one run, %lld bytes out): %.3f s\n", kubectlObjects,
                static_cast<long long>(out.size()), kubectlSeconds);
    std::vector<nlohmann::ordered_json> bodies;
    for (const ManifestObject& object : render(atFirst, kubectlOverlay, RendererKind::Auto).objects)
        bodies.push_back(object.body);
    std::printf("native output byte-identical to kubectl's: %s\n",
                QByteArray::fromStdString(writeYamlStream(bodies)) == out ? "yes" : "NO");
    std::printf("native on the same %d-resource overlay: %.3f s -> kubectl/native = %.0fx\n", kubectlObjects, nativeSame,
                kubectlSeconds / nativeSame);
    return process.exitCode();
}
