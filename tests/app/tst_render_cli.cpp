// `syncline render` on Helm and kustomize environments, run as a user would: the real
// binary, helm from SYNCLINE_TOOLS_DIR put on PATH, kubectl from /usr/bin.
#include "manifest/Hooks.h"
#include "manifest/YamlParser.h"
#include "support/CliRun.h"
#include "support/GitFixture.h"
#include "support/TestTools.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::GitFixture;

namespace {

using Run = syncline::test::CliRun;

Run runSyncline(const QStringList& args, const QString& path) {
    QProcessEnvironment environment = GitFixture::gitEnvironment();
    environment.insert(QStringLiteral("PATH"), path);
    return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.environment = environment});
}

QStringList bodiesOf(const QString& stream) {
    const QByteArray bytes = stream.toUtf8();
    auto documents = syncline::manifest::parseYamlStream(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                                                         QStringLiteral("output"));
    if (!documents)
        return {QStringLiteral("unparsable: ") + documents.error().toString()};
    // Key order aside: `syncline render` prints keys sorted, as kubectl does; helm keeps the
    // templates' order. Hooks are not desired objects (syncline render names them on stderr).
    QStringList bodies;
    for (const auto& document : *documents)
        if (!syncline::manifest::isHook(document.value))
            bodies << QString::fromStdString(nlohmann::json::parse(document.value.dump()).dump());
    return bodies;
}

// The fixture chart (tests/data/helm) and a syncline.yaml with a Helm environment.
void writeHelmRepository(GitFixture& repo) {
    repo.writeFolder(qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/helm"));
    repo.writeFile(QStringLiteral("syncline.yaml"), "version: 1\n"
                                                    "environments:\n"
                                                    "  - name: prod\n"
                                                    "    path: apps/webapp\n"
                                                    "    renderer: helm\n"
                                                    "    namespace: shop\n"
                                                    "    helm:\n"
                                                    "      valueFiles: [$values/envs/prod/values.yaml]\n"
                                                    "      parameters:\n"
                                                    "        image.tag: 2.6.0\n");
    repo.commitAll(QStringLiteral("chart"), 1700000000);
}

} // namespace

class TestRenderCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersAHelmEnvironmentLikeHelmTemplate() {
        const syncline::test::TestTool helm = syncline::test::testTool(QStringLiteral("helm"));
        if (!helm.found())
            QSKIP(qPrintable(QStringLiteral("syncline render on a Helm environment was NOT checked: ") + helm.whyMissing));
        GitFixture repo;
        writeHelmRepository(repo);
        const QString path = QFileInfo(helm.path).path() + QLatin1Char(':') + qEnvironmentVariable("PATH");
        Run run = runSyncline(
            {QStringLiteral("render"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--env"), QStringLiteral("prod")},
            path);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.err, QStringLiteral("syncline render: hook pre-install,pre-upgrade (helm) Job/prod-webapp-migrate "
                                         "(apps/webapp/templates/migrate-hook.yaml): run by Argo CD around a sync; not "
                                         "compared, not pruned\n"));

        // The release is the environment's name, in its namespace, as Argo CD names it.
        QTemporaryDir home;
        QProcess template_;
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("HOME"), home.path());
        template_.setProcessEnvironment(environment);
        template_.start(helm.path,
                        {QStringLiteral("template"), QStringLiteral("prod"), repo.filePath(QStringLiteral("apps/webapp")),
                         QStringLiteral("--namespace"), QStringLiteral("shop"), QStringLiteral("-f"),
                         repo.filePath(QStringLiteral("envs/prod/values.yaml")), QStringLiteral("--set"),
                         QStringLiteral("image.tag=2.6.0"), QStringLiteral("--include-crds")});
        QVERIFY(template_.waitForFinished(60000));
        QVERIFY2(template_.exitCode() == 0, template_.readAllStandardError().constData());
        QCOMPARE(bodiesOf(run.out), bodiesOf(QString::fromUtf8(template_.readAllStandardOutput())));
        QVERIFY(run.out.contains(QStringLiteral("image: registry.example.com/shop/web:2.6.0")));
    }

    void withoutHelmTheEnvironmentSaysSo() {
        GitFixture repo;
        writeHelmRepository(repo);
        QTemporaryDir emptyPath;
        Run run = runSyncline(
            {QStringLiteral("render"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--env"), QStringLiteral("prod")},
            emptyPath.path());
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("apps/webapp: Helm charts need helm on PATH")), qPrintable(run.err));
    }

    void kustomizeFieldsNotBuiltInAreRenderedWithAWarning() {
        if (!QFileInfo(QStringLiteral("/usr/bin/kubectl")).isExecutable())
            QSKIP("kubectl is not installed at /usr/bin/kubectl: the kubectl kustomize fallback was NOT checked");
        GitFixture repo;
        repo.writeFile(
            QStringLiteral("env/kustomization.yaml"),
            "resources: [cm.yaml]\nsortOptions: {order: legacy}\nreplacements:\n- source: {kind: ConfigMap, "
            "name: a, fieldPath: data.x}\n  targets:\n  - select: {kind: ConfigMap, name: b}\n    fieldPaths: [data.y]\n");
        repo.writeFile(QStringLiteral("env/cm.yaml"),
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: copied\n"
                       "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n"
                       "  y: placeholder\n");
        repo.writeFile(QStringLiteral("syncline.yaml"), "version: 1\nenvironments:\n  - name: dev\n    path: env\n");
        repo.commitAll(QStringLiteral("replacements"), 1700000000);
        Run run = runSyncline(
            {QStringLiteral("render"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--env"), QStringLiteral("dev")},
            QStringLiteral("/usr/bin:/bin"));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.err, QStringLiteral("syncline render: warning: kustomize field sortOptions is not built in "
                                         "(env/kustomization.yaml); rendered with kubectl kustomize\n"));
        QVERIFY2(run.out.contains(QStringLiteral("\"y\": copied")), qPrintable(run.out));
    }

    // An Argo CD PreSync hook with a generateName used to stop the render; it is named as a
    // hook and left out of the desired objects.
    void argoHooksAreNamedNotRendered() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("env/migrate.yaml"),
                       "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: db-migrate-\n  annotations:\n"
                       "    argocd.argoproj.io/hook: PreSync\n");
        repo.writeFile(QStringLiteral("env/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
        repo.writeFile(QStringLiteral("syncline.yaml"), "version: 1\nenvironments:\n  - name: dev\n    path: env\n");
        repo.commitAll(QStringLiteral("a hook"), 1700000000);
        Run run = runSyncline(
            {QStringLiteral("render"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--env"), QStringLiteral("dev")},
            QStringLiteral("/usr/bin:/bin"));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.err, QStringLiteral("syncline render: hook PreSync Job/db-migrate- (env/migrate.yaml:1:1): run by Argo "
                                         "CD around a sync; not compared, not pruned\n"));
        QVERIFY2(run.out.contains(QStringLiteral("name: web")) && !run.out.contains(QStringLiteral("db-migrate")),
                 qPrintable(run.out));
    }
};

QTEST_GUILESS_MAIN(TestRenderCli)
#include "tst_render_cli.moc"
