// The window on repositories without a syncline.yaml, shaped like argoproj/argocd-example-apps
// (an app-of-apps chart) and fluxcd/flux2-kustomize-helm-example (a Flux monorepo): every
// detected application is listed, and the "detected" banner says so. With
// SYNCLINE_SCREENSHOT_DIR set, the window is saved there (docs/screenshot-*.png).
#include "MainWindow.h"
#include "MessageBar.h"
#include "SyncStatePane.h"
#include "support/GitFixture.h"

#include <QDir>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using syncline::test::GitFixture;
using syncline::ui::MainWindow;

namespace {

void commitFixture(GitFixture& repo, const QString& name) {
    repo.writeFolder(qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/detect/") + name);
    repo.commitAll(QStringLiteral("fixture ") + name, 1700000000);
}

void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("SYNCLINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestDetectWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        syncline::test::useScratchSettings(QStringLiteral("tst_detectwindow"), m_settingsDir.path());
    }

    void opensDetectedApplications_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("environments");
        QTest::addColumn<QString>("firstRow");
        QTest::newRow("app-of-apps") << QStringLiteral("argocd-app-of-apps") << 6 << QStringLiteral("staging");
        QTest::newRow("flux-monorepo") << QStringLiteral("flux-monorepo") << 7 << QStringLiteral("infra-controllers-staging");
    }

    void opensDetectedApplications() {
        QFETCH(QString, fixture);
        QFETCH(int, environments);
        QFETCH(QString, firstRow);
        GitFixture repo;
        commitFixture(repo, fixture);
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        window.openRepository(repo.path());
        QTRY_VERIFY2_WITH_TIMEOUT(window.syncStatePane()->showsTable(), qPrintable(window.messageBar()->text()), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(window.syncStatePane()->table()->model()->rowCount(), environments, 30000);
        QCOMPARE(window.syncStatePane()->table()->model()->index(0, 0).data().toString(), firstRow);
        QVERIFY2(window.messageBar()->text().contains(QStringLiteral("detected as Argo CD, Flux")),
                 qPrintable(window.messageBar()->text()));
        // What was not understood is counted, never silently dropped.
        QVERIFY2(window.messageBar()->text().contains(QStringLiteral("not understood: run syncline detect")),
                 qPrintable(window.messageBar()->text()));
        screenshot(window, fixture == QLatin1String("flux-monorepo") ? QStringLiteral("screenshot-flux-monorepo")
                                                                     : QStringLiteral("screenshot-app-of-apps"));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestDetectWindow)
#include "tst_detectwindow.moc"
