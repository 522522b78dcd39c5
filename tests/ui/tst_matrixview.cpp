// The environment matrix as a user drives it: Ctrl+M opens it under the panes, a click on a
// cell shows that application in that environment in Pending, two selected cells open
// Compare for them, and a cell's "Promote →" opens the Promote preview. Snapshots are fed
// to the window (no engine, no cluster).

#include "ActionLauncher.h"
#include "ActionPreviewDialog.h"
#include "CompareView.h"
#include "ComparisonModel.h"
#include "EnvironmentListModel.h"
#include "EnvironmentSelector.h"
#include "MainWindow.h"
#include "MatrixModel.h"
#include "MatrixView.h"
#include "MessageBar.h"
#include "PendingPane.h"
#include "support/GitFixture.h"
#include "support/SnapshotFixtures.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using syncline::test::GitFixture;
using ui::MainWindow;

namespace {

// A version-2 repository: web and api, each in staging and prod, promotable version.yaml.
void commitApplications(GitFixture& repo) {
    repo.writeFile(QStringLiteral("syncline.yaml"), R"(version: 2
environments:
  - name: staging
    cluster:
      context: kind-staging
  - name: prod
    cluster:
      context: kind-prod
applications:
  - name: web
    renderer: plain
    promotable: [version.yaml]
    environments:
      staging:
        path: apps/web/staging
      prod:
        path: apps/web/prod
  - name: api
    renderer: plain
    promotable: [version.yaml]
    environments:
      staging:
        path: apps/api/staging
      prod:
        path: apps/api/prod
promotion: [staging, prod]
)");
    for (const char* app : {"web", "api"})
        for (const auto& [place, version] : {std::pair{"staging", "2"}, std::pair{"prod", "1"}})
            repo.writeFile(QStringLiteral("apps/%1/%2/version.yaml").arg(QLatin1String(app), QLatin1String(place)),
                           QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %1-version\n  namespace: "
                                          "shop\ndata:\n  version: \"%2\"\n")
                               .arg(QLatin1String(app), QLatin1String(version))
                               .toUtf8());
    repo.commitAll(QStringLiteral("web and api in staging and prod"), 1'700'000'000);
}

// `unit` runs revision `seed`, with one drifted Deployment running `image`.
reconcile::SnapshotPtr running(const QString& unit, const QByteArray& seed, const QString& image) {
    auto status = test::resource(test::key(QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop"), unit),
                                 diff::ResourceState::Modified);
    (*status.diff.right)["spec"]["template"]["spec"]["containers"] =
        nlohmann::ordered_json::array({{{"name", "main"}, {"image", image.toStdString()}}});
    auto snap = test::snapshot(unit, 1, {status});
    snap->deployed = reconcile::DeployedRevision{test::fakeCommit(seed), QStringLiteral("release ") + QString::fromLatin1(seed),
                                                 snap->takenAt, QStringLiteral("ci"), std::nullopt};
    return snap;
}

void clickCell(QTableView* table, const QModelIndex& index, Qt::KeyboardModifiers modifiers = {}) {
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, modifiers, table->visualRect(index).center());
}

QStringList actionTexts(QMenu* menu) {
    QStringList texts;
    for (QAction* action : menu->actions())
        if (!action->isSeparator())
            texts << action->text();
    return texts;
}

QAction* actionNamed(QMenu* menu, const QString& text) {
    for (QAction* action : menu->actions())
        if (action->text() == text)
            return action;
    return nullptr;
}

// Saves the window to $SYNCLINE_SCREENSHOT_DIR/<name>.png when that is set.
void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("SYNCLINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestMatrixView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        syncline::test::useScratchSettings(QStringLiteral("tst_matrixview"), m_settingsDir.path());
    }

    void init() { QSettings().clear(); }

    void ctrlMOpensTheMatrixAndACellShowsItsPending() {
        GitFixture repo;
        commitApplications(repo);
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.openRepository(repo.path());
        QTRY_VERIFY2(window.environmentSelector()->count() == 4, qPrintable(window.messageBar()->text()));
        QVERIFY(!window.matrixDock()->isVisible());

        QTest::keyClick(&window, Qt::Key_M, Qt::ControlModifier);
        QTRY_VERIFY(window.matrixDock()->isVisible());
        QVERIFY(window.matrixAction()->isChecked());
        ui::MatrixView* matrix = window.matrixView();
        QTableView* table = matrix->table();
        QTRY_VERIFY(table->hasFocus());
        QCOMPARE(table->model()->rowCount(), 2);
        QCOMPARE(table->model()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("staging"));
        QCOMPARE(table->model()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("prod"));

        // Snapshots land in their cells: staging runs a newer web than prod.
        window.applySnapshot(running(QStringLiteral("web-staging"), "b", QStringLiteral("registry.example/web:1.5")));
        window.applySnapshot(running(QStringLiteral("web-prod"), "a", QStringLiteral("registry.example/web:1.4")));
        window.applySnapshot(running(QStringLiteral("api-staging"), "a", QStringLiteral("registry.example/api:2.0")));
        window.applySnapshot(running(QStringLiteral("api-prod"), "a", QStringLiteral("registry.example/api:2.0")));
        models::MatrixModel* model = window.matrixModel();
        const QModelIndex webProd = model->indexOf(QStringLiteral("web-prod"));
        QVERIFY(webProd.data(models::MatrixModel::DiffersFromLeftRole).toBool());
        QVERIFY(!model->indexOf(QStringLiteral("api-prod")).data(models::MatrixModel::DiffersFromLeftRole).toBool());
        QVERIFY(model->indexOf(QStringLiteral("api-prod")).data(models::MatrixModel::RowQuietRole).toBool());
        QVERIFY(webProd.data(Qt::ToolTipRole).toString().contains(test::fakeCommit("a").toHex()));

        // A click on web · prod: the selector and Pending follow.
        clickCell(table, webProd);
        QCOMPARE(window.environmentSelector()->currentEnvironment(), QStringLiteral("web-prod"));
        QCOMPARE(window.pendingPane()->environment(), QStringLiteral("web-prod"));
        // Choosing another unit elsewhere moves the matrix's selection with it.
        window.environmentSelector()->selectEnvironment(QStringLiteral("api-staging"));
        QCOMPARE(table->currentIndex(), model->indexOf(QStringLiteral("api-staging")));
        screenshot(window, QStringLiteral("matrix"));

        // Ctrl+M again while the matrix has the keyboard puts it away.
        table->setFocus();
        QTest::keyClick(&window, Qt::Key_M, Qt::ControlModifier);
        QTRY_VERIFY(!window.matrixDock()->isVisible());
        QVERIFY(!window.matrixAction()->isChecked());
    }

    void twoSelectedCellsOpenCompareForThem() {
        GitFixture repo;
        commitApplications(repo);
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.openRepository(repo.path());
        QTRY_COMPARE(window.environmentSelector()->count(), 4);
        window.matrixAction()->trigger();
        QTRY_VERIFY(window.matrixDock()->isVisible());
        ui::MatrixView* matrix = window.matrixView();
        QTableView* table = matrix->table();
        models::MatrixModel* model = window.matrixModel();

        clickCell(table, model->indexOf(QStringLiteral("web-staging")));
        QVERIFY(!matrix->compareButton()->isEnabled());
        clickCell(table, model->indexOf(QStringLiteral("web-prod")), Qt::ControlModifier);
        QCOMPARE(matrix->selectedUnits(), (QStringList{QStringLiteral("web-staging"), QStringLiteral("web-prod")}));
        QVERIFY(matrix->compareButton()->isEnabled());

        // The context menu offers the same Compare.
        QMenu* menu = matrix->cellMenu(model->indexOf(QStringLiteral("web-prod")));
        QVERIFY2(actionTexts(menu).contains(QStringLiteral("Compare web-staging with web-prod")),
                 qPrintable(actionTexts(menu).join(QLatin1Char('|'))));
        delete menu;

        QTest::mouseClick(matrix->compareButton(), Qt::LeftButton);
        ui::CompareView* compare = window.compareView();
        QTRY_VERIFY(compare->isVisible());
        QTRY_VERIFY(!compare->isBusy());
        QCOMPARE(compare->leftCombo()->currentData(models::EnvironmentListModel::NameRole).toString(),
                 QStringLiteral("web-staging"));
        QCOMPARE(compare->rightCombo()->currentData(models::EnvironmentListModel::NameRole).toString(),
                 QStringLiteral("web-prod"));
        QVERIFY(compare->model()->snapshot());
        QCOMPARE(compare->model()->snapshot()->request.rightEnvironment, QStringLiteral("web-prod"));
        compare->close();
    }

    void promoteFromACellOpensThePreview() {
        GitFixture repo;
        commitApplications(repo);
        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_COMPARE(window.environmentSelector()->count(), 4);
        ui::MatrixView* matrix = window.matrixView();
        models::MatrixModel* model = window.matrixModel();

        QMenu* last = matrix->cellMenu(model->indexOf(QStringLiteral("api-prod")));
        QVERIFY2(actionTexts(last).contains(QStringLiteral("Promote → (no environment after this one)")),
                 qPrintable(actionTexts(last).join(QLatin1Char('|'))));
        delete last;
        QVERIFY(!matrix->cellMenu(model->index(5, 5))); // outside the matrix: no menu

        QMenu* menu = matrix->cellMenu(model->indexOf(QStringLiteral("web-staging")));
        QAction* promote = actionNamed(menu, QStringLiteral("Promote web: staging → prod…"));
        QVERIFY2(promote, qPrintable(actionTexts(menu).join(QLatin1Char('|'))));
        promote->trigger();
        ui::ActionPreviewDialog* dialog = window.actionLauncher()->currentDialog();
        QVERIFY(dialog);
        QTRY_VERIFY2(dialog->titleText().contains(QStringLiteral("web")), qPrintable(dialog->titleText()));
        QVERIFY2(dialog->titleText().contains(QStringLiteral("prod")), qPrintable(dialog->titleText()));
        delete menu;
        dialog->close();
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestMatrixView)
#include "tst_matrixview.moc"
