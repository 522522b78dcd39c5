// Differential test: Syncline's native kustomize against `kubectl kustomize` on a corpus
// of overlays covering every supported field. The corpus is committed into a scratch Git
// repository; the native renderer reads the Git tree, kubectl reads the checked-out files.
// kubectl's output for each case is committed in tests/data/golden/kustomize/, so the
// comparison runs without kubectl; with kubectl on PATH the golden files are checked too.

#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/Renderer.h"
#include "manifest/YamlWriter.h"
#include "support/GitFixture.h"
#include "support/GoldenFile.h"
#include "support/ScriptFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace syncline;
using namespace syncline::manifest;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

struct Case {
    const char* name;
    const char* directory; // inside the case folder
    Files files;
};

// A repository kubectl refuses to build; the native renderer must refuse it too.
struct FailingCase {
    const char* name;
    const char* directory;
    Files files;
    Files links; // symlink path -> target, as committed to Git (mode 120000)
    const char* kubectlSays;
    const char* nativeSays;
};

// Level 0 .. levels-1, four folders per level, each including the four of the next
// level; the last includes one leaf. With prefixes nothing collides.
Files diamond(int levels, bool prefixes) {
    Files files{{"leaf/kustomization.yaml", "resources: [cm.yaml]\n"},
                {"leaf/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaf\n"}};
    for (int level = 0; level < levels; ++level) {
        for (int n = 0; n < 4; ++n) {
            std::string k = "resources:\n";
            for (int next = 0; next < (level + 1 == levels ? 1 : 4); ++next)
                k += level + 1 == levels ? std::string("- ../../leaf\n")
                                         : "- ../../l" + std::to_string(level + 1) + "/n" + std::to_string(next) + "\n";
            if (prefixes)
                k += "namePrefix: p" + std::to_string(n) + "-\n";
            files.emplace_back("l" + std::to_string(level) + "/n" + std::to_string(n) + "/kustomization.yaml", k);
        }
    }
    return files;
}

const char* kFourConfigMaps = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\n"
                              "metadata:\n  name: ab\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ba\n---\n"
                              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n";
const char* kReal = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real\n";

const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: runner
      initContainers:
      - name: init
        image: busybox:1.36
      containers:
      - name: web
        image: registry.example.com:5000/shop/web:1.0
        args: ["--port=8080"]
        env:
        - name: MODE
          value: production
        - name: LEVEL
          valueFrom:
            configMapKeyRef:
              name: settings
              key: level
        - name: PASSWORD
          valueFrom:
            secretKeyRef:
              name: credentials
              key: password
        envFrom:
        - configMapRef:
            name: settings
        ports:
        - containerPort: 8080
          name: http
        volumeMounts:
        - name: config
          mountPath: /etc/web
        - name: data
          mountPath: /data
      - name: sidecar
        image: nginx:1.25
      volumes:
      - name: config
        configMap:
          name: settings
      - name: data
        persistentVolumeClaim:
          claimName: storage
      - name: both
        projected:
          sources:
          - configMap:
              name: settings
          - secret:
              name: credentials
)";

const char* kService = R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
  - name: metrics
    port: 9090
)";

const char* kSupport = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  level: info
---
apiVersion: v1
kind: Secret
metadata:
  name: credentials
stringData:
  password: hunter2
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: runner
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: storage
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
)";

const char* kWorkloads = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16
  volumeClaimTemplates:
  - metadata:
      name: pgdata
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 5Gi
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: postgres:16
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: shop/migrate:3
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: db
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: db
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: web
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: agent:2
)";

const char* kBaseKustomization = "resources:\n- deployment.yaml\n- service.yaml\n- support.yaml\n";

std::vector<Case> corpus() {
    std::vector<Case> cases;
    auto withBase = [](Files files) {
        files.insert(files.begin(), {{"base/kustomization.yaml", kBaseKustomization},
                                     {"base/deployment.yaml", kDeployment},
                                     {"base/service.yaml", kService},
                                     {"base/support.yaml", kSupport}});
        return files;
    };
    cases.push_back({"base-only", "base", withBase({})});
    cases.push_back(
        {"resources-files-multidoc-list",
         ".",
         {{"kustomization.yaml", "resources:\n- a.yaml\n- list.yaml\n- obj.json\n"},
          {"a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: \"1\"\n---\n"
                     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  on: \"yes\"\n"},
          {"list.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n"
                        "    name: s1\n  spec:\n    ports: [{port: 1}]\n- apiVersion: v1\n  kind: ConfigMap\n"
                        "  metadata:\n    name: c\n"},
          {"obj.json",
           R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "data": {"k": "v", "n": "2"}})"}}});
    cases.push_back({"overlay-dir", "overlay", withBase({{"overlay/kustomization.yaml", "resources:\n- ../base\n"}})});
    cases.push_back(
        {"namespace", "overlay",
         withBase({{"overlay/kustomization.yaml", "resources:\n- ../base\n- ns.yaml\n- rbac.yaml\nnamespace: shop-dev\n"},
                   {"overlay/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: placeholder\n"},
                   {"overlay/rbac.yaml",
                    "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n"
                    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}\nsubjects:\n"
                    "- {kind: ServiceAccount, name: default, namespace: other}\n- {kind: ServiceAccount, name: runner}\n"
                    "- {kind: User, name: ada}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
                    "metadata:\n  name: reader\nrules: []\n---\napiVersion: rbac.authorization.k8s.io/v1\n"
                    "kind: ClusterRole\nmetadata:\n  name: viewer\nrules: []\n"}})});
    cases.push_back(
        {"name-prefix", "overlay", withBase({{"overlay/kustomization.yaml", "resources:\n- ../base\nnamePrefix: dev-\n"}})});
    cases.push_back(
        {"name-suffix", "overlay", withBase({{"overlay/kustomization.yaml", "resources:\n- ../base\nnameSuffix: -v2\n"}})});
    cases.push_back(
        {"prefix-suffix-namespace-stacked", "prod",
         withBase({{"mid/kustomization.yaml", "resources:\n- ../base\nnamePrefix: team-\nnamespace: mid\n"},
                   {"prod/kustomization.yaml", "resources:\n- ../mid\nnamePrefix: prod-\nnameSuffix: -x\nnamespace: prod\n"}})});
    cases.push_back({"common-labels-workloads",
                     ".",
                     {{"kustomization.yaml",
                       "resources:\n- workloads.yaml\n- service.yaml\ncommonLabels:\n  team: payments\n  tier: backend\n"},
                      {"workloads.yaml", kWorkloads},
                      {"service.yaml", kService}}});
    cases.push_back({"labels-plain",
                     ".",
                     {{"kustomization.yaml", "resources:\n- workloads.yaml\n- service.yaml\nlabels:\n- pairs:\n    owner: ada\n"},
                      {"workloads.yaml", kWorkloads},
                      {"service.yaml", kService}}});
    cases.push_back(
        {"labels-templates",
         ".",
         {{"kustomization.yaml", "resources:\n- workloads.yaml\nlabels:\n- pairs:\n    owner: ada\n  includeTemplates: true\n"},
          {"workloads.yaml", kWorkloads}}});
    cases.push_back(
        {"labels-selectors",
         ".",
         {{"kustomization.yaml",
           "resources:\n- workloads.yaml\n- service.yaml\nlabels:\n- pairs:\n    owner: ada\n  includeSelectors: true\n"
           "- pairs:\n    env: dev\n"},
          {"workloads.yaml", kWorkloads},
          {"service.yaml", kService}}});
    cases.push_back({"common-annotations",
                     ".",
                     {{"kustomization.yaml",
                       "resources:\n- workloads.yaml\ncommonAnnotations:\n  owner: \"team a\"\n  note: |\n    two\n    lines\n"},
                      {"workloads.yaml", kWorkloads}}});
    cases.push_back({"images-tag", "overlay",
                     withBase({{"overlay/kustomization.yaml",
                                "resources:\n- ../base\nimages:\n- name: registry.example.com:5000/shop/web\n  newTag: \"2.0\"\n"
                                "- name: busybox\n  newTag: \"1.37\"\n"}})});
    cases.push_back({"images-name-digest", "overlay",
                     withBase({{"overlay/kustomization.yaml",
                                "resources:\n- ../base\nimages:\n- name: nginx\n  newName: mirror.local/nginx\n"
                                "  digest: sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3\n"
                                "- name: registry.example.com:5000/shop/web\n  newName: ghcr.io/shop/web\n"}})});
    cases.push_back({"images-workloads",
                     ".",
                     {{"kustomization.yaml", "resources:\n- workloads.yaml\nimages:\n- name: postgres\n  newTag: \"16.3\"\n"
                                             "- name: agent\n  newName: quay.io/acme/agent\n  newTag: v3\n"},
                      {"workloads.yaml", kWorkloads}}});
    cases.push_back(
        {"replicas",
         ".",
         {{"kustomization.yaml", "resources:\n- workloads.yaml\n- ../base\nnamePrefix: p-\nreplicas:\n- name: web\n  count: 5\n"
                                 "- name: db\n  count: 3\n"},
          {"workloads.yaml", kWorkloads},
          {"../base/kustomization.yaml", kBaseKustomization},
          {"../base/deployment.yaml", kDeployment},
          {"../base/service.yaml", kService},
          {"../base/support.yaml", kSupport}}});
    cases.push_back(
        {"patches-strategic-merge-file", "overlay",
         withBase({{"overlay/kustomization.yaml", "resources:\n- ../base\npatchesStrategicMerge:\n- patch.yaml\n"},
                   {"overlay/patch.yaml",
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
                    "      containers:\n      - name: web\n        env:\n        - name: EXTRA\n          value: \"1\"\n"
                    "        - name: MODE\n          value: staging\n        resources:\n          limits:\n"
                    "            memory: 256Mi\n      - name: debug\n        image: busybox\n"}})});
    cases.push_back({"patches-strategic-merge-inline", "overlay",
                     withBase({{"overlay/kustomization.yaml",
                                "resources:\n- ../base\npatchesStrategicMerge:\n- |-\n  apiVersion: v1\n  kind: Service\n"
                                "  metadata:\n    name: web\n  spec:\n    type: NodePort\n    ports:\n    - port: 9090\n"
                                "      targetPort: 9999\n"}})});
    cases.push_back(
        {"patches-smp-delete-and-null", "overlay",
         withBase(
             {{"overlay/kustomization.yaml", "resources:\n- ../base\npatches:\n- path: patch.yaml\n"},
              {"overlay/patch.yaml",
               "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: null\nspec:\n"
               "  template:\n    spec:\n      containers:\n      - name: sidecar\n        $patch: delete\n"
               "      - name: web\n        volumeMounts:\n        - mountPath: /data\n          name: scratch\n"
               "      volumes:\n      - name: scratch\n        emptyDir: {}\n      - name: data\n        $patch: delete\n"}})});
    cases.push_back(
        {"patches-target-selector", "overlay",
         withBase({{"overlay/kustomization.yaml",
                    "resources:\n- ../base\n- ../extra\npatches:\n- target:\n    kind: Deployment\n"
                    "    labelSelector: app=web\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n"
                    "    metadata:\n      name: ignored\n    spec:\n      template:\n        metadata:\n"
                    "          annotations:\n            patched: \"true\"\n- target:\n    kind: ConfigMap\n"
                    "    name: \"extra-.*\"\n  patch: |-\n    - op: add\n      path: /data/added\n      value: \"yes\"\n"},
                   {"extra/kustomization.yaml", "resources:\n- cms.yaml\n"},
                   {"extra/cms.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-one\ndata: {}\n---\n"
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-two\ndata:\n  k: v\n"}})});
    cases.push_back(
        {"patches-json6902-inline-escapes", "overlay",
         withBase(
             {{"overlay/kustomization.yaml",
               "resources:\n- ../base\npatches:\n- target:\n    group: apps\n    version: v1\n    kind: Deployment\n"
               "    name: web\n  patch: |-\n    - op: add\n      path: /metadata/annotations\n      value: {}\n"
               "    - op: add\n      path: /metadata/annotations/example.com~1owner\n      value: ada\n"
               "    - op: replace\n      path: /spec/replicas\n      value: 3\n"
               "    - op: add\n      path: /spec/template/spec/containers/0/args/-\n      value: --debug\n"
               "    - op: remove\n      path: /spec/template/spec/containers/1\n"
               "    - op: copy\n      from: /spec/template/spec/containers/0/image\n      path: /metadata/labels/copied~0tilde\n"
               "    - op: move\n      from: /metadata/labels/app\n      path: /metadata/labels/moved\n"
               "    - op: test\n      path: /spec/replicas\n      value: 3\n"}})});
    cases.push_back(
        {"patches-json6902-file-yaml", "overlay",
         withBase({{"overlay/kustomization.yaml",
                    "resources:\n- ../base\npatchesJson6902:\n- target:\n    version: v1\n    kind: Service\n    name: web\n"
                    "  path: ops.yaml\n"},
                   {"overlay/ops.yaml", "- op: replace\n  path: /spec/ports/0/port\n  value: 8080\n"
                                        "- op: add\n  path: /spec/ports/0/nodePort\n  value: 30080\n"
                                        "- op: add\n  path: /spec/type\n  value: NodePort\n"}})});
    cases.push_back({"patches-json6902-file-json", "overlay",
                     withBase({{"overlay/kustomization.yaml",
                                "resources:\n- ../base\npatchesJson6902:\n- target:\n    group: apps\n    version: v1\n"
                                "    kind: Deployment\n    name: web\n  path: ops.json\n"},
                               {"overlay/ops.json",
                                R"([{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "web:json"},
 {"op": "add", "path": "/spec/template/spec/containers/0/env/0", "value": {"name": "FIRST", "value": "0"}}])"}})});
    cases.push_back({"configmap-generator-literals",
                     ".",
                     {{"kustomization.yaml",
                       "configMapGenerator:\n- name: app\n  literals:\n  - LEVEL=debug\n  - QUOTED=\"q v\"\n  - EQ=a=b\n"
                       "  - HTML=<a href=\"x\">&</a>\n  - NUM=3\n- name: empty\n"}}});
    cases.push_back({"configmap-generator-files",
                     ".",
                     {{"kustomization.yaml",
                       "configMapGenerator:\n- name: files\n  files:\n  - app.properties\n  - custom-key=conf/nginx.conf\n"
                       "  - blob.bin\n"},
                      {"app.properties", "server.port=8080\ncache=true\n"},
                      {"conf/nginx.conf", "server {\n  listen 80;\n}\n"},
                      {"blob.bin", "\x01\x02\xff\xfe binary"}}});
    cases.push_back({"configmap-generator-envs",
                     ".",
                     {{"kustomization.yaml", "configMapGenerator:\n- name: env\n  envs:\n  - app.env\n  - more.env\n"},
                      {"app.env", "# comment\nA=1\n  B=two words\n\nC=x=y\n"},
                      {"more.env", "D=\"quoted\"\n"}}});
    cases.push_back({"secret-generator",
                     ".",
                     {{"kustomization.yaml", "secretGenerator:\n- name: creds\n  literals:\n  - user=admin\n  - password=s3cr3t\n"
                                             "- name: tls\n  type: kubernetes.io/tls\n  files:\n  - tls.crt\n  - tls.key\n"},
                      {"tls.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"},
                      {"tls.key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"}}});
    cases.push_back(
        {"generator-options",
         ".",
         {{"kustomization.yaml", "generatorOptions:\n  labels:\n    generated: \"yes\"\n  annotations:\n    note: generated\n"
                                 "configMapGenerator:\n- name: plain\n  literals: [a=b]\n- name: nohash\n  literals: [c=d]\n"
                                 "  options:\n    disableNameSuffixHash: true\n    labels:\n      extra: \"1\"\n- name: frozen\n"
                                 "  literals: [e=f]\n  options:\n    immutable: true\n"
                                 "secretGenerator:\n- name: s\n  literals: [k=v]\n  options:\n    annotations:\n      x: z\n"}}});
    cases.push_back(
        {"generated-references-across-overlays",
         "overlay",
         {{"base/kustomization.yaml",
           "resources:\n- deployment.yaml\n- support.yaml\nconfigMapGenerator:\n- name: settings\n  literals: [level=warn]\n"
           "secretGenerator:\n- name: credentials\n  literals: [password=pw]\n"},
          {"base/deployment.yaml", kDeployment},
          {"base/support.yaml",
           "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n---\napiVersion: v1\n"
           "kind: PersistentVolumeClaim\nmetadata:\n  name: storage\nspec:\n  accessModes: [ReadWriteOnce]\n"},
          {"overlay/kustomization.yaml",
           "resources:\n- ../base\nnamePrefix: prod-\nnamespace: prod\nconfigMapGenerator:\n- name: extra\n"
           "  literals: [x=1]\n"}}});
    cases.push_back(
        {"generator-prefix-in-same-kustomization",
         ".",
         {{"kustomization.yaml",
           "namePrefix: app-\nnameSuffix: -blue\nresources:\n- pod.yaml\nconfigMapGenerator:\n- name: cfg\n  literals: [a=1]\n"},
          {"pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n"
                       "    image: busybox\n    envFrom:\n    - configMapRef:\n        name: cfg\n"}}});
    cases.push_back({"patch-on-generated-configmap",
                     "overlay",
                     {{"base/kustomization.yaml", "configMapGenerator:\n- name: cfg\n  literals: [a=1]\n"},
                      {"overlay/kustomization.yaml",
                       "resources:\n- ../base\npatches:\n- patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n"
                       "      name: cfg\n    data:\n      b: \"2\"\n"}}});
    cases.push_back(
        {"crd-and-custom-resources",
         ".",
         {{"kustomization.yaml",
           "resources:\n- crd.yaml\n- widget.yaml\nnamePrefix: x-\nnamespace: apps\ncommonLabels:\n  team: a\n"
           "patches:\n- path: widget-patch.yaml\n"},
          {"crd.yaml",
           "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n"
           "spec:\n  group: example.com\n  names:\n    kind: Widget\n    plural: widgets\n  scope: Namespaced\n"
           "  versions:\n  - name: v1\n    served: true\n    storage: true\n"},
          {"widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  items:\n"
                          "  - name: a\n    v: 1\n  - name: b\n    v: 2\n  size: 3\n  nested:\n    keep: true\n"
                          "    drop: true\n"},
          {"widget-patch.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  items:\n"
                                "  - name: b\n    v: 9\n  nested:\n    drop: null\n    added: 1\n"}}});
    cases.push_back(
        {"unknown-kind-and-order",
         ".",
         {{"kustomization.yaml", "resources:\n- mixed.yaml\nnamespace: ns\n"},
          {"mixed.yaml",
           "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: v\n"
           "webhooks: []\n---\napiVersion: zeta.io/v1\nkind: Thing\nmetadata:\n  name: t\n---\n"
           "apiVersion: alpha.io/v1\nkind: Thing\nmetadata:\n  name: t\n---\napiVersion: v1\nkind: Service\n"
           "metadata:\n  name: b\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n"
           "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cr\n---\n"
           "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n  capacity:\n    storage: 1Gi\n---\n"
           "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: m\n---\n"
           "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n---\napiVersion: apps/v1\nkind: Deployment\n"
           "metadata:\n  name: d\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n"}}});
    cases.push_back(
        {"bases-field-and-yml",
         "overlay",
         {{"base/kustomization.yml", "resources:\n- cm.yaml\n"},
          {"base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"},
          {"overlay/Kustomization", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nbases:\n- ../base\n"
                                    "namePrefix: o-\n"}}});
    cases.push_back({"service-ports-merge",
                     ".",
                     {{"kustomization.yaml", "resources:\n- service.yaml\npatches:\n- path: p.yaml\n"},
                      {"service.yaml", kService},
                      {"p.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 9090\n"
                                 "    name: metrics\n    targetPort: 9091\n"}}});
    cases.push_back(
        {"ingress-hpa-references",
         ".",
         {{"kustomization.yaml", "resources:\n- app.yaml\nnamePrefix: blue-\n"},
          {"app.yaml",
           "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - hosts: [a.example]\n"
           "    secretName: tls\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n"
           "  rules:\n  - host: a.example\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
           "        backend:\n          service:\n            name: web\n            port:\n              number: 80\n"
           "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\n---\n"
           "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n---\n"
           "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
           "      containers: [{name: w, image: w}]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
           "metadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n"
           "    name: web\n  minReplicas: 1\n  maxReplicas: 3\n"}}});
    cases.push_back(
        {"everything-together", "prod",
         withBase({{"prod/kustomization.yaml",
                    "resources:\n- ../base\nnamespace: shop-prod\nnamePrefix: prod-\ncommonLabels:\n  env: prod\n"
                    "commonAnnotations:\n  owner: shop\nimages:\n- name: nginx\n  newTag: \"1.26\"\nreplicas:\n"
                    "- name: web\n  count: 4\nconfigMapGenerator:\n- name: flags\n  literals: [level=error]\n"
                    "patches:\n- path: smp.yaml\npatchesJson6902:\n- target:\n    group: apps\n    version: v1\n"
                    "    kind: Deployment\n    name: web\n  patch: |-\n    - op: add\n      path: /spec/minReadySeconds\n"
                    "      value: 10\n"},
                   {"prod/smp.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                                     "  template:\n    spec:\n      containers:\n      - name: web\n"
                                     "        image: registry.example.com:5000/shop/web:9.9\n"}})});
    cases.push_back({"patches-target-regex-anchors",
                     ".",
                     {{"kustomization.yaml",
                       "resources:\n- cms.yaml\npatches:\n- target:\n    kind: Config.*\n    name: a|b\n  patch: |-\n"
                       "    - op: add\n      path: /data\n      value: {patched: \"yes\"}\n- target:\n    namespace: default\n"
                       "    name: \"(a*)*b\"\n  patch: |-\n    - op: add\n      path: /metadata/labels\n"
                       "      value: {ns: default}\n"},
                      {"cms.yaml", kFourConfigMaps}}});
    cases.push_back({"diamond-memoized-builds", "l0/n0", diamond(3, true)});
    // behavior: merge / replace onto a base's generator, renamed by the base's prefix and
    // namespace; labels and annotations merged; the hash suffix follows the new data.
    cases.push_back(
        {"generator-merge-and-replace-onto-base",
         "overlay",
         {{"base/kustomization.yaml",
           "namePrefix: base-\nnamespace: basens\nresources: [deploy.yaml]\nconfigMapGenerator:\n"
           "- name: settings\n  literals: [a=1, b=2]\n  options:\n    labels: {z: base}\n"
           "    annotations: {note: base}\nsecretGenerator:\n- name: creds\n  literals: [user=u, pass=p]\n"},
          {"base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
                               "      containers:\n      - name: web\n        image: nginx\n        envFrom:\n"
                               "        - configMapRef: {name: settings}\n        - secretRef: {name: creds}\n"},
          {"overlay/kustomization.yaml", "resources: [../base]\nconfigMapGenerator:\n- name: settings\n  behavior: merge\n"
                                         "  literals: [b=3, c=4]\n  options:\n    labels: {a: overlay, z: overlay}\n"
                                         "secretGenerator:\n- name: creds\n  behavior: replace\n  literals: [token=t]\n"}}});
    cases.push_back({"generator-merge-files-and-envs-twice",
                     "prod",
                     {{"base/kustomization.yaml", "configMapGenerator:\n- name: app\n  envs: [app.env]\n"},
                      {"base/app.env", "LEVEL=info\nMODE=dev\n"},
                      {"staging/kustomization.yaml",
                       "resources: [../base]\nnameSuffix: -s\nconfigMapGenerator:\n- name: app\n  behavior: merge\n"
                       "  files: [extra.conf]\n"},
                      {"staging/extra.conf", "x = 1\n"},
                      {"prod/kustomization.yaml",
                       "resources: [../staging]\nnamespace: prod\nconfigMapGenerator:\n- name: app\n  behavior: merge\n"
                       "  literals: [MODE=prod]\n"}}});
    // A plain ConfigMap from a file takes a merge without getting a hash suffix.
    cases.push_back(
        {"generator-merge-onto-plain-configmap",
         "overlay",
         {{"base/kustomization.yaml", "resources: [cm.yaml]\n"},
          {"base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  labels: {from: file}\n"
                           "data:\n  kept: \"yes\"\n  over: old\n"},
          {"overlay/kustomization.yaml",
           "resources: [../base]\nconfigMapGenerator:\n- name: plain\n  behavior: merge\n  literals: [over=new]\n"}}});
    // Components: each applied to what is accumulated so far, before the overlay's own
    // generators and transformers; a component's generator merges onto the base's.
    cases.push_back(
        {"components",
         "overlays/prod",
         {{"base/kustomization.yaml", "resources: [deploy.yaml]\nconfigMapGenerator:\n- name: conf\n  literals: [a=1]\n"},
          {"base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
                               "      containers:\n      - name: web\n        image: nginx\n        envFrom:\n"
                               "        - configMapRef: {name: conf}\n"},
          {"components/metrics/kustomization.yaml",
           "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [monitor.yaml]\n"
           "configMapGenerator:\n- name: conf\n  behavior: merge\n  literals: [metrics=on]\n"
           "patches:\n- target: {kind: Deployment}\n  patch: |-\n    - op: add\n"
           "      path: /metadata/annotations\n      value: {prometheus.io/scrape: \"true\"}\n"},
          {"components/metrics/monitor.yaml",
           "apiVersion: v1\nkind: Service\nmetadata:\n  name: web-metrics\nspec:\n  ports:\n  - port: 9090\n"},
          {"components/tls/kustomization.yaml",
           "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nlabels:\n- pairs: {tls: \"on\"}\n"
           "images:\n- name: nginx\n  newTag: \"1.27\"\n"},
          {"overlays/prod/kustomization.yaml",
           "resources: [../../base]\ncomponents: [../../components/metrics, ../../components/tls]\n"
           "namePrefix: prod-\nconfigMapGenerator:\n- name: local\n  literals: [x=y]\n"}}});
    return cases;
}

std::vector<FailingCase> failingCorpus() {
    std::vector<FailingCase> cases;
    const char* restricted = "is not in or below";
    const char* throughLink = "resolves through a symlink to";
    cases.push_back({"symlinked-resource-outside-root",
                     "env",
                     {{"env/kustomization.yaml", "resources: [link.yaml]\n"}, {"real.yaml", kReal}},
                     {{"env/link.yaml", "../real.yaml"}},
                     restricted,
                     throughLink});
    cases.push_back({"symlinked-patch-outside-root",
                     "env",
                     {{"env/kustomization.yaml", "resources: [cm.yaml]\npatches:\n- path: p.yaml\n"},
                      {"env/cm.yaml", kReal},
                      {"real.yaml", kReal}},
                     {{"env/p.yaml", "../real.yaml"}},
                     restricted,
                     throughLink});
    cases.push_back({"symlinked-generator-file-outside-root",
                     "env",
                     {{"env/kustomization.yaml", "configMapGenerator:\n- name: g\n  files: [data.txt]\n"}, {"real.yaml", kReal}},
                     {{"env/data.txt", "../real.yaml"}},
                     restricted,
                     throughLink});
    cases.push_back({"symlinked-folder-on-the-path",
                     "env",
                     {{"env/kustomization.yaml", "resources: [sub/cm.yaml]\n"}, {"outside/cm.yaml", kReal}},
                     {{"env/sub", "../outside"}},
                     restricted,
                     throughLink});
    cases.push_back({"invalid-target-regex",
                     ".",
                     {{"kustomization.yaml", "resources: [cms.yaml]\npatches:\n- target:\n    name: \"(\"\n  patch: |-\n"
                                             "    - op: add\n      path: /data\n      value: {}\n"},
                      {"cms.yaml", kFourConfigMaps}},
                     {},
                     "error parsing regexp: missing closing )",
                     "invalid regular expression \"(\": missing )"});
    cases.push_back({"generator-merge-without-a-base-object",
                     "overlay",
                     {{"base/kustomization.yaml", "resources: [cm.yaml]\n"},
                      {"base/cm.yaml", kReal},
                      {"overlay/kustomization.yaml",
                       "resources: [../base]\nconfigMapGenerator:\n- name: settings\n  behavior: merge\n  literals: [a=1]\n"}},
                     {},
                     "does not exist; cannot merge or replace",
                     "configMapGenerator settings has behavior merge, but no ConfigMap of that name comes from the resources"});
    // 29 levels, 4 references each: 4^28 paths, one failure at the bottom for both.
    cases.push_back({"diamond-29-levels-duplicate",
                     "l0/n0",
                     diamond(29, false),
                     {},
                     "may not add resource with an already registered id",
                     "duplicate resource ConfigMap leaf"});
    return cases;
}

} // namespace

class TestKustomizeKubectl : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesKubectl_data();
    void matchesKubectl();
    void failsLikeKubectl_data();
    void failsLikeKubectl();
    void notBuiltInFieldsRenderWithKubectl();
    void notBuiltInWithoutKubectlNamesFieldAndFile();
    void remoteBaseNeverReachesKubectl();

private:
    std::unique_ptr<test::GitFixture> m_repo;
    std::shared_ptr<const git::Repository> m_repository;
    QString m_commit;
    std::vector<Case> m_cases;
    std::vector<FailingCase> m_failing;
    QString m_kubectl; // empty: none on PATH, the golden files alone are the oracle
};

void TestKustomizeKubectl::initTestCase() {
    m_kubectl = test::liveKubectl();
    if (m_kubectl.isEmpty())
        qInfo("kubectl is not on PATH: the corpus is checked against the golden files alone");
    m_cases = corpus();
    m_repo = std::make_unique<test::GitFixture>();
    for (const Case& c : m_cases) {
        for (const auto& [path, content] : c.files) {
            QString relative = QStringLiteral("cases/%1/%2").arg(QLatin1String(c.name), QString::fromStdString(path));
            relative = QDir::cleanPath(relative);
            m_repo->writeFile(relative, QByteArray::fromStdString(content));
        }
    }
    m_failing = failingCorpus();
    for (const FailingCase& c : m_failing) {
        const QString folder = QStringLiteral("failing/%1/").arg(QLatin1String(c.name));
        for (const auto& [path, content] : c.files)
            m_repo->writeFile(folder + QString::fromStdString(path), QByteArray::fromStdString(content));
        for (const auto& [path, target] : c.links) {
            const QString link = m_repo->filePath(folder + QString::fromStdString(path));
            QVERIFY(QDir().mkpath(QFileInfo(link).path()));
            QVERIFY(QFile::link(QString::fromStdString(target), link));
        }
    }
    m_commit = m_repo->commitAll(QStringLiteral("corpus"), 1700000000);
    auto repository = git::Repository::open(m_repo->path());
    QVERIFY2(repository, qPrintable(repository ? QString() : repository.error().toString()));
    m_repository = std::make_shared<const git::Repository>(std::move(*repository));
    QVERIFY(m_cases.size() >= 30);
}

void TestKustomizeKubectl::matchesKubectl_data() {
    QTest::addColumn<int>("index");
    const std::vector<Case> cases = corpus();
    for (std::size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(cases[i].name) << int(i);
}

void TestKustomizeKubectl::matchesKubectl() {
    QFETCH(int, index);
    const Case& c = m_cases[std::size_t(index)];
    const QString directory =
        QDir::cleanPath(QStringLiteral("cases/%1/%2").arg(QLatin1String(c.name), QLatin1String(c.directory)));

    std::optional<QByteArray> live;
    if (!m_kubectl.isEmpty()) {
        QProcess kubectl;
        kubectl.start(m_kubectl, {QStringLiteral("kustomize"), m_repo->filePath(directory)});
        QVERIFY(kubectl.waitForFinished(60000));
        QVERIFY2(kubectl.exitCode() == 0, kubectl.readAllStandardError().constData());
        live = kubectl.readAllStandardOutput();
    }
    const auto golden =
        test::GoldenFile(QStringLiteral("kustomize/%1.yaml").arg(test::GoldenFile::fileNameOf(QLatin1String(c.name))))
            .expected(live);
    QVERIFY2(golden.problem.isEmpty(), qPrintable(golden.problem));
    const QByteArray& expected = golden.bytes;

    auto snapshot = git::TreeSnapshot::atRevision(m_repository, m_commit);
    QVERIFY(snapshot);
    GitTreeFileSource source(*snapshot);
    const RenderResult result = render(source, directory, RendererKind::Auto);
    QCOMPARE(result.renderer, QStringLiteral("kustomize (native)"));
    QString errors;
    for (const auto& error : result.errors)
        errors += error.toString() + QLatin1Char('\n');
    QVERIFY2(result.errors.empty(), qPrintable(errors));
    std::vector<nlohmann::ordered_json> documents;
    for (const ManifestObject& object : result.objects)
        documents.push_back(object.body);
    const QByteArray actual = QByteArray::fromStdString(writeYamlStream(documents));
    if (actual != expected) {
        qWarning().noquote() << "native:\n" << actual << "\nkubectl (golden):\n" << expected;
    }
    QCOMPARE(actual, expected);
}

void TestKustomizeKubectl::failsLikeKubectl_data() {
    QTest::addColumn<int>("index");
    const std::vector<FailingCase> cases = failingCorpus();
    for (std::size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(cases[i].name) << int(i);
}

void TestKustomizeKubectl::failsLikeKubectl() {
    QFETCH(int, index);
    const FailingCase& c = m_failing[std::size_t(index)];
    const QString directory =
        QDir::cleanPath(QStringLiteral("failing/%1/%2").arg(QLatin1String(c.name), QLatin1String(c.directory)));

    // kubectl's message names the scratch folder, so it is no golden file: without kubectl
    // only Syncline's refusal is checked.
    if (!m_kubectl.isEmpty()) {
        QProcess kubectl;
        kubectl.start(m_kubectl, {QStringLiteral("kustomize"), m_repo->filePath(directory)});
        QVERIFY(kubectl.waitForFinished(60000));
        const QString kubectlErrors = QString::fromUtf8(kubectl.readAllStandardError());
        QVERIFY2(kubectl.exitCode() != 0, "kubectl kustomize accepted it");
        QVERIFY2(kubectlErrors.contains(QLatin1String(c.kubectlSays)), qPrintable(kubectlErrors));
    }

    auto snapshot = git::TreeSnapshot::atRevision(m_repository, m_commit);
    QVERIFY(snapshot);
    GitTreeFileSource source(*snapshot);
    const RenderResult result = render(source, directory, RendererKind::Auto);
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].message.contains(QLatin1String(c.nativeSays)), qPrintable(result.errors[0].toString()));
}

namespace {

// An overlay over a base that uses `vars` (deprecated, still built by kubectl), which the
// native renderer does not know.
void notBuiltInRepository(test::GitFixture& repo) {
    repo.writeFile(QStringLiteral("base/kustomization.yaml"),
                   "resources: [cm.yaml, deploy.yaml]\nvars:\n- name: IMAGE\n  objref: {kind: ConfigMap, name: settings, "
                   "apiVersion: v1}\n  fieldref: {fieldpath: data.image}\n");
    repo.writeFile(QStringLiteral("base/cm.yaml"),
                   "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  image: nginx:1.27\n");
    repo.writeFile(QStringLiteral("base/deploy.yaml"),
                   "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
                   "      containers:\n      - name: web\n        image: $(IMAGE)\n");
    repo.writeFile(QStringLiteral("overlays/prod/kustomization.yaml"), "resources: [../../base]\nnamePrefix: prod-\n");
    repo.commitAll(QStringLiteral("vars"), 1700000000);
}

std::unique_ptr<GitTreeFileSource> headSource(const test::GitFixture& repo) {
    auto repository = git::Repository::open(repo.path());
    if (!repository)
        return nullptr;
    auto snapshot =
        git::TreeSnapshot::atRevision(std::make_shared<const git::Repository>(std::move(*repository)), QStringLiteral("HEAD"));
    return snapshot ? std::make_unique<GitTreeFileSource>(*snapshot) : nullptr;
}

} // namespace

// A field the native renderer does not know: the folder goes to kubectl kustomize, copied
// out of the Git tree with the base it reaches, and the user is told why.
void TestKustomizeKubectl::notBuiltInFieldsRenderWithKubectl() {
    if (m_kubectl.isEmpty())
        QSKIP("kubectl is not on PATH: rendering a field the native renderer lacks with kubectl kustomize was NOT checked");
    test::GitFixture repo;
    notBuiltInRepository(repo);
    QProcess kubectl;
    kubectl.start(m_kubectl, {QStringLiteral("kustomize"), repo.filePath(QStringLiteral("overlays/prod"))});
    QVERIFY(kubectl.waitForFinished(60000));
    const QByteArray expected = kubectl.readAllStandardOutput();
    QVERIFY2(kubectl.exitCode() == 0, kubectl.readAllStandardError().constData());
    QVERIFY(expected.contains("image: nginx:1.27"));

    auto source = headSource(repo);
    QVERIFY(source);
    RenderOptions options;
    options.kubectlBinary = m_kubectl;
    const RenderResult result = render(*source, QStringLiteral("overlays/prod"), RendererKind::Auto, options);
    QVERIFY2(result.ok(), result.errors.empty() ? "" : qPrintable(result.errors[0].toString()));
    QCOMPARE(result.renderer, QStringLiteral("kubectl kustomize (external)"));
    QCOMPARE(result.warnings,
             QStringList{QStringLiteral("kustomize field vars is not built in (base/kustomization.yaml); rendered "
                                        "with kubectl kustomize")});
    std::vector<nlohmann::ordered_json> documents;
    for (const ManifestObject& object : result.objects)
        documents.push_back(object.body);
    QCOMPARE(QByteArray::fromStdString(writeYamlStream(documents)), expected);
}

void TestKustomizeKubectl::notBuiltInWithoutKubectlNamesFieldAndFile() {
    test::GitFixture repo;
    notBuiltInRepository(repo);
    auto source = headSource(repo);
    QVERIFY(source);
    RenderOptions options;
    options.kubectlBinary = QStringLiteral("/nonexistent/kubectl");
    const RenderResult result = render(*source, QStringLiteral("overlays/prod"), RendererKind::Kustomize, options);
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QCOMPARE(result.errors[0].message,
             QStringLiteral("kustomize field vars is not built in; install kubectl (or kustomize) to render it"));
    QCOMPARE(result.errors[0].where, QStringLiteral("base/kustomization.yaml"));
    QVERIFY(!result.cacheable);
}

void TestKustomizeKubectl::remoteBaseNeverReachesKubectl() {
    test::GitFixture repo;
    repo.writeFile(QStringLiteral("env/kustomization.yaml"),
                   "resources:\n- https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0\n"
                   "vars: []\n");
    repo.commitAll(QStringLiteral("remote"), 1700000000);
    auto source = headSource(repo);
    QVERIFY(source);
    // A stand-in kubectl that leaves a mark when run: the claim holds with or without a real one.
    QTemporaryDir scratch;
    QVERIFY(scratch.isValid());
    const QString mark = scratch.filePath(QStringLiteral("kubectl-ran"));
    RenderOptions options;
    options.kubectlBinary =
        test::writeScript(scratch.filePath(QStringLiteral("kubectl")), "#!/bin/sh\ntouch '" + mark.toUtf8() + "'\nexit 1\n");
    QVERIFY(!options.kubectlBinary.isEmpty());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Kustomize, options);
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].message.startsWith(QLatin1String("remote bases are not allowed")),
             qPrintable(result.errors[0].toString()));
    QVERIFY2(!QFileInfo::exists(mark), "kubectl was run for a remote base");
}

QTEST_GUILESS_MAIN(TestKustomizeKubectl)
#include "tst_kustomize_kubectl.moc"
