// "Promote all of staging → prod": every application in one commit, checked with the real
// git CLI (the commit's files, message and trailers, and that one git revert undoes it).
#include "ActionsFixture.h"
#include "actions/ActionRunner.h"
#include "actions/CombinedPromotePlanner.h"

#include <QTest>

using namespace syncline;
using namespace syncline::test;
using actions::CombinedPromotePlanner;

namespace {

QByteArray configMap(const char* name, const char* value) {
    return QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ") + name + "\ndata:\n  value: \"" + value + "\"\n";
}

// web and api in staging and prod, each promoting `promotable`; the same prod folder for
// both makes them promote different content into one file.
void writeApplications(GitFixture& repo, const QString& webProd, const QString& apiProd, const char* promotable) {
    repo.writeFile(QStringLiteral("web/staging/") + QLatin1String(promotable), configMap("web", "2"));
    repo.writeFile(webProd + QLatin1Char('/') + QLatin1String(promotable), configMap("web", "1"));
    repo.writeFile(QStringLiteral("api/staging/") + QLatin1String(promotable), configMap("api", "b"));
    repo.writeFile(apiProd + QLatin1Char('/') + QLatin1String(promotable), configMap("api", "a"));
    repo.writeFile(QStringLiteral("syncline.yaml"), QByteArray("version: 2\nenvironments:\n  - name: staging\n  - name: prod\n"
                                                               "applications:\n"
                                                               "  - name: web\n    promotable: [") +
                                                        promotable +
                                                        "]\n    environments:\n"
                                                        "      staging: {path: web/staging}\n"
                                                        "      prod: {path: " +
                                                        webProd.toUtf8() +
                                                        "}\n"
                                                        "  - name: api\n    promotable: [" +
                                                        promotable +
                                                        "]\n    environments:\n"
                                                        "      staging: {path: api/staging}\n"
                                                        "      prod: {path: " +
                                                        apiProd.toUtf8() + "}\npromotion: [staging, prod]\n");
    repo.commitAll(QStringLiteral("two applications"), 1'700'000'000);
}

std::vector<CombinedPromotePlanner::Pair> bothApplications() {
    return {{QStringLiteral("web-staging"), QStringLiteral("web-prod")},
            {QStringLiteral("api-staging"), QStringLiteral("api-prod")}};
}

QString head(const GitFixture& repo) { return trimmed(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")})); }

} // namespace

class TestCombinedPromote : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyApplicationInOneCommit() {
        GitFixture repo;
        writeApplications(repo, QStringLiteral("web/prod"), QStringLiteral("api/prod"), "config.yaml");
        const QString before = head(repo);
        auto repository = openRepository(repo.path());
        const auto config = loadConfig(repository);
        auto planner = CombinedPromotePlanner::create(*repository, config, bothApplications());
        QVERIFY2(planner, planner ? "" : qPrintable(planner.error().toString()));
        actions::ActionRunner runner(repository, config);
        auto preview = runner.preview(*planner);
        QVERIFY2(preview, preview ? "" : qPrintable(preview.error().toString()));
        QStringList changed;
        for (const auto& change : preview->environments)
            changed << change.environment;
        changed.sort();
        QCOMPARE(changed, (QStringList{QStringLiteral("api-prod"), QStringLiteral("web-prod")}));
        auto outcome = runner.run(*planner, preview->plan, {});
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));

        // One commit on top of the old tip, holding both applications' files.
        QCOMPARE(trimmed(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")})), before);
        const QString files = repo.git(
            {QStringLiteral("show"), QStringLiteral("--name-only"), QStringLiteral("--format="), QStringLiteral("HEAD")});
        QCOMPARE(files.trimmed().split(QLatin1Char('\n')),
                 (QStringList{QStringLiteral("api/prod/config.yaml"), QStringLiteral("web/prod/config.yaml")}));
        const QString subject = repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s")});
        QCOMPARE(subject.trimmed(), QStringLiteral("promote(prod): 2 applications from staging"));
        const QString body = repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%b")});
        QVERIFY2(body.contains(QLatin1String("web: web/prod/config.yaml: copied from web-staging")), qPrintable(body));
        QVERIFY2(body.contains(QLatin1String("api: api/prod/config.yaml: copied from api-staging")), qPrintable(body));
        const QString trailers =
            repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%(trailers:only,unfold)")});
        QCOMPARE(trailers.trimmed(), QStringLiteral("Syncline-Action: promote\nSyncline-Source: web-staging@%1\n"
                                                    "Syncline-Source: api-staging@%1")
                                         .arg(before));

        // One revert takes the whole environment back.
        repo.git({QStringLiteral("revert"), QStringLiteral("--no-edit"), QStringLiteral("HEAD")});
        QCOMPARE(repo.git({QStringLiteral("diff"), before, QStringLiteral("HEAD")}), QString());
    }

    void twoApplicationsWritingOneFileDifferentlyAreRefused() {
        GitFixture repo;
        writeApplications(repo, QStringLiteral("shared/prod"), QStringLiteral("shared/prod"), "config.yaml");
        const QString before = head(repo);
        auto repository = openRepository(repo.path());
        const auto config = loadConfig(repository);
        auto planner = CombinedPromotePlanner::create(*repository, config, bothApplications());
        QVERIFY(planner);
        actions::ActionRunner runner(repository, config);
        auto preview = runner.preview(*planner);
        QVERIFY(!preview);
        QCOMPARE(preview.error().code, util::ErrorCode::Conflict);
        QVERIFY2(preview.error().toString().contains(QLatin1String("shared/prod/config.yaml")),
                 qPrintable(preview.error().toString()));
        QCOMPARE(head(repo), before);
    }

    void noApplicationsIsRefused() {
        GitFixture repo;
        writeApplications(repo, QStringLiteral("web/prod"), QStringLiteral("api/prod"), "config.yaml");
        auto repository = openRepository(repo.path());
        QVERIFY(!CombinedPromotePlanner::create(*repository, loadConfig(repository), {}));
    }
};

QTEST_GUILESS_MAIN(TestCombinedPromote)
#include "tst_combinedpromote.moc"
