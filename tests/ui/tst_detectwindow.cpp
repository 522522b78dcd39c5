// The window on repositories without a syncline.yaml, shaped like argoproj/argocd-example-apps
// (an app-of-apps chart) and fluxcd/flux2-kustomize-helm-example (a Flux monorepo): every
// detected application is listed, and the "detected" banner says so. With
// SYNCLINE_SCREENSHOT_DIR set, the window is saved there (docs/screenshot-*.png).
#include "CommitDetailsView.h"
#include "CommitFilesModel.h"
#include "EnvironmentFoldersDialog.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "support/GitFixture.h"

#include <QDir>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
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
    if (dir.isEmpty())
        return;
    // Layouts settle through posted requests (the toolbar's after the selector's text
    // changes, then the window's): deliver them so the picture is what a user sees.
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
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

    // Each environment's header, then its applications, as the Sync state pane shows them.
    void opensDetectedApplications_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QStringList>("rows");
        QTest::addColumn<QString>("extent");
        QTest::newRow("app-of-apps") << QStringLiteral("argocd-app-of-apps")
                                     << QStringList{QStringLiteral("staging · 1 application · not read yet"),
                                                    QStringLiteral("helm-guestbook"),
                                                    QStringLiteral("prod · 1 application · not read yet"),
                                                    QStringLiteral("guestbook"),
                                                    QStringLiteral("default · 4 applications · not read yet"),
                                                    QStringLiteral("helm-guestbook"),
                                                    QStringLiteral("guestbook"),
                                                    QStringLiteral("root"),
                                                    QStringLiteral("kustomize-guestbook")}
                                     << QStringLiteral("4 applications in 3 environments");
        QTest::newRow("flux-monorepo") << QStringLiteral("flux-monorepo")
                                       << QStringList{QStringLiteral("staging · 3 applications · not read yet"),
                                                      QStringLiteral("infra-controllers"),
                                                      QStringLiteral("infra-configs"),
                                                      QStringLiteral("apps"),
                                                      QStringLiteral("production · 3 applications · not read yet"),
                                                      QStringLiteral("infra-controllers"),
                                                      QStringLiteral("infra-configs"),
                                                      QStringLiteral("apps"),
                                                      QStringLiteral("default · 2 applications · not read yet"),
                                                      QStringLiteral("internal-api"),
                                                      QStringLiteral("podinfo")} // its chart comes from a Helm repository
                                       << QStringLiteral("5 applications in 3 environments");
    }

    void opensDetectedApplications() {
        QFETCH(QString, fixture);
        QFETCH(QStringList, rows);
        QFETCH(QString, extent);
        GitFixture repo;
        commitFixture(repo, fixture);
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        window.openRepository(repo.path());
        QTRY_VERIFY2_WITH_TIMEOUT(window.syncStatePane()->showsTable(), qPrintable(window.messageBar()->text()), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(window.messageBar()->text().contains(QStringLiteral("detected as Argo CD, Flux")), 30000);
        const QAbstractItemModel* model = window.syncStatePane()->table()->model();
        QStringList shown;
        for (int row = 0; row < model->rowCount(); ++row)
            shown << model->index(row, 0).data().toString();
        QVERIFY2(shown == rows, qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY2(window.messageBar()->text().contains(extent + QStringLiteral(" detected as Argo CD, Flux")),
                 qPrintable(window.messageBar()->text()));
        // What was not understood is counted, never silently dropped.
        QVERIFY2(window.messageBar()->text().contains(QStringLiteral("not understood: run syncline detect")),
                 qPrintable(window.messageBar()->text()));
        // The picture shows the selected commit's files, as a user sees it a moment later.
        QTRY_VERIFY_WITH_TIMEOUT(window.historyPane()->detailsView()->details() &&
                                     window.historyPane()->detailsView()->filesModel()->rowCount() > 0,
                                 30000);
        screenshot(window, fixture == QLatin1String("flux-monorepo") ? QStringLiteral("screenshot-flux-monorepo")
                                                                     : QStringLiteral("screenshot-app-of-apps"));
    }

    // Nothing detected: the empty page says what to do next; choosing folders previews the
    // syncline.yaml they make and commits just that file, and the environments open.
    void nothingDetectedOffersToChooseTheEnvironmentFolders() {
        GitFixture repo;
        const QByteArray configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";
        repo.writeFile(QStringLiteral("deploy/alpha/a.yaml"), configMap);
        repo.writeFile(QStringLiteral("deploy/beta/kustomization.yaml"), "resources:\n- b.yaml\n");
        repo.writeFile(QStringLiteral("deploy/beta/b.yaml"), configMap);
        repo.writeFile(QStringLiteral("docs/README.md"), "hello\n");
        repo.commitAll(QStringLiteral("first"), 1'700'000'000);
        repo.writeFile(QStringLiteral("docs/README.md"), "an edit of mine\n"); // uncommitted: stays
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* pane = window.syncStatePane();
        QTRY_VERIFY_WITH_TIMEOUT(pane->chooseFoldersButton()->isVisible(), 30000);
        QVERIFY(!pane->showsTable());
        QVERIFY(pane->openDemoButton()->isVisible());
        screenshot(window, QStringLiteral("nothing-detected"));

        pane->chooseFoldersButton()->click();
        QPointer<ui::EnvironmentFoldersDialog> dialog = window.findChild<ui::EnvironmentFoldersDialog*>();
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->folders()->count(), 2, 30000);
        QCOMPARE(dialog->folders()->item(0)->text(), QStringLiteral("deploy/alpha  (plain)"));
        QCOMPARE(dialog->folders()->item(1)->text(), QStringLiteral("deploy/beta  (kustomize)"));
        QVERIFY(!dialog->commitButton()->isEnabled()); // nothing chosen yet
        dialog->folders()->item(0)->setCheckState(Qt::Checked);
        dialog->folders()->item(1)->setCheckState(Qt::Checked);
        QVERIFY2(dialog->previewText().contains(QLatin1String("name: alpha")) &&
                     dialog->previewText().contains(QLatin1String("path: deploy/beta")),
                 qPrintable(dialog->previewText()));
        screenshot(*dialog, QStringLiteral("choose-environment-folders"));
        dialog->commitButton()->click();

        // One commit with syncline.yaml alone; the environments open from it.
        QTRY_VERIFY2_WITH_TIMEOUT(pane->showsTable(), qPrintable(dialog ? dialog->statusText() : QString()), 30000);
        QCOMPARE(
            repo.git({QStringLiteral("show"), QStringLiteral("--name-only"), QStringLiteral("--format="), QStringLiteral("HEAD")})
                .trimmed(),
            QStringLiteral("syncline.yaml"));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).trimmed(),
                 QStringLiteral("M docs/README.md"));
        QTRY_COMPARE(window.syncStateModel()->environments(), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestDetectWindow)
#include "tst_detectwindow.moc"
