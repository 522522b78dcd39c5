// Diff engine throughput: 5,000 desired objects (Deployments, Services, ConfigMaps, a few
// Secrets) against a live set read back "from the API server" — status, managedFields,
// uid/resourceVersion and server defaults on every object — with 10% drift (replicas,
// image tags, config values). Reports desired-vs-live and env-vs-env times and the memory
// the inputs and the result hold.
//   bench_diff [objects=5000] [runs=5]

#include "diff/DiffEngine.h"
#include "diff/UnifiedDiff.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <malloc.h>
#include <string>
#include <sys/resource.h>

using namespace syncline;
using manifest::ManifestObject;
using manifest::ResourceKey;
using Json = nlohmann::ordered_json;

namespace {

std::string ns(int i) { return "team-" + std::to_string(i % 17); }

Json deployment(int i, bool live, bool drift) {
    const std::string n = "app-" + std::to_string(i);
    Json env = Json::array();
    for (int e = 0; e < 20; ++e)
        env.push_back({{"name", "SETTING_" + std::to_string(e)}, {"value", "value-" + std::to_string(e * i)}});
    Json container = {{"name", "web"},
                      {"image", "registry.example.com/shop/web:1." + std::to_string(i) + (live && drift ? "-old" : "")},
                      {"args", {"--port=8080", "--log-level=info"}},
                      {"env", env},
                      {"ports", Json::array({{{"containerPort", 8080}, {"name", "http"}}})},
                      {"resources",
                       {{"limits", {{"cpu", live ? Json("1") : Json(1)}, {"memory", "256Mi"}}},
                        {"requests", {{"cpu", live ? Json("500m") : Json(0.5)}, {"memory", "128Mi"}}}}},
                      {"readinessProbe", {{"httpGet", {{"path", "/healthz"}, {"port", "http"}}}, {"periodSeconds", 10}}}};
    Json d = {{"apiVersion", "apps/v1"},
              {"kind", "Deployment"},
              {"metadata", {{"name", n}, {"labels", {{"app.kubernetes.io/name", n}, {"app.kubernetes.io/part-of", "shop"}}}}},
              {"spec",
               {{"replicas", 1 + i % 5},
                {"selector", {{"matchLabels", {{"app.kubernetes.io/name", n}}}}},
                {"template",
                 {{"metadata", {{"labels", {{"app.kubernetes.io/name", n}}}}},
                  {"spec", {{"containers", Json::array({container})}}}}}}}};
    if (!live) {
        if (ns(i) != "team-0")
            d["metadata"]["namespace"] = ns(i); // team-0 is the default namespace
        return d;
    }
    Json& m = d["metadata"];
    m["namespace"] = ns(i);
    m["uid"] = "6f1c2a8e-0000-0000-0000-" + std::to_string(100000000000 + i);
    m["resourceVersion"] = std::to_string(4000 + i);
    m["generation"] = 3;
    m["creationTimestamp"] = "2024-05-02T10:00:00Z";
    m["annotations"] = {{"deployment.kubernetes.io/revision", "3"},
                        {"kubectl.kubernetes.io/last-applied-configuration", std::string(600, 'x')}};
    m["managedFields"] = Json::array(
        {{{"manager", "syncline"}, {"operation", "Apply"}, {"fieldsV1", {{"f:spec", {{"f:replicas", Json::object()}}}}}}});
    Json& spec = d["spec"];
    spec["progressDeadlineSeconds"] = 600;
    spec["revisionHistoryLimit"] = 10;
    spec["strategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}};
    if (drift && i % 2 == 0)
        spec["replicas"] = 7;
    Json& pod = spec["template"]["spec"];
    pod["dnsPolicy"] = "ClusterFirst";
    pod["restartPolicy"] = "Always";
    pod["schedulerName"] = "default-scheduler";
    pod["securityContext"] = Json::object();
    pod["terminationGracePeriodSeconds"] = 30;
    Json& c = pod["containers"][0];
    c["imagePullPolicy"] = "IfNotPresent";
    c["terminationMessagePath"] = "/dev/termination-log";
    c["terminationMessagePolicy"] = "File";
    c["ports"][0]["protocol"] = "TCP";
    c["readinessProbe"]["httpGet"]["scheme"] = "HTTP";
    c["readinessProbe"]["timeoutSeconds"] = 1;
    c["readinessProbe"]["successThreshold"] = 1;
    c["readinessProbe"]["failureThreshold"] = 3;
    std::reverse(c["env"].begin(), c["env"].end()); // order must not matter
    d["status"] = {{"availableReplicas", 1},
                   {"observedGeneration", 3},
                   {"readyReplicas", 1},
                   {"replicas", 1},
                   {"conditions", Json::array({{{"type", "Available"}, {"status", "True"}}})}};
    return d;
}

Json service(int i, bool live, bool drift) {
    const std::string n = "app-" + std::to_string(i);
    Json s = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", {{"name", n}, {"namespace", ns(i)}}},
              {"spec",
               {{"selector", {{"app.kubernetes.io/name", n}}},
                {"ports", Json::array({{{"name", "http"}, {"port", 80}, {"targetPort", live && drift ? "web" : "http"}}})},
                {"type", "ClusterIP"}}}};
    if (live) {
        s["metadata"]["uid"] = "uid-" + std::to_string(i);
        s["metadata"]["resourceVersion"] = "1";
        s["spec"]["clusterIP"] = "10.0.0." + std::to_string(i % 250);
        s["spec"]["clusterIPs"] = {"10.0.0." + std::to_string(i % 250)};
        s["spec"]["sessionAffinity"] = "None";
        s["spec"]["ipFamilies"] = {"IPv4"};
        s["spec"]["ports"][0]["protocol"] = "TCP";
        s["status"] = {{"loadBalancer", Json::object()}};
    }
    return s;
}

Json configMap(int i, bool live, bool drift) {
    Json data = Json::object();
    for (int k = 0; k < 30; ++k)
        data["key" + std::to_string(k)] = std::to_string(k * i) + (live && drift && k == 7 ? "-old" : "");
    Json c = {{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", "app-" + std::to_string(i) + "-config"}, {"namespace", ns(i)}}},
              {"data", data}};
    if (live) {
        c["metadata"]["uid"] = "uid-c" + std::to_string(i);
        c["metadata"]["resourceVersion"] = "2";
        c["metadata"]["creationTimestamp"] = "2024-05-02T10:00:00Z";
    }
    return c;
}

Json secret(int i, bool live, bool drift) {
    Json s = {{"apiVersion", "v1"},
              {"kind", "Secret"},
              {"metadata", {{"name", "app-" + std::to_string(i) + "-db"}, {"namespace", ns(i)}}}};
    if (live)
        s["data"] = {{"password", drift ? "b2xkLXZhbHVl" : "czNjcjN0"}}, s["type"] = "Opaque";
    else
        s["stringData"] = {{"password", "s3cr3t"}};
    return s;
}

std::vector<ManifestObject> makeSet(int count, bool live, int driftEvery) {
    std::vector<ManifestObject> objects;
    objects.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        const bool drift = live && i % driftEvery == 0;
        const int id = i / 4;
        Json body = i % 4 == 0    ? deployment(id, live, drift)
                    : i % 4 == 1  ? service(id, live, drift)
                    : i % 4 == 2  ? configMap(id, live, drift)
                    : id % 5 == 0 ? secret(id, live, drift)
                                  : configMap(id + 1'000'000, live, drift);
        ManifestObject object;
        object.key = ResourceKey::of(body);
        object.body = std::move(body);
        objects.push_back(std::move(object));
    }
    return objects;
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

// Best time of `compare`, the previous result freed outside the clock.
double bestCompare(int runs, diff::DiffResult& result, const std::function<diff::DiffResult()>& compare) {
    double best = 1e300;
    for (int r = 0; r < runs; ++r) {
        result = {};
        const auto start = std::chrono::steady_clock::now();
        diff::DiffResult fresh = compare();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        result = std::move(fresh);
    }
    return best;
}

double heapMiB() { return double(mallinfo2().uordblks) / (1024.0 * 1024.0); }

} // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : 5000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;

    const double heap0 = heapMiB();
    const auto desired = makeSet(count, false, 10);
    const double heap1 = heapMiB();
    const auto live = makeSet(count, true, 10);
    const double heap2 = heapMiB();
    std::printf("input: %d desired objects (%.1f MiB), %d live objects with server defaults (%.1f MiB), 10%% drift\n", count,
                heap1 - heap0, count, heap2 - heap1);

    const diff::DiffOptions options{.left = {.defaultNamespace = QStringLiteral("team-0")}};
    diff::DiffResult result;
    const double t = bestCompare(runs, result, [&] { return diff::DiffEngine::compare(desired, live, options); });
    const double heapWithResult = heapMiB();
    std::size_t changes = 0, diffBytes = 0;
    for (const auto& r : result.resources) {
        changes += r.changes.size();
        diffBytes += std::size_t(r.unifiedDiff.size()) * 2;
    }
    std::printf("desired vs live: %.1f ms (best of %d)  same %zu  modified %zu  missing %zu  extra %zu  "
                "field changes %zu\n",
                t * 1000, runs, result.count(diff::ResourceState::Same), result.count(diff::ResourceState::Modified),
                result.count(diff::ResourceState::Missing), result.count(diff::ResourceState::Extra), changes);
    std::printf("  result holds %.1f MiB (unified diffs %.2f MiB)\n", heapWithResult - heap2,
                double(diffBytes) / (1024.0 * 1024.0));

    diff::DiffOptions noText = options;
    noText.withUnifiedDiff = false;
    const double tNoText = bestCompare(runs, result, [&] { return diff::DiffEngine::compare(desired, live, noText); });
    std::printf("desired vs live without unified diffs: %.1f ms\n", tNoText * 1000);

    // Environment vs environment: the same rendered set twice, fully compared.
    const auto desired2 = makeSet(count, false, 10);
    const double tEnv = bestCompare(runs, result, [&] {
        return diff::DiffEngine::compare(desired, desired2,
                                         diff::DiffOptions{.left = {.defaultNamespace = QStringLiteral("team-0")},
                                                           .right = {.defaultNamespace = QStringLiteral("team-0")},
                                                           .compareOnlyDesiredFields = false});
    });
    std::printf("env vs env (full comparison, all same): %.1f ms  same %zu\n", tEnv * 1000,
                result.count(diff::ResourceState::Same));

    // One 50,000-line document with a handful of changes.
    std::string a, b;
    for (int i = 0; i < 50'000; ++i) {
        const std::string line = "  key" + std::to_string(i) + ": value-" + std::to_string(i) + "\n";
        a += line;
        b += i % 10'000 == 5 ? "  changed: line\n" : line;
    }
    std::size_t size = 0;
    const double tText = bestSeconds(runs, [&] { size = diff::UnifiedDiff::make(a, b, "x", "x").size(); });
    std::printf("unified diff of 50,000 lines, 5 changes: %.1f ms (%zu bytes)\n", tText * 1000, size);

    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS: %.1f MiB\n", double(usage.ru_maxrss) / 1024.0);
    return 0;
}
