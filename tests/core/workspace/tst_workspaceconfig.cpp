// syncline.yaml: every schema problem with its exact line and column, and the round trip
// config -> text -> config.
#include "workspace/WorkspaceConfig.h"

#include <QFile>
#include <QTest>

using namespace syncline;
using namespace syncline::workspace;

namespace {

std::vector<ConfigProblem> problemsOf(const QByteArray& text) {
    std::vector<ConfigProblem> problems;
    auto config = WorkspaceConfig::parse(std::string_view(text.constData(), std::size_t(text.size())),
                                         WorkspaceConfig::fileName(), &problems);
    if (config && !problems.empty())
        qFatal("parse succeeded but reported problems");
    if (!config && problems.empty())
        qFatal("parse failed without problems");
    return problems;
}

WorkspaceConfig parseOk(const QByteArray& text) {
    std::vector<ConfigProblem> problems;
    auto config = WorkspaceConfig::parse(std::string_view(text.constData(), std::size_t(text.size())),
                                         WorkspaceConfig::fileName(), &problems);
    if (!config)
        qFatal("unexpected problems:\n%s", qPrintable(config.error().message));
    return *config;
}

const QByteArray fullExample = R"(# every key once
version: 1
environments:
  - name: dev
    branch: main
    path: ./overlays/dev/
    renderer: kustomize
    cluster:
      kubeconfig: ~/.kube/dev.yaml
      context: kind-dev
      insecure: true
    namespace: shop
    mode: direct
    sync:
      auto: true
      prune: false
      selfHeal: true
    ignore:
      - group: apps
        kind: Deployment
        name: api
        namespace: shop
        jsonPointers:
          - /spec/replicas
          - /metadata/annotations/example.com~1rev
      - group: ""
        kind: ConfigMap
        jsonPointers: [/data/generated]
    promotable:
      - version.yaml
      - config/app.properties
  - name: staging
    path: overlays/staging
    renderer: plain
    mode: argocd
    argocd:
      application: shop-staging
      namespace: argo
  - name: prod
    branch: release
    path: .
    mode: flux
    flux:
      kustomization: apps
      namespace: flux-system
promotion: [dev, staging, prod]
)";

} // namespace

class TestWorkspaceConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesEveryKey() {
        const WorkspaceConfig config = parseOk(fullExample);
        QCOMPARE(config.environments.size(), std::size_t(3));
        const Environment& dev = config.environments[0];
        QCOMPARE(dev.name, QStringLiteral("dev"));
        QCOMPARE(dev.branch, QStringLiteral("main"));
        QCOMPARE(dev.path, QStringLiteral("overlays/dev")); // cleaned
        QCOMPARE(dev.renderer, RendererChoice::Kustomize);
        QCOMPARE(dev.cluster, (ClusterRef{QStringLiteral("~/.kube/dev.yaml"), QStringLiteral("kind-dev"), true}));
        QCOMPARE(dev.defaultNamespace, QStringLiteral("shop"));
        QCOMPARE(dev.mode, Mode::Direct);
        QCOMPARE(dev.sync, (SyncPolicy{.autoSync = true, .prune = false, .selfHeal = true}));
        QCOMPARE(dev.ignore.size(), std::size_t(2));
        QCOMPARE(dev.ignore[0].group, QStringLiteral("apps"));
        QCOMPARE(dev.ignore[0].kind, QStringLiteral("Deployment"));
        QCOMPARE(dev.ignore[0].name, std::optional<QString>(QStringLiteral("api")));
        QCOMPARE(dev.ignore[0].namespace_, std::optional<QString>(QStringLiteral("shop")));
        QCOMPARE(dev.ignore[0].jsonPointers,
                 (QStringList{QStringLiteral("/spec/replicas"), QStringLiteral("/metadata/annotations/example.com~1rev")}));
        QCOMPARE(dev.ignore[1].group, QString());
        QVERIFY(!dev.ignore[1].name);
        QCOMPARE(dev.promotable, (QStringList{QStringLiteral("version.yaml"), QStringLiteral("config/app.properties")}));

        const Environment& staging = config.environments[1];
        QCOMPARE(staging.renderer, RendererChoice::Plain);
        QCOMPARE(staging.mode, Mode::ArgoCD);
        QCOMPARE(staging.argocd, (ArgoCDAgent{QStringLiteral("shop-staging"), QStringLiteral("argo")}));
        QCOMPARE(staging.branch, QString()); // the branch HEAD is on

        const Environment& prod = config.environments[2];
        QCOMPARE(prod.path, QString()); // "." is the root
        QCOMPARE(prod.renderer, RendererChoice::Auto);
        QCOMPARE(prod.mode, Mode::Flux);
        QCOMPARE(prod.flux, (FluxAgent{QStringLiteral("apps"), QStringLiteral("flux-system")}));
        QCOMPARE(config.promotionOrder, (QStringList{QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}));
        QVERIFY(config.find(QStringLiteral("prod")) == &config.environments[2]);
        QVERIFY(!config.find(QStringLiteral("qa")));
    }

    // What helm template is given, as Argo CD's Application says it (values or valuesObject).
    void parsesTheHelmBlock() {
        const WorkspaceConfig config = parseOk("environments:\n"
                                               "  - name: prod\n"
                                               "    path: charts/web\n"
                                               "    renderer: helm\n"
                                               "    namespace: shop\n"
                                               "    helm:\n"
                                               "      releaseName: web-prod\n"
                                               "      namespace: shop-prod\n"
                                               "      valueFiles: [values-prod.yaml, $values/envs/prod/values.yaml]\n"
                                               "      values:\n"
                                               "        replicaCount: 3\n"
                                               "        ingress: {enabled: true}\n"
                                               "      parameters:\n"
                                               "        image.tag: 1.2.0\n"
                                               "        replicaCount: 4\n"
                                               "        debug: true\n"
                                               "      includeCrds: false\n"
                                               "      kubeVersion: 1.31.0\n"
                                               "      apiVersions: [monitoring.coreos.com/v1]\n"
                                               "  - name: dev\n"
                                               "    path: charts/web\n"
                                               "    renderer: helm\n"
                                               "    helm:\n"
                                               "      values: |\n"
                                               "        replicaCount: 1\n");
        const Environment& prod = config.environments[0];
        QCOMPARE(prod.renderer, RendererChoice::Helm);
        QVERIFY(prod.helm);
        QCOMPARE(prod.helm->releaseName, QStringLiteral("web-prod"));
        QCOMPARE(prod.helm->namespace_, QStringLiteral("shop-prod"));
        QCOMPARE(prod.helm->valueFiles,
                 (QStringList{QStringLiteral("values-prod.yaml"), QStringLiteral("$values/envs/prod/values.yaml")}));
        QCOMPARE(prod.helm->values, QStringLiteral("replicaCount: 3\ningress: {enabled: true}\n"));
        QCOMPARE(prod.helm->parameters,
                 (std::vector<std::pair<QString, QString>>{{QStringLiteral("image.tag"), QStringLiteral("1.2.0")},
                                                           {QStringLiteral("replicaCount"), QStringLiteral("4")},
                                                           {QStringLiteral("debug"), QStringLiteral("true")}}));
        QVERIFY(!prod.helm->includeCrds);
        QCOMPARE(prod.helm->kubeVersion, QStringLiteral("1.31.0"));
        QCOMPARE(prod.helm->apiVersions, QStringList{QStringLiteral("monitoring.coreos.com/v1")});
        QCOMPARE(config.environments[1].helm->values, QStringLiteral("replicaCount: 1\n"));
        QVERIFY(config.environments[1].helm->includeCrds);
        QCOMPARE(parseOk(config.toYaml()), config);
    }

    void writesTheHelmBlock() {
        WorkspaceConfig config;
        Environment web{.name = QStringLiteral("web"), .path = QStringLiteral("charts/web"), .renderer = RendererChoice::Helm};
        web.helm = manifest::HelmSource{.releaseName = QStringLiteral("web"),
                                        .valueFiles = {QStringLiteral("$values/envs/prod/values.yaml")},
                                        .values = QStringLiteral("replicaCount: 3\nimage:\n  tag: \"2.0\"\n"),
                                        .parameters = {{QStringLiteral("image.tag"), QStringLiteral("2.1")}},
                                        .includeCrds = false};
        Environment bare{.name = QStringLiteral("bare"), .path = QStringLiteral("charts/web"), .renderer = RendererChoice::Helm};
        bare.helm = manifest::HelmSource{};
        config.environments = {web, bare};
        const QByteArray expected = "# The environments of this repository, read by Syncline (schema: docs/syncline-yaml.md).\n"
                                    "version: 1\n"
                                    "environments:\n"
                                    "  - name: web\n"
                                    "    path: charts/web\n"
                                    "    renderer: helm\n"
                                    "    helm:\n"
                                    "      releaseName: web\n"
                                    "      valueFiles:\n"
                                    "        - \"$values/envs/prod/values.yaml\"\n"
                                    "      values: |\n"
                                    "        replicaCount: 3\n"
                                    "        image:\n"
                                    "          tag: \"2.0\"\n"
                                    "      parameters:\n"
                                    "        image.tag: \"2.1\"\n"
                                    "      includeCrds: false\n"
                                    "  - name: bare\n"
                                    "    path: charts/web\n"
                                    "    renderer: helm\n"
                                    "    helm: {}\n";
        QCOMPARE(config.toYaml(), expected);
        QCOMPARE(parseOk(expected), config);
    }

    // Inline values of every shape come back as they were written.
    void roundTripsHelmValues_data() {
        QTest::addColumn<QString>("values");
        for (const char* s :
             {"a: 1", "a: 1\n", "a: 1\n\n\n", "a:\n  b: [1, 2]\n  c: \"x # not a comment\"\n", "  indented: first\n", "tab:\tx\n",
              "crlf: x\r\n", "empty:\n\nlines: between\n", "ünï: cødé\n", "quote: \"it's\"\n", "{flow: map}"})
            QTest::newRow(s) << QString::fromUtf8(s);
    }

    void roundTripsHelmValues() {
        QFETCH(QString, values);
        WorkspaceConfig config;
        Environment env{.name = QStringLiteral("env"), .path = QStringLiteral("chart"), .renderer = RendererChoice::Helm};
        env.helm = manifest::HelmSource{
            .values = values, .parameters = {{QStringLiteral("a,b"), values}, {QStringLiteral("x: y"), QStringLiteral("3")}}};
        config.environments.push_back(env);
        const QByteArray text = config.toYaml();
        std::vector<ConfigProblem> problems;
        auto back = WorkspaceConfig::parse(text.toStdString(), WorkspaceConfig::fileName(), &problems);
        QVERIFY2(back.has_value(), qPrintable(QString::fromUtf8(text) + (back ? QString() : back.error().message)));
        QCOMPARE(back->environments[0].helm->values, values);
        QCOMPARE(*back, config);
    }

    void agentModesDefaultToTheEnvironmentName() {
        const WorkspaceConfig config = parseOk("environments:\n"
                                               "  - {name: a, path: a, mode: argocd}\n"
                                               "  - {name: f, path: f, mode: flux}\n");
        QCOMPARE(config.environments[0].argocd, (ArgoCDAgent{QStringLiteral("a"), QStringLiteral("argocd")}));
        QCOMPARE(config.environments[1].flux, (FluxAgent{QStringLiteral("f"), QStringLiteral("flux-system")}));
    }

    void schemaProblemsHaveLineAndColumn_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");

        QTest::newRow("unknown top-level key")
            << QByteArray("version: 1\nenvironments: []\npromotions: [a]\n") << 3 << 1
            << QStringLiteral("unknown key 'promotions' in the top level (expected one of: version, "
                              "environments, promotion)");
        QTest::newRow("unknown environment key")
            << QByteArray("environments:\n  - name: dev\n    path: overlays/dev\n    rendrer: kustomize\n") << 4 << 5
            << QStringLiteral("unknown key 'rendrer' in an environment (expected one of: name, branch, path, renderer, "
                              "cluster, namespace, mode, argocd, flux, helm, sync, ignore, promotable, substitute)");
        QTest::newRow("unknown cluster key")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    cluster: {contxt: x}\n") << 4 << 15
            << QStringLiteral("unknown key 'contxt' in cluster (expected one of: kubeconfig, context, insecure)");
        QTest::newRow("list where a string belongs") << QByteArray("environments:\n  - name: dev\n    path: [a, b]\n") << 3 << 11
                                                     << QStringLiteral("expected a string, found a list");
        QTest::newRow("mapping where a string belongs") << QByteArray("environments:\n  - name: {first: dev}\n    path: dev\n")
                                                        << 2 << 11 << QStringLiteral("expected a string, found a mapping");
        QTest::newRow("bool where a string belongs") << QByteArray("environments:\n  - name: true\n    path: dev\n") << 2 << 11
                                                     << QStringLiteral("expected a string, found 'true'");
        QTest::newRow("YAML 1.1 yes is not a bool")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    sync:\n      auto: yes\n") << 5 << 13
            << QStringLiteral("expected true or false, found 'yes'");
        QTest::newRow("quoted true is not a bool")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    cluster:\n      insecure: \"true\"\n") << 5 << 17
            << QStringLiteral("expected true or false, found 'true'");
        QTest::newRow("nothing where a string belongs")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    namespace:\n") << 4 << 5
            << QStringLiteral("expected a string, found nothing");
        QTest::newRow("environments not a list")
            << QByteArray("environments: {dev: overlays/dev}\n") << 1 << 15 << QStringLiteral("expected a list, found a mapping");
        QTest::newRow("environment not a mapping") << QByteArray("environments:\n  - dev\n") << 2 << 5
                                                   << QStringLiteral("expected an environment (a mapping), found 'dev'");
        QTest::newRow("missing name") << QByteArray("environments:\n  - path: dev\n") << 2 << 5
                                      << QStringLiteral("environment has no 'name'");
        QTest::newRow("missing path") << QByteArray("environments:\n  - name: dev\n") << 2 << 5
                                      << QStringLiteral("environment 'dev' has no 'path'");
        QTest::newRow("missing environments")
            << QByteArray("promotion: []\n") << 1 << 1 << QStringLiteral("missing 'environments'");
        QTest::newRow("duplicate environment name")
            << QByteArray("environments:\n  - name: dev\n    path: a\n  - name: dev\n    path: b\n") << 4 << 11
            << QStringLiteral("duplicate environment name 'dev' (first at line 2)");
        QTest::newRow("duplicate key") << QByteArray("environments:\n  - name: dev\n    path: a\n    path: b\n") << 4 << 5
                                       << QStringLiteral("duplicate key 'path' (first at line 3)");
        QTest::newRow("unknown renderer") << QByteArray("environments:\n  - name: dev\n    path: dev\n    renderer: jsonnet\n")
                                          << 4 << 15
                                          << QStringLiteral(
                                                 "unknown renderer 'jsonnet' (expected plain, kustomize, helm or auto)");
        const QByteArray helmEnv = "environments:\n  - name: dev\n    path: charts/web\n    renderer: helm\n    helm:\n";
        QTest::newRow("helm settings with the kustomize renderer")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    renderer: kustomize\n    helm: {releaseName: web}\n")
            << 5 << 5 << QStringLiteral("'helm' settings need renderer: helm or auto (renderer is kustomize)");
        QTest::newRow("unknown helm key") << helmEnv + "      valuesFiles: [prod.yaml]\n"
                                          << 6 << 7
                                          << QStringLiteral(
                                                 "unknown key 'valuesFiles' in helm (expected one of: chartPath, "
                                                 "releaseName, namespace, valueFiles, values, parameters, includeCrds, "
                                                 "kubeVersion, apiVersions, chartRepository, chart, chartVersion)");
        QTest::newRow("helm release name helm refuses")
            << helmEnv + "      releaseName: Web_App\n"
            << 6 << 20
            << QStringLiteral("release name 'Web_App' must be lowercase letters, digits, '-' and '.', at most 53 characters");
        QTest::newRow("remote helm value file")
            << helmEnv + "      valueFiles:\n        - values.yaml\n        - https://example.com/values.yaml\n"
            << 8 << 11
            << QStringLiteral("value file 'https://example.com/values.yaml' is remote; Syncline renders without network");
        QTest::newRow("absolute helm value file")
            << helmEnv + "      valueFiles: [/etc/passwd]\n"
            << 6 << 20
            << QStringLiteral("value file '/etc/passwd' must be a path relative to the chart, or $values/<path from the "
                              "repository root>");
        QTest::newRow("helm values as a list")
            << helmEnv + "      values: [a, b]\n"
            << 6 << 15 << QStringLiteral("expected a mapping of values or a string of YAML, found a list");
        QTest::newRow("helm values text that is not a mapping")
            << helmEnv + "      values: just text\n"
            << 6 << 15 << QStringLiteral("helm values must be a mapping of values, found 'just text'");
        QTest::newRow("helm parameter that is not one value")
            << helmEnv + "      parameters:\n        image.tag: 1.2\n        hosts: [a, b]\n"
            << 8 << 16 << QStringLiteral("parameter 'hosts' must be a single value, found a list");
        QTest::newRow("helm includeCrds not a bool") << helmEnv + "      includeCrds: \"no\"\n"
                                                     << 6 << 20 << QStringLiteral("expected true or false, found 'no'");
        QTest::newRow("helm kube version") << helmEnv + "      kubeVersion: latest\n"
                                           << 6 << 20 << QStringLiteral("kubeVersion 'latest' must be a version like 1.31.0");
        QTest::newRow("unknown mode") << QByteArray("environments:\n  - name: dev\n    path: dev\n    mode: spinnaker\n") << 4
                                      << 11 << QStringLiteral("unknown mode 'spinnaker' (expected direct, argocd or flux)");
        QTest::newRow("agent settings without the mode")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    argocd: {application: web}\n") << 4 << 5
            << QStringLiteral("'argocd' settings need mode: argocd (mode is direct)");
        QTest::newRow("flux settings with another mode")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    mode: argocd\n    flux: "
                          "{kustomization: apps}\n")
            << 5 << 5 << QStringLiteral("'flux' settings need mode: flux");
        QTest::newRow("JSON pointer without slash")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    ignore:\n      - group: apps\n"
                          "        kind: Deployment\n        jsonPointers:\n          - /spec/replicas\n"
                          "          - spec/template\n")
            << 9 << 13 << QStringLiteral("JSON pointer 'spec/template' must start with '/'");
        QTest::newRow("JSON pointer with a bad escape")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    ignore:\n"
                          "      - {kind: Service, jsonPointers: [/metadata/annotations/a~2b]}\n")
            << 5 << 40 << QStringLiteral("JSON pointer '/metadata/annotations/a~2b' has '~' not followed by 0 or 1");
        QTest::newRow("ignore rule without kind")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    ignore:\n      - group: apps\n"
                          "        jsonPointers: [/spec]\n")
            << 5 << 9 << QStringLiteral("ignore rule has no 'kind'");
        QTest::newRow("path leaving the repository")
            << QByteArray("environments:\n  - name: dev\n    path: ../other-repo/dev\n") << 3 << 11
            << QStringLiteral("path '../other-repo/dev' must be a folder inside the repository");
        QTest::newRow("absolute path") << QByteArray("environments:\n  - name: dev\n    path: /etc\n") << 3 << 11
                                       << QStringLiteral("path '/etc' must be a folder inside the repository");
        QTest::newRow("promotable file leaving the environment")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n    promotable: [version.yaml, "
                          "/etc/passwd]\n")
            << 4 << 32 << QStringLiteral("promotable file '/etc/passwd' must be a path inside the environment");
        QTest::newRow("promotion names an unknown environment")
            << QByteArray("environments:\n  - name: dev\n    path: dev\npromotion: [dev, prod]\n") << 4 << 18
            << QStringLiteral("promotion order names 'prod', which is not an environment");
        QTest::newRow("promotion repeats an environment")
            << QByteArray("environments:\n  - name: dev\n    path: dev\n  - name: prod\n    path: prod\n"
                          "promotion:\n  - dev\n  - prod\n  - dev\n")
            << 9 << 5 << QStringLiteral("promotion order names 'dev' twice (first at line 7)");
        QTest::newRow("promotion not a list") << QByteArray("environments: []\npromotion: dev -> prod\n") << 2 << 12
                                              << QStringLiteral("expected a list, found 'dev -> prod'");
        QTest::newRow("unsupported version") << QByteArray("version: 3\nenvironments: []\n") << 1 << 10
                                             << QStringLiteral("unsupported version '3' (this Syncline reads versions 1 and 2)");
        QTest::newRow("not a mapping") << QByteArray("- dev\n- prod\n") << 1 << 1
                                       << QStringLiteral("expected a mapping with 'environments', found a list");
        QTest::newRow("empty file") << QByteArray("") << 1 << 1
                                    << QStringLiteral("expected a mapping with 'environments', found nothing");
        QTest::newRow("two documents") << QByteArray("environments: []\n---\nenvironments: []\n") << 3 << 1
                                       << QStringLiteral("expected one YAML document, found 2");
        QTest::newRow("syntax error") << QByteArray("environments:\n  - name: [dev\n    path: dev\n") << 3 << 9
                                      << QStringLiteral("end of sequence flow not found");
        QTest::newRow("tab indentation") << QByteArray("environments:\n\t- name: dev\n") << 2 << 2
                                         << QStringLiteral("illegal block entry");
        QTest::newRow("mapping value in a plain scalar")
            << QByteArray("environments:\n  - name: dev: x\n") << 2 << 14 << QStringLiteral("illegal map value");
        // yaml-cpp's LoadAll never returned on these (found by fuzz/targets/WorkspaceConfigTarget.cpp).
        QTest::newRow("a lone comma") << QByteArray(",") << 1 << 1 << QStringLiteral("unexpected ','");
        QTest::newRow("a comma in a second document")
            << QByteArray("environments: []\n---\n  ,\n") << 3 << 3 << QStringLiteral("unexpected ','");
    }

    void schemaProblemsHaveLineAndColumn() {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const std::vector<ConfigProblem> problems = problemsOf(text);
        QCOMPARE(problems.size(), std::size_t(1));
        QCOMPARE(problems[0].file, QStringLiteral("syncline.yaml"));
        QCOMPARE(problems[0].line, line);
        QCOMPARE(problems[0].column, column);
        QCOMPARE(problems[0].message, message);
        QVERIFY(problems[0].toString().startsWith(QStringLiteral("syncline.yaml:%1:%2: ").arg(line).arg(column)));
    }

    void everyProblemIsReportedAtOnce() {
        const QByteArray text = "environments:\n"
                                "  - name: dev\n"
                                "    path: dev\n"
                                "    mode: argo\n"
                                "  - name: prod\n"
                                "    renderer: jsonnet\n"
                                "promotion: [dev, qa]\n";
        std::vector<ConfigProblem> problems;
        auto config = WorkspaceConfig::parse(text.toStdString(), QStringLiteral("repo/syncline.yaml"), &problems);
        QVERIFY(!config);
        QCOMPARE(config.error().code, util::ErrorCode::InvalidArgument);
        const QStringList lines = config.error().message.split(QLatin1Char('\n'));
        QCOMPARE(
            lines,
            (QStringList{
                QStringLiteral("repo/syncline.yaml:4:11: unknown mode 'argo' (expected direct, argocd or flux)"),
                QStringLiteral("repo/syncline.yaml:6:15: unknown renderer 'jsonnet' (expected plain, kustomize, helm or auto)"),
                QStringLiteral("repo/syncline.yaml:5:5: environment 'prod' has no 'path'"),
                QStringLiteral("repo/syncline.yaml:7:18: promotion order names 'qa', which is not an environment"),
            }));
        QCOMPARE(problems.size(), std::size_t(4));
    }

    void oversizedFileIsRefused() {
        std::string big = "environments: []\n# ";
        big.append(2u * 1024u * 1024u, 'x');
        std::vector<ConfigProblem> problems;
        QVERIFY(!WorkspaceConfig::parse(big, WorkspaceConfig::fileName(), &problems));
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY(problems[0].message.contains(QStringLiteral("at most")));
    }

    void deepNestingIsAnErrorNotACrash() {
        std::string deep = "environments: ";
        deep.append(100'000, '[');
        std::vector<ConfigProblem> problems;
        QVERIFY(!WorkspaceConfig::parse(deep, WorkspaceConfig::fileName(), &problems));
        QVERIFY(!problems.empty());
    }

    void roundTripsTheFullExample() {
        const WorkspaceConfig config = parseOk(fullExample);
        const QByteArray written = config.toYaml();
        const WorkspaceConfig again = parseOk(written);
        QCOMPARE(again, config);
        QCOMPARE(again.toYaml(), written); // the written form is a fixed point
    }

    void writesTheExpectedText() {
        WorkspaceConfig config;
        Environment dev{
            .name = QStringLiteral("dev"), .path = QStringLiteral("overlays/dev"), .renderer = RendererChoice::Kustomize};
        dev.ignore.push_back(
            IgnoreRule{.group = QString(), .kind = QStringLiteral("ConfigMap"), .jsonPointers = {QStringLiteral("/data/x")}});
        Environment prod{.name = QStringLiteral("prod"), .branch = QStringLiteral("main"), .path = QStringLiteral("apps/prod")};
        prod.mode = Mode::Flux;
        prod.flux.kustomization = QStringLiteral("apps");
        prod.sync = SyncPolicy{.autoSync = true, .prune = true, .selfHeal = true};
        config.environments = {dev, prod};
        config.promotionOrder = {QStringLiteral("dev"), QStringLiteral("prod")};
        const QByteArray expected = "# The environments of this repository, read by Syncline (schema: docs/syncline-yaml.md).\n"
                                    "version: 1\n"
                                    "environments:\n"
                                    "  - name: dev\n"
                                    "    path: overlays/dev\n"
                                    "    renderer: kustomize\n"
                                    "    ignore:\n"
                                    "      - group: \"\"\n"
                                    "        kind: ConfigMap\n"
                                    "        jsonPointers:\n"
                                    "          - /data/x\n"
                                    "  - name: prod\n"
                                    "    branch: main\n"
                                    "    path: apps/prod\n"
                                    "    renderer: auto\n"
                                    "    mode: flux\n"
                                    "    flux:\n"
                                    "      kustomization: apps\n"
                                    "      namespace: flux-system\n"
                                    "    sync:\n"
                                    "      auto: true\n"
                                    "      prune: true\n"
                                    "      selfHeal: true\n"
                                    "promotion:\n"
                                    "  - dev\n"
                                    "  - prod\n";
        QCOMPARE(config.toYaml(), expected);
        QCOMPARE(parseOk(expected), config);
    }

    void roundTripsAwkwardStrings_data() {
        QTest::addColumn<QString>("value");
        for (const char* s :
             {"true",   "False",          "yes",        "no",          "on",         "null",      "~",        "3",
              "-1.5e3", "0x1F",           "0o17",       ".inf",        "12:30",      "a: b",      "key:",     "#comment",
              "- dash", "[list]",         "{map}",      "*alias",      "&anchor",    "!tag",      "%dir",     "@at",
              "`tick",  "it's",           "say \"hi\"", "back\\slash", "two\nlines", "tab\there", " padded ", "ünïcødé",
              "1.2.3",  "~/.kube/config", "kind-dev",   "a,b",         "?q",         "|",         ">"})
            QTest::newRow(s) << QString::fromUtf8(s);
    }

    void roundTripsAwkwardStrings() {
        QFETCH(QString, value);
        WorkspaceConfig config;
        Environment env{.name = QStringLiteral("env"), .branch = value, .path = QStringLiteral("p")};
        env.defaultNamespace = value;
        env.cluster.context = value;
        env.ignore.push_back(IgnoreRule{
            .group = value,
            .kind = value,
            .name = value,
            .namespace_ = value,
            .jsonPointers = {
                QLatin1Char('/') +
                QString(value).replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"))}});
        config.environments.push_back(env);
        const QByteArray text = config.toYaml();
        std::vector<ConfigProblem> problems;
        auto back = WorkspaceConfig::parse(text.toStdString(), WorkspaceConfig::fileName(), &problems);
        QVERIFY2(back.has_value(), qPrintable(QString::fromUtf8(text) + (back ? QString() : back.error().message)));
        QCOMPARE(back->environments[0].branch, value);
        QCOMPARE(*back, config);
    }

    void theDocumentedExampleParses() {
        QFile doc(QStringLiteral(QT_TESTCASE_SOURCEDIR "/../docs/syncline-yaml.md"));
        QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
        const QByteArray text = doc.readAll();
        // Version 2 first: two environments, two applications in each.
        const qsizetype v2Start = text.indexOf("```yaml\n");
        QVERIFY(v2Start >= 0);
        const qsizetype v2End = text.indexOf("```", v2Start + 8);
        const WorkspaceConfig applications = parseOk(text.mid(v2Start + 8, v2End - v2Start - 8));
        QCOMPARE(applications.environmentNames(), (QStringList{QStringLiteral("staging"), QStringLiteral("prod")}));
        QCOMPARE(applications.applicationNames(), (QStringList{QStringLiteral("web"), QStringLiteral("payments")}));
        QCOMPARE(applications.environments.size(), std::size_t(4));
        const Environment* webProd = applications.find(QStringLiteral("web-prod"));
        QVERIFY(webProd);
        QCOMPARE(webProd->branch, QStringLiteral("release"));
        QCOMPARE(webProd->mode, Mode::ArgoCD);
        QCOMPARE(webProd->argocd.application, QStringLiteral("web-prod"));
        QCOMPARE(webProd->sync.autoSync, false);
        QCOMPARE(applications.find(QStringLiteral("web-staging"))->sync.autoSync, true);
        QCOMPARE(applications.find(QStringLiteral("payments-staging"))->helm->valueFiles.size(), 2);
        QCOMPARE(applications.find(QStringLiteral("payments-prod"))->helm->valueFiles.size(), 1);
        QCOMPARE(parseOk(applications.toYaml()), applications);

        const qsizetype start = text.indexOf("```yaml\n", v2End + 3);
        QVERIFY(start >= 0);
        const qsizetype end = text.indexOf("```", start + 8);
        const WorkspaceConfig config = parseOk(text.mid(start + 8, end - start - 8));
        QCOMPARE(config.environments.size(), std::size_t(3));
        QCOMPARE(config.environments[2].mode, Mode::Flux);
        QCOMPARE(config.promotionOrder.size(), 3);
        // The Helm example.
        const qsizetype helmStart = text.indexOf("```yaml\n", end);
        QVERIFY(helmStart >= 0);
        const qsizetype helmEnd = text.indexOf("```", helmStart + 8);
        const WorkspaceConfig helm = parseOk(text.mid(helmStart + 8, helmEnd - helmStart - 8));
        QCOMPARE(helm.environments[0].renderer, RendererChoice::Helm);
        QVERIFY(helm.environments[0].helm);
        QCOMPARE(helm.environments[0].helm->valueFiles.size(), 2);
    }

    void validateChecksBuiltConfigs() {
        WorkspaceConfig config;
        config.environments.push_back(Environment{.name = QStringLiteral("dev"), .path = QStringLiteral("dev")});
        config.environments.push_back(Environment{.name = QStringLiteral("dev"), .path = QStringLiteral("../x")});
        config.environments[0].ignore.push_back(
            IgnoreRule{.kind = QStringLiteral("Service"), .jsonPointers = {QStringLiteral("spec")}});
        config.promotionOrder = {QStringLiteral("dev"), QStringLiteral("prod")};
        QStringList messages;
        for (const ConfigProblem& problem : config.validate())
            messages.append(problem.toString());
        QCOMPARE(messages, (QStringList{
                               QStringLiteral("syncline.yaml: JSON pointer 'spec' must start with '/'"),
                               QStringLiteral("syncline.yaml: duplicate environment name 'dev'"),
                               QStringLiteral("syncline.yaml: path '../x' must be a folder inside the repository"),
                               QStringLiteral("syncline.yaml: promotion order names 'prod', which is not an environment"),
                           }));
        config.environments.pop_back();
        config.environments[0].helm = manifest::HelmSource{.releaseName = QStringLiteral("Web"),
                                                           .valueFiles = {QStringLiteral("http://example.com/v.yaml")},
                                                           .kubeVersion = QStringLiteral("x")};
        messages.clear();
        for (const ConfigProblem& problem : config.validate())
            messages.append(problem.message);
        QVERIFY2(messages.contains(
                     QStringLiteral("release name 'Web' must be lowercase letters, digits, '-' and '.', at most 53 characters")),
                 qPrintable(messages.join(u'\n')));
        QVERIFY(messages.contains(
            QStringLiteral("value file 'http://example.com/v.yaml' is remote; Syncline renders without network")));
        QVERIFY(messages.contains(QStringLiteral("kubeVersion 'x' must be a version like 1.31.0")));
        config.environments[0].helm.reset();
        config.environments[0].ignore.clear();
        config.promotionOrder = {QStringLiteral("dev")};
        QVERIFY(config.validate().empty());
    }

    void version2SaysApplicationsPerEnvironment() {
        const WorkspaceConfig config = parseOk("version: 2\n"
                                               "environments:\n"
                                               "  - name: dev\n"
                                               "    namespace: shop-dev\n"
                                               "    cluster: {context: kind-dev}\n"
                                               "  - name: prod\n"
                                               "    mode: flux\n"
                                               "applications:\n"
                                               "  - name: api\n"
                                               "    path: api/base\n"
                                               "    promotable: [version.yaml]\n"
                                               "    environments:\n"
                                               "      prod: {path: api/prod, namespace: api}\n"
                                               "      dev:\n"
                                               "  - name: db\n"
                                               "    environments:\n"
                                               "      dev: {path: db/dev}\n"
                                               "promotion: [dev, prod]\n");
        QVERIFY(config.hasApplications());
        // Grouped by environment in the order they are listed, applications in file order.
        QStringList names;
        for (const Environment& env : config.environments)
            names << env.name;
        QCOMPARE(names, (QStringList{QStringLiteral("api-dev"), QStringLiteral("db-dev"), QStringLiteral("api-prod")}));
        const Environment& apiDev = config.environments[0];
        QCOMPARE(apiDev.application, QStringLiteral("api"));
        QCOMPARE(apiDev.place, QStringLiteral("dev"));
        QCOMPARE(apiDev.path, QStringLiteral("api/base"));
        QCOMPARE(apiDev.defaultNamespace, QStringLiteral("shop-dev")); // the environment's
        QCOMPARE(apiDev.cluster.context, QStringLiteral("kind-dev"));
        QCOMPARE(apiDev.promotable, QStringList{QStringLiteral("version.yaml")});
        const Environment& apiProd = config.environments[2];
        QCOMPARE(apiProd.path, QStringLiteral("api/prod"));
        QCOMPARE(apiProd.defaultNamespace, QStringLiteral("api"));
        QCOMPARE(apiProd.mode, Mode::Flux);
        QCOMPARE(apiProd.flux.kustomization, QStringLiteral("api-prod"));
        // The first application of each environment takes over its version-1 inventory.
        QCOMPARE(apiDev.inheritsInventoryOf, QStringLiteral("dev"));
        QCOMPARE(config.environments[1].inheritsInventoryOf, QString());
        QCOMPARE(apiProd.inheritsInventoryOf, QStringLiteral("prod"));
        QCOMPARE(config.unitsOf(QStringLiteral("dev")).size(), std::size_t(2));
        QCOMPARE(config.unitsOf(QStringLiteral("dev"), QStringLiteral("db")).front()->name, QStringLiteral("db-dev"));
        QVERIFY(config.validate().empty());
        QCOMPARE(parseOk(config.toYaml()), config);
    }

    void version2Problems_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        const QByteArray places = "version: 2\nenvironments:\n  - name: dev\n  - name: prod\n    mode: argocd\n";
        QTest::newRow("unknown environment")
            << places + "applications:\n  - name: api\n    path: api\n    environments: {qa: {}}\n"
            << QStringLiteral("syncline.yaml:9:20: application 'api' names environment 'qa', which is not in 'environments'");
        QTest::newRow("no path") << places + "applications:\n  - name: api\n    environments: {dev: {}}\n"
                                 << QStringLiteral("syncline.yaml:8:20: application 'api' in 'dev' has no 'path'");
        QTest::newRow("argocd in a direct environment")
            << places +
                   "applications:\n  - name: api\n    path: a\n    environments:\n      dev:\n        argocd: {application: x}\n"
            << QStringLiteral("syncline.yaml:11:9: application 'api' in 'dev': 'argocd' settings need environment 'dev' to have "
                              "mode: argocd");
        QTest::newRow("application name") << places + "applications:\n  - name: Api_1\n    path: a\n    environments: {dev: }\n"
                                          << QStringLiteral("syncline.yaml:7:11: application name 'Api_1' must be lowercase "
                                                            "letters, digits and '-', at most 63 characters");
        QTest::newRow("no environments") << places + "applications:\n  - name: api\n    path: a\n"
                                         << QStringLiteral(
                                                "syncline.yaml:7:11: application 'api' has no 'environments' (where it "
                                                "runs)");
        QTest::newRow("same unit twice")
            << QByteArray("version: 2\nenvironments:\n  - name: b-c\n  - name: c\napplications:\n"
                          "  - name: a\n    path: x\n    environments: {b-c: }\n"
                          "  - name: a-b\n    path: x\n    environments: {c: }\n")
            << QStringLiteral("syncline.yaml:11:20: application 'a-b' in 'c' is named 'a-b-c' like the one at line 8");
        QTest::newRow("promotion names an application")
            << places + "applications:\n  - name: api\n    path: a\n    environments: {dev: }\npromotion: [api]\n"
            << QStringLiteral("syncline.yaml:10:13: promotion order names 'api', which is not an environment");
        QTest::newRow("path leaving the repository in one environment")
            << places + "applications:\n  - name: api\n    path: a\n    environments:\n      dev: {path: ../../etc}\n"
            << QStringLiteral("syncline.yaml:10:19: path '../../etc' must be a folder inside the repository");
        QTest::newRow("unit name too long for an inventory")
            << QByteArray("version: 2\nenvironments:\n  - name: ") + QByteArray(40, 'e') +
                   "\napplications:\n  - name: " + QByteArray(30, 'a') + "\n    path: x\n    environments:\n      " +
                   QByteArray(40, 'e') + ":\n"
            << QStringLiteral("syncline.yaml:8:7: application '%1' in '%2': its name '%1-%2' is longer than 63 characters")
                   .arg(QString(30, QLatin1Char('a')), QString(40, QLatin1Char('e')));
        QTest::newRow("substitute variable name")
            << places + "applications:\n  - name: api\n    path: a\n    substitute: {\"a b\": x}\n    environments: {dev: }\n"
            << QStringLiteral("syncline.yaml:9:18: variable names are letters, digits and '_', found 'a b'");
        QTest::newRow("substitute value that is not one value")
            << places + "applications:\n  - name: api\n    path: a\n    substitute: {v: [1, 2]}\n    environments: {dev: }\n"
            << QStringLiteral("syncline.yaml:9:21: variable 'v' must be a single value, found a list");
        QTest::newRow("unknown key in an environment")
            << places + "applications:\n  - name: api\n    path: a\n    environments:\n      dev: {cluster: {}}\n"
            << QStringLiteral(
                   "syncline.yaml:10:13: unknown key 'cluster' in application 'api' in 'dev' (expected one of: "
                   "branch, path, renderer, namespace, argocd, flux, helm, sync, ignore, promotable, dependsOn, substitute)");
    }

    void version2Problems() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QStringList all;
        for (const ConfigProblem& problem : problemsOf(text))
            all << problem.toString();
        QVERIFY2(all.contains(message), qPrintable(all.join(QLatin1Char('\n'))));
    }

    void version1FilesStayVersion1() {
        const WorkspaceConfig config = parseOk("version: 1\nenvironments:\n  - name: dev\n    path: dev\n");
        QVERIFY(!config.hasApplications());
        QCOMPARE(config.environments[0].applicationName(), QStringLiteral("dev"));
        QCOMPARE(config.environments[0].environmentName(), QStringLiteral("dev"));
        QCOMPARE(config.environments[0].inheritsInventoryOf, QString());
        QVERIFY(config.toYaml().contains("version: 1\n"));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceConfig)
#include "tst_workspaceconfig.moc"
