// How a hook runs, read from its annotations as Argo CD reads them: its phases (Helm's hooks
// mapped onto Argo CD's), its wave, its delete policies (BeforeHookCreation when none is
// given), and a clear error for a value Argo CD would not understand.
#include "manifest/Hooks.h"

#include <QTest>

using namespace syncline::manifest;

namespace {

ManifestObject hook(const nlohmann::ordered_json& annotations) {
    nlohmann::ordered_json body = {{"apiVersion", "batch/v1"},
                                   {"kind", "Job"},
                                   {"metadata", {{"generateName", "db-migrate-"}, {"annotations", annotations}}}};
    return {{QStringLiteral("batch"), QStringLiteral("Job"), QStringLiteral("shop"), QStringLiteral("db-migrate-")},
            body,
            {QStringLiteral("apps/shop/hooks.yaml"), 3, 1}};
}

} // namespace

class TestHookSpec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void argoPhasesWavesAndTheDefaultDeletePolicy() {
        auto spec = hookSpec(hook({{"argocd.argoproj.io/hook", "PreSync, PostSync"}, {"argocd.argoproj.io/sync-wave", "-2"}}));
        QVERIFY2(spec, qPrintable(spec ? QString() : spec.error().toString()));
        QCOMPARE(spec->phases, (std::vector<HookPhase>{HookPhase::PreSync, HookPhase::PostSync}));
        QVERIFY(spec->runsIn(HookPhase::PostSync));
        QVERIFY(!spec->runsIn(HookPhase::Sync));
        QCOMPARE(spec->wave, -2);
        QVERIFY(spec->deleteBeforeCreation); // Argo CD's default
        QVERIFY(!spec->deleteOnSuccess);
        QVERIFY(!spec->deleteOnFailure);
    }

    void givenDeletePoliciesReplaceTheDefault() {
        auto spec = hookSpec(hook(
            {{"argocd.argoproj.io/hook", "SyncFail"}, {"argocd.argoproj.io/hook-delete-policy", "HookSucceeded,HookFailed"}}));
        QVERIFY(spec);
        QCOMPARE(spec->phases, std::vector<HookPhase>{HookPhase::SyncFail});
        QVERIFY(!spec->deleteBeforeCreation);
        QVERIFY(spec->deleteOnSuccess);
        QVERIFY(spec->deleteOnFailure);
    }

    void skipAndDeleteHooksNeverRunInASync() {
        for (const char* phase : {"Skip", "PreDelete", "PostDelete"}) {
            auto spec = hookSpec(hook({{"argocd.argoproj.io/hook", phase}}));
            QVERIFY(spec);
            QVERIFY2(spec->phases.empty(), phase);
        }
    }

    void helmHooksAsArgoCdMapsThem() {
        auto spec = hookSpec(hook({{"helm.sh/hook", "pre-install,pre-upgrade,post-upgrade"},
                                   {"helm.sh/hook-weight", "5"},
                                   {"helm.sh/hook-delete-policy", "hook-succeeded"}}));
        QVERIFY(spec);
        QCOMPARE(spec->phases, (std::vector<HookPhase>{HookPhase::PreSync, HookPhase::PostSync}));
        QCOMPARE(spec->wave, 5);
        QVERIFY(spec->deleteOnSuccess);
        QVERIFY(!spec->deleteBeforeCreation);
        auto test = hookSpec(hook({{"helm.sh/hook", "test"}}));
        QVERIFY(test);
        QVERIFY(test->phases.empty());
        // Argo CD's own annotation wins over Helm's.
        auto both = hookSpec(hook({{"helm.sh/hook", "post-install"}, {"argocd.argoproj.io/hook", "Sync"}}));
        QVERIFY(both);
        QCOMPARE(both->phases, std::vector<HookPhase>{HookPhase::Sync});
    }

    void valuesArgoCdWouldNotUnderstandAreErrorsNamingTheHook_data() {
        QTest::addColumn<QString>("annotation");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("phase") << "argocd.argoproj.io/hook"
                               << "Pre-Sync"
                               << "unknown hook phase \"Pre-Sync\"";
        QTest::newRow("policy") << "argocd.argoproj.io/hook-delete-policy"
                                << "HookSucceeded,Never"
                                << "unknown delete policy \"Never\"";
        QTest::newRow("wave") << "argocd.argoproj.io/sync-wave"
                              << "first"
                              << "argocd.argoproj.io/sync-wave is \"first\"";
        QTest::newRow("helm") << "helm.sh/hook"
                              << "pre-instal"
                              << "unknown Helm hook \"pre-instal\"";
    }

    void valuesArgoCdWouldNotUnderstandAreErrorsNamingTheHook() {
        QFETCH(QString, annotation);
        QFETCH(QString, value);
        QFETCH(QString, message);
        nlohmann::ordered_json annotations = {{annotation.toStdString(), value.toStdString()}};
        if (!annotation.startsWith(QLatin1String("helm")) && annotation != QLatin1String("argocd.argoproj.io/hook"))
            annotations["argocd.argoproj.io/hook"] = "PreSync";
        auto spec = hookSpec(hook(annotations));
        QVERIFY(!spec);
        QCOMPARE(spec.error().code, syncline::util::ErrorCode::Invalid);
        QCOMPARE(spec.error().where, QStringLiteral("apps/shop/hooks.yaml:3:1: batch/Job shop/db-migrate-"));
        QVERIFY2(spec.error().message.contains(message), qPrintable(spec.error().message));
    }

    void aLongValueIsShortenedInTheMessage() {
        const std::string longPhase(5000, 'x');
        auto spec = hookSpec(hook({{"argocd.argoproj.io/hook", longPhase}}));
        QVERIFY(!spec);
        QVERIFY2(spec.error().message.size() < 200, qPrintable(spec.error().message));
    }
};

QTEST_GUILESS_MAIN(TestHookSpec)
#include "tst_hookspec.moc"
