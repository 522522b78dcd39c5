// Manifest YAML throughput: syncline's libyaml-based parser against yaml-cpp on the same
// ~10 MB stream of Kubernetes objects, plus the kubectl-format writer.
//   bench_yaml [objects=5000]

#include "manifest/YamlParser.h"
#include "manifest/YamlWriter.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <yaml-cpp/yaml.h>
#include <yaml.h>

using namespace syncline::manifest;

namespace {

std::string deployment(int i) {
    const std::string n = std::to_string(i);
    std::string s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-" + n + "\n  namespace: team-" +
                    std::to_string(i % 17) + "\n  labels:\n    app.kubernetes.io/name: app-" + n +
                    "\n    app.kubernetes.io/part-of: shop\n    app.kubernetes.io/version: \"1." + n +
                    "\"\n  annotations:\n    deployment.kubernetes.io/revision: \"" + n +
                    "\"\n    description: Serves the storefront for region " + n +
                    ", scaled by the autoscaler\nspec:\n  replicas: " + std::to_string(1 + i % 5) +
                    "\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: app-" + n +
                    "\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: app-" + n +
                    "\n    spec:\n      containers:\n      - name: web\n        image: registry.example.com/shop/web:1." + n +
                    "\n        args: [\"--port=8080\", \"--log-level=info\", \"--cache-size=256\"]\n        env:\n";
    for (int e = 0; e < 50; ++e)
        s += "        - name: SETTING_" + std::to_string(e) + "\n          value: \"value-" + std::to_string(e * i) + "\"\n";
    s += "        ports:\n        - containerPort: 8080\n          name: http\n          protocol: TCP\n"
         "        resources:\n          limits: {cpu: 500m, memory: 256Mi}\n          requests: {cpu: 100m, memory: 128Mi}\n"
         "        readinessProbe:\n          httpGet:\n            path: /healthz\n            port: http\n"
         "          periodSeconds: 10\n          enabled: true\n";
    return s;
}

std::string service(int i) {
    const std::string n = std::to_string(i);
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: app-" + n + "\n  namespace: team-" + std::to_string(i % 17) +
           "\nspec:\n  selector:\n    app.kubernetes.io/name: app-" + n +
           "\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n  type: ClusterIP\n";
}

std::string configMap(int i) {
    const std::string n = std::to_string(i);
    std::string s = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-" + n + "-config\ndata:\n";
    for (int k = 0; k < 90; ++k)
        s += "  key" + std::to_string(k) + ": \"" + std::to_string(k * i) + "\"\n";
    s += "  app.properties: |\n    server.port=8080\n    cache.enabled=true\n    region=" + n + "\n";
    return s;
}

double bestSeconds(int runs, const std::function<void()>& work) {
    double best = 1e300;
    for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        work();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

// libyaml alone: the floor under YamlParser's cost (events, no values built).
std::size_t countEvents(const std::string& stream) {
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(stream.data()), stream.size());
    std::size_t events = 0;
    for (bool done = false; !done;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event))
            break;
        done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        ++events;
    }
    yaml_parser_delete(&parser);
    return events;
}

double mbPerSecond(std::size_t bytes, double seconds) { return double(bytes) / (1024.0 * 1024.0) / seconds; }

} // namespace

int main(int argc, char** argv) {
    const int objects = argc > 1 ? std::atoi(argv[1]) : 5000;
    std::string stream;
    for (int i = 0; i < objects; ++i) {
        if (i > 0)
            stream += "---\n";
        stream += i % 3 == 0 ? deployment(i) : i % 3 == 1 ? service(i) : configMap(i);
    }
    std::printf("input: %d objects, %.1f MiB\n", objects, double(stream.size()) / (1024.0 * 1024.0));

    std::vector<YamlDocument> parsed;
    const double ours = bestSeconds(3, [&] {
        auto docs = parseYamlStream(stream, QStringLiteral("bench.yaml"));
        if (!docs) {
            std::fprintf(stderr, "parse failed: %s\n", qPrintable(docs.error().toString()));
            std::exit(1);
        }
        parsed = std::move(*docs);
    });
    std::size_t events = 0;
    const double libyaml = bestSeconds(3, [&] { events = countEvents(stream); });
    std::size_t yamlCppDocs = 0;
    const double yamlCpp = bestSeconds(1, [&] { yamlCppDocs = YAML::LoadAll(stream).size(); });
    if (parsed.size() != std::size_t(objects) || yamlCppDocs != std::size_t(objects)) {
        std::fprintf(stderr, "document count mismatch: %zu vs %zu\n", parsed.size(), yamlCppDocs);
        return 1;
    }

    std::vector<nlohmann::ordered_json> values;
    for (const auto& doc : parsed)
        values.push_back(doc.value);
    std::string written;
    const double writer = bestSeconds(3, [&] { written = writeYamlStream(values); });

    std::printf("parse  YamlParser (libyaml events -> ordered_json): %7.1f MB/s  (%.3f s)\n", mbPerSecond(stream.size(), ours),
                ours);
    std::printf("parse  libyaml events only (%zu events):        %7.1f MB/s  (%.3f s)\n", events,
                mbPerSecond(stream.size(), libyaml), libyaml);
    std::printf("parse  yaml-cpp LoadAll:                            %7.1f MB/s  (%.3f s)\n", mbPerSecond(stream.size(), yamlCpp),
                yamlCpp);
    std::printf("parse  ratio YamlParser / yaml-cpp:                 %7.1fx\n", yamlCpp / ours);
    std::printf("write  YamlWriter (kubectl format), %.1f MiB out:    %7.1f MB/s  (%.3f s)\n",
                double(written.size()) / (1024.0 * 1024.0), mbPerSecond(written.size(), writer), writer);
    return 0;
}
