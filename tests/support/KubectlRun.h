#pragma once

// What the kubectl compatibility tests share (tst_kubectl_servers on both servers,
// tst_devcluster_kubectl on the devcluster alone): how kubectl is run, its answer, and the
// manifests it applies.
#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <initializer_list>
#include <nlohmann/json.hpp>

// JSON values compare as their serialisations (readable when a test fails).
#define JCOMPARE(actual, expected)                                                                                               \
    QCOMPARE(QString::fromStdString(nlohmann::json(actual).dump()), QString::fromStdString(nlohmann::json(expected).dump()))

namespace syncline::test {

// What a kubectl run printed and how it ended (-1: it did not start, crashed or timed out).
struct KubectlRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString describe() const {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
            .arg(exitCode)
            .arg(QString::fromUtf8(out), QString::fromUtf8(err));
    }
};

// Runs `kubectl` with `kubeconfig` (and `context` when given) and a 20 s request timeout;
// HOME is `home`, so its discovery cache stays in the test's folder, and no external diff
// program is used. `input` goes to its stdin. At most a minute.
inline KubectlRun runKubectl(const QString& kubectl, const QString& home, const QString& kubeconfig, const QString& context,
                             const QStringList& arguments, const QByteArray& input = {}) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("KUBECONFIG"), kubeconfig);
    env.remove(QStringLiteral("KUBECTL_EXTERNAL_DIFF"));
    process.setProcessEnvironment(env);
    QStringList command{QStringLiteral("--kubeconfig"), kubeconfig};
    if (!context.isEmpty())
        command << QStringLiteral("--context") << context;
    process.start(kubectl, command + QStringList{QStringLiteral("--request-timeout=20s")} + arguments);
    KubectlRun run;
    if (!process.waitForStarted(10000))
        return run;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.err = "timed out";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

inline QStringList args(std::initializer_list<const char*> words) {
    QStringList list;
    for (const char* word : words)
        list << QString::fromUtf8(word);
    return list;
}

namespace kubectl_fixtures {

inline const char* const kApp = R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels:
    app: web
data:
  mode: production
  retries: "3"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
  namespace: shop
  labels:
    app: other
data:
  a: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
        env:
        - name: MODE
          value: production
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
)";

inline const char* const kCrd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: applications.argoproj.io
spec:
  group: argoproj.io
  names:
    kind: Application
    listKind: ApplicationList
    plural: applications
    singular: application
    shortNames: [app, apps]
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
    subresources:
      status: {}
)";

inline const char* const kApplication = R"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: shop
spec:
  project: default
  source:
    repoURL: https://example.com/repo.git
    path: guestbook
    targetRevision: HEAD
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
)";

} // namespace kubectl_fixtures

} // namespace syncline::test
