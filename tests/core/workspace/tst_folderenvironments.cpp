// Choosing environment folders by hand, for a repository where nothing was detected: the
// folders offered are those with manifests, a kustomization or a chart (hidden folders and
// folders of other files are not), and the chosen ones become a syncline.yaml that parses
// back to the same environments, named as DNS labels, rendered as each folder says.
#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "support/GitFixture.h"
#include "workspace/FolderEnvironments.h"

#include <QRegularExpression>
#include <QTest>

using namespace syncline;
using workspace::FolderEnvironments;

class TestFolderEnvironments : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void foldersWithManifestsBecomeEnvironments() {
        test::GitFixture repo;
        const QByteArray configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";
        repo.writeFile(QStringLiteral("deploy/Alpha_EU/a.yaml"), configMap);
        repo.writeFile(QStringLiteral("deploy/beta/kustomization.yaml"), "resources:\n- b.yaml\n");
        repo.writeFile(QStringLiteral("deploy/beta/b.yaml"), configMap);
        repo.writeFile(QStringLiteral("charts/web/Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        repo.writeFile(QStringLiteral("docs/README.md"), "hello\n");
        repo.writeFile(QStringLiteral(".github/workflows/ci.yml"), "on: push\n");
        repo.commitAll(QStringLiteral("first"), 1'700'000'000);
        auto repository = git::Repository::open(repo.path());
        QVERIFY(repository);
        auto tree = git::TreeSnapshot::atRevision(std::make_shared<const git::Repository>(std::move(*repository)),
                                                  QStringLiteral("HEAD"));
        QVERIFY(tree);

        auto candidates = FolderEnvironments::candidates(*tree);
        QVERIFY(candidates);
        QStringList paths;
        for (const auto& folder : *candidates)
            paths << folder.path;
        QCOMPARE(paths,
                 (QStringList{QStringLiteral("charts/web"), QStringLiteral("deploy/Alpha_EU"), QStringLiteral("deploy/beta")}));

        const auto chosen = std::vector<FolderEnvironments::Folder>{(*candidates)[2], (*candidates)[1], (*candidates)[0]};
        const auto config = std::optional(FolderEnvironments::configFor(chosen));
        QCOMPARE(config->environments.size(), std::size_t(3));
        QCOMPARE(config->environments[0].name, QStringLiteral("beta"));
        QCOMPARE(config->environments[0].renderer, workspace::RendererChoice::Kustomize);
        QCOMPARE(config->environments[1].name, QStringLiteral("alpha-eu"));
        QCOMPARE(config->environments[1].renderer, workspace::RendererChoice::Plain);
        QCOMPARE(config->environments[2].renderer, workspace::RendererChoice::Helm);
        QCOMPARE(config->promotionOrder,
                 (QStringList{QStringLiteral("beta"), QStringLiteral("alpha-eu"), QStringLiteral("web")}));
        // What would be committed reads back the same.
        auto parsed = workspace::WorkspaceConfig::parse(config->toYaml().toStdString());
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().toString()));
        QCOMPARE(parsed->environments.size(), std::size_t(3));
        QCOMPARE(parsed->environments[1].path, QStringLiteral("deploy/Alpha_EU"));
    }

    // Folder names are the repository's: YAML syntax, a newline or a huge name in one stays
    // a path in the file written (read back the same, no environment smuggled in); a name
    // syncline.yaml would refuse is not offered; a tree with more folders than the bound is
    // listed up to the bound.
    void hostileFolderNamesStayPaths() {
        test::GitFixture repo;
        const QByteArray configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";
        const QString injected = QStringLiteral("x\n  - name: injected\n    path: /etc");
        const QString yamlish = QStringLiteral("ab: c, [d] #e & *f");
        const QString huge = QString(200, QLatin1Char('h'));
        for (const QString& folder : {injected, yamlish, huge})
            repo.writeFile(folder + QStringLiteral("/a.yaml"), configMap);
        // syncline.yaml refuses this path (a drive): it is not offered.
        repo.writeFile(QStringLiteral("c:evil/a.yaml"), configMap);
        repo.commitAll(QStringLiteral("first"), 1'700'000'000);
        auto repository = git::Repository::open(repo.path());
        QVERIFY(repository);
        auto tree = git::TreeSnapshot::atRevision(std::make_shared<const git::Repository>(std::move(*repository)),
                                                  QStringLiteral("HEAD"));
        QVERIFY(tree);
        auto candidates = FolderEnvironments::candidates(*tree);
        QVERIFY(candidates);
        QCOMPARE(candidates->size(), std::size_t(3));
        const workspace::WorkspaceConfig config = FolderEnvironments::configFor(*candidates);
        auto parsed = workspace::WorkspaceConfig::parse(config.toYaml().toStdString());
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().toString()));
        QCOMPARE(parsed->environments.size(), std::size_t(3));
        QStringList paths, names;
        for (const auto& environment : parsed->environments) {
            paths << environment.path;
            names << environment.name;
        }
        QVERIFY2(paths.contains(injected) && paths.contains(yamlish) && paths.contains(huge),
                 qPrintable(paths.join(QLatin1String(" | "))));
        for (const QString& name : names) {
            QVERIFY2(name.size() <= 63, qPrintable(name));
            QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")).match(name).hasMatch(),
                     qPrintable(name));
        }
    }

    void aHugeTreeIsListedUpToTheBound() {
        test::GitFixture repo;
        for (int i = 0; i < FolderEnvironments::kMaxFolders + 20; ++i)
            repo.writeFile(QStringLiteral("envs/e%1/a.yaml").arg(i, 4, 10, QLatin1Char('0')), "kind: ConfigMap\n");
        repo.commitAll(QStringLiteral("many"), 1'700'000'000);
        auto repository = git::Repository::open(repo.path());
        QVERIFY(repository);
        auto tree = git::TreeSnapshot::atRevision(std::make_shared<const git::Repository>(std::move(*repository)),
                                                  QStringLiteral("HEAD"));
        QVERIFY(tree);
        auto candidates = FolderEnvironments::candidates(*tree);
        QVERIFY(candidates);
        QCOMPARE(candidates->size(), std::size_t(FolderEnvironments::kMaxFolders));
        // However many folders hold nothing, reading stops at its own bound: the root, envs and
        // three of its folders here.
        auto fewRead = FolderEnvironments::candidates(*tree, 5);
        QVERIFY(fewRead);
        QCOMPARE(fewRead->size(), std::size_t(3));
    }

    void namesAreUniqueDnsLabels() {
        QCOMPARE(FolderEnvironments::environmentName(QStringLiteral("a/prod"), {}), QStringLiteral("prod"));
        QCOMPARE(FolderEnvironments::environmentName(QStringLiteral("b/prod"), {QStringLiteral("prod")}),
                 QStringLiteral("b-prod"));
        QCOMPARE(
            FolderEnvironments::environmentName(QStringLiteral("b/prod"), {QStringLiteral("prod"), QStringLiteral("b-prod")}),
            QStringLiteral("b-prod-2"));
        QCOMPARE(FolderEnvironments::environmentName(QStringLiteral("___"), {}), QStringLiteral("environment"));
    }
};

QTEST_GUILESS_MAIN(TestFolderEnvironments)
#include "tst_folderenvironments.moc"
