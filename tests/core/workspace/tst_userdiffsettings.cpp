// The user's own diff options (Settings ▸ Diff options): ignore rules written as
// syncline.yaml's `ignore:` list, checked the same way, problems placed in the user's text,
// stored in the per-user settings and added to every environment.
#include "support/GitFixture.h"
#include "workspace/UserDiffSettings.h"
#include "workspace/WorkspaceConfig.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::workspace;

class TestUserDiffSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        syncline::test::useScratchSettings(QStringLiteral("tst_userdiffsettings"), m_settingsDir.path());
    }

    void rulesReadAsInSynclineYaml() {
        auto rules = UserDiffSettings::parseIgnoreRules(QStringLiteral("- group: apps\n  kind: Deployment\n"
                                                                       "  jsonPointers: [/spec/replicas]\n"
                                                                       "- kind: ConfigMap\n  name: generated\n"
                                                                       "  jsonPointers:\n    - /data/stamp\n"));
        QVERIFY2(rules, rules ? "" : qPrintable(rules.error().toString()));
        QCOMPARE(rules->size(), std::size_t(2));
        QCOMPARE(rules->at(0).group, QStringLiteral("apps"));
        QCOMPARE(rules->at(0).jsonPointers, QStringList{QStringLiteral("/spec/replicas")});
        QCOMPARE(rules->at(1).group, QString()); // the core group
        QCOMPARE(rules->at(1).name, std::optional<QString>(QStringLiteral("generated")));
        QVERIFY(UserDiffSettings::parseIgnoreRules(QStringLiteral("  \n"))->empty());
    }

    void problemsNameTheLineOfTheUsersText() {
        auto bad = UserDiffSettings::parseIgnoreRules(QStringLiteral("- kind: Deployment\n  jsonPointers: [spec/replicas]\n"
                                                                     "- kind: Service\n  colour: blue\n"));
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(QStringLiteral("2:")), qPrintable(bad.error().message));
        QVERIFY2(bad.error().message.contains(QStringLiteral("4:3: unknown key 'colour'")), qPrintable(bad.error().message));
        QVERIFY(!UserDiffSettings::parseIgnoreRules(QStringLiteral("kind: Deployment\n")));
        // Text that tries to leave the list (another environment) stays inside it, and fails.
        QVERIFY(
            !UserDiffSettings::parseIgnoreRules(QStringLiteral("- kind: X\n  jsonPointers: [/a]\n- name: evil\n  path: /\n")));
        QVERIFY(!UserDiffSettings::parseIgnoreRules(QString(UserDiffSettings::kMaxRulesBytes + 1, QLatin1Char('#'))));
    }

    void savedRulesApplyToEveryEnvironment() {
        UserDiffSettings settings;
        settings.ignoreRulesYaml = QStringLiteral("- kind: Deployment\n  jsonPointers: [/spec/replicas]\n");
        settings.hideUnchanged = false;
        settings.save();
        const UserDiffSettings loaded = UserDiffSettings::load();
        QCOMPARE(loaded.hideUnchanged, false);
        QCOMPARE(loaded.ignoreRules.size(), std::size_t(1));

        auto config = WorkspaceConfig::parse("version: 1\nenvironments:\n"
                                             "  - name: dev\n    path: dev\n"
                                             "  - name: prod\n    path: prod\n    ignore:\n"
                                             "      - kind: Service\n        jsonPointers: [/spec/clusterIP]\n");
        QVERIFY(config);
        loaded.applyTo(*config);
        QCOMPARE(config->environments[0].ignore.size(), std::size_t(1));
        QCOMPARE(config->environments[1].ignore.size(), std::size_t(2));
        QCOMPARE(config->environments[1].ignore[0].kind, QStringLiteral("Service")); // the file's own first
        QCOMPARE(config->environments[1].ignore[1].kind, QStringLiteral("Deployment"));

        // Text that no longer parses (edited by hand) applies nothing, and is kept to be fixed.
        QSettings().setValue(QStringLiteral("diff/ignoreRules"), QStringLiteral("- kind: [\n"));
        const UserDiffSettings broken = UserDiffSettings::load();
        QVERIFY(broken.ignoreRules.empty());
        QCOMPARE(broken.ignoreRulesYaml, QStringLiteral("- kind: [\n"));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_GUILESS_MAIN(TestUserDiffSettings)
#include "tst_userdiffsettings.moc"
